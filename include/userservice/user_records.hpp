// What is kept about a user beside its carrier: records that plugins append
// (an audit trail, an outbox) and the user's change stamps.
#pragma once

#include <userservice/datetime.hpp>

#include <cstdint>
#include <string>

namespace userservice {

/// A record a plugin keeps about a user, in a stream of its own ("audit", "outbox").
struct UserRecord {
    std::int64_t id = 0; ///< orders it among its user's records (every stream); not across users
    std::string stream;
    std::int32_t associateId = 0; ///< the user it is about
    DateTime at; ///< UTC
    std::int32_t by = 0; ///< who caused it
    std::string body; ///< the plugin's own text (JSON, say)
    friend bool operator==(const UserRecord&, const UserRecord&) = default;
};

/// When a user was created and last changed, and by whom (AssociateId, 0 = system).
struct ChangeStamps {
    DateTime created; ///< UTC
    std::int32_t createdBy = 0;
    DateTime updated; ///< UTC
    std::int32_t updatedBy = 0;
    friend bool operator==(const ChangeStamps&, const ChangeStamps&) = default;
};

} // namespace userservice
