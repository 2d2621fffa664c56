// A point in time as the wire carries it: 100 ns precision, a UTC offset, and the
// text form it arrived in, so "2019-11-18T03:40:48.1879959+01:00" round-trips
// unchanged and "1999-05-13T00:00:00.000Z" keeps its three digits and its Z.
#pragma once

#include <userservice/error.hpp>
#include <userservice/export.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace userservice {

class USERSERVICE_API DateTime {
public:
    /// .NET ticks: 100 ns.
    using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;
    using UtcTime = std::chrono::sys_time<Ticks>;

    /// How the offset was written.
    enum class OffsetStyle : std::uint8_t {
        None, ///< "2019-11-18T03:40:48" (no offset: read as UTC)
        Zulu, ///< "…Z"
        Colon, ///< "…+01:00"
        Compact, ///< "…+0100" (SO-TimeZone with includeTZOffset)
    };

    /// 0001-01-01T00:00:00Z, .NET's DateTime.MinValue.
    DateTime() = default;

    /// An instant shown at a UTC offset (whole minutes, at most ±14:00), written with
    /// seven fractional digits as .NET does.
    static DateTime fromUtc(UtcTime instant, std::chrono::minutes offset = {}, OffsetStyle style = OffsetStyle::Colon);

    /// Parses ISO 8601 `YYYY-MM-DDTHH:MM:SS[.f…f][Z|±HH:MM|±HHMM]`, up to 7 fractional digits.
    static DateTime parse(std::string_view text);
    static Result<DateTime> tryParse(std::string_view text) noexcept;

    /// The instant this denotes.
    UtcTime utc() const noexcept { return UtcTime { local_ - offset_ }; }
    std::chrono::minutes offset() const noexcept { return offset_; }
    OffsetStyle offsetStyle() const noexcept { return style_; }
    int fractionDigits() const noexcept { return digits_; }

    /// The same instant at another offset, keeping the text style.
    DateTime atOffset(std::chrono::minutes offset) const;
    /// The same instant at another offset, written in `style` (a non-zero offset is
    /// always written numerically), keeping the fractional digits.
    DateTime atOffset(std::chrono::minutes offset, OffsetStyle style) const;
    /// The same wall-clock time at an offset, which is another instant: how a
    /// date-time written without offset is placed in a time zone. Keeps the digits.
    DateTime withOffset(std::chrono::minutes offset, OffsetStyle style) const;

    /// The longest text form: "9999-12-31T23:59:59.9999999+14:00".
    static constexpr std::size_t maxTextLength = 33;

    /// The text form, exactly as it was parsed.
    std::string toString() const;
    /// Writes toString() at `out`, which has room for maxTextLength characters;
    /// returns the end of what was written.
    char* format(char* out) const noexcept;

    /// Same text form (same instant, offset, digits and style).
    friend bool operator==(const DateTime&, const DateTime&) = default;

private:
    Ticks local_ { -621'355'968'000'000'000 }; // wall-clock time since 1970 at offset_
    std::chrono::minutes offset_ {};
    std::uint8_t digits_ = 0;
    OffsetStyle style_ = OffsetStyle::None;
};

} // namespace userservice
