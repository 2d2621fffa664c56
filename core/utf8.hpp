// Walking UTF-8 text, on Boost.Locale's UTF traits: the one place the core decodes
// UTF-8. Invalid text (a stray continuation byte, an overlong form, a surrogate, a
// code point past U+10FFFF, a sequence cut short) is never counted as characters.
#pragma once

#include <boost/locale/utf.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace userservice::detail {

/// Code points in `text`, or nullopt when it is not valid UTF-8.
inline std::optional<std::size_t> utf8Length(std::string_view text) noexcept
{
    using Utf8 = boost::locale::utf::utf_traits<char>;
    std::size_t count = 0;
    for (auto at = text.begin(); at != text.end(); ++count) {
        const auto point = Utf8::decode(at, text.end());
        if (point == boost::locale::utf::illegal || point == boost::locale::utf::incomplete)
            return std::nullopt;
    }
    return count;
}

/// The length in bytes of the longest start of `text` that is at most `maxBytes`
/// long and does not cut a character in two. (Bytes of invalid text count one by one.)
inline std::size_t utf8PrefixLength(std::string_view text, std::size_t maxBytes) noexcept
{
    using Utf8 = boost::locale::utf::utf_traits<char>;
    if (text.size() <= maxBytes)
        return text.size();
    std::size_t length = 0;
    for (auto at = text.begin(); at != text.end();) {
        auto next = at;
        const auto point = Utf8::decode(next, text.end());
        if (point == boost::locale::utf::illegal || point == boost::locale::utf::incomplete)
            next = at + 1;
        if (static_cast<std::size_t>(next - text.begin()) > maxBytes)
            break;
        length = static_cast<std::size_t>(next - text.begin());
        at = next;
    }
    return length;
}

} // namespace userservice::detail
