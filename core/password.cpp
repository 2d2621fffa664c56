#include "password.hpp"

#include <sodium.h>

#include <array>
#include <cstring>
#include <mutex>

namespace userservice::detail {
namespace {

struct Limits {
    unsigned long long ops;
    std::size_t memory;
};

Limits limitsFor(PasswordHashing cost) noexcept
{
    switch (cost) {
    case PasswordHashing::Moderate:
        return { crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE };
    case PasswordHashing::Sensitive:
        return { crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE };
    case PasswordHashing::Minimal:
        return { crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN };
    case PasswordHashing::Interactive:
        break;
    }
    return { crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE };
}

void initialize()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw Exception(Error(ErrorKind::Internal, "libsodium could not be initialised"));
}

} // namespace

std::string hashPassword(std::string_view password, PasswordHashing cost)
{
    initialize();
    const Limits limits = limitsFor(cost);
    std::array<char, crypto_pwhash_STRBYTES> hash {};
    if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(), limits.ops, limits.memory,
            crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw Exception(Error(ErrorKind::Internal, "out of memory while hashing a password"));
    return hash.data();
}

bool verifyPassword(std::string_view password, const std::string& hash) noexcept
{
    if (sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verifyNothing(std::string_view password, PasswordHashing cost) noexcept
{
    try {
        static std::once_flag once;
        static std::string dummy;
        std::call_once(once, [&] { dummy = hashPassword("no such user", cost); });
        (void)verifyPassword(password, dummy);
    } catch (...) {
    }
}

// ---------------------------------------------------------------- verified passwords

VerifiedPasswords::VerifiedPasswords()
{
    initialize();
    randombytes_buf(key_.data(), key_.size());
}

VerifiedPasswords::~VerifiedPasswords()
{
    sodium_memzero(key_.data(), key_.size());
}

std::size_t VerifiedPasswords::DigestHash::operator()(const Digest& digest) const noexcept
{
    std::size_t value = 0;
    std::memcpy(&value, digest.data(), sizeof value);
    return value;
}

VerifiedPasswords::Digest VerifiedPasswords::digest(
    std::string_view userName, std::string_view password, std::string_view hash) const
{
    // Fed piece by piece, so the password is never copied into a buffer of ours. The
    // separators keep ("ab", "c") and ("a", "bc") apart: names and passwords are text.
    static constexpr unsigned char separator = 0;
    crypto_generichash_state state;
    crypto_generichash_init(&state, key_.data(), key_.size(), sizeof(Digest));
    const auto feed = [&](std::string_view part) {
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
    };
    feed(userName);
    crypto_generichash_update(&state, &separator, 1);
    feed(password);
    crypto_generichash_update(&state, &separator, 1);
    feed(hash);
    Digest out;
    crypto_generichash_final(&state, out.data(), out.size());
    sodium_memzero(&state, sizeof state); // it has seen the password
    return out;
}

std::optional<std::int32_t> VerifiedPasswords::find(
    std::string_view userName, std::string_view password, std::string_view hash) const
{
    const Digest key = digest(userName, password, hash);
    std::lock_guard lock(mutex_);
    const auto found = verified_.find(key);
    if (found == verified_.end())
        return std::nullopt;
    return found->second;
}

void VerifiedPasswords::remember(
    std::string_view userName, std::string_view password, std::string_view hash, std::int32_t associateId)
{
    const Digest key = digest(userName, password, hash);
    std::lock_guard lock(mutex_);
    if (verified_.size() >= capacity)
        verified_.clear();
    verified_.insert_or_assign(key, associateId);
}

// ---------------------------------------------------------------- API tokens

namespace {

constexpr std::string_view tokenPrefix = "ust_";
constexpr std::size_t tokenRandomBytes = 32;
/// base64url without padding of 32 bytes: 43 characters.
constexpr std::size_t tokenTextLength = tokenPrefix.size() + (tokenRandomBytes * 4 + 2) / 3;

} // namespace

std::string newRandomSecret(std::string_view prefix)
{
    initialize();
    std::array<unsigned char, tokenRandomBytes> random {};
    randombytes_buf(random.data(), random.size());
    std::array<char, sodium_base64_ENCODED_LEN(tokenRandomBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text {};
    sodium_bin2base64(text.data(), text.size(), random.data(), random.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(random.data(), random.size());
    std::string secret = std::string(prefix) + text.data();
    sodium_memzero(text.data(), text.size());
    return secret;
}

bool looksLikeRandomSecret(std::string_view secret, std::string_view prefix) noexcept
{
    return secret.size() == prefix.size() + tokenTextLength - tokenPrefix.size() && secret.starts_with(prefix);
}

std::string newApiTokenSecret()
{
    return newRandomSecret(tokenPrefix);
}

bool looksLikeApiTokenSecret(std::string_view secret) noexcept
{
    return looksLikeRandomSecret(secret, tokenPrefix);
}

std::string generatePassword(std::size_t length)
{
    // Unambiguous letters and digits (no 0/O, 1/l/I): read aloud or typed from paper.
    static constexpr std::string_view letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    static constexpr std::string_view digits = "23456789";
    initialize();
    std::string password(length, ' ');
    for (auto& c : password) {
        const auto pick = randombytes_uniform(static_cast<std::uint32_t>(letters.size() + digits.size()));
        c = pick < letters.size() ? letters[pick] : digits[pick - letters.size()];
    }
    // Every policy we know asks for letters and digits: a random place gets one of each.
    const auto at = randombytes_uniform(static_cast<std::uint32_t>(length - 1));
    password[at] = letters[randombytes_uniform(static_cast<std::uint32_t>(letters.size()))];
    password[at + 1] = digits[randombytes_uniform(static_cast<std::uint32_t>(digits.size()))];
    return password;
}

TokenHash apiTokenHash(std::string_view secret) noexcept
{
    TokenHash hash;
    crypto_generichash(
        hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
    return hash;
}

} // namespace userservice::detail
