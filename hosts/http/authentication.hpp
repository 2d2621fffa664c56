// Who is calling: the Authorization header (Basic against the stored password
// hashes, or a Bearer API token), and the caller's language, culture, time zone and
// partner app from the WebAPI's headers.
#pragma once

#include "api.hpp"

#include <cstdint>
#include <variant>

namespace userservice::http {

/// The AssociateId that the Authorization header proves, or the 401 to answer.
std::variant<std::int32_t, Response> authenticate(UserService& service, const Request& request);

/// The authenticated user as a caller, with SO-Language (or Accept-Language),
/// SO-Culture, SO-TimeZone and SO-AppToken.
CallerContext callerFrom(const Request& request, std::int32_t associateId);

} // namespace userservice::http
