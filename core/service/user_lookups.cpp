// Look-ups beside getUser: the users of a person or an eJournal id, users in brief
// (UserInfo), the caller itself, and default users of a type (or of a stored person).
// Every answer is made from users as the caller may see them: rights applied first.
#include "service_impl.hpp"

#include "../rights_enforcement.hpp"

#include <algorithm>

namespace userservice {

namespace {

/// The FieldProperty of `field` in `carrier`'s properties, read-only (UserInfo is never saved).
FieldProperty readOnly(
    const std::optional<FieldProperties>& properties, std::string_view field, std::string_view type = {})
{
    FieldProperty property;
    if (properties)
        if (const auto* found = properties->find(field))
            property = *found;
    const bool readable = property.fieldRight &&
        (static_cast<std::uint32_t>(property.fieldRight->mask) & static_cast<std::uint32_t>(EFieldRight::Read));
    const std::string reason = property.fieldRight ? property.fieldRight->reason : std::string();
    property.fieldRight = FieldRight { readable ? EFieldRight::Read : EFieldRight::None, readable ? "" : reason };
    if (!type.empty())
        property.fieldType = std::string(type);
    return property;
}

/// The properties of a nested carrier's field, or of the member holding it when it is absent.
template <class C>
FieldProperty nestedReadOnly(
    const User& user, const std::optional<C>& nested, std::string_view member, std::string_view field)
{
    return nested ? readOnly(nested->fieldProperties, field) : readOnly(user.fieldProperties, member);
}

/// The user in brief, from the user as the caller may see it: blank there, blank here.
UserInfo infoOf(const User& user)
{
    UserInfo info { .deleted = user.deleted,
        .userInfoId = user.associateId,
        .userName = user.userName,
        .personId = user.person ? user.person->personId : 0,
        .rank = user.rank,
        .tooltip = user.tooltip,
        .userGroupId = user.userGroup ? user.userGroup->id : 0,
        .ejUserId = user.ejUserId,
        .userType = user.type };
    auto& licenses = info.grantedLicenses.emplace();
    for (const auto& owner : user.licenseOwners.value_or(std::vector<LicenseOwner> {}))
        for (const auto* list : { &owner.restrictedModuleLicenses, &owner.unrestrictedModuleLicenses })
            for (const auto& link : list->value_or(std::vector<ModuleLicenseLink> {}))
                if (link.assigned && link.name)
                    licenses.push_back(*link.name);
    info.canLogon = !user.deleted && !user.isPersonRetired && user.type != UserType::ResourceAssociate &&
        user.type != UserType::Unknown;
    if (user.role) {
        info.roleName = user.role->name;
        info.roleTooltip = user.role->toolTip;
    }
    if (user.userGroup) {
        info.userGroupName = user.userGroup->value;
        info.userGroupTooltip = user.userGroup->tooltip;
    }
    info.tableRight = TableRight { ETableRight::Select, {} };
    const auto& own = user.fieldProperties;
    info.fieldProperties = FieldProperties {
        { "Deleted", readOnly(own, "Deleted") },
        { "UserInfoId", readOnly(own, "AssociateId") },
        { "UserName", readOnly(own, "UserName") },
        { "PersonId", nestedReadOnly(user, user.person, "Person", "PersonId") },
        { "Rank", readOnly(own, "Rank") },
        { "Tooltip", readOnly(own, "Tooltip") },
        { "UserGroupId", nestedReadOnly(user, user.userGroup, "UserGroup", "Id") },
        { "EjUserId", readOnly(own, "EjUserId") },
        { "UserType", readOnly(own, "Type") },
        { "GrantedLicenses", readOnly(own, "LicenseOwners", "System.String[]") },
        { "CanLogon", readOnly(own, "Deleted", "System.Boolean") },
        { "RoleName", nestedReadOnly(user, user.role, "Role", "Name") },
        { "RoleTooltip", nestedReadOnly(user, user.role, "Role", "ToolTip") },
        { "UserGroupName", nestedReadOnly(user, user.userGroup, "UserGroup", "Value") },
        { "UserGroupTooltip", nestedReadOnly(user, user.userGroup, "UserGroup", "Tooltip") },
    };
    return info;
}

[[noreturn]] void badUserType(UserType type)
{
    throw Exception(Error(ErrorKind::BadRequest,
        "userType must be one of InternalAssociate, ResourceAssociate, ExternalAssociate, AnonymousAssociate, "
        "SystemAssociate, not " +
            toString(type),
        {}, "userType"));
}

} // namespace

std::vector<User> UserService::Impl::usersFrom(
    const CallerContext& context, UserLookupKey key, std::int32_t value, const Select& select)
{
    const char* name = key == UserLookupKey::PersonId ? "personId" : "ejUserId";
    if (value <= 0)
        throw Exception(Error(ErrorKind::BadRequest,
            std::string(name) + ": expected a positive integer id, got " + std::to_string(value), {}, name));
    auto users = readAs(context, [&](store::Session& s, const Principal& caller) {
        std::vector<User> found;
        const auto ids = key == UserLookupKey::PersonId ? s.userIdsByPerson(value) : s.userIdsByEjUserId(value);
        for (const std::int32_t id : ids)
            if (auto user = visibleUser(s, caller, context, id))
                found.push_back(std::move(*user));
        return found;
    });
    for (auto& user : users)
        select.apply(user);
    return users;
}

std::vector<UserInfo> UserService::Impl::userInfos(const CallerContext& context, std::span<const std::int32_t> ids)
{
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] <= 0)
            throw Exception(Error(ErrorKind::BadRequest,
                "userInfoIds[" + std::to_string(i) + "]: expected a positive integer id, got " + std::to_string(ids[i]),
                {}, "userInfoIds"));
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        std::vector<UserInfo> infos;
        for (const std::int32_t id : ids)
            if (const auto user = visibleUser(s, caller, context, id))
                infos.push_back(infoOf(*user));
        return infos;
    });
}

CurrentPrincipal UserService::Impl::currentPrincipal(const CallerContext& context)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        CurrentPrincipal out { .associateId = context.associateId, .type = caller.type };
        out.functionalRights = functionalRightNames(caller);
        if (!context.language.empty() && context.language != "*")
            out.language = context.language;
        if (context.associateId == 0)
            return out;
        // Its own user as it may see it: a rights plugin that hides a field hides it here too.
        if (const auto user = visibleUser(s, caller, context, context.associateId)) {
            out.userName = user->userName;
            out.type = user->type;
            if (user->role) {
                out.roleId = user->role->roleId;
                out.roleName = user->role->name;
            }
            if (user->userGroup) {
                out.userGroupId = user->userGroup->id;
                out.userGroupName = user->userGroup->value;
            }
        }
        return out;
    });
}

User UserService::Impl::createDefaultUser(const CallerContext& context, UserType type, std::int32_t personId)
{
    const auto names = enumNames<UserType>();
    if (type == UserType::Unknown ||
        std::none_of(names.begin(), names.end(), [&](const auto& entry) { return entry.value == type; }))
        badUserType(type);
    if (personId < 0)
        throw Exception(Error(ErrorKind::BadRequest,
            "personId: expected a positive integer id, got " + std::to_string(personId), {}, "personId"));
    User user = createDefaultUser(context);
    user.type = type;
    if (personId == 0)
        return user;
    auto person = readAs(context, [&](store::Session& s, const Principal& caller) -> std::optional<User> {
        user.person = visiblePerson(s, caller, context, personId);
        if (!user.person)
            return std::nullopt;
        derive(user);
        detail::applyRights(user, rights(caller, nullptr, context)); // what a new user's fields show
        return std::move(user);
    });
    if (!person)
        throw Exception(
            Error(ErrorKind::NotFound, "there is no person with PersonId " + std::to_string(personId), {}, "personId"));
    return std::move(*person);
}

std::optional<Person> UserService::Impl::visiblePerson(
    store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t personId) const
{
    // Persons here are users' persons: one is found only through a user the caller may see.
    const auto ids = s.userIdsByPerson(personId);
    if (std::none_of(ids.begin(), ids.end(), [&](std::int32_t id) { return canSee(s, caller, context, id); }))
        return std::nullopt;
    return s.person(personId);
}

} // namespace userservice
