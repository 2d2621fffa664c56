// How both stores keep a point in time: 100 ns ticks since 1970 (UTC), as an integer.
#pragma once

#include <userservice/datetime.hpp>

#include <cstdint>

namespace userservice::store {

inline std::int64_t ticks(const DateTime& at)
{
    return static_cast<std::int64_t>(at.utc().time_since_epoch().count());
}

inline DateTime fromTicks(std::int64_t ticks)
{
    return DateTime::fromUtc(DateTime::UtcTime { DateTime::Ticks { ticks } }, {}, DateTime::OffsetStyle::Zulu);
}

} // namespace userservice::store
