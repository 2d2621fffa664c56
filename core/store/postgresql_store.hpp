// The PostgreSQL store: several hosts on one database server. Its one entry point for
// the rest of the library; its parts are in postgresql/, split as sqlite/ is.
#pragma once

#include "store.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace userservice::store {

struct PostgresOptions {
    std::string connection; ///< a postgresql:// URI or a libpq key=value string
    unsigned connections = 5; ///< at most this many at once (one per concurrent call)
    std::chrono::milliseconds busyTimeout { 10'000 }; ///< how long a call waits for a free connection
};

/// Whether `database` names a PostgreSQL database (postgresql:// or postgres://).
bool isPostgresUri(std::string_view database) noexcept;

/// The connection string with its password replaced by "***", for messages.
std::string redactedConnection(std::string_view connection);
/// `message` with the connection string's password, if it has one, replaced by "***".
std::string withoutPassword(std::string message, std::string_view connection);

/// Connects and migrates the database to the current schema in one transaction.
/// @throws Exception (Internal) naming the database without its password: cannot
/// connect, or a newer schema.
std::unique_ptr<Store> openPostgresStore(const PostgresOptions& options);

/// The schema version this library writes (the same numbers as the SQLite store's).
int postgresSchemaVersion() noexcept;

} // namespace userservice::store
