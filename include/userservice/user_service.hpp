// The User agent in-process: save and look up users, with their reference lists,
// in an embedded database (SQLite by default).
//
//   auto service = UserService::open({.database = "users.db"});
//   User user = service.createDefaultUser(CallerContext::system());
//   user.name = "JD"; user.userName = "jdoe"; user.person->lastname = "Doe";
//   user = service.saveUser(CallerContext::system(), user); // user.associateId is now set
//
// Saving is full replacement: the carrier is the user's new state. Reference
// fields (Role, UserGroup, OtherGroups, TicketCategories, Credentials' Type,
// module licences) are bound by id and come back filled from the stored lists.
// Derived fields (AssociateId, Person.PersonId, Person.FullName,
// Person.AssociateId, Person.AssociateName, IsPersonRetired, licence counts)
// are computed, never taken from the caller.
//
// Field rights apply on every path (see rights.hpp and the README's policy table):
// what the caller may not read comes back blank, a change it may not make is
// refused with every such field and its reason, and a user it may not see is not
// found. Every carrier returned carries its TableRight and FieldProperties.
//
// Every call that throws Exception has a try… twin that returns Result<T>. The
// service is safe to use from many threads: reads run concurrently, writes are
// serialized, and SQLite's "database is busy" never reaches the caller.
#pragma once

#include <userservice/api_tokens.hpp>
#include <userservice/caller.hpp>
#include <userservice/carriers.hpp>
#include <userservice/error.hpp>
#include <userservice/export.hpp>
#include <userservice/plugin_registry.hpp>
#include <userservice/rights.hpp>
#include <userservice/save_options.hpp>
#include <userservice/select.hpp>
#include <userservice/service_options.hpp>
#include <userservice/user_records.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace userservice {

class USERSERVICE_API UserService {
public:
    /// Opens (or creates) the database and applies pending schema migrations.
    /// @throws Exception (Internal) when the file cannot be opened, or when it was
    /// written by a newer version of this library.
    static UserService open(ServiceOptions options = {});
    static Result<UserService> tryOpen(ServiceOptions options = {}) noexcept;

    UserService(UserService&&) noexcept;
    UserService& operator=(UserService&&) noexcept;
    ~UserService();

    // ---- users

    /// Creates the user when AssociateId is 0, otherwise replaces the stored one.
    /// Returns the user as stored now. @throws Exception: Validation (every problem,
    /// by field), NotFound (no user with that id), Conflict (Name, UserName or
    /// NickName taken, case-insensitively), PreconditionFailed (see SaveOptions).
    User saveUser(const CallerContext& caller, const User& user, const SaveOptions& options = {});
    Result<User> trySaveUser(const CallerContext& caller, const User& user, const SaveOptions& options = {}) noexcept;
    /// saveUser() that also reports the changes it stripped (ForbiddenChanges::Strip).
    SaveReport saveUserWithReport(const CallerContext& caller, const User& user, const SaveOptions& options = {});

    /// Saves with lookup by user name (case-insensitive): updates that user when it
    /// exists (the carrier's AssociateId must then be 0 or its id), else creates it
    /// with this user name. Returns the stored user projected by `select`.
    User saveUserFromName(
        const CallerContext& caller, std::string_view userName, const User& user, const Select& select = {});
    Result<User> trySaveUserFromName(
        const CallerContext& caller, std::string_view userName, const User& user, const Select& select = {}) noexcept;

    /// The user, projected by `select`; nullopt when there is none with this id.
    std::optional<User> getUser(const CallerContext& caller, std::int32_t associateId, const Select& select = {});
    Result<std::optional<User>> tryGetUser(
        const CallerContext& caller, std::int32_t associateId, const Select& select = {}) noexcept;
    /// A page of users for an export: those the caller may see with an AssociateId above
    /// `afterId`, in ascending order, at most `limit`, each exactly as getUser() returns it
    /// (rights applied, projected by `select`). The next page starts after the last id
    /// returned (keep AssociateId in `select` to page on it); a page shorter than `limit`
    /// is the last one.
    std::vector<User> listUsers(
        const CallerContext& caller, std::int32_t afterId, std::size_t limit, const Select& select = {});
    Result<std::vector<User>> tryListUsers(
        const CallerContext& caller, std::int32_t afterId, std::size_t limit, const Select& select = {}) noexcept;
    /// The user with this user name (case-insensitive), or nullopt.
    std::optional<User> getUserFromName(
        const CallerContext& caller, std::string_view userName, const Select& select = {});
    Result<std::optional<User>> tryGetUserFromName(
        const CallerContext& caller, std::string_view userName, const Select& select = {}) noexcept;

    /// A new, unsaved user with defaults: an internal associate with an empty person,
    /// the first role and user group when any exist.
    User createDefaultUser(const CallerContext& caller);

    /// Every problem that would stop this user from being saved, by field; empty when
    /// it would save. Includes uniqueness, checked against the stored users.
    std::vector<FieldError> validateUser(const CallerContext& caller, const User& user);

    /// Removes the user and its person for good. To retire a user and keep the
    /// record, save it with Deleted = true. @throws Exception (NotFound).
    void deleteUser(const CallerContext& caller, std::int32_t associateId);
    Result<void> tryDeleteUser(const CallerContext& caller, std::int32_t associateId) noexcept;

    /// Saves every user in one transaction, for imports: all or nothing. Returns
    /// their AssociateIds in order. The error names the failing item
    /// ("users[3]: …", source "users[3]") and keeps its field errors.
    std::vector<std::int32_t> saveUsers(const CallerContext& caller, std::span<const User> users);
    Result<std::vector<std::int32_t>> trySaveUsers(const CallerContext& caller, std::span<const User> users) noexcept;

    /// The caller's rights on `user`: the stored user with its AssociateId, or a new
    /// user when that is 0. Reasons are translated into the caller's language.
    UserRights rightsFor(const CallerContext& caller, const User& user);

    // ---- custom commands (from ServiceOptions::plugins)

    /// The commands that apply to this user for this caller (the caller holds each one's
    /// required right and its check agrees), texts in the caller's language.
    std::vector<CustomCommand> getUserCommands(const CallerContext& caller, const User& user);

    /// Runs a custom command on the user in this carrier. The dialog round trip: a
    /// command that asks first (YesNo, OkCancel, Ok) called with Implicit does nothing
    /// and returns its question (Success false, Result Implicit, Message the question);
    /// with No or Cancel it does nothing and says so; with Yes or Ok it runs. It runs in
    /// one transaction with the caller's rights: when it throws or returns Success false,
    /// nothing it changed is kept. @throws Exception: NotFound (no such command),
    /// BadRequest (it does not apply to this user), Forbidden (the caller lacks its
    /// required right), Internal (it threw; the message names the plugin).
    CommandResult executeUserCommand(
        const CallerContext& caller, std::string_view commandName, CommandActionResult answer, const User& user);
    /// The REST form: runs on the stored user with this id ("User with given id does not
    /// exist in the db." when there is none the caller may see).
    CommandResult executeUserCommand(const CallerContext& caller, std::int32_t associateId,
        std::string_view commandName, CommandActionResult answer);
    Result<CommandResult> tryExecuteUserCommand(const CallerContext& caller, std::int32_t associateId,
        std::string_view commandName, CommandActionResult answer) noexcept;

    // ---- records that plugins keep about users

    /// Appends a record about a user the caller may see, in a transaction of its own
    /// (plugins append through their call's plugin::Transaction, which joins the save's
    /// or command's). @throws Exception (NotFound).
    UserRecord appendRecord(
        const CallerContext& caller, std::string_view stream, std::int32_t associateId, std::string body);
    /// A stream's records about a user the caller may see, oldest first (NotFound otherwise).
    std::vector<UserRecord> records(const CallerContext& caller, std::string_view stream, std::int32_t associateId);

    /// Created/updated stamps, or nullopt for an unknown id.
    std::optional<ChangeStamps> changeStamps(const CallerContext& caller, std::int32_t associateId);

    // ---- passwords. A password is the user's credential of a type that can create
    // passwords ("password"); every change is a save (rights, validators, post-save and
    // after-commit commands, the audit trail with the secret redacted), and the host's
    // remembered logins no longer match. Partner apps may do none of it. Sizes, text and
    // rights are checked before any Argon2id work.

    /// Sets a user's password without the old one: a system caller or a user
    /// administrator. Returns true. @throws Exception: Forbidden, NotFound (a user the
    /// caller may not see), Validation (the service's rules, then the plugins' validators).
    bool setPassword(const CallerContext& caller, std::int32_t associateId, std::string_view password,
        const PasswordOptions& options = {});
    Result<bool> trySetPassword(const CallerContext& caller, std::int32_t associateId, std::string_view password,
        const PasswordOptions& options = {}) noexcept;
    /// setPassword() for the user with this user name (case-insensitive).
    bool setPasswordFromName(const CallerContext& caller, std::string_view userName, std::string_view password,
        const PasswordOptions& options = {});
    Result<bool> trySetPasswordFromName(const CallerContext& caller, std::string_view userName,
        std::string_view password, const PasswordOptions& options = {}) noexcept;
    /// Sets a new random password (libsodium; 20 letters and digits) as setPassword()
    /// does, and returns it: the only copy.
    std::string setGeneratedPassword(
        const CallerContext& caller, std::int32_t associateId, const PasswordOptions& options = {});
    Result<std::string> trySetGeneratedPassword(
        const CallerContext& caller, std::int32_t associateId, const PasswordOptions& options = {}) noexcept;
    std::string setGeneratedPasswordFromName(
        const CallerContext& caller, std::string_view userName, const PasswordOptions& options = {});
    Result<std::string> trySetGeneratedPasswordFromName(
        const CallerContext& caller, std::string_view userName, const PasswordOptions& options = {}) noexcept;
    /// setGeneratedPasswordFromName() for a user of type ExternalAssociate only (else BadRequest).
    std::string generateNewPasswordForExternalUser(const CallerContext& caller, std::string_view userName);
    Result<std::string> tryGenerateNewPasswordForExternalUser(
        const CallerContext& caller, std::string_view userName) noexcept;

    /// Changes a password given the old one (verified with Argon2id; a wrong one is
    /// Forbidden, saying no more): the user itself, or a user administrator for another
    /// user. Returns true. @throws Exception: Forbidden, NotFound, Validation.
    bool changePassword(const CallerContext& caller, std::int32_t associateId, std::string_view oldPassword,
        std::string_view newPassword, const PasswordOptions& options = {});
    Result<bool> tryChangePassword(const CallerContext& caller, std::int32_t associateId,
        std::string_view oldPassword, std::string_view newPassword, const PasswordOptions& options = {}) noexcept;
    bool changePasswordFromName(const CallerContext& caller, std::string_view userName, std::string_view oldPassword,
        std::string_view newPassword, const PasswordOptions& options = {});
    Result<bool> tryChangePasswordFromName(const CallerContext& caller, std::string_view userName,
        std::string_view oldPassword, std::string_view newPassword, const PasswordOptions& options = {}) noexcept;
    /// changePassword() for the caller itself (a system caller has none: BadRequest).
    bool changeOwnPassword(const CallerContext& caller, std::string_view oldPassword, std::string_view newPassword,
        const PasswordOptions& options = {});
    Result<bool> tryChangeOwnPassword(const CallerContext& caller, std::string_view oldPassword,
        std::string_view newPassword, const PasswordOptions& options = {}) noexcept;

    /// Whether the caller may change this user's password: its own, or as a user
    /// administrator. @throws Exception (NotFound).
    bool canChangePassword(const CallerContext& caller, std::int32_t associateId);
    Result<bool> tryCanChangePassword(const CallerContext& caller, std::int32_t associateId) noexcept;
    /// The ways the caller may change this user's password (empty: none).
    std::vector<ChangePasswordType> supportedChangePasswordTypes(const CallerContext& caller, std::int32_t associateId);
    Result<std::vector<ChangePasswordType>> trySupportedChangePasswordTypes(
        const CallerContext& caller, std::int32_t associateId) noexcept;

    /// Whether `password` would be accepted for this user (0: a new user of `type` and
    /// person `personId`): the service's rules (1 to 1024 characters of UTF-8) and the
    /// plugins' validators; Reason names the first rule broken, never the password.
    UserValidationResult isPasswordValidWithReason(const CallerContext& caller, std::int32_t associateId,
        UserType type, std::int32_t personId, std::string_view password);
    Result<UserValidationResult> tryIsPasswordValidWithReason(const CallerContext& caller,
        std::int32_t associateId, UserType type, std::int32_t personId, std::string_view password) noexcept;
    bool isPasswordValid(const CallerContext& caller, std::int32_t associateId, UserType type, std::int32_t personId,
        std::string_view password);

    /// Queues a password reset e-mail for the user (the user itself or a user
    /// administrator): a record in the "outbox" stream (which only the system may read)
    /// with the address and a one-time token valid for an hour; only the token's hash
    /// is kept. Success false, with a message, when the user has no e-mail address.
    OperationResult sendChangePasswordEMail(const CallerContext& caller, std::int32_t associateId);
    Result<OperationResult> trySendChangePasswordEMail(
        const CallerContext& caller, std::int32_t associateId) noexcept;
    /// Redeems a reset token: sets its user's password and uses the token up. The token
    /// is the authority. @throws Exception: BadRequest (unknown, used or expired: the
    /// same words for each), Validation (the new password).
    void resetPassword(std::string_view token, std::string_view newPassword, const PasswordOptions& options = {});
    Result<void> tryResetPassword(
        std::string_view token, std::string_view newPassword, const PasswordOptions& options = {}) noexcept;

    // ---- authentication (for hosts)

    /// The AssociateId of the user with this user name (case-insensitive) when `password`
    /// is its password; nullopt for a wrong password, an unknown user, a user without a
    /// password and a retired user. A refusal always costs one Argon2id verification (an
    /// unknown user too), which is what slows guessing down. A success is remembered (a
    /// keyed hash of the name, the password and the stored hash: never the password), so
    /// that a host checking Basic credentials on every request pays Argon2id once; a new
    /// password, even saved by another process, no longer matches what was remembered.
    std::optional<std::int32_t> authenticatePassword(std::string_view userName, std::string_view password);
    /// Whether `password` is the password of the user with this user name:
    /// authenticatePassword() has a value.
    bool verifyPassword(std::string_view userName, std::string_view password);

    /// Issues an API token for a user: needs a system caller or a user administrator.
    /// The returned secret is the only copy. @throws Exception: Forbidden, NotFound (no
    /// user with this id that the caller may see), Validation (a label over 255
    /// characters or not UTF-8).
    IssuedApiToken issueApiToken(const CallerContext& caller, std::int32_t associateId, std::string label);
    Result<IssuedApiToken> tryIssueApiToken(
        const CallerContext& caller, std::int32_t associateId, std::string label) noexcept;
    /// The tokens of a user (0: of every user the caller may see), oldest first, without
    /// secrets. Same permission as issueApiToken. @throws Exception: Forbidden, NotFound.
    std::vector<ApiToken> apiTokens(const CallerContext& caller, std::int32_t associateId);
    Result<std::vector<ApiToken>> tryApiTokens(const CallerContext& caller, std::int32_t associateId) noexcept;
    /// Revokes a token for good. Same permission as issueApiToken. @throws Exception:
    /// Forbidden, NotFound (no such token, or its user is one the caller may not see).
    void revokeApiToken(const CallerContext& caller, std::int64_t tokenId);
    Result<void> tryRevokeApiToken(const CallerContext& caller, std::int64_t tokenId) noexcept;
    /// The AssociateId a token secret stands for; nullopt for an unknown or revoked token
    /// and for a retired user's. One indexed read and a BLAKE2b hash: cheap enough for
    /// every request (the secret is random, so a slow hash would add nothing).
    std::optional<std::int32_t> authenticateToken(std::string_view secret);

    // ---- reference lists. `add…` stores a new item (its id is assigned, 0 in the
    // argument) and returns it as stored.

    /// Adding to a list needs a system caller or a user administrator.
    Role addRole(const CallerContext& caller, const Role& role, const RoleRights& rights = {});
    /// The functional rights of a role; nullopt for an unknown id.
    std::optional<RoleRights> roleRights(const CallerContext& caller, std::int32_t roleId);
    std::vector<Role> roles(const CallerContext& caller);
    UserGroup addUserGroup(const CallerContext& caller, const UserGroup& group);
    std::vector<UserGroup> userGroups(const CallerContext& caller);
    /// Stores a ticket category and, recursively, its ChildItems.
    MDOListItem addTicketCategory(const CallerContext& caller, const MDOListItem& category);
    /// The category tree: top-level categories with their ChildItems.
    std::vector<MDOListItem> ticketCategories(const CallerContext& caller);
    /// Credential types are keyed by Type ("password", "ad"). A type that can create a
    /// password keeps its credentials' values as Argon2id hashes only.
    CredentialType addCredentialType(const CallerContext& caller, const CredentialType& type);
    std::vector<CredentialType> credentialTypes(const CallerContext& caller);
    /// Stores an owner with its module licences (restricted and unrestricted), whose
    /// ModuleLicenseId and counts are assigned; Total is the number of seats.
    LicenseOwner addLicenseOwner(const CallerContext& caller, const LicenseOwner& owner);
    std::vector<LicenseOwner> licenseOwners(const CallerContext& caller);

    class Impl;

private:
    explicit UserService(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace userservice
