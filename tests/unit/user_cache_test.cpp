// The writer's cache of stored users (SQLite): a save that finds the user it changes
// there does not read it. Whatever changes what a user is made of must make the next
// save read it again, so each kind of change is made here between two saves, and the
// service's idea of the stored user is then checked against the database: saving back
// what getUser reads must write nothing and answer exactly that. On PostgreSQL, which
// keeps no cache, the same cases must hold too.
#include <userservice/json.hpp>
#include <userservice/roles_and_rights.hpp>
#include <userservice/user_service.hpp>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/user_cache.hpp"

#include "store_backends.hpp"
#include "test_data.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

using namespace userservice;

namespace {

const CallerContext systemCaller = CallerContext::system();

/// Opens a service on `database` whose post-save command refuses a Tooltip of "poison",
/// with a command that saves that inside its transaction, catches the refusal and goes on.
UserService openService(const std::string& database)
{
    auto registry = std::make_shared<PluginRegistry>();
    registry->registerHost([](plugin::Registrar& r) {
        r.postSaveCommand("refuse-poison", [](plugin::PostSaveCall& call) {
            if (call.after.tooltip == "poison")
                throw std::runtime_error("poisoned");
        });
        r.customCommand({ .name = "poison-then-go-on" }, [](plugin::CommandCall& call) {
            User user = call.user;
            user.tooltip = "poison";
            try {
                call.transaction->saveUser(user); // written, answered, then refused: its savepoint rolls back
            } catch (const Exception&) {
            }
            return CommandResult { .success = true };
        });
    });
    return UserService::open({ .database = database, .passwordHashing = PasswordHashing::Minimal, .plugins = registry });
}

/// Saving back what getUser reads changes nothing and answers exactly it: what the
/// save took for the stored user was the database's.
void expectSavedAsStored(UserService& service, std::int32_t id, const std::string& after)
{
    const User read = service.getUser(systemCaller, id).value();
    const auto stamps = service.changeStamps(systemCaller, id);
    const User answer = service.saveUser(systemCaller, read);
    EXPECT_EQ(json::serialize(answer), json::serialize(read)) << "after " << after;
    EXPECT_EQ(service.changeStamps(systemCaller, id), stamps) << "after " << after << ": the save wrote";
}

class CachedUsers : public ::testing::TestWithParam<Backend> {
protected:
    CachedUsers()
        : service(openService(databaseFor(GetParam())))
    {
        staff = service.addUserGroup(systemCaller, { .value = "Staff" });
        support = service.addUserGroup(systemCaller, { .value = "Support" });
        billing = service.addTicketCategory(systemCaller, { .name = "Billing" });
        employee = service.addRole(systemCaller, { .name = "Employee", .roleType = RoleType::Employee });
        service.addCredentialType(systemCaller, { .type = "ad", .displayType = "Directory" });
        service.addCredentialType(systemCaller, { .type = "password", .canCreatePassword = true });
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    /// A user in every list, saved twice: the second save leaves it in the cache.
    User savedTwice(const std::string& userName)
    {
        User user;
        user.name = userName.substr(0, 3);
        user.userName = userName;
        user.type = UserType::InternalAssociate;
        user.role = Role { .roleId = employee.roleId };
        user.userGroup = UserGroup { .id = staff.id };
        user.otherGroups = std::vector<UserGroup> { { .id = support.id } };
        user.ticketCategories = std::vector<MDOListItem> { { .id = billing.id } };
        user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "ad" }, .value = userName } };
        user.person = Person { .lastname = userName };
        user = service.saveUser(systemCaller, user);
        user.tooltip = "saved twice";
        return service.saveUser(systemCaller, user);
    }

    void expectAsStored(std::int32_t id, const std::string& after) { expectSavedAsStored(service, id, after); }

    UserService service;
    UserGroup staff, support;
    MDOListItem billing;
    Role employee;
};

INSTANTIATE_TEST_SUITE_P(Stores, CachedUsers, everyBackend, backendName);

TEST_P(CachedUsers, ARenamedRoleIsReadAgain)
{
    const User ada = savedTwice("ada");
    auto role = *service.rolesAndRights().getRoleEntity(systemCaller, employee.roleId);
    role.name = "Staff member";
    service.rolesAndRights().saveRoleEntity(systemCaller, role);
    EXPECT_EQ(service.getUser(systemCaller, ada.associateId)->role->name, "Staff member");
    expectAsStored(ada.associateId, "renaming the role");
}

TEST_P(CachedUsers, RenamedGroupsAndCategoriesAreReadAgain)
{
    const User ada = savedTwice("ada");
    UserGroup renamed = support;
    renamed.value = "Second line";
    service.saveUserGroup(systemCaller, renamed);
    expectAsStored(ada.associateId, "renaming an other group");
    renamed = staff;
    renamed.tooltip = "Everyone";
    service.saveUserGroup(systemCaller, renamed);
    expectAsStored(ada.associateId, "changing the main group");
    service.deleteUserGroup(systemCaller, support.id, staff.id);
    expectAsStored(ada.associateId, "deleting an other group, its users moved");
}

TEST_P(CachedUsers, AnotherUsersLicenceIsReadAgain)
{
    LicenseOwner owner { .name = "SuperOffice" };
    owner.restrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Sales", .total = 2 } };
    service.addLicenseOwner(systemCaller, owner);
    auto assignSales = [&](User user) {
        (*(*user.licenseOwners)[0].restrictedModuleLicenses)[0].assigned = true;
        return service.saveUser(systemCaller, user);
    };
    const User ada = assignSales(savedTwice("ada"));
    expectAsStored(ada.associateId, "assigning ada a seat");
    assignSales(savedTwice("grace")); // ada's seats in use: 2
    expectAsStored(ada.associateId, "another user taking a seat");
    EXPECT_EQ((*(*service.getUser(systemCaller, ada.associateId)->licenseOwners)[0].restrictedModuleLicenses)[0].inUse, 2);
}

TEST_P(CachedUsers, ChangesThroughOtherPathsAreReadAgain)
{
    const User ada = savedTwice("ada");
    service.setPassword(systemCaller, ada.associateId, "correct horse battery staple");
    expectAsStored(ada.associateId, "setting a password");
    service.deleteCredential(systemCaller, ada.associateId, "ad");
    expectAsStored(ada.associateId, "deleting a credential");
    service.removeLicenses(systemCaller, ada.associateId);
    expectAsStored(ada.associateId, "removing licences");
}

TEST_P(CachedUsers, WhatARolledBackSaveWroteIsNotKept)
{
    const User ada = savedTwice("ada");
    User poisoned = ada;
    poisoned.tooltip = "poison";
    EXPECT_TRUE(service.trySaveUser(systemCaller, poisoned).has_error()); // the transaction rolls back
    EXPECT_EQ(service.getUser(systemCaller, ada.associateId)->tooltip, "saved twice");
    expectAsStored(ada.associateId, "a save rolled back");

    // A savepoint rolled back in a transaction that commits.
    EXPECT_TRUE(service.executeUserCommand(systemCaller, ada.associateId, "poison-then-go-on", CommandActionResult::Implicit)
                    .success);
    EXPECT_EQ(service.getUser(systemCaller, ada.associateId)->tooltip, "saved twice");
    expectAsStored(ada.associateId, "a nested save rolled back to its savepoint");
}

TEST_P(CachedUsers, ADeletedUserIsNotSavedFromTheCache)
{
    const User ada = savedTwice("ada");
    service.deleteUser(systemCaller, ada.associateId);
    const auto again = service.trySaveUser(systemCaller, ada);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error().kind(), ErrorKind::NotFound);
}

// ---------------------------------------------------------------- another connection

TEST(CachedUsersOnAFile, AnotherServiceOnTheFileIsSeen)
{
    TempDir dir;
    const std::string file = (dir.path / "users.db").string();
    UserService first = openService(file);
    const auto staff = first.addUserGroup(systemCaller, { .value = "Staff" });
    const auto role = first.addRole(systemCaller, { .name = "Employee", .roleType = RoleType::Employee });
    User ada;
    ada.name = "AL";
    ada.userName = "ada";
    ada.type = UserType::InternalAssociate;
    ada.role = Role { .roleId = role.roleId };
    ada.userGroup = UserGroup { .id = staff.id };
    ada.person = Person { .lastname = "Lovelace" };
    ada = first.saveUser(systemCaller, ada);
    ada.tooltip = "first";
    ada = first.saveUser(systemCaller, ada); // kept by the first service's writer

    UserService second = openService(file);
    User changed = second.getUser(systemCaller, ada.associateId).value();
    changed.tooltip = "second";
    changed.person->firstname = "Ada";
    second.saveUser(systemCaller, changed);
    expectSavedAsStored(first, ada.associateId, "another service's save");
}

// ---------------------------------------------------------------- the cache itself

/// A database with the store's schema and a cache on its writer connection.
class UserCacheHook : public ::testing::Test {
protected:
    UserCacheHook()
        : store(store::openSqliteStore({ .path = file() }))
        , writer({ .path = file() })
        , cache(writer, 3)
    {
        writer.configure({ .path = file() });
        writer.db().exec("INSERT INTO persons (id) VALUES (10), (20), (30)");
        writer.db().exec("INSERT INTO users (id, name, person_id, type, user_name, created_at, updated_at)"
                         " VALUES (1, 'a', 10, 1, 'a', 0, 0), (2, 'b', 20, 1, 'b', 0, 0), (3, 'c', 30, 1, 'c', 0, 0)");
        cache.begin();
        for (const std::int32_t id : { 1, 2 })
            cache.keep(user(id));
        cache.commit();
    }

    std::string file() const { return (dir.path / "users.db").string(); }

    static User user(std::int32_t id)
    {
        User user;
        user.associateId = id;
        user.person = Person { .personId = id * 10 };
        return user;
    }

    /// Which of users 1 and 2 are still kept after `sql` ran on the writer.
    std::string keptAfter(const std::string& sql)
    {
        writer.db().exec(sql);
        return std::string(cache.find(1) ? "1" : "") + (cache.find(2) ? "2" : "");
    }

    TempDir dir;
    std::unique_ptr<store::Store> store; // made the schema
    store::sqlite::Connection writer;
    store::sqlite::UserCache cache;
};

TEST_F(UserCacheHook, ARowOfAUsersOwnForgetsThatUserOnly)
{
    EXPECT_EQ(keptAfter("UPDATE users SET tooltip = 'x' WHERE id = 1"), "2");
    cache.keep(user(1));
    EXPECT_EQ(keptAfter("UPDATE persons SET title = 'x' WHERE id = 20"), "1");
    cache.keep(user(2));
    // The lists are WITHOUT ROWID tables: the user is the row's first column.
    EXPECT_EQ(keptAfter("INSERT INTO user_fields (user_id, kind, position, name, value) VALUES (1, 0, 0, 'n', 'v')"),
        "2");
    cache.keep(user(1));
    EXPECT_EQ(keptAfter("UPDATE user_fields SET value = 'w' WHERE user_id = 1"), "2");
    cache.keep(user(1));
    EXPECT_EQ(keptAfter("DELETE FROM user_fields WHERE user_id = 1"), "2");
}

TEST_F(UserCacheHook, ARowManyUsersJoinForgetsThemAll)
{
    EXPECT_EQ(keptAfter("INSERT INTO roles (id, name) VALUES (7, 'r')"), "");
}

TEST_F(UserCacheHook, ARowNoUserIsReadFromForgetsNothing)
{
    EXPECT_EQ(
        keptAfter(
            "INSERT INTO plugin_records (id, stream, user_id, at, by, body) VALUES (4294967297, 'audit', 1, 0, 0, '')"),
        "12");
}

TEST_F(UserCacheHook, DeletingEveryRowIsSeen)
{
    // Without a pre-update hook SQLite would empty the table without visiting its rows.
    EXPECT_EQ(keptAfter("DELETE FROM users"), "");
}

TEST_F(UserCacheHook, WhatARolledBackTransactionKeptIsForgotten)
{
    writer.db().exec("BEGIN IMMEDIATE");
    cache.begin();
    cache.keep(user(3));
    EXPECT_TRUE(cache.find(3)); // seen in its own transaction
    writer.db().exec("ROLLBACK");
    cache.rollback();
    EXPECT_FALSE(cache.find(3));
    EXPECT_TRUE(cache.find(1)); // kept by an earlier transaction
}

TEST_F(UserCacheHook, AnotherConnectionsCommitForgetsEverything)
{
    writer.db().exec("BEGIN IMMEDIATE");
    cache.begin();
    writer.db().exec("COMMIT");
    cache.commit();
    EXPECT_TRUE(cache.find(1)); // its own commits are seen row by row

    SQLite::Database other(file(), SQLite::OPEN_READWRITE);
    other.exec("UPDATE users SET tooltip = 'elsewhere' WHERE id = 3"); // not even a kept user
    writer.db().exec("BEGIN IMMEDIATE");
    cache.begin();
    EXPECT_FALSE(cache.find(1));
    writer.db().exec("COMMIT");
}

TEST_F(UserCacheHook, ACapacityOfNoneKeepsNothing)
{
    store::sqlite::UserCache none(writer, 0);
    none.begin();
    none.keep(user(3));
    none.commit();
    EXPECT_FALSE(none.find(3));
    EXPECT_EQ(none.size(), 0u);
}

TEST_F(UserCacheHook, KeepsAtMostItsCapacity)
{
    cache.keep(user(3));
    cache.keep(user(4));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_TRUE(cache.find(4));
}

} // namespace
