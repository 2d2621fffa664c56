#include <userservice/rights.hpp>

#include "rights_enforcement.hpp"

#include "carrier_fields.hpp"
#include "field_limits.hpp"
#include "type_traits.hpp"

#include <array>
#include <mutex>

namespace userservice {

EFieldRight CarrierRights::mask(std::string_view field) const noexcept
{
    const FieldProperty* property = fields.find(field);
    return property && property->fieldRight ? property->fieldRight->mask : EFieldRight::None;
}

bool CarrierRights::canRead(std::string_view field) const noexcept
{
    return (static_cast<std::uint32_t>(mask(field)) & static_cast<std::uint32_t>(EFieldRight::Read)) != 0;
}

bool CarrierRights::canWrite(std::string_view field) const noexcept
{
    return (static_cast<std::uint32_t>(mask(field)) & static_cast<std::uint32_t>(EFieldRight::Write)) != 0;
}

namespace {

using detail::CarrierInfo;

constexpr auto bits = [](auto value) { return static_cast<std::uint32_t>(value); };

// ---------------------------------------------------------------- the default policy

/// How the caller stands to the target user. Every right follows from this.
enum class Relation {
    System, ///< system callers: everything (derived fields stay read-only)
    Admin, ///< user administrators: the same
    OwnInternal, ///< an internal user on their own record: personal fields only
    OtherInternal, ///< an internal user on another user: read, sensitive fields hidden
    NewByInternal, ///< an internal user on a user being created: may not
    OwnExternal, ///< external, resource and anonymous users on their own record: read only
    Denied, ///< anyone else: nothing
    Count
};

Relation relationOf(const Principal& caller, const User* target)
{
    if (caller.isSystem())
        return Relation::System;
    const bool own = target && target->associateId == caller.associateId;
    if (caller.type == UserType::InternalAssociate) {
        if (caller.roleRights.has(functional::adminUsers))
            return Relation::Admin;
        return !target ? Relation::NewByInternal : own ? Relation::OwnInternal : Relation::OtherInternal;
    }
    return own ? Relation::OwnExternal : Relation::Denied;
}

/// What kind of field it is, for the policy.
enum class Access {
    Derived, ///< computed by the service: read-only for everyone
    Personal, ///< a user may change it on their own record
    Sensitive, ///< hidden from other users unless the caller administers users
    Admin, ///< changed by user administrators
};

struct FieldPolicy {
    std::string_view carrier;
    std::string_view field;
    Access access;
};

constexpr FieldPolicy fieldPolicies[] = {
    { "User", "AssociateId", Access::Derived },
    { "User", "Lastlogin", Access::Derived },
    { "User", "Lastlogout", Access::Derived },
    { "User", "EjUserId", Access::Derived },
    { "User", "IsPersonRetired", Access::Derived },
    { "User", "PostSaveCommands", Access::Derived },
    { "User", "Tooltip", Access::Personal },
    { "User", "NickName", Access::Personal },
    { "User", "IsOnTravel", Access::Personal },
    { "User", "Person", Access::Personal }, // the carrier; its own fields decide the rest
    { "User", "Credentials", Access::Sensitive },
    { "User", "RequestSignature", Access::Sensitive },
    { "Person", "PersonId", Access::Derived },
    { "Person", "FullName", Access::Derived },
    { "Person", "AssociateName", Access::Derived },
    { "Person", "AssociateId", Access::Derived },
    { "Person", "Email", Access::Personal },
    { "Person", "DirectPhone", Access::Personal },
    { "Person", "MobilePhone", Access::Personal },
    { "Person", "FaxPhone", Access::Personal },
};

/// Fields a client must fill: their Write right carries UIHintMandatory.
constexpr std::pair<std::string_view, std::string_view> mandatoryFields[] = { { "User", "Name" },
    { "User", "UserName" }, { "User", "Type" }, { "User", "Person" }, { "Person", "Lastname" } };

constexpr Access accessOf(std::string_view carrier, std::string_view field)
{
    if (field == "TableRight" || field == "FieldProperties")
        return Access::Derived;
    for (const auto& policy : fieldPolicies)
        if (policy.carrier == carrier && policy.field == field)
            return policy.access;
    return Access::Admin;
}

constexpr bool isMandatory(std::string_view carrier, std::string_view field)
{
    for (const auto& [c, f] : mandatoryFields)
        if (c == carrier && f == field)
            return true;
    return false;
}

struct Decision {
    EFieldRight mask;
    std::string_view reason;
};

constexpr Decision read(std::string_view reason)
{
    return { EFieldRight::Read, reason };
}
constexpr Decision none(std::string_view reason)
{
    return { EFieldRight::None, reason };
}
constexpr Decision update()
{
    return { EFieldRight::Update, {} };
}

constexpr std::string_view neverWritable = "[SR_RIGHTS_NEVER_WRITABLE]";
constexpr std::string_view notUserAdmin = "[SR_RIGHTS_NOT_USER_ADMIN]";
constexpr std::string_view personalOnly = "[SR_RIGHTS_PERSONAL_FIELDS_ONLY]";
constexpr std::string_view hiddenFromOthers = "[SR_RIGHTS_HIDDEN_FROM_OTHERS]";
constexpr std::string_view externalReadOnly = "[SR_RIGHTS_EXTERNAL_READ_ONLY]";
constexpr std::string_view listItem = "[SR_RIGHTS_LIST_ITEM]";
constexpr std::string_view removedByPlugin = "[SR_RIGHTS_REMOVED_BY_PLUGIN]";

} // namespace

bool detail::isComputedField(std::string_view carrier, std::string_view field)
{
    return accessOf(carrier, field) == Access::Derived;
}

namespace {

/// The right on a field of the User, Person or Credential carrier.
Decision decide(Relation relation, std::string_view carrier, std::string_view field)
{
    const Access access = carrier == "Credential" ? Access::Sensitive : accessOf(carrier, field);
    if (access == Access::Derived)
        return relation == Relation::Denied ? none(notUserAdmin) : read(neverWritable);
    switch (relation) {
    case Relation::System:
    case Relation::Admin:
        return update();
    case Relation::OwnInternal:
        if (access == Access::Personal)
            return update();
        return read(access == Access::Sensitive ? notUserAdmin : personalOnly);
    case Relation::OtherInternal:
        return access == Access::Sensitive ? none(hiddenFromOthers) : read(notUserAdmin);
    case Relation::NewByInternal:
        return read(notUserAdmin);
    case Relation::OwnExternal:
        return read(externalReadOnly);
    case Relation::Denied:
    case Relation::Count:
        break;
    }
    return none(relation == Relation::Denied ? externalReadOnly : notUserAdmin);
}

TableRight tableRight(Relation relation)
{
    switch (relation) {
    case Relation::System:
    case Relation::Admin:
        return { ETableRight::FULL, {} };
    case Relation::OwnInternal:
        return { static_cast<ETableRight>(bits(ETableRight::Select) | bits(ETableRight::RestrictedUpdate)),
            std::string(personalOnly) };
    case Relation::OtherInternal:
        return { ETableRight::Select, std::string(notUserAdmin) };
    case Relation::NewByInternal:
        return { ETableRight::None, std::string(notUserAdmin) };
    case Relation::OwnExternal:
        return { ETableRight::Select, std::string(externalReadOnly) };
    case Relation::Denied:
    case Relation::Count:
        break;
    }
    return { ETableRight::None, std::string(externalReadOnly) };
}

// ---------------------------------------------------------------- field types

template <class T> std::string fieldType()
{
    if constexpr (std::is_same_v<T, std::optional<std::string>> || std::is_same_v<T, std::string>)
        return "System.String";
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return "System.Int32";
    else if constexpr (std::is_same_v<T, bool>)
        return "System.Boolean";
    else if constexpr (std::is_same_v<T, DateTime>)
        return "System.DateTime";
    else if constexpr (std::is_same_v<T, UserType>)
        return "UserType";
    else if constexpr (std::is_same_v<T, RoleType>)
        return "RoleType";
    else if constexpr (std::is_same_v<T, CommandAction>)
        return "CommandAction";
    else if constexpr (std::is_enum_v<T>)
        return "System.Enum";
    else if constexpr (std::is_same_v<T, std::optional<StringDictionary>>)
        return "StringDictionary";
    else if constexpr (std::is_same_v<T, std::optional<FieldProperties>>)
        return "FieldProperties";
    else if constexpr (detail::IsOptional<T>::value && detail::IsVector<typename T::value_type>::value)
        return std::string(CarrierInfo<typename T::value_type::value_type>::name) + "[]";
    else if constexpr (detail::IsOptional<T>::value)
        return std::string(CarrierInfo<typename T::value_type>::name);
    else
        return "System.Object";
}

/// The rights on carrier C: `decideField(wireName)` gives each field's right.
template <class C, class F> CarrierRights carrierRights(TableRight table, F&& decideField)
{
    CarrierRights rights { std::move(table), {} };
    rights.fields.reserve(detail::fieldCount<C>);
    detail::forEachField<C>([&](const auto& field) {
        using Member = std::remove_cvref_t<decltype(std::declval<C>().*field.member)>;
        Decision decision = decideField(field.name);
        std::uint32_t mask = bits(decision.mask);
        if ((mask & bits(EFieldRight::Write)) && isMandatory(CarrierInfo<C>::name, field.name))
            mask |= bits(EFieldRight::UIHintMandatory);
        rights.fields.set(field.name,
            FieldProperty { FieldRight { static_cast<EFieldRight>(mask), std::string(decision.reason) },
                fieldType<Member>(), detail::maxLength(CarrierInfo<C>::name, field.name) });
    });
    return rights;
}

UserRights policyRights(Relation relation)
{
    UserRights rights;
    const TableRight table = tableRight(relation);
    const bool readable = bits(table.mask) & bits(ETableRight::Select);
    rights.user = carrierRights<User>(table, [&](std::string_view f) { return decide(relation, "User", f); });
    rights.person = carrierRights<Person>(table, [&](std::string_view f) { return decide(relation, "Person", f); });

    const bool administers = relation == Relation::System || relation == Relation::Admin;
    TableRight credentialTable = administers ? TableRight { ETableRight::FULL, {} }
        : relation == Relation::OwnInternal || relation == Relation::OwnExternal
        ? TableRight { ETableRight::Select, std::string(notUserAdmin) }
        : TableRight { ETableRight::None, std::string(hiddenFromOthers) };
    rights.credential = carrierRights<Credential>(
        credentialTable, [&](std::string_view f) { return decide(relation, "Credential", f); });

    // List items are read on a user and changed in their lists.
    const TableRight listTable = readable ? TableRight { ETableRight::Select, std::string(listItem) }
                                          : TableRight { ETableRight::None, table.reason };
    const auto listField = [&](std::string_view) { return readable ? read(listItem) : none(table.reason); };
    rights.credentialType = carrierRights<CredentialType>(listTable, listField);
    rights.role = carrierRights<Role>(listTable, listField);
    rights.userGroup = carrierRights<UserGroup>(listTable, listField);
    rights.ticketCategory = carrierRights<MDOListItem>(listTable, listField);
    rights.licenseOwner = carrierRights<LicenseOwner>(listTable, listField);
    rights.moduleLicense = carrierRights<ModuleLicenseLink>(listTable, [&](std::string_view f) {
        if (f == "Assigned" && readable)
            return administers ? update() : read(notUserAdmin);
        return listField(f);
    });
    return rights;
}

/// The policy's rights per relation, computed once: copies share their field maps.
const UserRights& cachedPolicyRights(Relation relation)
{
    static const auto all = [] {
        std::array<UserRights, static_cast<std::size_t>(Relation::Count)> rights;
        for (std::size_t i = 0; i < rights.size(); ++i)
            rights[i] = policyRights(static_cast<Relation>(i));
        return rights;
    }();
    return all[static_cast<std::size_t>(relation)];
}

// ---------------------------------------------------------------- modifiers

/// `policy` narrowed by `modified`: rights only go away, UI deny hints may be added.
void narrow(CarrierRights& policy, const CarrierRights& modified)
{
    const std::uint32_t table = bits(policy.table.mask) & bits(modified.table.mask);
    if (table != bits(policy.table.mask)) {
        policy.table.mask = static_cast<ETableRight>(table);
        policy.table.reason = modified.table.reason.empty() ? std::string(removedByPlugin) : modified.table.reason;
    }
    constexpr std::uint32_t hints = static_cast<std::uint32_t>(EFieldRight::UIHints);
    for (auto& [name, property] : policy.fields) {
        const FieldProperty* other = modified.fields.find(name);
        if (!other || !property.fieldRight)
            continue; // a field the modifier dropped keeps the policy's right
        const std::uint32_t before = bits(property.fieldRight->mask);
        const std::uint32_t theirs = other->fieldRight ? bits(other->fieldRight->mask) : 0;
        const std::uint32_t after = (before & theirs & ~hints) | ((before | theirs) & hints);
        if (after == before)
            continue;
        property.fieldRight->mask = static_cast<EFieldRight>(after);
        if ((before & ~after & ~hints) != 0) // a right was removed: say why
            property.fieldRight->reason = other->fieldRight && !other->fieldRight->reason.empty()
                ? other->fieldRight->reason
                : std::string(removedByPlugin);
    }
}

void narrow(UserRights& policy, const UserRights& modified)
{
    narrow(policy.user, modified.user);
    narrow(policy.person, modified.person);
    narrow(policy.credential, modified.credential);
    narrow(policy.credentialType, modified.credentialType);
    narrow(policy.role, modified.role);
    narrow(policy.userGroup, modified.userGroup);
    narrow(policy.ticketCategory, modified.ticketCategory);
    narrow(policy.licenseOwner, modified.licenseOwner);
    narrow(policy.moduleLicense, modified.moduleLicense);
}

} // namespace

UserRights computeRights(const Principal& caller, const User* target, std::span<const RightsModifier> modifiers)
{
    UserRights rights = cachedPolicyRights(relationOf(caller, target));
    for (const auto& modifier : modifiers) {
        UserRights proposed = rights;
        modifier(caller, target, proposed);
        narrow(rights, proposed);
    }
    return rights;
}

} // namespace userservice
