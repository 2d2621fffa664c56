// The functional rights roles hold: a row per (role, right name).
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
    return rights;
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
