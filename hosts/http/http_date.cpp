#include "http_date.hpp"

#include <date/date.h>

#include <sstream>

namespace userservice::http {
namespace {

/// RFC 9110's IMF-fixdate, in the C locale (the date library is built with ONLY_C_LOCALE).
constexpr const char* imfFixdate = "%a, %d %b %Y %T GMT";

} // namespace

std::string formatHttpDate(Seconds instant)
{
    return date::format(imfFixdate, instant);
}

std::optional<Seconds> parseHttpDate(std::string_view text)
{
    std::istringstream in { std::string(text) };
    Seconds instant;
    in >> date::parse(imfFixdate, instant);
    if (in.fail() || in.peek() != std::istringstream::traits_type::eof())
        return std::nullopt;
    return instant;
}

} // namespace userservice::http
