#include <userservice/datetime.hpp>

#include <charconv>

namespace userservice {
namespace {

using namespace std::chrono;

constexpr int maxFractionDigits = 7;
constexpr minutes maxOffset = hours { 14 };

Error badDateTime(std::string_view why)
{
    // The value itself is not echoed: errors never carry caller data verbatim.
    return Error(ErrorKind::BadRequest,
        "expected an ISO 8601 date-time such as 2019-11-18T03:40:48.1879959+01:00 (" + std::string(why) + ")");
}

// Reads exactly `width` decimal digits at `pos`.
bool readDigits(std::string_view text, std::size_t& pos, std::size_t width, int& out)
{
    if (pos + width > text.size())
        return false;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    pos += width;
    out = value;
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c)
{
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// Writes `value` as exactly `width` decimal digits.
char* putDigits(char* out, std::int64_t value, int width) noexcept
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        out[i] = static_cast<char>('0' + value % 10);
    return out + width;
}

} // namespace

DateTime DateTime::fromUtc(UtcTime instant, minutes offset, OffsetStyle style)
{
    if (offset > maxOffset || offset < -maxOffset)
        throw Exception(badDateTime("offset beyond ±14:00"));
    DateTime result;
    result.offset_ = offset;
    result.local_ = instant.time_since_epoch() + offset;
    result.digits_ = maxFractionDigits;
    // Only a numeric style can show a non-zero offset.
    const bool numeric = style == OffsetStyle::Colon || style == OffsetStyle::Compact;
    result.style_ = offset != minutes { 0 } && !numeric ? OffsetStyle::Colon : style;
    return result;
}

Result<DateTime> DateTime::tryParse(std::string_view text) noexcept
{
    std::size_t pos = 0;
    int year, month, day, hour, minute, second;
    if (!readDigits(text, pos, 4, year) || !expect(text, pos, '-') || !readDigits(text, pos, 2, month) ||
        !expect(text, pos, '-') || !readDigits(text, pos, 2, day))
        return badDateTime("the date must be YYYY-MM-DD");
    if (!expect(text, pos, 'T') || !readDigits(text, pos, 2, hour) || !expect(text, pos, ':') ||
        !readDigits(text, pos, 2, minute) || !expect(text, pos, ':') || !readDigits(text, pos, 2, second))
        return badDateTime("the time must be THH:MM:SS");

    const year_month_day date { std::chrono::year { year }, std::chrono::month(unsigned(month)),
        std::chrono::day(unsigned(day)) };
    if (year < 1 || !date.ok())
        return badDateTime("no such date");
    if (hour > 23 || minute > 59 || second > 59)
        return badDateTime("no such time of day");

    DateTime result;
    std::int64_t fraction = 0;
    if (expect(text, pos, '.')) {
        std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            ++pos;
        std::size_t digits = pos - start;
        if (digits == 0 || digits > maxFractionDigits)
            return badDateTime("1 to 7 fractional digits");
        std::from_chars(text.data() + start, text.data() + pos, fraction);
        for (std::size_t i = digits; i < maxFractionDigits; ++i)
            fraction *= 10;
        result.digits_ = static_cast<std::uint8_t>(digits);
    }

    minutes offset { 0 };
    if (pos == text.size()) {
        result.style_ = OffsetStyle::None;
    } else if (expect(text, pos, 'Z')) {
        result.style_ = OffsetStyle::Zulu;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos++] == '-' ? -1 : 1;
        int offsetHours, offsetMinutes;
        if (!readDigits(text, pos, 2, offsetHours))
            return badDateTime("the offset must be ±HH:MM");
        result.style_ = expect(text, pos, ':') ? OffsetStyle::Colon : OffsetStyle::Compact;
        if (!readDigits(text, pos, 2, offsetMinutes) || offsetMinutes > 59)
            return badDateTime("the offset must be ±HH:MM");
        offset = sign * (hours { offsetHours } + minutes { offsetMinutes });
        if (offset > maxOffset || offset < -maxOffset)
            return badDateTime("offset beyond ±14:00");
    }
    if (pos != text.size())
        return badDateTime("unexpected text after the date-time");

    result.offset_ = offset;
    result.local_ = sys_days { date }.time_since_epoch() + hours { hour } + minutes { minute } + seconds { second } +
        Ticks { fraction };
    return result;
}

DateTime DateTime::parse(std::string_view text)
{
    return tryParse(text).value();
}

DateTime DateTime::atOffset(minutes offset) const
{
    return atOffset(offset, style_ == OffsetStyle::None ? OffsetStyle::Colon : style_);
}

DateTime DateTime::atOffset(minutes offset, OffsetStyle style) const
{
    DateTime result = fromUtc(utc(), offset, style);
    result.digits_ = digits_;
    return result;
}

DateTime DateTime::withOffset(minutes offset, OffsetStyle style) const
{
    DateTime result = fromUtc(UtcTime { local_ - offset }, offset, style);
    result.digits_ = digits_;
    return result;
}

char* DateTime::format(char* out) const noexcept
{
    const auto days = floor<std::chrono::days>(local_);
    const year_month_day date { sys_days { days } };
    const hh_mm_ss<Ticks> time { local_ - days };

    out = putDigits(out, int(date.year()), 4);
    *out++ = '-';
    out = putDigits(out, unsigned(date.month()), 2);
    *out++ = '-';
    out = putDigits(out, unsigned(date.day()), 2);
    *out++ = 'T';
    out = putDigits(out, time.hours().count(), 2);
    *out++ = ':';
    out = putDigits(out, time.minutes().count(), 2);
    *out++ = ':';
    out = putDigits(out, time.seconds().count(), 2);
    if (digits_ > 0) {
        std::int64_t fraction = time.subseconds().count();
        for (int i = digits_; i < maxFractionDigits; ++i)
            fraction /= 10;
        *out++ = '.';
        out = putDigits(out, fraction, digits_);
    }
    switch (style_) {
    case OffsetStyle::None:
        break;
    case OffsetStyle::Zulu:
        *out++ = 'Z';
        break;
    case OffsetStyle::Colon:
    case OffsetStyle::Compact: {
        const auto magnitude = abs(offset_).count();
        *out++ = offset_ < minutes { 0 } ? '-' : '+';
        out = putDigits(out, magnitude / 60, 2);
        if (style_ == OffsetStyle::Colon)
            *out++ = ':';
        out = putDigits(out, magnitude % 60, 2);
        break;
    }
    }
    return out;
}

std::string DateTime::toString() const
{
    char buffer[maxTextLength];
    return std::string(buffer, format(buffer));
}

} // namespace userservice
