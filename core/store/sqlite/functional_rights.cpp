// The rights roles hold: their functional rights, a row per (role, right name), and
// their data rights, a row per (role, table, relation) with the right's string.
#include "../role_rights_text.hpp"
#include "session.hpp"

namespace userservice::store::sqlite {

std::optional<RoleRights> SqliteSession::roleRights(std::int32_t roleId)
{
    Query role(c_, "SELECT 1 FROM roles WHERE id = ?", roleId);
    if (!role.step())
        return std::nullopt;
    RoleRights rights;
    Query q(c_, "SELECT name FROM role_functional_rights WHERE role_id = ? ORDER BY name", roleId);
    while (q.step())
        get(q.column(0), rights.functionalRights.emplace_back());
    Query d(c_,
        "SELECT group_concat(table_name || '/' || relation || '/' || value, ',') FROM role_data_rights"
        " WHERE role_id = ?",
        roleId);
    d.step();
    rights.dataRights = joinedDataRights(d.column(0).isNull() ? "" : d.column(0).getText());
    return rights;
}

void SqliteSession::setDataRights(std::int32_t roleId, const DataRights& rights)
{
    for (std::size_t table = 0; table < data::tables.size(); ++table)
        for (std::size_t relation = 0; relation < data::relations.size(); ++relation) {
            const std::string value = data::format(rights.bits[table][relation]);
            execute(c_,
                "INSERT OR REPLACE INTO role_data_rights (role_id, table_name, relation, value) VALUES (?, ?, ?, ?)",
                roleId, data::tables[table], static_cast<std::int32_t>(relation), value);
        }
}

void SqliteSession::setFunctionalRights(std::int32_t roleId, std::span<const std::string> names)
{
    execute(c_, "DELETE FROM role_functional_rights WHERE role_id = ?", roleId);
    for (const auto& name : names)
        execute(c_, "INSERT OR IGNORE INTO role_functional_rights (role_id, name) VALUES (?, ?)", roleId, name);
}

std::vector<std::pair<std::int32_t, std::string>> SqliteSession::functionalRightsOfRoles()
{
    std::vector<std::pair<std::int32_t, std::string>> rows;
    Query q(c_, "SELECT role_id, name FROM role_functional_rights ORDER BY role_id, name");
    while (q.step()) {
        auto& row = rows.emplace_back();
        q.readColumns(0, row.first, row.second);
    }
    return rows;
}

} // namespace userservice::store::sqlite
