// The stores a parametrized suite runs on: SQLite always, PostgreSQL when the build has
// it and USERSERVICE_TEST_POSTGRES names a server (scripts/with-postgres.sh starts a
// throwaway one and sets it); without, the PostgreSQL cases skip.
//
//   class MySuite : public ::testing::TestWithParam<Backend> { … databaseFor(GetParam()) … };
//   INSTANTIATE_TEST_SUITE_P(Stores, MySuite, everyBackend, backendName);
#pragma once

#include "store/postgresql_store.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite_store.hpp"
#ifdef USERSERVICE_HAS_POSTGRESQL
#include "store/postgresql/connection.hpp"
#include "store/postgresql/schema.hpp"
#endif

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

enum class Backend { Sqlite, Postgres };

inline const auto everyBackend = ::testing::Values(Backend::Sqlite, Backend::Postgres);

/// The case names' suffix: …/SQLite, …/PostgreSQL (CI filters on the latter).
inline std::string backendName(const ::testing::TestParamInfo<Backend>& info)
{
    return info.param == Backend::Sqlite ? "SQLite" : "PostgreSQL";
}

/// The test server's connection string, or nullptr.
inline const char* testPostgres()
{
#ifdef USERSERVICE_HAS_POSTGRESQL
    const char* uri = std::getenv("USERSERVICE_TEST_POSTGRES");
    return uri && *uri ? uri : nullptr;
#else
    return nullptr;
#endif
}

inline bool available(Backend backend)
{
    return backend == Backend::Sqlite || testPostgres() != nullptr;
}

#define USERSERVICE_SKIP_UNLESS_AVAILABLE(backend)                                                                   \
    if (!available(backend))                                                                                          \
    GTEST_SKIP() << "no PostgreSQL server: run under scripts/with-postgres.sh (or set USERSERVICE_TEST_POSTGRES)"

/// The test server's database, emptied: every table dropped, so that the store that
/// opens it next starts from an empty schema.
inline std::string freshPostgresDatabase()
{
#ifdef USERSERVICE_HAS_POSTGRESQL
    userservice::store::postgresql::Connection connection(testPostgres());
    connection.exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    return testPostgres();
#else
    return {};
#endif
}

/// ServiceOptions::database for a test on `backend`: `sqlite` (a file or ":memory:"),
/// or a fresh PostgreSQL database. An unavailable backend gets `sqlite` (the case skips).
inline std::string databaseFor(Backend backend, std::string sqlite = ":memory:")
{
    return backend == Backend::Postgres && available(backend) ? freshPostgresDatabase() : sqlite;
}

/// A store opened directly, for the store's own tests.
inline std::unique_ptr<userservice::store::Store> openStoreFor(Backend backend, const std::string& sqlitePath)
{
#ifdef USERSERVICE_HAS_POSTGRESQL
    if (backend == Backend::Postgres)
        return userservice::store::openPostgresStore({ .connection = freshPostgresDatabase() });
#endif
    return userservice::store::openSqliteStore({ .path = sqlitePath });
}

/// A database at schema `version` (7 or later: the oldest PostgreSQL has), holding what
/// the SQL `rows` inserts: for a migration's own test. An SQLite file at `sqlitePath`, or
/// the emptied test server.
inline std::string databaseAtVersion(Backend backend, int version, std::string_view rows, const std::string& sqlitePath)
{
#ifdef USERSERVICE_HAS_POSTGRESQL
    if (backend == Backend::Postgres) {
        const std::string database = freshPostgresDatabase();
        userservice::store::postgresql::Connection db(database);
        for (const auto& migration : userservice::store::postgresql::migrations())
            if (migration.version <= version)
                db.exec(std::string(migration.sql));
        db.exec(std::string(rows) + "CREATE TABLE schema_version (version integer NOT NULL); " +
            "INSERT INTO schema_version VALUES (" + std::to_string(version) + ");");
        return database;
    }
#endif
    SQLite::Database db(sqlitePath, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const auto migrations = userservice::store::sqliteMigrations();
    for (int i = 0; i < version; ++i)
        db.exec(std::string(migrations[static_cast<std::size_t>(i)]));
    db.exec(std::string(rows) + "PRAGMA user_version = " + std::to_string(version) + ";");
    return sqlitePath;
}
