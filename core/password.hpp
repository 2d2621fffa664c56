// Secrets, all through libsodium: Argon2id password hashes, the cache of verified
// passwords, and API token secrets. Password hashes are self-describing strings
// ("$argon2id$v=19$m=…,t=…,p=1$salt$hash"), so a stronger setting later still
// verifies the old hashes.
#pragma once

#include <userservice/service_options.hpp>

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace userservice::detail {

/// The Argon2id hash of `password` with a fresh random salt.
/// @throws Exception (Internal) when the hash cannot be computed (out of memory).
std::string hashPassword(std::string_view password, PasswordHashing cost);

/// Whether `password` matches `hash`; false for a malformed hash.
bool verifyPassword(std::string_view password, const std::string& hash) noexcept;

/// Spends the time of one verification without a stored hash, so that an unknown
/// user name takes as long to refuse as a wrong password.
void verifyNothing(std::string_view password, PasswordHashing cost) noexcept;

/// Passwords verified recently, so that a host authenticating every request pays
/// Argon2id once per user and password. An entry is a BLAKE2b digest keyed with a
/// random key of this process, over the user name, the password and the stored
/// Argon2id hash: the password itself is never kept, the digest is useless outside
/// this process, and a new stored hash (a changed password) never matches an old
/// entry. Only successes are remembered: a wrong password always pays Argon2id.
class VerifiedPasswords {
public:
    /// @throws Exception (Internal) when libsodium cannot be initialised.
    VerifiedPasswords();
    ~VerifiedPasswords();
    VerifiedPasswords(const VerifiedPasswords&) = delete;
    VerifiedPasswords& operator=(const VerifiedPasswords&) = delete;

    /// The AssociateId remembered for this name, password and stored hash.
    std::optional<std::int32_t> find(std::string_view userName, std::string_view password, std::string_view hash) const;
    /// Remembers a successful verification. When full, the cache starts again empty
    /// (cheaper than tracking age, and a cleared entry only costs one more Argon2id).
    void remember(
        std::string_view userName, std::string_view password, std::string_view hash, std::int32_t associateId);

    static constexpr std::size_t capacity = 4096;

private:
    using Digest = std::array<unsigned char, 32>;
    struct DigestHash {
        std::size_t operator()(const Digest& digest) const noexcept; ///< its first bytes: it is uniform already
    };
    Digest digest(std::string_view userName, std::string_view password, std::string_view hash) const;

    std::array<unsigned char, 32> key_ {};
    mutable std::mutex mutex_;
    std::unordered_map<Digest, std::int32_t, DigestHash> verified_;
};

/// BLAKE2b-256 of an API token secret: what is stored and looked up.
using TokenHash = std::array<unsigned char, 32>;

/// `prefix` and 32 random bytes in base64url without padding (API tokens, reset tokens).
/// @throws Exception (Internal) when libsodium cannot be initialised.
std::string newRandomSecret(std::string_view prefix);
/// Whether `secret` has the form newRandomSecret(prefix) gives (not whether it exists).
bool looksLikeRandomSecret(std::string_view secret, std::string_view prefix) noexcept;

/// A random password of `length` (at least 2) letters and digits, at least one of each,
/// from libsodium's generator. @throws Exception (Internal) when libsodium cannot be initialised.
std::string generatePassword(std::size_t length);

/// A new API token secret: "ust_" and 32 random bytes in base64url without padding.
/// @throws Exception (Internal) when libsodium cannot be initialised.
std::string newApiTokenSecret();

/// Whether `secret` has the form newApiTokenSecret() gives (not whether it exists).
bool looksLikeApiTokenSecret(std::string_view secret) noexcept;

/// The hash stored for a token secret. A fast hash is enough: the secret is 256
/// random bits, so there is nothing to guess from the hash.
TokenHash apiTokenHash(std::string_view secret) noexcept;

} // namespace userservice::detail
