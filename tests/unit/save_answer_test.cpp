// The answer to a save is the user as stored: what getUser reads right after it, field
// for field. An update answers from what it wrote when it wrote only values, without
// reading the user again (issue 17), so every kind of change is checked here: each
// plain field of the User and its Person one by one, and the links and lists by hand.
#include <userservice/json.hpp>
#include <userservice/testing.hpp>

#include "carrier_fields.hpp"
#include "field_values.hpp"

#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

using namespace userservice;

namespace {

class SaveAnswer : public ::testing::TestWithParam<Backend> {
public:
    SaveAnswer()
        : t({}, { .database = databaseFor(GetParam()) })
    {
        support = t.service.addUserGroup(t.system(), { .value = "Support" });
        billing = t.service.addTicketCategory(t.system(), { .name = "Billing" });
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    /// A user with something in every list a save writes.
    User richUser()
    {
        User user = t.newUser("ada" + std::to_string(++users_));
        user.tooltip = "Sales";
        user.person->firstname = "Ada";
        user.otherGroups = std::vector<UserGroup> { { .id = support.id } };
        user.ticketCategories = std::vector<MDOListItem> { { .id = billing.id } };
        user.customFields = StringDictionary { { "Shoe size", "38" }, { "Team", "North" } };
        user.extraFields = StringDictionary { { "Legacy", "yes" } };
        user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" },
            .value = "correct horse battery", .displayValue = "Password" } };
        return t.service.saveUser(t.system(), user);
    }

    /// Saves `changed` and checks the answer against a fresh read; false when the
    /// save was refused (a value the generic change made is not valid there).
    bool answersAsStored(const User& changed, const std::string& what)
    {
        const auto answer = t.service.trySaveUser(t.system(), changed);
        if (!answer)
            return false;
        const User read = t.service.getUser(t.system(), changed.associateId).value();
        EXPECT_EQ(json::serialize(answer.value()), json::serialize(read)) << "after changing " << what;
        return true;
    }

    testkit::TestService t;
    UserGroup support;
    MDOListItem billing;

private:
    int users_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Stores, SaveAnswer, everyBackend, backendName);

/// Changes each plain field of `Of` (reached through `part` of a user) in turn, saving
/// after each; returns the fields whose change was refused.
template <class Of, class Test>
std::vector<std::string> changeEachField(Test& test, User& user, Of& (*part)(User&), int& n)
{
    std::vector<std::string> refused;
    detail::forEachField<Of>([&](const auto& field) {
        User changed = user;
        if (std::string_view(field.name) == "AssociateId" || !testing_values::change(part(changed).*field.member, ++n))
            return;
        const std::string name = std::string(detail::CarrierInfo<Of>::name) + "." + std::string(field.name);
        if (test.answersAsStored(changed, name))
            user = test.t.service.getUser(test.t.system(), user.associateId).value();
        else
            refused.push_back(name);
    });
    return refused;
}

User& wholeUser(User& user) { return user; }
Person& personOf(User& user) { return *user.person; }

} // namespace

TEST_P(SaveAnswer, EachPlainFieldChangedAnswersAsStored)
{
    User user = richUser();
    int n = 0;
    const auto refusedOfUser = changeEachField<User>(*this, user, &wholeUser, n);
    const auto refusedOfPerson = changeEachField<Person>(*this, user, &personOf, n);
    // Every generic value is accepted, so no field goes unchecked.
    EXPECT_EQ(refusedOfUser, std::vector<std::string> {});
    EXPECT_EQ(refusedOfPerson, std::vector<std::string> {});
}

TEST_P(SaveAnswer, EachLinkAndListChangedAnswersAsStored)
{
    const std::vector<std::pair<std::string, std::function<void(User&)>>> changes {
        { "nothing", [](User&) {} },
        { "the initials and the first name (derived names)",
            [](User& u) {
                u.name = "AK";
                u.person->firstname = "Augusta";
            } },
        { "the person retired", [](User& u) { u.person->retired = 1; } },
        { "a date-time at an offset", [](User& u) { u.lastlogin = DateTime::parse("2025-01-02T03:04:05+02:00"); } },
        { "the user name in capitals", [](User& u) { *u.userName = "ADA-" + *u.userName; } },
        { "the role", [&](User& u) { u.role = Role { .roleId = t.administrator.roleId }; } },
        { "the main group", [&](User& u) { u.userGroup = UserGroup { .id = support.id }; } },
        { "the other groups", [&](User& u) { u.otherGroups->push_back({ .id = t.staff.id }); } },
        { "no other groups", [](User& u) { u.otherGroups.reset(); } },
        { "no ticket categories", [](User& u) { u.ticketCategories = std::vector<MDOListItem> {}; } },
        { "a custom field's value", [](User& u) { u.customFields->set("Team", "South"); } },
        { "an extra field's value", [](User& u) { u.extraFields->set("Legacy", "no"); } },
        { "a custom field added", [](User& u) { u.customFields->set("Desk", "4B"); } },
        { "the custom fields emptied", [](User& u) { u.customFields = StringDictionary {}; } },
        { "no extra fields", [](User& u) { u.extraFields.reset(); } },
        { "the password",
            [](User& u) {
                (*u.credentials)[0].value = "another horse battery";
            } },
        { "no credentials", [](User& u) { u.credentials = std::vector<Credential> {}; } },
    };
    for (const auto& [what, apply] : changes) {
        User changed = richUser();
        apply(changed);
        EXPECT_TRUE(answersAsStored(changed, what)) << what << " was refused";
    }
}

// The rights the save computed on the stored user serve its answer when the policy
// relates the caller to the saved user the same way: the answer still shows exactly
// what the caller's own read shows (hidden fields, field rights).
TEST_P(SaveAnswer, ACallerWithNarrowRightsIsAnsweredAsItsReadShows)
{
    const auto colleagues = RoleRelationToOwner::OwnerGroup;
    t.service.rolesAndRights().setDataRight(t.system(), t.employee.roleId, "associate", colleagues, "rw");
    t.service.rolesAndRights().setDataRight(t.system(), t.employee.roleId, "credentials", colleagues, "");
    const User jdoe = t.addUser("jdoe");
    const User alice = richUser(); // in Staff, as jdoe
    const auto asJdoe = t.as(jdoe);

    User changed = t.service.getUser(asJdoe, alice.associateId).value();
    EXPECT_FALSE(changed.credentials && !changed.credentials->empty()); // hidden from a colleague
    changed.tooltip = "changed by a colleague";
    const User answer = t.service.saveUser(asJdoe, changed);
    EXPECT_EQ(answer.tooltip, "changed by a colleague");
    EXPECT_EQ(json::serialize(answer), json::serialize(t.service.getUser(asJdoe, alice.associateId).value()));
}
