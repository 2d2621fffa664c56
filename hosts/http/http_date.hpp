// HTTP dates (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") for
// Last-Modified, If-Modified-Since and If-Unmodified-Since.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace userservice::http {

using Seconds = std::chrono::sys_seconds;

/// "Sun, 06 Nov 1994 08:49:37 GMT"
std::string formatHttpDate(Seconds instant);

/// Parses IMF-fixdate; nullopt for anything else (RFC 9110 says to ignore an
/// If-Modified-Since it cannot parse; the caller decides for If-Unmodified-Since).
std::optional<Seconds> parseHttpDate(std::string_view text);

} // namespace userservice::http
