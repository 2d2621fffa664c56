// Functional rights through the library: the catalogue (built-ins and a plugin's), a
// role's set read, replaced and audited, the roles holding rights; who may do what;
// bad input; a change holds from the next call; an old database's administrators keep
// every right they had.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"
#include "test_data.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

using namespace userservice;

namespace {

/// On each store.
class FunctionalRights : public ::testing::TestWithParam<Backend> {
protected:
    FunctionalRights()
        : t({}, { .database = databaseFor(GetParam()) })
    {
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        alice = t.addUser("alice");
    }

    static std::vector<std::string> names(const std::vector<MDOListItem>& items)
    {
        std::vector<std::string> out;
        for (const auto& item : items)
            out.push_back(item.name.value_or(""));
        return out;
    }
    std::int32_t idOf(std::string_view name)
    {
        for (const auto& item : t.service.rolesAndRights().getAllFunctionalRights(t.system(), RoleType::Unknown))
            if (item.name == name)
                return item.id;
        return 0;
    }
    /// The last "list-audit" record, as JSON.
    boost::json::value lastAudit()
    {
        const auto records = t.service.records(t.system(), "list-audit", 0);
        return records.empty() ? boost::json::value() : boost::json::parse(records.back().body);
    }
    /// Whether jdoe may change alice's role-only fields (what admin-users grants).
    bool jdoeAdministersUsers()
    {
        User changed = t.service.getUser(t.system(), alice.associateId).value();
        changed.tooltip = "changed by jdoe";
        return t.service.trySaveUser(t.as(jdoe), changed).has_value() &&
            t.service.getUser(t.as(jdoe), alice.associateId)->tableRight->mask == ETableRight::FULL;
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
    User admin, jdoe, alice;
};

INSTANTIATE_TEST_SUITE_P(Stores, FunctionalRights, everyBackend, backendName);

TEST_P(FunctionalRights, CatalogueListsTheBuiltInsToAnySignedInCaller)
{
    const auto all = t.service.rolesAndRights().getAllFunctionalRights(t.as(jdoe), RoleType::Employee);
    EXPECT_EQ(names(all),
        (std::vector<std::string> {
            "admin-users", "admin-roles", "admin-groups", "admin-credentials", "issue-tokens", "see-retired-users" }));
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].id, static_cast<std::int32_t>(i + 1));
        EXPECT_FALSE(all[i].toolTip.value_or("").empty());
        EXPECT_EQ(all[i].extraInfo, "");
    }
    // Built-ins are about internal users: not offered to external roles.
    EXPECT_TRUE(t.service.rolesAndRights().getAllFunctionalRights(t.as(jdoe), RoleType::ExternalUser).empty());
}

TEST_P(FunctionalRights, AnAdministratorOfOldHoldsEveryBuiltInRightAndAnEmployeeNone)
{
    EXPECT_EQ(names(t.service.rolesAndRights().getFunctionalRights(t.as(admin), t.administrator.roleId)),
        names(t.service.rolesAndRights().getAllFunctionalRights(t.system(), RoleType::Employee)));
    EXPECT_TRUE(t.service.rolesAndRights().getFunctionalRights(t.as(admin), t.employee.roleId).empty());
}

TEST_P(FunctionalRights, ChangesAreAuditedAndHoldFromTheNextCall)
{
    EXPECT_FALSE(jdoeAdministersUsers());
    const std::int32_t adminUsers = idOf("admin-users");
    t.service.rolesAndRights().setFunctionalRights(t.as(admin), t.employee.roleId, std::vector { adminUsers });
    EXPECT_EQ(names(t.service.rolesAndRights().getFunctionalRights(t.as(admin), t.employee.roleId)),
        std::vector<std::string> { "admin-users" });
    EXPECT_TRUE(jdoeAdministersUsers()); // the next call sees it
    auto audit = lastAudit();
    EXPECT_EQ(audit.at("list"), "RoleFunctionalRights");
    EXPECT_EQ(audit.at("id"), t.employee.roleId);
    EXPECT_EQ(audit.at("old"), boost::json::array {});
    EXPECT_EQ(audit.at("new"), boost::json::array { "admin-users" });
    EXPECT_EQ(t.service.records(t.system(), "list-audit", 0).back().by, admin.associateId);

    t.service.rolesAndRights().setFunctionalRights(t.as(admin), t.employee.roleId, {});
    EXPECT_FALSE(jdoeAdministersUsers()); // removed: the next call is refused
    audit = lastAudit();
    EXPECT_EQ(audit.at("old"), boost::json::array { "admin-users" });
    EXPECT_EQ(audit.at("new"), boost::json::array {});

    // The same set again changes nothing, and records nothing.
    const auto before = t.service.records(t.system(), "list-audit", 0).size();
    t.service.rolesAndRights().setFunctionalRights(t.as(admin), t.employee.roleId, {});
    EXPECT_EQ(t.service.records(t.system(), "list-audit", 0).size(), before);
}

TEST_P(FunctionalRights, ReadingAndChangingARolesRightsNeedsAdminRoles)
{
    const auto roleId = t.employee.roleId;
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryGetFunctionalRights(t.as(jdoe), roleId)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().trySetFunctionalRights(t.as(jdoe), roleId, std::vector { 1 })),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryFindRolesWithFunctionalRight(t.as(jdoe), "admin-users")),
        ErrorKind::Forbidden);
    const std::vector<std::string> adminUsers { "admin-users" };
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryFindRolesWithFunctionalRights(t.as(jdoe), adminUsers)),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryFindRolesWithoutFunctionalRights(t.as(jdoe), adminUsers)),
        ErrorKind::Forbidden);

    // An administrator whose role loses admin-roles loses it on the next call; admin-users stays.
    t.service.rolesAndRights().setFunctionalRights(
        t.as(admin), t.administrator.roleId, std::vector { idOf("admin-users") });
    EXPECT_EQ(kindOf(t.service.rolesAndRights().tryGetFunctionalRights(t.as(admin), roleId)), ErrorKind::Forbidden);
    // Roles as entities too: reading stays, changing needs admin-roles.
    auto roles = t.service.rolesAndRights();
    EXPECT_EQ(kindOf(roles.trySaveRoleEntity(t.as(admin), { .name = "Mine", .roleType = RoleType::Employee })),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(roles.tryDeleteRole(t.as(admin), roleId)), ErrorKind::Forbidden);
    EXPECT_TRUE(roles.getRoleEntity(t.as(admin), roleId).has_value());
    EXPECT_TRUE(t.service.tryGetUser(t.as(admin), alice.associateId).has_value());
    // Groups need admin-groups now.
    EXPECT_EQ(kindOf(t.service.trySaveUserGroup(t.as(admin), { .value = "Sales" })), ErrorKind::Forbidden);
}

TEST_P(FunctionalRights, BadInputIsABadRequestNamingTheParameterAndChangesNothing)
{
    const auto admins = t.as(admin);
    auto result = t.service.rolesAndRights().trySetFunctionalRights(admins, t.employee.roleId, std::vector { 1, 99 });
    EXPECT_EQ(kindOf(result), ErrorKind::BadRequest);
    EXPECT_EQ(sourceOf(result), "functionalRightIds");
    result = t.service.rolesAndRights().trySetFunctionalRights(admins, t.employee.roleId, std::vector { 0 });
    EXPECT_EQ(sourceOf(result), "functionalRightIds");
    result = t.service.rolesAndRights().trySetFunctionalRights(admins, 999, std::vector { 1 });
    EXPECT_EQ(kindOf(result), ErrorKind::NotFound);
    EXPECT_EQ(sourceOf(result), "roleId");
    const auto external = t.service.addRole(t.system(), { .name = "Customers", .roleType = RoleType::ExternalUser });
    result = t.service.rolesAndRights().trySetFunctionalRights(admins, external.roleId, std::vector { 1 });
    EXPECT_EQ(sourceOf(result), "functionalRightIds"); // not offered to external roles
    EXPECT_TRUE(t.service.rolesAndRights().getFunctionalRights(admins, t.employee.roleId).empty());
    for (const auto& record : t.service.records(t.system(), "list-audit", 0))
        EXPECT_EQ(record.body.find("RoleFunctionalRights"), std::string::npos) << record.body;

    EXPECT_EQ(sourceOf(t.service.rolesAndRights().tryGetFunctionalRights(admins, 999)), "roleId");
    EXPECT_EQ(
        sourceOf(t.service.rolesAndRights().tryGetAllFunctionalRights(admins, static_cast<RoleType>(42))), "roleType");
    EXPECT_EQ(sourceOf(t.service.rolesAndRights().tryFindRolesWithFunctionalRight(admins, "Admin Users")),
        "functionalRightName");
    const std::vector<std::string> unknown { "admin-users", "no-such-right" };
    EXPECT_EQ(
        sourceOf(t.service.rolesAndRights().tryFindRolesWithFunctionalRights(admins, unknown)), "functionalRightNames");
    EXPECT_EQ(sourceOf(t.service.rolesAndRights().tryFindRolesWithoutFunctionalRights(admins, unknown)),
        "functionalRightNames");
}

TEST_P(FunctionalRights, FindsTheRolesWithAndWithoutRights)
{
    const auto found = t.service.rolesAndRights().findRolesWithFunctionalRight(t.as(admin), "issue-tokens");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, t.administrator.roleId);
    EXPECT_EQ(found[0].name, "User administrator");
    const std::vector<std::string> some { "issue-tokens", "admin-groups" };
    EXPECT_EQ(t.service.rolesAndRights().findRolesWithFunctionalRights(t.as(admin), some),
        std::vector { t.administrator.roleId });
    EXPECT_EQ(t.service.rolesAndRights().findRolesWithoutFunctionalRights(t.as(admin), some),
        std::vector { t.employee.roleId });
    EXPECT_TRUE(t.service.rolesAndRights().findRolesWithFunctionalRights(t.as(admin), {}).empty());
}

TEST_P(FunctionalRights, APluginAddsARightWithANameOfItsOwn)
{
    t.registry->registerHost(
        [](plugin::Registrar& registrar) { registrar.functionalRight("export-users", "Export the user list"); });
    const auto all = t.service.rolesAndRights().getAllFunctionalRights(t.as(jdoe), RoleType::ExternalUser);
    ASSERT_EQ(all.size(), 1u); // a plugin's right is offered to every role type
    EXPECT_EQ(all[0].id, 7);
    EXPECT_EQ(all[0].name, "export-users");
    EXPECT_EQ(all[0].toolTip, "Export the user list");
    EXPECT_EQ(all[0].extraInfo, "host");
    t.service.rolesAndRights().setFunctionalRights(t.as(admin), t.employee.roleId, std::vector { 7 });
    EXPECT_EQ(t.service.getCurrentPrincipal(t.as(jdoe)).functionalRights, std::vector<std::string> { "export-users" });

    const auto refused = [&](std::string name) {
        try {
            t.registry->registerHost([&](plugin::Registrar& registrar) { registrar.functionalRight(name, "x"); });
        } catch (const PluginException& e) {
            return e.error().kind;
        }
        return PluginErrorKind::NotLoaded; // not refused
    };
    EXPECT_EQ(refused("Export Users"), PluginErrorKind::InvalidName);
    EXPECT_EQ(refused("admin-users"), PluginErrorKind::InvalidName);
    EXPECT_EQ(refused("export-users"), PluginErrorKind::DuplicateName);
}

// Two roles, one with the administer_users flag of old, and a user of each.
constexpr const char* versionSevenRows =
    "INSERT INTO roles (id, name, role_type, administer_users) VALUES (1, 'Admin', 1, 1), (2, 'Staff', 1, 0);"
    "INSERT INTO persons (id, lastname) VALUES (1, 'Admin'), (2, 'Staff');"
    "INSERT INTO users (id, name, role_id, person_id, type, user_name, created_at, updated_at) VALUES "
    "(1, 'AD', 1, 1, 1, 'admin', 0, 0), (2, 'ST', 2, 2, 1, 'staff', 0, 0);";

class FunctionalRightsMigration : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
};

INSTANTIATE_TEST_SUITE_P(Stores, FunctionalRightsMigration, everyBackend, backendName);

TEST_P(FunctionalRightsMigration, AVersion7AdministratorKeepsEveryRightItHad)
{
    TempDir dir;
    const std::string path = databaseAtVersion(GetParam(), 7, versionSevenRows, dir.file("v7.db"));
    auto service = UserService::open({ .database = path, .passwordHashing = PasswordHashing::Minimal });
    const auto admin = CallerContext::user(1);
    EXPECT_EQ(service.getCurrentPrincipal(admin).functionalRights,
        (std::vector<std::string> {
            "admin-credentials", "admin-groups", "admin-roles", "admin-users", "issue-tokens", "see-retired-users" }));
    EXPECT_TRUE(service.getCurrentPrincipal(CallerContext::user(2)).functionalRights->empty());
    // What the flag allowed still works: changing another user, a group, a role's rights, a token.
    User staff = service.getUser(admin, 2).value();
    EXPECT_EQ(staff.tableRight->mask, ETableRight::FULL);
    staff.tooltip = "changed";
    EXPECT_TRUE(service.trySaveUser(admin, staff).has_value());
    EXPECT_TRUE(service.trySaveUserGroup(admin, { .value = "Sales" }).has_value());
    EXPECT_TRUE(service.rolesAndRights().trySetFunctionalRights(admin, 2, std::vector { 3 }).has_value());
    EXPECT_TRUE(service.tryIssueApiToken(admin, 2, "ci").has_value());
}

} // namespace
