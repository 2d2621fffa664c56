// The REST resource of user groups: GET /api/v1/UserGroup (the pick list; ?includeDeleted=true
// adds the retired ones), POST /api/v1/UserGroup, GET|PUT|DELETE /api/v1/UserGroup/{id}
// (DELETE takes ?userGroupToMoveTo= for a group that users have).
#include "call.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::status;
using beast_http::verb;

constexpr std::string_view groupNotFound = "UserGroup with given id does not exist in the db.";

[[noreturn]] void notFound()
{
    throw Exception(Error(ErrorKind::NotFound, std::string(groupNotFound), {}, "id"));
}

Response createGroup(const Call& call)
{
    const auto group = call.bodyAs<UserGroup>();
    if (group.id != 0)
        throw Exception(Error(ErrorKind::BadRequest,
            "POST /UserGroup creates a group: Id must be 0; use PUT /UserGroup/{id} to change one", {}, "Id"));
    const auto saved = call.service.saveUserGroup(call.caller, group);
    auto response = call.ok(toJson(saved), status::created);
    response.set(field::location, "/api/v1/UserGroup/" + std::to_string(saved.id));
    return response;
}

Response replaceGroup(const Call& call, std::int32_t id)
{
    auto group = call.bodyAs<UserGroup>();
    if (group.id != 0 && group.id != id)
        throw Exception(Error(ErrorKind::BadRequest,
            "Id " + std::to_string(group.id) + " in the body differs from " + std::to_string(id) + " in the path", {},
            "Id"));
    group.id = id;
    const auto saved = call.service.trySaveUserGroup(call.caller, group);
    if (!saved && saved.error().kind() == ErrorKind::NotFound)
        notFound();
    return call.ok(toJson(saved.value()));
}

Response oneGroup(const Call& call, std::int32_t id)
{
    switch (call.request.method()) {
    case verb::get: {
        const auto group = call.service.getUserGroup(call.caller, id);
        if (!group)
            notFound();
        return call.ok(toJson(*group));
    }
    case verb::put:
        return replaceGroup(call, id);
    case verb::delete_: {
        const auto deleted =
            call.service.tryDeleteUserGroup(call.caller, id, call.optionalIdParam("userGroupToMoveTo"));
        if (!deleted && deleted.error().kind() == ErrorKind::NotFound && deleted.error().source() == "userGroupToDelete")
            notFound();
        deleted.value();
        return call.noContent();
    }
    default:
        throw httpError(405, "UserGroup/{id} answers GET, PUT and DELETE", "method");
    }
}

} // namespace

Response userGroupResource(const Call& call, std::span<const std::string> path, std::string& route)
{
    if (path.size() == 1) {
        route = "UserGroup";
        if (call.request.method() == verb::get)
            return call.ok(toJson(
                call.service.getAllUserGroups(call.caller, call.boolParam("includeDeleted").value_or(false))));
        if (call.request.method() == verb::post)
            return createGroup(call);
        throw httpError(405, "UserGroup answers GET (the list) and POST", "method");
    }
    if (path.size() != 2)
        throw httpError(404, "no such resource", "route");
    route = "UserGroup/{id}";
    return oneGroup(call, Call::parseId(path[1], "id"));
}

} // namespace userservice::http
