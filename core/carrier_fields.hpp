// The one description of every carrier: its wire name and its fields, in wire
// order. JSON reading and writing (and later $select, rights and validation) are
// all derived from these tables, so a field is added in one place.
#pragma once

#include <userservice/carriers.hpp>

#include <string_view>
#include <tuple>

namespace userservice::detail {

template <class C, class M> struct Field {
    std::string_view name; ///< the PascalCase wire name
    M C::*member;
};

template <class C, class M> constexpr Field<C, M> field(std::string_view name, M C::*member)
{
    return { name, member };
}

/// Specialised for every carrier: `name` and `fields`.
template <class C> struct CarrierInfo;

template <class C>
concept Carrier = requires
{
    CarrierInfo<C>::fields;
};

#define USERSERVICE_CARRIER(Type, ...)                                                                                 \
    template <> struct CarrierInfo<Type> {                                                                             \
        using T = Type;                                                                                                \
        static constexpr std::string_view name = #Type;                                                                \
        static constexpr auto fields = std::make_tuple(__VA_ARGS__);                                                   \
    }
#define USERSERVICE_RIGHTS_FIELDS field("TableRight", &T::tableRight), field("FieldProperties", &T::fieldProperties)

USERSERVICE_CARRIER(TableRight, field("Mask", &T::mask), field("Reason", &T::reason));
USERSERVICE_CARRIER(FieldRight, field("Mask", &T::mask), field("Reason", &T::reason));
USERSERVICE_CARRIER(FieldProperty, field("FieldRight", &T::fieldRight), field("FieldType", &T::fieldType),
    field("FieldLength", &T::fieldLength));

USERSERVICE_CARRIER(Role, field("RoleId", &T::roleId), field("Name", &T::name), field("ToolTip", &T::toolTip),
    field("RoleType", &T::roleType), field("Deleted", &T::deleted), field("Rank", &T::rank), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(Associate, field("AssociateId", &T::associateId), field("Name", &T::name));
USERSERVICE_CARRIER(RoleEntity, field("RoleId", &T::roleId), field("Name", &T::name), field("Tooltip", &T::tooltip),
    field("RoleType", &T::roleType), field("Deleted", &T::deleted), field("Rank", &T::rank),
    field("Created", &T::created), field("UseCategories", &T::useCategories), field("CreatedBy", &T::createdBy),
    field("Updated", &T::updated), field("UpdatedBy", &T::updatedBy), USERSERVICE_RIGHTS_FIELDS);
USERSERVICE_CARRIER(SelectableMDOListItem, field("Id", &T::id), field("Name", &T::name),
    field("ToolTip", &T::toolTip), field("Deleted", &T::deleted), field("Rank", &T::rank), field("Type", &T::type),
    field("ColorBlock", &T::colorBlock), field("IconHint", &T::iconHint), field("Selected", &T::selected),
    field("LastChanged", &T::lastChanged), field("ChildItems", &T::childItems), field("ExtraInfo", &T::extraInfo),
    field("StyleHint", &T::styleHint), field("Hidden", &T::hidden), field("FullName", &T::fullName),
    USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(UserGroup, field("Value", &T::value), field("Tooltip", &T::tooltip), field("Id", &T::id),
    field("Rank", &T::rank), field("Deleted", &T::deleted), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(Person, field("Position", &T::position), field("PersonId", &T::personId), field("Mrmrs", &T::mrmrs),
    field("Firstname", &T::firstname), field("Lastname", &T::lastname), field("MiddleName", &T::middleName),
    field("Title", &T::title), field("Description", &T::description), field("Email", &T::email),
    field("FullName", &T::fullName), field("DirectPhone", &T::directPhone), field("FormalName", &T::formalName),
    field("CountryId", &T::countryId), field("ContactId", &T::contactId), field("ContactName", &T::contactName),
    field("Retired", &T::retired), field("Rank", &T::rank), field("ActiveInterests", &T::activeInterests),
    field("ContactDepartment", &T::contactDepartment), field("ContactCountryId", &T::contactCountryId),
    field("ContactOrgNr", &T::contactOrgNr), field("FaxPhone", &T::faxPhone), field("MobilePhone", &T::mobilePhone),
    field("ContactPhone", &T::contactPhone), field("AssociateName", &T::associateName),
    field("AssociateId", &T::associateId), field("UsePersonAddress", &T::usePersonAddress),
    field("ContactFax", &T::contactFax), field("Kanafname", &T::kanafname), field("Kanalname", &T::kanalname),
    field("Post1", &T::post1), field("Post2", &T::post2), field("Post3", &T::post3), field("EmailName", &T::emailName),
    field("ContactFullName", &T::contactFullName), field("ActiveErpLinks", &T::activeErpLinks),
    field("TicketPriorityId", &T::ticketPriorityId), field("SupportLanguageId", &T::supportLanguageId),
    field("SupportAssociateId", &T::supportAssociateId), field("CategoryName", &T::categoryName),
    USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(CredentialType, field("Type", &T::type), field("DisplayType", &T::displayType),
    field("CanCreatePassword", &T::canCreatePassword), field("IsNameRequired", &T::isNameRequired),
    USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(Credential, field("Type", &T::type), field("Value", &T::value),
    field("DisplayValue", &T::displayValue), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(ModuleLicenseLink, field("Assigned", &T::assigned), field("ModuleLicenseId", &T::moduleLicenseId),
    field("Name", &T::name), field("Description", &T::description), field("Tooltip", &T::tooltip),
    field("Unrestricted", &T::unrestricted), field("Free", &T::free), field("InUse", &T::inUse),
    field("LicenseDeleted", &T::licenseDeleted), field("Total", &T::total), field("CanAssign", &T::canAssign),
    field("PrerequisiteModuleName", &T::prerequisiteModuleName), field("SortOrder", &T::sortOrder),
    field("IsHidden", &T::isHidden), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(LicenseOwner, field("Name", &T::name), field("Description", &T::description),
    field("RestrictedModuleLicenses", &T::restrictedModuleLicenses),
    field("UnrestrictedModuleLicenses", &T::unrestrictedModuleLicenses), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(MDOListItem, field("Id", &T::id), field("Name", &T::name), field("ToolTip", &T::toolTip),
    field("Deleted", &T::deleted), field("Rank", &T::rank), field("Type", &T::type),
    field("ChildItems", &T::childItems), field("IconHint", &T::iconHint), field("ColorBlock", &T::colorBlock),
    field("ExtraInfo", &T::extraInfo), field("StyleHint", &T::styleHint), field("FullName", &T::fullName),
    USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(CustomCommand, field("Name", &T::name), field("DisplayName", &T::displayName),
    field("Description", &T::description), field("ToolTip", &T::toolTip), field("Actions", &T::actions),
    field("ActionData", &T::actionData), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(CommandResult, field("Success", &T::success), field("Message", &T::message),
    field("Result", &T::result), USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(User, field("AssociateId", &T::associateId), field("Name", &T::name), field("Rank", &T::rank),
    field("Tooltip", &T::tooltip), field("LicenseOwners", &T::licenseOwners), field("Role", &T::role),
    field("UserGroup", &T::userGroup), field("OtherGroups", &T::otherGroups), field("Person", &T::person),
    field("Deleted", &T::deleted), field("Lastlogin", &T::lastlogin), field("Lastlogout", &T::lastlogout),
    field("EjUserId", &T::ejUserId), field("RequestSignature", &T::requestSignature), field("Type", &T::type),
    field("IsPersonRetired", &T::isPersonRetired), field("IsOnTravel", &T::isOnTravel),
    field("Credentials", &T::credentials), field("UserName", &T::userName),
    field("TicketCategories", &T::ticketCategories), field("NickName", &T::nickName),
    field("WaitingForApproval", &T::waitingForApproval), field("ExtraFields", &T::extraFields),
    field("CustomFields", &T::customFields), field("PostSaveCommands", &T::postSaveCommands),
    USERSERVICE_RIGHTS_FIELDS);

USERSERVICE_CARRIER(UserValidationResult, field("Reason", &T::reason), field("Result", &T::result));
USERSERVICE_CARRIER(OperationResult, field("Success", &T::success), field("Message", &T::message));
USERSERVICE_CARRIER(UserPresenceStatus, field("Status", &T::status), field("Message", &T::message));

USERSERVICE_CARRIER(UserInfo, field("Deleted", &T::deleted), field("UserInfoId", &T::userInfoId),
    field("UserName", &T::userName), field("PersonId", &T::personId), field("Rank", &T::rank),
    field("Tooltip", &T::tooltip), field("UserGroupId", &T::userGroupId), field("EjUserId", &T::ejUserId),
    field("UserType", &T::userType), field("GrantedLicenses", &T::grantedLicenses), field("CanLogon", &T::canLogon),
    field("RoleName", &T::roleName), field("RoleTooltip", &T::roleTooltip), field("UserGroupName", &T::userGroupName),
    field("UserGroupTooltip", &T::userGroupTooltip), USERSERVICE_RIGHTS_FIELDS);
USERSERVICE_CARRIER(ResolvedUser, field("User", &T::user), field("PersonCreated", &T::personCreated));
USERSERVICE_CARRIER(CredentialUser, field("Value", &T::value), field("DisplayValue", &T::displayValue),
    field("Info", &T::info));
USERSERVICE_CARRIER(CredentialsGroupUsers, field("Headings", &T::headings), field("Users", &T::users));
USERSERVICE_CARRIER(CredentialsGroup, field("Name", &T::name), field("DisplayName", &T::displayName));
USERSERVICE_CARRIER(CurrentPrincipal, field("AssociateId", &T::associateId), field("UserName", &T::userName),
    field("Type", &T::type), field("RoleId", &T::roleId), field("RoleName", &T::roleName),
    field("UserGroupId", &T::userGroupId), field("UserGroupName", &T::userGroupName),
    field("FunctionalRights", &T::functionalRights), field("Language", &T::language));

USERSERVICE_CARRIER(ExecuteUserCommandRequest, field("CommandName", &T::commandName),
    field("ActionResult", &T::actionResult), field("User", &T::user));
USERSERVICE_CARRIER(SaveUserFromNameRequest, field("UserName", &T::userName), field("User", &T::user));
USERSERVICE_CARRIER(GetUserCommandsRequest, field("User", &T::user));

#undef USERSERVICE_RIGHTS_FIELDS
#undef USERSERVICE_CARRIER

/// Calls f(field) for each field of C, in wire order.
template <Carrier C, class F> constexpr void forEachField(F&& f)
{
    std::apply([&](const auto&... each) { (f(each), ...); }, CarrierInfo<C>::fields);
}

template <Carrier C> inline constexpr std::size_t fieldCount = std::tuple_size_v<decltype(CarrierInfo<C>::fields)>;

} // namespace userservice::detail
