// The REST resource of roles: GET /api/v1/Role (the pick list of every type), POST
// /api/v1/Role (201 with Location), GET|PUT|DELETE /api/v1/Role/{id} (RoleEntity; DELETE
// takes ?replacingRoleId= for a role that users hold).
#include "call.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::status;
using beast_http::verb;

[[noreturn]] void notFound()
{
    throw Exception(Error(ErrorKind::NotFound, "Role with given id does not exist in the db.", {}, "id"));
}

Response createRole(const Call& call)
{
    const auto role = call.bodyAs<RoleEntity>();
    if (role.roleId != 0)
        throw Exception(Error(ErrorKind::BadRequest,
            "POST /Role creates a role: RoleId must be 0; use PUT /Role/{id} to change one", {}, "RoleId"));
    const auto saved = call.service.rolesAndRights().saveRoleEntity(call.caller, role);
    auto response = call.ok(toJson(saved), status::created);
    response.set(field::location, "/api/v1/Role/" + std::to_string(saved.roleId));
    return response;
}

Response replaceRole(const Call& call, std::int32_t id)
{
    auto role = call.bodyAs<RoleEntity>();
    if (role.roleId != 0 && role.roleId != id)
        throw Exception(Error(ErrorKind::BadRequest,
            "RoleId " + std::to_string(role.roleId) + " in the body differs from " + std::to_string(id) +
                " in the path",
            {}, "RoleId"));
    role.roleId = id;
    const auto saved = call.service.rolesAndRights().trySaveRoleEntity(call.caller, role);
    if (!saved && saved.error().kind() == ErrorKind::NotFound)
        notFound();
    return call.ok(toJson(saved.value()));
}

Response oneRole(const Call& call, std::int32_t id)
{
    switch (call.request.method()) {
    case verb::get: {
        const auto role = call.service.rolesAndRights().getRoleEntity(call.caller, id);
        if (!role)
            notFound();
        return call.ok(toJson(*role));
    }
    case verb::put:
        return replaceRole(call, id);
    case verb::delete_: {
        const auto deleted =
            call.service.rolesAndRights().tryDeleteRole(call.caller, id, call.optionalIdParam("replacingRoleId"));
        if (!deleted && deleted.error().kind() == ErrorKind::NotFound && deleted.error().source() == "roleIdToDelete")
            notFound();
        deleted.value();
        return call.noContent();
    }
    default:
        throw httpError(405, "Role/{id} answers GET, PUT and DELETE", "method");
    }
}

} // namespace

Response roleResource(const Call& call, std::span<const std::string> path, std::string& route)
{
    if (path.size() == 1) {
        route = "Role";
        if (call.request.method() == verb::get)
            return call.ok(toJson(call.service.rolesAndRights().getAllRoles(call.caller)));
        if (call.request.method() == verb::post)
            return createRole(call);
        throw httpError(405, "Role answers GET (the list) and POST", "method");
    }
    if (path.size() != 2)
        throw httpError(404, "no such resource", "route");
    route = "Role/{id}";
    return oneRole(call, Call::parseId(path[1], "id"));
}

} // namespace userservice::http
