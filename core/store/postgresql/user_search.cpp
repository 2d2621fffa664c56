// Searching users: the SQL of core/query, in PostgreSQL's dialect, run on this
// connection. Its text differs with each filter, so it is run unprepared.
#include "session.hpp"

namespace userservice::store::postgresql {

std::vector<query::Position> PostgresSession::searchUsers(const query::SearchSpec& spec)
{
    const query::BoundSql sql = query::toSql(spec, query::SqlDialect::Postgres);
    Parameters parameters;
    for (const auto& value : sql.values)
        parameters.push_back(std::visit(
            [](const auto& v) {
                if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
                    return v;
                else
                    return std::to_string(v);
            },
            value));
    const Result result = c_.runOnce(sql.text, parameters);
    const int keys = spec.order ? static_cast<int>(spec.order->size()) : 0;
    std::vector<query::Position> rows;
    for (int r = 0; r < PQntuples(result.get()); ++r) {
        query::Position& row = rows.emplace_back();
        row.id = Field(result.get(), r, 0).getInt();
        for (int i = 1; i <= keys; ++i) {
            const Field column(result.get(), r, i);
            if (column.isInteger())
                row.keys.emplace_back(column.getInt64());
            else
                row.keys.emplace_back(column.getString());
        }
    }
    return rows;
}

} // namespace userservice::store::postgresql
