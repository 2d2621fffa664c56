#include "rights_enforcement.hpp"

#include "carrier_fields.hpp"
#include "localization.hpp"
#include "module_licenses.hpp"

#include <algorithm>
#include <tuple>

namespace userservice::detail {
namespace {

// ---------------------------------------------------------------- reading

/// The FieldProperty of a field, looked up in step with the carrier's field order.
class FieldCursor {
public:
    explicit FieldCursor(const FieldProperties& fields)
        : fields_(fields)
        , next_(fields.begin())
    {
    }

    const FieldProperty* operator()(std::string_view name)
    {
        if (next_ != fields_.end() && next_->first == name)
            return &(next_++)->second;
        return fields_.find(name);
    }

private:
    const FieldProperties& fields_;
    FieldProperties::const_iterator next_;
};

bool readable(const FieldProperty* property)
{
    return property && property->fieldRight &&
        (static_cast<std::uint32_t>(property->fieldRight->mask) & static_cast<std::uint32_t>(EFieldRight::Read));
}

/// Attaches `rights` to a carrier and, unless the caller may read everything,
/// blanks what it may not read.
template <Carrier C> void applyTo(C& carrier, const CarrierRights& rights, bool allReadable)
{
    if (!allReadable) {
        FieldCursor cursor(rights.fields);
        forEachField<C>([&](const auto& field) {
            if (!readable(cursor(field.name)))
                carrier.*field.member = {};
        });
    }
    carrier.tableRight = rights.table;
    carrier.fieldProperties = rights.fields;
}

template <Carrier C>
void applyToEach(std::optional<std::vector<C>>& items, const CarrierRights& rights, bool allReadable)
{
    if (items)
        for (auto& item : *items)
            applyTo(item, rights, allReadable);
}

void applyToCategories(std::optional<std::vector<MDOListItem>>& items, const CarrierRights& rights, bool allReadable)
{
    if (!items)
        return;
    for (auto& item : *items) {
        applyTo(item, rights, allReadable);
        applyToCategories(item.childItems, rights, allReadable);
    }
}

// ---------------------------------------------------------------- writing
//
// A field's "key" is what a save stores of it: references by id, credentials
// without their derived type texts. Two values with the same key are the same
// change; a value whose key equals the blank value's key is blank.

std::string key(const std::optional<std::string>& text)
{
    return text.value_or(std::string());
}
std::int32_t key(const std::optional<Role>& role)
{
    return role ? role->roleId : 0;
}
std::int32_t key(const std::optional<UserGroup>& group)
{
    return group ? group->id : 0;
}
StringDictionary key(const std::optional<StringDictionary>& fields)
{
    return fields.value_or(StringDictionary {});
}
/// The instant: a date-time read in the caller's SO-TimeZone and sent back is not a change.
DateTime::UtcTime key(const DateTime& value)
{
    return value.utc();
}

template <class T>
requires requires(T item)
{
    item.id;
}
std::vector<std::int32_t> key(const std::optional<std::vector<T>>& items)
{
    std::vector<std::int32_t> ids;
    if (items)
        for (const auto& item : *items)
            ids.push_back(item.id);
    return ids;
}

std::vector<std::int32_t> key(const std::optional<std::vector<LicenseOwner>>& owners)
{
    User holder;
    holder.licenseOwners = owners;
    std::vector<std::int32_t> assigned;
    forEachModuleLicense(holder, [&](const ModuleLicenseLink& link, auto&&...) {
        if (link.assigned)
            assigned.push_back(link.moduleLicenseId);
    });
    std::sort(assigned.begin(), assigned.end());
    assigned.erase(std::unique(assigned.begin(), assigned.end()), assigned.end());
    return assigned;
}

using CredentialKey = std::tuple<std::string, std::string, std::string>;
std::vector<CredentialKey> key(const std::optional<std::vector<Credential>>& credentials)
{
    std::vector<CredentialKey> out;
    if (credentials)
        for (const auto& c : *credentials)
            out.emplace_back(c.type ? key(c.type->type) : std::string(), key(c.value), key(c.displayValue));
    return out;
}

template <class T> const T& key(const T& value)
{
    return value;
}

/// Per field of C, in field order: whether it is output only (computed), never compared,
/// never stored from a request. Worked out once per carrier, not per save.
template <Carrier C> const std::vector<bool>& outputOnly()
{
    static const std::vector<bool> fields = [] {
        std::vector<bool> out;
        forEachField<C>([&](const auto& field) { out.push_back(isComputedField(CarrierInfo<C>::name, field.name)); });
        return out;
    }();
    return fields;
}

template <Carrier C> void takeComputed(C& incoming, const C* stored)
{
    static const C blank {};
    const auto& computed = outputOnly<C>();
    std::size_t i = 0;
    forEachField<C>([&](const auto& field) {
        const bool isKey = std::is_same_v<C, User> && field.name == std::string_view("AssociateId");
        if (computed[i++] && !isKey)
            incoming.*field.member = (stored ? *stored : blank).*field.member;
    });
}

/// Calls f(field, incomingMember, storedMemberOrBlank) for every field of C that
/// `rights` do not let the caller write (output-only fields excepted).
template <class In, class F, class C = std::remove_const_t<In>>
void forEachUnwritable(In& incoming, const C* stored, const CarrierRights& rights, F&& f)
{
    static const C blank {};
    const auto& computed = outputOnly<C>();
    std::size_t i = 0;
    FieldCursor cursor(rights.fields);
    forEachField<C>([&](const auto& field) {
        const FieldProperty* property = cursor(field.name);
        const bool writable = property && property->fieldRight &&
            (static_cast<std::uint32_t>(property->fieldRight->mask) & static_cast<std::uint32_t>(EFieldRight::Write));
        if (computed[i++] || writable)
            return;
        f(field, incoming.*field.member, (stored ? *stored : blank).*field.member);
    });
}

/// Restores every field of `incoming` the caller may not write (Person excepted: it is
/// taken field by field), and adds to `out` those that were changes.
template <Carrier C>
void takeForbidden(C& incoming, const C* stored, const CarrierRights& rights, std::string_view path,
    std::vector<FieldError>& out)
{
    forEachUnwritable(incoming, stored, rights, [&](const auto& field, auto& sent, const auto& kept) {
        using Member = std::remove_cvref_t<decltype(sent)>;
        if constexpr (std::is_same_v<Member, std::optional<Person>>)
            return; // taken field by field
        else {
            static const Member blankValue {};
            // A field the caller cannot read is compared with what it reads (blank), never
            // with the stored value: else the answer would tell whether a guess was right.
            if (!(key(sent) == key(blankValue)) && !(rights.canRead(field.name) && key(sent) == key(kept))) {
                const FieldProperty* property = rights.fields.find(field.name);
                out.push_back({ std::string(path) + std::string(field.name),
                    property && property->fieldRight ? property->fieldRight->reason : std::string() });
            }
            if constexpr (std::equality_comparable<Member>)
                if (sent == kept)
                    return; // the value sent back: nothing to copy
            sent = kept;
        }
    });
}

void localize(CarrierRights& rights, std::string_view language, const TextSource* extra)
{
    rights.table.reason = detail::localize(rights.table.reason, language, extra);
    for (auto& [name, property] : rights.fields)
        if (property.fieldRight && !property.fieldRight->reason.empty())
            property.fieldRight->reason = detail::localize(property.fieldRight->reason, language, extra);
}

} // namespace

void applyRights(User& user, const UserRights& rights, bool allReadable)
{
    applyTo(user, rights.user, allReadable);
    if (user.person)
        applyTo(*user.person, rights.person, allReadable);
    if (user.credentials)
        for (auto& credential : *user.credentials) {
            applyTo(credential, rights.credential, allReadable);
            if (credential.type)
                applyTo(*credential.type, rights.credentialType, allReadable);
        }
    if (user.role)
        applyTo(*user.role, rights.role, allReadable);
    if (user.userGroup)
        applyTo(*user.userGroup, rights.userGroup, allReadable);
    applyToEach(user.otherGroups, rights.userGroup, allReadable);
    applyToCategories(user.ticketCategories, rights.ticketCategory, allReadable);
    if (user.licenseOwners)
        for (auto& owner : *user.licenseOwners) {
            applyTo(owner, rights.licenseOwner, allReadable);
            applyToEach(owner.restrictedModuleLicenses, rights.moduleLicense, allReadable);
            applyToEach(owner.unrestrictedModuleLicenses, rights.moduleLicense, allReadable);
        }
}

std::vector<FieldError> takeForbiddenChanges(User& incoming, const User* stored, const UserRights& rights)
{
    std::vector<FieldError> out;
    takeForbidden(incoming, stored, rights.user, "User.", out);
    const Person* storedPerson = stored && stored->person ? &*stored->person : nullptr;
    if (!incoming.person && !rights.user.canWrite("Person")) {
        if (storedPerson)
            incoming.person = *storedPerson;
    } else if (incoming.person) {
        takeForbidden(*incoming.person, storedPerson, rights.person, "User.Person.", out);
    }
    return out;
}

void takeComputedFields(User& incoming, const User* stored)
{
    takeComputed(incoming, stored);
    if (incoming.person)
        takeComputed(*incoming.person, stored && stored->person ? &*stored->person : nullptr);
}

void localizeRights(UserRights& rights, std::string_view language, const TextSource* extra)
{
    if (!translates(language))
        return;
    for (CarrierRights* carrier : { &rights.user, &rights.person, &rights.credential, &rights.credentialType,
             &rights.role, &rights.userGroup, &rights.ticketCategory, &rights.licenseOwner, &rights.moduleLicense })
        localize(*carrier, language, extra);
}

} // namespace userservice::detail
