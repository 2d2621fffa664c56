// The WebAPI's User endpoints over a UserService: one HTTP request in, one
// response out. No sockets here (server.hpp does the networking), so the routes
// can be tested and reused by any HTTP stack that speaks Beast's message types.
//
//   POST /api/v1/Agents/User/{Method}: the seeds' calls, user names and look-ups,
//        users changed by an administrator, passwords (the README's route table)
//   GET /api/v1/User (the list), GET /api/v1/User/currentUser, POST /api/v1/User/ResetPassword
//   GET|PUT|PATCH|DELETE /api/v1/User/{id}, POST /api/v1/User,
//   GET /api/v1/User/{id}/CustomCommand, POST /api/v1/User/{id}/CustomCommand/{name}
//   GET|POST /api/v1/User/{id}/ApiToken, DELETE /api/v1/User/{id}/ApiToken/{tokenId}
//   GET|POST /api/v1/UserGroup, GET|PUT|DELETE /api/v1/UserGroup/{id}
//   GET|POST /api/v1/Role, GET|PUT|DELETE /api/v1/Role/{id}
//
// Every call is authenticated (Basic against the stored password hashes, or a
// Bearer API token) and runs as that user, so field rights shape every answer.
#pragma once

#include "console_options.hpp"

#include <userservice/json.hpp>
#include <userservice/user_service.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace userservice::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

class Sessions; // session_auth.hpp

/// A handled request, with what the access log needs to know about it.
struct Exchange {
    Response response;
    std::optional<std::int32_t> caller; ///< the authenticated AssociateId; nullopt before authentication
    std::string route; ///< "Agents/User/GetUser", "User/{id}": the endpoint, without ids and queries
    std::string requestId; ///< the client's sane X-Request-Id or a new one; the answer carries it too
};

/// How a request reached the host.
enum class Transport { Plain, Tls };

/// Basic credentials that crossed the network in clear text (plain HTTP from a client
/// that is not on this machine): checked as any, or refused with 403 unchecked.
enum class ClearTextBasic { Checked, Refused };

class Api {
public:
    /// `log` gets the details of internal errors (a plugin that threw, a host bug),
    /// which clients are not shown; none when empty. Called from several threads.
    /// `bodyLimit`: the server's (ServerOptions::bodyLimit), which a PATCH may not make a user exceed.
    /// `console`: the web console's files (served at `/`) and its sign-in sessions.
    explicit Api(UserService& service, std::function<void(std::string_view line)> log = {},
        std::size_t bodyLimit = json::limits.bytes, ClearTextBasic clearTextBasic = ClearTextBasic::Checked,
        ConsoleOptions console = {});

    /// Answers one request; never throws. Errors come back as the WebAPI error body
    /// (`{"Error": true, "ErrorType": …, "Message": …, "ErrorSource": …}`, Error's
    /// own). Every answer carries the request id (request_id.hpp) in X-Request-Id.
    /// Every 5xx goes to the log with that id and its details (the exception's text);
    /// the client gets a generic message with the id, in Message and in ErrorSource.
    /// `clientAddress` (the peer's) is what failed sign-ins are counted against,
    /// besides the user name; with `transport`, it says whether Basic credentials came in
    /// clear text from another machine (ClearTextBasic).
    Exchange handle(const Request& request, std::string_view clientAddress = {},
        Transport transport = Transport::Plain) const noexcept;

private:
    UserService& service_;
    std::function<void(std::string_view)> log_;
    std::size_t bodyLimit_;
    ClearTextBasic clearTextBasic_;
    ConsoleOptions console_;
    std::shared_ptr<Sessions> sessions_; ///< thread-safe; shared so that Api stays copyable
};

/// The WebAPI error body of `error` (Error::toWebApiBody), answered with `status`,
/// or with the error's own status when that is 0. `status` is for the host's own
/// errors that their kind does not give (405 for a wrong method, 413, 503). An error
/// with Error::retryAfter() sets Retry-After.
Response errorResponse(const Error& error, unsigned status = 0, unsigned version = 11);

} // namespace userservice::http
