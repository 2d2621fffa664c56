#include "session_auth.hpp"

#include "authentication.hpp"
#include "call.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <sodium.h>

#include <array>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::verb;

std::string randomToken()
{
    std::array<unsigned char, 32> bytes {};
    randombytes_buf(bytes.data(), bytes.size());
    char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

/// The key a session is kept under: the secret's BLAKE2b (the secret is random, so a
/// slow hash would add nothing).
std::string hashOf(std::string_view secret)
{
    std::string hash(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
        reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
    return hash;
}

/// The session cookie's value from the Cookie header(s); empty when there is none.
std::string_view cookieOf(const Request& request)
{
    const auto [first, last] = request.equal_range(field::cookie);
    for (auto line = first; line != last; ++line) {
        std::string_view rest = line->value();
        while (!rest.empty()) {
            const auto end = rest.find(';');
            const auto pair = trim(rest.substr(0, end));
            const auto equals = pair.find('=');
            if (equals != std::string_view::npos && pair.substr(0, equals) == sessionCookieName)
                return pair.substr(equals + 1);
            rest = end == std::string_view::npos ? std::string_view {} : rest.substr(end + 1);
        }
    }
    return {};
}

/// Set-Cookie for `value`; an empty value clears the cookie.
std::string cookieLine(const ConsoleOptions& options, std::string_view value)
{
    std::string line =
        std::string(sessionCookieName) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
    if (value.empty())
        line += "; Max-Age=0";
    if (options.secureCookie) // the TLS hook: the browser then never sends it in the clear
        line += "; Secure";
    return line;
}

/// An ended or unknown session: 401, and the browser forgets the cookie. No Basic
/// challenge, which would make a browser ask with its own dialog.
Response sessionEnded(const Sessions& sessions, const Request& request)
{
    auto response = errorResponse(
        Error(ErrorKind::Unauthorized,
            "the session has ended (signed out, expired, the password changed or the host restarted); sign in again",
            {}, "Cookie"),
        0, request.version());
    response.set(field::www_authenticate, R"(Bearer realm="userservice")");
    response.set(field::set_cookie, cookieLine(sessions.options(), {}));
    response.keep_alive(request.keep_alive());
    return response;
}

Response sessionAnswer(const Sessions& sessions, const Request& request, std::int32_t associateId,
    std::string_view xsrfToken, beast_http::status status = beast_http::status::ok)
{
    const auto& options = sessions.options();
    boost::json::object body { { "AssociateId", associateId }, { "XsrfToken", xsrfToken },
        { "IdleSeconds", options.sessionIdle.count() }, { "LifetimeSeconds", options.sessionLifetime.count() } };
    Response response { status, request.version() };
    response.set(field::content_type, "application/json; charset=utf-8");
    response.set(field::cache_control, "no-store");
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    response.keep_alive(request.keep_alive());
    return response;
}

Response signIn(UserService& service, Sessions& sessions, const Call& call, std::string_view clientAddress)
{
    const auto userName = call.requiredText("userName");
    auto password = call.requiredSecret("password");
    const auto id = service.authenticatePassword(userName, password, clientAddress); // throttled, like Basic
    sodium_memzero(password.data(), password.size());
    auto stamp = id ? service.signInStamp(*id) : std::nullopt; // nullopt: retired since the check
    if (!stamp)
        return wrongPassword(call.request, false);
    auto opened = sessions.open(*id, std::move(*stamp));
    if (!opened)
        throw httpError(503, "too many console sessions are open; try again later", "Session");
    auto response = sessionAnswer(sessions, call.request, *id, opened->xsrfToken);
    response.set(field::set_cookie, cookieLine(sessions.options(), opened->secret));
    sodium_memzero(opened->secret.data(), opened->secret.size());
    return response;
}

/// The cookie's live session, now marked used; nullopt when there is none, or when what its
/// sign-in rested on has changed since (the session is then ended for good).
std::optional<Sessions::Found> liveSession(UserService& service, Sessions& sessions, std::string_view secret)
{
    auto session = secret.empty() ? std::nullopt : sessions.use(secret);
    if (!session)
        return std::nullopt;
    const auto now = service.signInStamp(session->associateId);
    if (now && now->keeps(session->stamp))
        return session;
    sessions.end(secret);
    return std::nullopt;
}

} // namespace

Sessions::Sessions(ConsoleOptions options)
    : options_(std::move(options))
{
}

Sessions::TimePoint Sessions::now() const
{
    return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

bool Sessions::expired(const Entry& entry, TimePoint at) const
{
    return at - entry.used >= options_.sessionIdle || at - entry.opened >= options_.sessionLifetime;
}

void Sessions::forgetExpired(TimePoint at)
{
    std::erase_if(byHash_, [&](const auto& each) { return expired(each.second, at); });
}

std::optional<Sessions::Opened> Sessions::open(std::int32_t associateId, SignInStamp stamp)
{
    Opened opened { randomToken(), randomToken() };
    const auto at = now();
    std::lock_guard lock(mutex_);
    if (byHash_.size() >= options_.maxSessions)
        forgetExpired(at);
    if (byHash_.size() >= options_.maxSessions)
        return std::nullopt;
    byHash_.emplace(hashOf(opened.secret), Entry { associateId, opened.xsrfToken, std::move(stamp), at, at });
    return opened;
}

std::optional<Sessions::Found> Sessions::use(std::string_view secret)
{
    const auto key = hashOf(secret);
    const auto at = now();
    std::lock_guard lock(mutex_);
    const auto found = byHash_.find(key);
    if (found == byHash_.end())
        return std::nullopt;
    if (expired(found->second, at)) {
        byHash_.erase(found);
        return std::nullopt;
    }
    found->second.used = at;
    return Found { found->second.associateId, found->second.xsrfToken, found->second.stamp };
}

void Sessions::restamp(std::string_view secret, SignInStamp stamp)
{
    const auto key = hashOf(secret);
    std::lock_guard lock(mutex_);
    if (const auto found = byHash_.find(key); found != byHash_.end())
        found->second.stamp = std::move(stamp);
}

void Sessions::end(std::string_view secret)
{
    const auto key = hashOf(secret);
    std::lock_guard lock(mutex_);
    byHash_.erase(key);
}

std::size_t Sessions::size() const
{
    std::lock_guard lock(mutex_);
    return byHash_.size();
}

Response sessionRoute(UserService& service, Sessions& sessions, const Request& request, boost::urls::url_view url,
    std::string_view clientAddress)
{
    const auto method = request.method();
    if (method == verb::post)
        return signIn(service, sessions, Call(service, request, url, CallerContext::system()), clientAddress);
    if (method != verb::get && method != verb::delete_)
        throw httpError(405, "Session answers POST (sign in), GET and DELETE (sign out)", "method");
    const auto secret = cookieOf(request);
    const auto session = liveSession(service, sessions, secret);
    if (!session)
        return sessionEnded(sessions, request);
    if (method == verb::get) // the console after a reload: it has the cookie, not the token
        return sessionAnswer(sessions, request, session->associateId, session->xsrfToken);
    if (const auto refused = sessionCaller(service, sessions, request);
        refused && std::holds_alternative<Response>(*refused))
        return std::get<Response>(*refused);
    sessions.end(secret);
    Response response { beast_http::status::no_content, request.version() };
    response.set(field::set_cookie, cookieLine(sessions.options(), {}));
    response.set(field::cache_control, "no-store");
    response.keep_alive(request.keep_alive());
    return response;
}

std::optional<std::variant<std::int32_t, Response>> sessionCaller(
    UserService& service, Sessions& sessions, const Request& request)
{
    const auto secret = cookieOf(request);
    if (secret.empty() || !header(request, "Authorization").empty())
        return std::nullopt;
    const auto session = liveSession(service, sessions, secret);
    if (!session)
        return sessionEnded(sessions, request);
    const auto sent = header(request, "X-XSRF-TOKEN");
    if (sent.size() != session->xsrfToken.size() ||
        sodium_memcmp(sent.data(), session->xsrfToken.data(), sent.size()) != 0)
        throw Exception(Error(ErrorKind::Forbidden,
            "a request signed in with the session cookie must send the session's token in the X-XSRF-TOKEN header "
            "(the XsrfToken that POST or GET /api/v1/Session answered)",
            {}, "X-XSRF-TOKEN"));
    return session->associateId;
}

void keepSessionThatRevoked(UserService& service, Sessions& sessions, const Request& request, std::int32_t caller)
{
    const auto secret = cookieOf(request);
    if (secret.empty() || !header(request, "Authorization").empty())
        return;
    if (auto stamp = service.signInStamp(caller))
        sessions.restamp(secret, std::move(*stamp));
}

} // namespace userservice::http
