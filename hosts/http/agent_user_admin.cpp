// The User agent. Users changed by an administrator: delete, retire, user type, licences, external users.
#include "call.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace userservice::http {
namespace {

bool requiredBool(const Call& call, std::string_view name)
{
    const auto value = call.boolParam(name);
    if (!value)
        throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
    return *value;
}

Response deleteUser(const Call& call)
{
    call.service.deleteUser(call.caller, call.idParam("UserId"));
    return call.noContent();
}

Response deleteUserFromName(const Call& call)
{
    call.service.deleteUserFromName(call.caller, call.requiredText("userName"));
    return call.noContent();
}

Response makeRetired(const Call& call)
{
    call.service.makeRetired(call.caller, call.idParam("associateId"), requiredBool(call, "retired"));
    return call.noContent();
}

Response changeUserType(const Call& call)
{
    const auto user = call.carrierParam<User>("user");
    if (!user)
        throw Exception(Error(ErrorKind::BadRequest, "user is required", {}, "user"));
    if (user->associateId <= 0)
        throw Exception(Error(ErrorKind::BadRequest, "user.AssociateId must name a stored user", {}, "user"));
    const auto type = call.enumParam<UserType>("userType");
    if (!type)
        throw Exception(Error(ErrorKind::BadRequest, "userType is required", {}, "userType"));
    return call.ok(toJson(call.service.changeUserType(call.caller, user->associateId, *type)));
}

Response removeLicenses(const Call& call)
{
    call.service.removeLicenses(call.caller, call.idParam("associateId"));
    return call.noContent();
}

Response createExternalUser(const Call& call)
{
    // Out of range is still not 0: the service refuses any person id.
    const auto personId = std::clamp<std::int64_t>(call.integerParam("personId").value_or(0),
        std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max());
    const std::string userName = call.requiredText("userName");
    const std::string password = call.requiredSecret("password");
    const std::int32_t id = call.service.createExternalUser(call.caller, static_cast<std::int32_t>(personId), userName,
        password, call.idParam("roleId"), call.boolParam("isActive").value_or(true));
    return call.ok(std::to_string(id));
}

Response deleteExternalUser(const Call& call)
{
    call.service.deleteExternalUser(call.caller, call.idParam("associateId"));
    return call.noContent();
}

Response setExternalUserInfo(const Call& call)
{
    const auto modification = call.enumParam<ExternalUserInfoModification>("externalUserInfoModification");
    if (!modification)
        throw Exception(Error(
            ErrorKind::BadRequest, "externalUserInfoModification is required", {}, "externalUserInfoModification"));
    const bool newRole = hasAll(*modification, ExternalUserInfoModification::Role);
    const std::int32_t roleId = newRole ? call.idParam("roleId") : 0;
    call.service.setExternalUserInfo(call.caller, call.idParam("associateId"), call.textParam("userName").value_or(""),
        call.secretParam("password").value_or(""), call.boolParam("isActive").value_or(false), roleId, *modification);
    return call.noContent();
}

constexpr std::array<AgentMethod, 8> methods { {
    { "DeleteUser", deleteUser },
    { "DeleteUserFromName", deleteUserFromName },
    { "MakeRetired", makeRetired },
    { "ChangeUserType", changeUserType },
    { "RemoveLicenses", removeLicenses },
    { "CreateExternalUser", createExternalUser },
    { "DeleteExternalUser", deleteExternalUser },
    { "SetExternalUserInfo", setExternalUserInfo },
} };

} // namespace

std::span<const AgentMethod> userAdminMethods()
{
    return methods;
}

} // namespace userservice::http
