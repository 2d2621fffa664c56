// The public face, continued: the account calls of the User agent (user names, user
// info and look-ups; users changed by an administrator; passwords). Each forwards to
// the part that does the job; the try… twins capture its errors.
#include <userservice/user_service.hpp>

#include "../capture.hpp"
#include "service_impl.hpp"

namespace userservice {

using detail::captureErrors;

// ---- user names, user info and look-ups

std::vector<User> UserService::getUsersFromPersonId(
    const CallerContext& caller, std::int32_t personId, const Select& select)
{
    return impl_->usersFrom(caller, Impl::UserLookupKey::PersonId, personId, select);
}

Result<std::vector<User>> UserService::tryGetUsersFromPersonId(
    const CallerContext& caller, std::int32_t personId, const Select& select) noexcept
{
    return captureErrors([&] { return getUsersFromPersonId(caller, personId, select); });
}

std::vector<User> UserService::getUsersFromEjUserId(
    const CallerContext& caller, std::int32_t ejUserId, const Select& select)
{
    return impl_->usersFrom(caller, Impl::UserLookupKey::EjUserId, ejUserId, select);
}

Result<std::vector<User>> UserService::tryGetUsersFromEjUserId(
    const CallerContext& caller, std::int32_t ejUserId, const Select& select) noexcept
{
    return captureErrors([&] { return getUsersFromEjUserId(caller, ejUserId, select); });
}

std::optional<UserInfo> UserService::getUserInfo(const CallerContext& caller, std::int32_t userInfoId)
{
    auto infos = impl_->userInfos(caller, std::span(&userInfoId, 1));
    return infos.empty() ? std::nullopt : std::optional<UserInfo>(std::move(infos.front()));
}

Result<std::optional<UserInfo>> UserService::tryGetUserInfo(
    const CallerContext& caller, std::int32_t userInfoId) noexcept
{
    return captureErrors([&] { return getUserInfo(caller, userInfoId); });
}

std::vector<UserInfo> UserService::getUserInfoList(
    const CallerContext& caller, std::span<const std::int32_t> userInfoIds)
{
    return impl_->userInfos(caller, userInfoIds);
}

Result<std::vector<UserInfo>> UserService::tryGetUserInfoList(
    const CallerContext& caller, std::span<const std::int32_t> userInfoIds) noexcept
{
    return captureErrors([&] { return getUserInfoList(caller, userInfoIds); });
}

std::optional<User> UserService::getCurrentUser(const CallerContext& caller, const Select& select)
{
    if (caller.associateId == 0)
        return std::nullopt;
    return impl_->getUser(caller, caller.associateId, select);
}

Result<std::optional<User>> UserService::tryGetCurrentUser(const CallerContext& caller, const Select& select) noexcept
{
    return captureErrors([&] { return getCurrentUser(caller, select); });
}

CurrentPrincipal UserService::getCurrentPrincipal(const CallerContext& caller)
{
    return impl_->currentPrincipal(caller);
}

Result<CurrentPrincipal> UserService::tryGetCurrentPrincipal(const CallerContext& caller) noexcept
{
    return captureErrors([&] { return getCurrentPrincipal(caller); });
}

User UserService::createDefaultUserFromUserType(const CallerContext& caller, UserType type)
{
    return impl_->createDefaultUser(caller, type, 0);
}

Result<User> UserService::tryCreateDefaultUserFromUserType(const CallerContext& caller, UserType type) noexcept
{
    return captureErrors([&] { return createDefaultUserFromUserType(caller, type); });
}

User UserService::createDefaultUserFromUserTypeAndPersonId(
    const CallerContext& caller, UserType type, std::int32_t personId)
{
    return impl_->createDefaultUser(caller, type, personId);
}

Result<User> UserService::tryCreateDefaultUserFromUserTypeAndPersonId(
    const CallerContext& caller, UserType type, std::int32_t personId) noexcept
{
    return captureErrors([&] { return createDefaultUserFromUserTypeAndPersonId(caller, type, personId); });
}

std::string UserService::getDefaultAssociateUserName(const CallerContext& caller, const User& user)
{
    return impl_->defaultUserName(caller, user);
}

Result<std::string> UserService::tryGetDefaultAssociateUserName(const CallerContext& caller, const User& user) noexcept
{
    return captureErrors([&] { return getDefaultAssociateUserName(caller, user); });
}

std::string UserService::getValidUserName(const CallerContext& caller, std::int32_t associateId, UserType type,
    std::int32_t personId, std::string_view userName)
{
    return impl_->validUserName(caller, { associateId, type, personId, std::string(userName) });
}

Result<std::string> UserService::tryGetValidUserName(const CallerContext& caller, std::int32_t associateId,
    UserType type, std::int32_t personId, std::string_view userName) noexcept
{
    return captureErrors([&] { return getValidUserName(caller, associateId, type, personId, userName); });
}

std::string UserService::getValidUserNameForNewUser(const CallerContext& caller, const User& user)
{
    return impl_->validUserNameForNewUser(caller, user);
}

Result<std::string> UserService::tryGetValidUserNameForNewUser(const CallerContext& caller, const User& user) noexcept
{
    return captureErrors([&] { return getValidUserNameForNewUser(caller, user); });
}

bool UserService::isUserNameValid(const CallerContext& caller, std::int32_t associateId, UserType type,
    std::int32_t personId, std::string_view userName)
{
    return isUserNameValidWithReason(caller, associateId, type, personId, userName).result;
}

Result<bool> UserService::tryIsUserNameValid(const CallerContext& caller, std::int32_t associateId, UserType type,
    std::int32_t personId, std::string_view userName) noexcept
{
    return captureErrors([&] { return isUserNameValid(caller, associateId, type, personId, userName); });
}

UserValidationResult UserService::isUserNameValidWithReason(const CallerContext& caller, std::int32_t associateId,
    UserType type, std::int32_t personId, std::string_view userName)
{
    return impl_->checkUserName(caller, { associateId, type, personId, std::string(userName) });
}

Result<UserValidationResult> UserService::tryIsUserNameValidWithReason(const CallerContext& caller,
    std::int32_t associateId, UserType type, std::int32_t personId, std::string_view userName) noexcept
{
    return captureErrors([&] { return isUserNameValidWithReason(caller, associateId, type, personId, userName); });
}

bool UserService::isNickNameUnique(const CallerContext& caller, std::int32_t associateId, std::string_view nickName)
{
    return impl_->isNickNameUnique(caller, associateId, nickName);
}

Result<bool> UserService::tryIsNickNameUnique(
    const CallerContext& caller, std::int32_t associateId, std::string_view nickName) noexcept
{
    return captureErrors([&] { return isNickNameUnique(caller, associateId, nickName); });
}

std::vector<FieldError> UserService::validateUser(const CallerContext& caller, const User& user)
{
    return impl_->validateUser(caller, user);
}

void UserService::deleteUser(const CallerContext& caller, std::int32_t associateId)
{
    impl_->deleteUser(caller, associateId);
}

Result<void> UserService::tryDeleteUser(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { deleteUser(caller, associateId); });
}

// ---- users changed by an administrator

void UserService::deleteUserFromName(const CallerContext& caller, std::string_view userName)
{
    impl_->deleteUserFromName(caller, userName);
}

Result<void> UserService::tryDeleteUserFromName(const CallerContext& caller, std::string_view userName) noexcept
{
    return captureErrors([&] { deleteUserFromName(caller, userName); });
}

void UserService::makeRetired(const CallerContext& caller, std::int32_t associateId, bool retired)
{
    impl_->makeRetired(caller, associateId, retired);
}

Result<void> UserService::tryMakeRetired(const CallerContext& caller, std::int32_t associateId, bool retired) noexcept
{
    return captureErrors([&] { makeRetired(caller, associateId, retired); });
}

User UserService::changeUserType(const CallerContext& caller, std::int32_t associateId, UserType type)
{
    return impl_->changeUserType(caller, associateId, type);
}

Result<User> UserService::tryChangeUserType(
    const CallerContext& caller, std::int32_t associateId, UserType type) noexcept
{
    return captureErrors([&] { return changeUserType(caller, associateId, type); });
}

void UserService::removeLicenses(const CallerContext& caller, std::int32_t associateId)
{
    impl_->removeLicenses(caller, associateId);
}

Result<void> UserService::tryRemoveLicenses(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { removeLicenses(caller, associateId); });
}

std::int32_t UserService::createExternalUser(const CallerContext& caller, std::int32_t personId,
    std::string_view userName, std::string_view password, std::int32_t roleId, bool isActive)
{
    return impl_->createExternalUser(caller, personId, userName, password, roleId, isActive);
}

Result<std::int32_t> UserService::tryCreateExternalUser(const CallerContext& caller, std::int32_t personId,
    std::string_view userName, std::string_view password, std::int32_t roleId, bool isActive) noexcept
{
    return captureErrors([&] { return createExternalUser(caller, personId, userName, password, roleId, isActive); });
}

void UserService::deleteExternalUser(const CallerContext& caller, std::int32_t associateId)
{
    impl_->deleteExternalUser(caller, associateId);
}

Result<void> UserService::tryDeleteExternalUser(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { deleteExternalUser(caller, associateId); });
}

void UserService::setExternalUserInfo(const CallerContext& caller, std::int32_t associateId,
    std::string_view userName, std::string_view password, bool isActive, std::int32_t roleId,
    ExternalUserInfoModification modification)
{
    impl_->setExternalUserInfo(caller, associateId, userName, password, isActive, roleId, modification);
}

Result<void> UserService::trySetExternalUserInfo(const CallerContext& caller, std::int32_t associateId,
    std::string_view userName, std::string_view password, bool isActive, std::int32_t roleId,
    ExternalUserInfoModification modification) noexcept
{
    return captureErrors(
        [&] { setExternalUserInfo(caller, associateId, userName, password, isActive, roleId, modification); });
}

std::vector<std::int32_t> UserService::saveUsers(const CallerContext& caller, std::span<const User> users)
{
    return impl_->saveUsers(caller, users);
}

Result<std::vector<std::int32_t>> UserService::trySaveUsers(
    const CallerContext& caller, std::span<const User> users) noexcept
{
    return captureErrors([&] { return saveUsers(caller, users); });
}

UserRights UserService::rightsFor(const CallerContext& caller, const User& user)
{
    return impl_->readAs(caller,
        [&](store::Session& s, const Principal& principal) { return impl_->rightsFor(s, principal, caller, user); });
}

// ---- passwords

bool UserService::setPassword(const CallerContext& caller, std::int32_t associateId, std::string_view password,
    const PasswordOptions& options)
{
    impl_->setPassword(caller, Impl::UserKey { associateId }, password, options);
    return true;
}

Result<bool> UserService::trySetPassword(const CallerContext& caller, std::int32_t associateId,
    std::string_view password, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return setPassword(caller, associateId, password, options); });
}

bool UserService::setPasswordFromName(const CallerContext& caller, std::string_view userName,
    std::string_view password, const PasswordOptions& options)
{
    impl_->setPassword(caller, Impl::UserKey { 0, userName }, password, options);
    return true;
}

Result<bool> UserService::trySetPasswordFromName(const CallerContext& caller, std::string_view userName,
    std::string_view password, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return setPasswordFromName(caller, userName, password, options); });
}

std::string UserService::setGeneratedPassword(
    const CallerContext& caller, std::int32_t associateId, const PasswordOptions& options)
{
    return impl_->setGeneratedPassword(caller, Impl::UserKey { associateId }, options, false);
}

Result<std::string> UserService::trySetGeneratedPassword(
    const CallerContext& caller, std::int32_t associateId, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return setGeneratedPassword(caller, associateId, options); });
}

std::string UserService::setGeneratedPasswordFromName(
    const CallerContext& caller, std::string_view userName, const PasswordOptions& options)
{
    return impl_->setGeneratedPassword(caller, Impl::UserKey { 0, userName }, options, false);
}

Result<std::string> UserService::trySetGeneratedPasswordFromName(
    const CallerContext& caller, std::string_view userName, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return setGeneratedPasswordFromName(caller, userName, options); });
}

std::string UserService::generateNewPasswordForExternalUser(const CallerContext& caller, std::string_view userName)
{
    return impl_->setGeneratedPassword(caller, Impl::UserKey { 0, userName }, {}, true);
}

Result<std::string> UserService::tryGenerateNewPasswordForExternalUser(
    const CallerContext& caller, std::string_view userName) noexcept
{
    return captureErrors([&] { return generateNewPasswordForExternalUser(caller, userName); });
}

bool UserService::changePassword(const CallerContext& caller, std::int32_t associateId,
    std::string_view oldPassword, std::string_view newPassword, const PasswordOptions& options)
{
    impl_->changePassword(caller, Impl::UserKey { associateId }, oldPassword, newPassword, options);
    return true;
}

Result<bool> UserService::tryChangePassword(const CallerContext& caller, std::int32_t associateId,
    std::string_view oldPassword, std::string_view newPassword, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return changePassword(caller, associateId, oldPassword, newPassword, options); });
}

bool UserService::changePasswordFromName(const CallerContext& caller, std::string_view userName,
    std::string_view oldPassword, std::string_view newPassword, const PasswordOptions& options)
{
    impl_->changePassword(caller, Impl::UserKey { 0, userName }, oldPassword, newPassword, options);
    return true;
}

Result<bool> UserService::tryChangePasswordFromName(const CallerContext& caller, std::string_view userName,
    std::string_view oldPassword, std::string_view newPassword, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return changePasswordFromName(caller, userName, oldPassword, newPassword, options); });
}

bool UserService::changeOwnPassword(const CallerContext& caller, std::string_view oldPassword,
    std::string_view newPassword, const PasswordOptions& options)
{
    if (caller.associateId == 0)
        throw Exception(Error(ErrorKind::BadRequest, "the system caller has no password of its own", {}, "caller"));
    return changePassword(caller, caller.associateId, oldPassword, newPassword, options);
}

Result<bool> UserService::tryChangeOwnPassword(const CallerContext& caller, std::string_view oldPassword,
    std::string_view newPassword, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { return changeOwnPassword(caller, oldPassword, newPassword, options); });
}

bool UserService::canChangePassword(const CallerContext& caller, std::int32_t associateId)
{
    return !impl_->supportedChangePasswordTypes(caller, associateId).empty();
}

Result<bool> UserService::tryCanChangePassword(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { return canChangePassword(caller, associateId); });
}

std::vector<ChangePasswordType> UserService::supportedChangePasswordTypes(
    const CallerContext& caller, std::int32_t associateId)
{
    return impl_->supportedChangePasswordTypes(caller, associateId);
}

Result<std::vector<ChangePasswordType>> UserService::trySupportedChangePasswordTypes(
    const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { return supportedChangePasswordTypes(caller, associateId); });
}

UserValidationResult UserService::isPasswordValidWithReason(const CallerContext& caller, std::int32_t associateId,
    UserType type, std::int32_t personId, std::string_view password)
{
    return impl_->isPasswordValid(caller, associateId, type, personId, password);
}

Result<UserValidationResult> UserService::tryIsPasswordValidWithReason(const CallerContext& caller,
    std::int32_t associateId, UserType type, std::int32_t personId, std::string_view password) noexcept
{
    return captureErrors([&] { return isPasswordValidWithReason(caller, associateId, type, personId, password); });
}

bool UserService::isPasswordValid(const CallerContext& caller, std::int32_t associateId, UserType type,
    std::int32_t personId, std::string_view password)
{
    return impl_->isPasswordValid(caller, associateId, type, personId, password).result;
}

OperationResult UserService::sendChangePasswordEMail(const CallerContext& caller, std::int32_t associateId)
{
    return impl_->sendChangePasswordEMail(caller, associateId);
}

Result<OperationResult> UserService::trySendChangePasswordEMail(
    const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { return sendChangePasswordEMail(caller, associateId); });
}

void UserService::resetPassword(std::string_view token, std::string_view newPassword, const PasswordOptions& options)
{
    impl_->resetPassword(token, newPassword, options);
}

Result<void> UserService::tryResetPassword(
    std::string_view token, std::string_view newPassword, const PasswordOptions& options) noexcept
{
    return captureErrors([&] { resetPassword(token, newPassword, options); });
}

} // namespace userservice
