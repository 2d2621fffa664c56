// The rights roles hold (as the SQLite store's functional_rights.cpp): their functional
// rights, a row per (role, right name), and their data rights, a row per (role, table,
// relation) with the right's string.
#include "../role_rights_text.hpp"
#include "session.hpp"

namespace userservice::store::postgresql {

std::optional<RoleRights> PostgresSession::roleRights(std::int32_t roleId)
{
    Query q(c_,
        "SELECT (SELECT string_agg(name, ',') FROM role_functional_rights WHERE role_id = r.id),"
        " (SELECT string_agg(table_name || '/' || relation || '/' || value, ',') FROM role_data_rights"
        "  WHERE role_id = r.id)"
        " FROM roles r WHERE r.id = ?",
        roleId);
    if (!q.step())
        return std::nullopt;
    RoleRights rights;
    if (!q.column(0).isNull())
        rights.functionalRights = splitRightNames(q.column(0).text());
    rights.dataRights = joinedDataRights(q.column(1).isNull() ? "" : q.column(1).text());
    return rights;
}

void PostgresSession::setDataRights(std::int32_t roleId, const DataRights& rights)
{
    for (std::size_t table = 0; table < data::tables.size(); ++table)
        for (std::size_t relation = 0; relation < data::relations.size(); ++relation) {
            const std::string value = data::format(rights.bits[table][relation]);
            execute(c_,
                "INSERT INTO role_data_rights (role_id, table_name, relation, value) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (role_id, table_name, relation) DO UPDATE SET value = excluded.value",
                roleId, data::tables[table], static_cast<std::int32_t>(relation), value);
        }
}

void PostgresSession::setFunctionalRights(std::int32_t roleId, std::span<const std::string> names)
{
    execute(c_, "DELETE FROM role_functional_rights WHERE role_id = ?", roleId);
    for (const auto& name : names)
        execute(c_, "INSERT INTO role_functional_rights (role_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", roleId,
            name);
}

std::vector<std::pair<std::int32_t, std::string>> PostgresSession::functionalRightsOfRoles()
{
    std::vector<std::pair<std::int32_t, std::string>> rows;
    Query q(c_, "SELECT role_id, name FROM role_functional_rights ORDER BY role_id, name");
    while (q.step()) {
        auto& row = rows.emplace_back();
        q.readColumns(0, row.first, row.second);
    }
    return rows;
}

} // namespace userservice::store::postgresql
