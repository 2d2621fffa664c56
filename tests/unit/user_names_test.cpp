// User names, user info and look-ups through the library: each call's answer, who
// may call it (rights), and what bad input gets.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include <SQLiteCpp/Database.h>
#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <unistd.h>

using namespace userservice;

namespace {

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class UserNames : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    UserNames()
    {
        t.registry->registerHost([](plugin::Registrar& r) {
            r.validator("no-root", [](const CallerContext&, const User& user) {
                std::vector<FieldError> problems;
                if (user.userName == "root")
                    problems.push_back({ "User.UserName", "root is reserved" });
                if (user.tooltip == "robot")
                    problems.push_back({ "User.Tooltip", "robots may not be users" }); // another field
                return problems;
            });
        });
        admin = t.addAdministrator("admin");
        User john = t.newUser("jdoe");
        john.person->firstname = "John";
        john.person->lastname = "Doe";
        jdoe = t.service.saveUser(t.system(), john);
        alice = t.addUser("alice");
        eve = t.addUser("eve", UserType::ExternalAssociate);
    }

    ErrorKind kindOf(const auto& result) { return result ? ErrorKind::Internal : result.error().kind(); }

    testkit::TestService t { {}, { .database = databaseFor(GetParam()) } };
    User admin, jdoe, alice, eve;
};

INSTANTIATE_TEST_SUITE_P(Stores, UserNames, everyBackend, backendName);

std::vector<std::int32_t> idsOf(const std::vector<User>& users)
{
    std::vector<std::int32_t> ids;
    for (const auto& user : users)
        ids.push_back(user.associateId);
    return ids;
}

// ---- look-ups

TEST_P(UserNames, GetUsersFromPersonIdListsThePersonsUsersTheCallerMaySee)
{
    const std::int32_t person = jdoe.person->personId;
    EXPECT_EQ(idsOf(t.service.getUsersFromPersonId(t.as(alice), person)), std::vector { jdoe.associateId });
    EXPECT_TRUE(t.service.getUsersFromPersonId(t.as(eve), person).empty()); // eve sees only herself
    EXPECT_TRUE(t.service.getUsersFromPersonId(t.as(admin), 999).empty());
    const auto hidden = t.service.getUsersFromPersonId(t.as(alice), person).front();
    EXPECT_FALSE(hidden.credentials.has_value()) << "rights applied as getUser does";
    EXPECT_EQ(kindOf(t.service.tryGetUsersFromPersonId(t.as(admin), 0)), ErrorKind::BadRequest);
}

TEST_P(UserNames, GetUsersFromEjUserIdFindsStoredEjUserIds)
{
    const auto path = std::filesystem::temp_directory_path() / ("names-ej-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    {
        auto service = UserService::open({ .database = path.string(), .passwordHashing = PasswordHashing::Minimal });
        const auto role =
            service.addRole(CallerContext::system(), { .name = "Employee", .roleType = RoleType::Employee });
        User user = t.newUser("ej");
        user.role = Role { .roleId = role.roleId };
        user.userGroup.reset();
        const auto ej = service.saveUser(CallerContext::system(), user);
        const auto external = service.saveUser(CallerContext::system(), [&] {
            User other = t.newUser("ext", UserType::ExternalAssociate);
            other.role = Role { .roleId = role.roleId };
            other.userGroup.reset();
            return other;
        }());
        // EjUserId is computed (never taken from a save): eJournal writes it.
        SQLite::Database(path.string(), SQLite::OPEN_READWRITE)
            .exec("UPDATE users SET ej_user_id = 77 WHERE id = " + std::to_string(ej.associateId));
        EXPECT_EQ(idsOf(service.getUsersFromEjUserId(CallerContext::system(), 77)), std::vector { ej.associateId });
        EXPECT_TRUE(service.getUsersFromEjUserId(CallerContext::user(external.associateId), 77).empty());
        EXPECT_TRUE(service.getUsersFromEjUserId(CallerContext::system(), 78).empty());
        EXPECT_EQ(service.tryGetUsersFromEjUserId(CallerContext::system(), -1).error().kind(), ErrorKind::BadRequest);
    }
    std::filesystem::remove(path);
}

TEST_P(UserNames, GetUserInfoIsTheUserInBriefAsTheCallerMaySeeIt)
{
    const auto info = t.service.getUserInfo(t.as(alice), jdoe.associateId);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->userInfoId, jdoe.associateId);
    EXPECT_EQ(info->userName, "jdoe");
    EXPECT_EQ(info->personId, jdoe.person->personId);
    EXPECT_EQ(info->userType, UserType::InternalAssociate);
    EXPECT_EQ(info->roleName, "Employee");
    EXPECT_EQ(info->userGroupId, t.staff.id);
    EXPECT_EQ(info->userGroupName, "Staff");
    EXPECT_TRUE(info->canLogon);
    ASSERT_TRUE(info->fieldProperties);
    EXPECT_EQ(info->fieldProperties->find("UserName")->fieldRight->mask, EFieldRight::Read);
    EXPECT_FALSE(t.service.getUserInfo(t.as(eve), jdoe.associateId)) << "eve may not see jdoe";
    EXPECT_FALSE(t.service.getUserInfo(t.as(admin), 999));
    EXPECT_EQ(kindOf(t.service.tryGetUserInfo(t.as(admin), 0)), ErrorKind::BadRequest);
}

TEST(UserInfoRights, AUserInfoHidesWhatARightsModifierHides)
{
    ServiceOptions options;
    options.rightsModifiers.push_back([](const Principal& caller, const User*, UserRights& rights) {
        if (caller.isSystem())
            return;
        for (auto* carrier : { &rights.user, &rights.role })
            for (auto& [name, property] : carrier->fields)
                if (name == "UserName" || name == "Name")
                    property.fieldRight = FieldRight { EFieldRight::None, "[SR_RIGHTS_HIDDEN]" };
    });
    testkit::TestService t({}, std::move(options));
    const auto reader = t.addUser("reader");
    const auto target = t.addUser("target");
    const auto info = t.service.getUserInfo(t.as(reader), target.associateId);
    ASSERT_TRUE(info);
    EXPECT_FALSE(info->userName.has_value());
    EXPECT_FALSE(info->roleName.has_value());
    EXPECT_EQ(info->fieldProperties->find("UserName")->fieldRight->mask, EFieldRight::None);
    EXPECT_EQ(info->fieldProperties->find("RoleName")->fieldRight->mask, EFieldRight::None);
    EXPECT_EQ(info->fieldProperties->find("Tooltip")->fieldRight->mask, EFieldRight::Read);
}

TEST_P(UserNames, GetUserInfoListKeepsTheOrderAndSkipsWhatTheCallerMayNotSee)
{
    const std::vector ids { alice.associateId, 999, eve.associateId, jdoe.associateId };
    const auto infos = t.service.getUserInfoList(t.as(alice), ids);
    ASSERT_EQ(infos.size(), 3u);
    EXPECT_EQ(infos[0].userInfoId, alice.associateId);
    EXPECT_EQ(infos[1].userInfoId, eve.associateId);
    EXPECT_EQ(infos[2].userInfoId, jdoe.associateId);
    const auto own = t.service.getUserInfoList(t.as(eve), ids); // an external user sees only itself
    ASSERT_EQ(own.size(), 1u);
    EXPECT_EQ(own[0].userInfoId, eve.associateId);
    const std::vector bad { alice.associateId, -2 };
    const auto refused = t.service.tryGetUserInfoList(t.as(admin), bad);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("userInfoIds[1]"), std::string::npos);
}

// ---- the caller itself

TEST_P(UserNames, GetCurrentUserIsTheCallersOwnUser)
{
    const auto own = t.service.getCurrentUser(t.as(eve));
    ASSERT_TRUE(own);
    EXPECT_EQ(own->associateId, eve.associateId);
    EXPECT_FALSE(t.service.getCurrentUser(t.system())) << "the system has no user";
    auto partner = t.as(alice);
    partner.appToken = "app";
    EXPECT_EQ(kindOf(t.service.tryGetCurrentUser(partner)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryGetCurrentUser(CallerContext::user(999))), ErrorKind::Unauthorized);
}

TEST_P(UserNames, GetCurrentPrincipalSaysWhoTheCallerIs)
{
    auto context = t.as(admin);
    context.language = "en";
    const auto principal = t.service.getCurrentPrincipal(context);
    EXPECT_EQ(principal.associateId, admin.associateId);
    EXPECT_EQ(principal.userName, "admin");
    EXPECT_EQ(principal.roleId, t.administrator.roleId);
    EXPECT_EQ(principal.roleName, "User administrator");
    EXPECT_EQ(principal.userGroupName, "Staff");
    // An administrator of old holds every built-in right, sorted by name.
    EXPECT_EQ(principal.functionalRights,
        (std::vector<std::string> {
            "admin-credentials", "admin-groups", "admin-roles", "admin-users", "issue-tokens", "see-retired-users" }));
    EXPECT_EQ(principal.language, "en");
    const auto ordinary = t.service.getCurrentPrincipal(t.as(alice));
    EXPECT_EQ(ordinary.functionalRights, std::vector<std::string> {});
    EXPECT_FALSE(ordinary.language.has_value());
    EXPECT_EQ(kindOf(t.service.tryGetCurrentPrincipal(CallerContext::user(999))), ErrorKind::Unauthorized);
}

// ---- defaults

TEST_P(UserNames, CreateDefaultUserFromUserTypeSetsTheType)
{
    const auto user = t.service.createDefaultUserFromUserType(t.as(admin), UserType::ExternalAssociate);
    EXPECT_EQ(user.type, UserType::ExternalAssociate);
    EXPECT_EQ(user.associateId, 0);
    EXPECT_EQ(
        kindOf(t.service.tryCreateDefaultUserFromUserType(t.as(admin), UserType::Unknown)), ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.tryCreateDefaultUserFromUserType(t.as(admin), static_cast<UserType>(42))),
        ErrorKind::BadRequest);
}

TEST_P(UserNames, CreateDefaultUserFromUserTypeAndPersonIdTakesTheStoredPerson)
{
    const auto user = t.service.createDefaultUserFromUserTypeAndPersonId(
        t.as(admin), UserType::ExternalAssociate, jdoe.person->personId);
    ASSERT_TRUE(user.person);
    EXPECT_EQ(user.person->personId, jdoe.person->personId);
    EXPECT_EQ(user.person->firstname, "John");
    EXPECT_EQ(user.person->fullName, "John Doe");
    EXPECT_EQ(user.type, UserType::ExternalAssociate);
    // eve may not see jdoe, so his person is not found for her; nor is one that does not exist.
    EXPECT_EQ(kindOf(t.service.tryCreateDefaultUserFromUserTypeAndPersonId(
                  t.as(eve), UserType::ExternalAssociate, jdoe.person->personId)),
        ErrorKind::NotFound);
    EXPECT_EQ(
        kindOf(t.service.tryCreateDefaultUserFromUserTypeAndPersonId(t.as(admin), UserType::ExternalAssociate, 999)),
        ErrorKind::NotFound);
    EXPECT_EQ(
        kindOf(t.service.tryCreateDefaultUserFromUserTypeAndPersonId(t.as(admin), UserType::ExternalAssociate, -1)),
        ErrorKind::BadRequest);
}

// ---- user names

TEST_P(UserNames, TheDefaultUserNameComesFromThePersonsNames)
{
    User user;
    user.person = Person { .firstname = "Åse", .lastname = "Van Dyke" };
    EXPECT_EQ(t.service.getDefaultAssociateUserName(t.as(admin), user), "Åvandyke");
    user.person = Person { .lastname = "Doe" };
    EXPECT_EQ(t.service.getDefaultAssociateUserName(t.as(admin), user), "doe");
    user.person = Person {};
    EXPECT_EQ(kindOf(t.service.tryGetDefaultAssociateUserName(t.as(admin), user)), ErrorKind::BadRequest);
    user.person = Person { .lastname = "Doe" };
    EXPECT_EQ(kindOf(t.service.tryGetDefaultAssociateUserName(t.as(alice), user)), ErrorKind::Forbidden)
        << "an employee may not create users";
}

TEST_P(UserNames, AValidUserNameIsTheNameOrTheNameWithANumber)
{
    EXPECT_EQ(t.service.getValidUserName(t.as(admin), 0, UserType::InternalAssociate, 0, "newbie"), "newbie");
    EXPECT_EQ(t.service.getValidUserName(t.as(admin), 0, UserType::InternalAssociate, 0, "JDOE"), "JDOE2");
    t.addUser("jdoe2");
    EXPECT_EQ(t.service.getValidUserName(t.as(admin), 0, UserType::InternalAssociate, 0, "jdoe"), "jdoe3");
    EXPECT_EQ(t.service.getValidUserName(t.as(admin), jdoe.associateId, UserType::Unknown, 0, "jdoe"), "jdoe")
        << "a user's own name is free for it";
    EXPECT_EQ(
        t.service.getValidUserName(t.as(admin), 0, UserType::InternalAssociate, jdoe.person->personId, ""), "jdoe3")
        << "from the person's names";
    EXPECT_EQ(kindOf(t.service.tryGetValidUserName(t.as(admin), 0, UserType::InternalAssociate, 0, "root")),
        ErrorKind::Validation)
        << "the validators speak";
    EXPECT_EQ(
        kindOf(t.service.tryGetValidUserName(t.as(admin), 0, UserType::InternalAssociate, 0, std::string(300, 'x'))),
        ErrorKind::Validation);
    EXPECT_EQ(kindOf(t.service.tryGetValidUserName(t.as(alice), 0, UserType::InternalAssociate, 0, "x")),
        ErrorKind::Forbidden);
}

TEST_P(UserNames, AValidUserNameForANewUserStartsFromItsUserNameOrPerson)
{
    User user = t.newUser("alice");
    EXPECT_EQ(t.service.getValidUserNameForNewUser(t.as(admin), user), "alice2");
    user.userName.reset();
    user.person = Person { .firstname = "John", .lastname = "Doe" };
    EXPECT_EQ(t.service.getValidUserNameForNewUser(t.as(admin), user), "jdoe2");
    user.person = Person {};
    EXPECT_EQ(kindOf(t.service.tryGetValidUserNameForNewUser(t.as(admin), user)), ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.tryGetValidUserNameForNewUser(t.as(eve), t.newUser("x"))), ErrorKind::Forbidden);
}

TEST_P(UserNames, IsUserNameValidAppliesSaveUsersRulesAndUniqueness)
{
    const auto check = [&](std::int32_t id, const std::string& name) {
        return t.service.isUserNameValidWithReason(t.as(admin), id, UserType::InternalAssociate, 0, name);
    };
    EXPECT_EQ(check(0, "newbie"), (UserValidationResult { .reason = "", .result = true }));
    EXPECT_EQ(check(0, "JDoe").reason, "User.UserName \"JDoe\" is already taken") << "no word of who has it";
    EXPECT_TRUE(check(jdoe.associateId, "JDoe").result) << "its own name";
    EXPECT_EQ(check(0, "").reason, "User.UserName is required");
    EXPECT_NE(check(0, std::string(255, 'x')).reason->find("at most 254"), std::string::npos);
    EXPECT_EQ(check(0, "root").reason, "User.UserName root is reserved");
    EXPECT_FALSE(t.service.isUserNameValid(t.as(admin), 0, UserType::InternalAssociate, 0, "alice"));
    EXPECT_TRUE(t.service.isUserNameValid(t.as(admin), 0, UserType::InternalAssociate, 0, "bob"));
}

TEST_P(UserNames, OnlyACallerWhoMayWriteTheUserNameMayAskAboutIt)
{
    // alice may not create users, nor change her own UserName; eve may not see alice.
    EXPECT_EQ(kindOf(t.service.tryIsUserNameValid(t.as(alice), 0, UserType::InternalAssociate, 0, "x")),
        ErrorKind::Forbidden);
    const auto own = t.service.tryIsUserNameValidWithReason(t.as(alice), alice.associateId, UserType::Unknown, 0, "x");
    ASSERT_FALSE(own);
    EXPECT_EQ(own.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(own.error().source(), "User.UserName");
    EXPECT_EQ(kindOf(t.service.tryIsUserNameValid(t.as(eve), alice.associateId, UserType::Unknown, 0, "x")),
        ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.tryIsUserNameValid(t.as(admin), -1, UserType::Unknown, 0, "x")), ErrorKind::BadRequest);
    auto partner = t.as(admin);
    partner.appToken = "app";
    EXPECT_EQ(kindOf(t.service.tryIsUserNameValid(partner, 0, UserType::Unknown, 0, "x")), ErrorKind::Forbidden);
}

TEST_P(UserNames, IsNickNameUniqueForAUserWhoMayWriteIt)
{
    User withNick = t.newUser("nicky");
    withNick.nickName = "Nick";
    withNick = t.service.saveUser(t.system(), withNick);
    EXPECT_FALSE(t.service.isNickNameUnique(t.as(alice), alice.associateId, "NICK")) << "alice may change her own";
    EXPECT_TRUE(t.service.isNickNameUnique(t.as(alice), alice.associateId, "Ally"));
    EXPECT_TRUE(t.service.isNickNameUnique(t.as(alice), alice.associateId, "")) << "blank nick names never clash";
    EXPECT_TRUE(t.service.isNickNameUnique(t.as(admin), withNick.associateId, "nick")) << "its own";
    EXPECT_EQ(kindOf(t.service.tryIsNickNameUnique(t.as(alice), jdoe.associateId, "x")), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryIsNickNameUnique(t.as(eve), eve.associateId, "x")), ErrorKind::Forbidden)
        << "an external user may not change its own record";
    EXPECT_EQ(kindOf(t.service.tryIsNickNameUnique(t.as(admin), -5, "x")), ErrorKind::BadRequest);
}

} // namespace
