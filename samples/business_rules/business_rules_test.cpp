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
    std::string email;
    bool accepted;
};

/// 1,000 rule checks: addresses of the company's domain and others.
std::vector<EmailCase> emailCases()
{
    std::vector<EmailCase> cases;
    const char* const domains[] = { "@example.com", "@example.org", "@mail.example.com", "@EXAMPLE.COM.evil", "@" };
    for (int i = 0; cases.size() < 1000; ++i)
        for (const char* domain : domains)
            cases.push_back({ "person" + std::to_string(i) + domain, std::string_view(domain) == "@example.com" });
    cases.resize(1000);
    return cases;
}

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

INSTANTIATE_TEST_SUITE_P(Rules, CompanyEmail, ::testing::ValuesIn(emailCases()));

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
