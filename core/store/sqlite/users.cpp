// User rows: reading one with its role, group and person, inserting, updating,
// deleting, and the look-ups by unique name and for logins.
#include "../records_sql.hpp"
#include "../role_rights_text.hpp"
#include "changed_columns.hpp"
#include "person_sql.hpp"
#include "session.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace userservice::store::sqlite {
namespace {

constexpr const char* insertUserSql = R"sql(
INSERT INTO users (name, rank, tooltip, role_id, group_id, person_id, deleted, last_login, last_logout,
                   ej_user_id, request_signature, type, is_on_travel, user_name, nick_name, waiting_for_approval,
                   created_at, updated_at, created_by, updated_by, id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?18, ?19))sql";

/// The id a new user gets: past every user's, and past every user that plugins' records
/// are about. SQLite alone would give the largest id + 1, which is a deleted user's when
/// that user was the last one: its records (an audit trail outlives its user) would then
/// be the new user's. Both maxima are one seek (records are clustered by user).
const char* nextUserIdSql()
{
    static const std::string sql =
        "SELECT max(coalesce((SELECT max(id) FROM users), 0), " + std::string(largestRecordOwnerSql) + ") + 1";
    return sql.c_str(); // static: the statement cache's key
}

/// Binds a user row for insertUserSql (?6 the person id, ?19 the user's).
void bindUser(Query& q, const User& user, std::int32_t personId, const Stamp& stamp, std::int64_t id)
{
    q.bindAll(user.name, user.rank, user.tooltip, Id { roleIdOf(user) }, Id { groupIdOf(user) }, Id { personId },
        user.deleted, user.lastlogin, user.lastlogout, user.ejUserId, user.requestSignature, user.type, user.isOnTravel,
        user.userName, user.nickName, user.waitingForApproval, stamp.ticks, stamp.by, id);
}

} // namespace

std::optional<User> SqliteSession::user(std::int32_t id)
{
    User user;
    bool licenseOwnersExist = false;
    {
        Query q(c_, personSql().selectUser.c_str(), id);
        if (!q.step())
            return std::nullopt;
        q.readColumns(0, user.associateId, user.name, user.rank, user.tooltip, user.deleted, user.lastlogin,
            user.lastlogout, user.ejUserId, user.requestSignature, user.type, user.isOnTravel, user.userName,
            user.nickName, user.waitingForApproval);
        constexpr int role = 14, group = role + 6, person = group + 5;
        if (!q.column(role).isNull())
            readRole(q, role, user.role.emplace());
        if (!q.column(group).isNull())
            readGroup(q, group, user.userGroup.emplace());
        if (!q.column(person).isNull()) {
            Person& stored = user.person.emplace();
            get(q.column(person), stored.personId);
            readPerson(q, person + 1, stored);
        }
        licenseOwnersExist = q.column(person + 1 + personSql().columns).getInt() != 0;
    }
    readLists(id, user);
    if (licenseOwnersExist)
        user.licenseOwners = licenseOwners(id);
    return user;
}

std::optional<std::int32_t> SqliteSession::userIdBy(UniqueName which, std::string_view value)
{
    static constexpr const char* sql[] = {
        "SELECT id FROM users WHERE name = ? COLLATE NOCASE",
        "SELECT id FROM users WHERE user_name = ? COLLATE NOCASE",
        "SELECT id FROM users WHERE nick_name = ? COLLATE NOCASE AND nick_name <> ''",
    };
    Query q(c_, sql[static_cast<int>(which)], value);
    if (!q.step())
        return std::nullopt;
    return q.column(0).getInt();
}

std::optional<Stamps> SqliteSession::stamps(std::int32_t id)
{
    Query q(c_, "SELECT created_at, created_by, updated_at, updated_by FROM users WHERE id = ?", id);
    if (!q.step())
        return std::nullopt;
    Stamps out;
    q.readColumns(0, out.created.ticks, out.created.by, out.updated.ticks, out.updated.by);
    return out;
}

std::optional<Login> SqliteSession::login(std::string_view userName)
{
    Query q(c_,
        "SELECT u.id, u.deleted, c.secret_hash FROM users u"
        " LEFT JOIN user_credentials c ON c.user_id = u.id AND c.secret_hash IS NOT NULL"
        " WHERE u.user_name = ? COLLATE NOCASE ORDER BY c.position",
        userName);
    std::optional<Login> login;
    while (q.step()) {
        if (!login)
            q.readColumns(0, login.emplace().associateId, login->retired);
        if (!q.column(2).isNull())
            get(q.column(2), login->secretHashes.emplace_back());
    }
    return login;
}

std::vector<std::int32_t> SqliteSession::userIdsAfter(std::int32_t afterId, std::size_t limit)
{
    Query q(c_, "SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?", afterId,
        static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max())));
    std::vector<std::int32_t> ids;
    while (q.step())
        ids.push_back(q.column(0).getInt());
    return ids;
}

std::int32_t SqliteSession::insertPerson(const Person& person)
{
    Query q(c_, personSql().insert.c_str());
    bindPerson(q, 1, person);
    q.run();
    return static_cast<std::int32_t>(c_.lastInsertId());
}

std::int32_t SqliteSession::insertUser(const User& user, std::span<const CredentialRow> credentials, const Stamp& stamp)
{
    const std::int32_t personId = user.person ? insertPerson(*user.person) : 0;
    std::int64_t id = 0;
    if (Query next(c_, nextUserIdSql()); next.step())
        next.readColumns(0, id);
    if (id > std::numeric_limits<std::int32_t>::max())
        throw Exception(Error(ErrorKind::Internal, "no AssociateId is left for a new user", {}, "User.AssociateId"));
    {
        Query q(c_, insertUserSql);
        bindUser(q, user, personId, stamp, id);
        q.run();
    }
    insertLists(static_cast<std::int32_t>(id), user, credentials);
    return static_cast<std::int32_t>(id);
}

Written SqliteSession::updateUser(const User& user, const User& stored, std::span<const CredentialRow> credentials,
    std::span<const CredentialRow> storedCredentials, const Stamp& stamp)
{
    const std::int32_t id = user.associateId;
    const std::int32_t storedPersonId = stored.person ? stored.person->personId : 0;
    std::int32_t personId = storedPersonId;
    Written written = Written::Nothing;
    if (user.person && personId && updatePersonRow<Query>(c_, personId, *user.person, *stored.person))
        written = Written::Values;
    else if (user.person && !personId)
        personId = insertPerson(*user.person);
    if (personId != storedPersonId) {
        execute(c_, "UPDATE users SET person_id = ? WHERE id = ?", Id { personId }, id);
        written = Written::Rows;
    }
    written = std::max(written, updateLists(id, user, stored, credentials, storedCredentials));
    return updateUserRow<Query, Id>(c_, user, stored, stamp, written);
}

bool SqliteSession::deleteUser(std::int32_t id)
{
    std::optional<std::int32_t> personId;
    {
        Query q(c_, "SELECT person_id FROM users WHERE id = ?", id);
        if (!q.step())
            return false;
        if (!q.column(0).isNull())
            personId = q.column(0).getInt();
    }
    execute(c_, "DELETE FROM users WHERE id = ?", id);
    if (personId)
        execute(c_, "DELETE FROM persons WHERE id = ?", *personId);
    return true;
}

std::optional<std::pair<Principal, bool>> SqliteSession::principal(std::int32_t id)
{
    // The role's functional rights come with the caller, in the same read: a change
    // to them shows on the caller's next call (nothing holds them in between).
    Query q(c_,
        "SELECT u.type, u.deleted, coalesce(r.role_type, 0), coalesce(u.group_id, 0),"
        " (SELECT group_concat(f.name, ',') FROM role_functional_rights f WHERE f.role_id = u.role_id),"
        " (SELECT group_concat(d.table_name || '/' || d.relation || '/' || d.value, ',') FROM role_data_rights d"
        "  WHERE d.role_id = u.role_id)"
        " FROM users u LEFT JOIN roles r ON r.id = u.role_id WHERE u.id = ?",
        id);
    if (!q.step())
        return std::nullopt;
    Principal caller;
    caller.associateId = id;
    bool retired = false;
    q.readColumns(0, caller.type, retired, caller.roleType, caller.groupId);
    if (!q.column(4).isNull())
        caller.roleRights.functionalRights = splitRightNames(q.column(4).getText());
    caller.roleRights.dataRights = joinedDataRights(q.column(5).isNull() ? "" : q.column(5).getText());
    return std::pair { caller, retired };
}

} // namespace userservice::store::sqlite
