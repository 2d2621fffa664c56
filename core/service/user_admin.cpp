// Users changed by an administrator: delete by name, retire, user type, licences,
// external users. Each change is a save of the stored user through the save plan
// (rights, validators, post-save and after-commit commands, the audit trail), so
// nothing here decides rights of its own.
#include "service_impl.hpp"

#include "../field_limits.hpp"
#include "../module_licenses.hpp"
#include "../utf8.hpp"

#include <algorithm>

namespace userservice {

namespace {

[[noreturn]] void badRequest(std::string message, std::string source)
{
    throw Exception(Error(ErrorKind::BadRequest, std::move(message), {}, std::move(source)));
}

void unassignLicenses(User& user)
{
    detail::forEachModuleLicense(user, [](ModuleLicenseLink& link, auto&&...) { link.assigned = false; });
}

/// External-user calls work on external users only.
void requireExternal(const User& user)
{
    if (user.type != UserType::ExternalAssociate)
        badRequest("user " + std::to_string(user.associateId) + " is not an external user (its type is " +
                toString(user.type) + ")",
            "associateId");
}

} // namespace

SaveReport UserService::Impl::changeStored(
    const CallerContext& caller, std::int32_t associateId, const std::function<void(User&)>& change)
{
    // As the caller sees it: blanks it may not read are not changes, so only what
    // `change` does is judged by the field rights.
    auto user = getUser(caller, associateId, {});
    if (!user)
        noSuchUser(associateId, "associateId");
    change(*user);
    return saveUser(caller, *user, {});
}

void UserService::Impl::deleteUserFromName(const CallerContext& caller, std::string_view userName)
{
    if (userName.empty())
        badRequest("the user name to delete is empty", "userName");
    const auto find = [&](store::Session& s, const Principal& principal) {
        const auto id = s.userIdBy(store::UniqueName::UserName, userName);
        // One answer for an unknown name and a user the caller may not see: no id is told.
        if (!id || !canSee(s, principal, caller, *id))
            throw Exception(Error(ErrorKind::NotFound, "there is no user with this user name", {}, "userName"));
        return *id;
    };
    deleteUser(caller, find, {});
}

void UserService::Impl::makeRetired(const CallerContext& caller, std::int32_t associateId, bool retired)
{
    changeStored(caller, associateId, [&](User& user) {
        if (retired)
            unassignLicenses(user);
        user.deleted = retired;
        if (user.person)
            user.person->retired = retired ? 1 : 0;
    });
}

User UserService::Impl::changeUserType(const CallerContext& caller, std::int32_t associateId, UserType type)
{
    if (type == UserType::Unknown)
        badRequest("userType must be a user type other than Unknown", "userType");
    return changeStored(caller, associateId, [&](User& user) { user.type = type; }).user;
}

void UserService::Impl::removeLicenses(const CallerContext& caller, std::int32_t associateId)
{
    changeStored(caller, associateId, unassignLicenses);
}

namespace {

/// The credential type passwords are stored as, read in a transaction of its own.
CredentialType passwordTypeFor(UserService::Impl& service, const CallerContext& caller)
{
    return service.readAs(caller, [](store::Session& s, const Principal&) { return UserService::Impl::passwordType(s); });
}

} // namespace

std::int32_t UserService::Impl::createExternalUser(const CallerContext& caller, std::int32_t personId,
    std::string_view userName, std::string_view password, std::int32_t roleId, bool isActive)
{
    if (personId != 0)
        badRequest("personId must be 0: a user's person is created with it (persons exist here only with their users)",
            "personId");
    if (userName.empty())
        badRequest("userName is required", "userName");
    if (password.empty())
        badRequest("password is required", "password");
    if (roleId <= 0)
        badRequest("roleId must name a role", "roleId");
    User user = createDefaultUser(caller);
    if (!user.person)
        user.person.emplace();
    // Initials and last name from the user name (unique too), as much as their length allows.
    const std::string shortName(
        userName.substr(0, detail::utf8PrefixLength(userName, detail::maxLength("User", "Name"))));
    user.type = UserType::ExternalAssociate;
    user.name = shortName;
    user.userName = std::string(userName);
    user.role = Role { .roleId = roleId };
    user.deleted = !isActive;
    user.person->lastname = shortName;
    putPassword(user, passwordTypeFor(*this, caller), password);
    return saveUser(caller, user, {}).user.associateId;
}

void UserService::Impl::deleteExternalUser(const CallerContext& caller, std::int32_t associateId)
{
    deleteUser(
        caller, [associateId](store::Session&, const Principal&) { return associateId; }, requireExternal);
}

void UserService::Impl::setExternalUserInfo(const CallerContext& caller, std::int32_t associateId,
    std::string_view userName, std::string_view password, bool isActive, std::int32_t roleId,
    ExternalUserInfoModification modification)
{
    using M = ExternalUserInfoModification;
    if (modification == M::Unknown || !hasAll(M::All, modification))
        badRequest("externalUserInfoModification must name what to change: UserName, Password, Role, Active",
            "externalUserInfoModification");
    if (hasAll(modification, M::UserName) && userName.empty())
        badRequest("userName is required to change the user name", "userName");
    if (hasAll(modification, M::Password) && password.empty())
        badRequest("password is required to change the password", "password");
    if (hasAll(modification, M::Role) && roleId <= 0)
        badRequest("roleId must name a role to change the role", "roleId");
    const auto type = hasAll(modification, M::Password) ? passwordTypeFor(*this, caller) : CredentialType {};
    changeStored(caller, associateId, [&](User& user) {
        requireExternal(user);
        if (hasAll(modification, M::UserName))
            user.userName = std::string(userName);
        if (hasAll(modification, M::Password))
            putPassword(user, type, password);
        if (hasAll(modification, M::Role))
            user.role = Role { .roleId = roleId };
        if (hasAll(modification, M::Active))
            user.deleted = !isActive;
    });
}

} // namespace userservice
