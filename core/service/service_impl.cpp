// Opening the service: its store and its defaults.
#include "service_impl.hpp"

#include "../store/sqlite_store.hpp"

#include <chrono>

namespace userservice {

UserService::Impl::Impl(ServiceOptions options)
    : options_(std::move(options))
    , store_(store::openSqliteStore({ .path = options_.database,
          .fullSync = options_.durability == Durability::PowerLoss,
          .busyTimeout = options_.busyTimeout,
          .readConnections = options_.readConnections }))
    , pluginTexts_(
          [this](std::string_view key, std::string_view language) { return options_.plugins->text(key, language); })
{
    if (!options_.clock)
        options_.clock = [] { return std::chrono::time_point_cast<DateTime::Ticks>(std::chrono::system_clock::now()); };
}

} // namespace userservice
