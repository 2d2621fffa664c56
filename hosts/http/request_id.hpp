// The request id: one short string that ties an answer to its log lines. The
// client's own X-Request-Id is kept when it is sane; otherwise the host makes one.
// Every answer carries it in X-Request-Id, the access log writes it, and the error
// log line of every 5xx starts with it.
#pragma once

#include <boost/beast/http/fields.hpp>

#include <string>
#include <string_view>

namespace userservice::http {

inline constexpr std::size_t maxRequestIdLength = 64;

/// 1 to maxRequestIdLength characters, each a letter, a digit or one of "-_.:+/=@"
/// (UUIDs, W3C trace ids, base64): nothing that could break a log line or a header.
bool isSaneRequestId(std::string_view id) noexcept;

/// 16 random hex digits.
std::string newRequestId();

/// The request's X-Request-Id when it is sane, else a new one.
std::string requestIdOf(const boost::beast::http::fields& headers);

} // namespace userservice::http
