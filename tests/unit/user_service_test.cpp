#include <userservice/user_service.hpp>

#include <userservice/json.hpp>
#include <userservice/plugin_registry.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "store_backends.hpp"
#include "test_data.hpp"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

using namespace userservice;

namespace {

const CallerContext caller = CallerContext::system();

bool hasField(const std::vector<FieldError>& errors, const std::string& field, const std::string& messagePart = {})
{
    return std::any_of(errors.begin(), errors.end(),
        [&](const FieldError& e) { return e.field == field && e.message.find(messagePart) != std::string::npos; });
}

std::vector<FieldError> fieldsOf(const Error& error)
{
    return { error.fields().begin(), error.fields().end() };
}

/// On each store (TEST_P); a subclass may name its own SQLite database (TEST_F).
class UserServiceTest : public ::testing::TestWithParam<Backend> {
protected:
    UserServiceTest()
        : UserServiceTest(databaseFor(GetParam()), GetParam())
    {
    }
    explicit UserServiceTest(std::string database, Backend backend = Backend::Sqlite)
        : backend(backend)
        , service(UserService::open({ .database = std::move(database),
              .clock = [this] { return DateTime::UtcTime { DateTime::Ticks { now.load() } }; },
              .log =
                  [this](LogLevel, std::string_view line) {
                      std::lock_guard lock(logMutex);
                      logLines.emplace_back(line);
                  },
              .passwordHashing = PasswordHashing::Minimal }))
    {
        sales = service.addUserGroup(caller, { .value = "Sales" });
        support = service.addUserGroup(caller, { .value = "Support" });
        development = service.addUserGroup(caller, { .value = "Development" });
        employee = service.addRole(caller, { .name = "Employee", .roleType = RoleType::Employee });
        service.addCredentialType(caller, { .type = "password", .displayType = "Password", .canCreatePassword = true });
        service.addCredentialType(caller, { .type = "ad", .displayType = "Active Directory" });
        billing = service.addTicketCategory(caller, { .name = "Billing" });
        administrator = service.addRole(
            caller, { .name = "Administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
    }

    User validUser(const std::string& initials, const std::string& userName)
    {
        User user;
        user.name = initials;
        user.userName = userName;
        user.type = UserType::InternalAssociate;
        user.role = Role { .roleId = employee.roleId };
        user.userGroup = UserGroup { .id = sales.id };
        user.otherGroups = std::vector<UserGroup> { { .id = support.id }, { .id = development.id } };
        user.person = Person { .firstname = "Ada", .lastname = "Lovelace", .email = "ada@example.com" };
        user.customFields = StringDictionary { { "Shoe size", "38" }, { "Team", "North" } };
        return user;
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(backend); }

    /// Reads a user that must exist.
    User stored(std::int32_t id) { return service.getUser(caller, id).value(); }

    Backend backend;
    std::atomic<std::int64_t> now { 16'000'000'000'000'000 }; // 2020-09-13, in 100 ns ticks
    std::mutex logMutex;
    std::vector<std::string> logLines;
    UserService service;
    UserGroup sales, support, development;
    Role employee, administrator;
    MDOListItem billing;
};

INSTANTIATE_TEST_SUITE_P(Stores, UserServiceTest, everyBackend, backendName);

// ---------------------------------------------------------------- create, update, look up

TEST_P(UserServiceTest, CreateAssignsIdsAndComputesDerivedFields)
{
    const User saved = service.saveUser(caller, validUser("AL", "ada"));
    ASSERT_GT(saved.associateId, 0);
    ASSERT_TRUE(saved.person);
    EXPECT_GT(saved.person->personId, 0);
    EXPECT_EQ(saved.person->fullName, "Ada Lovelace");
    EXPECT_EQ(saved.person->associateId, saved.associateId);
    EXPECT_EQ(saved.person->associateName, "AL");
    EXPECT_EQ(saved.role->name, "Employee"); // filled from the stored list
    EXPECT_EQ(saved.userGroup->value, "Sales");
    ASSERT_EQ(saved.otherGroups->size(), 2u);
    EXPECT_EQ((*saved.otherGroups)[0].value, "Support");
    EXPECT_EQ((*saved.otherGroups)[1].value, "Development");
    EXPECT_EQ(saved.customFields, (StringDictionary { { "Shoe size", "38" }, { "Team", "North" } }));
    EXPECT_EQ(stored(saved.associateId), saved);
}

TEST_P(UserServiceTest, UpdateReplacesTheStoredUser)
{
    User user = service.saveUser(caller, validUser("AL", "ada"));
    const std::int32_t personId = user.person->personId;
    user.tooltip = "on leave";
    user.person->lastname = "King";
    user.otherGroups = std::vector<UserGroup> { { .id = development.id } };
    user.customFields = StringDictionary { { "Team", "South" } };
    user.ticketCategories = std::vector<MDOListItem> { { .id = billing.id } };

    const User updated = service.saveUser(caller, user);
    EXPECT_EQ(updated.associateId, user.associateId);
    EXPECT_EQ(updated.person->personId, personId);
    EXPECT_EQ(updated.person->fullName, "Ada King");
    EXPECT_EQ(updated.tooltip, "on leave");
    ASSERT_EQ(updated.otherGroups->size(), 1u);
    EXPECT_EQ((*updated.otherGroups)[0].id, development.id);
    EXPECT_EQ(updated.customFields, (StringDictionary { { "Team", "South" } }));
    ASSERT_EQ(updated.ticketCategories->size(), 1u);
    EXPECT_EQ((*updated.ticketCategories)[0].name, "Billing");
    EXPECT_EQ(stored(user.associateId), updated);
}

TEST_P(UserServiceTest, UpdateStoresEachListChangeAndClearsEmptiedLists)
{
    User user = validUser("AL", "ada");
    user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "ad" }, .value = "CORP\\ada" } };
    user = service.saveUser(caller, user);

    user.customFields = StringDictionary { { "Team", "North" }, { "Shoe size", "38" } }; // same entries, new order
    EXPECT_EQ(service.saveUser(caller, user).customFields, user.customFields);
    (*user.credentials)[0].displayValue = "Domain login";
    EXPECT_EQ((*service.saveUser(caller, user).credentials)[0].displayValue, "Domain login");

    user.otherGroups = std::vector<UserGroup> {};
    user.customFields.reset();
    user.credentials.reset();
    const User cleared = service.saveUser(caller, user);
    EXPECT_FALSE(cleared.otherGroups);
    EXPECT_FALSE(cleared.customFields);
    EXPECT_FALSE(cleared.credentials);
    EXPECT_EQ(cleared.userGroup->id, sales.id);
    EXPECT_EQ(stored(user.associateId), cleared);
}

// A change of values only is written in place; names changed, added or removed are
// stored again whole. Both kinds of fields, read back in their order, every time.
TEST_P(UserServiceTest, UpdatedFieldValuesKeepTheOtherFieldsAndTheOrder)
{
    User user = validUser("AL", "ada");
    user.extraFields = StringDictionary { { "x_badge", "B-7" }, { "x_floor", "3" } };
    user.customFields = StringDictionary { { "Shoe size", "38" }, { "Team", "North" }, { "Desk", "12" } };
    user = service.saveUser(caller, user);

    const auto expectStored = [&](const StringDictionary& extra, const StringDictionary& custom) {
        const User reread = stored(user.associateId);
        EXPECT_EQ(reread.extraFields, extra);
        EXPECT_EQ(reread.customFields, custom);
    };
    user.customFields->set("Team", "South"); // values only, in both kinds
    user.extraFields->set("x_floor", "4");
    service.saveUser(caller, user);
    expectStored({ { "x_badge", "B-7" }, { "x_floor", "4" } },
        { { "Shoe size", "38" }, { "Team", "South" }, { "Desk", "12" } });

    user.customFields = StringDictionary { { "Shoe size", "39" }, { "Room", "12" }, { "Desk", "12" } }; // a name
    service.saveUser(caller, user);
    expectStored({ { "x_badge", "B-7" }, { "x_floor", "4" } },
        { { "Shoe size", "39" }, { "Room", "12" }, { "Desk", "12" } });

    user.customFields = StringDictionary { { "Shoe size", "39" } }; // fewer
    user.extraFields->set("x_badge", "");
    service.saveUser(caller, user);
    expectStored({ { "x_badge", "" }, { "x_floor", "4" } }, { { "Shoe size", "39" } });
}

TEST_P(UserServiceTest, UpdateOfAnUnknownIdIsNotFoundAndStoresNothing)
{
    User user = validUser("AL", "ada");
    user.associateId = 4242;
    const auto result = service.trySaveUser(caller, user);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().kind(), ErrorKind::NotFound);
    EXPECT_NE(result.error().message().find("4242"), std::string::npos);
    EXPECT_FALSE(service.getUserFromName(caller, "ada"));
}

TEST_P(UserServiceTest, UnknownUsersAreAbsentNotErrors)
{
    EXPECT_FALSE(service.getUser(caller, 99));
    EXPECT_FALSE(service.getUserFromName(caller, "nobody"));
    EXPECT_FALSE(service.changeStamps(caller, 99));
}

TEST_P(UserServiceTest, LookupByUserNameIgnoresCase)
{
    const User saved = service.saveUser(caller, validUser("AL", "Ada.Lovelace"));
    for (const char* spelling : { "Ada.Lovelace", "ada.lovelace", "ADA.LOVELACE" }) {
        const auto found = service.getUserFromName(caller, spelling);
        ASSERT_TRUE(found) << spelling;
        EXPECT_EQ(found->associateId, saved.associateId);
    }
}

TEST_P(UserServiceTest, SaveUserFromNameCreatesThenUpdatesAndProjects)
{
    User user = validUser("AL", "ada");
    user.userName.reset(); // taken from the look-up
    const User created = service.saveUserFromName(caller, "ada", user, Select::parse("associateId,userName"));
    ASSERT_GT(created.associateId, 0);
    EXPECT_EQ(created.userName, "ada");
    EXPECT_FALSE(created.person); // not selected
    EXPECT_EQ(created.rank, 0);

    user.tooltip = "updated";
    const User updated = service.saveUserFromName(caller, "ADA", user, Select::parse("associateId, tooltip"));
    EXPECT_EQ(updated.associateId, created.associateId);
    EXPECT_EQ(updated.tooltip, "updated");
    EXPECT_EQ(stored(created.associateId).userName, "ada"); // keeps its stored spelling

    user.userName = "someone.else";
    const auto renamed = service.trySaveUserFromName(caller, "ada", user);
    ASSERT_TRUE(renamed.has_error());
    EXPECT_EQ(renamed.error().kind(), ErrorKind::BadRequest);
    EXPECT_EQ(renamed.error().source(), "User.UserName");
}

TEST_P(UserServiceTest, SaveUserFromNameRefusesAMismatchedAssociateId)
{
    const User first = service.saveUser(caller, validUser("AL", "ada"));
    const User second = service.saveUser(caller, validUser("GH", "grace"));
    User user = validUser("AL", "ada");
    user.associateId = second.associateId;
    const auto result = service.trySaveUserFromName(caller, "ada", user);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().kind(), ErrorKind::BadRequest);
    EXPECT_TRUE(hasField(fieldsOf(result.error()), "User.AssociateId", std::to_string(first.associateId)));
    EXPECT_EQ(stored(second.associateId).userName, "grace");
}

TEST_P(UserServiceTest, SelectProjectsNestedFieldsAndReportsUnknownNames)
{
    const User saved = service.saveUser(caller, validUser("AL", "ada"));
    const User projected =
        service.getUser(caller, saved.associateId, Select::parse("person/firstname, otherGroups/id")).value();
    EXPECT_EQ(projected.associateId, 0);
    EXPECT_FALSE(projected.name);
    ASSERT_TRUE(projected.person);
    EXPECT_EQ(projected.person->firstname, "Ada");
    EXPECT_FALSE(projected.person->lastname);
    ASSERT_EQ(projected.otherGroups->size(), 2u);
    EXPECT_EQ((*projected.otherGroups)[0].id, support.id);
    EXPECT_FALSE((*projected.otherGroups)[0].value);

    const auto bad = Select::tryParse("person/firstname, nonsense, person/shoeSize");
    ASSERT_TRUE(bad.has_error());
    EXPECT_EQ(bad.error().kind(), ErrorKind::BadRequest);
    EXPECT_NE(bad.error().message().find("nonsense"), std::string::npos);
    EXPECT_NE(bad.error().message().find("person/shoeSize"), std::string::npos);
}

TEST_P(UserServiceTest, RetiringKeepsTheRecordAndDeletingRemovesIt)
{
    User user = service.saveUser(caller, validUser("AL", "ada"));
    user.deleted = true;
    service.saveUser(caller, user);
    EXPECT_TRUE(stored(user.associateId).deleted);

    service.deleteUser(caller, user.associateId);
    EXPECT_FALSE(service.getUser(caller, user.associateId));
    const auto again = service.tryDeleteUser(caller, user.associateId);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error().kind(), ErrorKind::NotFound);
    // The names are free again.
    EXPECT_GT(service.saveUser(caller, validUser("AL", "ada")).associateId, 0);
}

TEST_P(UserServiceTest, CreateDefaultUserHasDefaultsThatSaveOnceNamed)
{
    User user = service.createDefaultUser(caller);
    EXPECT_EQ(user.associateId, 0);
    EXPECT_EQ(user.type, UserType::InternalAssociate);
    ASSERT_TRUE(user.role);
    EXPECT_EQ(user.role->roleId, employee.roleId);
    ASSERT_TRUE(user.userGroup);
    EXPECT_EQ(user.userGroup->id, sales.id);
    ASSERT_TRUE(user.person);

    EXPECT_TRUE(hasField(service.validateUser(caller, user), "User.Name", "required"));
    user.name = "NN";
    user.userName = "new";
    user.person->lastname = "Newman";
    EXPECT_TRUE(service.validateUser(caller, user).empty());
    EXPECT_GT(service.saveUser(caller, user).associateId, 0);
}

// ---------------------------------------------------------------- validation

TEST_P(UserServiceTest, ValidationReportsEveryProblemTogetherAndSavesNothing)
{
    User user = validUser("AL", "ada");
    user.name = "  ";
    user.userName.reset();
    user.type = UserType::Unknown;
    user.tooltip = std::string(256, 'x');
    user.person->firstname.reset();
    user.person->lastname.reset();
    user.person->email = "\xff\xfe";
    user.userGroup = UserGroup { .id = 42 };
    user.otherGroups = std::vector<UserGroup> { { .id = support.id }, { .id = support.id }, { .id = 77 } };
    user.ticketCategories = std::vector<MDOListItem> { { .id = 555 } };
    user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "retina" } }, { .value = "x" } };
    user.customFields =
        StringDictionary { { "", "v" }, { std::string(65, 'k'), "v" }, { "Notes", std::string(2001, 'n') } };

    const auto result = service.trySaveUser(caller, user);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().kind(), ErrorKind::Validation);
    EXPECT_EQ(result.error().httpStatus(), 400);
    const auto errors = fieldsOf(result.error());
    EXPECT_TRUE(hasField(errors, "User.Name", "is required"));
    EXPECT_TRUE(hasField(errors, "User.UserName", "is required"));
    EXPECT_TRUE(hasField(errors, "User.Type", "must be one of"));
    EXPECT_TRUE(hasField(errors, "User.Tooltip", "is 256 characters long; at most 255"));
    EXPECT_TRUE(hasField(errors, "User.Person.Lastname", "is required"));
    EXPECT_TRUE(hasField(errors, "User.Person.Email", "not valid UTF-8"));
    EXPECT_TRUE(hasField(errors, "User.UserGroup.Id", "UserGroup.Id 42 does not exist"));
    EXPECT_TRUE(hasField(errors, "User.OtherGroups[1].Id", "listed twice"));
    EXPECT_TRUE(hasField(errors, "User.OtherGroups[2].Id", "UserGroup.Id 77 does not exist"));
    EXPECT_TRUE(hasField(errors, "User.TicketCategories[0].Id", "555 does not exist"));
    EXPECT_TRUE(hasField(errors, "User.Credentials[0].Type.Type", "retina does not exist"));
    EXPECT_TRUE(hasField(errors, "User.Credentials[1].Type", "is required"));
    EXPECT_TRUE(hasField(errors, "User.CustomFields", "empty name"));
    EXPECT_TRUE(hasField(errors, "User.CustomFields." + std::string(64, 'k') + " (its name)", "65 characters"));
    EXPECT_TRUE(hasField(errors, "User.CustomFields.Notes", "2001 characters long; at most 2000"));
    EXPECT_EQ(errors.size(), 15u);
    // The same list from validateUser, and nothing was stored.
    EXPECT_EQ(service.validateUser(caller, user), errors);
    EXPECT_FALSE(service.getUserFromName(caller, "ada"));
}

// An update does not look up again what the stored user refers to (the foreign keys
// keep it), but every reference it adds is checked, a duplicate of a held one too.
TEST_P(UserServiceTest, AnUpdateChecksTheReferencesItAdds)
{
    User user = validUser("AL", "ada");
    user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "ad" }, .value = "CORP\\ada" } };
    user = service.saveUser(caller, user);
    user.otherGroups->push_back({ .id = support.id });
    user.otherGroups->push_back({ .id = 77 });
    user.ticketCategories = std::vector<MDOListItem> { { .id = 555 } };
    user.credentials->push_back({ .type = CredentialType { .type = "retina" } });
    user.credentials->push_back({ .type = CredentialType { .type = "ad" }, .value = "CORP\\lovelace" });
    user.role = Role { .roleId = 4242 };

    const auto errors = service.validateUser(caller, user);
    EXPECT_TRUE(hasField(errors, "User.OtherGroups[2].Id", "listed twice"));
    EXPECT_TRUE(hasField(errors, "User.OtherGroups[3].Id", "UserGroup.Id 77 does not exist"));
    EXPECT_TRUE(hasField(errors, "User.TicketCategories[0].Id", "555 does not exist"));
    EXPECT_TRUE(hasField(errors, "User.Credentials[1].Type.Type", "retina does not exist"));
    EXPECT_TRUE(hasField(errors, "User.Credentials[2].Type.Type", "ad is listed twice"));
    EXPECT_TRUE(hasField(errors, "User.Role.RoleId", "4242 does not exist"));
    EXPECT_EQ(errors.size(), 6u);
    EXPECT_EQ(service.trySaveUser(caller, user).error().kind(), ErrorKind::Validation);
}

TEST_P(UserServiceTest, LengthsCountCharactersNotBytes)
{
    User user = validUser("AL", "ada");
    std::string fifty;
    for (int i = 0; i < 50; ++i)
        fifty += "\xc3\xa6"; // æ: two bytes, one character
    user.person->firstname = fifty;
    EXPECT_TRUE(service.validateUser(caller, user).empty());
    user.person->firstname = fifty + "a";
    EXPECT_TRUE(hasField(service.validateUser(caller, user), "User.Person.Firstname", "51 characters"));
}

TEST_P(UserServiceTest, ControlCharactersAreRefusedExceptLineBreaksInMultiLineTexts)
{
    service.saveUser(caller, validUser("AL", "ada"));
    User user = validUser("BB", std::string("ada\0x", 5)); // NUL would make it "ada" to a C string compare
    user.nickName = "nick\x1b[31m";
    user.person->lastname = "Line\nbreak";
    user.person->email = std::string("e\x7f@x.no");
    user.tooltip = "two\nlines\twith a tab";
    user.person->description = "multi\r\nline";
    user.customFields = StringDictionary { { "Notes", "a\nb" }, { "Bad\tkey", "v" } };
    const auto errors = service.validateUser(caller, user);
    EXPECT_TRUE(hasField(errors, "User.UserName", "control character U+0000 at byte 3"));
    EXPECT_TRUE(hasField(errors, "User.NickName", "control character U+001B at byte 4"));
    EXPECT_TRUE(hasField(errors, "User.Person.Lastname", "control character U+000A at byte 4"));
    EXPECT_TRUE(hasField(errors, "User.Person.Email", "control character U+007F at byte 1"));
    EXPECT_TRUE(hasField(errors, "User.CustomFields.Bad\tkey (its name)", "control character U+0009"));
    EXPECT_EQ(errors.size(), 5u); // the tooltip, the description and the Notes value may hold line breaks
    EXPECT_EQ(service.trySaveUser(caller, user).error().kind(), ErrorKind::Validation);
    user.tooltip = "a\x01";
    EXPECT_TRUE(hasField(service.validateUser(caller, user), "User.Tooltip", "only line breaks and tabs are allowed"));
}

TEST_P(UserServiceTest, ComputedFieldsAreOutputOnlyAndWhatIsSentInThemIsIgnored)
{
    User user = validUser("AL", "ada");
    user.person->personId = 7;
    user.person->fullName = "Somebody Else";
    user.lastlogin = DateTime::parse("2019-11-18T03:40:48.1879959+01:00");
    user.isPersonRetired = true;
    EXPECT_TRUE(service.validateUser(caller, user).empty());
    const User saved = service.saveUser(caller, user);
    EXPECT_NE(saved.person->personId, 7);
    EXPECT_EQ(saved.person->fullName, "Ada Lovelace");
    EXPECT_EQ(saved.lastlogin, DateTime {});
    EXPECT_FALSE(saved.isPersonRetired);
    EXPECT_EQ(stored(saved.associateId), saved);
}

TEST_P(UserServiceTest, AUserKeptAfterASaveSavesAgainWithStaleComputedFields)
{
    User kept = service.saveUser(caller, validUser("AL", "ada"));
    kept.person->lastname = "Byron"; // FullName in `kept` still says Lovelace
    service.saveUser(caller, kept);
    kept.tooltip = "second change";
    const User again = service.saveUser(caller, kept);
    EXPECT_EQ(again.person->fullName, "Ada Byron");
    EXPECT_EQ(again.tooltip, "second change");

    // The same for a user administrator, who is governed by rights.
    User admin = validUser("AD", "admin");
    admin.role = Role { .roleId = administrator.roleId };
    const CallerContext asAdmin { .associateId = service.saveUser(caller, admin).associateId };
    User keptByAdmin = service.getUser(asAdmin, again.associateId).value();
    keptByAdmin.person->firstname = "Augusta";
    service.saveUser(asAdmin, keptByAdmin);
    keptByAdmin.tooltip = "third change";
    EXPECT_EQ(service.saveUser(asAdmin, keptByAdmin).person->fullName, "Augusta Byron");
}

TEST_P(UserServiceTest, TheSeedsSaveUserSampleSavesThoughItCarriesLastlogin)
{
    const User sample = json::parse<User>(readTestData("seeds/save_user.request.json"));
    ASSERT_NE(sample.lastlogin, DateTime {});
    const auto problems = service.validateUser(caller, sample);
    for (const auto& problem : problems)
        EXPECT_EQ(problem.field.find("Lastlogin"), std::string::npos) << problem.field << ": " << problem.message;
}

TEST_P(UserServiceTest, NamesAreUniqueIgnoringCase)
{
    User first = validUser("AL", "ada");
    first.nickName = "Countess";
    service.saveUser(caller, first);

    User second = validUser("al", "ADA");
    second.nickName = "COUNTESS";
    const auto result = service.trySaveUser(caller, second);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().kind(), ErrorKind::Conflict);
    EXPECT_EQ(result.error().httpStatus(), 409);
    const auto conflicts = fieldsOf(result.error());
    EXPECT_TRUE(hasField(conflicts, "User.Name", "\"al\" is already taken"));
    EXPECT_TRUE(hasField(conflicts, "User.UserName", "\"ADA\" is already taken"));
    EXPECT_TRUE(hasField(conflicts, "User.NickName", "\"COUNTESS\" is already taken"));
    EXPECT_EQ(conflicts.size(), 3u);

    // Empty nick names do not collide.
    User third = validUser("GH", "grace");
    third.nickName = "";
    User fourth = validUser("KJ", "katherine");
    fourth.nickName = "";
    service.saveUser(caller, third);
    EXPECT_GT(service.saveUser(caller, fourth).associateId, 0);
}

TEST_P(UserServiceTest, ModuleLicenceSeatsAreCounted)
{
    LicenseOwner owner { .name = "SuperOffice" };
    owner.restrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Sales", .total = 1 } };
    owner.unrestrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Web" } };
    const LicenseOwner stored = service.addLicenseOwner(caller, owner);
    const std::int32_t salesModule = (*stored.restrictedModuleLicenses)[0].moduleLicenseId;
    const std::int32_t webModule = (*stored.unrestrictedModuleLicenses)[0].moduleLicenseId;

    User ada = service.createDefaultUser(caller);
    ada.name = "AL";
    ada.userName = "ada";
    ada.person->lastname = "Lovelace";
    (*(*ada.licenseOwners)[0].restrictedModuleLicenses)[0].assigned = true;
    (*(*ada.licenseOwners)[0].unrestrictedModuleLicenses)[0].assigned = true;
    ada = service.saveUser(caller, ada);
    const auto& sales = (*(*ada.licenseOwners)[0].restrictedModuleLicenses)[0];
    EXPECT_EQ(sales.moduleLicenseId, salesModule);
    EXPECT_TRUE(sales.assigned);
    EXPECT_EQ(sales.inUse, 1);
    EXPECT_EQ(sales.free, 0);
    EXPECT_TRUE((*(*ada.licenseOwners)[0].unrestrictedModuleLicenses)[0].assigned);
    EXPECT_EQ(service.saveUser(caller, ada).associateId, ada.associateId); // keeping its own seat is fine

    User grace = validUser("GH", "grace");
    grace.licenseOwners =
        std::vector<LicenseOwner> { { .restrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .assigned = true,
                                          .moduleLicenseId = salesModule } },
            .unrestrictedModuleLicenses =
                std::vector<ModuleLicenseLink> { { .assigned = true, .moduleLicenseId = webModule } } } };
    const auto errors = service.validateUser(caller, grace);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "User.LicenseOwners[0].RestrictedModuleLicenses[0].ModuleLicenseId");
    EXPECT_NE(errors[0].message.find("no free seat"), std::string::npos);
}

// ---------------------------------------------------------------- bulk

TEST_P(UserServiceTest, BulkSaveIsAllOrNothingAndNamesTheFailingItem)
{
    std::vector<User> users { validUser("A1", "one"), validUser("A2", "two"), validUser("A3", "three") };
    users[1].userGroup = UserGroup { .id = 999 };
    const auto result = service.trySaveUsers(caller, users);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().kind(), ErrorKind::Validation);
    EXPECT_EQ(result.error().source(), "users[1]");
    EXPECT_EQ(result.error().message().rfind("users[1]: ", 0), 0u);
    EXPECT_TRUE(hasField(fieldsOf(result.error()), "User.UserGroup.Id", "999 does not exist"));
    EXPECT_FALSE(service.getUserFromName(caller, "one")); // rolled back

    users[1].userGroup = UserGroup { .id = sales.id };
    const auto ids = service.saveUsers(caller, users);
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(stored(ids[2]).userName, "three");
}

TEST_P(UserServiceTest, BulkSaveSeesDuplicatesWithinTheBatch)
{
    const std::vector<User> users { validUser("A1", "same"), validUser("A2", "SAME") };
    const auto result = service.trySaveUsers(caller, users);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().kind(), ErrorKind::Conflict);
    EXPECT_EQ(result.error().source(), "users[1]");
    EXPECT_FALSE(service.getUserFromName(caller, "same"));
}

// ---------------------------------------------------------------- stamps and preconditions

TEST_P(UserServiceTest, StampsSayWhenAndWhoAndGuardConcurrentEdits)
{
    User first = validUser("A1", "admin1"), second = validUser("A2", "admin2");
    first.role = second.role = Role { .roleId = administrator.roleId };
    const std::int32_t admin1 = service.saveUser(caller, first).associateId;
    const std::int32_t admin2 = service.saveUser(caller, second).associateId;

    const User user = service.saveUser(CallerContext::user(admin1), validUser("AL", "ada"));
    const ChangeStamps created = service.changeStamps(caller, user.associateId).value();
    EXPECT_EQ(created.createdBy, admin1);
    EXPECT_EQ(created.updatedBy, admin1);
    EXPECT_EQ(created.created.toString(), "2020-09-13T12:26:40.0000000Z");

    now += 10'000'000; // one second later someone else changes it
    User changed = user;
    changed.tooltip = "changed by admin2";
    service.saveUser(CallerContext::user(admin2), changed);
    const ChangeStamps updated = service.changeStamps(caller, user.associateId).value();
    EXPECT_EQ(updated.created, created.created);
    EXPECT_EQ(updated.updatedBy, admin2);
    EXPECT_EQ(updated.updated.toString(), "2020-09-13T12:26:41.0000000Z");

    const auto stale = service.trySaveUser(caller, user, { .ifUnmodifiedSince = created.updated });
    ASSERT_TRUE(stale.has_error());
    EXPECT_EQ(stale.error().kind(), ErrorKind::PreconditionFailed);
    EXPECT_EQ(stale.error().httpStatus(), 412);
    EXPECT_TRUE(service.trySaveUser(caller, user, { .ifUnmodifiedSince = updated.updated }).has_value());
}

// Saving a user as it is stored writes nothing: its stamps stay, so a client's
// If-Unmodified-Since still holds after a save that changed nothing.
TEST_P(UserServiceTest, ASaveThatChangesNothingWritesNothing)
{
    const User user = service.saveUser(caller, validUser("AL", "ada"));
    const ChangeStamps created = service.changeStamps(caller, user.associateId).value();

    now += 10'000'000;
    const User again = service.saveUser(caller, user);
    EXPECT_EQ(again, user); // answered as stored, without reading it again
    EXPECT_EQ(logLines.back(), "saved user, unchanged: " + std::to_string(user.associateId));
    const ChangeStamps after = service.changeStamps(caller, user.associateId).value();
    EXPECT_EQ(after.updated, created.updated);
    EXPECT_TRUE(service.trySaveUser(caller, user, { .ifUnmodifiedSince = created.updated }).has_value());

    User changed = user;
    changed.person->firstname = "Augusta"; // another table's row: the stamp moves too
    service.saveUser(caller, changed);
    EXPECT_EQ(service.changeStamps(caller, user.associateId).value().updated.toString(), "2020-09-13T12:26:41.0000000Z");
    const auto stale = service.trySaveUser(caller, user, { .ifUnmodifiedSince = created.updated });
    ASSERT_TRUE(stale.has_error());
    EXPECT_EQ(stale.error().kind(), ErrorKind::PreconditionFailed);
}

// ---------------------------------------------------------------- secrets

TEST_P(UserServiceTest, PasswordsAreVerifiedAndKeptWhenNotResent)
{
    User user = validUser("AL", "ada");
    user.credentials = std::vector<Credential> {
        { .type = CredentialType { .type = "password" }, .value = "correct horse", .displayValue = "Password" },
        { .type = CredentialType { .type = "ad" }, .value = "CORP\\ada" }
    };
    user = service.saveUser(caller, user);
    ASSERT_EQ(user.credentials->size(), 2u);
    EXPECT_FALSE((*user.credentials)[0].value); // a secret never comes back
    EXPECT_EQ((*user.credentials)[0].displayValue, "Password");
    EXPECT_TRUE((*user.credentials)[0].type->canCreatePassword);
    EXPECT_EQ((*user.credentials)[1].value, "CORP\\ada"); // not a secret

    EXPECT_TRUE(service.verifyPassword("ada", "correct horse"));
    EXPECT_TRUE(service.verifyPassword("ADA", "correct horse"));
    EXPECT_FALSE(service.verifyPassword("ada", "wrong"));
    EXPECT_FALSE(service.verifyPassword("nobody", "correct horse"));

    user.tooltip = "saved back without the password";
    service.saveUser(caller, user);
    EXPECT_TRUE(service.verifyPassword("ada", "correct horse"));

    (*user.credentials)[0].value = "battery staple";
    service.saveUser(caller, user);
    EXPECT_FALSE(service.verifyPassword("ada", "correct horse"));
    EXPECT_TRUE(service.verifyPassword("ada", "battery staple"));

    user.deleted = true; // retired users cannot log in
    service.saveUser(caller, user);
    EXPECT_FALSE(service.verifyPassword("ada", "battery staple"));
}

class FileUserServiceTest : public UserServiceTest {
protected:
    static std::string databaseIn(TempDir& dir) { return dir.file("users.db"); }
    FileUserServiceTest()
        : UserServiceTest(databaseIn(dir()))
    {
    }
    static TempDir& dir()
    {
        static TempDir shared;
        return shared;
    }
    void TearDown() override
    {
        std::filesystem::remove(databaseIn(dir()));
        std::filesystem::remove(databaseIn(dir()) + "-wal");
        std::filesystem::remove(databaseIn(dir()) + "-shm");
    }
};

TEST_F(FileUserServiceTest, ThePasswordCanaryAppearsNowhere)
{
    const std::string canary = "Canary-7f3a9c-Password";
    User user = validUser("AL", "ada");
    user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = canary } };

    std::vector<std::string> outputs;
    const User saved = service.saveUser(caller, user);
    outputs.push_back(json::serialize(saved));
    outputs.push_back(json::serialize(service.getUser(caller, saved.associateId).value()));
    outputs.push_back(json::serialize(service.getUserFromName(caller, "ada").value()));
    outputs.push_back(json::serialize(service.saveUserFromName(caller, "ada", user)));

    // Failing saves that carry the password: their errors must not echo it.
    User invalid = user;
    invalid.name.reset();
    invalid.associateId = 0;
    for (const auto& error : { service.trySaveUser(caller, invalid).error(),
             service.trySaveUser(caller, user).error(), // conflict: the names are taken
             service.trySaveUsers(caller, std::vector<User> { invalid }).error() }) {
        outputs.push_back(error.message());
        outputs.push_back(boost::json::serialize(error.toWebApiBody()));
        for (const auto& field : error.fields())
            outputs.push_back(field.field + " " + field.message);
    }
    for (const auto& problem : service.validateUser(caller, invalid))
        outputs.push_back(problem.field + " " + problem.message);
    const auto badJson = json::tryParse<User>(R"({"Credentials": [{"Value": ")" + canary + R"(", "Type": 5}]})");
    ASSERT_TRUE(badJson.has_error());
    outputs.push_back(badJson.error().message());

    ASSERT_TRUE(service.verifyPassword("ada", canary)); // it really was stored

    for (const auto& output : outputs)
        EXPECT_EQ(output.find(canary), std::string::npos) << output;
    {
        std::lock_guard lock(logMutex);
        ASSERT_FALSE(logLines.empty());
        for (const auto& line : logLines)
            EXPECT_EQ(line.find(canary), std::string::npos) << line;
    }
    const std::string database = dir().file("users.db");
    const std::string stored = readFile(database) + readFile(database + "-wal");
    ASSERT_NE(stored.find("$argon2id$"), std::string::npos); // the hash is there...
    EXPECT_EQ(stored.find(canary), std::string::npos); // ...the password is not
}

// ---------------------------------------------------------------- threads

TEST_F(FileUserServiceTest, OfTwoThreadsSavingTheSameNameExactlyOneWins)
{
    for (int round = 0; round < 20; ++round) {
        const std::string name = "twin" + std::to_string(round);
        std::barrier start(2);
        std::array<Result<User>, 2> results;
        std::array<std::thread, 2> threads;
        for (int t = 0; t < 2; ++t)
            threads[t] = std::thread([&, t] {
                User user = validUser(name + "-" + std::to_string(t), name);
                start.arrive_and_wait();
                results[t] = service.trySaveUser(caller, user);
            });
        for (auto& thread : threads)
            thread.join();
        const int wins = results[0].has_value() + results[1].has_value();
        ASSERT_EQ(wins, 1) << "round " << round;
        const auto& loser = results[0].has_value() ? results[1] : results[0];
        EXPECT_EQ(loser.error().kind(), ErrorKind::Conflict);
        EXPECT_TRUE(hasField(fieldsOf(loser.error()), "User.UserName"));
    }
}

TEST_F(FileUserServiceTest, ReadersRunAlongsideAWriter)
{
    const User first = service.saveUser(caller, validUser("R0", "reader0"));
    std::atomic<bool> writing { true };
    std::atomic<int> failures { 0 }, reads { 0 };
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t)
        readers.emplace_back([&] {
            while (writing) {
                const auto user = service.tryGetUser(caller, first.associateId);
                if (!user.has_value() || !*user)
                    ++failures;
                ++reads;
            }
        });
    // Writes overlap reads: the readers are running before the first save, and still
    // running after the last one (a busy machine may start threads late).
    while (reads < 4)
        std::this_thread::yield();
    for (int i = 1; i <= 50; ++i)
        service.saveUser(caller, validUser("R" + std::to_string(i), "reader" + std::to_string(i)));
    for (const int target = reads + 4; reads < target;)
        std::this_thread::yield();
    writing = false;
    for (auto& reader : readers)
        reader.join();
    EXPECT_EQ(failures, 0);
    EXPECT_GT(reads, 0);
    EXPECT_TRUE(service.getUserFromName(caller, "reader50"));
}

// A save held inside its write transaction (by a post-save command) while another
// thread reads: the read returns meanwhile, from the database as it was before the
// save. Reads use their own connections (WAL) and never the writer's lock; a read that
// waited would return only once the command gave up holding, 5 s later.
TEST(UserServiceThreads, AReadDoesNotWaitForAnOpenWriteTransaction)
{
    using namespace std::chrono_literals;
    std::promise<void> inside, release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> held { true };
    auto plugins = std::make_shared<PluginRegistry>();
    plugins->registerHost([&](plugin::Registrar& registrar) {
        registrar.postSaveCommand("hold-the-transaction", [&](plugin::PostSaveCall& call) {
            if (call.after.userName != "writer")
                return;
            inside.set_value();
            released.wait_for(5s);
            held = false;
        });
    });
    TempDir dir;
    UserService service = UserService::open(
        { .database = dir.file("users.db"), .passwordHashing = PasswordHashing::Minimal, .plugins = plugins });
    const UserGroup staff = service.addUserGroup(caller, { .value = "Staff" });
    const auto user = [&](const char* initials, const char* userName) {
        return User { .name = initials,
            .userGroup = staff,
            .person = Person { .lastname = userName },
            .type = UserType::InternalAssociate,
            .userName = userName };
    };
    const std::int32_t reader = service.saveUser(caller, user("RD", "reader")).associateId;

    std::thread writer([&] { service.saveUser(caller, user("WR", "writer")); });
    const bool writing = inside.get_future().wait_for(10s) == std::future_status::ready;
    const auto found = [](const Result<std::optional<User>>& user) { return user.has_value() && user->has_value(); };
    bool sawReader = false, sawWriter = false;
    if (writing) { // no throwing here: the writer must be released and joined
        sawReader = found(service.tryGetUser(caller, reader));
        sawWriter = found(service.tryGetUserFromName(caller, "writer"));
    }
    const bool readWhileHeld = held;
    release.set_value();
    writer.join();

    ASSERT_TRUE(writing) << "the save never reached its post-save command";
    EXPECT_TRUE(readWhileHeld) << "the read waited for the save's transaction";
    EXPECT_TRUE(sawReader);
    EXPECT_FALSE(sawWriter) << "a read saw a save before its commit";
    EXPECT_TRUE(service.getUserFromName(caller, "writer")); // committed once released
}

// ---------------------------------------------------------------- reference lists

TEST_P(UserServiceTest, ReferenceListsAreStoredAndListed)
{
    EXPECT_EQ(service.userGroups(caller).size(), 3u);
    EXPECT_EQ(service.roles(caller).front().name, "Employee");
    const auto types = service.credentialTypes(caller);
    ASSERT_EQ(types.size(), 2u);
    EXPECT_EQ(types[0].type, "ad");

    MDOListItem tree { .name = "Support" };
    tree.childItems = std::vector<MDOListItem> { { .name = "Hardware" }, { .name = "Software" } };
    const MDOListItem added = service.addTicketCategory(caller, tree);
    EXPECT_GT((*added.childItems)[1].id, added.id);
    const auto categories = service.ticketCategories(caller);
    ASSERT_EQ(categories.size(), 2u); // Billing and Support at the top
    EXPECT_EQ(categories[1].name, "Support");
    ASSERT_EQ(categories[1].childItems->size(), 2u);
    EXPECT_EQ((*categories[1].childItems)[0].name, "Hardware");

    const auto duplicate = [&] { service.addCredentialType(caller, { .type = "PASSWORD" }); };
    EXPECT_THROW(duplicate(), Exception);
    try {
        service.addRole(caller, Role {});
        FAIL() << "a role without a name was stored";
    } catch (const Exception& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Validation);
        EXPECT_EQ(e.error().source(), "Role.Name");
    }
}

TEST(UserServiceOpen, AnUnopenableFileIsAClearError)
{
    const auto result = UserService::tryOpen({ .database = "/nonexistent-dir/users.db" });
    ASSERT_TRUE(result.has_error());
    EXPECT_NE(result.error().message().find("/nonexistent-dir/users.db"), std::string::npos);
}

} // namespace
