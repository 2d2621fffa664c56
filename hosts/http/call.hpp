// A request being answered: its target, its body and the caller it runs as, with
// what every route needs to read them and to answer. The host's own (not installed).
#pragma once

#include "api.hpp"
#include "http_date.hpp"

#include <userservice/json.hpp>

#include <boost/beast/http/status.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
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
    /// The host's body limit (ServerOptions::bodyLimit): a PATCH may not make a user larger.
    std::size_t bodyLimit = json::limits.bytes;

    /// A query parameter, its name matched case-insensitively (.NET binds them so).
    std::optional<std::string> query(std::string_view name) const;

    // An agent method's parameters: from the query string, else from the JSON body's
    // object, names matched case-insensitively (the official client sends camelCase
    // bodies, .NET clients PascalCase). A value of the wrong type, or a required one
    // missing, is a 400 naming the parameter.

    /// The parameter as JSON (a query value is a JSON string); nullopt when absent or null.
    std::optional<boost::json::value> param(std::string_view name) const;
    std::optional<std::string> textParam(std::string_view name) const;
    /// Required and not empty.
    std::string requiredText(std::string_view name) const;
    std::optional<std::int64_t> integerParam(std::string_view name) const;
    /// Required and positive.
    std::int32_t idParam(std::string_view name) const;
    std::optional<bool> boolParam(std::string_view name) const;
    /// An id that may be 0 ("a new user", "the caller itself"): absent is 0, negative or too large a 400.
    std::int32_t optionalIdParam(std::string_view name) const;
    /// A list of positive ids: the body's array, or its member `name` (GetUserInfoList, GetUserGroupList).
    std::vector<std::int32_t> idListParam(std::string_view name) const;
    /// A secret (a password, a token): a string from the JSON body only, since request
    /// targets are written to access logs (a query-string one is a 400), and never echoed
    /// in an error. nullopt when absent.
    std::optional<std::string> secretParam(std::string_view name) const;
    /// secretParam(), present (it may be empty: the service's own rules judge it).
    std::string requiredSecret(std::string_view name) const;
    /// An enum parameter by name ("InternalAssociate", any case) or number.
    template <class E> std::optional<E> enumParam(std::string_view name) const
    {
        const auto value = param(name);
        if (!value)
            return std::nullopt;
        std::optional<E> parsed;
        if (const auto* text = value->if_string())
            parsed = enumFromString<E>(*text);
        else if (const auto* number = value->if_int64())
            parsed = enumFromString<E>(std::to_string(*number));
        if (!parsed)
            badEnum(name, *value, enumNames<E>());
        return parsed;
    }
    /// A carrier (or list) parameter, bound like a body; nullopt when absent.
    template <class T> std::optional<T> carrierParam(std::string_view name) const
    {
        auto value = param(name);
        if (!value)
            return std::nullopt;
        return json::read<T>(*value);
    }
    /// A method's single carrier parameter: the body's member `name`, or the body itself.
    template <class T> T bodyParam(std::string_view name) const
    {
        if (auto value = bodyMember(name))
            return json::read<T>(*value);
        return json::read<T>(body());
    }
    /// The $select projection; empty when not given.
    Select select() const;
    /// The body as JSON; a missing one is a BadRequest, another media type a 415.
    const boost::json::value& body() const;
    /// A User sent bare (SaveUser's body) or wrapped as {"User": …} (ValidateUser's).
    User userBody() const;
    template <class T> T bodyAs() const { return json::read<T>(body()); }

    /// A positive id ("id", "userId"), or a BadRequest naming `name`.
    static std::int32_t parseId(std::string_view text, std::string_view name);

    /// 200 (or `code`) with a JSON body.
    Response ok(std::string body, boost::beast::http::status code = boost::beast::http::status::ok) const;
    /// 204 without a body: what a void method answers.
    Response noContent() const;
    /// Last-Modified of a stored user (second precision, as HTTP dates are).
    std::optional<Seconds> lastModified(std::int32_t id) const;
    /// If-Unmodified-Since as a save option: "not changed after the end of that second".
    SaveOptions saveOptions() const;

private:
    template <class Names>
    [[noreturn]] static void badEnum(std::string_view name, const boost::json::value& got, Names names)
    {
        std::string expected = "one of";
        for (const auto& each : names)
            expected.append(expected.size() > 6 ? ", " : " ").append(each.name);
        badParam(name, expected, got);
    }
    [[noreturn]] static void badParam(std::string_view name, std::string_view expected, const boost::json::value& got);

    /// The body's member `name` when the body is a JSON object that has it (not null).
    std::optional<boost::json::value> bodyMember(std::string_view name) const;

    boost::urls::url_view url_;
    mutable std::optional<boost::json::value> body_; ///< parsed once, on first use
};

/// One method of the User agent: POST /api/v1/Agents/User/{name}.
struct AgentMethod {
    std::string_view name;
    Response (*answer)(const Call&);
};

// The agent's methods by family, a file each.
std::span<const AgentMethod> userMethods(); ///< agent_routes.cpp: the seeds' calls and look-ups
std::span<const AgentMethod> userAdminMethods(); ///< agent_user_admin.cpp: delete, retire, type, licences, external
std::span<const AgentMethod> userNameMethods(); ///< agent_user_names.cpp: user names, user info, defaults
std::span<const AgentMethod> passwordMethods(); ///< agent_passwords.cpp
std::span<const AgentMethod> credentialMethods(); ///< agent_credentials.cpp: credentials, ResolveUserFromInfo
std::span<const AgentMethod> userGroupMethods(); ///< agent_user_groups.cpp: user groups, presence
std::span<const AgentMethod> rightsMethods(); ///< agent_rights.cpp: roles' functional and data rights
std::span<const AgentMethod> roleMethods(); ///< agent_roles.cpp: roles, GetCredentialUsersInGroup

/// A method of the User agent this host does not serve, and why: answered 501 with the reason.
struct NotServedMethod {
    std::string_view name;
    std::string_view reason;
};
std::span<const NotServedMethod> notServedMethods(); ///< agent_not_served.cpp

/// POST /api/v1/User/ResetPassword {token, newPassword} (agent_passwords.cpp): unauthenticated,
/// the reset token is the authority; `call` runs with no caller of its own.
Response resetPassword(const Call& call);

/// The User agent's methods: POST /api/v1/Agents/User/{method}, matched case-insensitively.
Response agentCall(const Call& call, std::string_view method);

/// The REST resource: /api/v1/User, User/{id}, User/{id}/CustomCommand[/{name}].
/// Sets `route` to the endpoint's pattern for the access log.
Response userResource(const Call& call, std::span<const std::string> path, std::string& route);

/// A user's API tokens (rest_api_tokens.cpp): User/{id}/ApiToken[/{tokenId}].
Response apiTokenResource(const Call& call, std::int32_t id, std::span<const std::string> path, std::string& route);

/// The REST resource of user groups (rest_user_groups.cpp): /api/v1/UserGroup, UserGroup/{id}.
Response userGroupResource(const Call& call, std::span<const std::string> path, std::string& route);
/// The REST resource of roles (rest_roles.cpp): /api/v1/Role, Role/{id}.
Response roleResource(const Call& call, std::span<const std::string> path, std::string& route);

/// GET /api/v1/User (list_route.cpp): a page of the users that match the OData options.
Response listUsers(const Call& call);
/// PATCH /api/v1/User/{id} (rest_routes.cpp): read, patch and save under the stored version.
Response patchUser(const Call& call, std::int32_t id);
/// PUT /api/v1/User/{id}, and a PATCH's save: the body's AssociateId is the path's.
Response replaceUser(const Call& call, std::int32_t id, User user, const SaveOptions& options);

} // namespace userservice::http
