// One request in, one response out: the target is routed to the agent or the REST
// resource after the caller is authenticated, and every error becomes the WebAPI
// error body.
#include "api.hpp"
#include "authentication.hpp"
#include "call.hpp"
#include "console_files.hpp"
#include "request_id.hpp"
#include "session_auth.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

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

/// What a route needs of the Api besides the request.
struct Host {
    UserService& service;
    std::size_t bodyLimit;
    const ConsoleOptions& console;
    Sessions& sessions;
};

/// The caller: a console session's cookie (with its X-XSRF-TOKEN), else Basic or Bearer.
std::variant<std::int32_t, Response> callerOf(const Host& host, const Request& request, std::string_view clientAddress)
{
    if (auto session = sessionCaller(host.service, host.sessions, request))
        return std::move(*session);
    return authenticate(host.service, request, clientAddress);
}

/// Fills `exchange` as it goes, so that the access log knows the route and caller of a failed call too.
void route(const Host& host, const Request& request, std::string_view clientAddress, Exchange& exchange)
{
    auto& service = host.service;
    const auto url = boost::urls::parse_origin_form(request.target());
    if (!url)
        throw httpError(400, "the request target is not a valid URL path", "target");
    if (isConsoleTarget(request.target())) {
        exchange.route = "console";
        exchange.response = consoleFile(host.console, request, *url);
        return;
    }
    const auto path = apiPath(*url);
    if (path.size() == 1 && iequals(path[0], "Session")) { // signs in: before authentication
        exchange.route = "Session";
        exchange.response = sessionRoute(service, host.sessions, request, *url, clientAddress);
        return;
    }
    const bool agent = path.size() == 3 && iequals(path[0], "Agents") && iequals(path[1], "User");
    const bool groups = iequals(path[0], "UserGroup");
    const bool roles = iequals(path[0], "Role");
    const bool rest = iequals(path[0], "User") || groups || roles;
    if (!agent && !rest)
        throw httpError(404, "no such resource", "route");
    if (path.size() == 2 && iequals(path[0], "User") && iequals(path[1], "ResetPassword")) {
        // Before authentication: whoever forgot a password has only the e-mail's token.
        exchange.route = "User/ResetPassword";
        if (request.method() != beast_http::verb::post)
            throw httpError(405, "ResetPassword is a POST", "method");
        exchange.response = resetPassword(Call(service, request, *url, CallerContext::system()));
        return;
    }

    auto authenticated = callerOf(host, request, clientAddress);
    if (auto* response = std::get_if<Response>(&authenticated)) {
        exchange.response = std::move(*response);
        return;
    }
    exchange.caller = std::get<std::int32_t>(authenticated);
    Call call(service, request, *url, callerFrom(request, *exchange.caller));
    call.bodyLimit = host.bodyLimit;
    if (!agent) {
        exchange.response = groups ? userGroupResource(call, path, exchange.route)
            : roles                ? roleResource(call, path, exchange.route)
                                   : userResource(call, path, exchange.route);
        if (exchange.route == "User/{id}/ApiToken/{tokenId}" && exchange.response.result_int() == 204)
            keepSessionThatRevoked(service, host.sessions, request, *exchange.caller);
        return;
    }
    exchange.route = "Agents/User/" + path[2];
    if (request.method() != beast_http::verb::post)
        throw httpError(405, "agent calls are POST", "method");
    exchange.response = agentCall(call, path[2]);
}

/// The error log's line for a 5xx: the request id first, then what was asked, by
/// whom, and the details.
std::string errorLogLine(const Request& request, const Exchange& exchange, std::string_view details)
{
    auto line = "request " + exchange.requestId + ": " + std::string(request.method_string()) + " " +
        (exchange.route.empty() ? std::string("-") : exchange.route) +
        " caller=" + (exchange.caller ? std::to_string(*exchange.caller) : std::string("-")) + ": " +
        std::string(details);
    for (auto& c : line) // one line, whatever an exception's text holds
        if (static_cast<unsigned char>(c) < 0x20)
            c = ' ';
    return line;
}

/// A server-side error (a plugin that threw, a host bug, a database file gone): its
/// details go to the log under the request id, the client gets a generic message with
/// that id. The details may name server files (a plugin's path) and are for the
/// operator only.
Error serverError(const std::function<void(std::string_view)>& log, const Request& request, const Exchange& exchange,
    ErrorKind kind, std::string_view details)
{
    if (log)
        log(errorLogLine(request, exchange, details));
    const std::string what = kind == ErrorKind::Unavailable ? "the service is unavailable" : "internal error";
    return Error(kind, what + "; the server's log has the details under request id " + exchange.requestId, {},
        exchange.requestId);
}

} // namespace

Api::Api(UserService& service, std::function<void(std::string_view line)> log, std::size_t bodyLimit,
    ClearTextBasic clearTextBasic, ConsoleOptions console)
    : service_(service)
    , log_(std::move(log))
    , bodyLimit_(bodyLimit)
    , clearTextBasic_(clearTextBasic)
    , console_(console)
    , sessions_(std::make_shared<Sessions>(std::move(console)))
{
}

Response errorResponse(const Error& error, unsigned status, unsigned version)
{
    const unsigned code = status != 0 ? status : static_cast<unsigned>(error.httpStatus());
    Response response { static_cast<beast_http::status>(code), version };
    response.set(field::content_type, "application/json; charset=utf-8");
    if (const auto wait = error.retryAfter())
        response.set(field::retry_after, std::to_string(wait->count()));
    auto body = error.toWebApiBody();
    if (!error.fields().empty()) { // our extension: each field with its problem, for a form (the console)
        boost::json::object fields;
        for (const auto& each : error.fields())
            fields[each.field] = each.message;
        body["Fields"] = std::move(fields);
    }
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

Exchange Api::handle(const Request& request, std::string_view clientAddress, Transport transport) const noexcept
{
    Exchange exchange;
    bool logged = false;
    const auto fail = [&](const Error& error, unsigned status = 0) {
        exchange.response = errorResponse(error, status, request.version());
        exchange.response.keep_alive(request.keep_alive());
    };
    const auto failOnServer = [&](ErrorKind kind, std::string_view details) {
        logged = true;
        fail(serverError(log_, request, exchange, kind, details));
    };
    try {
        exchange.requestId = requestIdOf(request);
        try {
            refuseClearTextBasic(request, clearTextBasic_, clientAddress, transport);
            route({ service_, bodyLimit_, console_, *sessions_ }, request, clientAddress, exchange);
        } catch (const Exception& e) {
            const auto& error = e.error(); // its message lists every problem, by field
            // A busy service (Retry-After) is no fault: its answer is for the client, and
            // logging each one would flood the log under a guessing attack.
            if (error.httpStatus() >= 500 && !error.retryAfter())
                failOnServer(
                    error.kind(), error.message() + (error.source().empty() ? "" : " (source " + error.source() + ")"));
            else
                fail(error);
        } catch (const HttpError& e) {
            fail(e.error, e.status);
        } catch (const std::exception& e) {
            failOnServer(ErrorKind::Internal, e.what());
        }
        const auto status = exchange.response.result_int(); // a 501 (a method not served) is no fault either
        if (status >= 500 && status != 501 && !logged && log_ && !exchange.response.count(field::retry_after))
            log_(errorLogLine(request, exchange, "answered " + std::to_string(status)));
        exchange.response.set("X-Request-Id", exchange.requestId);
    } catch (...) {
        exchange.response = Response { beast_http::status::internal_server_error, request.version() };
    }
    return exchange;
}

} // namespace userservice::http
