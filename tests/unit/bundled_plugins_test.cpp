// The bundled plugins, through the testing kit (static registration), and the
// same scenarios with the plugins loaded from their shared libraries.
#include <userservice/testing.hpp>

#include <gtest/gtest.h>

extern const userservice::plugin::Descriptor userservice_plugin_account_lifecycle;
extern const userservice::plugin::Descriptor userservice_plugin_audit_trail;
extern const userservice::plugin::Descriptor userservice_plugin_password_policy;
extern const userservice::plugin::Descriptor userservice_plugin_welcome;

using namespace userservice;
using testkit::asked;
using testkit::hasFieldError;
using testkit::hasRecord;
using testkit::succeeded;

namespace {

std::vector<std::string> commandNames(const std::vector<CustomCommand>& commands)
{
    std::vector<std::string> names;
    for (const auto& command : commands)
        names.push_back(command.name.value_or(""));
    return names;
}

// ---------------------------------------------------------------- account lifecycle

TEST(AccountLifecycle, RetireAsksThenRetiresAndFreesLicences)
{
    testkit::TestService t { &userservice_plugin_account_lifecycle };
    LicenseOwner owner { .name = "SuperOffice" };
    owner.restrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Sales", .total = 5 } };
    const std::int32_t module =
        (*t.service.addLicenseOwner(t.system(), owner).restrictedModuleLicenses)[0].moduleLicenseId;
    User bob = t.newUser("bob");
    bob.licenseOwners = std::vector<LicenseOwner> { { .restrictedModuleLicenses = std::vector<ModuleLicenseLink> {
                                                          { .assigned = true, .moduleLicenseId = module } } } };
    bob.credentials =
        std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "bobs secret 1" } };
    bob = t.service.saveUser(t.system(), bob);

    EXPECT_EQ(asked(t.service.executeUserCommand(t.system(), bob.associateId, "retire", CommandActionResult::Implicit),
                  "Retire this user?"),
        "");
    EXPECT_FALSE(t.service.executeUserCommand(t.system(), bob.associateId, "retire", CommandActionResult::No).success);
    EXPECT_FALSE(t.service.getUser(t.system(), bob.associateId)->deleted);

    EXPECT_EQ(
        succeeded(t.service.executeUserCommand(t.system(), bob.associateId, "retire", CommandActionResult::Yes)), "");
    const User retired = t.service.getUser(t.system(), bob.associateId).value();
    EXPECT_TRUE(retired.deleted);
    EXPECT_FALSE((*(*retired.licenseOwners)[0].restrictedModuleLicenses)[0].assigned);
    EXPECT_EQ((*(*retired.licenseOwners)[0].restrictedModuleLicenses)[0].inUse, 0);
    EXPECT_FALSE(t.service.verifyPassword("bob", "bobs secret 1"));

    // Now reactivate applies, retire does not.
    EXPECT_EQ(commandNames(t.service.getUserCommands(t.system(), retired)), std::vector<std::string> { "reactivate" });
    EXPECT_EQ(succeeded(t.service.executeUserCommand(
                  t.system(), bob.associateId, "reactivate", CommandActionResult::Implicit)),
        "");
    EXPECT_FALSE(t.service.getUser(t.system(), bob.associateId)->deleted);
}

TEST(AccountLifecycle, ApproveAccessOnlyForUsersWaitingAndOnlyByThoseWhoMayUpdate)
{
    testkit::TestService t { &userservice_plugin_account_lifecycle };
    User waiting = t.newUser("walter");
    waiting.waitingForApproval = true;
    waiting = t.service.saveUser(t.system(), waiting);
    const User alice = t.addUser("alice");
    const User admin = t.addAdministrator("ada");

    EXPECT_EQ(commandNames(t.service.getUserCommands(t.as(alice), waiting)), std::vector<std::string> {});
    const auto refused = t.service.tryExecuteUserCommand(
        t.as(alice), waiting.associateId, "approve-access", CommandActionResult::Implicit);
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(refused.error().kind(), ErrorKind::Forbidden);

    EXPECT_EQ(commandNames(t.service.getUserCommands(t.as(admin), waiting)),
        (std::vector<std::string> { "retire", "approve-access" }));
    EXPECT_EQ(succeeded(t.service.executeUserCommand(
                  t.as(admin), waiting.associateId, "approve-access", CommandActionResult::Implicit)),
        "");
    EXPECT_FALSE(t.service.getUser(t.system(), waiting.associateId)->waitingForApproval);
    const auto again = t.service.tryExecuteUserCommand(
        t.as(admin), waiting.associateId, "approve-access", CommandActionResult::Implicit);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error().kind(), ErrorKind::BadRequest); // no longer applies
}

// ---------------------------------------------------------------- password policy

TEST(PasswordPolicy, WeakPasswordsAreRefusedNamingTheRuleNeverThePassword)
{
    testkit::TestService t { &userservice_plugin_password_policy };
    const auto withPassword = [&](const std::string& password) {
        User user = t.newUser("carol");
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
        return user;
    };
    const auto problems = t.service.validateUser(t.system(), withPassword("short1"));
    EXPECT_EQ(hasFieldError(problems, "User.Credentials[0].Value", "at least 12 characters"), "");
    EXPECT_EQ(hasFieldError(t.service.validateUser(t.system(), withPassword("onlylettershere")),
                  "User.Credentials[0].Value", "letters and digits"),
        "");
    EXPECT_EQ(hasFieldError(t.service.validateUser(t.system(), withPassword("Carol-is-number-1")),
                  "User.Credentials[0].Value", "contains the user's name"),
        "");
    const auto refused = t.service.trySaveUser(t.system(), withPassword("short1"));
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(refused.error().kind(), ErrorKind::Validation);
    EXPECT_EQ(refused.error().message().find("short1"), std::string::npos);

    EXPECT_TRUE(t.service.validateUser(t.system(), withPassword("correct horse 42 battery")).empty());
    EXPECT_GT(t.service.saveUser(t.system(), withPassword("correct horse 42 battery")).associateId, 0);
    // Saving the user back without a new password is not checked again.
    User stored = t.service.getUserFromName(t.system(), "carol").value();
    stored.tooltip = "edited";
    EXPECT_EQ(t.service.saveUser(t.system(), stored).tooltip, "edited");
}

// ---------------------------------------------------------------- welcome

TEST(Welcome, ACreatedUserBringsAWelcomeDialogAndAnOutboxMessage)
{
    testkit::TestService t { &userservice_plugin_welcome };
    CallerContext english = t.system();
    english.language = "en";
    User dora = t.newUser("dora");
    dora.person->firstname = "Dora";
    const User created = t.service.saveUser(english, dora);
    ASSERT_TRUE(created.postSaveCommands);
    ASSERT_EQ(created.postSaveCommands->size(), 1u);
    EXPECT_EQ(created.postSaveCommands->front().name, "show-welcome");
    EXPECT_EQ(created.postSaveCommands->front().actionData, "Welcome, Dora!");
    const auto outbox = t.service.records(t.system(), "outbox", created.associateId);
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(hasRecord(outbox, R"("to":"dora@example.com")"), "");

    User again = created;
    again.tooltip = "an update";
    EXPECT_FALSE(t.service.saveUser(english, again).postSaveCommands);
    EXPECT_EQ(t.service.records(t.system(), "outbox", created.associateId).size(), 1u);
}

// ---------------------------------------------------------------- audit trail

TEST(AuditTrail, EverySaveIsRecordedWithOldAndNewValuesAndSecretsRedacted)
{
    testkit::TestService t { &userservice_plugin_audit_trail, &userservice_plugin_account_lifecycle };
    const User admin = t.addAdministrator("ada");
    User erin = t.newUser("erin");
    erin.requestSignature = "internal signature";
    erin.credentials =
        std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "Canary-Secret-77" } };
    erin = t.service.saveUser(t.as(admin), erin);
    erin.tooltip = "in Oslo";
    erin = t.service.saveUser(t.as(admin), erin);
    t.service.executeUserCommand(t.as(admin), erin.associateId, "retire", CommandActionResult::Yes);

    const auto records = t.service.records(t.system(), "audit", erin.associateId);
    ASSERT_EQ(records.size(), 3u); // created, Tooltip, retired (the command's save)
    EXPECT_EQ(hasRecord(records, R"({"field":"User.Tooltip","old":null,"new":"in Oslo"})"), "");
    EXPECT_EQ(hasRecord(records, R"({"field":"User.Deleted","old":false,"new":true})"), "");
    EXPECT_EQ(hasRecord(records, R"({"field":"User.Credentials","redacted":true})"), "");
    for (const auto& record : records) {
        EXPECT_EQ(record.body.find("Canary-Secret-77"), std::string::npos);
        EXPECT_EQ(record.by, admin.associateId);
    }

    // Another ordinary user reads the history without the fields hidden from them.
    const User frank = t.addUser("frank");
    const CommandResult history =
        t.service.executeUserCommand(t.as(frank), erin.associateId, "audit-history", CommandActionResult::Implicit);
    ASSERT_TRUE(history.success);
    EXPECT_NE(history.message->find("User.Tooltip"), std::string::npos);
    EXPECT_EQ(history.message->find("User.RequestSignature"), std::string::npos);
    EXPECT_EQ(history.message->find("User.Credentials"), std::string::npos);
    const CommandResult full =
        t.service.executeUserCommand(t.as(admin), erin.associateId, "audit-history", CommandActionResult::Implicit);
    EXPECT_NE(full.message->find("User.RequestSignature"), std::string::npos);
}

TEST(AuditTrail, ARefusedSaveLeavesNoRecord)
{
    testkit::TestService t { &userservice_plugin_audit_trail, &userservice_plugin_password_policy };
    User gina = t.addUser("gina");
    const auto before = t.service.records(t.system(), "audit", gina.associateId).size();
    gina.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "weak" } };
    EXPECT_TRUE(t.service.trySaveUser(t.system(), gina).has_error());
    EXPECT_EQ(t.service.records(t.system(), "audit", gina.associateId).size(), before);
}

// A deleted user's records outlive it (user administrators read them); the next user
// must not get its id, and with it that history.
TEST(AuditTrail, ADeletedUsersHistoryIsNotHandedToTheNextUser)
{
    testkit::TestService t { &userservice_plugin_audit_trail };
    const User ivan = t.addUser("ivan");
    t.service.deleteUser(t.system(), ivan.associateId);
    const User judy = t.addUser("judy");
    EXPECT_NE(judy.associateId, ivan.associateId);
    const auto records = t.service.records(t.system(), "audit", judy.associateId);
    ASSERT_EQ(records.size(), 1u); // judy's creation only
    EXPECT_EQ(hasRecord(records, "judy"), "");
    EXPECT_EQ(t.service.records(t.system(), "audit", ivan.associateId).size(), 2u); // created, deleted
}

// ---------------------------------------------------------------- shared libraries and static registration

/// One scenario over all four plugins; what it observes, as text.
std::string runScenario(testkit::TestService& t)
{
    std::string seen;
    User hank = t.newUser("hank");
    hank.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "short" } };
    const auto refused = t.service.trySaveUser(t.system(), hank);
    seen += refused.has_error() ? refused.error().message() + "\n" : "saved a weak password\n";
    (*hank.credentials)[0].value = "a much better passphrase 9";
    const User created = t.service.saveUser(t.system(), hank);
    seen += created.postSaveCommands ? *created.postSaveCommands->front().name + "\n" : "no welcome\n";
    for (const auto& name : commandNames(t.service.getUserCommands(t.system(), created)))
        seen += name + " ";
    const CommandResult retired =
        t.service.executeUserCommand(t.system(), created.associateId, "retire", CommandActionResult::Yes);
    seen += "\n" + retired.message.value_or("") + "\n";
    for (const auto& record : t.service.records(t.system(), "audit", created.associateId))
        seen += record.body + "\n";
    seen += std::to_string(t.service.records(t.system(), "outbox", created.associateId).size());
    return seen;
}

TEST(BundledPlugins, SharedLibrariesAndStaticRegistrationBehaveTheSame)
{
    testkit::TestService linked { &userservice_plugin_password_policy, &userservice_plugin_welcome,
        &userservice_plugin_account_lifecycle, &userservice_plugin_audit_trail };
    testkit::TestService loaded;
    for (const char* name : { "password_policy", "welcome", "account_lifecycle", "audit_trail" })
        loaded.registry->load(std::string(USERSERVICE_BUNDLED_PLUGIN_DIR) + "/lib" + name + ".so");
    const std::string expected = runScenario(linked);
    EXPECT_NE(expected.find("at least 12 characters"), std::string::npos) << expected;
    EXPECT_NE(expected.find("show-welcome"), std::string::npos) << expected;
    EXPECT_NE(expected.find("retire audit-history"), std::string::npos) << expected;
    EXPECT_EQ(runScenario(loaded), expected);
}

} // namespace
