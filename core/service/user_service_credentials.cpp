// The public face, continued: credentials by type and ResolveUserFromInfo. Each
// forwards to credential_calls.cpp or resolve_user.cpp; the try… twins capture errors.
#include <userservice/user_service.hpp>

#include "../capture.hpp"
#include "service_impl.hpp"

namespace userservice {

using detail::captureErrors;

std::vector<CredentialType> UserService::credentialTypesForUserType(const CallerContext& caller, UserType type)
{
    return impl_->credentialTypesFor(caller, type);
}

Result<std::vector<CredentialType>> UserService::tryCredentialTypesForUserType(
    const CallerContext& caller, UserType type) noexcept
{
    return captureErrors([&] { return credentialTypesForUserType(caller, type); });
}

bool UserService::saveCredential(const CallerContext& caller, std::int32_t userId, const Credential& credential)
{
    return impl_->saveCredential(caller, userId, credential);
}

Result<bool> UserService::trySaveCredential(
    const CallerContext& caller, std::int32_t userId, const Credential& credential) noexcept
{
    return captureErrors([&] { return saveCredential(caller, userId, credential); });
}

bool UserService::deleteCredential(const CallerContext& caller, std::int32_t userId, std::string_view credentialType)
{
    return impl_->deleteCredential(caller, userId, credentialType);
}

Result<bool> UserService::tryDeleteCredential(
    const CallerContext& caller, std::int32_t userId, std::string_view credentialType) noexcept
{
    return captureErrors([&] { return deleteCredential(caller, userId, credentialType); });
}

CredentialsGroupUsers UserService::findCredentialUsers(
    const CallerContext& caller, std::string_view type, std::string_view searchString)
{
    return impl_->findCredentialUsers(caller, type, searchString);
}

Result<CredentialsGroupUsers> UserService::tryFindCredentialUsers(
    const CallerContext& caller, std::string_view type, std::string_view searchString) noexcept
{
    return captureErrors([&] { return findCredentialUsers(caller, type, searchString); });
}

std::vector<CredentialsGroup> UserService::findCredentialsGroups(
    const CallerContext& caller, std::string_view type, std::string_view /*searchString*/)
{
    return impl_->findCredentialsGroups(caller, type);
}

Result<std::vector<CredentialsGroup>> UserService::tryFindCredentialsGroups(
    const CallerContext& caller, std::string_view type, std::string_view searchString) noexcept
{
    return captureErrors([&] { return findCredentialsGroups(caller, type, searchString); });
}

User UserService::createDefaultUserFromUserTypeAndCredential(const CallerContext& caller, UserType type,
    std::int32_t contactId, std::string_view credentialType, std::string_view credentialValue,
    std::string_view credentialDisplayValue)
{
    Credential credential { .type = CredentialType { .type = std::string(credentialType) },
        .value = std::string(credentialValue),
        .displayValue = std::string(credentialDisplayValue) };
    return impl_->createDefaultUser(caller, type, contactId, std::move(credential));
}

Result<User> UserService::tryCreateDefaultUserFromUserTypeAndCredential(const CallerContext& caller, UserType type,
    std::int32_t contactId, std::string_view credentialType, std::string_view credentialValue,
    std::string_view credentialDisplayValue) noexcept
{
    return captureErrors([&] {
        return createDefaultUserFromUserTypeAndCredential(
            caller, type, contactId, credentialType, credentialValue, credentialDisplayValue);
    });
}

ResolvedUser UserService::resolveUserFromInfo(const CallerContext& caller, const ResolveUserInfo& info)
{
    return impl_->resolveUser(caller, info);
}

Result<ResolvedUser> UserService::tryResolveUserFromInfo(
    const CallerContext& caller, const ResolveUserInfo& info) noexcept
{
    return captureErrors([&] { return resolveUserFromInfo(caller, info); });
}

} // namespace userservice
