// The User agent: POST /api/v1/Agents/User/{method}, one function per method.
#include "call.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <initializer_list>

namespace userservice::http {
namespace {

using boost::beast::iequals;

Response saveUser(const Call& call)
{
    return call.ok(toJson(call.service.saveUser(call.caller, call.userBody())));
}

Response saveUserFromName(const Call& call)
{
    const auto request = call.bodyAs<SaveUserFromNameRequest>();
    if (!request.userName || request.userName->empty())
        throw Exception(Error(ErrorKind::BadRequest, "UserName is required", {}, "UserName"));
    if (!request.user)
        throw Exception(Error(ErrorKind::BadRequest, std::string(noEntity), {}, "User"));
    return call.ok(toJson(call.service.saveUserFromName(call.caller, *request.userName, *request.user, call.select())));
}

Response executeUserCommand(const Call& call)
{
    const auto request = call.bodyAs<ExecuteUserCommandRequest>();
    if (!request.commandName || request.commandName->empty())
        throw Exception(Error(ErrorKind::BadRequest, "CommandName is required", {}, "CommandName"));
    return call.ok(toJson(call.service.executeUserCommand(
        call.caller, *request.commandName, request.actionResult, request.user.value_or(User {}))));
}

Response getUserCommands(const Call& call)
{
    // The body is optional here: no user means a new one.
    const auto request =
        trim(call.request.body()).empty() ? GetUserCommandsRequest {} : call.bodyAs<GetUserCommandsRequest>();
    return call.ok(toJson(call.service.getUserCommands(call.caller, request.user.value_or(User {}))));
}

Response getUser(const Call& call)
{
    return call.ok(toJson(call.service.getUser(call.caller, call.idParam("userId"), call.select())));
}

Response getUserFromName(const Call& call)
{
    return call.ok(toJson(call.service.getUserFromName(call.caller, call.requiredText("userName"), call.select())));
}

Response createDefaultUser(const Call& call)
{
    return call.ok(toJson(call.service.createDefaultUser(call.caller)));
}

Response validateUser(const Call& call)
{
    // Dictionary<string, string>: field -> message (several messages joined).
    boost::json::object problems;
    for (const auto& problem : call.service.validateUser(call.caller, call.userBody())) {
        auto& message = problems[problem.field];
        if (auto* text = message.if_string(); text && !text->empty())
            text->append("; ").append(problem.message);
        else
            message = problem.message;
    }
    return call.ok(boost::json::serialize(problems));
}

constexpr std::array<AgentMethod, 8> methods { {
    { "SaveUser", saveUser },
    { "SaveUserFromName", saveUserFromName },
    { "ExecuteUserCommand", executeUserCommand },
    { "GetUserCommands", getUserCommands },
    { "GetUser", getUser },
    { "GetUserFromName", getUserFromName },
    { "CreateDefaultUser", createDefaultUser },
    { "ValidateUser", validateUser },
} };

} // namespace

std::span<const AgentMethod> userMethods() { return methods; }

Response agentCall(const Call& call, std::string_view method)
{
    for (const auto family : { userMethods(), userAdminMethods(), userNameMethods(), passwordMethods(),
             credentialMethods(), userGroupMethods(), rightsMethods(), roleMethods() })
        for (const auto& [name, answer] : family)
            if (iequals(method, name))
                return answer(call);
    for (const auto& [name, reason] : notServedMethods())
        if (iequals(method, name))
            throw httpError(501, std::string(name) + " is not served by this host: " + std::string(reason), "route");
    throw httpError(404, "the User agent has no method " + std::string(method), "route");
}

} // namespace userservice::http
