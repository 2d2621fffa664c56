// The embedded default store: SQLite through SQLiteCpp. This is its one entry point
// for the rest of the library; its parts are in sqlite/, split by table family.
#pragma once

#include "store.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace userservice::store {

struct SqliteOptions {
    std::string path; ///< a file, or ":memory:"
    bool fullSync = false; ///< synchronous=FULL (survives power loss) instead of NORMAL
    std::chrono::milliseconds busyTimeout { 10'000 };
    unsigned readConnections = 4;
    std::size_t cachedUsers = 1000; ///< ServiceOptions::cachedUsers
};

/// Opens the database and migrates it to the current schema.
/// @throws Exception (Internal) naming the file: cannot open, or a newer schema.
std::unique_ptr<Store> openSqliteStore(const SqliteOptions& options);

/// The schema version this library writes.
int sqliteSchemaVersion() noexcept;

} // namespace userservice::store
