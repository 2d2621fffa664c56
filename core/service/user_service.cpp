// The public face: every call forwards to the part that does the job
// (service_impl.hpp lists them); the try… twins capture its errors.
#include <userservice/user_service.hpp>

#include "../capture.hpp"
#include "service_impl.hpp"

namespace userservice {

using detail::captureErrors;

UserService::UserService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl))
{
}
UserService::UserService(UserService&&) noexcept = default;
UserService& UserService::operator=(UserService&&) noexcept = default;
UserService::~UserService() = default;

UserService UserService::open(ServiceOptions options)
{
    return UserService(std::make_unique<Impl>(std::move(options)));
}

Result<UserService> UserService::tryOpen(ServiceOptions options) noexcept
{
    return captureErrors([&] { return open(std::move(options)); });
}

// ---- users

User UserService::saveUser(const CallerContext& caller, const User& user, const SaveOptions& options)
{
    return impl_->saveUser(caller, user, options).user;
}

Result<User> UserService::trySaveUser(
    const CallerContext& caller, const User& user, const SaveOptions& options) noexcept
{
    return captureErrors([&] { return saveUser(caller, user, options); });
}

SaveReport UserService::saveUserWithReport(const CallerContext& caller, const User& user, const SaveOptions& options)
{
    return impl_->saveUser(caller, user, options);
}

User UserService::saveUserFromName(
    const CallerContext& caller, std::string_view userName, const User& user, const Select& select)
{
    return impl_->saveUserFromName(caller, userName, user, select);
}

Result<User> UserService::trySaveUserFromName(
    const CallerContext& caller, std::string_view userName, const User& user, const Select& select) noexcept
{
    return captureErrors([&] { return saveUserFromName(caller, userName, user, select); });
}

std::optional<User> UserService::getUser(const CallerContext& caller, std::int32_t associateId, const Select& select)
{
    return impl_->getUser(caller, associateId, select);
}

Result<std::optional<User>> UserService::tryGetUser(
    const CallerContext& caller, std::int32_t associateId, const Select& select) noexcept
{
    return captureErrors([&] { return getUser(caller, associateId, select); });
}

std::vector<User> UserService::listUsers(
    const CallerContext& caller, std::int32_t afterId, std::size_t limit, const Select& select)
{
    return impl_->listUsers(caller, afterId, limit, select);
}

Result<std::vector<User>> UserService::tryListUsers(
    const CallerContext& caller, std::int32_t afterId, std::size_t limit, const Select& select) noexcept
{
    return captureErrors([&] { return listUsers(caller, afterId, limit, select); });
}

UserPage UserService::searchUsers(const CallerContext& caller, const UserQuery& query)
{
    return impl_->searchUsers(caller, query);
}

Result<UserPage> UserService::trySearchUsers(const CallerContext& caller, const UserQuery& query) noexcept
{
    return captureErrors([&] { return searchUsers(caller, query); });
}

UserPage UserService::searchUsers(const CallerContext& caller, const UserQueryText& text)
{
    return impl_->searchUsers(caller, UserQuery::parse(text));
}

Result<UserPage> UserService::trySearchUsers(const CallerContext& caller, const UserQueryText& text) noexcept
{
    return captureErrors([&] { return searchUsers(caller, text); });
}

std::optional<User> UserService::getUserFromName(
    const CallerContext& caller, std::string_view userName, const Select& select)
{
    return impl_->getUserFromName(caller, userName, select);
}

Result<std::optional<User>> UserService::tryGetUserFromName(
    const CallerContext& caller, std::string_view userName, const Select& select) noexcept
{
    return captureErrors([&] { return getUserFromName(caller, userName, select); });
}

User UserService::createDefaultUser(const CallerContext& caller)
{
    return impl_->createDefaultUser(caller);
}

// ---- custom commands

std::vector<CustomCommand> UserService::getUserCommands(const CallerContext& caller, const User& user)
{
    return impl_->getUserCommands(caller, user);
}

CommandResult UserService::executeUserCommand(
    const CallerContext& caller, std::string_view commandName, CommandActionResult answer, const User& user)
{
    return impl_->executeUserCommand(caller, commandName, answer, user);
}

CommandResult UserService::executeUserCommand(
    const CallerContext& caller, std::int32_t associateId, std::string_view commandName, CommandActionResult answer)
{
    return impl_->executeUserCommand(caller, associateId, commandName, answer);
}

Result<CommandResult> UserService::tryExecuteUserCommand(const CallerContext& caller, std::int32_t associateId,
    std::string_view commandName, CommandActionResult answer) noexcept
{
    return captureErrors([&] { return executeUserCommand(caller, associateId, commandName, answer); });
}

// ---- records and stamps

UserRecord UserService::appendRecord(
    const CallerContext& caller, std::string_view stream, std::int32_t associateId, std::string body)
{
    impl_->refusePartnerApps(caller);
    Impl::checkStreamAccess(stream, caller);
    return impl_->store_->write([&](store::Session& s) {
        return impl_->appendRecord(s, Impl::principal(s, caller), caller, stream, associateId, std::move(body));
    });
}

std::vector<UserRecord> UserService::records(
    const CallerContext& caller, std::string_view stream, std::int32_t associateId)
{
    Impl::checkStreamAccess(stream, caller);
    return impl_->readAs(caller, [&](store::Session& s, const Principal& principal) {
        return impl_->records(s, principal, caller, stream, associateId);
    });
}

std::optional<ChangeStamps> UserService::changeStamps(const CallerContext& caller, std::int32_t associateId)
{
    return impl_->changeStamps(caller, associateId);
}

// ---- authentication

std::optional<std::int32_t> UserService::authenticatePassword(
    std::string_view userName, std::string_view password, std::string_view clientAddress)
{
    return impl_->authenticatePassword(userName, password, clientAddress);
}

Result<std::optional<std::int32_t>> UserService::tryAuthenticatePassword(
    std::string_view userName, std::string_view password, std::string_view clientAddress) noexcept
{
    return captureErrors([&] { return authenticatePassword(userName, password, clientAddress); });
}

PasswordWorkLoad UserService::passwordWorkLoad() const
{
    return impl_->passwordSlots_.load();
}

bool UserService::verifyPassword(std::string_view userName, std::string_view password)
{
    return authenticatePassword(userName, password).has_value();
}

IssuedApiToken UserService::issueApiToken(const CallerContext& caller, std::int32_t associateId, std::string label)
{
    return impl_->issueApiToken(caller, associateId, std::move(label));
}

Result<IssuedApiToken> UserService::tryIssueApiToken(
    const CallerContext& caller, std::int32_t associateId, std::string label) noexcept
{
    return captureErrors([&] { return issueApiToken(caller, associateId, std::move(label)); });
}

std::vector<ApiToken> UserService::apiTokens(const CallerContext& caller, std::int32_t associateId)
{
    return impl_->apiTokens(caller, associateId);
}

Result<std::vector<ApiToken>> UserService::tryApiTokens(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { return apiTokens(caller, associateId); });
}

void UserService::revokeApiToken(const CallerContext& caller, std::int64_t tokenId)
{
    impl_->revokeApiToken(caller, tokenId);
}

Result<void> UserService::tryRevokeApiToken(const CallerContext& caller, std::int64_t tokenId) noexcept
{
    return captureErrors([&] { revokeApiToken(caller, tokenId); });
}

std::optional<std::int32_t> UserService::authenticateToken(std::string_view secret)
{
    return impl_->authenticateToken(secret);
}

std::optional<SignInStamp> UserService::signInStamp(std::int32_t associateId)
{
    return impl_->signInStamp(associateId);
}

// ---- reference lists

Role UserService::addRole(const CallerContext& caller, const Role& role, const RoleRights& rights)
{
    return impl_->addRole(caller, role, rights);
}

std::optional<RoleRights> UserService::roleRights(const CallerContext& caller, std::int32_t roleId)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal&) { return s.roleRights(roleId); });
}

std::vector<Role> UserService::roles(const CallerContext& caller)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal&) { return impl_->roles(s, caller); });
}

UserGroup UserService::addUserGroup(const CallerContext& caller, const UserGroup& group)
{
    return impl_->addUserGroup(caller, group);
}

std::vector<UserGroup> UserService::userGroups(const CallerContext& caller)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal&) { return impl_->userGroups(s, caller); });
}

MDOListItem UserService::addTicketCategory(const CallerContext& caller, const MDOListItem& category)
{
    return impl_->addTicketCategory(caller, category);
}

std::vector<MDOListItem> UserService::ticketCategories(const CallerContext& caller)
{
    return impl_->readAs(
        caller, [&](store::Session& s, const Principal&) { return impl_->ticketCategories(s, caller); });
}

CredentialType UserService::addCredentialType(const CallerContext& caller, const CredentialType& type)
{
    return impl_->addCredentialType(caller, type);
}

std::vector<CredentialType> UserService::credentialTypes(const CallerContext& caller)
{
    return impl_->readAs(
        caller, [&](store::Session& s, const Principal&) { return impl_->credentialTypes(s, caller); });
}

LicenseOwner UserService::addLicenseOwner(const CallerContext& caller, const LicenseOwner& owner)
{
    return impl_->addLicenseOwner(caller, owner);
}

std::vector<LicenseOwner> UserService::licenseOwners(const CallerContext& caller)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal&) { return impl_->licenseOwners(s, caller); });
}

} // namespace userservice
