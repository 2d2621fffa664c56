// How a UserService is opened: its database, clock, log, password cost,
// durability, and the plugins and rights modifiers it uses.
#pragma once

#include <userservice/datetime.hpp>
#include <userservice/rights.hpp>

#include <chrono>
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

struct ServiceOptions {
    /// A file path (created when missing, migrated when older) or ":memory:".
    std::string database = "userservice.db";
    Clock clock; ///< default: the system clock
    LogSink log; ///< default: no logging
    PasswordHashing passwordHashing = PasswordHashing::Interactive;
    Durability durability = Durability::ProcessCrash;
    /// How long a write waits for another process that holds the database.
    std::chrono::milliseconds busyTimeout { 10'000 };
    /// Connections kept for concurrent readers (file databases only).
    unsigned readConnections = 4;
    /// Whether calls on behalf of a partner application (CallerContext::appToken) may
    /// manage users. Off: they are refused as Forbidden.
    bool allowPartnerApps = false;
    ForbiddenChanges forbiddenChanges = ForbiddenChanges::Refuse;
    /// Rights plugins' hooks, applied in order; they can only take rights away.
    std::vector<RightsModifier> rightsModifiers;
    /// The plugins whose custom commands, validators, post-save and after-commit
    /// commands and rights modifiers the service uses (none: null).
    std::shared_ptr<PluginRegistry> plugins;
};

} // namespace userservice
