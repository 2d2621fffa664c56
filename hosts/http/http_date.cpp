#include "http_date.hpp"

#include <array>
#include <charconv>

namespace userservice::http {
namespace {

constexpr std::array<std::string_view, 7> weekdays { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
constexpr std::array<std::string_view, 12> months { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
    "Oct", "Nov", "Dec" };

bool readNumber(std::string_view text, std::size_t at, std::size_t digits, int& out)
{
    if (at + digits > text.size())
        return false;
    const char* first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + digits, out);
    return error == std::errc {} && end == first + digits;
}

} // namespace

std::string formatHttpDate(Seconds instant)
{
    using namespace std::chrono;
    const auto day = floor<days>(instant);
    const year_month_day date { day };
    const hh_mm_ss time { instant - day };
    char out[64]; // 29 needed; room for what the compiler cannot prove about the fields
    std::snprintf(out, sizeof out, "%s, %02u %s %04d %02ld:%02ld:%02ld GMT",
        weekdays[weekday { day }.c_encoding()].data(), unsigned(date.day()), months[unsigned(date.month()) - 1].data(),
        int(date.year()), long(time.hours().count()), long(time.minutes().count()), long(time.seconds().count()));
    return out;
}

std::optional<Seconds> parseHttpDate(std::string_view text)
{
    using namespace std::chrono;
    // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
    if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT" || text[7] != ' ' ||
        text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':')
        return std::nullopt;
    int d = 0, y = 0, h = 0, m = 0, s = 0;
    if (!readNumber(text, 5, 2, d) || !readNumber(text, 12, 4, y) || !readNumber(text, 17, 2, h) ||
        !readNumber(text, 20, 2, m) || !readNumber(text, 23, 2, s))
        return std::nullopt;
    unsigned month = 0;
    while (month < months.size() && months[month] != text.substr(8, 3))
        ++month;
    const year_month_day date { year { y }, std::chrono::month { month + 1 }, day { unsigned(d) } };
    if (month == months.size() || !date.ok() || h > 23 || m > 59 || s > 60)
        return std::nullopt;
    return sys_days { date } + hours { h } + minutes { m } + seconds { s };
}

} // namespace userservice::http
