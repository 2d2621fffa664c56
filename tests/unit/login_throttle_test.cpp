// Sign-ins throttled per client address and user name, and the Argon2id work that a
// refused save or a throttled sign-in never does (issue 11, items 1 and 2).
#include <userservice/service_options.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

using namespace userservice;
using namespace std::chrono_literals;
using testkit::TestService;

namespace {

User withPasswords(User user, std::size_t count, const std::string& password)
{
    user.credentials =
        std::vector<Credential>(count, Credential { .type = CredentialType { .type = "password" }, .value = password });
    return user;
}

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class Throttled : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    ServiceOptions throttled() const
    {
        ServiceOptions options;
        options.database = databaseFor(GetParam());
        options.loginThrottling = { .freeFailuresPerName = 3,
            .freeFailuresPerAddress = 5,
            .firstLockout = 10s,
            .longestLockout = 60s,
            .trackedKeys = 100 };
        return options;
    }

    Throttled()
        : t({}, throttled())
    {
        jdoe = t.service.saveUser(t.system(), withPasswords(t.newUser("jdoe"), 1, "jdoe password"));
        t.service.saveUser(t.system(), withPasswords(t.newUser("admin"), 1, "admin password"));
    }

    /// The ErrorKind of a sign-in, or "ok" / "wrong".
    std::string signIn(const std::string& name, const std::string& password, const std::string& from)
    {
        const auto result = t.service.tryAuthenticatePassword(name, password, from);
        if (result.has_error())
            return std::string(toString(result.error().kind()));
        return result.value() ? "ok" : "wrong";
    }

    TestService t;
    User jdoe;
};

INSTANTIATE_TEST_SUITE_P(Stores, Throttled, everyBackend, backendName);

} // namespace

TEST_P(Throttled, ANameIsLockedAfterItsFreeFailuresEvenForTheRightPassword)
{
    for (int i = 0; i < 4; ++i) // three free, the fourth starts the lockout
        EXPECT_EQ(signIn("jdoe", "guess", "10.0.0.1"), "wrong");
    const auto done = t.service.passwordWorkLoad().done;
    const auto locked = t.service.tryAuthenticatePassword("jdoe", "jdoe password", "10.0.0.2");
    ASSERT_TRUE(locked.has_error());
    EXPECT_EQ(locked.error().kind(), ErrorKind::TooManyRequests);
    EXPECT_EQ(locked.error().httpStatus(), 429);
    EXPECT_EQ(locked.error().retryAfter(), 10s);
    EXPECT_EQ(t.service.passwordWorkLoad().done, done) << "a locked-out sign-in costs no Argon2id";
    EXPECT_EQ(locked.error().message().find("jdoe password"), std::string::npos);

    t.clock.advance(9s);
    EXPECT_EQ(signIn("jdoe", "jdoe password", "10.0.0.2"), "TooManyRequests");
    t.clock.advance(1s);
    EXPECT_EQ(signIn("jdoe", "jdoe password", "10.0.0.2"), "ok");
}

TEST_P(Throttled, EachFailurePastTheFreeOnesDoublesTheLockoutUpToTheLongest)
{
    for (int i = 0; i < 4; ++i)
        signIn("jdoe", "guess", "");
    std::vector<std::chrono::seconds> waits;
    for (int i = 0; i < 4; ++i) {
        const auto locked = t.service.tryAuthenticatePassword("jdoe", "guess");
        ASSERT_TRUE(locked.has_error());
        waits.push_back(*locked.error().retryAfter());
        t.clock.advance(waits.back());
        EXPECT_EQ(signIn("jdoe", "guess", ""), "wrong");
    }
    EXPECT_EQ(waits, (std::vector<std::chrono::seconds> { 10s, 20s, 40s, 60s }));
}

TEST_P(Throttled, GuessingOneNameLocksThatNameOnlyNotAnotherFromAnotherAddress)
{
    for (int i = 0; i < 4; ++i)
        signIn("jdoe", "guess", "10.0.0.1");
    EXPECT_EQ(signIn("admin", "admin password", "10.0.0.2"), "ok");
    EXPECT_EQ(signIn("admin", "admin password", "10.0.0.1"), "ok"); // the address is under its own limit
    EXPECT_EQ(signIn("jdoe", "jdoe password", "10.0.0.2"), "TooManyRequests"); // the name, from anywhere
}

TEST_P(Throttled, AnAddressIsLockedAfterItsFreeFailuresAcrossNames)
{
    for (int i = 0; i < 6; ++i) // six names, one failure each: no name is locked
        EXPECT_EQ(signIn("user" + std::to_string(i), "guess", "10.0.0.1"), "wrong");
    EXPECT_EQ(signIn("admin", "admin password", "10.0.0.1"), "TooManyRequests");
    EXPECT_EQ(signIn("admin", "admin password", "10.0.0.3"), "ok");
}

TEST_P(Throttled, ASuccessClearsItsNamesFailures)
{
    for (int i = 0; i < 3; ++i)
        signIn("jdoe", "guess", "");
    EXPECT_EQ(signIn("jdoe", "jdoe password", ""), "ok");
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(signIn("jdoe", "guess", ""), "wrong");
    EXPECT_EQ(signIn("jdoe", "jdoe password", ""), "ok");
}

TEST_P(Throttled, AnUnknownNameIsAnsweredAndCountedAsAWrongPassword)
{
    auto before = t.service.passwordWorkLoad().done;
    EXPECT_EQ(signIn("nobody", "guess", ""), "wrong");
    EXPECT_EQ(t.service.passwordWorkLoad().done, before + 1) << "one Argon2id verification, as for a known name";
    before = t.service.passwordWorkLoad().done;
    EXPECT_EQ(signIn("jdoe", "guess", ""), "wrong");
    EXPECT_EQ(t.service.passwordWorkLoad().done, before + 1);
    for (int i = 0; i < 3; ++i)
        signIn("nobody", "guess", "");
    EXPECT_EQ(signIn("nobody", "guess", ""), "TooManyRequests");
}

TEST_P(Throttled, NamesCaseDoesNotDodgeTheLockout)
{
    for (int i = 0; i < 4; ++i)
        signIn(i % 2 ? "JDOE" : "jdoe", "guess", "");
    EXPECT_EQ(signIn("JDoe", "jdoe password", ""), "TooManyRequests");
}

TEST_P(Throttled, WrongOldPasswordsCountAgainstTheNameLikeSignIns)
{
    for (int i = 0; i < 4; ++i) {
        const auto wrong = t.service.tryChangePassword(t.as(jdoe), jdoe.associateId, "guess", "new password 1");
        ASSERT_TRUE(wrong.has_error());
        EXPECT_EQ(wrong.error().kind(), ErrorKind::Forbidden);
    }
    const auto locked = t.service.tryChangePassword(t.as(jdoe), jdoe.associateId, "jdoe password", "new password 1");
    ASSERT_TRUE(locked.has_error());
    EXPECT_EQ(locked.error().kind(), ErrorKind::TooManyRequests);
    EXPECT_EQ(locked.error().source(), "OldPassword");
    EXPECT_EQ(signIn("jdoe", "jdoe password", "10.0.0.2"), "TooManyRequests");
}

TEST(LoginThrottling, TrackedKeysAreBoundedTheLongestQuietForgottenFirst)
{
    ServiceOptions options;
    options.loginThrottling = { .freeFailuresPerName = 1, .freeFailuresPerAddress = 0, .trackedKeys = 2 };
    TestService t({}, options);
    const auto fail = [&](const std::string& name) { return t.service.tryAuthenticatePassword(name, "guess"); };
    fail("a");
    fail("a");
    EXPECT_TRUE(fail("a").has_error()); // locked
    fail("b");
    fail("c"); // a third name: "a", the longest quiet, is forgotten
    EXPECT_FALSE(fail("a").has_error());
}

TEST(LoginThrottling, ZeroFreeFailuresTurnsItOff)
{
    ServiceOptions options;
    options.loginThrottling = { .freeFailuresPerName = 0, .freeFailuresPerAddress = 0 };
    TestService t({}, options);
    for (int i = 0; i < 50; ++i)
        ASSERT_FALSE(t.service.tryAuthenticatePassword("jdoe", "guess", "10.0.0.1").has_error());
}

TEST(LoginThrottling, ALockoutIsLoggedWithNameAndAddressNeverThePassword)
{
    auto lines = std::make_shared<std::vector<std::string>>();
    ServiceOptions options;
    options.loginThrottling.freeFailuresPerName = 1;
    options.log = [lines](LogLevel, std::string_view line) {
        if (line.find("sign-ins") != std::string_view::npos)
            lines->emplace_back(line);
    };
    TestService t({}, options);
    t.service.tryAuthenticatePassword("jd\noe", "secret guess", "10.0.0.9");
    t.service.tryAuthenticatePassword("jd\noe", "secret guess", "10.0.0.9");
    ASSERT_EQ(lines->size(), 1u);
    EXPECT_NE(lines->front().find("jd?oe"), std::string::npos) << lines->front(); // one line, whatever the name
    EXPECT_NE(lines->front().find("10.0.0.9"), std::string::npos);
    EXPECT_EQ(lines->front().find("secret"), std::string::npos);
}

// ---- no Argon2id before the checks

TEST(PasswordWork, ARefusedSaveCarryingManyPasswordsHashesNothing)
{
    TestService t;
    const User admin = t.addAdministrator("admin");
    const User jdoe = t.addUser("jdoe");
    const auto done = t.service.passwordWorkLoad().done;
    const User changed = withPasswords(admin, 40, "taken over");
    const auto refused = t.service.trySaveUser(t.as(jdoe), changed);
    ASSERT_TRUE(refused.has_error());
    EXPECT_TRUE(refused.error().kind() == ErrorKind::Forbidden || refused.error().kind() == ErrorKind::NotFound)
        << refused.error().message();
    EXPECT_EQ(t.service.passwordWorkLoad().done, done);
    const auto refusedBulk = t.service.trySaveUsers(t.as(jdoe), std::vector<User> { withPasswords(admin, 1, "x") });
    EXPECT_TRUE(refusedBulk.has_error());
    EXPECT_EQ(t.service.passwordWorkLoad().done, done);
}

TEST(PasswordWork, TwoSecretsOfOneCredentialTypeAreABadRequestNamingTheSecondBeforeHashing)
{
    TestService t;
    const auto done = t.service.passwordWorkLoad().done;
    const auto refused = t.service.trySaveUser(t.system(), withPasswords(t.newUser("jdoe"), 30, "secret"));
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(refused.error().httpStatus(), 400);
    EXPECT_EQ(testkit::hasFieldError(refused.error(), "User.Credentials[1].Type.Type", "listed twice"), "");
    EXPECT_EQ(refused.error().message().find("secret"), std::string::npos);
    EXPECT_EQ(t.service.passwordWorkLoad().done, done);
}

TEST(PasswordWork, EveryHashAndVerificationIsCountedInTheSlots)
{
    ServiceOptions options;
    options.passwordWork.slots = 3;
    TestService t({}, options);
    const auto before = t.service.passwordWorkLoad();
    EXPECT_EQ(before.slots, 3u);
    EXPECT_EQ(before.busy, 0u);
    t.service.saveUser(t.system(), withPasswords(t.newUser("jdoe"), 1, "jdoe password"));
    EXPECT_EQ(t.service.passwordWorkLoad().done, before.done + 1);
    EXPECT_TRUE(t.service.authenticatePassword("jdoe", "jdoe password"));
    EXPECT_EQ(t.service.passwordWorkLoad().done, before.done + 2);
    EXPECT_TRUE(t.service.authenticatePassword("jdoe", "jdoe password")); // remembered: no Argon2id
    EXPECT_EQ(t.service.passwordWorkLoad().done, before.done + 2);
}
