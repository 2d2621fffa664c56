#include "request_id.hpp"

#include <sodium.h>

#include <algorithm>

namespace userservice::http {

bool isSaneRequestId(std::string_view id) noexcept
{
    constexpr std::string_view punctuation = "-_.:+/=@";
    return !id.empty() && id.size() <= maxRequestIdLength && std::all_of(id.begin(), id.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            punctuation.find(c) != std::string_view::npos;
    });
}

std::string newRequestId()
{
    unsigned char bytes[8];
    randombytes_buf(bytes, sizeof bytes);
    char hex[2 * sizeof bytes + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

std::string requestIdOf(const boost::beast::http::fields& headers)
{
    const auto incoming = headers.find("X-Request-Id");
    if (incoming != headers.end() && isSaneRequestId(incoming->value()))
        return std::string(incoming->value());
    return newRequestId();
}

} // namespace userservice::http
