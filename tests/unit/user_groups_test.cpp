// User groups and presence through the library: fetched by id and in lists, created,
// renamed, retired (kept on users, hidden from pick lists), deleted with their members
// moved or refused while users have them; every change audited; who may do what; bad input.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include <boost/json/parse.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <array>

using namespace userservice;

namespace {

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class UserGroups : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    UserGroups()
    {
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        sales = t.service.saveUserGroup(t.system(), { .value = "Sales", .tooltip = "The sales team" });
    }

    std::vector<std::string> names(const std::vector<UserGroup>& groups)
    {
        std::vector<std::string> out;
        for (const auto& group : groups)
            out.push_back(group.value.value_or(""));
        return out;
    }
    /// The "list-audit" records, as JSON.
    std::vector<boost::json::value> audit()
    {
        std::vector<boost::json::value> out;
        for (const auto& record : t.service.records(t.system(), "list-audit", 0))
            out.push_back(boost::json::parse(record.body));
        return out;
    }
    static ErrorKind kindOf(const Result<void>& result) { return result ? ErrorKind::Internal : result.error().kind(); }
    template <class T> static ErrorKind kindOf(const Result<T>& result)
    {
        return result ? ErrorKind::Internal : result.error().kind();
    }

    testkit::TestService t { {}, { .database = databaseFor(GetParam()) } };
    User admin, jdoe;
    UserGroup sales;
};

INSTANTIATE_TEST_SUITE_P(Stores, UserGroups, everyBackend, backendName);

TEST_P(UserGroups, SaveCreatesWithTheNextRankAndGetFetchesById)
{
    EXPECT_GT(sales.id, 0);
    EXPECT_EQ(sales.rank, t.staff.rank + 1);
    const auto fetched = t.service.getUserGroup(t.as(jdoe), sales.id);
    ASSERT_TRUE(fetched);
    EXPECT_EQ(fetched->value, "Sales");
    EXPECT_EQ(fetched->tooltip, "The sales team");
    EXPECT_FALSE(t.service.getUserGroup(t.as(jdoe), 999));
    const std::array ids { sales.id, 999, t.staff.id };
    EXPECT_EQ(names(t.service.getUserGroupList(t.as(jdoe), ids)), (std::vector<std::string> { "Sales", "Staff" }));
}

TEST_P(UserGroups, CreateUserGroupIsUnsavedAndRankedLast)
{
    const UserGroup fresh = t.service.createUserGroup(t.as(admin));
    EXPECT_EQ(fresh.id, 0);
    EXPECT_EQ(fresh.rank, sales.rank + 1);
    EXPECT_EQ(t.service.getAllUserGroups(t.as(admin)).size(), 2u);
}

TEST_P(UserGroups, RenameKeepsTheGroupOnItsUsers)
{
    User ann = t.newUser("ann");
    ann.userGroup = UserGroup { .id = sales.id };
    ann = t.service.saveUser(t.system(), ann);
    UserGroup renamed = sales;
    renamed.value = "Sales and marketing";
    EXPECT_EQ(t.service.saveUserGroup(t.as(admin), renamed).value, "Sales and marketing");
    EXPECT_EQ(t.service.getUser(t.system(), ann.associateId)->userGroup->value, "Sales and marketing");
}

TEST_P(UserGroups, RetiredGroupsStayOnUsersButLeaveThePickList)
{
    User ann = t.newUser("ann");
    ann.userGroup = UserGroup { .id = sales.id };
    ann = t.service.saveUser(t.system(), ann);
    UserGroup retired = sales;
    retired.deleted = true;
    t.service.saveUserGroup(t.as(admin), retired);
    EXPECT_EQ(names(t.service.getAllUserGroups(t.as(jdoe))), (std::vector<std::string> { "Staff" }));
    EXPECT_EQ(names(t.service.getAllUserGroups(t.as(jdoe), true)), (std::vector<std::string> { "Staff", "Sales" }));
    const auto kept = t.service.getUser(t.system(), ann.associateId)->userGroup;
    EXPECT_EQ(kept->id, sales.id);
    EXPECT_TRUE(kept->deleted);
}

TEST_P(UserGroups, DeleteIsAConflictWhileUsersHaveTheGroup)
{
    User ann = t.newUser("ann");
    ann.otherGroups = std::vector<UserGroup> { { .id = sales.id } };
    ann = t.service.saveUser(t.system(), ann);
    const auto refused = t.service.tryDeleteUserGroup(t.as(admin), sales.id);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind(), ErrorKind::Conflict);
    EXPECT_NE(refused.error().message().find("another group of 1 user"), std::string::npos)
        << refused.error().message();
    EXPECT_TRUE(t.service.getUserGroup(t.system(), sales.id));
    const auto mainGroup = t.service.tryDeleteUserGroup(t.as(admin), t.staff.id);
    EXPECT_EQ(kindOf(mainGroup), ErrorKind::Conflict);
}

TEST_P(UserGroups, DeleteMovesMembersToAnotherGroup)
{
    const UserGroup support = t.service.saveUserGroup(t.system(), { .value = "Support" });
    User ann = t.newUser("ann"); // main group Sales, others Support and Staff
    ann.userGroup = UserGroup { .id = sales.id };
    ann.otherGroups = std::vector<UserGroup> { { .id = support.id }, { .id = t.staff.id } };
    ann = t.service.saveUser(t.system(), ann);
    User bo = t.newUser("bo"); // main group Staff, other Sales
    bo.otherGroups = std::vector<UserGroup> { { .id = sales.id } };
    bo = t.service.saveUser(t.system(), bo);

    t.service.deleteUserGroup(t.as(admin), sales.id, support.id);
    EXPECT_FALSE(t.service.getUserGroup(t.system(), sales.id));
    const User annNow = *t.service.getUser(t.system(), ann.associateId);
    EXPECT_EQ(annNow.userGroup->id, support.id);
    EXPECT_EQ(names(*annNow.otherGroups), (std::vector<std::string> { "Support", "Staff" }));
    const User boNow = *t.service.getUser(t.system(), bo.associateId);
    EXPECT_EQ(names(*boNow.otherGroups), (std::vector<std::string> { "Support" }));
}

TEST_P(UserGroups, DeleteWithoutMembersNeedsNoTarget)
{
    t.service.deleteUserGroup(t.as(admin), sales.id);
    EXPECT_EQ(names(t.service.getAllUserGroups(t.as(admin), true)), (std::vector<std::string> { "Staff" }));
}

TEST_P(UserGroups, EveryChangeIsAudited)
{
    UserGroup changed = sales;
    changed.value = "Field sales";
    t.service.saveUserGroup(t.as(admin), changed);
    changed.deleted = true;
    t.service.saveUserGroup(t.as(admin), changed);
    t.service.deleteUserGroup(t.as(admin), sales.id);
    const auto records = audit();
    ASSERT_GE(records.size(), 4u); // Staff and Sales created, renamed, retired, deleted
    const auto& renamed = records[records.size() - 3];
    EXPECT_EQ(renamed.at("action"), "changed");
    EXPECT_EQ(renamed.at("old").at("Value"), "Sales");
    EXPECT_EQ(renamed.at("new").at("Value"), "Field sales");
    EXPECT_EQ(records[records.size() - 2].at("action"), "retired");
    EXPECT_EQ(records.back().at("action"), "deleted");
    EXPECT_TRUE(records.back().at("new").is_null());
    const auto stored = t.service.records(t.system(), "list-audit", 0);
    EXPECT_EQ(stored.back().by, admin.associateId);
    EXPECT_THROW(t.service.records(t.as(jdoe), "list-audit", 0), Exception); // hidden from ordinary users
}

TEST_P(UserGroups, OnlyUserAdministratorsChangeGroups)
{
    EXPECT_EQ(kindOf(t.service.trySaveUserGroup(t.as(jdoe), { .value = "Mine" })), ErrorKind::Forbidden);
    UserGroup renamed = sales;
    renamed.value = "Mine";
    EXPECT_EQ(kindOf(t.service.trySaveUserGroup(t.as(jdoe), renamed)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryDeleteUserGroup(t.as(jdoe), sales.id)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryCreateUserGroup(t.as(jdoe))), ErrorKind::Forbidden);
    EXPECT_EQ(t.service.getUserGroup(t.system(), sales.id)->value, "Sales");
    EXPECT_TRUE(t.service.tryGetAllUserGroups(t.as(jdoe))); // pick lists are for everyone
}

TEST_P(UserGroups, BadInputIsRefusedByField)
{
    const auto blank = t.service.trySaveUserGroup(t.as(admin), { .value = "  " });
    ASSERT_FALSE(blank);
    EXPECT_EQ(blank.error().kind(), ErrorKind::Validation);
    EXPECT_EQ(blank.error().source(), "UserGroup.Value");
    const auto tooLong = t.service.trySaveUserGroup(t.as(admin), { .value = std::string(256, 'x') });
    EXPECT_EQ(kindOf(tooLong), ErrorKind::Validation);
    const auto control = t.service.trySaveUserGroup(t.as(admin), { .value = "a", .tooltip = std::string("b\0c", 3) });
    ASSERT_FALSE(control);
    EXPECT_EQ(control.error().source(), "UserGroup.Tooltip");
    EXPECT_EQ(kindOf(t.service.trySaveUserGroup(t.as(admin), { .value = "x", .id = 999 })), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.tryDeleteUserGroup(t.as(admin), 999)), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.tryDeleteUserGroup(t.as(admin), sales.id, sales.id)), ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.tryDeleteUserGroup(t.as(admin), sales.id, 999)), ErrorKind::NotFound);
    EXPECT_EQ(names(t.service.getAllUserGroups(t.system(), true)), (std::vector<std::string> { "Staff", "Sales" }));
}

// ---- presence

TEST_P(UserGroups, PresenceIsUnknownUntilSetAndEveryoneSetsTheirOwn)
{
    EXPECT_EQ(t.service.getUserPresenceStatus(t.as(jdoe), 0), UserPresenceStatus {});
    const UserPresenceStatus busy { .status = PresenceStatus::Busy, .message = "In a meeting" };
    EXPECT_EQ(t.service.setUserPresenceStatus(t.as(jdoe), 0, busy), busy);
    EXPECT_EQ(t.service.getUserPresenceStatus(t.as(jdoe), jdoe.associateId), busy);
    EXPECT_EQ(t.service.getUserPresenceStatus(t.as(admin), jdoe.associateId), busy);
}

TEST_P(UserGroups, OthersPresenceIsSetByUserAdministratorsOnly)
{
    const UserPresenceStatus away { .status = PresenceStatus::Away };
    EXPECT_EQ(kindOf(t.service.trySetUserPresenceStatus(t.as(jdoe), admin.associateId, away)), ErrorKind::Forbidden);
    EXPECT_EQ(t.service.getUserPresenceStatus(t.system(), admin.associateId).status, PresenceStatus::Unknown);
    EXPECT_EQ(t.service.setUserPresenceStatus(t.as(admin), jdoe.associateId, away), away);
    EXPECT_EQ(kindOf(t.service.tryGetUserPresenceStatus(t.as(jdoe), 999)), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.tryGetUserPresenceStatus(t.system(), 0)), ErrorKind::BadRequest);
}

TEST_P(UserGroups, PresenceBadInputIsRefused)
{
    const auto tooLong = t.service.trySetUserPresenceStatus(
        t.as(jdoe), 0, { .status = PresenceStatus::Busy, .message = std::string(256, 'x') });
    ASSERT_FALSE(tooLong);
    EXPECT_EQ(tooLong.error().source(), "UserPresenceStatus.Message");
    const auto unknownStatus =
        t.service.trySetUserPresenceStatus(t.as(jdoe), 0, { .status = static_cast<PresenceStatus>(42) });
    EXPECT_EQ(kindOf(unknownStatus), ErrorKind::Validation);
    EXPECT_EQ(t.service.getUserPresenceStatus(t.as(jdoe), 0), UserPresenceStatus {});
}

} // namespace
