#include "connection.hpp"

namespace userservice::store::sqlite {

Connection::Connection(const SqliteOptions& options)
    : db_(options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
          static_cast<int>(options.busyTimeout.count()))
{
}

void Connection::configure(const SqliteOptions& options)
{
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA foreign_keys = ON");
    db_.exec(options.fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

} // namespace userservice::store::sqlite
