// ResolveUserFromInfo: the user with a credential, else with an e-mail address, else
// one created on demand from the details given. A match counts only when the caller
// sees it on the user as getUser() shows it; a match it may not see or read is
// answered as a refused creation is, so the call is no oracle for hidden users.
#include "service_impl.hpp"

#include "../ascii.hpp"

#include <algorithm>

namespace userservice {
namespace {

constexpr std::size_t listLimit = 20; ///< e-mails to look up
constexpr std::size_t phoneSlots = 2; ///< DirectPhone, MobilePhone

[[noreturn]] void badRequest(std::string message, std::string source)
{
    throw Exception(Error(ErrorKind::BadRequest, std::move(message), {}, std::move(source)));
}

/// One answer for "only hidden users match" and "may not create users": no details.
[[noreturn]] void refuseResolve()
{
    throw Exception(Error(ErrorKind::Forbidden,
        detail::localize("[SR_RIGHTS_DENIED]", "en") + ": no user can be resolved from this information", {}, "User"));
}

/// The checks that need nothing stored: contact, type, list sizes, a credential that may identify.
void checkInfo(const ResolveUserInfo& info)
{
    if (info.contactId != 0)
        badRequest(
            "contactId must be 0: this product has no contacts (persons exist only with their users)", "contactId");
    if (info.userType == UserType::Unknown)
        badRequest("userType must be a user type other than Unknown", "userType");
    if (info.emails.size() > listLimit)
        badRequest(
            "emails: at most " + std::to_string(listLimit) + " addresses, got " + std::to_string(info.emails.size()),
            "emails");
    if (info.phoneNumbers.size() > phoneSlots)
        badRequest("phoneNumbers: at most 2 (a person's DirectPhone and MobilePhone), got " +
                std::to_string(info.phoneNumbers.size()),
            "phoneNumbers");
    if (info.credential && trim(info.credential->value.value_or("")).empty())
        badRequest("credential.Value is required to look a user up by credential", "credential.Value");
}

/// The person of a user created from `info`: names split at the last blank, the first e-mail, the phones.
Person personFrom(const ResolveUserInfo& info, Person person)
{
    const auto name = trim(info.personName);
    const auto split = name.find_last_of(" \t");
    person.lastname = std::string(split == std::string_view::npos ? name : trim(name.substr(split + 1)));
    if (split != std::string_view::npos)
        person.firstname = std::string(trim(name.substr(0, split)));
    const auto email =
        std::find_if(info.emails.begin(), info.emails.end(), [](const std::string& e) { return !trim(e).empty(); });
    if (email != info.emails.end())
        person.email = std::string(trim(*email));
    if (!info.phoneNumbers.empty())
        person.directPhone = info.phoneNumbers[0];
    if (info.phoneNumbers.size() > 1)
        person.mobilePhone = info.phoneNumbers[1];
    return person;
}

/// Whether `user`, as the caller sees it, has this credential (type and value, case-insensitively).
bool hasCredential(const User& user, std::string_view type, std::string_view value)
{
    return user.credentials &&
        std::any_of(user.credentials->begin(), user.credentials->end(), [&](const Credential& c) {
            return c.type && iequals(c.type->type.value_or(""), type) && iequals(c.value.value_or(""), value);
        });
}

} // namespace

ResolvedUser UserService::Impl::resolveUser(const CallerContext& context, const ResolveUserInfo& info)
{
    checkInfo(info);
    struct Lookup {
        std::optional<User> found;
        bool hiddenMatch = false;
        bool mayCreate = false;
    };
    const auto lookup = readAs(context, [&](store::Session& s, const Principal& caller) {
        Lookup out;
        // Each candidate is matched again on the user as the caller sees it.
        const auto firstShown = [&](const std::vector<std::int32_t>& ids, const auto& matches) {
            for (const auto id : ids) {
                auto user = visibleUser(s, caller, context, id);
                if (user && matches(*user))
                    return user;
                out.hiddenMatch = true;
            }
            return std::optional<User> {};
        };
        if (const auto& credential = info.credential) {
            const auto typeName = credential->type ? credential->type->type.value_or("") : "";
            const auto type = typeName.empty() ? std::nullopt : s.credentialType(typeName);
            if (!type)
                badRequest("credential.Type: there is no credential type \"" + typeName + "\"", "credential.Type");
            if (type->canCreatePassword)
                badRequest("credential.Type: a credential of a type that keeps secrets (\"" + *type->type +
                        "\") cannot identify a user",
                    "credential.Type");
            out.found = firstShown(s.userIdsByCredential(*type->type, *credential->value),
                [&](const User& user) { return hasCredential(user, *type->type, *credential->value); });
        }
        for (std::size_t i = 0; !out.found && i < info.emails.size(); ++i) {
            const auto email = trim(info.emails[i]);
            if (!email.empty())
                out.found = firstShown(s.userIdsByEmail(email),
                    [&](const User& user) { return user.person && iequals(user.person->email.value_or(""), email); });
        }
        out.mayCreate = has(rights(caller, nullptr, context).user.table, ETableRight::Insert);
        return out;
    });
    if (lookup.found)
        return ResolvedUser { .user = lookup.found, .personCreated = false };
    if (lookup.hiddenMatch || !lookup.mayCreate)
        refuseResolve();
    if (trim(info.personName).empty())
        badRequest("personName is required to create a user: no user has this credential or e-mail", "personName");
    User user = createDefaultUser(context, info.userType, 0);
    user.person = personFrom(info, user.person.value_or(Person {}));
    if (info.credential)
        user.credentials = std::vector<Credential> { *info.credential };
    user.userName = validUserNameForNewUser(context, user);
    user.name = user.userName;
    SaveOptions options; // refused, never stripped: the user is created as resolved or not at all
    options.forbiddenChanges = ForbiddenChanges::Refuse;
    auto saved = saveUser(context, user, options);
    return ResolvedUser { .user = std::move(saved.user), .personCreated = true };
}

} // namespace userservice
