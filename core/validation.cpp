#include "validation.hpp"

#include "carrier_fields.hpp"
#include "field_limits.hpp"
#include "module_licenses.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

namespace userservice::detail {

namespace {

using store::Reference;

enum class Lines { Single, Multi };

/// Each field's limit, in the carrier's wire order: looked up by name at compile time,
/// not on every save (a run-time look-up per field was half of validation's cost).
template <class C>
constexpr auto limitsInWireOrder = [] {
    std::array<FieldLimit, fieldCount<C>> limits {};
    std::size_t position = 0;
    forEachField<C>([&](const auto& field) {
        limits[position++] = { CarrierInfo<C>::name, field.name, maxLength(CarrierInfo<C>::name, field.name),
            isMultiLine(CarrierInfo<C>::name, field.name) };
    });
    return limits;
}();

/// The byte offset of the first control character that does not belong in the text; npos when none.
std::size_t firstControl(std::string_view text, Lines lines) noexcept
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte < 0x20 || byte == 0x7F) && !(lines == Lines::Multi && (byte == '\n' || byte == '\r' || byte == '\t')))
            return i;
    }
    return std::string_view::npos;
}

bool isAscii(std::string_view text) noexcept
{
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool isBlank(const std::optional<std::string>& text)
{
    return !text || text->find_first_not_of(" \t\r\n") == std::string::npos;
}

class Checker {
public:
    explicit Checker(store::Session& session)
        : session_(session)
    {
    }

    void problem(std::string field, std::string message)
    {
        problems_.push_back({ std::move(field), std::move(message) });
    }

    /// Checks encoding and length; the field's path is `path` + `name`, spelled out only
    /// when there is a problem.
    void text(std::string_view path, std::string_view name, std::string_view value, std::int32_t limit,
        Lines lines = Lines::Single)
    {
        if (const auto at = firstControl(value, lines); at != std::string_view::npos) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(value[at]));
            problem(std::string(path) + std::string(name),
                "contains the control character " + std::string(code) + " at byte " + std::to_string(at) +
                    (lines == Lines::Multi ? "; only line breaks and tabs are allowed" : ""));
            return;
        }
        if (value.size() <= static_cast<std::size_t>(limit) && isAscii(value))
            return; // the common case: no decoding needed
        const auto length = utf8Length(value);
        if (!length)
            problem(std::string(path) + std::string(name), "is not valid UTF-8");
        else if (*length > static_cast<std::size_t>(limit))
            problem(std::string(path) + std::string(name),
                "is " + std::to_string(*length) + " characters long; at most " + std::to_string(limit) +
                    " are allowed");
    }

    /// Lengths and encoding of every stored string field of a carrier.
    template <class C> void stringFields(std::string_view prefix, const C& carrier)
    {
        std::size_t position = 0;
        forEachField<C>([&](const auto& field) {
            const FieldLimit& limit = limitsInWireOrder<C>[position++];
            using Member = std::remove_cvref_t<decltype(carrier.*field.member)>;
            if constexpr (std::is_same_v<Member, std::optional<std::string>>) {
                const auto& value = carrier.*field.member;
                if (value && limit.length > 0)
                    text(prefix, field.name, *value, limit.length, limit.multiLine ? Lines::Multi : Lines::Single);
            }
        });
    }

    void dictionary(const std::string& path, const std::optional<StringDictionary>& fields)
    {
        if (!fields)
            return;
        if (auto tooMany = dictionaryProblem(fields->size()); !tooMany.empty())
            problem(path, tooMany);
        for (const auto& [key, value] : *fields) {
            // The path names the entry by at most dictionaryKeyLength characters of its name.
            const std::string entry = path + "." + key.substr(0, dictionaryKeyLength);
            if (key.empty())
                problem(path, "has an entry with an empty name");
            else
                text(entry, " (its name)", key, dictionaryKeyLength);
            text(entry, "", value, dictionaryValueLength, Lines::Multi);
        }
    }

    void reference(const std::string& path, Reference list, const char* listName, std::int32_t id)
    {
        if (!session_.exists(list, id))
            problem(path, std::string(listName) + " " + std::to_string(id) + " does not exist");
    }

    /// Each item of a list refers to an existing list item, once; those `held` (as
    /// stored) exist.
    template <class T>
    void references(const std::string& path, const std::optional<std::vector<T>>& items,
        const std::optional<std::vector<T>>& held, Reference list, const char* listName)
    {
        if (!items)
            return;
        const auto isHeld = [&](std::int32_t id) {
            return held && std::any_of(held->begin(), held->end(), [&](const T& item) { return item.id == id; });
        };
        std::set<std::int32_t> seen;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::int32_t id = (*items)[i].id;
            if (!seen.insert(id).second)
                problem(path + "[" + std::to_string(i) + "].Id",
                    std::string(listName) + " " + std::to_string(id) + " is listed twice");
            else if (!isHeld(id))
                reference(path + "[" + std::to_string(i) + "].Id", list, listName, id);
        }
    }

    std::vector<FieldError> take() { return std::move(problems_); }
    store::Session& session() { return session_; }

private:
    store::Session& session_;
    std::vector<FieldError> problems_;
};

template <class E> bool isNamed(E value)
{
    const auto names = enumNames<E>();
    return std::any_of(names.begin(), names.end(), [&](const auto& entry) { return entry.value == value; });
}

} // namespace

namespace {

void checkCredentials(Checker& check, store::Session& session, const User& user, const User* stored)
{
    if (!user.credentials)
        return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < user.credentials->size(); ++i) {
        const Credential& credential = (*user.credentials)[i];
        const std::string path = "User.Credentials[" + std::to_string(i) + "]";
        check.stringFields(path + ".", credential);
        if (!credential.type || isBlank(credential.type->type)) {
            check.problem(path + ".Type", "is required");
            continue;
        }
        const auto type = credentialType(session, stored, *credential.type->type);
        if (!type) {
            check.problem(path + ".Type.Type", "credential type " + *credential.type->type + " does not exist");
            continue;
        }
        std::string key = *type->type;
        if (!seen.insert(key).second)
            check.problem(path + ".Type.Type", "credential type " + key + " is listed twice");
    }
}

/// Assigned module licences exist and have a free seat (one listed twice is assigned once).
void checkModuleLicenses(Checker& check, store::Session& session, const User& user)
{
    std::set<std::int32_t> assigned;
    forEachModuleLicense(
        user, [&](const ModuleLicenseLink& link, std::size_t owner, std::string_view list, std::size_t index) {
            if (!link.assigned)
                return;
            const std::string path = "User.LicenseOwners[" + std::to_string(owner) + "]." + std::string(list) + "[" +
                std::to_string(index) + "].ModuleLicenseId";
            const std::int32_t id = link.moduleLicenseId;
            if (!assigned.insert(id).second)
                return;
            if (!session.exists(Reference::ModuleLicense, id)) {
                check.problem(path, "module licence " + std::to_string(id) + " does not exist");
                return;
            }
            if (session.licenseSeatsInUse(id, user.associateId) >= session.licenseSeats(id))
                check.problem(path, "module licence " + std::to_string(id) + " has no free seat");
        });
}

void checkUserFields(Checker& check, const User& user)
{
    if (isBlank(user.name))
        check.problem("User.Name", "is required");
    if (isBlank(user.userName))
        check.problem("User.UserName", "is required");
    if (!isNamed(user.type) || user.type == UserType::Unknown)
        check.problem("User.Type",
            "must be one of InternalAssociate, ResourceAssociate, ExternalAssociate, "
            "AnonymousAssociate, SystemAssociate");
    check.stringFields("User.", user);
    check.dictionary("User.ExtraFields", user.extraFields);
    check.dictionary("User.CustomFields", user.customFields);
    if (!user.person) {
        check.problem("User.Person", "is required: a user is a person with a login");
    } else {
        const Person& person = *user.person;
        if (isBlank(person.firstname) && isBlank(person.lastname))
            check.problem("User.Person.Lastname", "is required when Firstname is blank");
        check.stringFields("User.Person.", person);
    }
}

} // namespace

std::optional<CredentialType> credentialType(store::Session& session, const User* stored, std::string_view name)
{
    if (stored && stored->credentials)
        for (const auto& credential : *stored->credentials)
            if (credential.type && credential.type->type == name)
                return *credential.type;
    return session.credentialType(name);
}

std::vector<FieldError> validate(store::Session& session, const User& user, const User* stored)
{
    static const User none;
    const User& held = stored ? *stored : none;
    Checker check(session);
    checkUserFields(check, user);
    if (const std::int32_t id = user.role ? user.role->roleId : 0; id != 0 && !(held.role && held.role->roleId == id))
        check.reference("User.Role.RoleId", Reference::Role, "Role.RoleId", id);
    if (const std::int32_t id = user.userGroup ? user.userGroup->id : 0;
        id != 0 && !(held.userGroup && held.userGroup->id == id))
        check.reference("User.UserGroup.Id", Reference::UserGroup, "UserGroup.Id", id);
    check.references("User.OtherGroups", user.otherGroups, held.otherGroups, Reference::UserGroup, "UserGroup.Id");
    check.references("User.TicketCategories", user.ticketCategories, held.ticketCategories,
        Reference::TicketCategory, "TicketCategory.Id");
    checkCredentials(check, session, user, stored);
    checkModuleLicenses(check, session, user);
    return check.take();
}

std::vector<FieldError> uniquenessConflicts(store::Session& session, const User& user, const User* stored)
{
    std::vector<FieldError> conflicts;
    const auto check = [&](store::UniqueName which, const char* field, OptionalString User::*name) {
        const auto& value = user.*name;
        if (isBlank(value) || (stored && stored->*name == value))
            return;
        const auto owner = session.userIdBy(which, *value);
        if (owner && *owner != user.associateId)
            // Not which user has it: the caller may not be allowed to see that user.
            conflicts.push_back({ field, "\"" + *value + "\" is already taken" });
    };
    check(store::UniqueName::Name, "User.Name", &User::name);
    check(store::UniqueName::UserName, "User.UserName", &User::userName);
    check(store::UniqueName::NickName, "User.NickName", &User::nickName);
    return conflicts;
}

namespace {

std::string summary(std::string_view head, const std::vector<FieldError>& problems)
{
    std::string text(head);
    for (std::size_t i = 0; i < problems.size(); ++i)
        text += (i ? "; " : ": ") + problems[i].field + " " + problems[i].message;
    return text;
}

} // namespace

void throwIfInvalid(std::vector<FieldError> problems)
{
    if (problems.empty())
        return;
    std::string message = summary("the user is not valid", problems);
    std::string source = problems.front().field;
    throw Exception(Error(ErrorKind::Validation, std::move(message), std::move(problems), std::move(source)));
}

void throwIfConflicting(std::vector<FieldError> conflicts)
{
    if (conflicts.empty())
        return;
    std::string message = summary("the user conflicts with a stored user", conflicts);
    std::string source = conflicts.front().field;
    throw Exception(Error(ErrorKind::Conflict, std::move(message), std::move(conflicts), std::move(source)));
}

} // namespace userservice::detail
