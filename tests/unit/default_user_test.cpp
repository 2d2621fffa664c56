// CreateDefaultUser's role: a client that keeps the defaults must not create an
// administrator by accident.
#include <userservice/user_service.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

using namespace userservice;

namespace {

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class DefaultUser : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    UserService service = UserService::open({ .database = databaseFor(GetParam()), .passwordHashing = PasswordHashing::Minimal });
    const CallerContext system = CallerContext::system();
};

INSTANTIATE_TEST_SUITE_P(Stores, DefaultUser, everyBackend, backendName);

TEST_P(DefaultUser, PicksTheFirstRoleWithoutAdministrativeRights)
{
    // Listed first, as the demo's administrator role is.
    service.addRole(system, { .name = "Administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
    service.addRole(system, { .name = "Integration", .roleType = RoleType::System });
    service.addRole(system, { .name = "Retired", .roleType = RoleType::Employee, .deleted = true });
    const Role employee = service.addRole(system, { .name = "Employee", .roleType = RoleType::Employee });
    service.addRole(system, { .name = "Another employee", .roleType = RoleType::Employee });

    for (const User& user : { service.createDefaultUser(system),
             service.createDefaultUserFromUserType(system, UserType::InternalAssociate) }) {
        ASSERT_TRUE(user.role);
        EXPECT_EQ(user.role->roleId, employee.roleId);
        EXPECT_EQ(user.role->name, "Employee");
    }
}

TEST_P(DefaultUser, HasNoRoleWhenEveryRoleHasAdministrativeRights)
{
    service.addRole(system, { .name = "Administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
    service.addRole(system, { .name = "Integration", .roleType = RoleType::System });
    const User user = service.createDefaultUser(system);
    EXPECT_TRUE(!user.role || user.role->roleId == 0) << "role " << user.role->roleId;
}

} // namespace
