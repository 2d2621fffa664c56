// A user's credentials by type (save, delete, find), defaults with a credential, and
// ResolveUserFromInfo. Changes are saves of the stored user through the save plan with
// the caller's rights, so the policy decides who may (Credentials is a user
// administrator's field), Argon2id runs after the checks, and hooks and the audit trail
// see a secret's change (PostSaveCall::secrets) without its value.
#include "service_impl.hpp"

#include "../ascii.hpp"

#include <algorithm>
#include <functional>
#include <span>

namespace userservice {
namespace {

/// FindCredentialUsers answers at most this many users, read from at most `candidateLimit` matches.
constexpr std::size_t foundLimit = 200;
constexpr std::size_t candidateLimit = 1000;
/// Longer search texts and type names are refused before any work.
constexpr std::size_t textLimit = 255;

[[noreturn]] void badRequest(std::string message, std::string source)
{
    throw Exception(Error(ErrorKind::BadRequest, std::move(message), {}, std::move(source)));
}

void checkLength(std::string_view text, const std::string& name)
{
    if (text.size() > textLimit)
        badRequest(name + " is " + std::to_string(text.size()) + " bytes long; at most " + std::to_string(textLimit) +
                " are allowed",
            name);
}

/// The stored credential type named `type`, or a BadRequest naming `source`.
CredentialType knownType(store::Session& s, std::string_view type, const std::string& source)
{
    if (trim(type).empty())
        badRequest(source + " is required: the name of a credential type", source);
    checkLength(type, source);
    auto found = s.credentialType(type);
    if (!found)
        badRequest(source + ": there is no credential type \"" + std::string(type) + "\"", source);
    return std::move(*found);
}

bool containsIgnoringCase(std::string_view text, std::string_view part)
{
    return std::search(text.begin(), text.end(), part.begin(), part.end(),
               [](char a, char b) { return asciiLower(a) == asciiLower(b); }) != text.end();
}

/// The user's credential of `type` as `user` shows it; nullptr when there is none.
Credential* credentialOf(User& user, std::string_view type)
{
    if (!user.credentials)
        return nullptr;
    const auto found = std::find_if(user.credentials->begin(), user.credentials->end(),
        [&](const Credential& c) { return c.type && iequals(c.type->type.value_or(""), type); });
    return found == user.credentials->end() ? nullptr : &*found;
}

[[noreturn]] void noContacts(const std::string& source)
{
    badRequest(source + " must be 0: this product has no contacts (persons exist only with their users)", source);
}

/// A credential call's save: refused (never stripped) when the caller may not make it, so `true` means saved.
SaveOptions refuseForbidden()
{
    SaveOptions options;
    options.forbiddenChanges = ForbiddenChanges::Refuse;
    return options;
}

void checkUserId(std::int32_t userId)
{
    if (userId <= 0)
        badRequest("userId: expected a positive integer id, got " + std::to_string(userId), "userId");
}

} // namespace

/// Forbidden unless the caller may write Credentials on this user (NotFound when hidden):
/// checked before any work, since a save would keep an unwritable field as stored.
static void requireCredentialsWrite(UserService::Impl& service, const CallerContext& context, std::int32_t userId)
{
    service.readAs(context, [&](store::Session& s, const Principal& caller) {
        const User stored = service.storedVisible(s, caller, context, userId, "userId");
        const auto granted = service.rights(caller, &stored, context);
        if (!granted.user.canWrite("Credentials"))
            UserService::Impl::deny(
                "changing the credentials of user " + std::to_string(userId), granted.user.table, context);
        return 0;
    });
}

std::vector<CredentialType> UserService::Impl::credentialTypesFor(const CallerContext& context, UserType type)
{
    if (type == UserType::Unknown)
        badRequest("userType must be a user type other than Unknown", "userType");
    return readAs(context, [&](store::Session& s, const Principal&) {
        if (type == UserType::ResourceAssociate) // a resource cannot sign in
            return std::vector<CredentialType> {};
        return credentialTypes(s, context);
    });
}

bool UserService::Impl::saveCredential(const CallerContext& context, std::int32_t userId, const Credential& credential)
{
    checkUserId(userId);
    const std::string typeName = credential.type ? credential.type->type.value_or("") : "";
    const auto type = readAs(
        context, [&](store::Session& s, const Principal&) { return knownType(s, typeName, "credential.Type.Type"); });
    const std::string value = credential.value.value_or("");
    if (type.canCreatePassword)
        checkNewPassword(value, "Credential.Value");
    else if (trim(value).empty())
        throw Exception(Error(ErrorKind::Validation, "Credential.Value is required",
            { { "Credential.Value", "is required" } }, "Credential.Value"));
    requireCredentialsWrite(*this, context, userId);
    // As the caller sees it: blanks it may not read are not changes (a stored secret stays).
    auto user = getUser(context, userId, {});
    if (!user)
        noSuchUser(userId, "userId");
    Credential* stored = credentialOf(*user, *type.type);
    if (!stored) {
        auto& list = user->credentials ? *user->credentials : user->credentials.emplace();
        stored = &list.emplace_back(Credential { .type = CredentialType { .type = type.type } });
    }
    stored->value = value;
    stored->displayValue = credential.displayValue;
    saveUser(context, *user, refuseForbidden());
    log(LogLevel::Info,
        "saved the " + *type.type + " credential of user " + std::to_string(userId) + elevatedBy(context));
    return true;
}

bool UserService::Impl::deleteCredential(const CallerContext& context, std::int32_t userId, std::string_view type)
{
    checkUserId(userId);
    if (trim(type).empty())
        badRequest("credentialType is required: the name of a credential type", "credentialType");
    checkLength(type, "credentialType");
    requireCredentialsWrite(*this, context, userId);
    // As the caller sees it: a credential it may not read is not there to delete.
    auto user = getUser(context, userId, {});
    if (!user)
        noSuchUser(userId, "userId");
    if (!credentialOf(*user, type))
        return false;
    std::erase_if(*user->credentials, [&](const Credential& c) { return iequals(c.type->type.value_or(""), type); });
    saveUser(context, *user, refuseForbidden());
    log(LogLevel::Info,
        "removed the " + std::string(type) + " credential of user " + std::to_string(userId) + elevatedBy(context));
    return true;
}

namespace {

/// The users of `candidates` (ascending ids) the caller may see, with a credential of
/// `type` it may read that `accept` takes (judged on the user as the caller sees it, so a
/// hidden field matches nothing), at most `foundLimit`.
CredentialsGroupUsers credentialUsers(const UserService::Impl& service, store::Session& s, const Principal& caller,
    const CallerContext& context, const CredentialType& type, std::span<const std::int32_t> candidates,
    const std::function<bool(const User&, const Credential&)>& accept)
{
    CredentialsGroupUsers found { .headings = std::vector<std::string> { "UserName", "Name", "AssociateId" },
        .users = std::vector<CredentialUser> {} };
    for (const auto id : candidates) {
        auto user = service.visibleUser(s, caller, context, id);
        const Credential* credential = user ? credentialOf(*user, *type.type) : nullptr;
        if (!credential || !accept(*user, *credential))
            continue;
        found.users->push_back({ .value = type.canCreatePassword ? std::nullopt : credential->value,
            .displayValue = credential->displayValue,
            .info = std::vector<std::string> {
                user->userName.value_or(""), user->name.value_or(""), std::to_string(user->associateId) } });
        if (found.users->size() == foundLimit)
            break;
    }
    return found;
}

bool inGroup(const User& user, std::int32_t groupId)
{
    if (user.userGroup && user.userGroup->id == groupId)
        return true;
    return user.otherGroups &&
        std::any_of(user.otherGroups->begin(), user.otherGroups->end(),
            [&](const UserGroup& group) { return group.id == groupId; });
}

} // namespace

CredentialsGroupUsers UserService::Impl::findCredentialUsers(
    const CallerContext& context, std::string_view typeName, std::string_view searchString)
{
    checkLength(searchString, "searchString");
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        const auto type = knownType(s, typeName, "type");
        const auto candidates = s.userIdsWithCredentialText(*type.type, searchString, candidateLimit);
        return credentialUsers(*this, s, caller, context, type, candidates, [&](const User&, const Credential& c) {
            // Matched again on the user as the caller sees it: a hidden value matches nothing.
            return containsIgnoringCase(c.value.value_or(""), searchString) ||
                containsIgnoringCase(c.displayValue.value_or(""), searchString);
        });
    });
}

CredentialsGroupUsers UserService::Impl::credentialUsersInGroup(
    const CallerContext& context, std::string_view typeName, std::int32_t groupId)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        const auto type = knownType(s, typeName, "type");
        if (groupId <= 0 || !s.userGroup(groupId)) // groups are every signed-in caller's to read
            throw Exception(
                Error(ErrorKind::NotFound, "there is no user group with Id " + std::to_string(groupId), {}, "groupId"));
        const auto candidates = s.userIdsWithGroupAndCredential(groupId, *type.type, candidateLimit);
        // Judged on the groups as the caller sees them: a hidden group field matches nothing.
        return credentialUsers(*this, s, caller, context, type, candidates,
            [&](const User& user, const Credential&) { return inGroup(user, groupId); });
    });
}

std::vector<CredentialsGroup> UserService::Impl::findCredentialsGroups(
    const CallerContext& context, std::string_view type)
{
    // No credential type here is backed by a directory with groups: the answer is empty.
    readAs(context, [&](store::Session& s, const Principal&) { return knownType(s, type, "type"); });
    return {};
}

User UserService::Impl::createDefaultUser(
    const CallerContext& context, UserType type, std::int32_t contactId, Credential credential)
{
    if (contactId != 0)
        noContacts("contactId");
    User user = createDefaultUser(context, type, 0);
    const auto stored = readAs(context, [&](store::Session& s, const Principal&) {
        return knownType(s, credential.type ? credential.type->type.value_or("") : "", "credentialType");
    });
    if (stored.canCreatePassword && credential.value && !credential.value->empty())
        badRequest("credentialValue: a credential of type \"" + *stored.type +
                "\" keeps a secret, which is never pre-filled (set it after the save: SetPassword)",
            "credentialValue");
    credential.type = stored;
    if (stored.canCreatePassword)
        credential.value.reset();
    user.credentials = std::vector<Credential> { std::move(credential) };
    return user;
}

} // namespace userservice
