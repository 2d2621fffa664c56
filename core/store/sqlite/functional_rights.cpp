// The rights roles hold: their functional rights, a row per (role, right name), and
// their data rights, a row per (role, table, relation) with the right's string.
#include "session.hpp"

#include <algorithm>

namespace userservice::store::sqlite {

std::vector<std::string> SqliteSession::splitRightNames(std::string_view joined)
{
    std::vector<std::string> names;
    while (!joined.empty()) { // names hold no ',' (functional::nameProblem)
        const auto comma = joined.find(',');
        names.emplace_back(joined.substr(0, comma));
        joined = comma == std::string_view::npos ? std::string_view() : joined.substr(comma + 1);
    }
    std::sort(names.begin(), names.end());
    return names;
}

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

DataRights SqliteSession::joinedDataRights(std::string_view joined)
{
    DataRights rights = DataRights::defaults();
    for (const auto& row : splitRightNames(joined)) { // "table/relation/value"
        const auto first = row.find('/'), second = row.find('/', first + 1);
        if (first == std::string::npos || second == std::string::npos)
            continue;
        const auto table = data::tableIndex(std::string_view(row).substr(0, first));
        const auto relation = data::relationFromString(std::string_view(row).substr(first + 1, second - first - 1));
        const auto bits = data::parse(std::string_view(row).substr(second + 1));
        if (table && relation && bits) // written by setDataRights only: anything else is not ours
            rights.bits[*table][static_cast<std::size_t>(*relation)] = *bits;
    }
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
