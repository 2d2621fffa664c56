// A request being answered: its target, its body and the caller it runs as, with
// what every route needs to read them and to answer. The host's own (not installed).
#pragma once

#include "api.hpp"
#include "http_date.hpp"

#include <userservice/json.hpp>

#include <boost/beast/http/status.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace userservice::http {

/// An error of the host's own, with a status that its kind does not give (404 for
/// an unknown route, 405, 415).
struct HttpError {
    unsigned status;
    Error error;
};

/// A BadRequest (ArgumentException) answered with `status`.
HttpError httpError(unsigned status, std::string message, std::string source);

inline constexpr std::string_view userNotFound = "User with given id does not exist in the db.";
inline constexpr std::string_view noEntity = "Bad request. Entity to save is not in request body.";

std::string_view trim(std::string_view text);
/// A header's value without surrounding blanks; empty when it is not there.
std::string_view header(const Request& request, std::string_view name);
/// The Content-Type without its parameters ("application/json"); empty when there is none.
std::string_view mediaType(const Request& request);

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

class Call {
public:
    Call(UserService& service, const Request& request, boost::urls::url_view url, CallerContext caller);

    UserService& service;
    const Request& request;
    CallerContext caller;

    /// A query parameter, its name matched case-insensitively (.NET binds them so).
    std::optional<std::string> query(std::string_view name) const;
    /// A required query parameter that is an id.
    std::int32_t queryId(std::string_view name) const;
    /// The $select projection; empty when not given.
    Select select() const;
    /// The body as JSON; a missing one is a BadRequest, another media type a 415.
    boost::json::value body() const;
    /// A User sent bare (SaveUser's body) or wrapped as {"User": …} (ValidateUser's).
    User userBody() const;
    template <class T> T bodyAs() const { return json::read<T>(body()); }

    /// A positive id ("id", "userId"), or a BadRequest naming `name`.
    static std::int32_t parseId(std::string_view text, std::string_view name);

    /// 200 (or `code`) with a JSON body.
    Response ok(std::string body, boost::beast::http::status code = boost::beast::http::status::ok) const;
    /// Last-Modified of a stored user (second precision, as HTTP dates are).
    std::optional<Seconds> lastModified(std::int32_t id) const;
    /// If-Unmodified-Since as a save option: "not changed after the end of that second".
    SaveOptions saveOptions() const;

private:
    boost::urls::url_view url_;
};

/// The User agent's methods: POST /api/v1/Agents/User/{method}.
Response agentCall(const Call& call, std::string_view method);

/// The REST resource: /api/v1/User, User/{id}, User/{id}/CustomCommand[/{name}].
/// Sets `route` to the endpoint's pattern for the access log.
Response userResource(const Call& call, std::span<const std::string> path, std::string& route);

/// PATCH /api/v1/User/{id} (rest_routes.cpp): read, patch and save under the stored version.
Response patchUser(const Call& call, std::int32_t id);
/// PUT /api/v1/User/{id}, and a PATCH's save: the body's AssociateId is the path's.
Response replaceUser(const Call& call, std::int32_t id, User user, const SaveOptions& options);

} // namespace userservice::http
