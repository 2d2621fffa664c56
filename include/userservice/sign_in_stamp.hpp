// What a sign-in rests on. A host that keeps sign-ins open (the HTTP host's console
// sessions) takes a stamp at sign-in and compares it at each request: a changed
// password, a revoked API token, a retired or deleted user end the sign-in.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace userservice {

struct SignInStamp {
    /// A BLAKE2b digest of the user's stored secret hashes: changes with any password,
    /// and is no hash an attacker could test passwords against.
    std::string secrets;
    /// The ids of the user's API tokens, ascending (ids are never reused).
    std::vector<std::int64_t> apiTokens;

    /// Whether a sign-in stamped `atSignIn` still stands: the same secrets, and every
    /// token it had still there (a token issued since does not end it).
    bool keeps(const SignInStamp& atSignIn) const
    {
        return secrets == atSignIn.secrets &&
            std::includes(apiTokens.begin(), apiTokens.end(), atSignIn.apiTokens.begin(), atSignIn.apiTokens.end());
    }
    friend bool operator==(const SignInStamp&, const SignInStamp&) = default;
};

} // namespace userservice
