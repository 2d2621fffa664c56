// Moving a database between stores (copyDatabase, what `usersvc copy` runs): SQLite to
// the store under test and back to SQLite keeps ids, password hashes, API tokens, roles
// with their rights, groups and plugins' records, and the next user saved gets a fresh
// id (past a deleted user that records are about too); a destination with users is
// refused and left as it was.
#include <userservice/database_copy.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"
#include "test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>

using namespace userservice;

namespace {

constexpr std::string_view password = "Correct-horse-9-battery";

/// What a populated database holds, to find again after a copy.
struct Populated {
    std::vector<std::int32_t> userIds;
    std::int32_t adaId = 0;
    std::string tokenSecret;
    std::vector<UserRecord> records;
    std::vector<std::string> adminRights;
    std::int32_t deletedLastId = 0; ///< the last user made, deleted; a record about it stays
};

std::vector<std::string> rightNames(UserService& service, std::int32_t roleId)
{
    std::vector<std::string> names;
    for (const auto& item : service.rolesAndRights().getFunctionalRights(CallerContext::system(), roleId))
        names.push_back(item.name.value_or(""));
    return names;
}

/// Users with persons (one with a password, an API token and records), roles with
/// rights, groups: stored in `database` through the service.
Populated populate(const std::string& database)
{
    testkit::TestService t({}, { .database = database });
    Populated p;
    const auto admin = t.addAdministrator("admin");
    const auto gone = t.addUser("gone");
    User ada = t.newUser("ada");
    ada.otherGroups = std::vector { t.service.addUserGroup(t.system(), { .value = "Sales" }) };
    ada = t.service.saveUser(t.system(), ada);
    t.service.deleteUser(t.system(), gone.associateId); // a gap in the ids: kept, not renumbered
    const auto bob = t.addUser("bob");
    t.service.setPassword(t.system(), ada.associateId, password);
    p.tokenSecret = t.service.issueApiToken(t.system(), ada.associateId, "build server").secret;
    t.service.appendRecord(t.system(), "copy-test", ada.associateId, R"({"note":"first"})");
    p.records = t.service.records(t.system(), "copy-test", ada.associateId);
    p.userIds = { admin.associateId, ada.associateId, bob.associateId };
    p.adaId = ada.associateId;
    p.adminRights = rightNames(t.service, t.administrator.roleId);
    const auto last = t.addUser("last");
    t.service.appendRecord(t.system(), "copy-test", last.associateId, R"({"note":"about the last"})");
    t.service.deleteUser(t.system(), last.associateId);
    p.deletedLastId = last.associateId;
    return p;
}

/// Checks that `database` holds what populate() stored, and takes a new user with a fresh id.
void expectHolds(const std::string& database, const Populated& p)
{
    auto service = UserService::open({ .database = database, .passwordHashing = PasswordHashing::Minimal });
    const auto system = CallerContext::system();
    for (const auto id : p.userIds)
        EXPECT_TRUE(service.getUser(system, id)) << "user " << id;
    EXPECT_EQ(service.getUserFromName(system, "ada", {})->associateId, p.adaId);
    EXPECT_TRUE(service.verifyPassword("ada", password));
    EXPECT_FALSE(service.verifyPassword("ada", "Wrong-horse-9-battery"));
    EXPECT_EQ(service.authenticateToken(p.tokenSecret), p.adaId);
    EXPECT_EQ(service.records(system, "copy-test", p.adaId), p.records);
    const auto roles = service.rolesAndRights().getAllRoles(system, RoleType::Unknown);
    const auto administrator =
        std::find_if(roles.begin(), roles.end(), [](const auto& role) { return role.name == "User administrator"; });
    ASSERT_NE(administrator, roles.end());
    EXPECT_EQ(rightNames(service, administrator->id), p.adminRights);
    const auto otherGroups = service.getUser(system, p.adaId)->otherGroups;
    ASSERT_TRUE(otherGroups);
    EXPECT_EQ(otherGroups->size(), 1u);
    User carol;
    carol.name = "CA";
    carol.userName = "carol";
    carol.type = UserType::InternalAssociate;
    carol.person = Person { .lastname = "carol" };
    const auto saved = service.saveUser(system, carol);
    EXPECT_GT(saved.associateId, *std::max_element(p.userIds.begin(), p.userIds.end()));
    // Not the deleted last user's id: its records would become the new user's.
    EXPECT_GT(saved.associateId, p.deletedLastId);
    EXPECT_TRUE(service.records(system, "copy-test", saved.associateId).empty());
}

/// The error `call` throws, or nullopt.
template <class F> std::optional<Error> errorOf(F&& call)
{
    try {
        call();
    } catch (const Exception& e) {
        return e.error();
    }
    return std::nullopt;
}

std::int64_t rowsOf(const std::vector<CopiedTable>& tables, std::string_view name)
{
    for (const auto& table : tables)
        if (table.table == name)
            return table.rows;
    return -1;
}

/// SQLite -> the store under test -> SQLite.
class DatabaseCopy : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    TempDir dir;
};

INSTANTIATE_TEST_SUITE_P(Stores, DatabaseCopy, everyBackend, backendName);

TEST_P(DatabaseCopy, RoundTripKeepsIdsHashesTokensRightsAndRecords)
{
    const auto source = dir.file("source.db");
    const auto populated = populate(source);
    const auto middle = databaseFor(GetParam(), dir.file("middle.db"));
    const auto there = copyDatabase(source, middle);
    EXPECT_EQ(there.size(), 19u);
    EXPECT_EQ(rowsOf(there, "users"), 3);
    EXPECT_EQ(rowsOf(there, "api_tokens"), 1);
    EXPECT_GE(rowsOf(there, "plugin_records"), 1); // ours and the audit trail's
    const auto back = dir.file("back.db");
    const auto again = copyDatabase(middle, back);
    for (const auto& table : there)
        EXPECT_EQ(rowsOf(again, table.table), table.rows) << table.table;
    expectHolds(back, populated);
    expectHolds(middle, populated);
}

TEST_P(DatabaseCopy, RefusesADestinationWithUsersAndLeavesItAsItWas)
{
    const auto source = dir.file("source.db");
    populate(source);
    const auto destination = databaseFor(GetParam(), dir.file("destination.db"));
    std::int32_t kept = 0;
    {
        testkit::TestService t({}, { .database = destination });
        kept = t.addUser("kept").associateId;
    }
    const auto refused = errorOf([&] { copyDatabase(source, destination); });
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->kind(), ErrorKind::Conflict);
    EXPECT_NE(refused->message().find("has users"), std::string::npos) << refused->message();
    auto service = UserService::open({ .database = destination });
    EXPECT_EQ(service.getUserFromName(CallerContext::system(), "kept", {})->associateId, kept);
    EXPECT_FALSE(service.getUserFromName(CallerContext::system(), "ada", {}));
    EXPECT_EQ(service.userGroups(CallerContext::system()).size(), 1u); // Staff, not the source's Sales
}

TEST(DatabaseCopyInput, AMissingSourceOrTheSameDatabaseIsBadRequest)
{
    TempDir dir;
    const auto missing = errorOf([&] { copyDatabase(dir.file("typo.db"), dir.file("to.db")); });
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->kind(), ErrorKind::BadRequest);
    EXPECT_FALSE(std::filesystem::exists(dir.file("typo.db")));
    const auto same = errorOf([&] { copyDatabase(dir.file("to.db"), dir.file("to.db")); });
    ASSERT_TRUE(same);
    EXPECT_EQ(same->kind(), ErrorKind::BadRequest);
}

} // namespace
