// Tests of the company's business rules (company_rules.cpp), the way a plugin
// author writes them: the plugin's source is linked statically (no dlopen), the
// service is in memory, and each test takes about a millisecond.
#include <userservice/testing.hpp>

#include <gtest/gtest.h>

extern const userservice::plugin::Descriptor userservice_plugin_company_rules;

using namespace userservice;
using testkit::hasFieldError;
using testkit::succeeded;

namespace {

struct EmailCase {
    const char* name; ///< the test's name: what the case is about
    const char* email;
    bool accepted;
};

/// Each a different shape of address: the rule's edges, not one shape repeated.
const EmailCase emailCases[] = {
    { "CompanyAddress", "ola@example.com", true },
    { "DottedLocalPart", "ola.nordmann@example.com", true },
    { "OtherDomain", "ola@example.org", false },
    { "Subdomain", "ola@mail.example.com", false },
    { "CompanyDomainAsPrefix", "ola@example.com.evil", false },
    { "LookalikeDomain", "ola@notexample.com", false },
    { "NoLocalPart", "@example.com", false },
    { "TwoAtSigns", "ola@evil@example.com", false },
    { "NoAtSign", "example.com", false },
    { "Empty", "", false },
};

class CompanyEmail : public ::testing::TestWithParam<EmailCase> { };

TEST_P(CompanyEmail, OnlyTheCompanysDomainIsAccepted)
{
    static testkit::TestService t { &userservice_plugin_company_rules }; // one in-memory service for all cases
    User user = t.newUser("someone");
    user.person->email = GetParam().email;
    const auto problems = t.service.validateUser(t.system(), user);
    if (GetParam().accepted)
        EXPECT_TRUE(problems.empty()) << GetParam().email;
    else
        EXPECT_EQ(hasFieldError(problems, "User.Person.Email", "example.com"), "") << GetParam().email;
}

INSTANTIATE_TEST_SUITE_P(Rules, CompanyEmail, ::testing::ValuesIn(emailCases),
    [](const ::testing::TestParamInfo<EmailCase>& info) { return std::string(info.param.name); });

TEST(CompanyRules, TheMessageSpeaksTheCallersLanguage)
{
    testkit::TestService t { &userservice_plugin_company_rules };
    User user = t.newUser("nils");
    user.person->email = "nils@elsewhere.no";
    CallerContext norwegian = t.system();
    norwegian.language = "no";
    const auto refused = t.service.trySaveUser(norwegian, user);
    ASSERT_TRUE(refused.has_error());
    EXPECT_EQ(hasFieldError(refused.error(), "User.Person.Email", "Bruk adressen din"), "");
}

TEST(CompanyRules, UsersToggleTheirOwnTravelStatusOnly)
{
    testkit::TestService t { &userservice_plugin_company_rules };
    const User ola = t.addUser("ola");
    const User kari = t.addUser("kari");

    const CommandResult away =
        t.service.executeUserCommand(t.as(ola), ola.associateId, "toggle-travel", CommandActionResult::Implicit);
    EXPECT_EQ(succeeded(away), "");
    EXPECT_EQ(away.message, "travelling");
    EXPECT_TRUE(t.service.getUser(t.system(), ola.associateId)->isOnTravel);

    const auto onSomeoneElse =
        t.service.tryExecuteUserCommand(t.as(ola), kari.associateId, "toggle-travel", CommandActionResult::Implicit);
    ASSERT_TRUE(onSomeoneElse.has_error());
    EXPECT_FALSE(t.service.getUser(t.system(), kari.associateId)->isOnTravel);
}

} // namespace
