// Who is calling: the Authorization header (Basic against the stored password
// hashes, or a Bearer API token), and the caller's language, culture, time zone and
// partner app from the WebAPI's headers.
#pragma once

#include "api.hpp"

#include <cstdint>
#include <string_view>
#include <variant>

namespace userservice::http {

/// The AssociateId that the Authorization header proves, or the 401 to answer. Basic
/// sign-ins are throttled per `clientAddress` and user name: a lockout is thrown
/// (TooManyRequests, with Retry-After).
std::variant<std::int32_t, Response> authenticate(
    UserService& service, const Request& request, std::string_view clientAddress);

/// Whether Basic credentials from `clientAddress` over `transport` may be checked: over
/// TLS, from a loopback address (they never left this machine), or when `policy` says so.
bool basicAccepted(ClearTextBasic policy, std::string_view clientAddress, Transport transport);

/// Throws a 403 (that quotes nothing of the header) when the request carries Basic
/// credentials that basicAccepted() refuses; they are not checked, nor counted as a failure.
void refuseClearTextBasic(
    const Request& request, ClearTextBasic policy, std::string_view clientAddress, Transport transport);

/// The 401 for a user name and password that do not match: the same for an unknown name
/// and a wrong password. `offerBasic`: false for the console's sign-in, where a Basic
/// challenge would make the browser ask with a dialog of its own.
Response wrongPassword(const Request& request, bool offerBasic = true);

/// The authenticated user as a caller, with SO-Language (or Accept-Language),
/// SO-Culture, SO-TimeZone and SO-AppToken.
CallerContext callerFrom(const Request& request, std::int32_t associateId);

} // namespace userservice::http
