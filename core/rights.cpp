#include <userservice/rights.hpp>

#include "rights_enforcement.hpp"

#include "carrier_fields.hpp"
#include "field_limits.hpp"
#include "type_traits.hpp"

#include <array>
#include <atomic>
#include <memory>

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

/// What the caller may do with the target user, from which every right follows: data
/// bits on the user record and on its secrets (DataRights), and how to explain a refusal.
struct Grant {
    std::uint8_t user = 0;
    std::uint8_t credential = 0;
    bool isNew = false; ///< a user being created by a caller who may not create users
    bool external = false; ///< the caller is not an internal user

    /// The index of this grant among all 2^12 of them (the cache's key).
    std::size_t key() const noexcept { return user | (credential << 5) | (isNew << 10) | (external << 11); }
};
constexpr std::size_t grantCount = std::size_t { 1 } << 12;
constexpr std::uint8_t everything = data::Read | data::Write | data::Create | data::Delete;

RoleRelationToOwner relationToOwner(const Principal& caller, const User& target)
{
    if (target.associateId == caller.associateId)
        return RoleRelationToOwner::Owner;
    const std::int32_t group = target.userGroup ? target.userGroup->id : 0;
    return group != 0 && group == caller.groupId ? RoleRelationToOwner::OwnerGroup : RoleRelationToOwner::Other;
}

Grant grantOf(const Principal& caller, const User* target)
{
    if (caller.isSystem())
        return { everything, everything };
    const bool own = target && target->associateId == caller.associateId;
    if (caller.type != UserType::InternalAssociate) // external, resource, anonymous: their own record, read only
        return own ? Grant { data::Read, data::Read, false, true } : Grant { 0, 0, false, true };
    if (caller.roleRights.has(functional::adminUsers))
        return { everything, everything };
    const DataRights rights = caller.roleRights.dataRights.value_or(DataRights::defaults());
    constexpr std::size_t user = 0, secrets = 1;
    if (!target) // a new user: created by those who may create others
        return rights.at(user, RoleRelationToOwner::Other) & data::Create ? Grant { everything, everything }
                                                                          : Grant { data::Read, 0, true };
    const auto relation = relationToOwner(caller, *target);
    return { rights.at(user, relation), rights.at(secrets, relation) };
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

bool detail::dependsOnGroup(const Principal& caller)
{
    User other, groupMember;
    other.associateId = groupMember.associateId = -1; // no stored user has it
    groupMember.userGroup = UserGroup { .id = caller.groupId };
    const Grant a = grantOf(caller, &other), b = grantOf(caller, &groupMember);
    return a.user != b.user || a.credential != b.credential;
}

bool detail::samePolicyRights(const Principal& caller, const User& a, const User& b)
{
    return grantOf(caller, &a).key() == grantOf(caller, &b).key();
}

bool detail::isComputedField(std::string_view carrier, std::string_view field)
{
    return accessOf(carrier, field) == Access::Derived;
}

namespace {

/// Why a caller without a write right may not write: it is not a user administrator, or not internal.
std::string_view noWrite(const Grant& grant)
{
    return grant.external ? externalReadOnly : notUserAdmin;
}

/// The right on a field of the User, Person or Credential carrier.
Decision decide(const Grant& grant, std::string_view carrier, std::string_view field)
{
    const Access access = carrier == "Credential" ? Access::Sensitive : accessOf(carrier, field);
    if (access == Access::Derived)
        return grant.user & data::Read ? read(neverWritable) : none(notUserAdmin);
    if (grant.isNew)
        return read(noWrite(grant));
    if (access == Access::Sensitive) {
        if (grant.credential & data::Write)
            return update();
        if (grant.credential & data::Read)
            return read(noWrite(grant));
        return none(grant.user & data::Read ? hiddenFromOthers : noWrite(grant));
    }
    if ((grant.user & data::Write) || (access == Access::Personal && (grant.user & data::Personal)))
        return update();
    if (grant.user & data::Read)
        return read(grant.user & data::Personal ? personalOnly : noWrite(grant));
    return none(noWrite(grant));
}

/// The table right data bits give.
ETableRight tableMask(std::uint8_t granted)
{
    constexpr std::pair<data::Bits, ETableRight> rightOf[] = { { data::Read, ETableRight::Select },
        { data::Personal, ETableRight::RestrictedUpdate }, { data::Write, ETableRight::Update },
        { data::Create, ETableRight::Insert }, { data::Delete, ETableRight::Delete } };
    std::uint32_t mask = 0;
    for (const auto& [bit, right] : rightOf)
        if (granted & bit)
            mask |= bits(right);
    return static_cast<ETableRight>(mask);
}

TableRight tableRight(const Grant& grant)
{
    if (grant.isNew)
        return { ETableRight::None, std::string(noWrite(grant)) };
    const ETableRight mask = tableMask(grant.user);
    if (mask == ETableRight::FULL)
        return { mask, {} };
    const bool personal = (grant.user & data::Personal) && !(grant.user & data::Write);
    return { mask, std::string(personal ? personalOnly : noWrite(grant)) };
}

TableRight credentialTableRight(const Grant& grant)
{
    const ETableRight mask = tableMask(grant.credential);
    if (mask == ETableRight::FULL)
        return { mask, {} };
    return { mask, std::string(grant.credential & data::Read ? notUserAdmin : hiddenFromOthers) };
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

UserRights policyRights(const Grant& grant)
{
    UserRights rights;
    const TableRight table = tableRight(grant);
    const bool readable = bits(table.mask) & bits(ETableRight::Select);
    rights.user = carrierRights<User>(table, [&](std::string_view f) { return decide(grant, "User", f); });
    rights.person = carrierRights<Person>(table, [&](std::string_view f) { return decide(grant, "Person", f); });
    rights.credential = carrierRights<Credential>(
        credentialTableRight(grant), [&](std::string_view f) { return decide(grant, "Credential", f); });

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
            return grant.user & data::Write ? update() : read(notUserAdmin);
        return listField(f);
    });
    return rights;
}

/// The policy's rights per grant, each computed once, on first use: copies share their field maps.
const UserRights& cachedPolicyRights(const Grant& grant)
{
    static std::array<std::atomic<const UserRights*>, grantCount> computed {};
    auto& slot = computed[grant.key()];
    if (const UserRights* rights = slot.load(std::memory_order_acquire))
        return *rights;
    auto fresh = std::make_unique<const UserRights>(policyRights(grant));
    const UserRights* expected = nullptr;
    if (slot.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel))
        return *fresh.release(); // kept for the process's life, like the static table it replaces
    return *expected; // another thread computed it first
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
    UserRights rights = cachedPolicyRights(grantOf(caller, target));
    for (const auto& modifier : modifiers) {
        UserRights proposed = rights;
        modifier(caller, target, proposed);
        narrow(rights, proposed);
    }
    return rights;
}

} // namespace userservice
