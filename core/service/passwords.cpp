// Passwords: set (by a user administrator), generate, change (with the old one) and
// check. Every change is a save of the stored user through the save plan, so rights,
// validators, hashing after the checks, post-save and after-commit commands and the
// audit trail run as for any save. The cheap checks (text, sizes, rights) come before
// any Argon2id work.
#include "save_plan.hpp"

#include "../ascii.hpp"
#include "../field_limits.hpp"
#include "../validation.hpp"

#include <algorithm>
#include <tuple>

namespace userservice {
namespace {

/// Long enough that guessing is hopeless (20 of 56 signs: over 110 bits).
constexpr std::size_t generatedLength = 20;

/// The service's own rules for a password: 1 to 1024 characters of UTF-8. "" when met.
std::string passwordProblem(std::string_view password)
{
    const auto length = detail::utf8Length(password);
    if (!length)
        return "is not valid UTF-8";
    if (*length == 0)
        return "is empty";
    const auto limit = static_cast<std::size_t>(detail::maxLength("Credential", "Value"));
    if (*length > limit)
        return "is " + std::to_string(*length) + " characters long; at most " + std::to_string(limit) + " are allowed";
    return {};
}

[[noreturn]] void wrongOldPassword()
{
    throw Exception(Error(ErrorKind::Forbidden, "the old password is wrong", {}, "OldPassword"));
}

bool administers(const Principal& caller)
{
    return caller.holds(functional::adminUsers);
}

} // namespace

bool UserService::Impl::oldPasswordMatches(std::string_view oldPassword, std::span<const store::CredentialRow> rows)
{
    const bool hasSecret = std::any_of(rows.begin(), rows.end(), [](const auto& row) { return row.secretHash; });
    if (!passwordProblem(oldPassword).empty() || !hasSecret) { // no Argon2id on megabytes
        passwordSlots_.verifyNothing(oldPassword.substr(0, 1024), options_.passwordHashing);
        return false;
    }
    bool right = false;
    for (const auto& row : rows)
        right = right || (row.secretHash && passwordSlots_.verify(oldPassword, *row.secretHash));
    return right;
}

CredentialType UserService::Impl::passwordType(store::Session& s)
{
    auto types = s.credentialTypes();
    std::erase_if(types, [](const CredentialType& type) { return !type.canCreatePassword; });
    if (types.empty())
        throw Exception(Error(ErrorKind::BadRequest, "no credential type can create passwords", {}, "CredentialType"));
    const auto named = std::find_if(types.begin(), types.end(),
        [](const CredentialType& type) { return iequals(type.type.value_or(""), "password"); });
    return named != types.end() ? *named : types.front();
}

std::size_t UserService::Impl::putPassword(User& user, const CredentialType& type, std::string_view password)
{
    auto& credentials = user.credentials ? *user.credentials : user.credentials.emplace();
    for (std::size_t i = 0; i < credentials.size(); ++i)
        if (credentials[i].type && iequals(credentials[i].type->type.value_or(""), *type.type)) {
            credentials[i].value = std::string(password);
            return i;
        }
    credentials.push_back(Credential { .type = CredentialType { .type = type.type }, .value = std::string(password) });
    return credentials.size() - 1;
}

void UserService::Impl::checkNewPassword(std::string_view password, const std::string& name)
{
    if (auto problem = passwordProblem(password); !problem.empty())
        throw Exception(Error(ErrorKind::Validation, name + " " + problem, { { name, problem } }, name));
}

/// The user a password call names, when the caller may see it; else NotFound.
static std::int32_t passwordTarget(UserService::Impl& service, store::Session& s, const Principal& caller,
    const CallerContext& context, UserService::Impl::UserKey key)
{
    if (key.id != 0) {
        if (!service.canSee(s, caller, context, key.id))
            UserService::Impl::noSuchUser(key.id);
        return key.id;
    }
    if (key.userName.empty())
        throw Exception(Error(ErrorKind::BadRequest, "the user name is required", {}, "AssociateName"));
    const auto id = s.userIdBy(store::UniqueName::UserName, key.userName);
    if (!id || !service.canSee(s, caller, context, *id))
        throw Exception(Error(ErrorKind::NotFound, "there is no user with this user name", {}, "AssociateName"));
    return *id;
}

void UserService::Impl::savePassword(const CallerContext& context, std::int32_t id, std::string_view password,
    plugin::SecretChangeKind how, const PasswordOptions& options, const std::function<void(store::Session&)>& alsoWrite)
{
    CallerContext utc = context;
    utc.timeZone.clear(); // the carrier is the stored user, in UTC
    // The sent carrier only tells the plan that a secret is coming (hashed outside the
    // writer lock); the user is resolved from the stored one in the plan's transaction.
    User sent;
    sent.credentials = std::vector<Credential> { Credential { .value = std::string(password) } };
    const auto resolve = [&](store::Session& s, const Principal&, User) {
        auto stored = load(s, id);
        if (!stored)
            noSuchUser(id);
        putPassword(*stored, passwordType(s), password);
        return std::move(*stored);
    };
    const SaveOptions saveOptions;
    SavePlan plan(*this, utc, sent, saveOptions, resolve);
    plan.secretsChangeAs(how);
    Saved saved;
    std::size_t revoked = 0;
    runPlan(*this, utc, plan, saved, [&](store::Session& s, const Principal&) {
        if (options.revokeApiTokens)
            for (const auto& token : s.apiTokens(id))
                revoked += s.deleteApiToken(token.id) ? 1 : 0;
        if (alsoWrite)
            alsoWrite(s);
        return 0;
    });
    log(LogLevel::Info, "changed the password of user " + std::to_string(id) + elevatedBy(context));
    if (options.revokeApiTokens)
        log(LogLevel::Info, "revoked " + std::to_string(revoked) + " API tokens of user " + std::to_string(id));
    runAfterCommit(utc, saved);
}

void UserService::Impl::setPassword(
    const CallerContext& context, UserKey key, std::string_view password, const PasswordOptions& options)
{
    checkNewPassword(password, "Password");
    const auto id = store_->read(
        [&](store::Session& s) { return passwordTarget(*this, s, listAdministrator(s, context), context, key); });
    savePassword(context, id, password, plugin::SecretChangeKind::Set, options);
}

std::string UserService::Impl::setGeneratedPassword(
    const CallerContext& context, UserKey key, const PasswordOptions& options, bool externalOnly)
{
    const auto id = store_->read([&](store::Session& s) {
        const auto id = passwordTarget(*this, s, listAdministrator(s, context), context, key);
        if (externalOnly && s.user(id)->type != UserType::ExternalAssociate)
            throw Exception(Error(ErrorKind::BadRequest,
                "user " + std::to_string(id) + " is not an external user (ExternalAssociate)", {}, "AssociateName"));
        return id;
    });
    // A validator may still refuse a random password (one that happens to contain the
    // user's name): a few more draws settle it; a policy no draw meets is reported.
    for (int attempt = 1;; ++attempt) {
        std::string password = detail::generatePassword(generatedLength);
        try {
            savePassword(context, id, password, plugin::SecretChangeKind::Generated, options);
            return password;
        } catch (const Exception& e) {
            if (e.error().kind() != ErrorKind::Validation || attempt == 3)
                throw;
        }
    }
}

void UserService::Impl::changePassword(const CallerContext& context, UserKey key, std::string_view oldPassword,
    std::string_view newPassword, const PasswordOptions& options)
{
    checkNewPassword(newPassword, "NewPassword");
    refusePartnerApps(context);
    bool own = false;
    const auto target = store_->read([&](store::Session& s) {
        const Principal caller = principal(s, context);
        const auto id = passwordTarget(*this, s, caller, context, key);
        own = !context.elevated && context.associateId == id;
        if (!own && !administers(caller))
            throw Exception(Error(ErrorKind::Forbidden,
                detail::localize("[SR_RIGHTS_DENIED]", "en") +
                    ": changing another user's password: " + detail::localize("[SR_RIGHTS_NOT_USER_ADMIN]", "en"),
                {}, "AssociateId"));
        return std::tuple { id, s.user(id)->userName.value_or(""), s.credentialRows(id) };
    });
    const auto& [id, userName, credentialRows] = target;
    // Guessing the old password is guessing the password: the sign-ins' lockout by name counts it.
    if (const auto wait = loginThrottle_.lockedFor({}, userName, options_.clock()))
        lockedOut(*wait, "OldPassword");
    if (!oldPasswordMatches(oldPassword, credentialRows)) {
        loginThrottle_.failed({}, userName, options_.clock());
        wrongOldPassword();
    }
    // The policy lets a user read its credentials, not write them: knowing the old
    // password is the right to change it, so the user's own change runs elevated.
    savePassword(own ? context.asSystem() : context, id, newPassword, plugin::SecretChangeKind::Changed, options);
}

std::vector<ChangePasswordType> UserService::Impl::supportedChangePasswordTypes(
    const CallerContext& context, std::int32_t id)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        const User user = storedVisible(s, caller, context, id);
        const bool own = !context.elevated && context.associateId == id;
        std::vector<ChangePasswordType> types;
        if (own || administers(caller)) {
            types.push_back(ChangePasswordType::OldPassword);
            if (user.person && user.person->email && !user.person->email->empty())
                types.push_back(ChangePasswordType::EMail);
        }
        if (administers(caller))
            types.push_back(ChangePasswordType::Administrator);
        return types;
    });
}

UserValidationResult UserService::Impl::isPasswordValid(
    const CallerContext& context, std::int32_t id, UserType type, std::int32_t personId, std::string_view password)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) -> UserValidationResult {
        User user;
        if (id != 0) {
            user = storedVisible(s, caller, context, id);
        } else {
            user.type = type;
            user.person = Person { .personId = personId };
        }
        if (auto problem = passwordProblem(password); !problem.empty())
            return { "the password " + problem, false };
        const auto at = putPassword(user, passwordType(s), password);
        const std::string field = "User.Credentials[" + std::to_string(at) + "]";
        for (const auto& found : problems(s, context, user)) // only the password's: the user is not being saved
            if (found.field.starts_with(field))
                return { found.message, false };
        return { std::nullopt, true };
    });
}

} // namespace userservice
