// Opening the service: its store and its defaults.
#include "service_impl.hpp"

#include "../store/copy.hpp"
#include "../store/postgresql_store.hpp"
#include "../store/sqlite_store.hpp"

#include <userservice/database_copy.hpp>
#include <userservice/database_name.hpp>
#include <userservice/error.hpp>

#include <chrono>
#include <filesystem>

namespace userservice {
namespace {

/// The store the database names: a postgresql:// URI, or a SQLite file.
std::unique_ptr<store::Store> openStore(const ServiceOptions& options)
{
    if (store::isPostgresUri(options.database)) {
#ifdef USERSERVICE_HAS_POSTGRESQL
        // A connection per concurrent call: the readers' and the writer's.
        return store::openPostgresStore({ .connection = options.database,
            .connections = options.readConnections + 1,
            .busyTimeout = options.busyTimeout });
#else
        throw Exception(Error(ErrorKind::Internal,
            "this userservice was built without the PostgreSQL store (USERSERVICE_POSTGRESQL)", {},
            store::redactedConnection(options.database)));
#endif
    }
    return store::openSqliteStore({ .path = options.database,
        .fullSync = options.durability == Durability::PowerLoss,
        .busyTimeout = options.busyTimeout,
        .readConnections = options.readConnections,
        .cachedUsers = options.cachedUsers });
}

} // namespace

std::string databaseForDisplay(std::string_view database)
{
    return store::isPostgresUri(database) ? store::redactedConnection(database) : std::string(database);
}

std::vector<CopiedTable> copyDatabase(std::string_view from, std::string_view to)
{
    if (from == to)
        throw Exception(Error(ErrorKind::BadRequest, "the copy's source and destination are one database", {}, "--to"));
    // A SQLite file that is not there would be created empty: a typo copying nothing.
    if (!store::isPostgresUri(from) && !std::filesystem::exists(std::filesystem::path(from)))
        throw Exception(Error(ErrorKind::BadRequest, "there is no database " + std::string(from), {}, "--from"));
    ServiceOptions source, destination;
    source.database = from;
    destination.database = to;
    return store::copyTables(*openStore(source), *openStore(destination));
}

UserService::Impl::Impl(ServiceOptions options)
    : options_(std::move(options))
    , store_(openStore(options_))
    , pluginTexts_(
          [this](std::string_view key, std::string_view language) { return options_.plugins->text(key, language); })
{
    if (!options_.clock)
        options_.clock = [] { return std::chrono::time_point_cast<DateTime::Ticks>(std::chrono::system_clock::now()); };
}

} // namespace userservice
