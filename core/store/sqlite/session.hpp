// The SQLite Session: one transaction on one connection. Its member functions are
// defined by table family: users.cpp (user rows), user_lists.cpp (a user's list
// rows), reference_lists.cpp, tokens.cpp, records.cpp, user_lookups.cpp, and store.cpp (savepoint,
// next to the transactions).
#pragma once

#include "../store.hpp"
#include "connection.hpp"
#include "user_cache.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace userservice::store::sqlite {

class SqliteSession final : public Session {
public:
    /// `cache`: the writer's, in a write transaction; nullptr in a read transaction.
    explicit SqliteSession(Connection& connection, UserCache* cache = nullptr)
        : c_(connection)
        , cache_(cache)
    {
    }

    void savepoint(const std::function<void()>& work) override;
    std::shared_ptr<const User> cachedUser(std::int32_t id) override { return cache_ ? cache_->find(id) : nullptr; }
    void cacheUser(const User& user) override
    {
        if (cache_)
            cache_->keep(user);
    }

    // users.cpp
    std::optional<User> user(std::int32_t id) override;
    std::optional<std::int32_t> userIdBy(UniqueName which, std::string_view value) override;
    std::optional<Stamps> stamps(std::int32_t id) override;
    std::optional<Login> login(std::string_view userName) override;
    std::vector<std::int32_t> userIdsAfter(std::int32_t afterId, std::size_t limit) override;
    std::int32_t insertUser(const User& user, std::span<const CredentialRow> credentials, const Stamp& stamp) override;
    Written updateUser(const User& user, const User& stored, std::span<const CredentialRow> credentials,
        std::span<const CredentialRow> storedCredentials, const Stamp& stamp) override;
    bool deleteUser(std::int32_t id) override;
    std::optional<std::pair<Principal, bool>> principal(std::int32_t id) override;

    // user_search.cpp
    std::vector<query::Position> searchUsers(const query::SearchSpec& spec) override;
    // user_lookups.cpp
    std::vector<std::int32_t> userIdsByPerson(std::int32_t personId) override;
    std::vector<std::int32_t> userIdsByEjUserId(std::int32_t ejUserId) override;
    std::optional<Person> person(std::int32_t personId) override;
    std::vector<std::int32_t> userIdsByCredential(std::string_view type, std::string_view value) override;
    std::vector<std::int32_t> userIdsWithCredentialText(
        std::string_view type, std::string_view text, std::size_t limit) override;
    std::vector<std::int32_t> userIdsByEmail(std::string_view email) override;

    // user_lists.cpp
    std::vector<CredentialRow> credentialRows(std::int32_t id) override;

    // reference_lists.cpp
    bool exists(Reference list, std::int32_t id) override;
    std::optional<CredentialType> credentialType(std::string_view type) override;
    std::int32_t licenseSeatsInUse(std::int32_t moduleLicenseId, std::int32_t exceptUser) override;
    std::int32_t licenseSeats(std::int32_t moduleLicenseId) override;
    Role insertRole(const Role& role, const RoleRights& rights) override;
    // functional_rights.cpp
    std::optional<RoleRights> roleRights(std::int32_t roleId) override;
    void setFunctionalRights(std::int32_t roleId, std::span<const std::string> names) override;
    std::vector<std::pair<std::int32_t, std::string>> functionalRightsOfRoles() override;
    void setDataRights(std::int32_t roleId, const DataRights& rights) override;
    std::vector<Role> roles() override;
    UserGroup insertUserGroup(const UserGroup& group) override;
    std::vector<UserGroup> userGroups() override;
    // user_groups.cpp
    std::optional<UserGroup> userGroup(std::int32_t id) override;
    void updateUserGroup(const UserGroup& group) override;
    std::int32_t highestUserGroupRank() override;
    std::pair<std::int32_t, std::int32_t> userGroupMembers(std::int32_t id) override;
    std::vector<std::int32_t> userIdsInGroup(std::int32_t id) override;
    std::vector<std::int32_t> userIdsWithGroupAndCredential(
        std::int32_t id, std::string_view type, std::size_t limit) override;
    void deleteUserGroup(std::int32_t id, std::int32_t moveTo, const Stamp& stamp) override;
    std::optional<UserPresenceStatus> presence(std::int32_t userId) override;
    void setPresence(std::int32_t userId, const UserPresenceStatus& presence, const Stamp& stamp) override;
    // roles.cpp
    std::optional<StoredRole> role(std::int32_t id) override;
    std::optional<std::int32_t> roleIdByName(std::string_view name) override;
    std::int32_t highestRoleRank() override;
    std::int32_t insertRoleEntity(const StoredRole& role) override;
    void updateRoleEntity(const StoredRole& role) override;
    std::int32_t roleHolders(std::int32_t id) override;
    void deleteRole(std::int32_t id, std::int32_t replacing, const Stamp& stamp) override;
    MDOListItem insertTicketCategory(const MDOListItem& category, std::int32_t parentId) override;
    std::vector<MDOListItem> ticketCategories() override;
    CredentialType insertCredentialType(const CredentialType& type) override;
    std::vector<CredentialType> credentialTypes() override;
    LicenseOwner insertLicenseOwner(const LicenseOwner& owner) override;
    std::vector<LicenseOwner> licenseOwners(std::int32_t userId) override;

    // tokens.cpp
    std::int64_t insertApiToken(const ApiToken& token, std::span<const unsigned char> secretHash) override;
    std::optional<ApiToken> apiToken(std::int64_t id) override;
    std::vector<ApiToken> apiTokens(std::int32_t associateId) override;
    bool deleteApiToken(std::int64_t id) override;
    std::optional<std::int32_t> apiTokenUser(std::span<const unsigned char> secretHash) override;

    // password_resets.cpp
    void insertPasswordReset(
        std::span<const unsigned char> tokenHash, std::int32_t associateId, std::int64_t expiresAt) override;
    std::optional<std::int32_t> passwordResetUser(std::span<const unsigned char> tokenHash, std::int64_t now) override;
    bool takePasswordReset(std::span<const unsigned char> tokenHash, std::int64_t now) override;

    // records.cpp
    std::int64_t appendRecord(const UserRecord& record) override;
    std::vector<UserRecord> records(std::string_view stream, std::int32_t userId) override;

    // tables.cpp: whole tables, for copying a database
    std::vector<TableColumns> tables() override;
    void scanRows(const TableColumns& table, const std::function<void(const Row&)>& onRow) override;
    void insertRows(const TableColumns& table, std::span<const Row> rows) override;
    void deleteRows(std::string_view table) override;
    void advanceIds(std::string_view table) override;

private:
    // Rows of reference lists as they are selected, from column `i` on.
    static void readRole(Query& q, int i, Role& role)
    {
        q.readColumns(i, role.roleId, role.name, role.toolTip, role.roleType, role.deleted, role.rank);
    }
    static void readGroup(Query& q, int i, UserGroup& group)
    {
        q.readColumns(i, group.id, group.value, group.tooltip, group.rank, group.deleted);
    }
    static void readCredentialType(Query& q, int i, CredentialType& type)
    {
        q.readColumns(i, type.type, type.displayType, type.canCreatePassword, type.isNameRequired);
    }
    static void readCategory(Query& q, int i, MDOListItem& item)
    {
        q.readColumns(i, item.id, item.name, item.toolTip, item.deleted, item.rank, item.type, item.iconHint,
            item.colorBlock, item.extraInfo, item.styleHint, item.fullName);
    }

    // user_lists.cpp: a user's list rows (other groups, credentials, ticket
    // categories, licences, ExtraFields and CustomFields).
    void readLists(std::int32_t id, User& user);
    void insertLists(std::int32_t id, const User& user, std::span<const CredentialRow> credentials);
    /// Rewrites only the lists that differ from `stored`: unchanged rows cost no writes.
    /// What it wrote: Values when only custom or extra field values changed in place.
    Written updateLists(std::int32_t id, const User& user, const User& stored, std::span<const CredentialRow> credentials,
        std::span<const CredentialRow> storedCredentials);
    void insertCredentials(std::int32_t id, std::span<const CredentialRow> credentials);
    void insertLicenses(std::int32_t id, const User& user);
    void insertFields(std::int32_t id, const User& user);
    bool updateFieldValues(std::int32_t id, const User& user, const User& stored);

    // users.cpp
    std::int32_t insertPerson(const Person& person);

    Connection& c_;
    UserCache* cache_;
};

} // namespace userservice::store::sqlite
