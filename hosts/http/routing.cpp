// One request in, one response out: the target is routed to the agent or the REST
// resource after the caller is authenticated, and every error becomes the WebAPI
// error body.
#include "api.hpp"
#include "authentication.hpp"
#include "call.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <sodium.h>

#include <vector>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using boost::beast::iequals;

/// The path below /api/v1/, or a 404.
std::vector<std::string> apiPath(boost::urls::url_view url)
{
    std::vector<std::string> path;
    for (auto segment : url.segments())
        path.push_back(std::move(segment));
    if (path.size() < 3 || !iequals(path[0], "api") || !iequals(path[1], "v1"))
        throw httpError(404, "no such resource: the User endpoints are under /api/v1/", "route");
    path.erase(path.begin(), path.begin() + 2);
    return path;
}

/// Fills `exchange` as it goes, so that the access log knows the route and caller of a failed call too.
void route(UserService& service, const Request& request, std::string_view clientAddress, std::size_t bodyLimit,
    Exchange& exchange)
{
    const auto url = boost::urls::parse_origin_form(request.target());
    if (!url)
        throw httpError(400, "the request target is not a valid URL path", "target");
    const auto path = apiPath(*url);
    const bool agent = path.size() == 3 && iequals(path[0], "Agents") && iequals(path[1], "User");
    const bool rest = iequals(path[0], "User");
    if (!agent && !rest)
        throw httpError(404, "no such resource", "route");
    if (rest && path.size() == 2 && iequals(path[1], "ResetPassword")) {
        // Before authentication: whoever forgot a password has only the e-mail's token.
        exchange.route = "User/ResetPassword";
        if (request.method() != beast_http::verb::post)
            throw httpError(405, "ResetPassword is a POST", "method");
        exchange.response = resetPassword(Call(service, request, *url, CallerContext::system()));
        return;
    }

    auto authenticated = authenticate(service, request, clientAddress);
    if (auto* response = std::get_if<Response>(&authenticated)) {
        exchange.response = std::move(*response);
        return;
    }
    exchange.caller = std::get<std::int32_t>(authenticated);
    Call call(service, request, *url, callerFrom(request, *exchange.caller));
    call.bodyLimit = bodyLimit;
    if (!agent) {
        exchange.response = userResource(call, path, exchange.route);
        return;
    }
    exchange.route = "Agents/User/" + path[2];
    if (request.method() != beast_http::verb::post)
        throw httpError(405, "agent calls are POST", "method");
    exchange.response = agentCall(call, path[2]);
}

/// Eight hex digits that the client's 500 and the log line share.
std::string newReference()
{
    unsigned char bytes[4];
    randombytes_buf(bytes, sizeof bytes);
    char hex[2 * sizeof bytes + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

/// An internal error (a plugin that threw, a host bug): its details go to the log,
/// the client gets a generic message with the log line's reference. The details
/// may name server files (a plugin's path) and are for the operator only.
Error internalError(const std::function<void(std::string_view)>& log, const Request& request, const Exchange& exchange,
    std::string_view details)
{
    const auto reference = newReference();
    if (log)
        log("internal error, reference " + reference + ": " + std::string(request.method_string()) + " " +
            (exchange.route.empty() ? std::string("-") : exchange.route) + " caller=" +
            (exchange.caller ? std::to_string(*exchange.caller) : std::string("-")) + ": " + std::string(details));
    return Error(ErrorKind::Internal, "internal error; the server's log has the details, reference " + reference);
}

} // namespace

Response errorResponse(const Error& error, unsigned status, unsigned version)
{
    const unsigned code = status != 0 ? status : static_cast<unsigned>(error.httpStatus());
    Response response { static_cast<beast_http::status>(code), version };
    response.set(field::content_type, "application/json; charset=utf-8");
    if (const auto wait = error.retryAfter())
        response.set(field::retry_after, std::to_string(wait->count()));
    response.body() = boost::json::serialize(error.toWebApiBody());
    response.prepare_payload();
    return response;
}

Exchange Api::handle(const Request& request, std::string_view clientAddress) const noexcept
{
    Exchange exchange;
    const auto fail = [&](const Error& error, unsigned status = 0) {
        exchange.response = errorResponse(error, status, request.version());
        exchange.response.keep_alive(request.keep_alive());
    };
    try {
        try {
            route(service_, request, clientAddress, bodyLimit_, exchange);
        } catch (const Exception& e) {
            const auto& error = e.error(); // its message lists every problem, by field
            if (error.kind() == ErrorKind::Internal)
                fail(internalError(log_, request, exchange,
                    error.message() + (error.source().empty() ? "" : " (source " + error.source() + ")")));
            else
                fail(error);
        } catch (const HttpError& e) {
            fail(e.error, e.status);
        } catch (const std::exception& e) {
            fail(internalError(log_, request, exchange, e.what()));
        }
    } catch (...) {
        exchange.response = Response { beast_http::status::internal_server_error, request.version() };
    }
    return exchange;
}

} // namespace userservice::http
