#include <userservice/time_zone.hpp>

#include "ascii.hpp"
#include "capture.hpp"
#include "carrier_fields.hpp"
#include "time_zone_carrier.hpp"
#include "type_traits.hpp"
#include "utf8.hpp"

// Debian's libdate-tz reads the OS database (/usr/share/zoneinfo); tz.h must be
// compiled the same way, or its types do not match the library's.
#if !defined(USE_OS_TZDB) || !USE_OS_TZDB
#error "compile with -DUSE_OS_TZDB=1 (CMake: link date::date-tz, which sets it)"
#endif
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <utility>

namespace userservice {
namespace {

using namespace std::chrono;

constexpr std::string_view headerName = "SO-TimeZone";
constexpr std::string_view includeOffsetOption = "includeTZOffset";

/// SuperOffice's zone codes and the IANA zones they stand for (inferred: the
/// wire-format names NO and US-NY, no public source lists the codes, so each is the
/// main zone of its country or US state).
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> zoneCodes { {
    { "NO", "Europe/Oslo" },
    { "SE", "Europe/Stockholm" },
    { "DK", "Europe/Copenhagen" },
    { "FI", "Europe/Helsinki" },
    { "DE", "Europe/Berlin" },
    { "NL", "Europe/Amsterdam" },
    { "UK", "Europe/London" },
    { "GB", "Europe/London" },
    { "US-NY", "America/New_York" },
    { "US-CA", "America/Los_Angeles" },
    { "US-IL", "America/Chicago" },
    { "US-CO", "America/Denver" },
    { "UTC", "UTC" },
} };

Error badHeader(std::string message)
{
    return Error(
        ErrorKind::BadRequest, std::string(headerName) + ": " + std::move(message), {}, std::string(headerName));
}

/// The value as an error message shows it: quoted, and cut short (between UTF-8 characters) when long.
std::string quote(std::string_view value)
{
    const std::size_t length = detail::utf8PrefixLength(value, 64);
    return '"' + std::string(value.substr(0, length)) + (length < value.size() ? "…\"" : "\"");
}

/// The tz database (/usr/share/zoneinfo, read once). Its failure is the host's, not the caller's.
const date::tzdb& database()
{
    try {
        return date::get_tzdb();
    } catch (const std::exception& e) {
        throw Exception(Error(ErrorKind::Internal,
            std::string("the time zone database could not be read (is the tzdata package installed?): ") + e.what(), {},
            std::string(headerName)));
    }
}

/// A zone by IANA name: exactly as written, else ignoring case ("europe/oslo").
const date::time_zone* findZone(std::string_view name)
{
    const date::tzdb& zones = database();
    try {
        return date::locate_zone(name); // (Debian's libdate-tz exports the free function, not tzdb's member)
    } catch (const std::runtime_error&) {
        // not spelt as in the database: the slower search below
    }
    for (const date::time_zone& zone : zones.zones)
        if (iequals(zone.name(), name))
            return &zone;
    return nullptr;
}

bool isNumber(std::string_view text)
{
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// Whether text written at this instant and offset stays within the years 1 to 9999.
bool representable(DateTime::UtcTime instant, minutes offset)
{
    constexpr auto first = sys_days { year { 1 } / January / 1 };
    constexpr auto end = sys_days { year { 10000 } / January / 1 };
    const auto local = instant + offset;
    return local >= first && local < end;
}

} // namespace

TimeZone TimeZone::parse(std::string_view header)
{
    const auto parts = splitOn(header, ',');
    const std::string_view zoneName = parts.front();
    if (zoneName.empty())
        throw Exception(badHeader("expected a zone code such as NO or US-NY, or an IANA name such as Europe/Oslo"));
    if (isNumber(zoneName))
        throw Exception(badHeader("numeric time zone ids such as " + quote(zoneName) +
            " are not supported; send a zone code such as NO or US-NY, or an IANA name such as Europe/Oslo"));

    bool includeOffset = false;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (!iequals(parts[i], includeOffsetOption))
            throw Exception(badHeader("unknown option " + quote(parts[i]) + "; the only option is includeTZOffset"));
        includeOffset = true;
    }

    for (const auto& [code, ianaName] : zoneCodes)
        if (iequals(code, zoneName)) {
            const date::time_zone* zone = findZone(ianaName);
            if (!zone)
                throw Exception(Error(ErrorKind::Internal,
                    "the time zone database has no " + std::string(ianaName) + " (is the tzdata package installed?)",
                    {}, std::string(headerName)));
            return TimeZone(zone, includeOffset);
        }
    if (const date::time_zone* zone = findZone(zoneName))
        return TimeZone(zone, includeOffset);
    throw Exception(badHeader("unknown time zone " + quote(zoneName) +
        "; expected a zone code such as NO or US-NY, or an IANA name such as Europe/Oslo"));
}

Result<TimeZone> TimeZone::tryParse(std::string_view header) noexcept
{
    return detail::captureErrors([&] { return parse(header); });
}

std::string_view TimeZone::name() const noexcept
{
    return zone_->name();
}

minutes TimeZone::offsetAt(DateTime::UtcTime instant) const
{
    return round<minutes>(zone_->get_info(instant).offset);
}

DateTime TimeZone::toZone(const DateTime& value) const
{
    const DateTime::UtcTime instant = value.utc();
    if (instant == DateTime {}.utc())
        return value; // the blank date is no point in time
    const minutes offset = offsetAt(instant);
    if (!representable(instant, offset))
        return value;
    return value.atOffset(offset, includeOffset_ ? DateTime::OffsetStyle::Compact : DateTime::OffsetStyle::Colon);
}

DateTime TimeZone::fromZone(const DateTime& value) const
{
    if (value.offsetStyle() != DateTime::OffsetStyle::None || value == DateTime {})
        return value;
    // Without an offset, the text is a wall-clock time: utc() is that text read as UTC.
    const date::local_time<DateTime::Ticks> wallClock { value.utc().time_since_epoch() };
    const date::local_info info = zone_->get_info(wallClock);
    // first: the only offset, the earlier of two, or the one before a gap.
    return value.withOffset(round<minutes>(info.first.offset), DateTime::OffsetStyle::Colon);
}

// ---------------------------------------------------------------- the carrier

namespace detail {
namespace {

/// Calls f(dateTime) for every DateTime in `value`, through nested carriers and lists.
template <class T, class F> void forEachDateTime(T& value, F& f)
{
    if constexpr (std::is_same_v<T, DateTime>) {
        f(value);
    } else if constexpr (IsOptional<T>::value) {
        if (value)
            forEachDateTime(*value, f);
    } else if constexpr (IsVector<T>::value) {
        for (auto& item : value)
            forEachDateTime(item, f);
    } else if constexpr (Carrier<T>) {
        forEachField<T>([&](const auto& field) { forEachDateTime(value.*field.member, f); });
    }
}

} // namespace

std::optional<TimeZone> callerTimeZone(const CallerContext& caller)
{
    if (trim(caller.timeZone).empty())
        return std::nullopt;
    return TimeZone::parse(caller.timeZone);
}

void toCallerZone(User& user, const CallerContext& caller)
{
    const auto zone = callerTimeZone(caller);
    if (!zone)
        return;
    auto convert = [&](DateTime& value) { value = zone->toZone(value); };
    forEachDateTime(user, convert);
}

std::optional<User> fromCallerZone(const User& user, const CallerContext& caller)
{
    const auto zone = callerTimeZone(caller);
    if (!zone)
        return std::nullopt;
    User converted = user;
    auto convert = [&](DateTime& value) { value = zone->fromZone(value); };
    forEachDateTime(converted, convert);
    return converted;
}

} // namespace detail
} // namespace userservice
