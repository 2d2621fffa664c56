// The carriers of the User agent, member for member as the wire format lists them
// (see the seeds in tests/data/seeds and the README's "The wire format"). Members are the wire names in
// lowerCamelCase, in the wire order.
//
// Nullability follows .NET: strings, arrays, dictionaries and nested carriers are
// std::optional (null on the wire); numbers, booleans, enums, flags and
// date-times are values (their default when absent).
#pragma once

#include <userservice/datetime.hpp>
#include <userservice/enums.hpp>
#include <userservice/ordered_map.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace userservice {

using OptionalString = std::optional<std::string>;
using StringDictionary = OrderedMap<std::string>;

struct TableRight {
    ETableRight mask = ETableRight::None;
    std::string reason; ///< why a right is missing; blank when all are held
    friend bool operator==(const TableRight&, const TableRight&) = default;
};

struct FieldRight {
    EFieldRight mask = EFieldRight::None;
    std::string reason;
    friend bool operator==(const FieldRight&, const FieldRight&) = default;
};

struct FieldProperty {
    std::optional<FieldRight> fieldRight;
    OptionalString fieldType; ///< the .NET type name: "System.String", "System.Int32", …
    std::int32_t fieldLength = 0;
    friend bool operator==(const FieldProperty&, const FieldProperty&) = default;
};

/// Field name -> what the caller may do with that field.
using FieldProperties = OrderedMap<FieldProperty>;

// Every carrier ends with these two members: the caller's rights on it.
#define USERSERVICE_CARRIER_RIGHTS                                                                                     \
    std::optional<TableRight> tableRight;                                                                              \
    std::optional<FieldProperties> fieldProperties

struct Role {
    std::int32_t roleId = 0;
    OptionalString name;
    OptionalString toolTip;
    RoleType roleType = RoleType::Unknown;
    bool deleted = false;
    std::int32_t rank = 0;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const Role&, const Role&) = default;
};

/// A user group list item; the main group and the "other groups" of a user.
struct UserGroup {
    OptionalString value;
    OptionalString tooltip;
    std::int32_t id = 0;
    std::int32_t rank = 0;
    bool deleted = false;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const UserGroup&, const UserGroup&) = default;
};

// ---- roles as entities (GetRoleEntity, SaveRoleEntity, GetAllRoles)

/// A user as the author of a change (RoleEntity's CreatedBy and UpdatedBy): its id, and
/// its Name as the caller may read it (null otherwise, and for the system, id 0).
struct Associate {
    std::int32_t associateId = 0;
    OptionalString name;
    friend bool operator==(const Associate&, const Associate&) = default;
};

/// A role as an administrator edits it. RoleType is fixed once the role is stored.
struct RoleEntity {
    std::int32_t roleId = 0;
    OptionalString name;
    OptionalString tooltip;
    RoleType roleType = RoleType::Unknown;
    bool deleted = false; ///< retired: kept on its users, hidden from pick lists
    std::int32_t rank = 0;
    DateTime created;
    bool useCategories = false; ///< its users are limited to their ticket categories
    std::optional<Associate> createdBy;
    DateTime updated;
    std::optional<Associate> updatedBy;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const RoleEntity&, const RoleEntity&) = default;
};

/// A pick-list item with a selection (GetAllRoles).
struct SelectableMDOListItem {
    std::int32_t id = 0;
    OptionalString name;
    OptionalString toolTip;
    bool deleted = false;
    std::int32_t rank = 0;
    OptionalString type;
    std::int32_t colorBlock = 0;
    OptionalString iconHint;
    bool selected = false;
    DateTime lastChanged;
    std::optional<std::vector<SelectableMDOListItem>> childItems;
    OptionalString extraInfo;
    OptionalString styleHint;
    bool hidden = false;
    OptionalString fullName;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const SelectableMDOListItem&, const SelectableMDOListItem&) = default;
};

/// The person record behind a user.
struct Person {
    OptionalString position;
    std::int32_t personId = 0;
    OptionalString mrmrs;
    OptionalString firstname;
    OptionalString lastname;
    OptionalString middleName;
    OptionalString title;
    OptionalString description;
    OptionalString email;
    OptionalString fullName;
    OptionalString directPhone;
    OptionalString formalName;
    std::int32_t countryId = 0;
    std::int32_t contactId = 0;
    OptionalString contactName;
    std::int32_t retired = 0;
    std::int32_t rank = 0;
    std::int32_t activeInterests = 0;
    OptionalString contactDepartment;
    std::int32_t contactCountryId = 0;
    OptionalString contactOrgNr;
    OptionalString faxPhone;
    OptionalString mobilePhone;
    OptionalString contactPhone;
    OptionalString associateName;
    std::int32_t associateId = 0;
    bool usePersonAddress = false;
    OptionalString contactFax;
    OptionalString kanafname;
    OptionalString kanalname;
    OptionalString post1;
    OptionalString post2;
    OptionalString post3;
    OptionalString emailName;
    OptionalString contactFullName;
    std::int32_t activeErpLinks = 0;
    std::int32_t ticketPriorityId = 0;
    std::int32_t supportLanguageId = 0;
    std::int32_t supportAssociateId = 0;
    OptionalString categoryName;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const Person&, const Person&) = default;
};

/// A way to authenticate: password, Active Directory, …
struct CredentialType {
    OptionalString type;
    OptionalString displayType;
    bool canCreatePassword = false;
    bool isNameRequired = false;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const CredentialType&, const CredentialType&) = default;
};

/// One authentication method of a user. A password's Value is write-only.
struct Credential {
    std::optional<CredentialType> type;
    OptionalString value;
    OptionalString displayValue;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const Credential&, const Credential&) = default;
};

/// A module licence, assigned to the user or not.
struct ModuleLicenseLink {
    bool assigned = false;
    std::int32_t moduleLicenseId = 0;
    OptionalString name;
    OptionalString description;
    OptionalString tooltip;
    bool unrestricted = false;
    std::int32_t free = 0;
    std::int32_t inUse = 0;
    std::int32_t licenseDeleted = 0;
    std::int32_t total = 0;
    bool canAssign = false;
    OptionalString prerequisiteModuleName;
    std::int32_t sortOrder = 0;
    bool isHidden = false;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const ModuleLicenseLink&, const ModuleLicenseLink&) = default;
};

/// The module licences one licence owner (SuperOffice, a partner) grants.
struct LicenseOwner {
    OptionalString name;
    OptionalString description;
    std::optional<std::vector<ModuleLicenseLink>> restrictedModuleLicenses;
    std::optional<std::vector<ModuleLicenseLink>> unrestrictedModuleLicenses;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const LicenseOwner&, const LicenseOwner&) = default;
};

/// An item of a list (MDO list), e.g. a ticket category; may have children.
struct MDOListItem {
    std::int32_t id = 0;
    OptionalString name;
    OptionalString toolTip;
    bool deleted = false;
    std::int32_t rank = 0;
    OptionalString type;
    std::optional<std::vector<MDOListItem>> childItems;
    OptionalString iconHint;
    std::int32_t colorBlock = 0;
    OptionalString extraInfo;
    OptionalString styleHint;
    OptionalString fullName;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const MDOListItem&, const MDOListItem&) = default;
};

/// A command a client can offer, and the dialog it must show first.
struct CustomCommand {
    OptionalString name;
    OptionalString displayName;
    OptionalString description;
    OptionalString toolTip;
    CommandAction actions = CommandAction::Implicit;
    OptionalString actionData;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const CustomCommand&, const CustomCommand&) = default;
};

struct CommandResult {
    bool success = false;
    OptionalString message;
    CommandActionResult result = CommandActionResult::Implicit;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const CommandResult&, const CommandResult&) = default;
};

/// A SuperOffice user: login credentials and an associated person.
struct User {
    std::int32_t associateId = 0; ///< 0 when not yet saved
    OptionalString name; ///< initials; unique
    std::int32_t rank = 0;
    OptionalString tooltip;
    std::optional<std::vector<LicenseOwner>> licenseOwners;
    std::optional<Role> role;
    std::optional<UserGroup> userGroup;
    std::optional<std::vector<UserGroup>> otherGroups;
    std::optional<Person> person;
    bool deleted = false; ///< retired: keeps the record, has no rights
    DateTime lastlogin;
    DateTime lastlogout;
    std::int32_t ejUserId = 0;
    OptionalString requestSignature;
    UserType type = UserType::Unknown;
    bool isPersonRetired = false;
    bool isOnTravel = false;
    std::optional<std::vector<Credential>> credentials;
    OptionalString userName; ///< login name; unique
    std::optional<std::vector<MDOListItem>> ticketCategories;
    OptionalString nickName; ///< unique
    bool waitingForApproval = false;
    std::optional<StringDictionary> extraFields; ///< deprecated in favour of customFields
    std::optional<StringDictionary> customFields;
    std::optional<std::vector<CustomCommand>> postSaveCommands;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const User&, const User&) = default;
};

/// Whether a user name, password or the like is acceptable, and why not.
struct UserValidationResult {
    OptionalString reason; ///< blank when Result is true
    bool result = false;
    friend bool operator==(const UserValidationResult&, const UserValidationResult&) = default;
};

/// The outcome of an operation that can fail without an error (SendChangePasswordEMail).
struct OperationResult {
    bool success = false;
    OptionalString message;
    friend bool operator==(const OperationResult&, const OperationResult&) = default;
};

/// A user's presence (Get/SetUserPresenceStatus): a status and a free text.
struct UserPresenceStatus {
    PresenceStatus status = PresenceStatus::Unknown;
    OptionalString message;
    friend bool operator==(const UserPresenceStatus&, const UserPresenceStatus&) = default;
};

// ---- user names, user info and look-ups

/// A user in brief (GetUserInfo): derived from the user as the caller may see it, so it
/// reveals nothing the caller may not read on that user. UserInfoId is the AssociateId.
struct UserInfo {
    bool deleted = false;
    std::int32_t userInfoId = 0;
    OptionalString userName;
    std::int32_t personId = 0;
    std::int32_t rank = 0;
    OptionalString tooltip;
    std::int32_t userGroupId = 0;
    std::int32_t ejUserId = 0;
    UserType userType = UserType::Unknown;
    std::optional<std::vector<std::string>> grantedLicenses; ///< names of the assigned module licences
    bool canLogon = false; ///< not retired, and not a resource
    OptionalString roleName;
    OptionalString roleTooltip;
    OptionalString userGroupName;
    OptionalString userGroupTooltip;
    USERSERVICE_CARRIER_RIGHTS;
    friend bool operator==(const UserInfo&, const UserInfo&) = default;
};

/// ResolveUserFromInfo's answer: the user found or created, and whether its person was created.
struct ResolvedUser {
    std::optional<User> user;
    bool personCreated = false;
    friend bool operator==(const ResolvedUser&, const ResolvedUser&) = default;
};

// ---- credentials

/// One user found by FindCredentialUsers: its credential of the type searched, and
/// Info, one text per heading of CredentialsGroupUsers (user name, name, AssociateId).
struct CredentialUser {
    OptionalString value; ///< the credential's value; null for a type that keeps secrets
    OptionalString displayValue;
    std::optional<std::vector<std::string>> info;
    friend bool operator==(const CredentialUser&, const CredentialUser&) = default;
};

/// Users with a credential of one type (FindCredentialUsers, GetCredentialUsersInGroup).
struct CredentialsGroupUsers {
    std::optional<std::vector<std::string>> headings; ///< what each CredentialUser's Info holds
    std::optional<std::vector<CredentialUser>> users;
    friend bool operator==(const CredentialsGroupUsers&, const CredentialsGroupUsers&) = default;
};

/// A group of a credential type's directory (FindCredentialsGroups).
struct CredentialsGroup {
    OptionalString name;
    OptionalString displayName;
    friend bool operator==(const CredentialsGroup&, const CredentialsGroup&) = default;
};

/// ResolveUserFromInfo's parameters: who to find (by credential, else by e-mail) or create.
struct ResolveUserInfo {
    std::int32_t contactId = 0; ///< must be 0: this product has no contacts
    std::string personName; ///< "First Last" for a user created on demand
    std::vector<std::string> phoneNumbers; ///< a created person's DirectPhone, then MobilePhone
    std::vector<std::string> emails; ///< looked up in order; the first is a created person's Email
    UserType userType = UserType::InternalAssociate;
    std::optional<Credential> credential; ///< of a type that keeps no secrets
};

/// Who is calling (GetCurrentPrincipal): the caller's own facts, nothing about others.
struct CurrentPrincipal {
    std::int32_t associateId = 0; ///< 0: the system itself
    OptionalString userName;
    UserType type = UserType::Unknown;
    std::int32_t roleId = 0;
    OptionalString roleName;
    std::int32_t userGroupId = 0;
    OptionalString userGroupName;
    std::optional<std::vector<std::string>> functionalRights; ///< "admin-users", … (functional_rights.hpp)
    OptionalString language; ///< of this call's answers (SO-Language); null when none
    friend bool operator==(const CurrentPrincipal&, const CurrentPrincipal&) = default;
};

// Request bodies of the agent calls. They carry no rights.

struct ExecuteUserCommandRequest {
    OptionalString commandName;
    CommandActionResult actionResult = CommandActionResult::Implicit;
    std::optional<User> user;
    friend bool operator==(const ExecuteUserCommandRequest&, const ExecuteUserCommandRequest&) = default;
};

struct SaveUserFromNameRequest {
    OptionalString userName;
    std::optional<User> user;
    friend bool operator==(const SaveUserFromNameRequest&, const SaveUserFromNameRequest&) = default;
};

struct GetUserCommandsRequest {
    std::optional<User> user;
    friend bool operator==(const GetUserCommandsRequest&, const GetUserCommandsRequest&) = default;
};

#undef USERSERVICE_CARRIER_RIGHTS

/// Applies X(Type) to every carrier and request body, for code generated per type.
#define USERSERVICE_FOR_EACH_CARRIER(X)                                                                                \
    X(TableRight)                                                                                                      \
    X(FieldRight)                                                                                                      \
    X(FieldProperty)                                                                                                   \
    X(Role)                                                                                                            \
    X(UserGroup)                                                                                                       \
    X(Person)                                                                                                          \
    X(CredentialType)                                                                                                  \
    X(Credential)                                                                                                      \
    X(ModuleLicenseLink)                                                                                               \
    X(LicenseOwner)                                                                                                    \
    X(MDOListItem)                                                                                                     \
    X(CustomCommand)                                                                                                   \
    X(CommandResult)                                                                                                   \
    X(User)                                                                                                            \
    X(UserValidationResult)                                                                                            \
    X(OperationResult)                                                                                                 \
    X(UserPresenceStatus)                                                                                              \
    X(UserInfo)                                                                                                        \
    X(ResolvedUser)                                                                                                    \
    X(CurrentPrincipal)                                                                                                \
    X(ExecuteUserCommandRequest)                                                                                       \
    X(SaveUserFromNameRequest)                                                                                         \
    X(GetUserCommandsRequest)                                                                                          \
    X(CredentialUser)                                                                                                  \
    X(CredentialsGroupUsers)                                                                                           \
    X(CredentialsGroup)                                                                                                \
    X(Associate)                                                                                                       \
    X(RoleEntity)                                                                                                      \
    X(SelectableMDOListItem)

} // namespace userservice
