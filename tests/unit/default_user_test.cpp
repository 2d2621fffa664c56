// CreateDefaultUser's role: a client that keeps the defaults must not create an
// administrator by accident.
#include <userservice/user_service.hpp>

#include <gtest/gtest.h>

using namespace userservice;

namespace {

class DefaultUser : public ::testing::Test {
protected:
    UserService service = UserService::open({ .database = ":memory:", .passwordHashing = PasswordHashing::Minimal });
    const CallerContext system = CallerContext::system();
};

TEST_F(DefaultUser, PicksTheFirstRoleWithoutAdministrativeRights)
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

TEST_F(DefaultUser, HasNoRoleWhenEveryRoleHasAdministrativeRights)
{
    service.addRole(system, { .name = "Administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
    service.addRole(system, { .name = "Integration", .roleType = RoleType::System });
    const User user = service.createDefaultUser(system);
    EXPECT_TRUE(!user.role || user.role->roleId == 0) << "role " << user.role->roleId;
}

} // namespace
