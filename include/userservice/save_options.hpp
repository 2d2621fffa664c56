// What a single save may be told (SaveOptions) and what it reports (SaveReport).
#pragma once

#include <userservice/carriers.hpp>
#include <userservice/datetime.hpp>
#include <userservice/error.hpp>
#include <userservice/service_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace userservice {

struct SaveOptions {
    /// Optimistic concurrency: fail with PreconditionFailed when the stored user
    /// was changed after this instant.
    std::optional<DateTime> ifUnmodifiedSince;
    /// Overrides ServiceOptions::forbiddenChanges for this save.
    std::optional<ForbiddenChanges> forbiddenChanges;
};

/// What a password change does besides storing the new hash (a password change is a save).
struct PasswordOptions {
    /// Also revoke every API token of the user, in the same transaction: for a password
    /// that may have leaked, whose holder may have issued tokens with it.
    bool revokeApiTokens = false;
};

/// A save's result with what it did not store.
struct SaveReport {
    User user; ///< as stored now, as the caller may see it
    std::vector<FieldError> strippedChanges; ///< with ForbiddenChanges::Strip: each field left unchanged, and why
    std::vector<std::string> warnings; ///< after-commit commands that failed (the save stands)
};

} // namespace userservice
