// Field rights as the UserService applies them, on every path.
#include <userservice/user_service.hpp>

#include <userservice/json.hpp>

#include <boost/json.hpp>
#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace userservice;

namespace {

const CallerContext systemCaller = CallerContext::system();

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class RightsServiceTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    RightsServiceTest()
        : service(UserService::open({ .database = databaseFor(GetParam()),
              .log = [this](LogLevel, std::string_view line) { log.emplace_back(line); },
              .passwordHashing = PasswordHashing::Minimal }))
    {
        sales = service.addUserGroup(systemCaller, { .value = "Sales" });
        support = service.addUserGroup(systemCaller, { .value = "Support" });
        employee = service.addRole(systemCaller, { .name = "Employee", .roleType = RoleType::Employee });
        administrator = service.addRole(systemCaller, { .name = "User administrator", .roleType = RoleType::Employee },
            { .administerUsers = true });
        service.addCredentialType(systemCaller, { .type = "password", .canCreatePassword = true });
        admin = create("AD", "admin", UserType::InternalAssociate, administrator.roleId);
        alice = create("AL", "alice", UserType::InternalAssociate, employee.roleId);
        bob = create("BO", "bob", UserType::InternalAssociate, employee.roleId);
        eve = create("EV", "eve", UserType::ExternalAssociate, employee.roleId);
        anon = create("AN", "anon", UserType::AnonymousAssociate, 0);
    }

    User makeUser(const std::string& initials, const std::string& userName, UserType type, std::int32_t roleId)
    {
        User user;
        user.name = initials;
        user.userName = userName;
        user.type = type;
        if (roleId)
            user.role = Role { .roleId = roleId };
        user.userGroup = UserGroup { .id = sales.id };
        user.person = Person { .firstname = initials, .lastname = userName, .email = userName + "@example.com" };
        user.requestSignature = "signature of " + userName;
        user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" },
            .value = "secret " + userName } };
        return user;
    }

    std::int32_t create(const std::string& initials, const std::string& userName, UserType type, std::int32_t roleId)
    {
        return service.saveUser(systemCaller, makeUser(initials, userName, type, roleId)).associateId;
    }

    /// Every user as the system sees it, as JSON: what a refused save must leave alone.
    std::string snapshot()
    {
        std::string all;
        for (std::int32_t id = 1; id <= 64; ++id)
            if (const auto user = service.getUser(systemCaller, id))
                all += json::serialize(*user) + "\n";
        return all;
    }

    std::vector<std::string> log;
    UserService service;
    UserGroup sales, support;
    Role employee, administrator;
    std::int32_t admin = 0, alice = 0, bob = 0, eve = 0, anon = 0;
};

INSTANTIATE_TEST_SUITE_P(Stores, RightsServiceTest, everyBackend, backendName);

/// Checks that no field without Read carries a value, in the user and in the
/// carriers inside it, by comparing the JSON with a blank carrier's.
void expectNothingUnreadable(const User& user, const std::string& context)
{
    const auto check = [&](const boost::json::value& carrier, const boost::json::value& blank,
                           const std::string& path) {
        const auto* object = carrier.if_object();
        if (!object || !object->contains("FieldProperties") || (*object).at("FieldProperties").is_null())
            return;
        for (const auto& [field, property] : object->at("FieldProperties").as_object()) {
            const auto& right = property.as_object().at("FieldRight");
            const std::string mask = right.is_null() ? "None" : std::string(right.at("Mask").as_string());
            const bool readable = mask.find("Read") != std::string::npos || mask.find("Update") != std::string::npos;
            if (readable || !object->contains(field))
                continue;
            EXPECT_EQ(object->at(field), blank.at(field))
                << context << ": " << path << "." << std::string(field) << " is not readable but has a value";
        }
    };
    const auto json = json::toValue(user);
    check(json, json::toValue(User {}), "User");
    if (user.person)
        check(json.at("Person"), json::toValue(Person {}), "User.Person");
    if (user.credentials)
        for (const auto& credential : json.at("Credentials").as_array())
            check(credential, json::toValue(Credential {}), "User.Credentials[]");
}

// ---------------------------------------------------------------- the matrix

enum class Outcome { Ok, Forbidden, NotFound, Unauthorized };

Outcome outcomeOf(const auto& result)
{
    if (!result.has_error())
        return Outcome::Ok;
    switch (result.error().kind()) {
    case ErrorKind::Forbidden:
        return Outcome::Forbidden;
    case ErrorKind::NotFound:
        return Outcome::NotFound;
    case ErrorKind::Unauthorized:
        return Outcome::Unauthorized;
    default:
        ADD_FAILURE() << result.error().message();
        return Outcome::Ok;
    }
}

std::string name(Outcome outcome)
{
    constexpr const char* names[] = { "Ok", "Forbidden", "NotFound", "Unauthorized" };
    return names[static_cast<int>(outcome)];
}

TEST_P(RightsServiceTest, CallerKindsTimesOperations)
{
    struct Row {
        const char* kind;
        CallerContext caller;
        Outcome readOwn, readOther, create, updateOwnPersonal, updateOwnRole, updateOther, deleteOther;
    };
    CallerContext partnerApp = CallerContext::user(admin);
    partnerApp.appToken = "partner-token";
    using enum Outcome;
    const std::vector<Row> rows {
        { "system", systemCaller, Ok, Ok, Ok, Ok, Ok, Ok, Ok },
        { "user administrator", CallerContext::user(admin), Ok, Ok, Ok, Ok, Ok, Ok, Ok },
        { "internal user", CallerContext::user(alice), Ok, Ok, Forbidden, Ok, Forbidden, Forbidden, Forbidden },
        { "external user", CallerContext::user(eve), Ok, NotFound, Forbidden, Forbidden, Forbidden, NotFound,
            NotFound },
        { "anonymous user", CallerContext::user(anon), Ok, NotFound, Forbidden, Forbidden, Forbidden, NotFound,
            NotFound },
        { "partner app", partnerApp, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden },
        { "unknown caller", CallerContext::user(999), Unauthorized, Unauthorized, Unauthorized, Unauthorized,
            Unauthorized, Unauthorized, Unauthorized },
    };
    int created = 0;
    for (const Row& row : rows) {
        SCOPED_TRACE(row.kind);
        // The record the caller would call its own (the system and an unknown caller: admin's).
        const std::int32_t self =
            row.caller.associateId && row.caller.associateId != 999 ? row.caller.associateId : admin;
        const auto readOwn = service.tryGetUser(row.caller, self);
        // A user the caller may not see is absent, not an error.
        const auto readOther = service.tryGetUser(row.caller, bob);
        const Outcome readOtherOutcome = readOther.has_value() && !*readOther ? NotFound : outcomeOf(readOther);
        EXPECT_EQ(name(outcomeOf(readOwn)), name(row.readOwn));
        EXPECT_EQ(name(readOtherOutcome), name(row.readOther));
        if (readOwn.has_value() && *readOwn)
            expectNothingUnreadable(**readOwn, row.kind);
        if (readOther.has_value() && *readOther)
            expectNothingUnreadable(**readOther, row.kind);

        ++created;
        const std::string suffix = std::to_string(created);
        const auto creation =
            service.trySaveUser(row.caller, makeUser("N" + suffix, "new" + suffix, UserType::InternalAssociate, 0));
        EXPECT_EQ(name(outcomeOf(creation)), name(row.create)) << (creation ? "" : creation.error().message());

        User own = service.getUser(systemCaller, self).value();
        own.tooltip = std::string("edited by ") + row.kind;
        EXPECT_EQ(name(outcomeOf(service.trySaveUser(row.caller, own))), name(row.updateOwnPersonal));
        own = service.getUser(systemCaller, self).value();
        const User original = own;
        own.role =
            Role { .roleId = own.role && own.role->roleId == employee.roleId ? administrator.roleId : employee.roleId };
        const std::string before = snapshot();
        const auto roleChange = service.trySaveUser(row.caller, own);
        EXPECT_EQ(name(outcomeOf(roleChange)), name(row.updateOwnRole));
        if (roleChange.has_error())
            EXPECT_EQ(snapshot(), before);
        else // put it back
            service.saveUser(systemCaller, original);

        User other = service.getUser(systemCaller, bob).value();
        other.tooltip = std::string("bob, edited by ") + row.kind;
        EXPECT_EQ(name(outcomeOf(service.trySaveUser(row.caller, other))), name(row.updateOther));

        const std::int32_t victim =
            create("V" + suffix, "victim" + suffix, UserType::InternalAssociate, employee.roleId);
        EXPECT_EQ(name(outcomeOf(service.tryDeleteUser(row.caller, victim))), name(row.deleteOther));
    }
}

TEST_P(RightsServiceTest, OtherUsersSensitiveFieldsComeBackBlank)
{
    const User seen = service.getUser(CallerContext::user(alice), bob).value();
    EXPECT_FALSE(seen.credentials);
    EXPECT_FALSE(seen.requestSignature);
    EXPECT_EQ(seen.userName, "bob");
    EXPECT_EQ(toString(seen.tableRight->mask), "Select");
    EXPECT_EQ(toString(seen.fieldProperties->find("Credentials")->fieldRight->mask), "None");
    ASSERT_TRUE(seen.person);
    EXPECT_EQ(toString(seen.person->tableRight->mask), "Select");
    EXPECT_EQ(toString(seen.role->tableRight->mask), "Select");
    EXPECT_TRUE(seen.role->fieldProperties);
    expectNothingUnreadable(seen, "alice on bob");

    const User own = service.getUser(CallerContext::user(alice), alice).value();
    EXPECT_EQ(own.requestSignature, "signature of alice");
    ASSERT_TRUE(own.credentials);
    EXPECT_FALSE(own.credentials->front().value); // a secret, never returned
}

TEST_P(RightsServiceTest, AnOrdinaryUserSavesTheWholeCarrierBackWithOnePersonalEdit)
{
    const CallerContext me = CallerContext::user(alice);
    User mine = service.getUser(me, alice).value();
    mine.tooltip = "back on Monday";
    mine.person->mobilePhone = "+47 555 55 555";
    const User saved = service.saveUser(me, mine);
    EXPECT_EQ(saved.tooltip, "back on Monday");
    EXPECT_EQ(saved.person->mobilePhone, "+47 555 55 555");
    EXPECT_TRUE(service.verifyPassword("alice", "secret alice")); // the blank password kept the stored one

    mine = saved;
    mine.role = Role { .roleId = administrator.roleId };
    mine.person->lastname = "Promoted";
    const std::string before = snapshot();
    const auto refused = service.trySaveUser(me, mine);
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(refused.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(refused.error().httpStatus(), 403);
    ASSERT_EQ(refused.error().fields().size(), 2u);
    EXPECT_EQ(refused.error().fields()[0].field, "User.Role");
    EXPECT_EQ(refused.error().fields()[0].message, "[SR_RIGHTS_PERSONAL_FIELDS_ONLY]");
    EXPECT_EQ(refused.error().fields()[1].field, "User.Person.Lastname");
    EXPECT_NE(refused.error().message().find("Sentry denies access"), std::string::npos);
    EXPECT_EQ(snapshot(), before);
}

TEST_P(RightsServiceTest, StripModeSavesTheRestAndSaysWhatItStripped)
{
    const CallerContext me = CallerContext::user(alice);
    User mine = service.getUser(me, alice).value();
    mine.tooltip = "stripping";
    mine.role = Role { .roleId = administrator.roleId };
    const SaveReport report = service.saveUserWithReport(me, mine, { .forbiddenChanges = ForbiddenChanges::Strip });
    EXPECT_EQ(report.user.tooltip, "stripping");
    EXPECT_EQ(report.user.role->roleId, employee.roleId);
    ASSERT_EQ(report.strippedChanges.size(), 1u);
    EXPECT_EQ(report.strippedChanges[0].field, "User.Role");
    EXPECT_TRUE(std::any_of(log.begin(), log.end(), [](const std::string& line) {
        return line.find("stripped") != std::string::npos && line.find("User.Role") != std::string::npos;
    }));
}

TEST_P(RightsServiceTest, HiddenFieldsSentBackBlankAreNotChanges)
{
    const CallerContext adminCaller = CallerContext::user(admin);
    // An administrator changes bob through a carrier that alice could have sent.
    User seenByAlice = service.getUser(CallerContext::user(alice), bob).value();
    seenByAlice.tooltip = "edited on a blank carrier";
    const User saved = service.saveUser(adminCaller, seenByAlice);
    // Admins may write credentials: sending none clears them. That is their call.
    EXPECT_FALSE(saved.credentials);
    EXPECT_EQ(saved.requestSignature, std::nullopt);

    // Alice's own carrier, with hidden-from-others fields blank, keeps them stored.
    User mine = service.getUser(CallerContext::user(alice), alice).value();
    mine.credentials.reset();
    mine.requestSignature.reset();
    mine.nickName = "Al";
    const User kept = service.saveUser(CallerContext::user(alice), mine);
    EXPECT_EQ(kept.requestSignature, "signature of alice");
    EXPECT_TRUE(service.verifyPassword("alice", "secret alice"));
}

/// The same value changed: what a guess that is wrong looks like. Null when there is none.
boost::json::value aWrongGuess(const boost::json::value& value)
{
    if (value.is_string())
        return boost::json::value(std::string(value.get_string()) + "x");
    if (value.is_int64())
        return value.get_int64() + 1;
    if (value.is_bool())
        return !value.get_bool();
    if (value.is_array() && !value.get_array().empty()) {
        auto more = value.get_array(); // another count (an empty list would be blank: no change)
        more.push_back(more.front());
        return more;
    }
    return nullptr;
}

TEST_P(RightsServiceTest, ValidateUserAnswersDoNotDependOnHiddenValues)
{
    // Alice sends bob's carrier with one field she cannot read set to its true value,
    // then to a wrong guess: if the answers differed, validateUser would be an oracle.
    const CallerContext caller = CallerContext::user(alice);
    const User seen = service.getUser(caller, bob).value();
    const auto truth = json::toValue(service.getUser(systemCaller, bob).value());
    const auto view = json::toValue(seen);
    const auto problems = [&](const boost::json::value& carrier) {
        return service.validateUser(caller, json::read<User>(carrier));
    };
    int walked = 0;
    const auto walk = [&](const FieldProperties& properties, const char* carrier) {
        for (const auto& [name, property] : properties) {
            if (property.fieldRight && (static_cast<std::uint32_t>(property.fieldRight->mask) & 1u))
                continue; // readable
            const auto& stored = carrier ? truth.at(carrier).at(name) : truth.at(name);
            const auto guess = aWrongGuess(stored);
            if (guess.is_null())
                continue;
            auto right = view;
            auto wrong = view;
            (carrier ? right.at(carrier).as_object() : right.as_object())[name] = stored;
            (carrier ? wrong.at(carrier).as_object() : wrong.as_object())[name] = guess;
            EXPECT_EQ(problems(right), problems(wrong)) << (carrier ? carrier : "User") << "." << name;
            ++walked;
        }
    };
    walk(seen.fieldProperties.value(), nullptr);
    walk(seen.person.value().fieldProperties.value(), "Person");
    EXPECT_GE(walked, 2); // RequestSignature and Credentials at least
}

TEST_P(RightsServiceTest, ElevationIsExplicitAndRecorded)
{
    const CallerContext alicesJob = CallerContext::user(alice).asSystem();
    User other = service.getUser(systemCaller, bob).value();
    other.tooltip = "set by a nightly job that alice started";
    EXPECT_EQ(service.saveUser(alicesJob, other).tooltip, other.tooltip);
    EXPECT_EQ(service.changeStamps(systemCaller, bob)->updatedBy, alice);
    EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const std::string& line) {
        return line.find("elevated by caller " + std::to_string(alice)) != std::string::npos;
    }));
    // Without elevation the same caller may not.
    EXPECT_EQ(service.trySaveUser(CallerContext::user(alice), other).error().kind(), ErrorKind::Forbidden);
}

TEST_P(RightsServiceTest, PartnerAppsAreRefusedUnlessAllowed)
{
    CallerContext partner = CallerContext::system();
    partner.appToken = "partner-token";
    const auto refused = service.tryGetUser(partner, bob);
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(refused.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(refused.error().message(), "User management is not allowed for partner apps");
    EXPECT_THROW(service.userGroups(partner), Exception);

    auto allowing = UserService::open({ .database = ":memory:", .allowPartnerApps = true });
    EXPECT_TRUE(allowing.tryGetUser(partner, 1).has_value());
}

TEST_P(RightsServiceTest, ReasonsSpeakTheCallersLanguage)
{
    CallerContext english = CallerContext::user(alice);
    english.language = "en";
    const User seen = service.getUser(english, bob).value();
    EXPECT_EQ(seen.tableRight->reason, "Only user administrators may change users");
    EXPECT_EQ(seen.fieldProperties->find("Credentials")->fieldRight->reason,
        "Only user administrators may see this field of other users");
    const User raw = service.getUser(CallerContext::user(alice), bob).value();
    EXPECT_EQ(raw.tableRight->reason, "[SR_RIGHTS_NOT_USER_ADMIN]");
    EXPECT_EQ(service.rightsFor(english, seen).user.table.reason, "Only user administrators may change users");
}

TEST_P(RightsServiceTest, ListsAreManagedByAdministratorsOnly)
{
    EXPECT_EQ(service.userGroups(CallerContext::user(alice)).size(), 2u);
    EXPECT_THROW(service.addUserGroup(CallerContext::user(alice), { .value = "Mine" }), Exception);
    EXPECT_EQ(service.addUserGroup(CallerContext::user(admin), { .value = "Theirs" }).value, "Theirs");
    // A stored role lists its functional rights (the administerUsers shorthand reads back false).
    EXPECT_TRUE(service.roleRights(systemCaller, administrator.roleId)->has(functional::adminUsers));
    EXPECT_FALSE(service.roleRights(systemCaller, employee.roleId)->has(functional::adminUsers));
}

// ---------------------------------------------------------------- randomized

TEST_P(RightsServiceTest, RandomCallersUnderRandomlyEditedPoliciesNeverSeeUnreadableValuesAndRefusedSavesChangeNothing)
{
    const unsigned seed = std::random_device {}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 random(seed);
    const auto pick = [&](auto&& items) { return items[random() % items.size()]; };

    std::vector<std::int32_t> users { admin, alice, bob, eve, anon };
    for (int i = 0; i < 6; ++i) {
        const UserType type = pick(std::vector { UserType::InternalAssociate, UserType::ExternalAssociate,
            UserType::AnonymousAssociate, UserType::ResourceAssociate });
        users.push_back(create("R" + std::to_string(i), "random" + std::to_string(i), type,
            pick(std::vector { 0, employee.roleId, administrator.roleId })));
        if (random() % 2) { // some in another group: OwnerGroup and Other differ
            User moved = service.getUser(systemCaller, users.back()).value();
            moved.userGroup = UserGroup { .id = support.id };
            service.saveUser(systemCaller, moved);
        }
    }
    // The policy an administrator edits: the employees' data rights change as the test runs.
    // A user an employee reads is one the policy's relation lets it read.
    const auto expectReadableByPolicy = [&](std::int32_t callerId, std::int32_t target) {
        const auto who = service.getUser(systemCaller, callerId);
        if (!who || who->type != UserType::InternalAssociate || !who->role || who->role->roleId != employee.roleId)
            return;
        const User whom = service.getUser(systemCaller, target).value();
        const bool sameGroup = who->userGroup && whom.userGroup && who->userGroup->id == whom.userGroup->id;
        const auto relation = target == callerId ? RoleRelationToOwner::Owner
            : sameGroup                          ? RoleRelationToOwner::OwnerGroup
                                                 : RoleRelationToOwner::Other;
        EXPECT_NE(service.rolesAndRights().getDataRight(systemCaller, employee.roleId, "associate", relation).find('r'),
            std::string::npos)
            << "user " << callerId << " read user " << target;
    };
    const auto editPolicy = [&] {
        const auto table = pick(std::vector<std::string> { "associate", "credentials" });
        const auto relation = pick(
            std::vector { RoleRelationToOwner::Owner, RoleRelationToOwner::OwnerGroup, RoleRelationToOwner::Other });
        const auto value = pick(std::vector<std::string> { "", "r", "rp", "rw", "rc", "rd", "rpwcd" });
        service.rolesAndRights().setDataRight(systemCaller, employee.roleId, table, relation, value);
    };
    const auto mutate = [&](User& user) {
        switch (random() % 9) {
        case 0:
            user.tooltip = "t" + std::to_string(random());
            break;
        case 1:
            user.role = Role { .roleId = pick(std::vector { employee.roleId, administrator.roleId }) };
            break;
        case 2:
            user.requestSignature = "sig" + std::to_string(random());
            break;
        case 3:
            user.person->lastname = "L" + std::to_string(random() % 1000);
            break;
        case 4:
            user.person->email = "e" + std::to_string(random()) + "@example.com";
            break;
        case 5:
            user.otherGroups = std::vector<UserGroup> { { .id = support.id } };
            break;
        case 6:
            user.isOnTravel = !user.isOnTravel;
            break;
        case 7:
            user.deleted = !user.deleted;
            break;
        default:
            user.lastlogin = DateTime::parse("2020-01-01T00:00:00Z");
            break;
        }
    };

    int refusals = 0, saves = 0;
    for (int step = 0; step < 300; ++step) {
        if (random() % 8 == 0)
            editPolicy();
        CallerContext caller = CallerContext::user(pick(users));
        if (random() % 10 == 0)
            caller = systemCaller;
        const std::int32_t target = pick(users);
        const auto read = service.tryGetUser(caller, target);
        if (read.has_value() && *read) {
            expectNothingUnreadable(**read, "getUser");
            expectReadableByPolicy(caller.associateId, target);
        }

        // A save of a carrier as the caller saw it (or as the system sees it), changed a little.
        User carrier =
            read.has_value() && *read && random() % 2 ? **read : service.getUser(systemCaller, target).value();
        mutate(carrier);
        if (random() % 2)
            mutate(carrier);
        const std::string before = snapshot();
        const auto saved = service.trySaveUser(caller, carrier);
        if (saved.has_error()) {
            ++refusals;
            EXPECT_EQ(snapshot(), before) << saved.error().message();
        } else {
            ++saves;
            expectNothingUnreadable(*saved, "saveUser");
        }
        const auto byName = service.tryGetUserFromName(caller, "random" + std::to_string(random() % 6));
        if (byName.has_value() && *byName)
            expectNothingUnreadable(**byName, "getUserFromName");
    }
    EXPECT_GT(refusals, 0);
    EXPECT_GT(saves, 0);
}

} // namespace
