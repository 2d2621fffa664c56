// User names and nick names: proposing one from a person's names, finding a free one,
// and checking one with the rules saveUser applies (the same validate() and validators,
// and the same uniqueness check), read for the one field asked about. They tell whether
// a name is free, never which user has it, and only to a caller who may write that
// name on that user.
#include "service_impl.hpp"

#include "../ascii.hpp"
#include "../validation.hpp"

#include <algorithm>

namespace userservice {

namespace {

using NameCheck = UserService::Impl::NameCheck;

/// "John Doe" -> "jdoe": the first letter of the first name and the last name, without
/// blanks, ASCII letters in lower case. Empty when the person has no names.
std::string proposal(const std::optional<Person>& person)
{
    if (!person)
        return {};
    std::string first(trim(person->firstname.value_or("")));
    std::string name;
    if (!first.empty()) {
        std::size_t length = 1; // the whole first code point of UTF-8
        while (length < first.size() && (static_cast<unsigned char>(first[length]) & 0xC0) == 0x80)
            ++length;
        name = first.substr(0, length);
    }
    name += trim(person->lastname.value_or(""));
    std::erase_if(name, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
    std::transform(name.begin(), name.end(), name.begin(), asciiLower);
    return name;
}

std::string requireProposal(const std::optional<Person>& person)
{
    auto name = proposal(person);
    if (name.empty())
        throw Exception(Error(ErrorKind::BadRequest,
            "User.Person: a user name is proposed from the person's first and last name, and both are blank", {},
            "User.Person.Lastname"));
    return name;
}

/// Only the problems with `field` ("User.UserName").
std::vector<FieldError> about(std::vector<FieldError> problems, std::string_view field)
{
    std::erase_if(problems, [&](const FieldError& problem) { return problem.field != field; });
    return problems;
}

std::string reasonOf(const std::vector<FieldError>& problems)
{
    std::string reason;
    for (const auto& problem : problems)
        reason += (reason.empty() ? "" : "; ") + problem.field + " " + problem.message;
    return reason;
}

} // namespace

User UserService::Impl::nameTarget(store::Session& s, const Principal& caller, const CallerContext& context,
    const NameCheck& check, std::string_view field) const
{
    std::optional<User> stored;
    if (check.associateId < 0)
        throw Exception(Error(ErrorKind::BadRequest,
            "associateId: expected 0 (a new user) or a positive id, got " + std::to_string(check.associateId), {},
            "associateId"));
    if (check.associateId != 0)
        stored = storedVisible(s, caller, context, check.associateId, "associateId");
    const UserRights granted = rights(caller, stored ? &*stored : nullptr, context);
    const auto& table = granted.user.table;
    if (!stored && !has(table, ETableRight::Insert))
        deny("creating a user", table, context);
    if (stored && !has(table, ETableRight::Update) && !has(table, ETableRight::RestrictedUpdate))
        deny("changing user " + std::to_string(stored->associateId), table, context);
    if (!granted.user.canWrite(field)) {
        const auto* property = granted.user.fields.find(field);
        const std::string reason = property && property->fieldRight ? property->fieldRight->reason : std::string();
        const std::string path = "User." + std::string(field);
        throw Exception(Error(ErrorKind::Forbidden,
            detail::localize("[SR_RIGHTS_DENIED]", "en") + ": " + path + " (" + detail::localize(reason, "en") + ")",
            { { path, reason } }, path));
    }
    if (stored)
        return std::move(*stored);
    User target;
    target.type = check.type;
    if (check.personId != 0) {
        target.person = visiblePerson(s, caller, context, check.personId);
        if (!target.person)
            throw Exception(Error(ErrorKind::NotFound,
                "there is no person with PersonId " + std::to_string(check.personId), {}, "personId"));
    }
    return target;
}

/// `base`, or `base` with the lowest number from 2 appended, that no other user has;
/// then saveUser's rules for UserName on it (Validation when it breaks one).
std::string UserService::Impl::freeUserName(
    store::Session& s, const CallerContext& context, User target, const std::string& base) const
{
    std::string name = base;
    for (int n = 2;; ++n) {
        const auto owner = s.userIdBy(store::UniqueName::UserName, name);
        if (!owner || *owner == target.associateId)
            break;
        if (n > 10'000)
            throw Exception(Error(
                ErrorKind::Conflict, "no free user name was found by appending a number up to 10000", {}, "userName"));
        name = base + std::to_string(n);
    }
    target.userName = name;
    detail::throwIfInvalid(about(problems(s, context, target), "User.UserName"));
    return name;
}

std::string UserService::Impl::defaultUserName(const CallerContext& context, const User& user)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        const User target = nameTarget(s, caller, context, { user.associateId, user.type, 0, {} }, "UserName");
        return requireProposal(user.person ? user.person : target.person);
    });
}

std::string UserService::Impl::validUserName(const CallerContext& context, NameCheck check)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        User target = nameTarget(s, caller, context, check, "UserName");
        const std::string base = trim(check.name).empty() ? requireProposal(target.person) : check.name;
        return freeUserName(s, context, std::move(target), base);
    });
}

std::string UserService::Impl::validUserNameForNewUser(const CallerContext& context, const User& user)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        User target = nameTarget(s, caller, context, { 0, user.type, 0, {} }, "UserName");
        target.person = user.person;
        const auto& sent = user.userName;
        const std::string base = !sent || trim(*sent).empty() ? requireProposal(user.person) : *sent;
        return freeUserName(s, context, std::move(target), base);
    });
}

UserValidationResult UserService::Impl::checkUserName(const CallerContext& context, const NameCheck& check)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        User target = nameTarget(s, caller, context, check, "UserName");
        target.userName = check.name;
        auto found = about(problems(s, context, target), "User.UserName");
        for (auto& conflict : about(detail::uniquenessConflicts(s, target), "User.UserName"))
            found.push_back(std::move(conflict));
        if (found.empty())
            return UserValidationResult { .reason = "", .result = true };
        return UserValidationResult { .reason = reasonOf(found), .result = false };
    });
}

bool UserService::Impl::isNickNameUnique(
    const CallerContext& context, std::int32_t associateId, std::string_view nickName)
{
    return readAs(context, [&](store::Session& s, const Principal& caller) {
        User target = nameTarget(s, caller, context, { associateId, UserType::Unknown, 0, {} }, "NickName");
        target.nickName = std::string(nickName);
        return about(detail::uniquenessConflicts(s, target), "User.NickName").empty();
    });
}

} // namespace userservice
