// Roles as entities: read with their stamps, created, changed (not their type or
// rights) and deleted with their users moved to another role.
#include "session.hpp"

namespace userservice::store::sqlite {

std::optional<StoredRole> SqliteSession::role(std::int32_t id)
{
    Query q(c_,
        "SELECT id, name, tooltip, role_type, deleted, rank, use_categories, created_at, created_by, updated_at,"
        " updated_by FROM roles WHERE id = ?",
        id);
    if (!q.step())
        return std::nullopt;
    StoredRole stored;
    readRole(q, 0, stored.role);
    q.readColumns(6, stored.useCategories, stored.stamps.created.ticks, stored.stamps.created.by,
        stored.stamps.updated.ticks, stored.stamps.updated.by);
    return stored;
}

std::optional<std::int32_t> SqliteSession::roleIdByName(std::string_view name)
{
    Query q(c_, "SELECT id FROM roles WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", name);
    if (!q.step())
        return std::nullopt;
    return q.column(0).getInt();
}

std::int32_t SqliteSession::highestRoleRank()
{
    Query q(c_, "SELECT coalesce(max(rank), 0) FROM roles");
    q.step();
    return q.column(0).getInt();
}

std::int32_t SqliteSession::insertRoleEntity(const StoredRole& stored)
{
    const Role& role = stored.role;
    return static_cast<std::int32_t>(insertRow(c_,
        "INSERT INTO roles (name, tooltip, role_type, deleted, rank, use_categories, created_at, created_by,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        role.name, role.toolTip, role.roleType, role.deleted, role.rank, stored.useCategories,
        stored.stamps.created.ticks, stored.stamps.created.by, stored.stamps.updated.ticks, stored.stamps.updated.by));
}

void SqliteSession::updateRoleEntity(const StoredRole& stored)
{
    const Role& role = stored.role;
    execute(c_,
        "UPDATE roles SET name = ?, tooltip = ?, deleted = ?, rank = ?, use_categories = ?, updated_at = ?,"
        " updated_by = ? WHERE id = ?",
        role.name, role.toolTip, role.deleted, role.rank, stored.useCategories, stored.stamps.updated.ticks,
        stored.stamps.updated.by, role.roleId);
}

std::int32_t SqliteSession::roleHolders(std::int32_t id)
{
    Query q(c_, "SELECT count(*) FROM users WHERE ifnull(role_id, 0) = ?", id);
    q.step();
    return q.column(0).getInt();
}

void SqliteSession::deleteRole(std::int32_t id, std::int32_t replacing, const Stamp& stamp)
{
    // The holders change: their stamps say so (Last-Modified, If-Unmodified-Since).
    execute(c_, "UPDATE users SET role_id = ?2, updated_at = ?3, updated_by = ?4 WHERE ifnull(role_id, 0) = ?1", id,
        replacing, stamp.ticks, stamp.by);
    execute(c_, "DELETE FROM roles WHERE id = ?", id);
}

} // namespace userservice::store::sqlite
