// The public face for roles as entities and the credential users of a group: every call
// forwards (roles.cpp, credential_calls.cpp); the try… twins capture its errors.
#include <userservice/roles_and_rights.hpp>

#include "../capture.hpp"
#include "service_impl.hpp"

namespace userservice {

using detail::captureErrors;

RolesAndRights UserService::rolesAndRights() noexcept
{
    return RolesAndRights(*impl_);
}

std::vector<SelectableMDOListItem> RolesAndRights::getAllRoles(const CallerContext& caller, RoleType roleType)
{
    return impl_->allRoles(caller, roleType);
}

Result<std::vector<SelectableMDOListItem>> RolesAndRights::tryGetAllRoles(
    const CallerContext& caller, RoleType roleType) noexcept
{
    return captureErrors([&] { return getAllRoles(caller, roleType); });
}

std::optional<Role> RolesAndRights::getRole(const CallerContext& caller, std::int32_t roleId)
{
    return impl_->role(caller, roleId);
}

Result<std::optional<Role>> RolesAndRights::tryGetRole(const CallerContext& caller, std::int32_t roleId) noexcept
{
    return captureErrors([&] { return getRole(caller, roleId); });
}

std::optional<RoleEntity> RolesAndRights::getRoleEntity(const CallerContext& caller, std::int32_t roleEntityId)
{
    return impl_->roleEntity(caller, roleEntityId);
}

Result<std::optional<RoleEntity>> RolesAndRights::tryGetRoleEntity(
    const CallerContext& caller, std::int32_t roleEntityId) noexcept
{
    return captureErrors([&] { return getRoleEntity(caller, roleEntityId); });
}

RoleEntity RolesAndRights::saveRoleEntity(const CallerContext& caller, const RoleEntity& role)
{
    return impl_->saveRoleEntity(caller, role);
}

Result<RoleEntity> RolesAndRights::trySaveRoleEntity(const CallerContext& caller, const RoleEntity& role) noexcept
{
    return captureErrors([&] { return saveRoleEntity(caller, role); });
}

void RolesAndRights::deleteRole(const CallerContext& caller, std::int32_t roleIdToDelete, std::int32_t replacingRoleId)
{
    impl_->deleteRole(caller, roleIdToDelete, replacingRoleId);
}

Result<void> RolesAndRights::tryDeleteRole(
    const CallerContext& caller, std::int32_t roleIdToDelete, std::int32_t replacingRoleId) noexcept
{
    return captureErrors([&] { deleteRole(caller, roleIdToDelete, replacingRoleId); });
}

RoleEntity RolesAndRights::createDefaultRoleEntity(const CallerContext& caller)
{
    return impl_->defaultRoleEntity(caller, RoleType::Employee);
}

Result<RoleEntity> RolesAndRights::tryCreateDefaultRoleEntity(const CallerContext& caller) noexcept
{
    return captureErrors([&] { return createDefaultRoleEntity(caller); });
}

RoleEntity RolesAndRights::createDefaultRoleEntityFromType(const CallerContext& caller, RoleType type)
{
    return impl_->defaultRoleEntity(caller, type);
}

Result<RoleEntity> RolesAndRights::tryCreateDefaultRoleEntityFromType(
    const CallerContext& caller, RoleType type) noexcept
{
    return captureErrors([&] { return createDefaultRoleEntityFromType(caller, type); });
}

CredentialsGroupUsers UserService::getCredentialUsersInGroup(
    const CallerContext& caller, std::string_view type, std::int32_t userGroupId)
{
    return impl_->credentialUsersInGroup(caller, type, userGroupId);
}

Result<CredentialsGroupUsers> UserService::tryGetCredentialUsersInGroup(
    const CallerContext& caller, std::string_view type, std::int32_t userGroupId) noexcept
{
    return captureErrors([&] { return getCredentialUsersInGroup(caller, type, userGroupId); });
}

} // namespace userservice
