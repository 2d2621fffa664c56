// The console's sign-in sessions: POST /api/v1/Session checks a user name and password
// as Basic does (the same login throttling) and sets an HttpOnly, SameSite=Strict
// cookie; a request that comes with that cookie (and no Authorization header) runs as
// the session's user when it also carries the session's X-XSRF-TOKEN. Sessions live in
// the host's memory (a restart signs everyone out); only a hash of a cookie's secret
// is kept, so a memory dump does not hand out sessions. A session also ends when what
// its sign-in rested on changes (UserService::signInStamp): the user's password, an API
// token of it revoked, the user retired or deleted; checked at every request.
//
//   POST   /api/v1/Session {userName, password}  200 {AssociateId, XsrfToken, …} + Set-Cookie
//   GET    /api/v1/Session                       the cookie's session, with its XsrfToken (a reload)
//   DELETE /api/v1/Session                       signs out: 204, the cookie cleared
#pragma once

#include "api.hpp"
#include "console_options.hpp"

#include <boost/url/url_view.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace userservice::http {

inline constexpr std::string_view sessionCookieName = "userservice_session";

/// The sessions of one host. Thread-safe.
class Sessions {
public:
    explicit Sessions(ConsoleOptions options);

    struct Opened {
        std::string secret; ///< the cookie's value: 32 random bytes, base64url; never stored
        std::string xsrfToken;
    };
    /// A new session for the user, signed in on `stamp`; nullopt when maxSessions are
    /// open and none has expired.
    std::optional<Opened> open(std::int32_t associateId, SignInStamp stamp);

    struct Found {
        std::int32_t associateId = 0;
        std::string xsrfToken;
        SignInStamp stamp; ///< as at sign-in
    };
    /// The live session of a cookie's secret, now marked used; nullopt when unknown or
    /// expired (an expired one is forgotten).
    std::optional<Found> use(std::string_view secret);
    /// Takes `stamp` as what the session of a cookie's secret rests on from now on.
    void restamp(std::string_view secret, SignInStamp stamp);
    /// Ends the session of a cookie's secret, if there is one.
    void end(std::string_view secret);
    /// Sessions held now, expired ones not yet forgotten included.
    std::size_t size() const;

    const ConsoleOptions& options() const noexcept { return options_; }

private:
    using TimePoint = std::chrono::steady_clock::time_point;
    struct Entry {
        std::int32_t associateId = 0;
        std::string xsrfToken;
        SignInStamp stamp;
        TimePoint opened, used;
    };
    TimePoint now() const;
    bool expired(const Entry& entry, TimePoint at) const;
    void forgetExpired(TimePoint at);

    ConsoleOptions options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> byHash_; ///< BLAKE2b of the secret -> session
};

/// /api/v1/Session: sign in (POST), the current session (GET), sign out (DELETE).
Response sessionRoute(UserService& service, Sessions& sessions, const Request& request, boost::urls::url_view url,
    std::string_view clientAddress);

/// The caller a request's session cookie stands for, or the answer refusing it (401 for
/// an ended session, 403 without the session's X-XSRF-TOKEN); nullopt when the request
/// has an Authorization header or no session cookie (Basic and Bearer decide then).
std::optional<std::variant<std::int32_t, Response>> sessionCaller(
    UserService& service, Sessions& sessions, const Request& request);

/// After a request of a session that revoked one of its own user's API tokens: the
/// session that did it goes on (its other sessions end). No-op for other requests.
void keepSessionThatRevoked(UserService& service, Sessions& sessions, const Request& request, std::int32_t caller);

} // namespace userservice::http
