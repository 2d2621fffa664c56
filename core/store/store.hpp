// The storage interface of the service: SQL and database types stay behind it,
// so the service logic is the same on every store (SQLite now, PostgreSQL later).
//
// A Session is one transaction. Reads see one consistent snapshot; a write
// session commits when the work returns and rolls back when it throws, so a
// failed save changes nothing.
#pragma once

#include <userservice/carriers.hpp>
#include <userservice/rights.hpp>
#include <userservice/api_tokens.hpp>
#include <userservice/user_records.hpp>

#include "../query/query.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace userservice::store {

/// A change stamp: when (UTC, 100 ns ticks since 1970) and by whom (AssociateId).
struct Stamp {
    std::int64_t ticks = 0;
    std::int32_t by = 0;
};

struct Stamps {
    Stamp created;
    Stamp updated;
};

/// A role as stored: the list item, its ticket-category flag and its stamps.
struct StoredRole {
    Role role;
    bool useCategories = false;
    Stamps stamps;
};

/// A credential as stored. A secret (password) is kept only as its hash, and a
/// user's credentials are read back without it.
struct CredentialRow {
    std::string type;
    std::optional<std::string> value; ///< only for credentials that are not secrets
    std::optional<std::string> displayValue;
    std::optional<std::string> secretHash;
    friend bool operator==(const CredentialRow&, const CredentialRow&) = default;
};

/// What a login needs to know of a user, read in one go.
struct Login {
    std::int32_t associateId = 0;
    bool retired = false;
    std::vector<std::string> secretHashes; ///< of its secret credentials, in their order
};

/// The case-insensitively unique names of a user.
enum class UniqueName { Name, UserName, NickName };

/// What an update wrote, least first: whether the user must be read again to be known.
enum class Written {
    Nothing, ///< nothing changed, so nothing was written (the stamp stays)
    Values, ///< only values: columns of the users and persons rows other than their links
            ///< (role, group, person), and custom or extra field values in place
    Rows, ///< rows added or removed, or a link changed: what they join is only known by reading
};

/// Reference lists a user points into by integer id.
enum class Reference { Role, UserGroup, TicketCategory, ModuleLicense };

/// A stored value as a copy moves it between stores: NULL, an integer, text or bytes.
using Cell = std::variant<std::monostate, std::int64_t, std::string, std::vector<unsigned char>>;
using Row = std::vector<Cell>;
/// A table of the schema and the names of its columns.
struct TableColumns {
    std::string name;
    std::vector<std::string> columns;
};

class Session {
public:
    virtual ~Session() = default;

    /// Runs `work` inside a savepoint of this transaction: when it returns, its writes
    /// join the transaction; when it throws, they are undone (the transaction's earlier
    /// writes stay) and the exception goes on, a database error as an Exception.
    /// Savepoints nest.
    virtual void savepoint(const std::function<void()>& work) = 0;

    // ---- the writer's cache of stored users (SQLite keeps one; other stores none)

    /// The user as the service last kept it with cacheUser() in a write transaction,
    /// unless something it is made of was written since; nullptr when none is kept,
    /// and always in a read transaction.
    virtual std::shared_ptr<const User> cachedUser(std::int32_t /*id*/) { return nullptr; }
    /// Keeps `user` for later write transactions: it must be exactly what the service
    /// reads for user `user.associateId` at this point of this write transaction.
    virtual void cacheUser(const User& /*user*/) { }

    // ---- users

    /// The stored user with reference data resolved (Role, groups, categories,
    /// licence owners with Assigned and counts, credential types); credentials carry
    /// no secret. Derived fields are left to the service.
    virtual std::optional<User> user(std::int32_t id) = 0;
    virtual std::optional<std::int32_t> userIdBy(UniqueName which, std::string_view value) = 0;
    virtual std::optional<Stamps> stamps(std::int32_t id) = 0;
    /// A user's credential rows in position order, secret hashes included (they never
    /// leave the service).
    virtual std::vector<CredentialRow> credentialRows(std::int32_t id) = 0;
    /// The user with this user name (case-insensitive) as a login sees it, or nullopt.
    virtual std::optional<Login> login(std::string_view userName) = 0;
    /// AssociateIds above `afterId`, ascending, at most `limit`.
    virtual std::vector<std::int32_t> userIdsAfter(std::int32_t afterId, std::size_t limit) = 0;
    /// The users that match a search, in its order after its position, at most its
    /// limit: each one's id and sort keys (rights are the service's to apply).
    virtual std::vector<query::Position> searchUsers(const query::SearchSpec& spec) = 0;

    /// Stores a new user (and its person); returns the AssociateId. `user` is valid.
    virtual std::int32_t insertUser(
        const User& user, std::span<const CredentialRow> credentials, const Stamp& stamp) = 0;
    /// Replaces the stored user `user.associateId`, keeping its person id. `stored` is
    /// that user as user() read it in this transaction: rows and columns that did not
    /// change are not rewritten, and when nothing changed nothing is written (the stamp
    /// stays too). `storedCredentials` are its credentialRows(), read in this transaction;
    /// both empty: the credentials did not change.
    virtual Written updateUser(const User& user, const User& stored, std::span<const CredentialRow> credentials,
        std::span<const CredentialRow> storedCredentials, const Stamp& stamp) = 0;
    /// Removes a user and its person; false when there was none.
    virtual bool deleteUser(std::int32_t id) = 0;

    // ---- look-ups by person and by eJournal id (indexed)

    /// The AssociateIds of the users of a person, ascending.
    virtual std::vector<std::int32_t> userIdsByPerson(std::int32_t personId) = 0;
    /// The AssociateIds of the users with this EjUserId, ascending.
    virtual std::vector<std::int32_t> userIdsByEjUserId(std::int32_t ejUserId) = 0;
    /// The stored person (its stored columns and PersonId); nullopt for an unknown id.
    virtual std::optional<Person> person(std::int32_t personId) = 0;

    // ---- look-ups by credential and e-mail (rights are the service's to apply)

    /// The AssociateIds of the users with a credential of `type` whose stored value
    /// (never a secret's) is `value`, case-insensitively; ascending.
    virtual std::vector<std::int32_t> userIdsByCredential(std::string_view type, std::string_view value) = 0;
    /// The AssociateIds of the users with a credential of `type` that has `text` in its
    /// stored value or display value (ASCII case-insensitively; "" matches every one),
    /// ascending, at most `limit`.
    virtual std::vector<std::int32_t> userIdsWithCredentialText(
        std::string_view type, std::string_view text, std::size_t limit) = 0;
    /// The AssociateIds of the users whose person's e-mail is `email`, case-insensitively; ascending.
    virtual std::vector<std::int32_t> userIdsByEmail(std::string_view email) = 0;

    // ---- reference lists

    virtual bool exists(Reference list, std::int32_t id) = 0;
    virtual std::optional<CredentialType> credentialType(std::string_view type) = 0;
    /// Seats of a module licence that are taken, not counting `exceptUser`.
    virtual std::int32_t licenseSeatsInUse(std::int32_t moduleLicenseId, std::int32_t exceptUser) = 0;
    virtual std::int32_t licenseSeats(std::int32_t moduleLicenseId) = 0;

    /// The caller with this id as the rights engine sees it, and whether it is retired;
    /// nullopt for an unknown id.
    virtual std::optional<std::pair<Principal, bool>> principal(std::int32_t id) = 0;

    // ---- API tokens: a secret is known only by its hash

    /// Stores a token for `token.associateId`; returns its id.
    virtual std::int64_t insertApiToken(const ApiToken& token, std::span<const unsigned char> secretHash) = 0;
    virtual std::optional<ApiToken> apiToken(std::int64_t id) = 0;
    /// A user's tokens (0: every user's), oldest first.
    virtual std::vector<ApiToken> apiTokens(std::int32_t associateId) = 0;
    virtual bool deleteApiToken(std::int64_t id) = 0;
    /// The user of the token with this secret hash, when that user is not retired.
    virtual std::optional<std::int32_t> apiTokenUser(std::span<const unsigned char> secretHash) = 0;

    // ---- password reset tokens: a token is known only by its hash

    /// Stores a reset token for a user, valid until `expiresAt` (100 ns ticks).
    virtual void insertPasswordReset(
        std::span<const unsigned char> tokenHash, std::int32_t associateId, std::int64_t expiresAt) = 0;
    /// The user of an unexpired reset token at `now`, without using it up; nullopt otherwise.
    virtual std::optional<std::int32_t> passwordResetUser(std::span<const unsigned char> tokenHash, std::int64_t now) = 0;
    /// Uses a reset token up (deletes it, and every expired one); whether it was there unexpired.
    virtual bool takePasswordReset(std::span<const unsigned char> tokenHash, std::int64_t now) = 0;

    /// Appends to a stream of records about a user; returns the record's id.
    virtual std::int64_t appendRecord(const UserRecord& record) = 0;
    /// A stream's records about a user, oldest first.
    virtual std::vector<UserRecord> records(std::string_view stream, std::int32_t userId) = 0;

    virtual Role insertRole(const Role& role, const RoleRights& rights) = 0;
    /// A role's functional rights (sqlite/functional_rights.cpp); nullopt for an unknown role.
    virtual std::optional<RoleRights> roleRights(std::int32_t roleId) = 0;
    // ---- functional rights of roles (sqlite/functional_rights.cpp)
    /// Replaces the functional rights role `roleId` holds with `names`.
    virtual void setFunctionalRights(std::int32_t roleId, std::span<const std::string> names) = 0;
    /// Every (role id, right name) held, by role id then name.
    virtual std::vector<std::pair<std::int32_t, std::string>> functionalRightsOfRoles() = 0;
    /// Replaces role `roleId`'s data rights (roleRights() reads them back).
    virtual void setDataRights(std::int32_t roleId, const DataRights& rights) = 0;
    virtual std::vector<Role> roles() = 0;
    virtual UserGroup insertUserGroup(const UserGroup& group) = 0;
    virtual std::vector<UserGroup> userGroups() = 0;
    // ---- user groups and presence (sqlite/user_groups.cpp)
    virtual std::optional<UserGroup> userGroup(std::int32_t id) = 0;
    /// Replaces the stored group `group.id` (its name, tooltip, rank and deleted flag).
    virtual void updateUserGroup(const UserGroup& group) = 0;
    /// The highest rank of any group; 0 when there is none.
    virtual std::int32_t highestUserGroupRank() = 0;
    /// How many users have the group as their main group (first) and among their other groups (second).
    virtual std::pair<std::int32_t, std::int32_t> userGroupMembers(std::int32_t id) = 0;
    /// The AssociateIds of the users whose main group this is, ascending.
    virtual std::vector<std::int32_t> userIdsInGroup(std::int32_t id) = 0;
    /// The AssociateIds of the users with a credential of `type` whose main group or one of
    /// whose other groups is `id`, ascending, at most `limit`.
    virtual std::vector<std::int32_t> userIdsWithGroupAndCredential(
        std::int32_t id, std::string_view type, std::size_t limit) = 0;
    /// Moves the group's members to group `moveTo` (0: there must be none), as main group and
    /// as other group (dropped where the user has `moveTo` already), then deletes the group.
    virtual void deleteUserGroup(std::int32_t id, std::int32_t moveTo, const Stamp& stamp) = 0;
    /// A user's presence; nullopt when never set.
    virtual std::optional<UserPresenceStatus> presence(std::int32_t userId) = 0;
    virtual void setPresence(std::int32_t userId, const UserPresenceStatus& presence, const Stamp& stamp) = 0;
    // ---- roles as entities (sqlite/roles.cpp)
    virtual std::optional<StoredRole> role(std::int32_t id) = 0;
    /// The role with this name (ASCII case-insensitively), if any.
    virtual std::optional<std::int32_t> roleIdByName(std::string_view name) = 0;
    /// The highest rank of any role; 0 when there is none.
    virtual std::int32_t highestRoleRank() = 0;
    /// Stores a new role without functional rights (role.roleId ignored); returns its id.
    virtual std::int32_t insertRoleEntity(const StoredRole& role) = 0;
    /// Replaces the stored role's name, tooltip, rank, deleted flag, UseCategories and
    /// updated stamp (its type, rights and created stamp stay).
    virtual void updateRoleEntity(const StoredRole& role) = 0;
    /// How many users hold the role.
    virtual std::int32_t roleHolders(std::int32_t id) = 0;
    /// Moves the role's users to role `replacing` (0: there must be none; their stamps say
    /// so), then deletes the role.
    virtual void deleteRole(std::int32_t id, std::int32_t replacing, const Stamp& stamp) = 0;
    virtual MDOListItem insertTicketCategory(const MDOListItem& category, std::int32_t parentId) = 0;
    virtual std::vector<MDOListItem> ticketCategories() = 0;
    virtual CredentialType insertCredentialType(const CredentialType& type) = 0;
    virtual std::vector<CredentialType> credentialTypes() = 0;
    virtual LicenseOwner insertLicenseOwner(const LicenseOwner& owner) = 0;
    /// Every owner with its module licences; Assigned says whether `userId` holds each.
    virtual std::vector<LicenseOwner> licenseOwners(std::int32_t userId) = 0;

    // ---- whole tables, as they are stored: copying a database (copy.cpp; sqlite/tables.cpp)

    /// The schema's tables (the store's own bookkeeping left out), by name, with their columns.
    virtual std::vector<TableColumns> tables() = 0;
    /// Every row of `table`'s columns (in their order there), by its first column.
    virtual void scanRows(const TableColumns& table, const std::function<void(const Row&)>& onRow) = 0;
    /// Inserts the rows as they are, ids included.
    virtual void insertRows(const TableColumns& table, std::span<const Row> rows) = 0;
    virtual void deleteRows(std::string_view table) = 0;
    /// Moves the table's id generator, if it has one, past the highest id in it (users: past
    /// every user that plugin_records are about too). A copy calls it once every table is in.
    virtual void advanceIds(std::string_view table) = 0;
};

class Store {
public:
    virtual ~Store() = default;

    /// Runs `work` in a read transaction (concurrent with other reads and writes).
    template <class F> auto read(F&& work) { return run(&Store::readSession, std::forward<F>(work)); }
    /// Runs `work` in a write transaction (serialized); commits when it returns.
    template <class F> auto write(F&& work) { return run(&Store::writeSession, std::forward<F>(work)); }

    using Work = std::function<void(Session&)>;

protected:
    virtual void readSession(const Work& work) = 0;
    virtual void writeSession(const Work& work) = 0;

private:
    template <class F> auto run(void (Store::*session)(const Work&), F&& work)
    {
        using R = std::invoke_result_t<F, Session&>;
        if constexpr (std::is_void_v<R>) {
            (this->*session)([&](Session& s) { work(s); });
        } else {
            std::optional<R> result;
            (this->*session)([&](Session& s) { result.emplace(work(s)); });
            return std::move(*result);
        }
    }
};

} // namespace userservice::store
