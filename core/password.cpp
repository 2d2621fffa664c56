#include "password.hpp"

#include <sodium.h>

#include <array>
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

} // namespace userservice::detail
