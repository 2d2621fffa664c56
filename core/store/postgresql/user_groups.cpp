// User groups changed after they were added (rename, retire, delete with their members
// moved), and users' presence.
#include "session.hpp"

namespace userservice::store::postgresql {

std::optional<UserGroup> PostgresSession::userGroup(std::int32_t id)
{
    Query q(c_, "SELECT id, name, tooltip, rank, deleted FROM user_groups WHERE id = ?", id);
    if (!q.step())
        return std::nullopt;
    UserGroup group;
    readGroup(q, 0, group);
    return group;
}

void PostgresSession::updateUserGroup(const UserGroup& group)
{
    execute(c_, "UPDATE user_groups SET name = ?, tooltip = ?, rank = ?, deleted = ? WHERE id = ?", group.value,
        group.tooltip, group.rank, group.deleted, group.id);
}

std::int32_t PostgresSession::highestUserGroupRank()
{
    Query q(c_, "SELECT coalesce(max(rank), 0) FROM user_groups");
    q.step();
    return q.column(0).getInt();
}

std::pair<std::int32_t, std::int32_t> PostgresSession::userGroupMembers(std::int32_t id)
{
    Query q(c_,
        "SELECT (SELECT count(*) FROM users WHERE coalesce(group_id, 0) = ?1),"
        " (SELECT count(*) FROM user_other_groups WHERE group_id = ?1)",
        id);
    q.step();
    return { q.column(0).getInt(), q.column(1).getInt() };
}

std::vector<std::int32_t> PostgresSession::userIdsInGroup(std::int32_t id)
{
    Query q(c_, "SELECT id FROM users WHERE coalesce(group_id, 0) = ? ORDER BY id", id);
    std::vector<std::int32_t> ids;
    while (q.step())
        ids.push_back(q.column(0).getInt());
    return ids;
}

void PostgresSession::deleteUserGroup(std::int32_t id, std::int32_t moveTo, const Stamp& stamp)
{
    // The members change: their stamps say so (Last-Modified, If-Unmodified-Since).
    execute(c_,
        "UPDATE users SET updated_at = ?2, updated_by = ?3 WHERE coalesce(group_id, 0) = ?1"
        " OR id IN (SELECT user_id FROM user_other_groups WHERE group_id = ?1)",
        id, stamp.ticks, stamp.by);
    execute(c_, "UPDATE users SET group_id = ?2 WHERE coalesce(group_id, 0) = ?1", id, moveTo);
    // An other group the user has already (as main or other group) is not added twice.
    execute(c_,
        "DELETE FROM user_other_groups WHERE group_id = ?1 AND (user_id IN (SELECT id FROM users WHERE group_id = ?2)"
        " OR user_id IN (SELECT user_id FROM user_other_groups WHERE group_id = ?2))",
        id, moveTo);
    execute(c_, "UPDATE user_other_groups SET group_id = ?2 WHERE group_id = ?1", id, moveTo);
    execute(c_, "DELETE FROM user_groups WHERE id = ?", id);
}

std::optional<UserPresenceStatus> PostgresSession::presence(std::int32_t userId)
{
    Query q(c_, "SELECT status, message FROM user_presence WHERE user_id = ?", userId);
    if (!q.step())
        return std::nullopt;
    UserPresenceStatus presence;
    q.readColumns(0, presence.status, presence.message);
    return presence;
}

void PostgresSession::setPresence(std::int32_t userId, const UserPresenceStatus& presence, const Stamp& stamp)
{
    execute(c_,
        "INSERT INTO user_presence (user_id, status, message, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (user_id) DO UPDATE SET status = ?2, message = ?3, updated_at = ?4, updated_by = ?5",
        userId, presence.status, presence.message, stamp.ticks, stamp.by);
}

std::vector<std::int32_t> PostgresSession::userIdsWithGroupAndCredential(
    std::int32_t id, std::string_view type, std::size_t limit)
{
    // The type compared ignoring ASCII case, as credential types are.
    Query q(c_,
        "SELECT id FROM users u WHERE (coalesce(group_id, 0) = ?1"
        " OR id IN (SELECT user_id FROM user_other_groups WHERE group_id = ?1))"
        " AND EXISTS (SELECT 1 FROM user_credentials c WHERE c.user_id = u.id"
        "  AND lower(c.type COLLATE \"C\") = lower(?2::text COLLATE \"C\"))"
        " ORDER BY id LIMIT ?3",
        id, type, static_cast<std::int64_t>(limit));
    std::vector<std::int32_t> ids;
    while (q.step())
        ids.push_back(q.column(0).getInt());
    return ids;
}

} // namespace userservice::store::postgresql
