// The User agent. Roles as entities (pick lists and entities for every signed-in caller,
// changes for whoever may change roles), and the credential users of a user group.
#include "call.hpp"

#include <boost/beast/core/string.hpp>

#include <array>

namespace userservice::http {
namespace {

using boost::beast::iequals;

Response getAllRoles(const Call& call)
{
    const auto type = call.enumParam<RoleType>("roleType").value_or(RoleType::Unknown);
    return call.ok(toJson(call.service.rolesAndRights().getAllRoles(call.caller, type)));
}

Response getRole(const Call& call)
{
    return call.ok(toJson(call.service.rolesAndRights().getRole(call.caller, call.idParam("roleId"))));
}

Response getRoleEntity(const Call& call)
{
    return call.ok(toJson(call.service.rolesAndRights().getRoleEntity(call.caller, call.idParam("roleEntityId"))));
}

Response saveRoleEntity(const Call& call)
{
    return call.ok(
        toJson(call.service.rolesAndRights().saveRoleEntity(call.caller, call.bodyParam<RoleEntity>("entity"))));
}

Response deleteRole(const Call& call)
{
    call.service.rolesAndRights().deleteRole(
        call.caller, call.idParam("roleIdToDelete"), call.optionalIdParam("replacingRoleId"));
    return call.noContent();
}

Response createDefaultRoleEntity(const Call& call)
{
    return call.ok(toJson(call.service.rolesAndRights().createDefaultRoleEntity(call.caller)));
}

Response createDefaultRoleEntityFromType(const Call& call)
{
    const auto type = call.enumParam<RoleType>("type");
    if (!type)
        throw Exception(Error(ErrorKind::BadRequest, "type is required: a role type", {}, "type"));
    return call.ok(toJson(call.service.rolesAndRights().createDefaultRoleEntityFromType(call.caller, *type)));
}

/// The group named by `groupId`, else by `groupName` (the official client's parameter:
/// a user group's Value, ignoring case).
std::int32_t groupOf(const Call& call)
{
    if (call.param("groupId"))
        return call.idParam("groupId");
    const auto name = call.requiredText("groupName");
    for (const auto& group : call.service.getAllUserGroups(call.caller, true))
        if (group.value && iequals(*group.value, name))
            return group.id;
    throw Exception(Error(ErrorKind::NotFound, "groupName: there is no user group of that name", {}, "groupName"));
}

Response getCredentialUsersInGroup(const Call& call)
{
    const auto type = call.requiredText("type");
    return call.ok(toJson(call.service.getCredentialUsersInGroup(call.caller, type, groupOf(call))));
}

constexpr std::array<AgentMethod, 8> methods { {
    { "GetAllRoles", getAllRoles },
    { "GetRole", getRole },
    { "GetRoleEntity", getRoleEntity },
    { "SaveRoleEntity", saveRoleEntity },
    { "DeleteRole", deleteRole },
    { "CreateDefaultRoleEntity", createDefaultRoleEntity },
    { "CreateDefaultRoleEntityFromType", createDefaultRoleEntityFromType },
    { "GetCredentialUsersInGroup", getCredentialUsersInGroup },
} };

} // namespace

std::span<const AgentMethod> roleMethods()
{
    return methods;
}

} // namespace userservice::http
