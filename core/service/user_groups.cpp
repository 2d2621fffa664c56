// User groups as an administrator manages them: fetched by id, created, renamed,
// retired (Deleted: kept on users, hidden from pick lists) and deleted with their
// members moved. Reading is for any signed-in caller (pick lists); every change needs
// a user administrator and is audited as a record about no user (AssociateId 0) in
// the "list-audit" stream, in the change's transaction: who, when, old and new.
#include "service_impl.hpp"

#include "../utf8.hpp"

#include <boost/json.hpp>

namespace userservice {

namespace {

constexpr std::size_t groupTextLimit = 255; ///< Value and Tooltip, in characters

using Impl = UserService::Impl;

void checkGroup(const UserGroup& group)
{
    if (!group.value || group.value->find_first_not_of(" \t") == std::string::npos)
        Impl::invalid("UserGroup.Value", "is required");
    Impl::checkText(group.value, "UserGroup.Value", groupTextLimit);
    Impl::checkText(group.tooltip, "UserGroup.Tooltip", groupTextLimit);
    if (group.id < 0)
        Impl::invalid("UserGroup.Id", "may not be negative");
}

[[noreturn]] void noSuchGroup(std::int32_t id, const std::string& source)
{
    throw Exception(Error(ErrorKind::NotFound, "there is no user group with Id " + std::to_string(id), {}, source));
}

boost::json::value audited(const std::optional<UserGroup>& group)
{
    if (!group)
        return nullptr;
    return boost::json::object { { "Value", group->value ? boost::json::value(*group->value) : nullptr },
        { "Tooltip", group->tooltip ? boost::json::value(*group->tooltip) : nullptr }, { "Rank", group->rank },
        { "Deleted", group->deleted } };
}

/// The stored group as it is now: the stored row without the caller's rights or texts.
UserGroup storedGroup(store::Session& s, std::int32_t id, const std::string& source)
{
    auto group = s.userGroup(id);
    if (!group)
        noSuchGroup(id, source);
    return std::move(*group);
}

} // namespace

void UserService::Impl::invalid(const std::string& field, const std::string& problem)
{
    throw Exception(Error(ErrorKind::Validation, field + " " + problem, { { field, problem } }, field));
}

void UserService::Impl::checkText(const std::optional<std::string>& text, const std::string& field, std::size_t limit)
{
    if (!text)
        return;
    const auto length = detail::utf8Length(*text);
    if (!length)
        invalid(field, "is not valid UTF-8");
    if (*length > limit)
        invalid(field, "is longer than " + std::to_string(limit) + " characters");
    for (const unsigned char c : *text)
        if (c < 0x20 || c == 0x7f) // a NUL would cut comparisons short
            invalid(field, "may not hold control characters");
}

void UserService::Impl::auditListChange(store::Session& s, const CallerContext& caller, std::string_view action,
    std::int32_t id, const std::optional<UserGroup>& before, const std::optional<UserGroup>& after, std::int32_t moveTo)
{
    auditListChange(s, caller, { "UserGroup", action, id, moveTo }, audited(before), audited(after));
}

void UserService::Impl::auditListChange(store::Session& s, const CallerContext& caller, const ListChange& change,
    boost::json::value before, boost::json::value after)
{
    boost::json::object body { { "list", change.list }, { "id", change.id }, { "action", change.action },
        { "old", std::move(before) }, { "new", std::move(after) } };
    if (change.movedTo)
        body["movedTo"] = change.movedTo;
    s.appendRecord(UserRecord { 0, "list-audit", 0, now(), caller.associateId, boost::json::serialize(body) });
    log(LogLevel::Info,
        std::string(change.list) + " " + std::to_string(change.id) + " " + std::string(change.action) + " by caller " +
            std::to_string(caller.associateId) + elevatedBy(caller));
}

std::vector<UserGroup> UserService::Impl::allUserGroups(const CallerContext& caller, bool includeDeleted)
{
    auto groups = readAs(caller, [&](store::Session& s, const Principal&) { return userGroups(s, caller); });
    if (!includeDeleted)
        std::erase_if(groups, [](const UserGroup& group) { return group.deleted; });
    return groups;
}

std::vector<UserGroup> UserService::Impl::userGroupList(const CallerContext& caller, std::span<const std::int32_t> ids)
{
    return readAs(caller, [&](store::Session& s, const Principal&) {
        std::vector<UserGroup> groups;
        for (const std::int32_t id : ids)
            if (auto group = id > 0 ? s.userGroup(id) : std::nullopt)
                groups.push_back(std::move(*group));
        localizeGroups(groups, caller.language);
        return groups;
    });
}

UserGroup UserService::Impl::createUserGroup(const CallerContext& caller)
{
    return store_->read([&](store::Session& s) {
        rightHolder(s, caller, functional::adminGroups);
        return UserGroup { .rank = s.highestUserGroupRank() + 1 };
    });
}

UserGroup UserService::Impl::saveUserGroup(const CallerContext& caller, const UserGroup& group)
{
    checkGroup(group);
    return store_->write([&](store::Session& s) {
        rightHolder(s, caller, functional::adminGroups);
        UserGroup saved = group;
        saved.tableRight.reset(), saved.fieldProperties.reset();
        if (group.id == 0) {
            if (saved.rank == 0)
                saved.rank = s.highestUserGroupRank() + 1;
            saved = s.insertUserGroup(saved);
            auditListChange(s, caller, "created", saved.id, std::nullopt, saved);
            return saved;
        }
        const UserGroup before = storedGroup(s, group.id, "UserGroup.Id");
        if (saved.rank == 0) // not sent: the group keeps its place
            saved.rank = before.rank;
        s.updateUserGroup(saved);
        const bool retiring = saved.deleted != before.deleted;
        auditListChange(
            s, caller, retiring ? (saved.deleted ? "retired" : "restored") : "changed", saved.id, before, saved);
        return saved;
    });
}

void UserService::Impl::deleteUserGroup(const CallerContext& caller, std::int32_t id, std::int32_t moveTo)
{
    store_->write([&](store::Session& s) {
        rightHolder(s, caller, functional::adminGroups);
        const UserGroup before = storedGroup(s, id, "userGroupToDelete");
        if (moveTo == id)
            throw Exception(Error(ErrorKind::BadRequest,
                "userGroupToMoveTo must name another group than userGroupToDelete", {}, "userGroupToMoveTo"));
        if (moveTo != 0 && storedGroup(s, moveTo, "userGroupToMoveTo").deleted)
            throw Exception(Error(ErrorKind::BadRequest,
                "userGroupToMoveTo: user group " + std::to_string(moveTo) + " is retired", {}, "userGroupToMoveTo"));
        const auto [mainMembers, otherMembers] = s.userGroupMembers(id);
        if (moveTo == 0 && (mainMembers > 0 || otherMembers > 0))
            throw Exception(Error(ErrorKind::Conflict,
                "user group " + std::to_string(id) + " is the main group of " + std::to_string(mainMembers) +
                    " user(s) and another group of " + std::to_string(otherMembers) + " user(s)" +
                    ": give userGroupToMoveTo to move them, or retire the group (Deleted) instead",
                {}, "userGroupToDelete"));
        s.deleteUserGroup(id, moveTo, { options_.clock().time_since_epoch().count(), caller.associateId });
        auditListChange(s, caller, "deleted", id, before, std::nullopt, moveTo);
    });
}

void UserService::Impl::localizeGroups(std::vector<UserGroup>& groups, std::string_view language) const
{
    User holder; // localizeLists() knows how a group's texts are translated
    holder.otherGroups = std::move(groups);
    localizeLists(holder, language);
    groups = std::move(*holder.otherGroups);
}

} // namespace userservice
