#include "authentication.hpp"

#include "call.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include <sodium.h>

#include <cctype>

namespace userservice::http {
namespace {

using boost::beast::iequals;
using boost::beast::http::field;

Response unauthorized(const Request& request, std::string message, bool offerBasic = true)
{
    auto response =
        errorResponse(Error(ErrorKind::Unauthorized, std::move(message), {}, "Authorization"), 0, request.version());
    if (offerBasic)
        response.insert(field::www_authenticate, R"(Basic realm="userservice", charset="UTF-8")");
    response.insert(field::www_authenticate, R"(Bearer realm="userservice")");
    response.keep_alive(request.keep_alive());
    return response;
}

/// Wipes a decoded secret however the scope ends (a lockout is thrown).
struct Wiped {
    std::string& text;
    ~Wiped() { sodium_memzero(text.data(), text.size()); }
};

/// "name:password" from Basic credentials, checked (throttled per client address and name).
std::variant<std::int32_t, Response> basicLogin(
    UserService& service, const Request& request, std::string_view value, std::string_view clientAddress)
{
    std::string decoded(value.size(), '\0');
    const Wiped wiped { decoded };
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), value.data(), value.size(),
            nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return unauthorized(request, "the Basic credentials are not valid base64");
    const std::string_view plain(decoded.data(), length);
    const auto colon = plain.find(':');
    std::optional<std::int32_t> id;
    if (colon != std::string::npos)
        id = service.authenticatePassword(plain.substr(0, colon), plain.substr(colon + 1), clientAddress);
    if (!id)
        return wrongPassword(request);
    return *id;
}

} // namespace

Response wrongPassword(const Request& request, bool offerBasic)
{
    return unauthorized(request, "the user name or password is wrong", offerBasic);
}

std::variant<std::int32_t, Response> authenticate(
    UserService& service, const Request& request, std::string_view clientAddress)
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
        // Not quoted: a client that left out the scheme sent its credentials as the scheme.
        return unauthorized(request, "unsupported authorization scheme: send Basic or Bearer");
    return basicLogin(service, request, value, clientAddress);
}

bool basicAccepted(ClearTextBasic policy, std::string_view clientAddress, Transport transport)
{
    if (policy == ClearTextBasic::Checked || transport == Transport::Tls)
        return true;
    boost::system::error_code invalid;
    auto address = boost::asio::ip::make_address(clientAddress, invalid);
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    return !invalid && address.is_loopback();
}

void refuseClearTextBasic(
    const Request& request, ClearTextBasic policy, std::string_view clientAddress, Transport transport)
{
    const auto credentials = header(request, "Authorization");
    if (!iequals(credentials.substr(0, credentials.find(' ')), "Basic") ||
        basicAccepted(policy, clientAddress, transport))
        return;
    throw httpError(403,
        "Basic credentials are refused over plain HTTP from another machine: they cross the network in clear "
        "text; call this host over HTTPS",
        "Authorization");
}

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

} // namespace userservice::http
