// How a UserService is opened: its database, clock, log, password cost,
// durability, and the plugins and rights modifiers it uses.
#pragma once

#include <userservice/datetime.hpp>
#include <userservice/rights.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace userservice {

class PluginRegistry;

enum class LogLevel { Debug, Info, Warning, Error };

/// Receives the service's log lines. They never contain a secret.
using LogSink = std::function<void(LogLevel level, std::string_view message)>;

/// The current time; injectable so that tests control the stamps.
using Clock = std::function<DateTime::UtcTime()>;

/// Cost of the Argon2id password hash (libsodium's presets).
enum class PasswordHashing {
    Interactive, ///< ~64 MiB, tens of milliseconds: logins (the default)
    Moderate, ///< ~256 MiB
    Sensitive, ///< ~1 GiB
    Minimal, ///< the smallest Argon2id allows: for tests only, never for real passwords
};

/// What a save does with changes to fields the caller may not write.
enum class ForbiddenChanges {
    Refuse, ///< a Forbidden error listing every such field with its reason; nothing is saved (the default)
    Strip, ///< saves the rest, keeps the stored values, and reports the stripped fields
};

/// What a returned save survives.
enum class Durability {
    ProcessCrash, ///< SQLite synchronous=NORMAL in WAL mode: a killed process loses nothing (the default)
    PowerLoss, ///< synchronous=FULL: also an OS crash or power cut, at several times the cost per save
};

/// Argon2id work (hashing new passwords, verifying sign-ins) runs in a few slots shared
/// by the whole service, so that password guessing cannot take every core and stall
/// everyone else's calls.
struct PasswordWork {
    unsigned slots = 0; ///< concurrent Argon2id computations; 0: half the cores, at least 1
    /// Calls that may wait for a slot; one more is Unavailable (503) at once.
    unsigned queue = 4;
    /// How long a call waits for a slot before it is Unavailable (503, Retry-After).
    std::chrono::milliseconds wait { 2'000 };
};

/// How busy the password slots are, and how much they have done (since the service opened).
struct PasswordWorkLoad {
    unsigned slots = 0; ///< PasswordWork::slots, resolved
    unsigned queue = 0; ///< PasswordWork::queue
    unsigned busy = 0; ///< computing now
    unsigned waiting = 0; ///< waiting for a slot now
    std::uint64_t done = 0; ///< Argon2id hashes and verifications computed
    std::uint64_t refused = 0; ///< calls refused as Unavailable (queue full or waited too long)
};

/// Failed sign-ins (authenticatePassword) slow down and then lock out the client address
/// and the user name they came with. Each failure past the free ones locks its keys for
/// twice as long as the one before (firstLockout, 2x, 4x, … up to longestLockout); a
/// locked key is refused as TooManyRequests (429) without any Argon2id work, whatever the
/// password. A success clears its user name's failures (not its address's: one good
/// account would otherwise reset an attacker's count); a key quiet for longestLockout
/// starts again from zero.
struct LoginThrottling {
    unsigned freeFailuresPerName = 5; ///< 0: names are not throttled
    unsigned freeFailuresPerAddress = 20; ///< 0: addresses are not throttled (NAT: many people, one address)
    std::chrono::milliseconds firstLockout { 1'000 };
    std::chrono::milliseconds longestLockout { 15 * 60'000 };
    /// Names and addresses remembered, each; past this the longest quiet is forgotten.
    std::size_t trackedKeys = 10'000;
};

struct ServiceOptions {
    /// A SQLite file path (created when missing, migrated when older) or ":memory:", or
    /// a PostgreSQL database as a libpq URI: postgresql://user@host:5432/db?sslmode=require
    /// (a password in it never appears in messages). README, "Storage".
    std::string database = "userservice.db";
    Clock clock; ///< default: the system clock
    LogSink log; ///< default: no logging
    PasswordHashing passwordHashing = PasswordHashing::Interactive;
    Durability durability = Durability::ProcessCrash;
    /// How long a write waits for another process that holds the database.
    std::chrono::milliseconds busyTimeout { 10'000 };
    /// Connections kept for concurrent readers (SQLite); on PostgreSQL the pool holds
    /// this many plus one for the writer.
    unsigned readConnections = 4;
    /// How many stored users a SQLite writer keeps between saves (0: none), so that an
    /// update need not read the user it changes: ~4.5 KB each (a user in every list).
    /// Any change to what a user is made of forgets it, and another process's write
    /// forgets them all. PostgreSQL keeps none (several hosts write to it). README, "Storage".
    std::size_t cachedUsers = 1000;
    /// Whether calls on behalf of a partner application (CallerContext::appToken) may
    /// manage users. Off: they are refused as Forbidden.
    bool allowPartnerApps = false;
    ForbiddenChanges forbiddenChanges = ForbiddenChanges::Refuse;
    /// Rights plugins' hooks, applied in order; they can only take rights away.
    std::vector<RightsModifier> rightsModifiers;
    /// The plugins whose custom commands, validators, post-save and after-commit
    /// commands and rights modifiers the service uses (none: null).
    std::shared_ptr<PluginRegistry> plugins;
    PasswordWork passwordWork;
    LoginThrottling loginThrottling;
};

} // namespace userservice
