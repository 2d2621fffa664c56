// Roles as an administrator manages them: fetched by id, created, changed, retired
// (Deleted: kept on users, hidden from pick lists) and deleted with their users moved
// to another role. Reading is for any signed-in caller (pick lists); every change needs
// roleAdministrator() and is audited in the "list-audit" stream (List "Role"), in the
// change's transaction. Nothing about roles is cached: principal() reads the caller's
// role on every call, so a change governs the next one.
#include "service_impl.hpp"

#include <userservice/functional_rights.hpp>

#include <boost/json.hpp>

namespace userservice {

namespace {

constexpr std::size_t roleTextLimit = 255; ///< Name and Tooltip, in characters

using Impl = UserService::Impl;

bool knownType(RoleType type)
{
    return type == RoleType::Employee || type == RoleType::ExternalUser || type == RoleType::Anonymous ||
        type == RoleType::System;
}

void checkRole(const RoleEntity& role)
{
    if (!role.name || role.name->find_first_not_of(" \t") == std::string::npos)
        Impl::invalid("RoleEntity.Name", "is required");
    Impl::checkText(role.name, "RoleEntity.Name", roleTextLimit);
    Impl::checkText(role.tooltip, "RoleEntity.Tooltip", roleTextLimit);
    if (role.roleId < 0)
        Impl::invalid("RoleEntity.RoleId", "may not be negative");
    if (role.roleType != RoleType::Unknown && !knownType(role.roleType))
        Impl::invalid("RoleEntity.RoleType", "is not a role type (Employee, ExternalUser, Anonymous, System)");
}

[[noreturn]] void noSuchRole(std::int32_t id, const std::string& source)
{
    throw Exception(Error(ErrorKind::NotFound, "there is no role with Id " + std::to_string(id), {}, source));
}

[[noreturn]] void badRequest(std::string message, std::string source)
{
    throw Exception(Error(ErrorKind::BadRequest, std::move(message), {}, std::move(source)));
}

store::StoredRole storedRole(store::Session& s, std::int32_t id, const std::string& source)
{
    auto role = s.role(id);
    if (!role)
        noSuchRole(id, source);
    return std::move(*role);
}

} // namespace

boost::json::value UserService::Impl::auditedRole(const store::StoredRole& stored)
{
    const Role& role = stored.role;
    return boost::json::object { { "Name", role.name ? boost::json::value(*role.name) : nullptr },
        { "Tooltip", role.toolTip ? boost::json::value(*role.toolTip) : nullptr },
        { "RoleType", toString(role.roleType) }, { "Rank", role.rank }, { "Deleted", role.deleted },
        { "UseCategories", stored.useCategories } };
}

namespace {

/// Another role with this name (ignoring case) is a Conflict.
void checkNameFree(store::Session& s, const std::string& name, std::int32_t id)
{
    const auto holder = s.roleIdByName(name);
    if (holder && *holder != id)
        throw Exception(Error(ErrorKind::Conflict,
            "RoleEntity.Name: role " + std::to_string(*holder) + " has that name already (names ignore case)",
            { { "RoleEntity.Name", "is taken" } }, "RoleEntity.Name"));
}

} // namespace

Principal UserService::Impl::roleAdministrator(store::Session& s, const CallerContext& caller) const
{
    return rightHolder(s, caller, functional::adminRoles);
}

std::vector<SelectableMDOListItem> UserService::Impl::allRoles(const CallerContext& caller, RoleType type)
{
    if (type != RoleType::Unknown && !knownType(type))
        badRequest(
            "roleType is not a role type (Unknown for all, Employee, ExternalUser, Anonymous, System)", "roleType");
    return readAs(caller, [&](store::Session& s, const Principal&) {
        std::vector<SelectableMDOListItem> items;
        for (auto& role : roles(s, caller))
            if (!role.deleted && (type == RoleType::Unknown || role.roleType == type))
                items.push_back({ .id = role.roleId,
                    .name = std::move(role.name),
                    .toolTip = std::move(role.toolTip),
                    .rank = role.rank,
                    .type = toString(role.roleType) });
        return items;
    });
}

std::optional<Role> UserService::Impl::role(const CallerContext& caller, std::int32_t id)
{
    return readAs(caller, [&](store::Session& s, const Principal&) -> std::optional<Role> {
        auto stored = id > 0 ? s.role(id) : std::nullopt;
        if (!stored)
            return std::nullopt;
        for (auto* text : { &stored->role.name, &stored->role.toolTip })
            if (*text)
                *text = localize(**text, caller.language);
        return std::move(stored->role);
    });
}

namespace {

/// The author of a stamp as `caller` may see it: its Name only when it may read it.
std::optional<Associate> author(const Impl& service, store::Session& s, const Principal& caller,
    const CallerContext& context, const store::Stamp& stamp)
{
    if (stamp.ticks == 0) // made before roles were stamped: nobody to name
        return std::nullopt;
    Associate who { .associateId = stamp.by };
    if (stamp.by != 0)
        if (auto user = service.visibleUser(s, caller, context, stamp.by))
            who.name = std::move(user->name);
    return who;
}

RoleEntity entityOf(const Impl& service, store::Session& s, const Principal& caller, const CallerContext& context,
    const store::StoredRole& stored)
{
    const Role& role = stored.role;
    const auto when = [](const store::Stamp& stamp) { return stamp.ticks ? Impl::stampTime(stamp) : DateTime {}; };
    return RoleEntity { .roleId = role.roleId,
        .name = role.name,
        .tooltip = role.toolTip,
        .roleType = role.roleType,
        .deleted = role.deleted,
        .rank = role.rank,
        .created = when(stored.stamps.created),
        .useCategories = stored.useCategories,
        .createdBy = author(service, s, caller, context, stored.stamps.created),
        .updated = when(stored.stamps.updated),
        .updatedBy = author(service, s, caller, context, stored.stamps.updated) };
}

} // namespace

std::optional<RoleEntity> UserService::Impl::roleEntity(const CallerContext& caller, std::int32_t id)
{
    // The stored texts, not translated: this is what an editor saves back.
    return readAs(caller, [&](store::Session& s, const Principal& principal) -> std::optional<RoleEntity> {
        const auto stored = id > 0 ? s.role(id) : std::nullopt;
        if (!stored)
            return std::nullopt;
        return entityOf(*this, s, principal, caller, *stored);
    });
}

RoleEntity UserService::Impl::saveRoleEntity(const CallerContext& caller, const RoleEntity& role)
{
    checkRole(role);
    return store_->write([&](store::Session& s) {
        const Principal principal = roleAdministrator(s, caller);
        const store::Stamp stamp { options_.clock().time_since_epoch().count(), caller.associateId };
        store::StoredRole saved { .role = { .roleId = role.roleId,
                                      .name = role.name,
                                      .toolTip = role.tooltip,
                                      .roleType = role.roleType,
                                      .deleted = role.deleted,
                                      .rank = role.rank },
            .useCategories = role.useCategories,
            .stamps = { stamp, stamp } };
        if (role.roleId == 0) {
            if (role.roleType == RoleType::Unknown)
                invalid("RoleEntity.RoleType", "is required for a new role");
            if (role.roleType == RoleType::System && !principal.isSystem()) // a System role escapes every right
                throw Exception(Error(ErrorKind::Forbidden,
                    "RoleEntity.RoleType: only the system creates roles of type System", {}, "RoleEntity.RoleType"));
            checkNameFree(s, *role.name, 0);
            if (saved.role.rank == 0)
                saved.role.rank = s.highestRoleRank() + 1;
            saved.role.roleId = s.insertRoleEntity(saved);
            auditListChange(s, caller, { "Role", "created", saved.role.roleId }, nullptr, auditedRole(saved));
            return entityOf(*this, s, principal, caller, saved);
        }
        const auto before = storedRole(s, role.roleId, "RoleEntity.RoleId");
        checkNameFree(s, *role.name, role.roleId);
        if (role.roleType != RoleType::Unknown && role.roleType != before.role.roleType)
            badRequest("RoleEntity.RoleType: a role's type cannot change after it is created (it is " +
                    toString(before.role.roleType) + ")",
                "RoleEntity.RoleType");
        saved.role.roleType = before.role.roleType;
        if (saved.role.rank == 0) // not sent: the role keeps its place
            saved.role.rank = before.role.rank;
        saved.stamps.created = before.stamps.created;
        s.updateRoleEntity(saved);
        const bool retiring = saved.role.deleted != before.role.deleted;
        const auto action = retiring ? (saved.role.deleted ? "retired" : "restored") : "changed";
        auditListChange(s, caller, { "Role", action, saved.role.roleId }, auditedRole(before), auditedRole(saved));
        return entityOf(*this, s, principal, caller, saved);
    });
}

void UserService::Impl::deleteRole(const CallerContext& caller, std::int32_t id, std::int32_t replacing)
{
    store_->write([&](store::Session& s) {
        roleAdministrator(s, caller);
        const auto before = storedRole(s, id, "roleIdToDelete");
        if (replacing == id)
            badRequest("replacingRoleId must name another role than roleIdToDelete", "replacingRoleId");
        if (replacing != 0 && storedRole(s, replacing, "replacingRoleId").role.deleted)
            badRequest("replacingRoleId: role " + std::to_string(replacing) + " is retired", "replacingRoleId");
        const auto holders = s.roleHolders(id);
        if (replacing == 0 && holders > 0)
            throw Exception(Error(ErrorKind::Conflict,
                "role " + std::to_string(id) + " is held by " + std::to_string(holders) +
                    " user(s): give replacingRoleId to move them, or retire the role (Deleted) instead",
                {}, "roleIdToDelete"));
        s.deleteRole(id, replacing, { options_.clock().time_since_epoch().count(), caller.associateId });
        auditListChange(s, caller, { "Role", "deleted", id, replacing }, auditedRole(before), nullptr);
    });
}

RoleEntity UserService::Impl::defaultRoleEntity(const CallerContext& caller, RoleType type)
{
    if (!knownType(type))
        invalid("type", "is not a role type (Employee, ExternalUser, Anonymous, System)");
    return store_->read([&](store::Session& s) {
        roleAdministrator(s, caller);
        return RoleEntity { .roleType = type, .rank = s.highestRoleRank() + 1 };
    });
}

} // namespace userservice
