#include "api.hpp"

#include "http_date.hpp"
#include "json_patch.hpp"

#include <userservice/json.hpp>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <sodium.h>

#include <charconv>
#include <string_view>
#include <vector>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::status;
using boost::beast::iequals;

/// An error of the host's own, with a status that ErrorKind has no kind for (405, 415).
struct HttpError {
    unsigned status;
    std::string_view type;
    std::string message;
    std::string source;
};

constexpr std::string_view userNotFound = "User with given id does not exist in the db.";
constexpr std::string_view noEntity = "Bad request. Entity to save is not in request body.";

std::string_view trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string_view header(const Request& request, std::string_view name)
{
    const auto it = request.find(name);
    return it == request.end() ? std::string_view {} : trim(it->value());
}

/// The Content-Type without its parameters ("application/json"); empty when there is none.
std::string_view mediaType(const Request& request)
{
    const auto type = header(request, "Content-Type");
    return trim(type.substr(0, type.find(';')));
}

Response jsonResponse(const Request& request, status code, std::string body)
{
    Response response { code, request.version() };
    response.set(field::content_type, "application/json; charset=utf-8");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

template <class T> std::string toJson(const T& carrier)
{
    std::string out;
    json::serializeTo(out, carrier);
    return out;
}

template <class T> std::string toJson(const std::optional<T>& carrier)
{
    return carrier ? toJson(*carrier) : std::string("null");
}

template <class T> std::string toJson(const std::vector<T>& carriers)
{
    std::string out = "[";
    for (const auto& carrier : carriers) {
        if (out.size() > 1)
            out += ',';
        json::serializeTo(out, carrier);
    }
    return out += ']';
}

// ---------------------------------------------------------------- one call

/// A request being answered: its parsed target and the caller it runs as.
class Call {
public:
    Call(UserService& service, const Request& request, boost::urls::url_view url, CallerContext caller)
        : service(service)
        , request(request)
        , caller(std::move(caller))
        , url_(url)
    {
    }

    UserService& service;
    const Request& request;
    CallerContext caller;

    /// A query parameter, its name matched case-insensitively (.NET binds them so).
    std::optional<std::string> query(std::string_view name) const
    {
        for (const auto& param : url_.params())
            if (iequals(param.key, name))
                return std::string(param.value);
        return std::nullopt;
    }

    std::int32_t queryId(std::string_view name) const
    {
        const auto text = query(name);
        if (!text)
            throw Exception(Error(ErrorKind::BadRequest, "the query parameter " + std::string(name) + " is required",
                {}, std::string(name)));
        return parseId(*text, name);
    }

    Select select() const
    {
        const auto text = query("$select");
        return text ? Select::parse(*text) : Select {};
    }

    /// The body as JSON; a missing one is a BadRequest.
    boost::json::value body() const
    {
        const auto essence = mediaType(request);
        // A missing Content-Type is read as JSON: some clients leave it out.
        if (!essence.empty() && !iequals(essence, "application/json") && !iequals(essence, "text/json"))
            throw HttpError { 415, "ArgumentException",
                "the body must be application/json, not " + std::string(essence), "Content-Type" };
        if (trim(request.body()).empty())
            throw Exception(Error(ErrorKind::BadRequest, std::string(noEntity), {}, "body"));
        auto value = json::tryParseValue(request.body());
        if (!value)
            throw Exception(value.error());
        return std::move(*value);
    }

    /// A User sent bare (SaveUser's body) or wrapped as {"User": …} (ValidateUser's).
    User userBody() const
    {
        auto value = body();
        if (auto* object = value.if_object())
            for (auto& [key, member] : *object)
                if (iequals(key, "User")) {
                    if (member.is_null())
                        throw Exception(Error(ErrorKind::BadRequest, std::string(noEntity), {}, "User"));
                    return json::read<User>(member);
                }
        return json::read<User>(value);
    }

    template <class T> T bodyAs() const { return json::read<T>(body()); }

    static std::int32_t parseId(std::string_view text, std::string_view name)
    {
        std::int32_t id = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (error != std::errc {} || end != text.data() + text.size() || id <= 0)
            throw Exception(Error(ErrorKind::BadRequest,
                std::string(name) + ": expected a positive integer, got \"" + std::string(text.substr(0, 40)) + "\"",
                {}, std::string(name)));
        return id;
    }

    Response ok(std::string body, status code = status::ok) const
    {
        return jsonResponse(request, code, std::move(body));
    }

    /// Last-Modified of a stored user (second precision, as HTTP dates are).
    std::optional<Seconds> lastModified(std::int32_t id) const
    {
        const auto stamps = service.changeStamps(caller, id);
        if (!stamps)
            return std::nullopt;
        return std::chrono::floor<std::chrono::seconds>(stamps->updated.utc());
    }

    /// If-Unmodified-Since as a save option: "not changed after the end of that second".
    SaveOptions saveOptions() const
    {
        SaveOptions options;
        const auto text = header(request, "If-Unmodified-Since");
        if (text.empty())
            return options;
        const auto since = parseHttpDate(text);
        if (!since)
            throw Exception(Error(ErrorKind::BadRequest,
                "If-Unmodified-Since must be an HTTP date such as \"Sun, 06 Nov 1994 08:49:37 GMT\"", {},
                "If-Unmodified-Since"));
        options.ifUnmodifiedSince = DateTime::fromUtc(
            std::chrono::time_point_cast<DateTime::Ticks>(*since + std::chrono::seconds(1)) - DateTime::Ticks(1));
        return options;
    }

private:
    boost::urls::url_view url_;
};

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

// ---------------------------------------------------------------- the agent

Response agentCall(const Call& call, std::string_view method)
{
    auto& service = call.service;
    const auto& caller = call.caller;
    if (iequals(method, "SaveUser"))
        return call.ok(toJson(service.saveUser(caller, call.userBody())));
    if (iequals(method, "SaveUserFromName")) {
        const auto request = call.bodyAs<SaveUserFromNameRequest>();
        if (!request.userName || request.userName->empty())
            throw Exception(Error(ErrorKind::BadRequest, "UserName is required", {}, "UserName"));
        if (!request.user)
            throw Exception(Error(ErrorKind::BadRequest, std::string(noEntity), {}, "User"));
        return call.ok(toJson(service.saveUserFromName(caller, *request.userName, *request.user, call.select())));
    }
    if (iequals(method, "ExecuteUserCommand")) {
        const auto request = call.bodyAs<ExecuteUserCommandRequest>();
        if (!request.commandName || request.commandName->empty())
            throw Exception(Error(ErrorKind::BadRequest, "CommandName is required", {}, "CommandName"));
        return call.ok(toJson(service.executeUserCommand(
            caller, *request.commandName, request.actionResult, request.user.value_or(User {}))));
    }
    if (iequals(method, "GetUserCommands")) {
        // The body is optional here: no user means a new one.
        const auto request =
            trim(call.request.body()).empty() ? GetUserCommandsRequest {} : call.bodyAs<GetUserCommandsRequest>();
        return call.ok(toJson(service.getUserCommands(caller, request.user.value_or(User {}))));
    }
    if (iequals(method, "GetUser"))
        return call.ok(toJson(service.getUser(caller, call.queryId("userId"), call.select())));
    if (iequals(method, "GetUserFromName")) {
        const auto name = call.query("userName");
        if (!name || name->empty())
            throw Exception(Error(ErrorKind::BadRequest, "the query parameter userName is required", {}, "userName"));
        return call.ok(toJson(service.getUserFromName(caller, *name, call.select())));
    }
    if (iequals(method, "CreateDefaultUser"))
        return call.ok(toJson(service.createDefaultUser(caller)));
    if (iequals(method, "ValidateUser")) {
        // Dictionary<string, string>: field -> message (several messages joined).
        boost::json::object problems;
        for (const auto& problem : service.validateUser(caller, call.userBody())) {
            auto& message = problems[problem.field];
            if (auto* text = message.if_string(); text && !text->empty())
                text->append("; ").append(problem.message);
            else
                message = problem.message;
        }
        return call.ok(boost::json::serialize(problems));
    }
    throw HttpError { 404, "ArgumentException", "the User agent has no method " + std::string(method), "route" };
}

// ---------------------------------------------------------------- REST

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

/// PUT and PATCH: the carrier's AssociateId is the path's (0 in the body means "this one").
Response replaceUser(const Call& call, std::int32_t id, User user)
{
    if (user.associateId != 0 && user.associateId != id)
        throw Exception(Error(ErrorKind::BadRequest,
            "AssociateId " + std::to_string(user.associateId) + " in the body differs from " + std::to_string(id) +
                " in the path",
            {}, "AssociateId"));
    user.associateId = id;
    auto saved = call.service.saveUser(call.caller, user, call.saveOptions());
    auto response = call.ok(toJson(saved));
    if (const auto modified = call.lastModified(id))
        response.set(field::last_modified, formatHttpDate(*modified));
    return response;
}

Response patchUser(const Call& call, std::int32_t id)
{
    const auto essence = mediaType(call.request);
    const bool merge = iequals(essence, "application/merge-patch+json");
    if (!merge && !iequals(essence, "application/json-patch+json"))
        throw HttpError { 415, "ArgumentException",
            "PATCH takes application/merge-patch+json (RFC 7386) or application/json-patch+json (RFC 6902), not " +
                std::string(essence.empty() ? "a body without Content-Type" : essence),
            "Content-Type" };
    const auto current = call.service.getUser(call.caller, id);
    if (!current)
        throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
    const auto document = json::toValue(*current);
    auto patched =
        merge ? applyMergePatch(document, call.request.body()) : applyJsonPatch(document, call.request.body());
    if (!patched)
        throw Exception(patched.error());
    return replaceUser(call, id, json::read<User>(*patched));
}

Response userResource(const Call& call, std::span<const std::string> path, std::string& route)
{
    const auto method = call.request.method();
    const auto only = [&](beast_http::verb allowed) {
        if (method != allowed)
            throw HttpError { 405, "ArgumentException",
                std::string(route) + " answers " + std::string(beast_http::to_string(allowed)) + " only", "method" };
    };
    if (path.size() == 1) { // User
        route = "User";
        only(beast_http::verb::post);
        auto user = call.userBody();
        if (user.associateId != 0)
            throw Exception(Error(ErrorKind::BadRequest,
                "POST /User creates a user: AssociateId must be 0; use PUT /User/{id} to change one", {},
                "AssociateId"));
        const auto saved = call.service.saveUser(call.caller, user);
        auto response = call.ok(toJson(saved), status::created);
        response.set(field::location, "/api/v1/User/" + std::to_string(saved.associateId));
        return response;
    }
    const auto id = Call::parseId(path[1], "id");
    if (path.size() == 2) { // User/{id}
        route = "User/{id}";
        if (method == beast_http::verb::get)
            return getUser(call, id);
        if (method == beast_http::verb::put)
            return replaceUser(call, id, call.userBody());
        if (method == beast_http::verb::patch)
            return patchUser(call, id);
        throw HttpError { 405, "ArgumentException", "User/{id} answers GET, PUT and PATCH", "method" };
    }
    if (!iequals(path[2], "CustomCommand") || path.size() > 4)
        throw HttpError { 404, "ArgumentException", "no such resource", "route" };
    if (path.size() == 3) { // User/{id}/CustomCommand
        route = "User/{id}/CustomCommand";
        only(beast_http::verb::get);
        const auto user = call.service.getUser(call.caller, id);
        if (!user)
            throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
        return call.ok(toJson(call.service.getUserCommands(call.caller, *user)));
    }
    route = "User/{id}/CustomCommand/{name}";
    only(beast_http::verb::post);
    return call.ok(toJson(call.service.executeUserCommand(call.caller, id, path[3], actionResult(call))));
}

// ---------------------------------------------------------------- who is calling

Response unauthorized(const Request& request, std::string_view message)
{
    auto response = errorResponse(401, "UnauthorizedAccessException", message, "Authorization", request.version());
    response.insert(field::www_authenticate, R"(Basic realm="userservice", charset="UTF-8")");
    response.insert(field::www_authenticate, R"(Bearer realm="userservice")");
    response.keep_alive(request.keep_alive());
    return response;
}

/// The AssociateId that the Authorization header proves, or the 401 to answer.
std::variant<std::int32_t, Response> authenticate(UserService& service, const Request& request)
{
    const auto credentials = header(request, "Authorization");
    const auto space = credentials.find(' ');
    const auto scheme = credentials.substr(0, space);
    const auto value = space == std::string_view::npos ? std::string_view {} : trim(credentials.substr(space));
    if (credentials.empty())
        return unauthorized(request, "authentication required: send Authorization: Basic or Bearer");
    if (iequals(scheme, "Bearer")) {
        if (const auto id = service.authenticateToken(value))
            return *id;
        return unauthorized(request, "the API token is unknown or revoked");
    }
    if (!iequals(scheme, "Basic"))
        return unauthorized(request, "unsupported authorization scheme " + std::string(scheme.substr(0, 20)));
    std::string decoded(value.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), value.data(), value.size(),
            nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return unauthorized(request, "the Basic credentials are not valid base64");
    decoded.resize(length);
    const auto colon = decoded.find(':');
    std::optional<std::int32_t> id;
    if (colon != std::string::npos)
        id = service.authenticatePassword(
            std::string_view(decoded).substr(0, colon), std::string_view(decoded).substr(colon + 1));
    sodium_memzero(decoded.data(), decoded.size());
    if (!id)
        return unauthorized(request, "the user name or password is wrong");
    return *id;
}

/// Language, culture, time zone and partner app from the WebAPI's headers.
CallerContext callerFrom(const Request& request, std::int32_t associateId)
{
    auto caller = CallerContext::user(associateId);
    // SO-Language overrides Accept-Language; "*" or "x" turns translation off.
    std::string_view language = header(request, "SO-Language");
    if (language.empty()) {
        language = header(request, "Accept-Language");
        language = trim(language.substr(0, language.find_first_of(",;")));
        language = language.substr(0, language.find('-'));
    }
    if (language != "*" && !iequals(language, "x"))
        caller.language = std::string(language);
    for (auto& c : caller.language)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!caller.language.empty())
        caller.culture = std::string(header(request, "SO-Culture"));
    caller.timeZone = std::string(header(request, "SO-TimeZone"));
    if (const auto app = header(request, "SO-AppToken"); !app.empty())
        caller.appToken = std::string(app);
    return caller;
}

/// Fills `exchange` as it goes, so that the access log knows the route and caller of a failed call too.
void route(UserService& service, const Request& request, Exchange& exchange)
{
    const auto url = boost::urls::parse_origin_form(request.target());
    if (!url)
        throw HttpError { 400, "ArgumentException", "the request target is not a valid URL path", "target" };
    std::vector<std::string> path;
    for (auto segment : url->segments())
        path.push_back(std::move(segment));
    if (path.size() < 3 || !iequals(path[0], "api") || !iequals(path[1], "v1"))
        throw HttpError { 404, "ArgumentException", "no such resource: the User endpoints are under /api/v1/",
            "route" };
    path.erase(path.begin(), path.begin() + 2);

    const bool agent = path.size() == 3 && iequals(path[0], "Agents") && iequals(path[1], "User");
    const bool rest = iequals(path[0], "User");
    if (!agent && !rest)
        throw HttpError { 404, "ArgumentException", "no such resource", "route" };

    auto authenticated = authenticate(service, request);
    if (auto* response = std::get_if<Response>(&authenticated)) {
        exchange.response = std::move(*response);
        return;
    }
    exchange.caller = std::get<std::int32_t>(authenticated);
    const Call call(service, request, *url, callerFrom(request, *exchange.caller));
    if (agent) {
        exchange.route = "Agents/User/" + path[2];
        if (request.method() != beast_http::verb::post)
            throw HttpError { 405, "ArgumentException", "agent calls are POST", "method" };
        exchange.response = agentCall(call, path[2]);
    } else {
        exchange.response = userResource(call, path, exchange.route);
    }
}

} // namespace

Response errorResponse(
    unsigned status, std::string_view errorType, std::string_view message, std::string_view source, unsigned version)
{
    Response response { static_cast<beast_http::status>(status), version };
    response.set(field::content_type, "application/json; charset=utf-8");
    response.body() = boost::json::serialize(boost::json::object {
        { "Error", true },
        { "ErrorType", errorType },
        { "Message", message },
        { "ErrorSource", source },
    });
    response.prepare_payload();
    return response;
}

Exchange Api::handle(const Request& request) const noexcept
{
    Exchange exchange;
    const auto fail = [&](unsigned code, std::string_view type, std::string_view message, std::string_view source) {
        exchange.response = errorResponse(code, type, message, source, request.version());
        exchange.response.keep_alive(request.keep_alive());
    };
    try {
        try {
            route(service_, request, exchange);
        } catch (const Exception& e) {
            const auto& error = e.error(); // its message lists every problem, by field
            fail(static_cast<unsigned>(error.httpStatus()), error.webApiErrorType(), error.message(), error.source());
        } catch (const HttpError& e) {
            fail(e.status, e.type, e.message, e.source);
        } catch (const std::exception&) {
            // The service logs its own failures; a host bug must not leak details to clients.
            fail(500, "Exception", "internal error", "");
        }
    } catch (...) {
        exchange.response = Response { status::internal_server_error, request.version() };
    }
    return exchange;
}

} // namespace userservice::http
