// Searching users: the SQL of core/query run on this connection. Its text differs
// with each filter, so it is prepared per search (microseconds) rather than cached
// by the connection, whose cache is keyed by static strings.
#include "session.hpp"

namespace userservice::store::sqlite {

std::vector<query::Position> SqliteSession::searchUsers(const query::SearchSpec& spec)
{
    const query::BoundSql sql = query::toSql(spec);
    SQLite::Statement statement(c_.db(), sql.text);
    int index = 0;
    for (const auto& value : sql.values)
        std::visit([&](const auto& v) { statement.bind(++index, v); }, value);
    const int keys = spec.order ? static_cast<int>(spec.order->size()) : 0;
    std::vector<query::Position> rows;
    while (statement.executeStep()) {
        query::Position& row = rows.emplace_back();
        row.id = statement.getColumn(0).getInt();
        for (int i = 1; i <= keys; ++i) {
            const SQLite::Column column = statement.getColumn(i);
            if (column.isInteger())
                row.keys.emplace_back(column.getInt64());
            else
                row.keys.emplace_back(column.getString());
        }
    }
    return rows;
}

} // namespace userservice::store::sqlite
