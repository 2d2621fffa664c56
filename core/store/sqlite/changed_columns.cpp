#include "changed_columns.hpp"

namespace userservice::store::sqlite {

ChangedColumnsSql::ChangedColumnsSql(
    std::string table, std::vector<std::string> columns, std::vector<std::string> always, std::string key)
    : table_(std::move(table))
    , key_(std::move(key))
    , columns_(std::move(columns))
    , always_(std::move(always))
{
}

const char* ChangedColumnsSql::sql(std::uint64_t changed) const
{
    std::lock_guard lock(mutex_);
    auto [at, added] = built_.try_emplace(changed);
    if (added) {
        std::string sql = "UPDATE " + table_ + " SET ";
        int index = 0;
        const auto set = [&](const std::string& column) {
            sql += (index ? ", " : "") + column + " = ?" + std::to_string(index + 1);
            ++index;
        };
        for (std::size_t i = 0; i < columns_.size(); ++i)
            if (changed >> i & 1)
                set(columns_[i]);
        for (const auto& column : always_)
            set(column);
        at->second = sql + " WHERE " + key_ + " = ?" + std::to_string(index + 1);
    }
    return at->second.c_str();
}

const ChangedColumnsSql& userRowUpdates()
{
    static const ChangedColumnsSql sql("users",
        { "name", "rank", "tooltip", "role_id", "group_id", "deleted", "last_login", "last_logout", "ej_user_id",
            "request_signature", "type", "is_on_travel", "user_name", "nick_name", "waiting_for_approval" },
        { "updated_at", "updated_by" }, "id");
    return sql;
}

const ChangedColumnsSql& personRowUpdates()
{
    static const ChangedColumnsSql sql("persons", personSql().names, {}, "id");
    return sql;
}

} // namespace userservice::store::sqlite
