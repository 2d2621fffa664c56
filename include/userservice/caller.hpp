// Who is calling, and how they want answers: every UserService call takes one.
#pragma once

#include <userservice/enums.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace userservice {

struct CallerContext {
    /// The calling user's AssociateId; 0 for the system itself (a host's own jobs).
    std::int32_t associateId = 0;
    /// SystemAssociate is not governed by field rights.
    UserType type = UserType::SystemAssociate;
    /// Language for string references and multi-language values ("en", "no"); empty: raw values.
    std::string language;
    /// Formatting of numbers and dates returned as strings ("nb-NO").
    std::string culture;
    /// Zone code ("NO", "US-NY") or IANA name; empty: date-times as stored.
    std::string timeZone;
    /// Set when the call is made on behalf of a partner application (SO-AppToken).
    std::optional<std::string> appToken;

    /// The host itself: associate 0, a system caller.
    static CallerContext system() { return {}; }
    /// An ordinary caller: the user with this id.
    static CallerContext user(std::int32_t associateId, UserType type = UserType::InternalAssociate)
    {
        CallerContext context;
        context.associateId = associateId;
        context.type = type;
        return context;
    }
};

} // namespace userservice
