// The caller's SO-TimeZone applied to a User carrier (core/time_zone.cpp): the one
// place the service converts date-times, on the way out and on the way in.
#pragma once

#include <userservice/caller.hpp>
#include <userservice/carriers.hpp>
#include <userservice/time_zone.hpp>

#include <optional>

namespace userservice::detail {

/// The caller's zone; nullopt when it has none. Throws Exception (BadRequest) for an unknown one.
std::optional<TimeZone> callerTimeZone(const CallerContext& caller);

/// Shows every date-time of the user in the caller's zone. Nothing changes without a zone.
void toCallerZone(User& user, const CallerContext& caller);

/// The user as sent, every date-time read in the caller's zone; nullopt when the
/// caller has no zone (then the user as sent is what counts: no copy is made).
std::optional<User> fromCallerZone(const User& user, const CallerContext& caller);

} // namespace userservice::detail
