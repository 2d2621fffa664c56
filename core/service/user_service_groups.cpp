// The public face for user groups and presence: every call forwards (user_groups.cpp,
// presence.cpp); the try… twins capture its errors.
#include <userservice/user_service.hpp>

#include "../capture.hpp"
#include "service_impl.hpp"

namespace userservice {

using detail::captureErrors;

std::vector<UserGroup> UserService::getAllUserGroups(const CallerContext& caller, bool includeDeleted)
{
    return impl_->allUserGroups(caller, includeDeleted);
}

Result<std::vector<UserGroup>> UserService::tryGetAllUserGroups(
    const CallerContext& caller, bool includeDeleted) noexcept
{
    return captureErrors([&] { return getAllUserGroups(caller, includeDeleted); });
}

std::optional<UserGroup> UserService::getUserGroup(const CallerContext& caller, std::int32_t userGroupId)
{
    auto found = impl_->userGroupList(caller, std::span(&userGroupId, 1));
    return found.empty() ? std::nullopt : std::optional(std::move(found.front()));
}

Result<std::optional<UserGroup>> UserService::tryGetUserGroup(
    const CallerContext& caller, std::int32_t userGroupId) noexcept
{
    return captureErrors([&] { return getUserGroup(caller, userGroupId); });
}

std::vector<UserGroup> UserService::getUserGroupList(
    const CallerContext& caller, std::span<const std::int32_t> userGroupIds)
{
    return impl_->userGroupList(caller, userGroupIds);
}

Result<std::vector<UserGroup>> UserService::tryGetUserGroupList(
    const CallerContext& caller, std::span<const std::int32_t> userGroupIds) noexcept
{
    return captureErrors([&] { return getUserGroupList(caller, userGroupIds); });
}

UserGroup UserService::createUserGroup(const CallerContext& caller)
{
    return impl_->createUserGroup(caller);
}

Result<UserGroup> UserService::tryCreateUserGroup(const CallerContext& caller) noexcept
{
    return captureErrors([&] { return createUserGroup(caller); });
}

UserGroup UserService::saveUserGroup(const CallerContext& caller, const UserGroup& group)
{
    return impl_->saveUserGroup(caller, group);
}

Result<UserGroup> UserService::trySaveUserGroup(const CallerContext& caller, const UserGroup& group) noexcept
{
    return captureErrors([&] { return saveUserGroup(caller, group); });
}

void UserService::deleteUserGroup(
    const CallerContext& caller, std::int32_t userGroupToDelete, std::int32_t userGroupToMoveTo)
{
    impl_->deleteUserGroup(caller, userGroupToDelete, userGroupToMoveTo);
}

Result<void> UserService::tryDeleteUserGroup(
    const CallerContext& caller, std::int32_t userGroupToDelete, std::int32_t userGroupToMoveTo) noexcept
{
    return captureErrors([&] { deleteUserGroup(caller, userGroupToDelete, userGroupToMoveTo); });
}

UserPresenceStatus UserService::getUserPresenceStatus(const CallerContext& caller, std::int32_t associateId)
{
    return impl_->presence(caller, associateId);
}

Result<UserPresenceStatus> UserService::tryGetUserPresenceStatus(
    const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { return getUserPresenceStatus(caller, associateId); });
}

UserPresenceStatus UserService::setUserPresenceStatus(
    const CallerContext& caller, std::int32_t associateId, const UserPresenceStatus& status)
{
    return impl_->setPresence(caller, associateId, status);
}

Result<UserPresenceStatus> UserService::trySetUserPresenceStatus(
    const CallerContext& caller, std::int32_t associateId, const UserPresenceStatus& status) noexcept
{
    return captureErrors([&] { return setUserPresenceStatus(caller, associateId, status); });
}

} // namespace userservice
