// API tokens: random secrets that stand for one user (a host's
// `Authorization: Bearer …`). Only a hash of a secret is ever stored.
#pragma once

#include <userservice/datetime.hpp>

#include <cstdint>
#include <string>

namespace userservice {

struct ApiToken {
    std::int64_t id = 0;
    std::int32_t associateId = 0; ///< the user it authenticates as
    std::string label; ///< what it is for, as given when issued
    DateTime created; ///< UTC
    friend bool operator==(const ApiToken&, const ApiToken&) = default;
};

/// A token just issued, with its secret: shown once, never stored, never retrievable again.
struct IssuedApiToken {
    ApiToken token;
    std::string secret; ///< "ust_" and 43 base64url characters (32 random bytes)
};

} // namespace userservice
