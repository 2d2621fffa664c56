// Password hashing: Argon2id through libsodium. Hashes are self-describing
// strings ("$argon2id$v=19$m=…,t=…,p=1$salt$hash"), so a stronger setting later
// still verifies the old hashes.
#pragma once

#include <userservice/user_service.hpp>

#include <string>
#include <string_view>

namespace userservice::detail {

/// The Argon2id hash of `password` with a fresh random salt.
/// @throws Exception (Internal) when the hash cannot be computed (out of memory).
std::string hashPassword(std::string_view password, PasswordHashing cost);

/// Whether `password` matches `hash`; false for a malformed hash.
bool verifyPassword(std::string_view password, const std::string& hash) noexcept;

/// Spends the time of one verification without a stored hash, so that an unknown
/// user name takes as long to refuse as a wrong password.
void verifyNothing(std::string_view password, PasswordHashing cost) noexcept;

} // namespace userservice::detail
