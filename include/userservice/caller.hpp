// Who is calling, and how they want answers: every UserService call takes one.
// The service looks the caller up (its user type and role) to decide its rights.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace userservice {

struct CallerContext {
    /// The calling user's AssociateId; 0 for the system itself (a host's own jobs).
    std::int32_t associateId = 0;
    /// Runs as the system, on behalf of associateId: rights are not applied, and writes
    /// are stamped with associateId and logged as elevated. Set it with asSystem().
    bool elevated = false;
    /// Language for string references and multi-language values ("en", "no"); empty or
    /// "*": raw values.
    std::string language;
    /// Formatting of numbers and dates returned as strings ("nb-NO").
    std::string culture;
    /// Zone code ("NO", "US-NY") or IANA name; empty: date-times as stored.
    std::string timeZone;
    /// Set when the call is made on behalf of a partner application (SO-AppToken).
    std::optional<std::string> appToken;

    /// The host itself: associate 0, not governed by rights.
    static CallerContext system() { return {}; }
    /// The user with this AssociateId, governed by its rights.
    static CallerContext user(std::int32_t associateId)
    {
        CallerContext context;
        context.associateId = associateId;
        return context;
    }
    /// This caller, elevated to the system for one explicit operation.
    CallerContext asSystem() const
    {
        CallerContext context = *this;
        context.elevated = true;
        return context;
    }
    bool isSystem() const noexcept { return associateId == 0 || elevated; }
};

} // namespace userservice
