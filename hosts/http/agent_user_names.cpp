// The User agent. User names and user info: validity, uniqueness, defaults, look-ups
// by person and info, and the caller itself.
#include "call.hpp"

#include <boost/json/serialize.hpp>

#include <array>

namespace userservice::http {
namespace {

/// A bare JSON string or boolean answer.
Response bare(const Call& call, boost::json::value value)
{
    return call.ok(boost::json::serialize(value));
}

UserType requiredUserType(const Call& call, std::string_view name)
{
    const auto type = call.enumParam<UserType>(name);
    if (!type)
        throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
    return *type;
}

Response getUserFromPersonId(const Call& call)
{
    return call.ok(toJson(call.service.getUsersFromPersonId(call.caller, call.idParam("personId"), call.select())));
}

Response getUserFromEjUserId(const Call& call)
{
    return call.ok(toJson(call.service.getUsersFromEjUserId(call.caller, call.idParam("ejUserId"), call.select())));
}

Response getUserInfo(const Call& call)
{
    return call.ok(toJson(call.service.getUserInfo(call.caller, call.idParam("userInfoId"))));
}

Response getUserInfoList(const Call& call)
{
    return call.ok(toJson(call.service.getUserInfoList(call.caller, call.idListParam("userInfoIds"))));
}

Response getCurrentUser(const Call& call)
{
    return call.ok(toJson(call.service.getCurrentUser(call.caller, call.select())));
}

Response getCurrentPrincipal(const Call& call)
{
    return call.ok(toJson(call.service.getCurrentPrincipal(call.caller)));
}

Response createDefaultUserFromUserType(const Call& call)
{
    return call.ok(toJson(call.service.createDefaultUserFromUserType(call.caller, requiredUserType(call, "userType"))));
}

Response createDefaultUserFromUserTypeAndPersonId(const Call& call)
{
    const auto type = requiredUserType(call, "userType");
    return call.ok(
        toJson(call.service.createDefaultUserFromUserTypeAndPersonId(call.caller, type, call.idParam("personId"))));
}

Response getDefaultAssociateUserName(const Call& call)
{
    return bare(
        call, boost::json::value(call.service.getDefaultAssociateUserName(call.caller, call.bodyParam<User>("user"))));
}

Response getValidUserNameForNewUser(const Call& call)
{
    return bare(
        call, boost::json::value(call.service.getValidUserNameForNewUser(call.caller, call.bodyParam<User>("user"))));
}

/// IsUserNameValid's and GetValidUserName's parameters: {associateId, type, personId, userName}.
struct NameParams {
    std::int32_t associateId;
    UserType type;
    std::int32_t personId;
    std::string userName;
};

NameParams nameParams(const Call& call)
{
    return { call.optionalIdParam("associateId"), call.enumParam<UserType>("type").value_or(UserType::Unknown),
        call.optionalIdParam("personId"), call.textParam("userName").value_or("") };
}

Response getValidUserName(const Call& call)
{
    const auto p = nameParams(call);
    return bare(call,
        boost::json::value(call.service.getValidUserName(call.caller, p.associateId, p.type, p.personId, p.userName)));
}

Response isUserNameValid(const Call& call)
{
    const auto p = nameParams(call);
    return bare(call, call.service.isUserNameValid(call.caller, p.associateId, p.type, p.personId, p.userName));
}

Response isUserNameValidWithReason(const Call& call)
{
    const auto p = nameParams(call);
    return call.ok(
        toJson(call.service.isUserNameValidWithReason(call.caller, p.associateId, p.type, p.personId, p.userName)));
}

Response isNickNameUnique(const Call& call)
{
    return bare(call,
        call.service.isNickNameUnique(
            call.caller, call.optionalIdParam("associateId"), call.textParam("nickName").value_or("")));
}

constexpr std::array<AgentMethod, 14> methods { {
    { "GetUserFromPersonId", getUserFromPersonId },
    { "GetUserFromEjUserId", getUserFromEjUserId },
    { "GetUserInfo", getUserInfo },
    { "GetUserInfoList", getUserInfoList },
    { "GetCurrentUser", getCurrentUser },
    { "GetCurrentPrincipal", getCurrentPrincipal },
    { "CreateDefaultUserFromUserType", createDefaultUserFromUserType },
    { "CreateDefaultUserFromUserTypeAndPersonId", createDefaultUserFromUserTypeAndPersonId },
    { "GetDefaultAssociateUserName", getDefaultAssociateUserName },
    { "GetValidUserName", getValidUserName },
    { "GetValidUserNameForNewUser", getValidUserNameForNewUser },
    { "IsUserNameValid", isUserNameValid },
    { "IsUserNameValidWithReason", isUserNameValidWithReason },
    { "IsNickNameUnique", isNickNameUnique },
} };

} // namespace

std::span<const AgentMethod> userNameMethods()
{
    return methods;
}

} // namespace userservice::http
