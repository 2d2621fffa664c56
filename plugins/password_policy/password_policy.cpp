// Password policy: a validator that refuses weak new passwords, naming the rule
// that failed (never the password). A new password is a credential of type
// "password" (or of a type that can create passwords) with a value.
#include <userservice/plugin.hpp>

#include <boost/locale/utf.hpp>

#include <algorithm>
#include <cctype>

namespace {

using namespace userservice;

constexpr std::size_t minimumLength = 12;

bool containsIgnoringCase(std::string_view text, std::string_view part)
{
    if (part.size() < 3) // a name of one or two letters is in too many passwords
        return false;
    return std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    }) != text.end();
}

bool isNewPassword(const Credential& credential)
{
    if (!credential.value || credential.value->empty() || !credential.type)
        return false;
    const std::string type = credential.type->type.value_or("");
    return credential.type->canCreatePassword ||
        std::equal(type.begin(), type.end(), "password", "password" + 8,
            [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

std::vector<FieldError> checkPasswords(const CallerContext&, const User& user)
{
    std::vector<FieldError> problems;
    if (!user.credentials)
        return problems;
    for (std::size_t i = 0; i < user.credentials->size(); ++i) {
        const Credential& credential = (*user.credentials)[i];
        if (!isNewPassword(credential))
            continue;
        const std::string& password = *credential.value;
        const std::string field = "User.Credentials[" + std::to_string(i) + "].Value";
        // Length in characters: UTF-8 continuation bytes do not count.
        const auto characters = std::count_if(password.begin(), password.end(),
            [](char c) { return !boost::locale::utf::utf_traits<char>::is_trail(c); });
        if (static_cast<std::size_t>(characters) < minimumLength)
            problems.push_back(
                { field, "the password policy asks for at least " + std::to_string(minimumLength) + " characters" });
        const bool letter = std::any_of(
            password.begin(), password.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        const bool digit = std::any_of(
            password.begin(), password.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (!letter || !digit)
            problems.push_back({ field, "the password policy asks for both letters and digits" });
        for (const auto* name : { &user.userName, &user.name })
            if (*name && containsIgnoringCase(password, **name)) {
                problems.push_back({ field, "the password policy forbids a password that contains the user's name" });
                break;
            }
    }
    return problems;
}

void registerPasswordPolicy(plugin::Registrar& registrar)
{
    registrar.validator("password-policy", checkPasswords);
}

} // namespace

USERSERVICE_PLUGIN(password_policy, "password_policy", "1.0.0", "validator:password-policy", registerPasswordPolicy)
