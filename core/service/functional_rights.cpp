// Functional rights: the catalogue (the built-ins, then the plugins'), the set each
// role holds, and who holds a right. The catalogue is for any signed-in caller; a
// role's rights are read and changed by holders of admin-roles, and every change is
// recorded in the "list-audit" stream (AssociateId 0): who, when, old and new. The
// caller's rights are read with the caller on every call (store::Session::principal),
// so a change holds from the next call of any host.
#include "service_impl.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

namespace userservice {

namespace {

/// Built-in rights are about internal users: they are offered to Employee and System roles.
bool offeredTo(const functional::Right& right, RoleType roleType)
{
    return !right.owner.empty() || roleType == RoleType::Unknown || roleType == RoleType::Employee ||
        roleType == RoleType::System;
}

void checkRoleType(RoleType roleType, const char* source)
{
    const auto value = static_cast<std::int32_t>(roleType);
    if (value < 0 || value > static_cast<std::int32_t>(RoleType::System))
        throw Exception(Error(ErrorKind::BadRequest,
            std::string(source) + ": there is no role type " + std::to_string(value), {}, source));
}

MDOListItem listItem(const functional::Right& right)
{
    MDOListItem item;
    item.id = right.id;
    item.name = right.name;
    item.toolTip = right.description;
    item.extraInfo = right.owner; // "" for a built-in, else the plugin that added it
    return item;
}

/// A role known to exist (managedRole() found it).
Role storedRole(store::Session& s, std::int32_t roleId)
{
    for (Role& role : s.roles())
        if (role.roleId == roleId)
            return std::move(role);
    return Role { .roleId = roleId };
}

boost::json::array jsonNames(const std::vector<std::string>& names)
{
    return boost::json::array(names.begin(), names.end());
}

} // namespace

std::vector<functional::Right> UserService::Impl::functionalRightCatalogue() const
{
    std::vector<functional::Right> catalogue;
    for (const auto& builtIn : functional::builtIns)
        catalogue.push_back({ static_cast<std::int32_t>(catalogue.size() + 1), std::string(builtIn.name),
            std::string(builtIn.description), {} });
    if (options_.plugins)
        for (auto& right : options_.plugins->functionalRights()) {
            right.id = static_cast<std::int32_t>(catalogue.size() + 1);
            catalogue.push_back(std::move(right));
        }
    return catalogue;
}

Principal UserService::Impl::rightHolder(store::Session& s, const CallerContext& context, std::string_view right) const
{
    refusePartnerApps(context);
    Principal caller = principal(s, context);
    if (!caller.holds(right))
        throw Exception(Error(ErrorKind::Forbidden,
            detail::localize("[SR_RIGHTS_DENIED]", "en") + ": " +
                (right == functional::adminUsers ? detail::localize("[SR_RIGHTS_NOT_USER_ADMIN]", "en")
                                                 : "the functional right " + std::string(right) + " is needed"),
            {}, "caller"));
    return caller;
}

std::vector<std::string> UserService::Impl::functionalRightNames(const Principal& caller) const
{
    if (!caller.isSystem())
        return caller.roleRights.names();
    std::vector<std::string> names;
    for (auto& right : functionalRightCatalogue())
        names.push_back(std::move(right.name));
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<MDOListItem> UserService::Impl::allFunctionalRights(const CallerContext& caller, RoleType roleType)
{
    checkRoleType(roleType, "roleType");
    readAs(caller, [](store::Session&, const Principal&) { return 0; }); // any active caller
    std::vector<MDOListItem> items;
    for (const auto& right : functionalRightCatalogue())
        if (offeredTo(right, roleType))
            items.push_back(listItem(right));
    return items;
}

std::vector<MDOListItem> UserService::Impl::functionalRightsOf(const CallerContext& caller, std::int32_t roleId)
{
    const auto held = store_->read([&](store::Session& s) { return managedRole(s, caller, roleId); });
    std::vector<MDOListItem> items;
    for (const auto& right : functionalRightCatalogue())
        if (held.has(right.name))
            items.push_back(listItem(right));
    return items;
}

void UserService::Impl::setFunctionalRights(
    const CallerContext& caller, std::int32_t roleId, std::span<const std::int32_t> ids)
{
    const auto catalogue = functionalRightCatalogue();
    std::set<std::string> chosen;
    for (const std::int32_t id : ids) {
        if (id < 1 || static_cast<std::size_t>(id) > catalogue.size())
            throw Exception(Error(ErrorKind::BadRequest,
                "functionalRightIds: there is no functional right with id " + std::to_string(id), {},
                "functionalRightIds"));
        chosen.insert(catalogue[static_cast<std::size_t>(id - 1)].name);
    }
    store_->write([&](store::Session& s) {
        const std::vector<std::string> before = managedRole(s, caller, roleId).names();
        const Role role = storedRole(s, roleId);
        for (const auto& right : catalogue)
            if (chosen.contains(right.name) && !offeredTo(right, role.roleType))
                throw Exception(Error(ErrorKind::BadRequest,
                    "functionalRightIds: " + right.name + " is not offered to roles of type " + toString(role.roleType),
                    {}, "functionalRightIds"));
        // Rights of plugins not loaded now cannot be named by id: they stay.
        for (const auto& name : before)
            if (std::none_of(catalogue.begin(), catalogue.end(), [&](const auto& r) { return r.name == name; }))
                chosen.insert(name);
        const std::vector<std::string> after(chosen.begin(), chosen.end());
        if (after == before)
            return;
        s.setFunctionalRights(roleId, after);
        boost::json::object body { { "list", "RoleFunctionalRights" }, { "id", roleId }, { "action", "changed" },
            { "old", jsonNames(before) }, { "new", jsonNames(after) } };
        s.appendRecord(UserRecord { 0, "list-audit", 0, now(), caller.associateId, boost::json::serialize(body) });
        log(LogLevel::Info,
            "functional rights of role " + std::to_string(roleId) + " changed by caller " +
                std::to_string(caller.associateId) + elevatedBy(caller));
    });
}

std::vector<std::int32_t> UserService::Impl::rolesByFunctionalRights(
    const CallerContext& caller, std::span<const std::string> names, bool with, const char* source)
{
    const auto catalogue = functionalRightCatalogue();
    for (const auto& name : names)
        if (std::none_of(catalogue.begin(), catalogue.end(), [&](const auto& right) { return right.name == name; }))
            throw Exception(Error(
                ErrorKind::BadRequest, std::string(source) + ": there is no functional right " + name, {}, source));
    return store_->read([&](store::Session& s) {
        rightHolder(s, caller, functional::adminRoles);
        std::set<std::int32_t> holding; // roles holding one or more of `names`
        for (const auto& [roleId, name] : s.functionalRightsOfRoles())
            if (std::find(names.begin(), names.end(), name) != names.end())
                holding.insert(roleId);
        std::vector<std::int32_t> ids;
        for (const Role& role : s.roles())
            if (holding.contains(role.roleId) == with)
                ids.push_back(role.roleId);
        return ids;
    });
}

std::vector<MDOListItem> UserService::Impl::rolesWithFunctionalRight(const CallerContext& caller, std::string_view name)
{
    const std::string wanted(name);
    const auto ids = rolesByFunctionalRights(caller, std::span(&wanted, 1), true, "functionalRightName");
    std::vector<MDOListItem> items;
    for (const Role& role : store_->read([&](store::Session& s) { return roles(s, caller); }))
        if (std::find(ids.begin(), ids.end(), role.roleId) != ids.end())
            items.push_back(MDOListItem { .id = role.roleId,
                .name = role.name,
                .toolTip = role.toolTip,
                .deleted = role.deleted,
                .rank = role.rank });
    return items;
}

} // namespace userservice
