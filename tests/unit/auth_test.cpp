#include <userservice/user_service.hpp>

#include <userservice/json.hpp>
#include <userservice/testing.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "test_data.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

using namespace userservice;
using testkit::TestService;

namespace {

/// A user with a password credential, stored by the system.
User addUserWithPassword(TestService& t, const std::string& userName, const std::string& password)
{
    User user = t.newUser(userName);
    user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
    return t.service.saveUser(t.system(), user);
}

/// A valid user without references, for services outside the TestService.
User plainUser(const std::string& userName, std::optional<std::string> password = std::nullopt)
{
    User user;
    user.name = userName.substr(0, 2);
    user.userName = userName;
    user.type = UserType::InternalAssociate;
    user.person = Person { .lastname = userName };
    if (password)
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
    return user;
}

/// A service on `database` with the credential type "password".
UserService openService(const std::string& database, PasswordHashing cost = PasswordHashing::Minimal)
{
    auto service = UserService::open({ .database = database, .passwordHashing = cost });
    if (service.credentialTypes(CallerContext::system()).empty())
        service.addCredentialType(CallerContext::system(), { .type = "password", .canCreatePassword = true });
    return service;
}

/// `user` saved again by the system with this change.
template <class F> User changed(TestService& t, std::int32_t id, F&& change)
{
    User user = t.service.getUser(t.system(), id).value();
    change(user);
    return t.service.saveUser(t.system(), user);
}

} // namespace

// ---------------------------------------------------------------- API tokens

TEST(ApiTokens, AnIssuedTokenAuthenticatesAsItsUser)
{
    TestService t;
    const User ada = t.addUser("ada");
    const User bob = t.addUser("bob");

    const IssuedApiToken issued = t.service.issueApiToken(t.system(), ada.associateId, "CI pipeline");
    EXPECT_TRUE(issued.secret.starts_with("ust_")) << issued.secret;
    EXPECT_EQ(issued.secret.size(), 4u + 43u); // 32 random bytes in base64url without padding
    EXPECT_EQ(issued.secret.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 4),
        std::string::npos);
    EXPECT_GT(issued.token.id, 0);
    EXPECT_EQ(issued.token.associateId, ada.associateId);
    EXPECT_EQ(issued.token.label, "CI pipeline");
    EXPECT_EQ(issued.token.created.utc(), t.clock.now());

    EXPECT_EQ(t.service.authenticateToken(issued.secret), ada.associateId);
    const IssuedApiToken forBob = t.service.issueApiToken(t.system(), bob.associateId, "");
    EXPECT_NE(forBob.secret, issued.secret);
    EXPECT_EQ(t.service.authenticateToken(forBob.secret), bob.associateId);

    EXPECT_EQ(t.service.apiTokens(t.system(), ada.associateId), std::vector<ApiToken> { issued.token });
    EXPECT_EQ(t.service.apiTokens(t.system(), 0), (std::vector<ApiToken> { issued.token, forBob.token }));

    std::string altered = issued.secret;
    altered.back() = altered.back() == 'A' ? 'B' : 'A';
    for (const std::string& wrong : { altered, std::string(), std::string("ust_"), issued.secret + "x",
             std::string("Bearer ") + issued.secret, issued.secret.substr(4) })
        EXPECT_EQ(t.service.authenticateToken(wrong), std::nullopt) << wrong;
}

TEST(ApiTokens, OnlyAHashOfTheSecretIsStored)
{
    TempDir dir;
    const std::string database = dir.file("users.db");
    std::string secret;
    {
        auto service = openService(database);
        const auto system = CallerContext::system();
        const User user = service.saveUser(system, plainUser("ada"));
        secret = service.issueApiToken(system, user.associateId, "deploy").secret;
        ASSERT_EQ(service.authenticateToken(secret), user.associateId); // it really was stored

        SQLite::Database db(database, SQLite::OPEN_READONLY);
        SQLite::Statement row(db, "SELECT secret_hash, typeof(secret_hash), label FROM api_tokens");
        ASSERT_TRUE(row.executeStep());
        EXPECT_EQ(row.getColumn(1).getString(), "blob");
        EXPECT_EQ(row.getColumn(0).getBytes(), 32); // BLAKE2b-256
        EXPECT_EQ(row.getColumn(2).getString(), "deploy");
        EXPECT_FALSE(row.executeStep());
    }
    // Neither the secret nor its random part is anywhere in the file or its log.
    const std::string stored = readFile(database) + readFile(database + "-wal");
    ASSERT_NE(stored.find("deploy"), std::string::npos); // the token's row is there...
    EXPECT_EQ(stored.find(secret), std::string::npos); // ...its secret is not
    EXPECT_EQ(stored.find(secret.substr(4)), std::string::npos);
}

TEST(ApiTokens, ARevokedTokenNoLongerAuthenticates)
{
    TestService t;
    const User ada = t.addUser("ada");
    const IssuedApiToken kept = t.service.issueApiToken(t.system(), ada.associateId, "kept");
    const IssuedApiToken revoked = t.service.issueApiToken(t.system(), ada.associateId, "revoked");

    t.service.revokeApiToken(t.system(), revoked.token.id);
    EXPECT_EQ(t.service.authenticateToken(revoked.secret), std::nullopt);
    EXPECT_EQ(t.service.authenticateToken(kept.secret), ada.associateId);
    EXPECT_EQ(t.service.apiTokens(t.system(), ada.associateId), std::vector<ApiToken> { kept.token });

    const auto again = t.service.tryRevokeApiToken(t.system(), revoked.token.id);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error().kind(), ErrorKind::NotFound);

    // A new token never gets the id of a revoked one.
    const IssuedApiToken next = t.service.issueApiToken(t.system(), ada.associateId, "next");
    EXPECT_GT(next.token.id, revoked.token.id);
}

TEST(ApiTokens, ARetiredUsersTokensAndPasswordFailAndADeletedUsersTokensGo)
{
    TestService t;
    const User ada = addUserWithPassword(t, "ada", "correct horse");
    const IssuedApiToken issued = t.service.issueApiToken(t.system(), ada.associateId, "");
    ASSERT_EQ(t.service.authenticateToken(issued.secret), ada.associateId);
    ASSERT_EQ(t.service.authenticatePassword("ada", "correct horse"), ada.associateId); // now remembered

    changed(t, ada.associateId, [](User& user) { user.deleted = true; });
    EXPECT_EQ(t.service.authenticateToken(issued.secret), std::nullopt);
    EXPECT_EQ(t.service.authenticatePassword("ada", "correct horse"), std::nullopt);
    EXPECT_FALSE(t.service.verifyPassword("ada", "correct horse"));

    // Reactivated, the user's tokens and password work again: retiring revokes nothing.
    changed(t, ada.associateId, [](User& user) { user.deleted = false; });
    EXPECT_EQ(t.service.authenticateToken(issued.secret), ada.associateId);
    EXPECT_EQ(t.service.authenticatePassword("ada", "correct horse"), ada.associateId);

    t.service.deleteUser(t.system(), ada.associateId);
    EXPECT_EQ(t.service.authenticateToken(issued.secret), std::nullopt);
    EXPECT_TRUE(t.service.apiTokens(t.system(), 0).empty());
}

TEST(ApiTokens, OnlyTheSystemAndUserAdministratorsManageTokens)
{
    TestService t;
    const User ada = t.addUser("ada");
    const User admin = t.addAdministrator("admin");
    const IssuedApiToken issued = t.service.issueApiToken(t.system(), ada.associateId, "");

    // An ordinary user may not manage tokens, not even its own.
    const auto forbidden = [](const auto& result) {
        return result.has_error() && result.error().kind() == ErrorKind::Forbidden;
    };
    EXPECT_TRUE(forbidden(t.service.tryIssueApiToken(t.as(ada), ada.associateId, "mine")));
    EXPECT_TRUE(forbidden(t.service.tryApiTokens(t.as(ada), ada.associateId)));
    EXPECT_TRUE(forbidden(t.service.tryRevokeApiToken(t.as(ada), issued.token.id)));
    EXPECT_EQ(t.service.apiTokens(t.system(), 0).size(), 1u); // nothing was issued

    // A user administrator may, and the elevated ordinary user too.
    const IssuedApiToken byAdmin = t.service.issueApiToken(t.as(admin), ada.associateId, "by admin");
    EXPECT_EQ(t.service.authenticateToken(byAdmin.secret), ada.associateId);
    EXPECT_EQ(t.service.apiTokens(t.as(admin), ada.associateId).size(), 2u);
    t.service.revokeApiToken(t.as(ada).asSystem(), byAdmin.token.id);

    const auto unknown = t.service.tryIssueApiToken(t.system(), 999, "");
    ASSERT_TRUE(unknown.has_error());
    EXPECT_EQ(unknown.error().kind(), ErrorKind::NotFound);
    EXPECT_EQ(t.service.tryApiTokens(t.system(), 999).error().kind(), ErrorKind::NotFound);

    const auto tooLong = t.service.tryIssueApiToken(t.system(), ada.associateId, std::string(256, 'x'));
    ASSERT_TRUE(tooLong.has_error());
    EXPECT_EQ(tooLong.error().kind(), ErrorKind::Validation);
    EXPECT_EQ(tooLong.error().source(), "ApiToken.Label");
    EXPECT_TRUE(t.service.tryIssueApiToken(t.system(), ada.associateId, std::string(255, 'x')).has_value());
}

// ---------------------------------------------------------------- passwords

TEST(Passwords, AuthenticatePasswordGivesTheUserOrNothing)
{
    TestService t;
    const User ada = addUserWithPassword(t, "ada", "correct horse");
    t.addUser("bob"); // no password

    EXPECT_EQ(t.service.authenticatePassword("ada", "correct horse"), ada.associateId);
    EXPECT_EQ(t.service.authenticatePassword("ADA", "correct horse"), ada.associateId);
    EXPECT_EQ(t.service.authenticatePassword("ada", "correct horse"), ada.associateId); // remembered
    EXPECT_EQ(t.service.authenticatePassword("ada", "Correct horse"), std::nullopt);
    EXPECT_EQ(t.service.authenticatePassword("ada", ""), std::nullopt);
    EXPECT_EQ(t.service.authenticatePassword("nobody", "correct horse"), std::nullopt);
    EXPECT_EQ(t.service.authenticatePassword("bob", ""), std::nullopt);
    EXPECT_EQ(t.service.authenticatePassword("bob", "correct horse"), std::nullopt);
    EXPECT_TRUE(t.service.verifyPassword("ada", "correct horse"));
    EXPECT_FALSE(t.service.verifyPassword("ada", "wrong"));
    // The separators keep name and password apart: no other split of the same text matches.
    EXPECT_EQ(t.service.authenticatePassword("adac", "orrect horse"), std::nullopt);
}

TEST(Passwords, ARepeatedSuccessSkipsArgon2AndAChangedPasswordIsSeenAtOnce)
{
    // The real cost, so that one Argon2id verification takes tens of milliseconds.
    auto service = openService(":memory:", PasswordHashing::Interactive);
    const auto system = CallerContext::system();
    User ada = service.saveUser(system, plainUser("ada", "correct horse"));

    using Clock = std::chrono::steady_clock;
    const auto first = Clock::now();
    ASSERT_EQ(service.authenticatePassword("ada", "correct horse"), ada.associateId);
    const auto verified = Clock::now() - first;

    const auto repeats = Clock::now();
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(service.authenticatePassword("ada", "correct horse"), ada.associateId);
    const auto remembered = Clock::now() - repeats;
    // Twenty answers from the cache take less time than one Argon2id verification.
    EXPECT_LT(remembered, verified) << "one verification "
                                    << std::chrono::duration<double, std::milli>(verified).count() << " ms, 20 repeats "
                                    << std::chrono::duration<double, std::milli>(remembered).count() << " ms";

    // A wrong password is never remembered, and still fails after a success.
    EXPECT_EQ(service.authenticatePassword("ada", "battery staple"), std::nullopt);

    (*ada.credentials)[0].value = "battery staple";
    ada = service.saveUser(system, ada);
    EXPECT_EQ(service.authenticatePassword("ada", "correct horse"), std::nullopt);
    EXPECT_EQ(service.authenticatePassword("ada", "battery staple"), ada.associateId);
}

TEST(Passwords, APasswordChangedByAnotherProcessIsSeenAtOnce)
{
    TempDir dir;
    const std::string database = dir.file("users.db");
    const auto system = CallerContext::system();
    auto host = openService(database);
    auto other = openService(database); // another process, as far as the cache can tell
    User ada = host.saveUser(system, plainUser("ada", "one"));
    ASSERT_EQ(host.authenticatePassword("ada", "one"), ada.associateId);
    ASSERT_EQ(host.authenticatePassword("ada", "one"), ada.associateId); // remembered

    (*ada.credentials)[0].value = "two";
    other.saveUser(system, ada);
    EXPECT_EQ(host.authenticatePassword("ada", "one"), std::nullopt);
    EXPECT_EQ(host.authenticatePassword("ada", "two"), ada.associateId);

    ada.deleted = true;
    other.saveUser(system, ada);
    EXPECT_EQ(host.authenticatePassword("ada", "two"), std::nullopt);
}

// ---------------------------------------------------------------- listing users

TEST(ListUsers, PagesReturnEveryUserOnceInOrder)
{
    TestService t;
    std::vector<std::int32_t> ids;
    for (int i = 0; i < 23; ++i)
        ids.push_back(t.addUser("user" + std::to_string(i)).associateId);
    t.service.deleteUser(t.system(), ids[5]); // a gap
    ids.erase(ids.begin() + 5);

    for (const std::size_t limit : { std::size_t { 1 }, std::size_t { 7 }, std::size_t { 22 }, std::size_t { 1000 } }) {
        std::vector<std::int32_t> seen;
        std::int32_t after = 0;
        for (;;) {
            const auto page = t.service.listUsers(t.system(), after, limit);
            ASSERT_LE(page.size(), limit);
            for (const User& user : page)
                seen.push_back(user.associateId);
            if (page.size() < limit)
                break;
            after = page.back().associateId;
        }
        EXPECT_EQ(seen, ids) << "pages of " << limit;
    }
    EXPECT_TRUE(t.service.listUsers(t.system(), 0, 0).empty());
    EXPECT_TRUE(t.service.listUsers(t.system(), ids.back(), 10).empty());

    const auto projected = t.service.listUsers(t.system(), 0, 2, Select::parse("userName"));
    ASSERT_EQ(projected.size(), 2u);
    EXPECT_EQ(projected[0].userName, "user0");
    EXPECT_FALSE(projected[0].person); // not selected
}

TEST(ListUsers, EachUserIsAsGetUserGivesItToTheCaller)
{
    TestService t;
    const User ada = t.addUser("ada");
    User signed_ = t.newUser("bob");
    signed_.requestSignature = "Bob, sales";
    signed_.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "pw" } };
    const User bob = t.service.saveUser(t.system(), signed_);
    const User guest = t.addUser("guest", UserType::ExternalAssociate);

    for (const CallerContext& caller : { t.system(), t.as(ada), t.as(bob), t.as(guest) }) {
        std::vector<std::string> listed, got;
        for (const User& user : t.service.listUsers(caller, 0, 100))
            listed.push_back(json::serialize(user));
        for (const std::int32_t id : { ada.associateId, bob.associateId, guest.associateId })
            if (const auto user = t.service.getUser(caller, id))
                got.push_back(json::serialize(*user));
        EXPECT_EQ(listed, got) << "caller " << caller.associateId;
    }

    // An ordinary user sees another user's hidden fields blank; the external one only itself.
    const auto byAda = t.service.listUsers(t.as(ada), 0, 100);
    ASSERT_EQ(byAda.size(), 3u);
    EXPECT_EQ(byAda[1].userName, "bob");
    EXPECT_FALSE(byAda[1].requestSignature);
    EXPECT_FALSE(byAda[1].credentials);
    EXPECT_EQ(t.service.listUsers(t.system(), 0, 100)[1].requestSignature, "Bob, sales");
    const auto byGuest = t.service.listUsers(t.as(guest), 0, 100);
    ASSERT_EQ(byGuest.size(), 1u);
    EXPECT_EQ(byGuest[0].associateId, guest.associateId);
    // Past the users it may not see, a page still fills up.
    EXPECT_EQ(t.service.listUsers(t.as(guest), 0, 1).size(), 1u);

    CallerContext partner = t.system();
    partner.appToken = "app";
    EXPECT_EQ(t.service.tryListUsers(partner, 0, 10).error().kind(), ErrorKind::Forbidden);
}
