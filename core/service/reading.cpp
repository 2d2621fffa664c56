// Reading users: loading with the derived fields, what a caller may see of them,
// look-ups by id and name, pages, stamps and the records plugins keep.
#include "service_impl.hpp"

#include "../rights_enforcement.hpp"
#include "../time_zone_carrier.hpp"

#include <algorithm>

namespace userservice {

std::optional<User> UserService::Impl::load(store::Session& s, std::int32_t id)
{
    if (const auto cached = s.cachedUser(id))
        return *cached;
    auto user = s.user(id);
    if (user) {
        derive(*user);
        s.cacheUser(*user);
    }
    return user;
}

void UserService::Impl::derive(User& user)
{
    if (user.person) {
        Person& person = *user.person;
        std::string fullName;
        for (const auto* part : { &person.firstname, &person.middleName, &person.lastname })
            if (*part && !(*part)->empty())
                fullName += (fullName.empty() ? "" : " ") + **part;
        person.fullName = std::move(fullName);
        person.associateId = user.associateId;
        person.associateName = user.name;
        user.isPersonRetired = person.retired != 0;
    }
    if (user.licenseOwners)
        for (auto& owner : *user.licenseOwners)
            for (auto* list : { &owner.restrictedModuleLicenses, &owner.unrestrictedModuleLicenses })
                if (*list)
                    for (auto& link : **list) {
                        link.free = link.unrestricted ? 0 : std::max(0, link.total - link.inUse);
                        link.canAssign = link.assigned || link.unrestricted || link.free > 0;
                    }
}

User UserService::Impl::withValuesWritten(const User& stored, User written)
{
    const auto keepRights = [](auto& now, const auto& before) {
        now.tableRight = before.tableRight;
        now.fieldProperties = before.fieldProperties;
    };
    // The links and lists the update did not rewrite, resolved as the read had them.
    written.role = stored.role;
    written.userGroup = stored.userGroup;
    written.otherGroups = stored.otherGroups;
    written.ticketCategories = stored.ticketCategories;
    written.licenseOwners = stored.licenseOwners;
    written.credentials = stored.credentials; // no secret
    written.postSaveCommands = stored.postSaveCommands; // a request's, never stored
    keepRights(written, stored);
    // Field values changed in place keep their names and order; empty is as stored.
    for (auto fields : { &User::customFields, &User::extraFields })
        if (!(written.*fields) || (written.*fields)->empty())
            written.*fields = stored.*fields;
    if (written.person && stored.person) {
        written.person->personId = stored.person->personId;
        keepRights(*written.person, *stored.person);
    } else {
        written.person = stored.person; // left out of the carrier: kept
    }
    derive(written);
    return written;
}

std::optional<User> UserService::Impl::shown(User user, const Principal& caller, const CallerContext& context) const
{
    const UserRights granted = rights(caller, &user, context);
    if (!has(granted.user.table, ETableRight::Select))
        return std::nullopt;
    return shownWith(std::move(user), granted, caller, context);
}

User UserService::Impl::shownWith(
    User user, const UserRights& granted, const Principal& caller, const CallerContext& context) const
{
    // The policy lets a system caller read everything; a rights plugin may not.
    detail::applyRights(user, granted, caller.isSystem() && !hasRightsModifiers());
    localizeLists(user, context.language);
    detail::toCallerZone(user, context);
    return user;
}

std::optional<User> UserService::Impl::visibleUser(
    store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id) const
{
    auto user = load(s, id);
    if (!user)
        return std::nullopt;
    return shown(std::move(*user), caller, context);
}

User UserService::Impl::storedVisible(
    store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id, std::string source) const
{
    auto user = load(s, id);
    if (!user || !has(rights(caller, &*user, context).user.table, ETableRight::Select))
        noSuchUser(id, std::move(source));
    return std::move(*user);
}

bool UserService::Impl::canSee(
    store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id) const
{
    if (hasRightsModifiers() || detail::dependsOnGroup(caller)) {
        const auto user = load(s, id);
        return user && has(rights(caller, &*user, context).user.table, ETableRight::Select);
    }
    // Without rights modifiers the policy needs only the id: the user is not loaded.
    if (!s.stamps(id))
        return false;
    User target;
    target.associateId = id;
    return has(computeRights(caller, &target).user.table, ETableRight::Select);
}

std::optional<User> UserService::Impl::getUser(const CallerContext& context, std::int32_t id, const Select& select)
{
    auto user = readAs(
        context, [&](store::Session& s, const Principal& caller) { return visibleUser(s, caller, context, id); });
    if (user)
        select.apply(*user);
    return user;
}

std::vector<User> UserService::Impl::listUsers(
    const CallerContext& context, std::int32_t afterId, std::size_t limit, const Select& select)
{
    std::vector<User> page;
    readAs(context, [&](store::Session& s, const Principal& caller) {
        // Users the caller may not see are skipped: ids are read until the page is full.
        const std::size_t chunk = std::clamp<std::size_t>(limit, 64, 1000);
        for (std::int32_t after = afterId; page.size() < limit;) {
            const auto ids = s.userIdsAfter(after, chunk);
            for (const std::int32_t id : ids) {
                if (auto user = visibleUser(s, caller, context, id))
                    page.push_back(std::move(*user));
                if (page.size() == limit)
                    break;
            }
            if (ids.size() < chunk)
                break;
            after = ids.back();
        }
    });
    for (auto& user : page)
        select.apply(user);
    return page;
}

std::optional<User> UserService::Impl::getUserFromName(
    const CallerContext& context, std::string_view userName, const Select& select)
{
    auto user = readAs(context, [&](store::Session& s, const Principal& caller) -> std::optional<User> {
        const auto id = s.userIdBy(store::UniqueName::UserName, userName);
        return id ? visibleUser(s, caller, context, *id) : std::nullopt;
    });
    if (user)
        select.apply(*user);
    return user;
}

User UserService::Impl::createDefaultUser(const CallerContext& caller)
{
    return readAs(caller, [&](store::Session& s, const Principal& principal) {
        User user;
        user.type = UserType::InternalAssociate;
        user.person.emplace();
        // The least-privileged default: a client that keeps it must not create an administrator.
        for (const Role& role : s.roles())
            if (!role.deleted && role.roleType != RoleType::System) {
                const auto rights = s.roleRights(role.roleId);
                if (rights && !rights->has(functional::adminUsers)) {
                    user.role = role;
                    break;
                }
            }
        for (const UserGroup& group : s.userGroups())
            if (!group.deleted) {
                user.userGroup = group;
                break;
            }
        user.licenseOwners = s.licenseOwners(0);
        user.otherGroups.emplace();
        user.credentials.emplace();
        user.ticketCategories.emplace();
        user.extraFields.emplace();
        user.customFields.emplace();
        derive(user);
        detail::applyRights(user, rights(principal, nullptr, caller));
        return user;
    });
}

UserRights UserService::Impl::rightsFor(
    store::Session& s, const Principal& principal, const CallerContext& caller, const User& user)
{
    if (!user.associateId)
        return rights(principal, nullptr, caller);
    const User stored = storedVisible(s, principal, caller, user.associateId, "User.AssociateId");
    return rights(principal, &stored, caller);
}

std::optional<ChangeStamps> UserService::Impl::changeStamps(const CallerContext& caller, std::int32_t associateId)
{
    const auto stamps =
        readAs(caller, [&](store::Session& s, const Principal& principal) -> std::optional<store::Stamps> {
            if (!canSee(s, principal, caller, associateId))
                return std::nullopt;
            return s.stamps(associateId);
        });
    if (!stamps)
        return std::nullopt;
    return ChangeStamps { stampTime(stamps->created), stamps->created.by, stampTime(stamps->updated),
        stamps->updated.by };
}

void UserService::Impl::checkStreamAccess(std::string_view stream, const CallerContext& caller)
{
    if (stream == "outbox" && !caller.isSystem())
        throw Exception(Error(ErrorKind::Forbidden,
            "the outbox stream is the host's mail sender's: only a system caller may use it", {}, "stream"));
}

UserRecord UserService::Impl::appendRecord(store::Session& s, const Principal& principal, const CallerContext& caller,
    std::string_view stream, std::int32_t associateId, std::string body, bool callerSeesUser)
{
    if (!callerSeesUser && !canSee(s, principal, caller, associateId))
        noSuchUser(associateId);
    UserRecord record { 0, std::string(stream), associateId, now(), caller.associateId, std::move(body) };
    record.id = s.appendRecord(record);
    return record;
}

std::vector<UserRecord> UserService::Impl::records(store::Session& s, const Principal& principal,
    const CallerContext& caller, std::string_view stream, std::int32_t associateId)
{
    // A deleted user's records (its audit trail) stay readable by those who may see every user.
    const bool administers = principal.holds(functional::seeRetiredUsers);
    if (!(administers && !s.stamps(associateId)) && !canSee(s, principal, caller, associateId))
        noSuchUser(associateId);
    return s.records(stream, associateId);
}

} // namespace userservice
