// What a sign-in rests on (UserService::signInStamp): a host keeps the stamp of a sign-in
// and ends it when the user's password changes, one of its API tokens is revoked, or the
// user is retired or deleted; a token issued since, or another user's change, ends nothing.
#include <userservice/sign_in_stamp.hpp>

#include <userservice/testing.hpp>
#include <userservice/user_service.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace userservice;
using testkit::TestService;

namespace {

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class SignInStampTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    SignInStampTest()
    {
        User user = t.newUser("kari");
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "kari password 1" } };
        kari = t.service.saveUser(t.system(), user).associateId;
        other = t.service.saveUser(t.system(), t.newUser("ola")).associateId;
    }

    SignInStamp stampOf(std::int32_t id) { return t.service.signInStamp(id).value(); }

    TestService t { {}, { .database = databaseFor(GetParam()) } };
    std::int32_t kari = 0, other = 0;
};

INSTANTIATE_TEST_SUITE_P(Stores, SignInStampTest, everyBackend, backendName);

TEST_P(SignInStampTest, APasswordChangedEndsTheSignInAndAnotherUsersChangeDoesNot)
{
    const auto atSignIn = stampOf(kari);
    EXPECT_TRUE(stampOf(kari).keeps(atSignIn)) << "the same reads give the same stamp";
    EXPECT_EQ(atSignIn.secrets.size(), 32u);
    t.service.setPassword(t.system(), other, "ola password 1");
    EXPECT_TRUE(stampOf(kari).keeps(atSignIn));
    t.service.setPassword(t.system(), kari, "kari password 2");
    EXPECT_FALSE(stampOf(kari).keeps(atSignIn));
}

TEST_P(SignInStampTest, ARevokedTokenEndsTheSignInAndANewOneDoesNot)
{
    const auto first = t.service.issueApiToken(t.system(), kari, "first").token;
    const auto atSignIn = stampOf(kari);
    t.service.issueApiToken(t.system(), kari, "second");
    EXPECT_TRUE(stampOf(kari).keeps(atSignIn));
    t.service.revokeApiToken(t.system(), first.id);
    EXPECT_FALSE(stampOf(kari).keeps(atSignIn));
}

TEST_P(SignInStampTest, ARetiredOrDeletedOrUnknownUserHasNoStamp)
{
    t.service.makeRetired(t.system(), kari, true);
    EXPECT_FALSE(t.service.signInStamp(kari).has_value());
    t.service.makeRetired(t.system(), kari, false);
    EXPECT_TRUE(t.service.signInStamp(kari).has_value());
    t.service.deleteUser(t.system(), kari);
    EXPECT_FALSE(t.service.signInStamp(kari).has_value());
    EXPECT_FALSE(t.service.signInStamp(99999).has_value());
}

} // namespace
