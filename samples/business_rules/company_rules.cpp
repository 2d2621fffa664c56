// A sample plugin with two business rules, for the business-rules test project
// next to it: users need an e-mail address of the company's domain, and a user may
// mark themselves as travelling (or back).
#include <userservice/plugin.hpp>

#include <string_view>

namespace {

using namespace userservice;

constexpr std::string_view companyDomain = "@example.com";

std::vector<FieldError> companyEmail(const CallerContext&, const User& user)
{
    const std::string email = user.person && user.person->email ? *user.person->email : std::string();
    if (email.size() > companyDomain.size() && email.ends_with(companyDomain) &&
        email.find('@') == email.size() - companyDomain.size())
        return {};
    return { { "User.Person.Email", R"(US:"Use your example.com address";NO:"Bruk adressen din på example.com")" } };
}

void registerCompanyRules(plugin::Registrar& registrar)
{
    registrar.validator("company-email", companyEmail);
    registrar.customCommand({ .name = "toggle-travel",
                                .displayName = R"(US:"I am travelling / I am back";NO:"Jeg er på reise / tilbake")",
                                .requiredRight = ETableRight::RestrictedUpdate,
                                .appliesTo =
                                    [](const CallerContext& caller, const User& user) {
                                        return caller.associateId == user.associateId; // only on your own user
                                    } },
        [](plugin::CommandCall& call) {
            User user = call.user;
            user.isOnTravel = !user.isOnTravel;
            call.user = call.transaction->saveUser(user);
            return CommandResult { .success = true, .message = user.isOnTravel ? "travelling" : "back" };
        });
}

} // namespace

USERSERVICE_PLUGIN(
    company_rules, "company_rules", "1.0.0", "validator:company-email; command:toggle-travel", registerCompanyRules)
