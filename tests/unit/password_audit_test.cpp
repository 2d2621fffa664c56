// The audit trail records every password set, changed, generated, reset or removed
// (plugin API 2.2: PostSaveCall::secrets), on every path that changes one: who, which
// credential type, how; never the password or its hash, in the records or the log.
#include <userservice/plugin.hpp>

#include <userservice/testing.hpp>
#include <userservice/user_service.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

extern const userservice::plugin::Descriptor userservice_plugin_audit_trail;
extern const userservice::plugin::Descriptor userservice_plugin_password_policy;

using namespace userservice;

namespace {

namespace bj = boost::json;

/// A TestService with the password policy and the audit trail, its log lines kept, an
/// administrator and an employee with passwords, and a host command that saves a
/// password through its transaction (the nested save path).
/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class PasswordAudit : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    PasswordAudit()
        : t({ &userservice_plugin_password_policy, &userservice_plugin_audit_trail },
              ServiceOptions { .log = [this](LogLevel, std::string_view line) { log.emplace_back(line); } })
    {
        t.registry->registerHost([this](plugin::Registrar& r) {
            r.customCommand(
                { .name = "set-password", .actions = CommandAction::YesNo, .requiredRight = ETableRight::Update },
                [this](plugin::CommandCall& call) {
                    User user = call.user;
                    user.credentials = withPassword(nestedPassword).credentials;
                    call.transaction->saveUser(user);
                    return CommandResult { .success = true };
                });
        });
        admin = add("admin", adminPassword, t.administrator);
        jdoe = add("jdoe", jdoePassword, t.employee);
    }

    static User withPassword(const std::string& password, User user = {})
    {
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
        return user;
    }

    User add(const std::string& userName, const std::string& password, const Role& role)
    {
        User user = withPassword(password, t.newUser(userName));
        user.role = Role { .roleId = role.roleId };
        return t.service.saveUser(t.system(), user);
    }

    /// The audit trail's password events about a user, oldest first, each as
    /// "<event> <credential type> <how> by <AssociateId>".
    std::vector<std::string> passwordEvents(std::int32_t associateId)
    {
        std::vector<std::string> events;
        for (const auto& record : t.service.records(t.system(), "audit", associateId)) {
            const bj::value body = bj::parse(record.body);
            if (const auto* secrets = body.as_object().if_contains("secrets"))
                for (const auto& secret : secrets->as_array())
                    events.push_back(std::string(secret.at("event").as_string()) + " " +
                        std::string(secret.at("credentialType").as_string()) + " " +
                        std::string(secret.at("how").as_string()) + " by " + std::to_string(record.by));
        }
        return events;
    }
    std::string lastEvent(std::int32_t associateId)
    {
        const auto events = passwordEvents(associateId);
        return events.empty() ? "no password event" : events.back();
    }
    std::string by(const User& user) const { return " by " + std::to_string(user.associateId); }

    std::vector<std::string> log;
    testkit::TestService t { {}, { .database = databaseFor(GetParam()) } };
    const std::string adminPassword = "first secret 1111";
    const std::string jdoePassword = "second secret 2222";
    const std::string nestedPassword = "nested secret 3333";
    User admin, jdoe;
};

INSTANTIATE_TEST_SUITE_P(Stores, PasswordAudit, everyBackend, backendName);

TEST_P(PasswordAudit, ASaveThatCreatesAUserWithAPasswordRecordsItAsSet)
{
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password set by 0");
    const User ann = t.service.saveUser(t.as(admin), withPassword("third secret 4444", t.newUser("ann")));
    EXPECT_EQ(lastEvent(ann.associateId), "password changed password set" + by(admin));
}

TEST_P(PasswordAudit, ASaveThatReplacesAPasswordRecordsItAsSet)
{
    const auto before = passwordEvents(jdoe.associateId).size();
    User changed = *t.service.getUser(t.as(admin), jdoe.associateId);
    (*changed.credentials)[0].value = "replaced secret 5555";
    t.service.saveUser(t.as(admin), changed);
    ASSERT_EQ(passwordEvents(jdoe.associateId).size(), before + 1);
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password set" + by(admin));
}

TEST_P(PasswordAudit, ASaveThatKeepsThePasswordRecordsNoPasswordEvent)
{
    const auto before = passwordEvents(jdoe.associateId).size();
    User changed = *t.service.getUser(t.as(admin), jdoe.associateId);
    changed.tooltip = "in Oslo"; // the credential comes back blank: the stored hash stays
    t.service.saveUser(t.as(admin), changed);
    EXPECT_EQ(passwordEvents(jdoe.associateId).size(), before);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", jdoePassword));
}

TEST_P(PasswordAudit, ASaveThatRemovesThePasswordRecordsItAsRemoved)
{
    User changed = *t.service.getUser(t.as(admin), jdoe.associateId);
    changed.credentials = std::vector<Credential> {};
    t.service.saveUser(t.as(admin), changed);
    EXPECT_FALSE(t.service.verifyPassword("jdoe", jdoePassword));
    EXPECT_EQ(lastEvent(jdoe.associateId), "password removed password removed" + by(admin));
}

TEST_P(PasswordAudit, ABulkSaveRecordsEachPassword)
{
    const std::vector<User> users { withPassword("bulk secret 6666", t.newUser("bulk1")),
        withPassword("bulk secret 7777", t.newUser("bulk2")) };
    for (const auto id : t.service.saveUsers(t.as(admin), users))
        EXPECT_EQ(lastEvent(id), "password changed password set" + by(admin));
}

TEST_P(PasswordAudit, ANestedSaveOfACommandRecordsIt)
{
    ASSERT_TRUE(
        t.service.executeUserCommand(t.as(admin), jdoe.associateId, "set-password", CommandActionResult::Yes).success);
    EXPECT_TRUE(t.service.verifyPassword("jdoe", nestedPassword));
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password set" + by(admin));
}

TEST_P(PasswordAudit, SetPasswordRecordsItAsSetByTheAdministrator)
{
    t.service.setPassword(t.as(admin), jdoe.associateId, "set secret 8888");
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password set" + by(admin));
    const auto before = passwordEvents(jdoe.associateId).size();
    t.service.setPasswordFromName(t.as(admin), "jdoe", "set secret 9999");
    EXPECT_EQ(passwordEvents(jdoe.associateId).size(), before + 1);
}

TEST_P(PasswordAudit, AGeneratedPasswordIsRecordedAsGenerated)
{
    t.service.setGeneratedPassword(t.as(admin), jdoe.associateId);
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password generated" + by(admin));
}

TEST_P(PasswordAudit, AChangeWithTheOldPasswordIsRecordedAsChangedByWhoeverChangedIt)
{
    t.service.changeOwnPassword(t.as(jdoe), jdoePassword, "own secret 1212");
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password changed" + by(jdoe));
    t.service.changePassword(t.as(admin), jdoe.associateId, "own secret 1212", "admin changed 1313");
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password changed" + by(admin));
}

TEST_P(PasswordAudit, ARedeemedResetTokenIsRecordedAsResetByTheUser)
{
    ASSERT_TRUE(t.service.sendChangePasswordEMail(t.as(jdoe), jdoe.associateId).success);
    const auto outbox = t.service.records(t.system(), "outbox", jdoe.associateId);
    ASSERT_FALSE(outbox.empty());
    t.service.resetPassword(std::string(bj::parse(outbox.back().body).at("token").as_string()), "reset secret 1414");
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password reset" + by(jdoe));
}

TEST_P(PasswordAudit, ExternalUserPasswordsAreRecorded)
{
    const auto guest =
        t.service.createExternalUser(t.as(admin), 0, "guest", "visitor pass 1515", t.employee.roleId, true);
    EXPECT_EQ(lastEvent(guest), "password changed password set" + by(admin));
    t.service.setExternalUserInfo(
        t.as(admin), guest, "", "visitor pass 1616", true, 0, ExternalUserInfoModification::Password);
    EXPECT_EQ(passwordEvents(guest).size(), 2u);
    t.service.generateNewPasswordForExternalUser(t.as(admin), "guest");
    EXPECT_EQ(lastEvent(guest), "password changed password generated" + by(admin));
}

TEST_P(PasswordAudit, APasswordEventIsShownOnlyToReadersOfCredentials)
{
    t.service.setPassword(t.as(admin), jdoe.associateId, "set secret 1717");
    const User frank = t.addUser("frank");
    const auto hidden =
        t.service.executeUserCommand(t.as(frank), jdoe.associateId, "audit-history", CommandActionResult::Implicit);
    ASSERT_TRUE(hidden.success);
    EXPECT_EQ(hidden.message->find("password changed"), std::string::npos) << *hidden.message;
    const auto shown =
        t.service.executeUserCommand(t.as(admin), jdoe.associateId, "audit-history", CommandActionResult::Implicit);
    EXPECT_NE(
        shown.message->find(R"("event":"password changed","credentialType":"password","how":"set")"), std::string::npos)
        << *shown.message;
}

TEST_P(PasswordAudit, NoPasswordOrHashAppearsInTheAuditRecordsOrTheLog)
{
    const std::vector<std::string> secrets { adminPassword, jdoePassword, nestedPassword, "set secret 1818",
        "own secret 1919", "admin changed 2020", "reset secret 2121", "visitor pass 2222", "visitor pass 2323" };
    t.service.setPassword(t.as(admin), jdoe.associateId, secrets[3]);
    t.service.changeOwnPassword(t.as(jdoe), secrets[3], secrets[4]);
    t.service.changePassword(t.as(admin), jdoe.associateId, secrets[4], secrets[5]);
    t.service.sendChangePasswordEMail(t.as(admin), jdoe.associateId);
    const auto token = std::string(
        bj::parse(t.service.records(t.system(), "outbox", jdoe.associateId).back().body).at("token").as_string());
    t.service.resetPassword(token, secrets[6]);
    t.service.executeUserCommand(t.as(admin), jdoe.associateId, "set-password", CommandActionResult::Yes);
    const auto guest = t.service.createExternalUser(t.as(admin), 0, "guest", secrets[7], t.employee.roleId, true);
    t.service.setExternalUserInfo(t.as(admin), guest, "", secrets[8], true, 0, ExternalUserInfoModification::Password);
    const std::string generated = t.service.setGeneratedPassword(t.as(admin), jdoe.associateId);
    ASSERT_GE(passwordEvents(jdoe.associateId).size(), 7u);

    std::vector<std::string> texts = log;
    for (const auto id : { admin.associateId, jdoe.associateId, guest })
        for (const auto& record : t.service.records(t.system(), "audit", id))
            texts.push_back(record.body);
    texts.push_back(
        *t.service.executeUserCommand(t.as(admin), jdoe.associateId, "audit-history", CommandActionResult::Implicit)
             .message);
    for (const auto& text : texts) {
        for (const auto& secret : secrets)
            EXPECT_EQ(text.find(secret), std::string::npos) << text;
        EXPECT_EQ(text.find(generated), std::string::npos) << text;
        EXPECT_EQ(text.find(token), std::string::npos) << text;
        EXPECT_EQ(text.find("$argon2"), std::string::npos) << text; // no hash, however encoded
        EXPECT_EQ(text.find("***"), std::string::npos) << text; // not even redacted characters
    }
}

} // namespace

TEST_P(PasswordAudit, SaveCredentialAndDeleteCredentialOfAPasswordAreRecordedRedacted)
{
    t.service.saveCredential(t.as(admin), jdoe.associateId,
        { .type = CredentialType { .type = "password" }, .value = "credential secret 1818" });
    EXPECT_EQ(lastEvent(jdoe.associateId), "password changed password set" + by(admin));
    t.service.deleteCredential(t.as(admin), jdoe.associateId, "password");
    EXPECT_EQ(lastEvent(jdoe.associateId), "password removed password removed" + by(admin));
    for (const auto& record : t.service.records(t.system(), "audit", jdoe.associateId))
        EXPECT_EQ(record.body.find("credential secret"), std::string::npos) << record.body;
    for (const auto& line : log)
        EXPECT_EQ(line.find("credential secret"), std::string::npos) << line;
}
