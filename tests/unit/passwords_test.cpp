#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include <boost/json/parse.hpp>
#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

extern const userservice::plugin::Descriptor userservice_plugin_audit_trail;
extern const userservice::plugin::Descriptor userservice_plugin_password_policy;

using namespace userservice;

namespace {

/// A TestService with the password policy and the audit trail, its log lines kept,
/// an administrator and two employees with passwords.
/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class PasswordCalls : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    PasswordCalls()
        : t({ &userservice_plugin_password_policy, &userservice_plugin_audit_trail },
              ServiceOptions { .log = [this](LogLevel, std::string_view line) { log.emplace_back(line); } })
    {
        admin = addWithPassword("admin", adminPassword, t.administrator);
        jdoe = addWithPassword("jdoe", jdoePassword, t.employee);
        ann = addWithPassword("ann", annPassword, t.employee);
    }

    User addWithPassword(const std::string& userName, const std::string& password, const Role& role)
    {
        User user = t.newUser(userName);
        user.role = Role { .roleId = role.roleId };
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
        return t.service.saveUser(t.system(), user);
    }

    CallerContext partnerApp() const
    {
        CallerContext caller = t.as(admin);
        caller.appToken = "partner";
        return caller;
    }

    /// Every record of the audit trail about `user`, as text.
    std::string auditText(const User& user)
    {
        std::string text;
        for (const auto& record : t.service.records(t.system(), "audit", user.associateId))
            text += record.body + "\n";
        return text;
    }

    /// The secrets must appear in no log line and no audit record.
    void expectNowhere(const std::vector<std::string>& secrets)
    {
        for (const auto& secret : secrets) {
            for (const auto& line : log)
                EXPECT_EQ(line.find(secret), std::string::npos) << line;
            for (const auto* user : { &admin, &jdoe, &ann })
                EXPECT_EQ(auditText(*user).find(secret), std::string::npos);
        }
    }

    std::vector<std::string> log;
    testkit::TestService t { {}, { .database = databaseFor(GetParam()) } };
    const std::string adminPassword = "first secret 1111";
    const std::string jdoePassword = "second secret 2222";
    const std::string annPassword = "third secret 3333";
    User admin, jdoe, ann;
};

INSTANTIATE_TEST_SUITE_P(Stores, PasswordCalls, everyBackend, backendName);

ErrorKind kindOf(const auto& result)
{
    return result ? ErrorKind::Internal : result.error().kind();
}

TEST_P(PasswordCalls, AnAdministratorSetsAPasswordAndTheOldOneStopsWorkingAtOnce)
{
    ASSERT_EQ(t.service.authenticatePassword("jdoe", jdoePassword), jdoe.associateId); // remembered now
    EXPECT_TRUE(t.service.setPassword(t.as(admin), jdoe.associateId, "brand new pass 42"));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", jdoePassword));
    EXPECT_EQ(t.service.authenticatePassword("jdoe", "brand new pass 42"), jdoe.associateId);
    EXPECT_TRUE(t.service.setPasswordFromName(t.system(), "JDOE", "another pass 43"));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", "brand new pass 42"));
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "another pass 43"));
    expectNowhere({ jdoePassword, "brand new pass 42", "another pass 43" });
}

TEST_P(PasswordCalls, SettingAPasswordNeedsAUserAdministratorAndNoPartnerApp)
{
    EXPECT_EQ(kindOf(t.service.trySetPassword(t.as(jdoe), ann.associateId, "brand new pass 42")), ErrorKind::Forbidden);
    EXPECT_EQ(
        kindOf(t.service.trySetPassword(t.as(jdoe), jdoe.associateId, "brand new pass 42")), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.trySetPasswordFromName(t.as(jdoe), "ann", "brand new pass 42")), ErrorKind::Forbidden);
    EXPECT_EQ(
        kindOf(t.service.trySetPassword(partnerApp(), ann.associateId, "brand new pass 42")), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.trySetGeneratedPassword(t.as(jdoe), ann.associateId)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.trySetGeneratedPasswordFromName(t.as(jdoe), "ann")), ErrorKind::Forbidden);
    EXPECT_TRUE(t.service.verifyPassword("ann", annPassword));
}

TEST_P(PasswordCalls, ABadNewPasswordIsRefusedNamingTheRuleAndNothingChanges)
{
    const auto expectRefused = [&](std::string password, std::string words) {
        const auto result = t.service.trySetPassword(t.system(), jdoe.associateId, password);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().kind(), ErrorKind::Validation);
        EXPECT_NE(result.error().message().find(words), std::string::npos) << result.error().message();
        if (!password.empty()) {
            EXPECT_EQ(result.error().message().find(password), std::string::npos);
        }
    };
    expectRefused("", "Password is empty");
    expectRefused("bad \xC3\x28 text 12345", "not valid UTF-8");
    expectRefused(std::string(1025, 'a'), "at most 1024");
    expectRefused("short1", "at least 12 characters"); // the password policy plugin speaks too
    EXPECT_EQ(kindOf(t.service.trySetPassword(t.system(), 9999, "brand new pass 42")), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.trySetPasswordFromName(t.system(), "nobody", "brand new pass 42")), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.trySetPasswordFromName(t.system(), "", "brand new pass 42")), ErrorKind::BadRequest);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", jdoePassword));
}

TEST_P(PasswordCalls, AGeneratedPasswordIsReturnedOnceAndWorks)
{
    const auto first = t.service.setGeneratedPassword(t.as(admin), jdoe.associateId);
    EXPECT_EQ(first.size(), 20u);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", first));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", jdoePassword));
    const auto second = t.service.setGeneratedPasswordFromName(t.as(admin), "jdoe");
    EXPECT_NE(first, second);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", second));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", first));
    expectNowhere({ first, second });
    EXPECT_EQ(kindOf(t.service.trySetGeneratedPassword(t.as(admin), 9999)), ErrorKind::NotFound);
}

TEST_P(PasswordCalls, ANewPasswordForAnExternalUserOnly)
{
    const User guest = t.service.saveUser(t.system(), t.newUser("guest", UserType::ExternalAssociate));
    const auto password = t.service.generateNewPasswordForExternalUser(t.as(admin), "guest");
    EXPECT_TRUE(t.service.verifyPassword("guest", password));
    const auto internal = t.service.tryGenerateNewPasswordForExternalUser(t.as(admin), "jdoe");
    ASSERT_FALSE(internal);
    EXPECT_EQ(internal.error().kind(), ErrorKind::BadRequest);
    EXPECT_NE(internal.error().message().find("not an external user"), std::string::npos);
    EXPECT_EQ(kindOf(t.service.tryGenerateNewPasswordForExternalUser(t.as(jdoe), "guest")), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryGenerateNewPasswordForExternalUser(t.as(admin), "nobody")), ErrorKind::NotFound);
    EXPECT_TRUE(t.service.verifyPassword("guest", password)); // unchanged by the refusals
    (void)guest;
}

TEST_P(PasswordCalls, AUserChangesItsOwnPasswordWithTheOldOne)
{
    ASSERT_TRUE(t.service.verifyPassword("jdoe", jdoePassword));
    EXPECT_TRUE(t.service.changeOwnPassword(t.as(jdoe), jdoePassword, "my own pass 777"));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", jdoePassword));
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "my own pass 777"));
    EXPECT_TRUE(t.service.changePassword(t.as(jdoe), jdoe.associateId, "my own pass 777", "my own pass 888"));
    EXPECT_TRUE(t.service.changePasswordFromName(t.as(jdoe), "jdoe", "my own pass 888", "my own pass 999"));
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "my own pass 999"));
    expectNowhere({ jdoePassword, "my own pass 777", "my own pass 888", "my own pass 999" });
}

TEST_P(PasswordCalls, AWrongOldPasswordIsRefusedSayingNoMore)
{
    const auto wrong = t.service.tryChangeOwnPassword(t.as(jdoe), "not the password", "my own pass 777");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(wrong.error().message(), "the old password is wrong");
    EXPECT_EQ(kindOf(t.service.tryChangeOwnPassword(t.as(jdoe), "", "my own pass 777")), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryChangeOwnPassword(t.as(jdoe), std::string(5000, 'x'), "my own pass 777")),
        ErrorKind::Forbidden);
    // The new password is checked before the old one is verified.
    EXPECT_EQ(kindOf(t.service.tryChangeOwnPassword(t.as(jdoe), jdoePassword, "")), ErrorKind::Validation);
    EXPECT_EQ(kindOf(t.service.tryChangeOwnPassword(t.system(), "a", "my own pass 777")), ErrorKind::BadRequest);
    EXPECT_EQ(
        kindOf(t.service.tryChangeOwnPassword(partnerApp(), adminPassword, "my own pass 777")), ErrorKind::Forbidden);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", jdoePassword));
    expectNowhere({ "not the password", "my own pass 777" });
}

TEST_P(PasswordCalls, AnotherUsersPasswordIsChangedOnlyByAnAdministratorWithTheOldOne)
{
    EXPECT_EQ(kindOf(t.service.tryChangePassword(t.as(jdoe), ann.associateId, annPassword, "brand new pass 42")),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryChangePasswordFromName(t.as(jdoe), "ann", annPassword, "brand new pass 42")),
        ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryChangePassword(t.as(admin), ann.associateId, "wrong old one", "brand new pass 42")),
        ErrorKind::Forbidden);
    EXPECT_TRUE(t.service.verifyPassword("ann", annPassword));
    EXPECT_TRUE(t.service.changePassword(t.as(admin), ann.associateId, annPassword, "brand new pass 42"));
    EXPECT_TRUE(t.service.verifyPassword("ann", "brand new pass 42"));
    EXPECT_EQ(kindOf(t.service.tryChangePassword(t.as(admin), 9999, "a", "brand new pass 42")), ErrorKind::NotFound);
}

TEST_P(PasswordCalls, ApiTokensAreRevokedWhenAsked)
{
    const auto kept = t.service.issueApiToken(t.system(), jdoe.associateId, "kept").secret;
    t.service.setPassword(t.system(), jdoe.associateId, "brand new pass 42");
    EXPECT_EQ(t.service.authenticateToken(kept), jdoe.associateId);
    t.service.changeOwnPassword(t.as(jdoe), "brand new pass 42", "brand new pass 43", { .revokeApiTokens = true });
    EXPECT_EQ(t.service.authenticateToken(kept), std::nullopt);
    EXPECT_TRUE(t.service.apiTokens(t.system(), jdoe.associateId).empty());
}

TEST_P(PasswordCalls, WhoMayChangeWhichPasswordAndHow)
{
    using enum ChangePasswordType;
    EXPECT_TRUE(t.service.canChangePassword(t.as(jdoe), jdoe.associateId));
    EXPECT_FALSE(t.service.canChangePassword(t.as(jdoe), ann.associateId));
    EXPECT_TRUE(t.service.canChangePassword(t.as(admin), ann.associateId));
    EXPECT_EQ(t.service.supportedChangePasswordTypes(t.as(jdoe), jdoe.associateId),
        (std::vector<ChangePasswordType> { OldPassword, EMail }));
    EXPECT_EQ(t.service.supportedChangePasswordTypes(t.as(jdoe), ann.associateId), std::vector<ChangePasswordType> {});
    EXPECT_EQ(t.service.supportedChangePasswordTypes(t.as(admin), ann.associateId),
        (std::vector<ChangePasswordType> { OldPassword, EMail, Administrator }));
    EXPECT_EQ(kindOf(t.service.tryCanChangePassword(t.as(admin), 9999)), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.trySupportedChangePasswordTypes(t.as(admin), 9999)), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.tryCanChangePassword(partnerApp(), ann.associateId)), ErrorKind::Forbidden);
}

TEST_P(PasswordCalls, IsPasswordValidAsksTheServiceAndThePlugins)
{
    const auto ask = [&](std::int32_t id, std::string password) {
        return t.service.isPasswordValidWithReason(t.as(jdoe), id, UserType::InternalAssociate, 0, password);
    };
    EXPECT_EQ(ask(jdoe.associateId, "good enough pass 42"), (UserValidationResult { std::nullopt, true }));
    EXPECT_EQ(ask(0, "good enough pass 42"), (UserValidationResult { std::nullopt, true }));
    EXPECT_NE(ask(jdoe.associateId, "short1").reason.value_or("").find("at least 12"), std::string::npos);
    EXPECT_NE(
        ask(jdoe.associateId, "password with jdoe 42").reason.value_or("").find("user's name"), std::string::npos);
    EXPECT_EQ(ask(0, "").reason, "the password is empty");
    EXPECT_EQ(ask(0, "bad \xC3\x28 text 12345").reason, "the password is not valid UTF-8");
    EXPECT_FALSE(t.service.isPasswordValid(t.as(jdoe), 0, UserType::InternalAssociate, 0, "short1"));
    EXPECT_TRUE(t.service.isPasswordValid(t.as(jdoe), 0, UserType::InternalAssociate, 0, "good enough pass 42"));
    EXPECT_EQ(kindOf(t.service.tryIsPasswordValidWithReason(t.as(jdoe), 9999, UserType::InternalAssociate, 0, "x")),
        ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.tryIsPasswordValidWithReason(partnerApp(), 0, UserType::InternalAssociate, 0, "x")),
        ErrorKind::Forbidden);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", jdoePassword)); // nothing was saved
}

/// The token in the newest outbox record about `user`.
std::string outboxToken(testkit::TestService& t, const User& user)
{
    const auto records = t.service.records(t.system(), "outbox", user.associateId);
    if (records.empty())
        return {};
    const auto mail = boost::json::parse(records.back().body);
    EXPECT_EQ(mail.at("to").as_string(), *user.person->email);
    return std::string(mail.at("token").as_string());
}

TEST_P(PasswordCalls, AResetTokenIsQueuedInTheOutboxAndRedeemedOnce)
{
    const auto sent = t.service.sendChangePasswordEMail(t.as(jdoe), jdoe.associateId);
    EXPECT_TRUE(sent.success) << sent.message.value_or("");
    const auto token = outboxToken(t, jdoe);
    ASSERT_FALSE(token.empty());
    // A bad new password leaves the token usable.
    EXPECT_EQ(kindOf(t.service.tryResetPassword(token, "short1")), ErrorKind::Validation);
    t.service.resetPassword(token, "reset pass 4242");
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "reset pass 4242"));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", jdoePassword));
    const auto again = t.service.tryResetPassword(token, "reset pass 4343");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind(), ErrorKind::BadRequest);
    EXPECT_EQ(again.error().message(), "the reset token is not valid (unknown, used or expired)");
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "reset pass 4242"));
    expectNowhere({ token, "reset pass 4242" });
    EXPECT_EQ(kindOf(t.service.tryResetPassword("usr_not-a-token", "reset pass 4343")), ErrorKind::BadRequest);
}

TEST_P(PasswordCalls, AResetTokenExpiresAfterAnHour)
{
    ASSERT_TRUE(t.service.sendChangePasswordEMail(t.as(admin), ann.associateId).success);
    const auto token = outboxToken(t, ann);
    t.clock.advance(std::chrono::minutes(61));
    EXPECT_EQ(kindOf(t.service.tryResetPassword(token, "reset pass 4242")), ErrorKind::BadRequest);
    EXPECT_TRUE(t.service.verifyPassword("ann", annPassword));
    ASSERT_TRUE(t.service.sendChangePasswordEMail(t.as(admin), ann.associateId).success);
    t.clock.advance(std::chrono::minutes(59));
    EXPECT_TRUE(t.service.tryResetPassword(outboxToken(t, ann), "reset pass 4242"));
}

TEST_P(PasswordCalls, TheResetEMailIsForTheUserOrAnAdministratorAndTheOutboxForTheSystem)
{
    EXPECT_EQ(kindOf(t.service.trySendChangePasswordEMail(t.as(jdoe), ann.associateId)), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.trySendChangePasswordEMail(t.as(admin), 9999)), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(t.service.trySendChangePasswordEMail(partnerApp(), ann.associateId)), ErrorKind::Forbidden);
    ASSERT_TRUE(t.service.sendChangePasswordEMail(t.as(jdoe), jdoe.associateId).success);
    EXPECT_THROW(t.service.records(t.as(jdoe), "outbox", jdoe.associateId), Exception);
    EXPECT_THROW(t.service.records(t.as(admin), "outbox", jdoe.associateId), Exception);
    EXPECT_THROW(t.service.appendRecord(t.as(admin), "outbox", jdoe.associateId, "{}"), Exception);
    User mute = t.newUser("mute");
    mute.person->email.reset();
    mute = t.service.saveUser(t.system(), mute);
    const auto none = t.service.sendChangePasswordEMail(t.system(), mute.associateId);
    EXPECT_FALSE(none.success);
    EXPECT_EQ(none.message, "user " + std::to_string(mute.associateId) + " has no e-mail address");
    EXPECT_TRUE(t.service.records(t.system(), "outbox", mute.associateId).empty());
}

} // namespace
