// Custom commands and what runs around a save, through the UserService.
#include <userservice/user_service.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace userservice;

namespace {

const CallerContext systemCaller = CallerContext::system();

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class CommandTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    CommandTest()
        : registry(std::make_shared<PluginRegistry>())
    {
        registry->registerHost([this](plugin::Registrar& r) { registerCommands(r); });
        service.emplace(UserService::open({ .database = databaseFor(GetParam()),
            .log = [this](LogLevel, std::string_view line) { log.emplace_back(line); },
            .passwordHashing = PasswordHashing::Minimal,
            .plugins = registry }));
        group = service->addUserGroup(systemCaller, { .value = "Sales" }).id;
        employee = service->addRole(systemCaller, { .name = "Employee", .roleType = RoleType::Employee }).roleId;
        alice = create("AL", "alice");
        bob = create("BO", "bob");
    }

    std::int32_t create(const std::string& initials, const std::string& userName)
    {
        User user;
        user.name = initials;
        user.userName = userName;
        user.type = UserType::InternalAssociate;
        user.role = Role { .roleId = employee };
        user.userGroup = UserGroup { .id = group };
        user.person = Person { .lastname = userName };
        return service->saveUser(systemCaller, user).associateId;
    }

    /// Sets a user's Tooltip through the service handle the command gets.
    static CommandResult setTooltip(plugin::CommandCall& call, const std::string& tooltip)
    {
        User user = call.user;
        user.tooltip = tooltip;
        call.transaction->saveUser(user);
        return { .success = true, .message = "done" };
    }

    void registerCommands(plugin::Registrar& r)
    {
        r.customCommand({ .name = "retire",
                            .displayName = R"(NO:"Pensjoner";US:"Retire")",
                            .actions = CommandAction::YesNo,
                            .actionData = R"(NO:"Pensjonere brukeren?";US:"Retire this user?")",
                            .requiredRight = ETableRight::Update },
            [](plugin::CommandCall& call) { return setTooltip(call, "retired"); });
        r.customCommand({ .name = "confirm", .actions = CommandAction::OkCancel, .actionData = "Sure?" },
            [](plugin::CommandCall& call) { return setTooltip(call, "confirmed"); });
        r.customCommand({ .name = "acknowledge", .actions = CommandAction::Ok, .actionData = "Read this first" },
            [](plugin::CommandCall& call) { return setTooltip(call, "acknowledged"); });
        r.customCommand({ .name = "touch" }, [](plugin::CommandCall& call) { return setTooltip(call, "touched"); });
        r.customCommand(
            { .name = "only-for-bob",
                .appliesTo = [](const CallerContext&, const User& user) { return user.userName == "bob"; } },
            [](plugin::CommandCall&) { return CommandResult { .success = true }; });
        r.customCommand({ .name = "save-then-throw" }, [](plugin::CommandCall& call) -> CommandResult {
            setTooltip(call, "half done");
            throw std::runtime_error("the command broke");
        });
        r.customCommand({ .name = "save-then-fail" }, [](plugin::CommandCall& call) {
            setTooltip(call, "half done");
            return CommandResult { .success = false, .message = "could not finish" };
        });
        r.customCommand(
            { .name = "copy-alice",
                .appliesTo = [](const CallerContext&, const User& user) { return user.userName == "alice"; } },
            [](plugin::CommandCall& call) {
                User copy = call.user; // a new user with the same unique names: refused
                copy.associateId = 0;
                copy.person->personId = 0;
                try {
                    call.transaction->saveUser(copy);
                } catch (const Exception& e) {
                    std::string fields;
                    for (const auto& field : e.error().fields())
                        fields += field.field + " ";
                    return CommandResult { .success = false, .message = fields };
                }
                return CommandResult { .success = true };
            });
        r.validator("no-robots", [](const CallerContext&, const User& user) {
            std::vector<FieldError> problems;
            if (user.tooltip && *user.tooltip == "robot")
                problems.push_back({ "User.Tooltip", "robots may not be users" });
            return problems;
        });
        r.postSaveCommand("check-after", [this](plugin::PostSaveCall& call) {
            ++postSaves;
            lastBefore = call.before ? call.before->tooltip.value_or("") : "<new>";
            lastAfter = call.after.tooltip.value_or("");
            if (call.after.tooltip == "explode")
                throw std::runtime_error("post-save exploded");
            if (!call.before)
                call.clientCommands.push_back({ .name = "welcome", .displayName = R"(NO:"Velkommen";US:"Welcome")" });
        });
        r.text("SR_GREET", "no", "Si hei");
        r.text("SR_GREET", "en", "Say hello");
        r.customCommand({ .name = "greet", .displayName = "[SR_GREET]" },
            [](plugin::CommandCall&) { return CommandResult { .success = true, .message = "[SR_GREET]" }; });
        r.rightsModifier("locked-users", [](const Principal&, const User* target, UserRights& rights) {
            if (target && target->tooltip == "locked")
                rights.user.table.mask = ETableRight::Select;
        });
        r.customCommand({ .name = "uses-the-service" }, [this](plugin::CommandCall& call) {
            User user = call.user;
            user.tooltip = "behind the transaction's back";
            service->saveUser(call.caller, user); // not through call.transaction
            return CommandResult { .success = true };
        });
        r.customCommand({ .name = "quiet-yes", .actions = CommandAction::YesNo, .actionData = "Sure?" },
            [](plugin::CommandCall&) { return CommandResult { .success = true }; });
        r.customCommand({ .name = "says-ok", .actions = CommandAction::YesNo, .actionData = "Sure?" },
            [](plugin::CommandCall&) { return CommandResult { .success = true, .result = CommandActionResult::Ok }; });
        r.afterCommitCommand("notify", [](plugin::PostSaveCall& call) {
            if (call.after.tooltip == "no mail")
                throw std::runtime_error("the mail server is down");
        });
    }

    std::string tooltipOf(std::int32_t id) { return service->getUser(systemCaller, id)->tooltip.value_or(""); }

    std::shared_ptr<PluginRegistry> registry;
    std::vector<std::string> log;
    std::optional<UserService> service;
    std::int32_t group = 0, employee = 0, alice = 0, bob = 0;
    int postSaves = 0;
    std::string lastBefore, lastAfter;
};

INSTANTIATE_TEST_SUITE_P(Stores, CommandTest, everyBackend, backendName);

TEST_P(CommandTest, YesNoAsksFirstAndRunsOnlyOnYes)
{
    const CommandResult asked = service->executeUserCommand(systemCaller, bob, "retire", CommandActionResult::Implicit);
    EXPECT_FALSE(asked.success);
    EXPECT_EQ(asked.result, CommandActionResult::Implicit);
    EXPECT_EQ(asked.message, R"(NO:"Pensjonere brukeren?";US:"Retire this user?")"); // no language: raw
    EXPECT_EQ(tooltipOf(bob), "");

    const CommandResult declined = service->executeUserCommand(systemCaller, bob, "retire", CommandActionResult::No);
    EXPECT_FALSE(declined.success);
    EXPECT_EQ(declined.result, CommandActionResult::No);
    EXPECT_EQ(tooltipOf(bob), "");

    const CommandResult done = service->executeUserCommand(systemCaller, bob, "retire", CommandActionResult::Yes);
    EXPECT_TRUE(done.success);
    EXPECT_EQ(tooltipOf(bob), "retired");
    ASSERT_TRUE(done.tableRight);
    EXPECT_EQ(toString(done.tableRight->mask), "FULL");
    ASSERT_TRUE(done.fieldProperties);
    EXPECT_TRUE(done.fieldProperties->find("Success"));
}

TEST_P(CommandTest, OkCancelAndOkAndImplicitDialogs)
{
    EXPECT_EQ(
        service->executeUserCommand(systemCaller, bob, "confirm", CommandActionResult::Implicit).message, "Sure?");
    EXPECT_EQ(service->executeUserCommand(systemCaller, bob, "confirm", CommandActionResult::Cancel).result,
        CommandActionResult::Cancel);
    EXPECT_EQ(tooltipOf(bob), "");
    EXPECT_TRUE(service->executeUserCommand(systemCaller, bob, "confirm", CommandActionResult::Ok).success);
    EXPECT_EQ(tooltipOf(bob), "confirmed");

    EXPECT_EQ(service->executeUserCommand(systemCaller, bob, "acknowledge", CommandActionResult::Implicit).message,
        "Read this first");
    EXPECT_EQ(tooltipOf(bob), "confirmed");
    EXPECT_TRUE(service->executeUserCommand(systemCaller, bob, "acknowledge", CommandActionResult::Ok).success);
    EXPECT_EQ(tooltipOf(bob), "acknowledged");

    EXPECT_TRUE(service->executeUserCommand(systemCaller, bob, "touch", CommandActionResult::Implicit).success);
    EXPECT_EQ(tooltipOf(bob), "touched");
}

TEST_P(CommandTest, UnknownInapplicableAndForbiddenCommandsAreClearErrors)
{
    const auto unknown = service->tryExecuteUserCommand(systemCaller, bob, "fly", CommandActionResult::Implicit);
    ASSERT_TRUE(unknown.has_error());
    EXPECT_EQ(unknown.error().kind(), ErrorKind::NotFound);
    EXPECT_NE(unknown.error().message().find("fly"), std::string::npos);

    const auto noUser = service->tryExecuteUserCommand(systemCaller, 999, "touch", CommandActionResult::Implicit);
    ASSERT_TRUE(noUser.has_error());
    EXPECT_EQ(noUser.error().kind(), ErrorKind::NotFound);
    EXPECT_EQ(noUser.error().message(), "User with given id does not exist in the db.");

    const auto notForAlice =
        service->tryExecuteUserCommand(systemCaller, alice, "only-for-bob", CommandActionResult::Implicit);
    ASSERT_TRUE(notForAlice.has_error());
    EXPECT_EQ(notForAlice.error().kind(), ErrorKind::BadRequest);
    EXPECT_TRUE(service->executeUserCommand(systemCaller, bob, "only-for-bob", CommandActionResult::Implicit).success);

    // Alice may read bob but not update him: "retire" needs Update.
    const auto forbidden =
        service->tryExecuteUserCommand(CallerContext::user(alice), bob, "retire", CommandActionResult::Yes);
    ASSERT_TRUE(forbidden.has_error());
    EXPECT_EQ(forbidden.error().kind(), ErrorKind::Forbidden);
    // "touch" needs only Select, but the save inside it uses alice's rights: refused, nothing kept.
    const auto refusedInside =
        service->tryExecuteUserCommand(CallerContext::user(alice), bob, "touch", CommandActionResult::Implicit);
    ASSERT_TRUE(refusedInside.has_error());
    EXPECT_EQ(refusedInside.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(tooltipOf(bob), "");
}

TEST_P(CommandTest, GetUserCommandsOffersWhatAppliesInTheCallersLanguage)
{
    const auto names = [](const std::vector<CustomCommand>& commands) {
        std::vector<std::string> out;
        for (const auto& command : commands)
            out.push_back(command.name.value_or(""));
        return out;
    };
    const User bobUser = service->getUser(systemCaller, bob).value();
    const User aliceUser = service->getUser(systemCaller, alice).value();
    EXPECT_EQ(names(service->getUserCommands(systemCaller, bobUser)),
        (std::vector<std::string> { "retire", "confirm", "acknowledge", "touch", "only-for-bob", "save-then-throw",
            "save-then-fail", "greet", "uses-the-service", "quiet-yes", "says-ok" }));
    const auto forAlice = names(service->getUserCommands(CallerContext::user(alice), bobUser));
    EXPECT_EQ(std::count(forAlice.begin(), forAlice.end(), "retire"), 0); // needs Update on bob
    EXPECT_EQ(std::count(forAlice.begin(), forAlice.end(), "only-for-bob"), 1);
    const auto onAlice = names(service->getUserCommands(systemCaller, aliceUser));
    EXPECT_EQ(std::count(onAlice.begin(), onAlice.end(), "only-for-bob"), 0);

    CallerContext norwegian = systemCaller, english = systemCaller;
    norwegian.language = "nb-NO";
    english.language = "en";
    EXPECT_EQ(service->getUserCommands(norwegian, bobUser).front().displayName, "Pensjoner");
    EXPECT_EQ(service->getUserCommands(norwegian, bobUser).front().actionData, "Pensjonere brukeren?");
    EXPECT_EQ(service->getUserCommands(english, bobUser).front().displayName, "Retire");
    EXPECT_EQ(service->executeUserCommand(english, bob, "retire", CommandActionResult::Implicit).message,
        "Retire this user?");
}

TEST_P(CommandTest, PluginsShipTheirOwnTextsAndListNamesAreTranslated)
{
    CallerContext norwegian = systemCaller, english = systemCaller, german = systemCaller;
    norwegian.language = "no";
    english.language = "en";
    german.language = "de"; // no German text: English
    EXPECT_EQ(service->executeUserCommand(norwegian, bob, "greet", CommandActionResult::Implicit).message, "Si hei");
    EXPECT_EQ(service->executeUserCommand(english, bob, "greet", CommandActionResult::Implicit).message, "Say hello");
    EXPECT_EQ(service->executeUserCommand(german, bob, "greet", CommandActionResult::Implicit).message, "Say hello");
    EXPECT_EQ(
        service->executeUserCommand(systemCaller, bob, "greet", CommandActionResult::Implicit).message, "[SR_GREET]");

    const auto team = service->addUserGroup(systemCaller, { .value = R"(NO:"Salg";US:"Sales team")" });
    User user = service->getUser(systemCaller, bob).value();
    user.otherGroups = std::vector<UserGroup> { { .id = team.id } };
    service->saveUser(systemCaller, user);
    EXPECT_EQ(service->getUser(norwegian, bob)->otherGroups->front().value, "Salg");
    EXPECT_EQ(service->getUser(english, bob)->otherGroups->front().value, "Sales team");
    EXPECT_EQ(service->getUser(systemCaller, bob)->otherGroups->front().value, R"(NO:"Salg";US:"Sales team")");
    EXPECT_EQ(service->userGroups(norwegian).back().value, "Salg");
}

TEST_P(CommandTest, ACommandThatThrowsOrFailsKeepsNothing)
{
    const auto thrown = service->tryExecuteUserCommand(systemCaller, bob, "save-then-throw", CommandActionResult::Yes);
    ASSERT_TRUE(thrown.has_error());
    EXPECT_EQ(thrown.error().kind(), ErrorKind::Internal);
    EXPECT_NE(thrown.error().message().find("the command broke"), std::string::npos);
    EXPECT_NE(thrown.error().message().find("host"), std::string::npos); // names the owner
    EXPECT_EQ(tooltipOf(bob), "");

    const CommandResult failed =
        service->executeUserCommand(systemCaller, bob, "save-then-fail", CommandActionResult::Yes);
    EXPECT_FALSE(failed.success);
    EXPECT_EQ(failed.message, "could not finish");
    EXPECT_EQ(tooltipOf(bob), "");
}

TEST_P(CommandTest, ValidatorsVetoASaveWithMessagesByField)
{
    User user = service->getUser(systemCaller, bob).value();
    user.tooltip = "robot";
    const auto refused = service->trySaveUser(systemCaller, user);
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(refused.error().kind(), ErrorKind::Validation);
    ASSERT_EQ(refused.error().fields().size(), 1u);
    EXPECT_EQ(refused.error().fields()[0].field, "User.Tooltip");
    EXPECT_EQ(refused.error().fields()[0].message, "robots may not be users");
    EXPECT_EQ(tooltipOf(bob), "");
    EXPECT_TRUE(service->validateUser(systemCaller, user).empty() == false);
}

TEST_P(CommandTest, PostSaveCommandsSeeBeforeAndAfterAndTheirFailureRollsBack)
{
    User user = service->getUser(systemCaller, bob).value();
    const int before = postSaves;
    user.tooltip = "on holiday";
    service->saveUser(systemCaller, user);
    EXPECT_EQ(postSaves, before + 1);
    EXPECT_EQ(lastBefore, "");
    EXPECT_EQ(lastAfter, "on holiday");

    user.tooltip = "explode";
    const auto exploded = service->trySaveUser(systemCaller, user);
    ASSERT_TRUE(exploded.has_error());
    EXPECT_EQ(exploded.error().kind(), ErrorKind::Internal);
    EXPECT_NE(exploded.error().message().find("post-save exploded"), std::string::npos);
    EXPECT_EQ(tooltipOf(bob), "on holiday"); // rolled back
}

TEST_P(CommandTest, CreatedUsersCarryTheClientsPostSaveCommands)
{
    User user;
    user.name = "CA";
    user.userName = "carol";
    user.type = UserType::InternalAssociate;
    user.person = Person { .lastname = "Carol" };
    CallerContext english = systemCaller;
    english.language = "en";
    const User created = service->saveUser(english, user);
    ASSERT_TRUE(created.postSaveCommands);
    ASSERT_EQ(created.postSaveCommands->size(), 1u);
    EXPECT_EQ(created.postSaveCommands->front().name, "welcome");
    EXPECT_EQ(created.postSaveCommands->front().displayName, "Welcome");
    EXPECT_EQ(lastBefore, "<new>");
    // Saving it again is no creation: no welcome.
    EXPECT_FALSE(service->saveUser(english, created).postSaveCommands);
}

TEST_P(CommandTest, AfterCommitFailuresAreWarningsAndTheSaveStands)
{
    User user = service->getUser(systemCaller, bob).value();
    user.tooltip = "no mail";
    const SaveReport report = service->saveUserWithReport(systemCaller, user);
    EXPECT_EQ(report.user.tooltip, "no mail");
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_NE(report.warnings[0].find("the mail server is down"), std::string::npos);
    EXPECT_EQ(tooltipOf(bob), "no mail");
    EXPECT_TRUE(std::any_of(
        log.begin(), log.end(), [](const std::string& line) { return line.find("mail server") != std::string::npos; }));
}

TEST_P(CommandTest, BulkSavesRunThePostSaveCommandsOfEveryUser)
{
    std::vector<User> users(3);
    for (int i = 0; i < 3; ++i) {
        users[i].name = "B" + std::to_string(i);
        users[i].userName = "bulk" + std::to_string(i);
        users[i].type = UserType::InternalAssociate;
        users[i].person = Person { .lastname = "Bulk" };
    }
    const int before = postSaves;
    service->saveUsers(systemCaller, users);
    EXPECT_EQ(postSaves, before + 3);

    users[0].name = "B9";
    users[0].userName = "bulk9";
    users[1].name = "B8";
    users[1].userName = "bulk8";
    users[1].tooltip = "explode";
    EXPECT_TRUE(service->trySaveUsers(systemCaller, std::span(users).first(2)).has_error());
    EXPECT_FALSE(service->getUserFromName(systemCaller, "bulk9")); // the whole batch rolled back
}

TEST_P(CommandTest, AppliesToIsDecidedOnTheStoredUserNotOnTheSentCarrier)
{
    User forged = *service->getUser(systemCaller, alice);
    forged.userName = "bob"; // a client can send any carrier
    const auto refused = [&]() -> std::optional<ErrorKind> {
        try {
            service->executeUserCommand(systemCaller, "only-for-bob", CommandActionResult::Implicit, forged);
        } catch (const Exception& e) {
            return e.error().kind();
        }
        return std::nullopt;
    }();
    EXPECT_EQ(refused, ErrorKind::BadRequest);
    for (const auto& command : service->getUserCommands(systemCaller, forged))
        EXPECT_NE(command.name, "only-for-bob");

    User genuine = *service->getUser(systemCaller, bob);
    genuine.userName = "somebody else";
    EXPECT_TRUE(
        service->executeUserCommand(systemCaller, "only-for-bob", CommandActionResult::Implicit, genuine).success);
}

TEST_P(CommandTest, RightsModifiersSeeTheStoredUserNotTheSentCarrier)
{
    User locked = *service->getUser(systemCaller, bob);
    locked.tooltip = "locked";
    service->saveUser(systemCaller, locked);

    User sent = locked;
    sent.tooltip = "not locked, honest";
    try {
        service->executeUserCommand(systemCaller, "retire", CommandActionResult::Yes, sent);
        FAIL() << "retire ran on a user whose stored rights refuse Update";
    } catch (const Exception& e) {
        EXPECT_EQ(e.error().kind(), ErrorKind::Forbidden);
    }
    EXPECT_EQ(tooltipOf(bob), "locked");
    for (const auto& command : service->getUserCommands(systemCaller, sent))
        EXPECT_NE(command.name, "retire");
}

TEST_P(CommandTest, AfterYesOrOkTheResultSaysSoUnlessTheCommandSetsAnother)
{
    EXPECT_EQ(service->executeUserCommand(systemCaller, bob, "quiet-yes", CommandActionResult::Yes).result,
        CommandActionResult::Yes);
    EXPECT_EQ(service->executeUserCommand(systemCaller, bob, "acknowledge", CommandActionResult::Ok).result,
        CommandActionResult::Ok);
    EXPECT_EQ(service->executeUserCommand(systemCaller, bob, "says-ok", CommandActionResult::Yes).result,
        CommandActionResult::Ok);
    EXPECT_EQ(service->executeUserCommand(systemCaller, bob, "touch", CommandActionResult::Implicit).result,
        CommandActionResult::Implicit);
}

TEST_P(CommandTest, ACommandCallingTheServiceItHoldsIsRefusedNotJoinedSilently)
{
    try {
        service->executeUserCommand(systemCaller, bob, "uses-the-service", CommandActionResult::Implicit);
        FAIL() << "a nested transaction was begun behind the command's back";
    } catch (const Exception& e) {
        EXPECT_EQ(e.error().kind(), ErrorKind::Internal);
        EXPECT_NE(std::string(e.what()).find("plugin::Transaction"), std::string::npos) << e.what();
    }
    EXPECT_EQ(tooltipOf(bob), "");
}

TEST_P(CommandTest, ASaveThroughTheTransactionIsASavepointOfTheCommand)
{
    // save-then-fail saves through call.transaction, then fails: the savepoint goes with the command.
    const CommandResult failed =
        service->executeUserCommand(systemCaller, bob, "save-then-fail", CommandActionResult::Implicit);
    EXPECT_FALSE(failed.success);
    EXPECT_EQ(tooltipOf(bob), "");
    EXPECT_TRUE(service->executeUserCommand(systemCaller, bob, "touch", CommandActionResult::Implicit).success);
    EXPECT_EQ(tooltipOf(bob), "touched");
}

// A new user saved through the transaction is refused by the unique indexes; the
// savepoint is rolled back and the Conflict names every clashing field, as a save's does.
TEST_P(CommandTest, ANestedSaveWhoseNamesClashNamesEveryField)
{
    const CommandResult result =
        service->executeUserCommand(systemCaller, alice, "copy-alice", CommandActionResult::Implicit);
    EXPECT_FALSE(result.success);
    EXPECT_EQ(result.message, "User.Name User.UserName ");
    EXPECT_EQ(tooltipOf(alice), "");
}

TEST_P(CommandTest, TheRestFormNeedsAStoredUserTheCallerMaySee)
{
    for (const std::int32_t id : { 0, 999 }) {
        const auto refused = service->tryExecuteUserCommand(systemCaller, id, "touch", CommandActionResult::Implicit);
        ASSERT_TRUE(refused.has_error()) << id;
        EXPECT_EQ(refused.error().kind(), ErrorKind::NotFound) << id;
        EXPECT_EQ(refused.error().message(), "User with given id does not exist in the db.") << id;
    }
}

} // namespace
