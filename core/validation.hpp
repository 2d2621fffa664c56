// The rules a user must meet to be saved. Every problem is reported, by field,
// with its path in the carrier ("User.OtherGroups[1].Id").
#pragma once

#include "store/store.hpp"
#include "utf8.hpp" // utf8Length, for the checks of labels beside these

#include <userservice/carriers.hpp>
#include <userservice/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace userservice::detail {

/// Required fields, lengths, valid text and enums, and references into the stored
/// lists. (Derived fields such as Person.PersonId are the rights engine's: never writable.)
/// A reference the `stored` user (read in this transaction) already holds is not looked
/// up: the foreign keys keep what it refers to.
std::vector<FieldError> validate(store::Session& session, const User& user, const User* stored = nullptr);

/// The credential type `name`: as the `stored` user's read resolved it when it holds
/// one, else looked up; nullopt when there is none.
std::optional<CredentialType> credentialType(store::Session& session, const User* stored, std::string_view name);

/// Name, UserName and NickName that another user already has (case-insensitively). A value
/// the `stored` user already holds is not looked up: its unique index says nobody else has it.
std::vector<FieldError> uniquenessConflicts(store::Session& session, const User& user, const User* stored = nullptr);

/// Throws the Validation error for `problems` (when there are any).
void throwIfInvalid(std::vector<FieldError> problems);
/// Throws the Conflict error for `conflicts` (when there are any).
void throwIfConflicting(std::vector<FieldError> conflicts);

} // namespace userservice::detail
