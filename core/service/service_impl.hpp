// The service's parts, behind the public face (user_service.cpp, which only
// forwards). Each job is a file of this folder:
//   callers.cpp          who is calling: principal, partner apps, administrators
//   plugin_hooks.cpp     plugins' lists, rights, validators, post-save and after-commit commands
//   reading.cpp          loading users, what a caller may see, look-ups, records
//   searching.cpp        the REST list: a search's pages under the caller's rights
//   user_lookups.cpp     users by person and eJournal id, user info, the caller itself, defaults by type
//   user_names.cpp       proposing and checking user names and nick names
//   save_plan.cpp        the one save plan (save, save from name, bulk, validate)
//   credentials.cpp      secrets: what to hash, hashing, the rows to store
//   commands.cpp         custom commands and their dialog round trip
//   transaction.cpp      the plugin::Transaction that commands and post-save commands get
//   authentication.cpp   passwords and API tokens
//   passwords.cpp        setting, generating, changing and checking passwords
//   password_reset.cpp   the reset e-mail (outbox) and redeeming its token
//   reference_lists.cpp  roles, groups, categories, credential types, licence owners
//   user_admin.cpp       users changed by an administrator: retire, type, licences, external users
//   credential_calls.cpp a user's credentials by type, and resolving a user from its details
//   user_groups.cpp      user groups by id, changed, retired and deleted, audited
//   roles.cpp            roles as entities by id, changed, retired and deleted, audited
//   presence.cpp         users' presence status
//   functional_rights.cpp  the functional rights catalogue, roles' sets, who holds a right
//   data_rights.cpp      roles' data rights by table and relation to the owner
#pragma once

#include <userservice/plugin.hpp>
#include <userservice/user_service.hpp>

#include "../localization.hpp"
#include "../login_throttle.hpp"
#include "../password.hpp"
#include "../password_slots.hpp"
#include "../store/store.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace userservice {

class SavePlan;

/// What one save did, for the hooks after it and the answer.
struct Saved {
    std::int32_t id = 0;
    std::vector<FieldError> stripped;
    std::optional<User> before; ///< as stored before, derived (absent: created)
    std::optional<User> after; ///< as stored by the save, derived, before rights
    /// The caller's rights on `after` when the save had computed them already (on the
    /// stored user, the same to the policy); they belong to the save plan, which outlives this.
    const UserRights* rightsOnAfter = nullptr;
    std::vector<CustomCommand> clientCommands; ///< what post-save commands ask the client to run
    plugin::UserChange change = plugin::UserChange::Saved; ///< Deleted: before and after are the user removed
    std::vector<plugin::SecretChange> secrets; ///< the secrets the save set or removed (for post-save commands)
};

class UserService::Impl {
public:
    explicit Impl(ServiceOptions options);

    // ---- callers.cpp
    void refusePartnerApps(const CallerContext& caller) const;
    /// The caller as the rights engine sees it. An unknown or retired caller is Unauthorized.
    static Principal principal(store::Session& s, const CallerContext& caller);
    /// System callers and user administrators (adding to lists, tokens); else Forbidden.
    Principal listAdministrator(store::Session& s, const CallerContext& caller) const;
    /// A read by an active caller: `read(session, principal)`, the caller looked up once.
    template <class F> auto readAs(const CallerContext& context, F&& read)
    {
        refusePartnerApps(context);
        return store_->read([&](store::Session& s) { return read(s, principal(s, context)); });
    }
    [[noreturn]] static void deny(const std::string& what, const TableRight& table, const CallerContext& context);
    [[noreturn]] static void noSuchUser(std::int32_t associateId, std::string source = "AssociateId");
    static bool has(const TableRight& table, ETableRight right);
    void log(LogLevel level, const std::string& message) const;
    /// A text in the caller's language: string references (built in or the plugins') and multi-language values.
    std::string localize(std::string_view text, std::string_view language) const;
    DateTime now() const;
    static DateTime stampTime(const store::Stamp& stamp);

    // ---- plugin_hooks.cpp
    /// The caller's rights on `target` (nullptr: a new user), reasons in its language.
    UserRights rights(const Principal& caller, const User* target, const CallerContext& context) const;
    bool hasRightsModifiers() const;
    /// Whether post-save or after-commit commands need the saved user loaded.
    bool hasSaveHooks() const;
    /// The built-in rules' problems with `user`, then the validators': all of them.
    /// `stored`: the user it replaces, as read in this transaction (detail::validate).
    std::vector<FieldError> problems(
        store::Session& s, const CallerContext& context, const User& user, const User* stored = nullptr) const;
    void runPostSave(store::Session& s, const CallerContext& context, Saved& saved);
    /// Runs the after-commit commands; their failures become warnings (and log lines).
    /// `outer`: the transaction a nested save ran in (each command then a savepoint of it).
    std::vector<std::string> runAfterCommit(
        const CallerContext& context, Saved& saved, store::Session* outer = nullptr);
    /// The client commands for the returned user, their texts in the caller's language.
    void attachClientCommands(User& user, const Saved& saved, const CallerContext& context) const;
    void localizeCommand(CustomCommand& command, std::string_view language) const;
    /// Plugin code failed inside a save or a command: the host's Internal error.
    [[noreturn]] static void failPlugin(const PluginException& e);

    // ---- reading.cpp
    /// The stored user with its derived fields, before rights.
    static std::optional<User> load(store::Session& s, std::int32_t id);
    static void derive(User& user);
    /// What load() would read after an update of `stored` that wrote only values
    /// (store::Written::Values): `written`, with what only a read fills in taken from
    /// `stored`, where the update left it as it was.
    static User withValuesWritten(const User& stored, User written);
    /// `user` as this caller may see it (rights applied, lists localized, in its zone);
    /// nullopt when the caller may not see it.
    std::optional<User> shown(User user, const Principal& caller, const CallerContext& context) const;
    /// shown() with the caller's rights on `user` already computed (and allowing Select).
    User shownWith(User user, const UserRights& granted, const Principal& caller, const CallerContext& context) const;
    /// The stored user as this caller may see it; nullopt when there is none or the
    /// caller may not see it (existence is not leaked).
    std::optional<User> visibleUser(
        store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id) const;
    /// The stored user, before rights, when the caller may see it; else NotFound.
    User storedVisible(store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id,
        std::string source = "AssociateId") const;
    /// Whether the caller may see the user with this id (without loading it when the policy allows).
    bool canSee(store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id) const;
    std::optional<User> getUser(const CallerContext& context, std::int32_t id, const Select& select);
    std::vector<User> listUsers(
        const CallerContext& context, std::int32_t afterId, std::size_t limit, const Select& select);
    std::optional<User> getUserFromName(const CallerContext& context, std::string_view userName, const Select& select);
    User createDefaultUser(const CallerContext& caller);
    UserRights rightsFor(store::Session& s, const Principal& principal, const CallerContext& caller, const User& user);
    std::optional<ChangeStamps> changeStamps(const CallerContext& caller, std::int32_t associateId);
    /// The outbox holds what the host's mail sender sends (password reset tokens): outside
    /// callers need to be the system to read or add to it (plugins, in-process, may).
    static void checkStreamAccess(std::string_view stream, const CallerContext& caller);
    UserRecord appendRecord(store::Session& s, const Principal& principal, const CallerContext& caller,
        std::string_view stream, std::int32_t associateId, std::string body, bool callerSeesUser = false);
    std::vector<UserRecord> records(store::Session& s, const Principal& principal, const CallerContext& caller,
        std::string_view stream, std::int32_t associateId);

    // ---- searching.cpp
    UserPage searchUsers(const CallerContext& context, const UserQuery& query);
    /// The only user the caller could see, when the policy shows it no other; else nullopt.
    static std::optional<std::int32_t> onlyVisible(const Principal& caller);
    // ---- user_lookups.cpp: users by person and eJournal id, user info, the caller, defaults by type
    enum class UserLookupKey { PersonId, EjUserId };
    std::vector<User> usersFrom(const CallerContext& context, UserLookupKey key, std::int32_t value, const Select& select);
    std::vector<UserInfo> userInfos(const CallerContext& context, std::span<const std::int32_t> ids);
    CurrentPrincipal currentPrincipal(const CallerContext& context);
    User createDefaultUser(const CallerContext& context, UserType type, std::int32_t personId);
    /// The stored person when it is the person of a user the caller may see; else nullopt.
    std::optional<Person> visiblePerson(
        store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t personId) const;
    // ---- user_names.cpp: proposing and checking user names and nick names
    /// A name to check on user `associateId` (0: a new one) of `type`, person `personId` (0: none).
    struct NameCheck {
        std::int32_t associateId = 0;
        UserType type = UserType::Unknown;
        std::int32_t personId = 0;
        std::string name;
    };
    std::string defaultUserName(const CallerContext& context, const User& user);
    std::string validUserName(const CallerContext& context, NameCheck check);
    std::string validUserNameForNewUser(const CallerContext& context, const User& user);
    UserValidationResult checkUserName(const CallerContext& context, const NameCheck& check);
    bool isNickNameUnique(const CallerContext& context, std::int32_t associateId, std::string_view nickName);
    /// The user a name is checked on: the stored one (NotFound when the caller may not see
    /// it) or a new one of the check's type and person; Forbidden unless the caller may
    /// write `field` (a wire name) on it.
    User nameTarget(store::Session& s, const Principal& caller, const CallerContext& context, const NameCheck& check,
        std::string_view field) const;
    std::string freeUserName(
        store::Session& s, const CallerContext& context, User target, const std::string& base) const;

    // ---- save_plan.cpp
    SaveReport saveUser(const CallerContext& context, const User& user, const SaveOptions& options);
    User saveUserFromName(
        const CallerContext& context, std::string_view userName, const User& user, const Select& select);
    std::vector<std::int32_t> saveUsers(const CallerContext& context, std::span<const User> users);
    std::vector<FieldError> validateUser(const CallerContext& context, const User& user);
    /// The answer to a save: the loaded user as the caller may see it (moved out when no hook needs it).
    User answerFor(Saved& saved, const Principal& caller, const CallerContext& context) const;
    /// A save inside a session that is already open (a plugin's Transaction), as a savepoint.
    User saveNested(store::Session& s, const Principal& principal, const CallerContext& context, const User& user);
    void deleteUser(const CallerContext& caller, std::int32_t associateId);
    /// Which user a delete removes: its id, looked up in the delete's transaction.
    using FindUser = std::function<std::int32_t(store::Session&, const Principal&)>;
    /// Deletes the user `find` names, when the caller may see it, `check` (if any) accepts
    /// the stored user, and the caller holds Delete; runs the post-save commands (before
    /// the row goes) and the after-commit commands with UserChange::Deleted.
    void deleteUser(const CallerContext& caller, const FindUser& find, const std::function<void(const User&)>& check);

    // ---- user_admin.cpp: users changed by an administrator, as saves of the stored user
    void deleteUserFromName(const CallerContext& caller, std::string_view userName);
    void makeRetired(const CallerContext& caller, std::int32_t associateId, bool retired);
    User changeUserType(const CallerContext& caller, std::int32_t associateId, UserType type);
    void removeLicenses(const CallerContext& caller, std::int32_t associateId);
    std::int32_t createExternalUser(const CallerContext& caller, std::int32_t personId, std::string_view userName,
        std::string_view password, std::int32_t roleId, bool isActive);
    void deleteExternalUser(const CallerContext& caller, std::int32_t associateId);
    void setExternalUserInfo(const CallerContext& caller, std::int32_t associateId, std::string_view userName,
        std::string_view password, bool isActive, std::int32_t roleId, ExternalUserInfoModification modification);
    /// The stored user as the caller sees it, changed by `change`, saved with the caller's
    /// rights (a change it may not make is Forbidden, naming the field); NotFound when hidden.
    SaveReport changeStored(const CallerContext& caller, std::int32_t associateId, const std::function<void(User&)>& change);

    // ---- credential_calls.cpp: a user's credentials by type, and resolving a user from its details
    std::vector<CredentialType> credentialTypesFor(const CallerContext& context, UserType type);
    bool saveCredential(const CallerContext& context, std::int32_t userId, const Credential& credential);
    bool deleteCredential(const CallerContext& context, std::int32_t userId, std::string_view type);
    CredentialsGroupUsers findCredentialUsers(
        const CallerContext& context, std::string_view type, std::string_view searchString);
    std::vector<CredentialsGroup> findCredentialsGroups(const CallerContext& context, std::string_view type);
    User createDefaultUser(const CallerContext& context, UserType type, std::int32_t contactId, Credential credential);
    ResolvedUser resolveUser(const CallerContext& context, const ResolveUserInfo& info);

    // ---- commands.cpp
    std::vector<CustomCommand> getUserCommands(const CallerContext& caller, const User& user);
    CommandResult executeUserCommand(
        const CallerContext& caller, std::string_view commandName, CommandActionResult answer, const User& sent);
    CommandResult executeUserCommand(const CallerContext& caller, std::int32_t associateId,
        std::string_view commandName, CommandActionResult answer);

    // ---- passwords.cpp, password_reset.cpp
    /// A user named by id, or by user name when the id is 0.
    struct UserKey {
        std::int32_t id = 0;
        std::string_view userName;
    };
    /// The credential type a password is stored as: "password", else the first that can create passwords.
    static CredentialType passwordType(store::Session& s);
    /// Puts `password` as the user's credential of `type` (added when it has none); returns
    /// its index. The save plan hashes it.
    static std::size_t putPassword(User& user, const CredentialType& type, std::string_view password);
    /// The service's own rules for a new password (1 to 1024 characters of UTF-8), or Validation naming `name`.
    static void checkNewPassword(std::string_view password, const std::string& name);
    void setPassword(
        const CallerContext& context, UserKey key, std::string_view password, const PasswordOptions& options);
    std::string setGeneratedPassword(
        const CallerContext& context, UserKey key, const PasswordOptions& options, bool externalOnly);
    void changePassword(const CallerContext& context, UserKey key, std::string_view oldPassword,
        std::string_view newPassword, const PasswordOptions& options);
    /// Whether `oldPassword` matches one of the stored secret hashes; one Argon2id at least.
    bool oldPasswordMatches(std::string_view oldPassword, std::span<const store::CredentialRow> rows);
    std::vector<ChangePasswordType> supportedChangePasswordTypes(const CallerContext& context, std::int32_t id);
    UserValidationResult isPasswordValid(const CallerContext& context, std::int32_t id, UserType type,
        std::int32_t personId, std::string_view password);
    OperationResult sendChangePasswordEMail(const CallerContext& context, std::int32_t id);
    void resetPassword(std::string_view token, std::string_view newPassword, const PasswordOptions& options);
    /// Stores `password` as user `id`'s password: a save of the stored user through the
    /// save plan, as `context`. `alsoWrite` runs in the same write transaction.
    /// `how` tells the post-save commands (the audit trail) how the password changed.
    void savePassword(const CallerContext& context, std::int32_t id, std::string_view password,
        plugin::SecretChangeKind how, const PasswordOptions& options,
        const std::function<void(store::Session&)>& alsoWrite = {});

    // ---- authentication.cpp
    /// Throttled per client address and user name (loginThrottle_): TooManyRequests while locked out.
    std::optional<std::int32_t> authenticatePassword(
        std::string_view userName, std::string_view password, std::string_view clientAddress);
    /// TooManyRequests with Retry-After: a sign-in (or an old password) locked out for `wait`.
    [[noreturn]] static void lockedOut(std::chrono::milliseconds wait, std::string source);
    /// The user whose password this is (the verified cache, then Argon2id in a slot); no throttling.
    std::optional<std::int32_t> checkPassword(std::string_view userName, std::string_view password);
    IssuedApiToken issueApiToken(const CallerContext& caller, std::int32_t associateId, std::string label);
    std::vector<ApiToken> apiTokens(const CallerContext& caller, std::int32_t associateId);
    void revokeApiToken(const CallerContext& caller, std::int64_t tokenId);
    std::optional<std::int32_t> authenticateToken(std::string_view secret);
    std::optional<SignInStamp> signInStamp(std::int32_t associateId);

    // ---- reference_lists.cpp
    /// The lists a user points into, their texts in the caller's language.
    void localizeLists(User& user, std::string_view language) const;
    Role addRole(const CallerContext& caller, const Role& role, const RoleRights& rights);
    std::vector<Role> roles(store::Session& s, const CallerContext& caller) const;
    UserGroup addUserGroup(const CallerContext& caller, const UserGroup& group);
    std::vector<UserGroup> userGroups(store::Session& s, const CallerContext& caller) const;
    MDOListItem addTicketCategory(const CallerContext& caller, const MDOListItem& category);
    std::vector<MDOListItem> ticketCategories(store::Session& s, const CallerContext& caller) const;
    CredentialType addCredentialType(const CallerContext& caller, const CredentialType& type);
    std::vector<CredentialType> credentialTypes(store::Session& s, const CallerContext& caller) const;
    LicenseOwner addLicenseOwner(const CallerContext& caller, const LicenseOwner& owner);
    std::vector<LicenseOwner> licenseOwners(store::Session& s, const CallerContext& caller) const;

    // ---- user_groups.cpp: groups by id, created, renamed, retired, deleted (audited); presence.cpp
    std::vector<UserGroup> allUserGroups(const CallerContext& caller, bool includeDeleted);
    /// The groups with these ids, in order, skipping unknown ids.
    std::vector<UserGroup> userGroupList(const CallerContext& caller, std::span<const std::int32_t> ids);
    UserGroup createUserGroup(const CallerContext& caller);
    UserGroup saveUserGroup(const CallerContext& caller, const UserGroup& group);
    void deleteUserGroup(const CallerContext& caller, std::int32_t id, std::int32_t moveTo);
    void localizeGroups(std::vector<UserGroup>& groups, std::string_view language) const;
    /// Records a change to the group list in the "list-audit" stream (AssociateId 0), in the change's transaction.
    void auditListChange(store::Session& s, const CallerContext& caller, std::string_view action, std::int32_t id,
        const std::optional<UserGroup>& before, const std::optional<UserGroup>& after, std::int32_t moveTo = 0);
    /// A change to a reference list: which list ("UserGroup", "Role"), what was done, to
    /// which id, and where its users moved (0: nowhere).
    struct ListChange {
        std::string_view list;
        std::string_view action;
        std::int32_t id = 0;
        std::int32_t movedTo = 0;
    };
    /// Records it in the "list-audit" stream (AssociateId 0) with the item before and
    /// after (null: none), in the change's transaction, and logs it.
    void auditListChange(store::Session& s, const CallerContext& caller, const ListChange& change,
        boost::json::value before, boost::json::value after);
    /// Validation naming `field`.
    [[noreturn]] static void invalid(const std::string& field, const std::string& problem);
    /// Valid UTF-8 of at most `limit` characters without control characters, else Validation.
    static void checkText(const std::optional<std::string>& text, const std::string& field, std::size_t limit);
    // ---- roles.cpp: roles as entities by id, created, changed, retired, deleted (audited)
    /// Who may change roles: today whoever may change the reference lists
    /// (listAdministrator()); the one place that decides it. Forbidden otherwise.
    Principal roleAdministrator(store::Session& s, const CallerContext& caller) const;
    std::vector<SelectableMDOListItem> allRoles(const CallerContext& caller, RoleType type);
    std::optional<Role> role(const CallerContext& caller, std::int32_t id);
    std::optional<RoleEntity> roleEntity(const CallerContext& caller, std::int32_t id);
    RoleEntity saveRoleEntity(const CallerContext& caller, const RoleEntity& role);
    void deleteRole(const CallerContext& caller, std::int32_t id, std::int32_t replacing);
    RoleEntity defaultRoleEntity(const CallerContext& caller, RoleType type);
    /// A role as its audit records show it (old and new).
    static boost::json::value auditedRole(const store::StoredRole& stored);
    /// findCredentialUsers() ("" searched) among the users with this main or other group.
    CredentialsGroupUsers credentialUsersInGroup(
        const CallerContext& context, std::string_view type, std::int32_t groupId);
    UserPresenceStatus presence(const CallerContext& caller, std::int32_t associateId);
    UserPresenceStatus setPresence(
        const CallerContext& caller, std::int32_t associateId, const UserPresenceStatus& presence);
    /// The caller's own id for "associate 0"; the system has none (BadRequest).
    static std::int32_t selfFor(const CallerContext& caller);

    // ---- functional_rights.cpp: the catalogue, each role's set (audited), who holds a right
    /// The built-in rights (ids 1 to 6), then the loaded plugins' (ids after them).
    std::vector<functional::Right> functionalRightCatalogue() const;
    /// The caller when it holds functional right `right` (the system holds all); else Forbidden.
    Principal rightHolder(store::Session& s, const CallerContext& caller, std::string_view right) const;
    /// The names of the rights the caller holds, sorted.
    std::vector<std::string> functionalRightNames(const Principal& caller) const;
    std::vector<MDOListItem> allFunctionalRights(const CallerContext& caller, RoleType roleType);
    std::vector<MDOListItem> functionalRightsOf(const CallerContext& caller, std::int32_t roleId);
    void setFunctionalRights(const CallerContext& caller, std::int32_t roleId, std::span<const std::int32_t> ids);
    /// The ids of the roles holding one or more of `names` (`with`), or none of them; an
    /// unknown name is BadRequest naming `source`.
    std::vector<std::int32_t> rolesByFunctionalRights(
        const CallerContext& caller, std::span<const std::string> names, bool with, const char* source);
    std::vector<MDOListItem> rolesWithFunctionalRight(const CallerContext& caller, std::string_view name);
    // ---- data_rights.cpp: each role's data rights by table and relation to the owner (audited)
    /// The stored rights of a role, for a holder of admin-roles (else Forbidden); NotFound "roleId".
    RoleRights managedRole(store::Session& s, const CallerContext& caller, std::int32_t roleId) const;
    StringDictionary allDataRights(const CallerContext& caller, std::int32_t roleId, RoleRelationToOwner relation);
    StringDictionary dataRightsOf(const CallerContext& caller, std::int32_t roleId, std::string_view table);
    std::string dataRight(
        const CallerContext& caller, std::int32_t roleId, std::string_view table, RoleRelationToOwner relation);
    void setDataRight(const CallerContext& caller, std::int32_t roleId, std::string_view table,
        RoleRelationToOwner relation, std::string_view value);

    ServiceOptions options_;
    std::unique_ptr<store::Store> store_;
    detail::VerifiedPasswords verifiedPasswords_;
    /// Every Argon2id hash and verification runs in one of these (PasswordWork).
    detail::PasswordSlots passwordSlots_ { options_.passwordWork };
    detail::LoginThrottle loginThrottle_ { options_.loginThrottling };

private:
    friend class SavePlan;
    /// What the plugins registered, as the service uses it; rebuilt when it changes.
    struct PluginLists;
    std::shared_ptr<const PluginLists> pluginLists() const;
    const detail::TextSource* pluginTexts() const { return options_.plugins ? &pluginTexts_ : nullptr; }

    detail::TextSource pluginTexts_;
    mutable std::mutex pluginListsMutex_;
    mutable std::shared_ptr<const PluginLists> pluginLists_;
};

/// " (elevated by caller N)" for the log line of a write made with asSystem(), else "".
std::string elevatedBy(const CallerContext& caller);

} // namespace userservice
