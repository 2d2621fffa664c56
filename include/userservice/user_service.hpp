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
#include <userservice/sign_in_stamp.hpp>
#include <userservice/user_query.hpp>
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

class RolesAndRights;

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
    /// A page of the users that match `query` (the REST list: filter, order, top, skip,
    /// cursor, select), each exactly as getUser() returns it. A user the caller may not
    /// see is never matched nor counted, and neither is a user on whom it may not read a
    /// field the filter or the order uses (so a filter cannot probe hidden values).
    /// Paging by nextCursor is exact while users are added. @throws Exception
    /// (BadRequest) for a query out of its limits or a cursor of another order.
    UserPage searchUsers(const CallerContext& caller, const UserQuery& query);
    Result<UserPage> trySearchUsers(const CallerContext& caller, const UserQuery& query) noexcept;
    /// searchUsers() on the REST list's texts (UserQuery::parse; BadRequest naming the
    /// parameter and the position).
    UserPage searchUsers(const CallerContext& caller, const UserQueryText& text);
    Result<UserPage> trySearchUsers(const CallerContext& caller, const UserQueryText& text) noexcept;
    /// The user with this user name (case-insensitive), or nullopt.
    std::optional<User> getUserFromName(
        const CallerContext& caller, std::string_view userName, const Select& select = {});
    Result<std::optional<User>> tryGetUserFromName(
        const CallerContext& caller, std::string_view userName, const Select& select = {}) noexcept;

    /// A new, unsaved user with defaults: an internal associate with an empty person,
    /// the first user group, and the first role without administrative rights (neither
    /// a System role nor one that administers users; none when every role has them).
    User createDefaultUser(const CallerContext& caller);

    // ---- user names, user info and look-ups

    /// The users of a person that the caller may see, by AssociateId (a person may have
    /// several logins, e.g. an internal and an external one); empty when none.
    std::vector<User> getUsersFromPersonId(
        const CallerContext& caller, std::int32_t personId, const Select& select = {});
    Result<std::vector<User>> tryGetUsersFromPersonId(
        const CallerContext& caller, std::int32_t personId, const Select& select = {}) noexcept;
    /// The users with this EjUserId (not 0) that the caller may see.
    std::vector<User> getUsersFromEjUserId(
        const CallerContext& caller, std::int32_t ejUserId, const Select& select = {});
    Result<std::vector<User>> tryGetUsersFromEjUserId(
        const CallerContext& caller, std::int32_t ejUserId, const Select& select = {}) noexcept;
    /// The user in brief (its id is the AssociateId), made from the user as getUser()
    /// returns it to this caller; nullopt when there is none the caller may see.
    std::optional<UserInfo> getUserInfo(const CallerContext& caller, std::int32_t userInfoId);
    Result<std::optional<UserInfo>> tryGetUserInfo(const CallerContext& caller, std::int32_t userInfoId) noexcept;
    /// getUserInfo() for each id, in order, skipping those there is none of.
    std::vector<UserInfo> getUserInfoList(const CallerContext& caller, std::span<const std::int32_t> userInfoIds);
    Result<std::vector<UserInfo>> tryGetUserInfoList(
        const CallerContext& caller, std::span<const std::int32_t> userInfoIds) noexcept;

    /// The caller's own user, rights applied; nullopt for the system (associate 0).
    std::optional<User> getCurrentUser(const CallerContext& caller, const Select& select = {});
    Result<std::optional<User>> tryGetCurrentUser(const CallerContext& caller, const Select& select = {}) noexcept;
    /// Who the caller is: id, user name, type, role, group, functional rights, language.
    CurrentPrincipal getCurrentPrincipal(const CallerContext& caller);
    Result<CurrentPrincipal> tryGetCurrentPrincipal(const CallerContext& caller) noexcept;

    /// createDefaultUser() of this type (not Unknown: BadRequest).
    User createDefaultUserFromUserType(const CallerContext& caller, UserType type);
    Result<User> tryCreateDefaultUserFromUserType(const CallerContext& caller, UserType type) noexcept;
    /// createDefaultUserFromUserType() filled from the stored person `personId` (PersonId
    /// shown; a save still makes a person of its own: PersonId is output only). NotFound
    /// when there is no such person among the users the caller may see.
    User createDefaultUserFromUserTypeAndPersonId(const CallerContext& caller, UserType type, std::int32_t personId);
    Result<User> tryCreateDefaultUserFromUserTypeAndPersonId(
        const CallerContext& caller, UserType type, std::int32_t personId) noexcept;

    // The name calls need the right to write the name on that user: on a new user
    // (associateId 0) the Insert right, else a user the caller may see (NotFound
    // otherwise) whose UserName (NickName) it may write; else Forbidden. They tell
    // whether a name is free, never who has it.

    /// A user name proposed from the person's names ("John Doe" -> "jdoe"), not checked
    /// against the stored ones. BadRequest when the person has no names.
    std::string getDefaultAssociateUserName(const CallerContext& caller, const User& user);
    Result<std::string> tryGetDefaultAssociateUserName(const CallerContext& caller, const User& user) noexcept;
    /// `userName` (the proposal from person `personId`'s names when blank) when saveUser()
    /// would take it for user `associateId`, else with the lowest number from 2 appended
    /// that it would take. Validation when the name is invalid for another reason.
    std::string getValidUserName(const CallerContext& caller, std::int32_t associateId, UserType type,
        std::int32_t personId, std::string_view userName);
    Result<std::string> tryGetValidUserName(const CallerContext& caller, std::int32_t associateId, UserType type,
        std::int32_t personId, std::string_view userName) noexcept;
    /// getValidUserName() for an unsaved user: its UserName, else the proposal from its person.
    std::string getValidUserNameForNewUser(const CallerContext& caller, const User& user);
    Result<std::string> tryGetValidUserNameForNewUser(const CallerContext& caller, const User& user) noexcept;
    /// Whether saveUser() would take this UserName for user `associateId` (0: a new user):
    /// its rules for UserName (validators included) and uniqueness.
    bool isUserNameValid(const CallerContext& caller, std::int32_t associateId, UserType type, std::int32_t personId,
        std::string_view userName);
    Result<bool> tryIsUserNameValid(const CallerContext& caller, std::int32_t associateId, UserType type,
        std::int32_t personId, std::string_view userName) noexcept;
    /// isUserNameValid() with the reason when it is not ("User.UserName \"x\" is already taken").
    UserValidationResult isUserNameValidWithReason(const CallerContext& caller, std::int32_t associateId, UserType type,
        std::int32_t personId, std::string_view userName);
    Result<UserValidationResult> tryIsUserNameValidWithReason(const CallerContext& caller, std::int32_t associateId,
        UserType type, std::int32_t personId, std::string_view userName) noexcept;
    /// Whether no other user has this NickName (case-insensitively); a blank one always is.
    bool isNickNameUnique(const CallerContext& caller, std::int32_t associateId, std::string_view nickName);
    Result<bool> tryIsNickNameUnique(
        const CallerContext& caller, std::int32_t associateId, std::string_view nickName) noexcept;

    /// Every problem that would stop this user from being saved, by field; empty when
    /// it would save. Includes uniqueness, checked against the stored users.
    std::vector<FieldError> validateUser(const CallerContext& caller, const User& user);

    /// Removes the user and its person for good (its records stay). To retire a user and
    /// keep the record, see makeRetired(). @throws Exception (NotFound, Forbidden).
    void deleteUser(const CallerContext& caller, std::int32_t associateId);
    Result<void> tryDeleteUser(const CallerContext& caller, std::int32_t associateId) noexcept;

    // ---- users changed by an administrator. Each runs the plugins' hooks like a save
    // (a delete: post-save commands just before the user goes, then after-commit ones).

    /// deleteUser() with lookup by user name (case-insensitive). @throws Exception
    /// (NotFound, source "userName", when there is no such user the caller may see).
    void deleteUserFromName(const CallerContext& caller, std::string_view userName);
    Result<void> tryDeleteUserFromName(const CallerContext& caller, std::string_view userName) noexcept;
    /// Retiring removes all the user's licences and sets Person.Retired and Deleted (no
    /// login, the record kept); un-retiring clears both (the licences stay removed). A
    /// save with the caller's rights: Forbidden names the fields it may not change.
    void makeRetired(const CallerContext& caller, std::int32_t associateId, bool retired);
    Result<void> tryMakeRetired(const CallerContext& caller, std::int32_t associateId, bool retired) noexcept;
    /// Saves the stored user with another Type; returns it as saved.
    User changeUserType(const CallerContext& caller, std::int32_t associateId, UserType type);
    Result<User> tryChangeUserType(const CallerContext& caller, std::int32_t associateId, UserType type) noexcept;
    /// Saves the stored user without any module licence.
    void removeLicenses(const CallerContext& caller, std::int32_t associateId);
    Result<void> tryRemoveLicenses(const CallerContext& caller, std::int32_t associateId) noexcept;

    /// Creates an external user (Type ExternalAssociate) with a password credential (hashed
    /// like every password) and a person of its own; returns its AssociateId. `personId`
    /// must be 0: persons exist here only with their users. Deleted is !isActive.
    std::int32_t createExternalUser(const CallerContext& caller, std::int32_t personId, std::string_view userName,
        std::string_view password, std::int32_t roleId, bool isActive);
    Result<std::int32_t> tryCreateExternalUser(const CallerContext& caller, std::int32_t personId,
        std::string_view userName, std::string_view password, std::int32_t roleId, bool isActive) noexcept;
    /// deleteUser() for an external user only (BadRequest for another type).
    void deleteExternalUser(const CallerContext& caller, std::int32_t associateId);
    Result<void> tryDeleteExternalUser(const CallerContext& caller, std::int32_t associateId) noexcept;
    /// Changes what `modification` names of an external user (UserName, Password, Role,
    /// Active), nothing else. BadRequest for another type, no flag, or an empty value named.
    void setExternalUserInfo(const CallerContext& caller, std::int32_t associateId, std::string_view userName,
        std::string_view password, bool isActive, std::int32_t roleId, ExternalUserInfoModification modification);
    Result<void> trySetExternalUserInfo(const CallerContext& caller, std::int32_t associateId,
        std::string_view userName, std::string_view password, bool isActive, std::int32_t roleId,
        ExternalUserInfoModification modification) noexcept;

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
    /// A deleted user's records stay readable by a system caller or a user administrator.
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
    Result<bool> tryChangePassword(const CallerContext& caller, std::int32_t associateId, std::string_view oldPassword,
        std::string_view newPassword, const PasswordOptions& options = {}) noexcept;
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
    UserValidationResult isPasswordValidWithReason(const CallerContext& caller, std::int32_t associateId, UserType type,
        std::int32_t personId, std::string_view password);
    Result<UserValidationResult> tryIsPasswordValidWithReason(const CallerContext& caller, std::int32_t associateId,
        UserType type, std::int32_t personId, std::string_view password) noexcept;
    bool isPasswordValid(const CallerContext& caller, std::int32_t associateId, UserType type, std::int32_t personId,
        std::string_view password);

    /// Queues a password reset e-mail for the user (the user itself or a user
    /// administrator): a record in the "outbox" stream (which only the system may read)
    /// with the address and a one-time token valid for an hour; only the token's hash
    /// is kept. Success false, with a message, when the user has no e-mail address.
    OperationResult sendChangePasswordEMail(const CallerContext& caller, std::int32_t associateId);
    Result<OperationResult> trySendChangePasswordEMail(const CallerContext& caller, std::int32_t associateId) noexcept;
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
    /// Failures are counted per `clientAddress` (the host's peer; empty: not tracked) and
    /// per user name, and lock them out for a while (ServiceOptions::loginThrottling); a
    /// success clears its name's count. The Argon2id work waits for one of the service's
    /// password slots (ServiceOptions::passwordWork).
    /// @throws Exception: TooManyRequests while the address or the name is locked out
    /// (checked first, whatever the password), Unavailable when no password slot is free
    /// in time; both with Error::retryAfter().
    std::optional<std::int32_t> authenticatePassword(
        std::string_view userName, std::string_view password, std::string_view clientAddress = {});
    Result<std::optional<std::int32_t>> tryAuthenticatePassword(
        std::string_view userName, std::string_view password, std::string_view clientAddress = {}) noexcept;
    /// Whether `password` is the password of the user with this user name:
    /// authenticatePassword() has a value. @throws Exception as authenticatePassword().
    bool verifyPassword(std::string_view userName, std::string_view password);
    /// How busy the password slots are and what they have done (for monitoring).
    PasswordWorkLoad passwordWorkLoad() const;

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
    /// What a sign-in of this user rests on now (secrets' digest, API tokens), compared by hosts with the stamp
    /// taken at sign-in (SignInStamp::keeps); nullopt for an unknown or retired user. Three indexed reads.
    std::optional<SignInStamp> signInStamp(std::int32_t associateId);

    // ---- credentials (a user's ways to sign in, by credential type). A type that can
    // create passwords keeps secrets: their values are write-only (Argon2id hashes) and
    // never returned; any other type (Active Directory style) keeps a plain value.

    /// The credential types a user of `type` may have: none for a ResourceAssociate (it
    /// cannot sign in), every type for the others. BadRequest for Unknown.
    std::vector<CredentialType> credentialTypesForUserType(const CallerContext& caller, UserType type);
    Result<std::vector<CredentialType>> tryCredentialTypesForUserType(
        const CallerContext& caller, UserType type) noexcept;
    /// Adds or replaces the user's credential of the credential's type: a save of the stored
    /// user with the caller's rights (by the default policy a user administrator; nobody
    /// writes their own Credentials), so hooks and the audit trail run, a secret redacted
    /// (PostSaveCall::secrets: Set). Returns true. @throws Exception: BadRequest (no or an
    /// unknown type), Validation (a blank value, a password the rules refuse), NotFound,
    /// Forbidden.
    bool saveCredential(const CallerContext& caller, std::int32_t userId, const Credential& credential);
    Result<bool> trySaveCredential(
        const CallerContext& caller, std::int32_t userId, const Credential& credential) noexcept;
    /// Removes the user's credential of this type (a save, as saveCredential(); a secret's
    /// removal is PostSaveCall::secrets Removed). False when the user has none the caller can read.
    bool deleteCredential(const CallerContext& caller, std::int32_t userId, std::string_view credentialType);
    Result<bool> tryDeleteCredential(
        const CallerContext& caller, std::int32_t userId, std::string_view credentialType) noexcept;
    /// The users with a credential of `type` whose value or display value contains
    /// `searchString` (case-insensitive; "" for all), by AssociateId, at most 200: only
    /// users the caller may see and whose Credentials it may read (as getUser() shows them).
    CredentialsGroupUsers findCredentialUsers(
        const CallerContext& caller, std::string_view type, std::string_view searchString);
    Result<CredentialsGroupUsers> tryFindCredentialUsers(
        const CallerContext& caller, std::string_view type, std::string_view searchString) noexcept;
    /// The directory groups of a credential type: always empty here, since no credential
    /// type is backed by a directory with groups. BadRequest for an unknown type.
    std::vector<CredentialsGroup> findCredentialsGroups(
        const CallerContext& caller, std::string_view type, std::string_view searchString);
    Result<std::vector<CredentialsGroup>> tryFindCredentialsGroups(
        const CallerContext& caller, std::string_view type, std::string_view searchString) noexcept;
    /// createDefaultUserFromUserType() with one credential pre-filled. `contactId` must be 0
    /// (no contacts here). For a type that keeps secrets only the display value is filled
    /// and a value given is a BadRequest (a secret is never echoed: set it after the save).
    User createDefaultUserFromUserTypeAndCredential(const CallerContext& caller, UserType type, std::int32_t contactId,
        std::string_view credentialType, std::string_view credentialValue, std::string_view credentialDisplayValue);
    Result<User> tryCreateDefaultUserFromUserTypeAndCredential(const CallerContext& caller, UserType type,
        std::int32_t contactId, std::string_view credentialType, std::string_view credentialValue,
        std::string_view credentialDisplayValue) noexcept;
    /// The user with info.credential (type and value), else the first with one of
    /// info.emails, among the users the caller may see with that field readable; else a new
    /// user made from the info and saved with the caller's rights (PersonCreated true).
    /// When only users the caller may not see or read match, or it may not create users,
    /// the answer is the same Forbidden, without details (no oracle). @throws Exception:
    /// BadRequest (contactId not 0, a secret credential type, no personName to create).
    ResolvedUser resolveUserFromInfo(const CallerContext& caller, const ResolveUserInfo& info);
    Result<ResolvedUser> tryResolveUserFromInfo(const CallerContext& caller, const ResolveUserInfo& info) noexcept;

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

    // ---- user groups (the agent's; addUserGroup() and userGroups() above stay). Reading
    // is for any signed-in caller (pick lists); changes need a system caller or a user
    // administrator, and each is recorded in the "list-audit" stream as a record about no
    // user (AssociateId 0: read it with records(caller, "list-audit", 0)), with who,
    // when, and the group before and after.

    /// The groups in rank order; retired ones (Deleted) only with `includeDeleted`.
    std::vector<UserGroup> getAllUserGroups(const CallerContext& caller, bool includeDeleted = false);
    Result<std::vector<UserGroup>> tryGetAllUserGroups(
        const CallerContext& caller, bool includeDeleted = false) noexcept;
    /// The group with this id (retired or not); nullopt when there is none.
    std::optional<UserGroup> getUserGroup(const CallerContext& caller, std::int32_t userGroupId);
    Result<std::optional<UserGroup>> tryGetUserGroup(const CallerContext& caller, std::int32_t userGroupId) noexcept;
    /// getUserGroup() for each id, in order, skipping those there is none of.
    std::vector<UserGroup> getUserGroupList(const CallerContext& caller, std::span<const std::int32_t> userGroupIds);
    Result<std::vector<UserGroup>> tryGetUserGroupList(
        const CallerContext& caller, std::span<const std::int32_t> userGroupIds) noexcept;
    /// A new, unsaved group ranked after every stored one (save it with saveUserGroup()).
    UserGroup createUserGroup(const CallerContext& caller);
    Result<UserGroup> tryCreateUserGroup(const CallerContext& caller) noexcept;
    /// Creates the group when Id is 0 (Rank 0: after every stored one), else replaces the
    /// stored one's Value, Tooltip, Rank (0: kept) and Deleted. Deleted retires it: users keep it, pick
    /// lists (getAllUserGroups()) hide it. @throws Exception: Validation (Value required,
    /// Value and Tooltip at most 255 characters of UTF-8), NotFound (no group with that
    /// Id), Forbidden.
    UserGroup saveUserGroup(const CallerContext& caller, const UserGroup& group);
    Result<UserGroup> trySaveUserGroup(const CallerContext& caller, const UserGroup& group) noexcept;
    /// Deletes a group for good. Its users (main group and other groups) move to
    /// `userGroupToMoveTo` (an other group they have already is dropped); with 0, a group
    /// that any user has is a Conflict (retire it instead). @throws Exception: NotFound,
    /// BadRequest (moving to itself or to a retired group), Conflict, Forbidden.
    void deleteUserGroup(
        const CallerContext& caller, std::int32_t userGroupToDelete, std::int32_t userGroupToMoveTo = 0);
    Result<void> tryDeleteUserGroup(
        const CallerContext& caller, std::int32_t userGroupToDelete, std::int32_t userGroupToMoveTo = 0) noexcept;

    // ---- roles and their functional and data rights: a facet (<userservice/roles_and_rights.hpp>).

    RolesAndRights rolesAndRights() noexcept;

    // ---- presence. `associateId` 0 is the caller itself. Another user's is NotFound when
    // the caller may not see that user.

    /// The user's presence; Status Unknown when it was never set.
    UserPresenceStatus getUserPresenceStatus(const CallerContext& caller, std::int32_t associateId);
    Result<UserPresenceStatus> tryGetUserPresenceStatus(const CallerContext& caller, std::int32_t associateId) noexcept;
    /// Sets the user's presence (its own, or any user's as a user administrator: else
    /// Forbidden); returns it. Validation: Message at most 255 characters of UTF-8.
    UserPresenceStatus setUserPresenceStatus(
        const CallerContext& caller, std::int32_t associateId, const UserPresenceStatus& status);
    Result<UserPresenceStatus> trySetUserPresenceStatus(
        const CallerContext& caller, std::int32_t associateId, const UserPresenceStatus& status) noexcept;

    /// findCredentialUsers() (searchString "") among the users whose main group or one of
    /// whose other groups is `userGroupId`. @throws Exception: NotFound (no such group), BadRequest (type).
    CredentialsGroupUsers getCredentialUsersInGroup(
        const CallerContext& caller, std::string_view type, std::int32_t userGroupId);
    Result<CredentialsGroupUsers> tryGetCredentialUsersInGroup(
        const CallerContext& caller, std::string_view type, std::int32_t userGroupId) noexcept;

    class Impl;

private:
    explicit UserService(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace userservice

#include <userservice/roles_and_rights.hpp> // the facet, so that one include gives the whole service
