// The REST resource: GET|PUT|PATCH|DELETE /api/v1/User/{id}, POST /api/v1/User (GET: the list, in
// list_route.cpp), GET /api/v1/User/currentUser,
// GET /api/v1/User/{id}/CustomCommand, POST /api/v1/User/{id}/CustomCommand/{name}
// (User/{id}/ApiToken in rest_api_tokens.cpp).
// PATCH is in patch_route.cpp.
#include "call.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::status;
using beast_http::verb;
using boost::beast::iequals;

CommandActionResult actionResult(const Call& call)
{
    const auto text = call.query("actionResult");
    if (!text || text->empty())
        return CommandActionResult::Implicit;
    const auto answer = enumFromString<CommandActionResult>(*text);
    if (!answer)
        throw Exception(Error(ErrorKind::BadRequest,
            "actionResult must be Implicit, Yes, No, Ok or Cancel, not \"" + text->substr(0, 40) + "\"", {},
            "actionResult"));
    return *answer;
}

/// 405 unless the request's method is `allowed`.
void only(const Call& call, verb allowed, const std::string& route)
{
    if (call.request.method() != allowed)
        throw httpError(405, route + " answers " + std::string(beast_http::to_string(allowed)) + " only", "method");
}

Response getUser(const Call& call, std::int32_t id)
{
    const auto modified = call.lastModified(id);
    if (!modified)
        throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
    const auto since = parseHttpDate(header(call.request, "If-Modified-Since")); // unparsable: ignored (RFC 9110)
    Response response { status::not_modified, call.request.version() };
    if (since && *modified <= *since) {
        response.keep_alive(call.request.keep_alive());
    } else {
        const auto user = call.service.getUser(call.caller, id, call.select());
        if (!user)
            throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
        response = call.ok(toJson(*user));
    }
    response.set(field::last_modified, formatHttpDate(*modified));
    return response;
}

/// POST /User: creates a user.
Response createUser(const Call& call)
{
    only(call, verb::post, "User");
    auto user = call.userBody();
    if (user.associateId != 0)
        throw Exception(Error(ErrorKind::BadRequest,
            "POST /User creates a user: AssociateId must be 0; use PUT /User/{id} to change one", {}, "AssociateId"));
    const auto saved = call.service.saveUser(call.caller, user);
    auto response = call.ok(toJson(saved), status::created);
    response.set(field::location, "/api/v1/User/" + std::to_string(saved.associateId));
    return response;
}

/// DELETE User/{id}: 204; a user the caller may not see is a 404 like GET's.
Response deleteUser(const Call& call, std::int32_t id)
{
    const auto deleted = call.service.tryDeleteUser(call.caller, id);
    if (!deleted && deleted.error().kind() == ErrorKind::NotFound)
        throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
    if (!deleted)
        throw Exception(deleted.error());
    return call.noContent();
}

/// User/{id}: GET, PUT, PATCH and DELETE.
Response oneUser(const Call& call, std::int32_t id)
{
    switch (call.request.method()) {
    case verb::get:
        return getUser(call, id);
    case verb::put:
        return replaceUser(call, id, call.userBody(), call.saveOptions());
    case verb::patch:
        return patchUser(call, id);
    case verb::delete_:
        return deleteUser(call, id);
    default:
        throw httpError(405, "User/{id} answers GET, PUT, PATCH and DELETE", "method");
    }
}

/// User/{id}/CustomCommand: the commands offered on the user.
Response userCommands(const Call& call, std::int32_t id)
{
    only(call, verb::get, "User/{id}/CustomCommand");
    const auto user = call.service.getUser(call.caller, id);
    if (!user)
        throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
    return call.ok(toJson(call.service.getUserCommands(call.caller, *user)));
}

} // namespace

Response replaceUser(const Call& call, std::int32_t id, User user, const SaveOptions& options)
{
    if (user.associateId != 0 && user.associateId != id)
        throw Exception(Error(ErrorKind::BadRequest,
            "AssociateId " + std::to_string(user.associateId) + " in the body differs from " + std::to_string(id) +
                " in the path",
            {}, "AssociateId"));
    user.associateId = id;
    auto saved = call.service.saveUser(call.caller, user, options);
    auto response = call.ok(toJson(saved));
    if (const auto modified = call.lastModified(id))
        response.set(field::last_modified, formatHttpDate(*modified));
    return response;
}

Response userResource(const Call& call, std::span<const std::string> path, std::string& route)
{
    if (path.size() == 1) {
        route = "User";
        if (call.request.method() != verb::get && call.request.method() != verb::post)
            throw httpError(405, "User answers GET (the list) and POST", "method");
        return call.request.method() == verb::get ? listUsers(call) : createUser(call);
    }
    if (path.size() == 2 && iequals(path[1], "currentUser")) { // a name, not an id: before parseId
        route = "User/currentUser";
        only(call, verb::get, route);
        const auto user = call.service.getCurrentUser(call.caller, call.select());
        if (!user)
            throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
        return call.ok(toJson(*user));
    }
    const auto id = Call::parseId(path[1], "id");
    if (path.size() == 2) {
        route = "User/{id}";
        return oneUser(call, id);
    }
    if (iequals(path[2], "ApiToken"))
        return apiTokenResource(call, id, path, route);
    if (!iequals(path[2], "CustomCommand") || path.size() > 4)
        throw httpError(404, "no such resource", "route");
    if (path.size() == 3) {
        route = "User/{id}/CustomCommand";
        return userCommands(call, id);
    }
    route = "User/{id}/CustomCommand/{name}";
    only(call, verb::post, route);
    return call.ok(toJson(call.service.executeUserCommand(call.caller, id, path[3], actionResult(call))));
}

} // namespace userservice::http
