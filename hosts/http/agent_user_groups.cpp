// The User agent. User groups (pick lists for every signed-in caller, changes for user
// administrators) and users' presence.
#include "call.hpp"

#include <array>

namespace userservice::http {
namespace {

Response getAllUserGroups(const Call& call)
{
    return call.ok(
        toJson(call.service.getAllUserGroups(call.caller, call.boolParam("includeDeleted").value_or(false))));
}

Response getUserGroup(const Call& call)
{
    return call.ok(toJson(call.service.getUserGroup(call.caller, call.idParam("userGroupId"))));
}

Response getUserGroupList(const Call& call)
{
    return call.ok(toJson(call.service.getUserGroupList(call.caller, call.idListParam("userGroupIds"))));
}

Response createUserGroup(const Call& call)
{
    return call.ok(toJson(call.service.createUserGroup(call.caller)));
}

Response saveUserGroup(const Call& call)
{
    return call.ok(toJson(call.service.saveUserGroup(call.caller, call.bodyParam<UserGroup>("userGroup"))));
}

Response deleteUserGroup(const Call& call)
{
    call.service.deleteUserGroup(
        call.caller, call.idParam("userGroupToDelete"), call.optionalIdParam("userGroupToMoveTo"));
    return call.noContent();
}

Response getUserPresenceStatus(const Call& call)
{
    return call.ok(toJson(call.service.getUserPresenceStatus(call.caller, call.optionalIdParam("associateId"))));
}

Response setUserPresenceStatus(const Call& call)
{
    const auto status = call.carrierParam<UserPresenceStatus>("userPresenceStatus");
    if (!status)
        throw Exception(Error(ErrorKind::BadRequest, "userPresenceStatus is required", {}, "userPresenceStatus"));
    return call.ok(
        toJson(call.service.setUserPresenceStatus(call.caller, call.optionalIdParam("associateId"), *status)));
}

constexpr std::array<AgentMethod, 8> methods { {
    { "GetAllUserGroups", getAllUserGroups },
    { "GetUserGroup", getUserGroup },
    { "GetUserGroupList", getUserGroupList },
    { "CreateUserGroup", createUserGroup },
    { "SaveUserGroup", saveUserGroup },
    { "DeleteUserGroup", deleteUserGroup },
    { "GetUserPresenceStatus", getUserPresenceStatus },
    { "SetUserPresenceStatus", setUserPresenceStatus },
} };

} // namespace

std::span<const AgentMethod> userGroupMethods()
{
    return methods;
}

} // namespace userservice::http
