// Data rights through the library: the default policy as every role's data, an edited
// policy holding from the next call (own record, own group, others; the secrets), who
// may read and change them, bad input, and the audit of each change.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

using namespace userservice;

namespace {

/// On each store.
class DataRightsTest : public ::testing::TestWithParam<Backend> {
protected:
    DataRightsTest()
        : t({}, { .database = databaseFor(GetParam()) })
    {
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        alice = t.addUser("alice"); // in Staff, as jdoe
        sales = t.service.saveUserGroup(t.system(), { .value = "Sales" });
        User user = t.newUser("bob");
        user.userGroup = sales;
        bob = t.service.saveUser(t.system(), user);
    }

    void set(std::string_view table, RoleRelationToOwner relation, std::string_view value)
    {
        t.service.rolesAndRights().setDataRight(t.as(admin), t.employee.roleId, table, relation, value);
    }
    bool jdoeSees(const User& user) { return t.service.getUser(t.as(jdoe), user.associateId).has_value(); }
    /// The "list-audit" records about data rights (the fixture's group is audited too).
    std::vector<UserRecord> dataRightRecords()
    {
        auto records = t.service.records(t.system(), "list-audit", 0);
        std::erase_if(records, [](const UserRecord& r) { return r.body.find("RoleDataRights") == std::string::npos; });
        return records;
    }
    template <class T> static std::string sourceOf(const Result<T>& result)
    {
        return result ? std::string("(succeeded)") : result.error().source();
    }
    template <class T> static ErrorKind kindOf(const Result<T>& result)
    {
        return result ? ErrorKind::Internal : result.error().kind();
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    testkit::TestService t;
    User admin, jdoe, alice, bob;
    UserGroup sales;
};

INSTANTIATE_TEST_SUITE_P(Stores, DataRightsTest, everyBackend, backendName);

TEST_P(DataRightsTest, EveryRoleStartsWithTheDefaultPolicy)
{
    const auto roleId = t.employee.roleId;
    EXPECT_EQ(t.service.rolesAndRights().getDataRights(t.as(admin), roleId, "associate"),
        (StringDictionary { { "Owner", "rp" }, { "OwnerGroup", "r" }, { "Other", "r" } }));
    EXPECT_EQ(t.service.rolesAndRights().getDataRights(t.as(admin), roleId, "Credentials"),
        (StringDictionary { { "Owner", "r" }, { "OwnerGroup", "" }, { "Other", "" } }));
    EXPECT_EQ(t.service.rolesAndRights().getAllDataRights(t.as(admin), roleId, RoleRelationToOwner::Owner),
        (StringDictionary { { "associate", "rp" }, { "credentials", "r" } }));
    EXPECT_EQ(
        t.service.rolesAndRights().getDataRight(t.as(admin), roleId, "associate", RoleRelationToOwner::Other), "r");
    // What the policy gives: every user read, its own personal fields written.
    EXPECT_TRUE(jdoeSees(alice));
    EXPECT_TRUE(jdoeSees(bob));
    EXPECT_EQ(t.service.getUser(t.as(jdoe), jdoe.associateId)->tableRight->mask,
        ETableRight::Select | ETableRight::RestrictedUpdate);
}

TEST_P(DataRightsTest, AnEditedPolicyHoldsFromTheNextCall)
{
    set("associate", RoleRelationToOwner::Other, "");
    EXPECT_FALSE(jdoeSees(bob)); // another group: now hidden, as if there were no such user
    EXPECT_FALSE(t.service.changeStamps(t.as(jdoe), bob.associateId).has_value());
    EXPECT_TRUE(jdoeSees(alice)); // the same group: still read
    const auto page = t.service.searchUsers(t.as(jdoe), UserQuery {});
    for (const auto& user : page.users)
        EXPECT_NE(user.associateId, bob.associateId);
    EXPECT_GE(page.users.size(), 2u); // jdoe and alice at least

    set("associate", RoleRelationToOwner::OwnerGroup, "rw");
    User changed = t.service.getUser(t.as(jdoe), alice.associateId).value();
    changed.tooltip = "changed by a colleague";
    EXPECT_TRUE(t.service.trySaveUser(t.as(jdoe), changed).has_value());
    EXPECT_EQ(t.service.getUser(t.system(), alice.associateId)->tooltip, "changed by a colleague");

    set("credentials", RoleRelationToOwner::OwnerGroup, "r");
    const auto colleague = t.service.getUser(t.as(jdoe), alice.associateId).value();
    EXPECT_EQ(colleague.fieldProperties->find("Credentials")->fieldRight->mask, EFieldRight::Read);
    set("credentials", RoleRelationToOwner::Owner, "");
    const auto own = t.service.getUser(t.as(jdoe), jdoe.associateId).value();
    EXPECT_EQ(own.fieldProperties->find("Credentials")->fieldRight->mask, EFieldRight::None);

    // Creating users: the Other relation's c.
    EXPECT_FALSE(t.service.trySaveUser(t.as(jdoe), t.newUser("carol")).has_value());
    set("associate", RoleRelationToOwner::Other, "rc");
    EXPECT_TRUE(t.service.trySaveUser(t.as(jdoe), t.newUser("carol")).has_value());

    // An administrator's role holds admin-users: data rights do not narrow it.
    t.service.rolesAndRights().setDataRight(
        t.system(), t.administrator.roleId, "associate", RoleRelationToOwner::Other, "");
    EXPECT_TRUE(t.service.getUser(t.as(admin), bob.associateId).has_value());
}

TEST_P(DataRightsTest, ChangesAreAuditedWithWhoAndOldAndNew)
{
    set("associate", RoleRelationToOwner::OwnerGroup, "rpw");
    const auto records = dataRightRecords();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].by, admin.associateId);
    const auto body = boost::json::parse(records[0].body);
    EXPECT_EQ(body.at("list"), "RoleDataRights");
    EXPECT_EQ(body.at("id"), t.employee.roleId);
    EXPECT_EQ(body.at("table"), "associate");
    EXPECT_EQ(body.at("relation"), "OwnerGroup");
    EXPECT_EQ(body.at("old"), "r");
    EXPECT_EQ(body.at("new"), "rpw");
    set("associate", RoleRelationToOwner::OwnerGroup, "wpr"); // the same right: no change, no record
    EXPECT_EQ(dataRightRecords().size(), 1u);
}

TEST_P(DataRightsTest, ReadingAndChangingNeedAdminRoles)
{
    const auto roleId = t.employee.roleId;
    const auto asJdoe = t.as(jdoe);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryGetAllDataRights(asJdoe, roleId, RoleRelationToOwner::Owner)),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryGetDataRights(asJdoe, roleId, "associate")), ErrorKind::Forbidden);
    EXPECT_EQ(
        kindOf(t.service.rolesAndRights().tryGetDataRight(asJdoe, roleId, "associate", RoleRelationToOwner::Owner)),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySetDataRight(
                  asJdoe, roleId, "associate", RoleRelationToOwner::Other, "rpwcd")),
        ErrorKind::Forbidden);
    EXPECT_EQ(
        t.service.rolesAndRights().getDataRight(t.system(), roleId, "associate", RoleRelationToOwner::Other), "r");
}

TEST_P(DataRightsTest, BadInputIsABadRequestNamingTheParameterAndChangesNothing)
{
    const auto asAdmin = t.as(admin);
    const auto roleId = t.employee.roleId;
    const auto other = RoleRelationToOwner::Other;
    EXPECT_EQ(
        sourceOf(t.service.rolesAndRights().trySetDataRight(asAdmin, roleId, "contact", other, "r")), "tableName");
    EXPECT_EQ(sourceOf(t.service.rolesAndRights().trySetDataRight(
                  asAdmin, roleId, "associate", static_cast<RoleRelationToOwner>(7), "r")),
        "relationToOwner");
    for (const char* malformed : { "rx", "rr", "w", "R", "r ", "--" })
        EXPECT_EQ(sourceOf(t.service.rolesAndRights().trySetDataRight(asAdmin, roleId, "associate", other, malformed)),
            "dataRightValue")
            << malformed;
    const auto unknownRole = t.service.rolesAndRights().trySetDataRight(asAdmin, 999, "associate", other, "r");
    EXPECT_EQ(kindOf(unknownRole), ErrorKind::NotFound);
    EXPECT_EQ(sourceOf(unknownRole), "roleId");
    EXPECT_EQ(sourceOf(t.service.rolesAndRights().tryGetDataRights(asAdmin, roleId, "")), "tableName");
    EXPECT_EQ(
        sourceOf(t.service.rolesAndRights().tryGetAllDataRights(asAdmin, roleId, static_cast<RoleRelationToOwner>(-1))),
        "relationToOwner");
    EXPECT_EQ(t.service.rolesAndRights().getDataRight(asAdmin, roleId, "associate", other), "r");
    EXPECT_TRUE(dataRightRecords().empty());
}

} // namespace
