// A user's API tokens as a REST resource (the web console's tokens tab):
//   GET    /api/v1/User/{id}/ApiToken            [{Id, AssociateId, Label, Created}], oldest first
//   POST   /api/v1/User/{id}/ApiToken {label}    201 the same with Secret: the only time it is shown
//   DELETE /api/v1/User/{id}/ApiToken/{tokenId}  204, revoked for good
// The service decides who may (a user administrator or the system: 403 otherwise; a user
// the caller may not see is a 404). A secret is never logged: the access log has the route only.
#include "call.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::verb;

boost::json::object tokenJson(const ApiToken& token)
{
    return { { "Id", token.id }, { "AssociateId", token.associateId }, { "Label", token.label },
        { "Created", token.created.toString() } };
}

Response listTokens(const Call& call, std::int32_t id)
{
    boost::json::array tokens;
    for (const auto& token : call.service.apiTokens(call.caller, id))
        tokens.push_back(tokenJson(token));
    return call.ok(boost::json::serialize(tokens));
}

Response issueToken(const Call& call, std::int32_t id)
{
    auto issued = call.service.issueApiToken(call.caller, id, call.textParam("label").value_or(""));
    auto body = tokenJson(issued.token);
    body["Secret"] = issued.secret;
    auto response = call.ok(boost::json::serialize(body), beast_http::status::created);
    response.set(beast_http::field::cache_control, "no-store"); // the only copy: no cache keeps it
    response.set(beast_http::field::location,
        "/api/v1/User/" + std::to_string(id) + "/ApiToken/" + std::to_string(issued.token.id));
    return response;
}

/// Revokes a token of this user; a token of another user is as unknown as a missing one.
Response revokeToken(const Call& call, std::int32_t id, std::string_view tokenText)
{
    const auto tokenId = Call::parseId(tokenText, "tokenId");
    const auto tokens = call.service.apiTokens(call.caller, id); // the rights check, and the token's owner
    if (std::none_of(tokens.begin(), tokens.end(), [&](const ApiToken& token) { return token.id == tokenId; }))
        throw Exception(Error(ErrorKind::NotFound,
            "user " + std::to_string(id) + " has no API token " + std::to_string(tokenId), {}, "tokenId"));
    call.service.revokeApiToken(call.caller, tokenId);
    return call.noContent();
}

} // namespace

Response apiTokenResource(const Call& call, std::int32_t id, std::span<const std::string> path, std::string& route)
{
    const auto method = call.request.method();
    if (path.size() == 3) {
        route = "User/{id}/ApiToken";
        if (method == verb::get)
            return listTokens(call, id);
        if (method == verb::post)
            return issueToken(call, id);
        throw httpError(405, route + " answers GET (the list) and POST (issue)", "method");
    }
    route = "User/{id}/ApiToken/{tokenId}";
    if (path.size() != 4)
        throw httpError(404, "no such resource", "route");
    if (method != verb::delete_)
        throw httpError(405, route + " answers DELETE (revoke)", "method");
    return revokeToken(call, id, path[3]);
}

} // namespace userservice::http
