// Roles as entities through the library: fetched by id and as pick lists, created with
// stamps, changed (never their type), retired (kept on users, hidden from pick lists),
// deleted with their users moved or refused while users hold them; every change audited
// and in force for the next call; who may do what; bad input. And the credential users
// of a user group.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <chrono>

using namespace userservice;

namespace {

/// On each store.
class Roles : public ::testing::TestWithParam<Backend> {
protected:
    Roles()
        : t({}, { .database = databaseFor(GetParam()) })
    {
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        sellers = t.service.rolesAndRights().saveRoleEntity(
            t.as(admin), { .name = "Sellers", .tooltip = "Sells things", .roleType = RoleType::Employee });
    }

    /// The "list-audit" records about roles, as JSON.
    std::vector<boost::json::value> audit()
    {
        std::vector<boost::json::value> out;
        for (const auto& record : t.service.records(t.system(), "list-audit", 0))
            if (auto body = boost::json::parse(record.body); body.at("list") == "Role")
                out.push_back(std::move(body));
        return out;
    }
    std::vector<std::string> pickList(const CallerContext& caller, RoleType type = RoleType::Unknown)
    {
        std::vector<std::string> names;
        for (const auto& item : t.service.rolesAndRights().getAllRoles(caller, type))
            names.push_back(item.name.value_or(""));
        return names;
    }
    template <class T> static Error errorOf(const Result<T>& result) { return result.error(); }
    template <class T> static ErrorKind kindOf(const Result<T>& result)
    {
        return result ? ErrorKind::Internal : result.error().kind();
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    testkit::TestService t;
    User admin, jdoe;
    RoleEntity sellers;
};

INSTANTIATE_TEST_SUITE_P(Stores, Roles, everyBackend, backendName);

TEST_P(Roles, SaveCreatesWithTheNextRankAndStampsWhoAndWhen)
{
    EXPECT_GT(sellers.roleId, 0);
    EXPECT_EQ(sellers.rank, t.administrator.rank + 1);
    EXPECT_EQ(sellers.created, DateTime::fromUtc(t.clock.now(), {}, DateTime::OffsetStyle::Zulu));
    EXPECT_EQ(sellers.updated, sellers.created);
    ASSERT_TRUE(sellers.createdBy);
    EXPECT_EQ(sellers.createdBy->associateId, admin.associateId);
    EXPECT_EQ(sellers.createdBy->name, admin.name);
    const auto fetched = t.service.rolesAndRights().getRoleEntity(t.as(jdoe), sellers.roleId);
    ASSERT_TRUE(fetched);
    EXPECT_EQ(fetched->name, "Sellers");
    EXPECT_EQ(fetched->tooltip, "Sells things");
    EXPECT_EQ(fetched->roleType, RoleType::Employee);
    EXPECT_EQ(fetched->created, sellers.created);
    const auto role = t.service.rolesAndRights().getRole(t.as(jdoe), sellers.roleId);
    ASSERT_TRUE(role);
    EXPECT_EQ(role->name, "Sellers");
    EXPECT_FALSE(t.service.rolesAndRights().getRole(t.as(jdoe), 9999));
    EXPECT_FALSE(t.service.rolesAndRights().getRoleEntity(t.as(jdoe), 9999));
}

TEST_P(Roles, AnUpdateKeepsTheCreatedStampAndTheType)
{
    t.clock.advance(std::chrono::hours(1));
    RoleEntity changed = sellers;
    changed.name = "Field sellers";
    changed.rank = 0; // not sent: keeps its place
    changed.roleType = RoleType::Unknown; // not sent: keeps its type
    changed.useCategories = true;
    const auto saved = t.service.rolesAndRights().saveRoleEntity(t.system(), changed);
    EXPECT_EQ(saved.name, "Field sellers");
    EXPECT_EQ(saved.rank, sellers.rank);
    EXPECT_EQ(saved.roleType, RoleType::Employee);
    EXPECT_TRUE(saved.useCategories);
    EXPECT_EQ(saved.created, sellers.created);
    EXPECT_EQ(saved.createdBy, sellers.createdBy);
    EXPECT_NE(saved.updated, sellers.updated);
    ASSERT_TRUE(saved.updatedBy);
    EXPECT_EQ(saved.updatedBy->associateId, 0); // the system
    EXPECT_FALSE(saved.updatedBy->name);
    EXPECT_EQ(*t.service.rolesAndRights().getRoleEntity(t.as(admin), sellers.roleId), saved);
}

TEST_P(Roles, TheTypeCannotChangeAfterCreation)
{
    RoleEntity changed = sellers;
    changed.roleType = RoleType::ExternalUser;
    const auto refused = t.service.rolesAndRights().trySaveRoleEntity(t.as(admin), changed);
    ASSERT_EQ(kindOf(refused), ErrorKind::BadRequest);
    EXPECT_EQ(errorOf(refused).source(), "RoleEntity.RoleType");
    EXPECT_NE(errorOf(refused).message().find("Employee"), std::string::npos);
    EXPECT_EQ(t.service.rolesAndRights().getRoleEntity(t.as(admin), sellers.roleId)->roleType,
        RoleType::Employee); // nothing lost
}

TEST_P(Roles, NamesAreUniqueIgnoringCase)
{
    const auto taken = t.service.rolesAndRights().trySaveRoleEntity(
        t.as(admin), { .name = "SELLERS", .roleType = RoleType::Employee });
    ASSERT_EQ(kindOf(taken), ErrorKind::Conflict);
    EXPECT_EQ(errorOf(taken).source(), "RoleEntity.Name");
    RoleEntity renamed =
        t.service.rolesAndRights().saveRoleEntity(t.as(admin), { .name = "Other", .roleType = RoleType::Employee });
    renamed.name = "employee";
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySaveRoleEntity(t.as(admin), renamed)), ErrorKind::Conflict);
    RoleEntity same = sellers; // its own name is no conflict
    same.name = "sellers";
    EXPECT_EQ(t.service.rolesAndRights().saveRoleEntity(t.as(admin), same).name, "sellers");
}

TEST_P(Roles, RetiredRolesLeavePickListsButStayOnUsers)
{
    User seller = t.newUser("seller");
    seller.role = Role { .roleId = sellers.roleId };
    seller = t.service.saveUser(t.system(), seller);
    EXPECT_EQ(pickList(t.as(jdoe)), (std::vector<std::string> { "Employee", "User administrator", "Sellers" }));
    RoleEntity retired = sellers;
    retired.deleted = true;
    t.service.rolesAndRights().saveRoleEntity(t.as(admin), retired);
    EXPECT_EQ(pickList(t.as(jdoe)), (std::vector<std::string> { "Employee", "User administrator" }));
    EXPECT_TRUE(t.service.rolesAndRights().getRole(t.as(jdoe), sellers.roleId)->deleted);
    EXPECT_EQ(t.service.getUser(t.system(), seller.associateId)->role->roleId, sellers.roleId);
}

TEST_P(Roles, GetAllRolesFiltersByType)
{
    t.service.rolesAndRights().saveRoleEntity(t.system(), { .name = "Partners", .roleType = RoleType::ExternalUser });
    EXPECT_EQ(pickList(t.as(jdoe), RoleType::ExternalUser), (std::vector<std::string> { "Partners" }));
    const auto all = t.service.rolesAndRights().getAllRoles(t.as(jdoe));
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all.back().type, "ExternalUser");
    EXPECT_EQ(all.back().id, t.service.rolesAndRights().getAllRoles(t.as(jdoe), RoleType::ExternalUser).front().id);
    EXPECT_TRUE(t.service.rolesAndRights().getAllRoles(t.as(jdoe), RoleType::Anonymous).empty());
}

TEST_P(Roles, DeleteIsAConflictWhileUsersHoldTheRoleNamingHowMany)
{
    const auto refused = t.service.rolesAndRights().tryDeleteRole(t.as(admin), t.employee.roleId);
    ASSERT_EQ(kindOf(refused), ErrorKind::Conflict);
    EXPECT_NE(errorOf(refused).message().find("held by 1 user(s)"), std::string::npos) << errorOf(refused).message();
    EXPECT_TRUE(t.service.rolesAndRights().getRole(t.system(), t.employee.roleId)); // nothing lost
    t.service.rolesAndRights().deleteRole(t.as(admin), sellers.roleId); // nobody holds it
    EXPECT_FALSE(t.service.rolesAndRights().getRole(t.system(), sellers.roleId));
}

TEST_P(Roles, DeleteMovesTheHoldersAndTheChangeGovernsTheNextCall)
{
    t.service.rolesAndRights().deleteRole(t.system(), t.administrator.roleId, t.employee.roleId);
    EXPECT_EQ(t.service.getUser(t.system(), admin.associateId)->role->roleId, t.employee.roleId);
    EXPECT_FALSE(t.service.rolesAndRights().getRole(t.system(), t.administrator.roleId));
    // admin held the only administrative role: its next call is an ordinary user's.
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySaveRoleEntity(
                  t.as(admin), { .name = "Mine", .roleType = RoleType::Employee })),
        ErrorKind::Forbidden);
}

TEST_P(Roles, DeleteRefusesABadReplacement)
{
    const auto itself = t.service.rolesAndRights().tryDeleteRole(t.as(admin), sellers.roleId, sellers.roleId);
    EXPECT_EQ(kindOf(itself), ErrorKind::BadRequest);
    const auto unknown = t.service.rolesAndRights().tryDeleteRole(t.as(admin), t.employee.roleId, 9999);
    ASSERT_EQ(kindOf(unknown), ErrorKind::NotFound);
    EXPECT_EQ(errorOf(unknown).source(), "replacingRoleId");
    RoleEntity retired = sellers;
    retired.deleted = true;
    t.service.rolesAndRights().saveRoleEntity(t.as(admin), retired);
    const auto toRetired = t.service.rolesAndRights().tryDeleteRole(t.as(admin), t.employee.roleId, sellers.roleId);
    ASSERT_EQ(kindOf(toRetired), ErrorKind::BadRequest);
    EXPECT_EQ(errorOf(toRetired).source(), "replacingRoleId");
    const auto missing = t.service.rolesAndRights().tryDeleteRole(t.as(admin), 9999, t.employee.roleId);
    ASSERT_EQ(kindOf(missing), ErrorKind::NotFound);
    EXPECT_EQ(errorOf(missing).source(), "roleIdToDelete");
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->role->roleId, t.employee.roleId); // nothing moved
}

TEST_P(Roles, OnlyUserAdministratorsChangeRolesAndEveryoneReadsThem)
{
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySaveRoleEntity(
                  t.as(jdoe), { .name = "Mine", .roleType = RoleType::Employee })),
        ErrorKind::Forbidden);
    RoleEntity renamed = sellers;
    renamed.name = "Mine";
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySaveRoleEntity(t.as(jdoe), renamed)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryDeleteRole(t.as(jdoe), sellers.roleId)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryCreateDefaultRoleEntity(t.as(jdoe))), ErrorKind::Forbidden);
    EXPECT_EQ(t.service.rolesAndRights().getRoleEntity(t.system(), sellers.roleId)->name, "Sellers"); // nothing lost
    EXPECT_EQ(t.service.rolesAndRights().getAllRoles(t.as(jdoe)).size(), 3u);
    // A System role escapes every right: only the system makes one.
    const RoleEntity system { .name = "Robots", .roleType = RoleType::System };
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySaveRoleEntity(t.as(admin), system)), ErrorKind::Forbidden);
    EXPECT_EQ(t.service.rolesAndRights().saveRoleEntity(t.system(), system).roleType, RoleType::System);
}

TEST_P(Roles, EveryChangeIsAuditedWithWhoAndOldAndNew)
{
    RoleEntity changed = sellers;
    changed.name = "Field sellers";
    changed = t.service.rolesAndRights().saveRoleEntity(t.as(admin), changed);
    changed.deleted = true;
    t.service.rolesAndRights().saveRoleEntity(t.as(admin), changed);
    t.service.rolesAndRights().deleteRole(t.as(admin), sellers.roleId);
    const auto records = audit();
    ASSERT_EQ(records.size(), 6u); // Employee, User administrator, Sellers created; renamed, retired, deleted
    EXPECT_EQ(records[2].at("action"), "created");
    EXPECT_TRUE(records[2].at("old").is_null());
    EXPECT_EQ(records[2].at("new").at("Name"), "Sellers");
    EXPECT_EQ(records[3].at("action"), "changed");
    EXPECT_EQ(records[3].at("old").at("Name"), "Sellers");
    EXPECT_EQ(records[3].at("new").at("Name"), "Field sellers");
    EXPECT_EQ(records[4].at("action"), "retired");
    EXPECT_EQ(records[5].at("action"), "deleted");
    EXPECT_EQ(records[5].at("id"), sellers.roleId);
    EXPECT_TRUE(records[5].at("new").is_null());
    EXPECT_EQ(t.service.records(t.system(), "list-audit", 0).back().by, admin.associateId);
}

TEST_P(Roles, BadInputIsRefusedNamingTheField)
{
    const auto blank =
        t.service.rolesAndRights().trySaveRoleEntity(t.as(admin), { .name = " ", .roleType = RoleType::Employee });
    ASSERT_EQ(kindOf(blank), ErrorKind::Validation);
    EXPECT_EQ(errorOf(blank).source(), "RoleEntity.Name");
    const auto longName = t.service.rolesAndRights().trySaveRoleEntity(
        t.as(admin), { .name = std::string(256, 'x'), .roleType = RoleType::Employee });
    EXPECT_EQ(kindOf(longName), ErrorKind::Validation);
    const auto control =
        t.service.rolesAndRights().trySaveRoleEntity(t.as(admin), { .name = "a\nb", .roleType = RoleType::Employee });
    EXPECT_EQ(kindOf(control), ErrorKind::Validation);
    const auto noType = t.service.rolesAndRights().trySaveRoleEntity(t.as(admin), { .name = "Typeless" });
    ASSERT_EQ(kindOf(noType), ErrorKind::Validation);
    EXPECT_EQ(errorOf(noType).source(), "RoleEntity.RoleType");
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySaveRoleEntity(
                  t.as(admin), { .name = "Odd", .roleType = static_cast<RoleType>(42) })),
        ErrorKind::Validation);
    const auto unknown = t.service.rolesAndRights().trySaveRoleEntity(
        t.as(admin), { .roleId = 9999, .name = "Ghost", .roleType = RoleType::Employee });
    EXPECT_EQ(kindOf(unknown), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryGetAllRoles(t.as(jdoe), static_cast<RoleType>(42))),
        ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryCreateDefaultRoleEntityFromType(t.as(admin), RoleType::Unknown)),
        ErrorKind::Validation);
    EXPECT_EQ(t.service.rolesAndRights().getAllRoles(t.system()).size(), 3u); // nothing stored
}

TEST_P(Roles, DefaultEntitiesAreUnsavedAndRankedLast)
{
    const auto made = t.service.rolesAndRights().createDefaultRoleEntity(t.as(admin));
    EXPECT_EQ(made.roleId, 0);
    EXPECT_EQ(made.roleType, RoleType::Employee);
    EXPECT_EQ(made.rank, sellers.rank + 1);
    EXPECT_EQ(t.service.rolesAndRights().createDefaultRoleEntityFromType(t.as(admin), RoleType::Anonymous).roleType,
        RoleType::Anonymous);
    EXPECT_EQ(t.service.rolesAndRights().getAllRoles(t.system()).size(), 3u);
}

/// On each store.
class CredentialUsersInGroup : public ::testing::TestWithParam<Backend> {
protected:
    CredentialUsersInGroup()
        : t({}, { .database = databaseFor(GetParam()) })
    {
        t.service.addCredentialType(t.system(), { .type = "ad", .displayType = "Active Directory" });
        sales = t.service.saveUserGroup(t.system(), { .value = "Sales" });
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        User inSales = t.newUser("ann");
        inSales.userGroup = UserGroup { .id = sales.id };
        ann = t.service.saveUser(t.system(), inSales);
        User alsoSales = t.newUser("bob");
        alsoSales.otherGroups = std::vector<UserGroup> { { .id = sales.id } };
        bob = t.service.saveUser(t.system(), alsoSales);
        for (const User* user : { &jdoe, &ann, &bob })
            t.service.saveCredential(t.system(), user->associateId,
                { .type = CredentialType { .type = "ad" }, .value = "CORP\\" + *user->userName });
    }
    static std::vector<std::string> userNames(const CredentialsGroupUsers& found)
    {
        std::vector<std::string> names;
        for (const auto& user : *found.users)
            names.push_back(user.info->at(0));
        return names;
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    testkit::TestService t;
    UserGroup sales;
    User admin, jdoe, ann, bob;
};

INSTANTIATE_TEST_SUITE_P(Stores, CredentialUsersInGroup, everyBackend, backendName);

TEST_P(CredentialUsersInGroup, FindsMainAndOtherGroupMembersWithThatCredential)
{
    const auto found = t.service.getCredentialUsersInGroup(t.as(admin), "ad", sales.id);
    EXPECT_EQ(userNames(found), (std::vector<std::string> { "ann", "bob" }));
    EXPECT_EQ((*found.users)[0].value, "CORP\\ann");
    EXPECT_EQ(userNames(t.service.getCredentialUsersInGroup(t.as(admin), "ad", t.staff.id)),
        (std::vector<std::string> { "jdoe", "bob" }));
    EXPECT_TRUE(t.service.getCredentialUsersInGroup(t.as(admin), "password", sales.id).users->empty());
}

TEST_P(CredentialUsersInGroup, ShowsOnlyWhatTheCallerMayRead)
{
    // An employee reads its own Credentials, not others': nobody in Sales is found.
    EXPECT_TRUE(t.service.getCredentialUsersInGroup(t.as(jdoe), "ad", sales.id).users->empty());
    EXPECT_EQ(userNames(t.service.getCredentialUsersInGroup(t.as(jdoe), "ad", t.staff.id)),
        (std::vector<std::string> { "jdoe" }));
}

TEST_P(CredentialUsersInGroup, BadInputIsRefused)
{
    const auto unknownGroup = t.service.tryGetCredentialUsersInGroup(t.as(admin), "ad", 9999);
    ASSERT_FALSE(unknownGroup);
    EXPECT_EQ(unknownGroup.error().kind(), ErrorKind::NotFound);
    EXPECT_EQ(unknownGroup.error().source(), "groupId");
    const auto unknownType = t.service.tryGetCredentialUsersInGroup(t.as(admin), "nope", sales.id);
    ASSERT_FALSE(unknownType);
    EXPECT_EQ(unknownType.error().kind(), ErrorKind::BadRequest);
}

} // namespace
