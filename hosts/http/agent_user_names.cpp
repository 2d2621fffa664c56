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

/// An id that may be 0 ("a new user", "no person"): absent is 0, negative or too large a 400.
std::int32_t optionalId(const Call& call, std::string_view name)
{
    const auto id = call.integerParam(name).value_or(0);
    if (id < 0 || id > INT32_MAX)
        throw Exception(Error(ErrorKind::BadRequest,
            std::string(name) + ": expected 0 or a positive integer id, got " + std::to_string(id), {},
            std::string(name)));
    return static_cast<std::int32_t>(id);
}

UserType requiredUserType(const Call& call, std::string_view name)
{
    const auto type = call.enumParam<UserType>(name);
    if (!type)
        throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
    return *type;
}

/// GetUserInfoList's ids: the body's array, or its member userInfoIds.
std::vector<std::int32_t> userInfoIds(const Call& call)
{
    const auto member = call.param("userInfoIds");
    const boost::json::value& value = member ? *member : call.body();
    const auto* array = value.if_array();
    if (!array)
        throw Exception(Error(ErrorKind::BadRequest,
            "userInfoIds: expected an array of ids, or an object with userInfoIds", {}, "userInfoIds"));
    std::vector<std::int32_t> ids;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& item = (*array)[i];
        if (!item.is_int64() || item.get_int64() <= 0 || item.get_int64() > INT32_MAX) {
            auto shown = boost::json::serialize(item).substr(0, 40);
            throw Exception(Error(ErrorKind::BadRequest,
                "userInfoIds[" + std::to_string(i) + "]: expected a positive integer id, got " + shown, {},
                "userInfoIds"));
        }
        ids.push_back(static_cast<std::int32_t>(item.get_int64()));
    }
    return ids;
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
    return call.ok(toJson(call.service.getUserInfoList(call.caller, userInfoIds(call))));
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
    return { optionalId(call, "associateId"), call.enumParam<UserType>("type").value_or(UserType::Unknown),
        optionalId(call, "personId"), call.textParam("userName").value_or("") };
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
            call.caller, optionalId(call, "associateId"), call.textParam("nickName").value_or("")));
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
