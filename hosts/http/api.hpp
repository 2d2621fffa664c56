// The WebAPI's User endpoints over a UserService: one HTTP request in, one
// response out. No sockets here (server.hpp does the networking), so the routes
// can be tested and reused by any HTTP stack that speaks Beast's message types.
//
//   POST /api/v1/Agents/User/{SaveUser, SaveUserFromName, ExecuteUserCommand,
//        GetUserCommands, GetUser, GetUserFromName, CreateDefaultUser, ValidateUser}
//   GET|PUT|PATCH /api/v1/User/{id}, POST /api/v1/User,
//   GET /api/v1/User/{id}/CustomCommand, POST /api/v1/User/{id}/CustomCommand/{name}
//
// Every call is authenticated (Basic against the stored password hashes, or a
// Bearer API token) and runs as that user, so field rights shape every answer.
#pragma once

#include <userservice/user_service.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace userservice::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

/// A handled request, with what the access log needs to know about it.
struct Exchange {
    Response response;
    std::optional<std::int32_t> caller; ///< the authenticated AssociateId; nullopt before authentication
    std::string route; ///< "Agents/User/GetUser", "User/{id}": the endpoint, without ids and queries
};

class Api {
public:
    explicit Api(UserService& service)
        : service_(service)
    {
    }

    /// Answers one request; never throws. Errors come back as the WebAPI error body
    /// (`{"Error": true, "ErrorType": …, "Message": …, "ErrorSource": …}`).
    Exchange handle(const Request& request) const noexcept;

private:
    UserService& service_;
};

/// The WebAPI error body with this status; for errors that are the host's own
/// (unknown route, wrong method, oversized body), not the service's.
Response errorResponse(unsigned status, std::string_view errorType, std::string_view message,
    std::string_view source = {}, unsigned version = 11);

} // namespace userservice::http
