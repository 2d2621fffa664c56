// SO-TimeZone: the zone a caller reads and writes date-times in. The service
// converts the User carrier's date-times to it on the way out and from it on the
// way in (CallerContext::timeZone); change stamps stay UTC.
#pragma once

#include <userservice/datetime.hpp>
#include <userservice/error.hpp>
#include <userservice/export.hpp>

#include <chrono>
#include <string_view>

// The tz database's zone, declared only: date/tz.h stays inside the library.
namespace date {
class time_zone;
}

namespace userservice {

class USERSERVICE_API TimeZone {
public:
    /// Parses an SO-TimeZone value: a zone code ("NO", "US-NY", "UTC") or an IANA
    /// name ("Europe/Oslo"), either in any case, optionally followed by
    /// ", includeTZOffset". Throws Exception (BadRequest, source "SO-TimeZone") for
    /// an unknown zone or option, and for SuperOffice's numeric zone ids, which
    /// are not supported.
    static TimeZone parse(std::string_view header);
    static Result<TimeZone> tryParse(std::string_view header) noexcept;

    /// The IANA name: "Europe/Oslo" for "NO".
    std::string_view name() const noexcept;
    /// Whether date-times go out with a compact offset ("2018-12-24T07:34:45-0500").
    bool includesOffset() const noexcept { return includeOffset_; }

    /// The zone's UTC offset at an instant (local mean time before standard time is
    /// rounded to whole minutes).
    std::chrono::minutes offsetAt(DateTime::UtcTime instant) const;

    /// The same instant at the zone's offset then: "+01:00", or "+0100" with
    /// includeTZOffset. The blank date (DateTime{}, .NET's MinValue) is kept, and so
    /// is a date-time that would leave the years 1 to 9999.
    DateTime toZone(const DateTime& value) const;
    /// A date-time written without offset is read as the zone's local time and gets
    /// the zone's offset; one written with an offset or Z is kept. A local time that
    /// occurs twice (clocks going back) is the first; one that does not occur (the
    /// gap when clocks go forward) is read with the offset before the gap, so it
    /// lands after the gap, as java.time does. The blank date is kept.
    DateTime fromZone(const DateTime& value) const;

private:
    TimeZone(const date::time_zone* zone, bool includeOffset) noexcept
        : zone_(zone)
        , includeOffset_(includeOffset)
    {
    }

    const date::time_zone* zone_; ///< owned by the tz database, which lives as long as the process
    bool includeOffset_;
};

} // namespace userservice
