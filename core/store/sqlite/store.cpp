// The SQLite store: transactions and savepoints (with busy handling and error
// translation), the writer lock, the pool of read connections, and the migrations
// applied at open.
#include "../sqlite_store.hpp"

#include "connection.hpp"
#include "file_identity.hpp"
#include "schema.hpp"
#include "session.hpp"

#include <userservice/error.hpp>

#include <sqlite3.h>

#include <mutex>
#include <thread>

namespace userservice::store {
namespace sqlite {
namespace {

[[noreturn]] void failOpen(const std::string& path, const std::string& problem)
{
    throw Exception(Error(ErrorKind::Internal, path + ": " + problem, {}, path));
}

bool isBusy(const SQLite::Exception& e)
{
    return (e.getErrorCode() & 0xff) == SQLITE_BUSY || (e.getErrorCode() & 0xff) == SQLITE_LOCKED;
}

/// A database error as the library reports it. A unique index that the service's
/// own check did not catch (a concurrent writer in another process) is a Conflict.
Error translate(const SQLite::Exception& e)
{
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
        const std::string_view text = e.what();
        for (auto [column, field] : { std::pair { "users.user_name", "User.UserName" },
                 std::pair { "users.nick_name", "User.NickName" }, std::pair { "users.name", "User.Name" } })
            if (text.find(column) != std::string_view::npos)
                return Error(ErrorKind::Conflict, std::string(field) + " is already taken",
                    { { field, "is already taken" } }, field);
    }
    return Error(ErrorKind::Internal, std::string("database error: ") + e.what());
}

/// Begins a transaction with `begin`, retrying while another process holds the
/// database; past the busy timeout that becomes a clear error.
void begin(Connection& c, const char* begin, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        try {
            execute(c, begin);
            return;
        } catch (const SQLite::Exception& e) {
            if (!isBusy(e) || std::chrono::steady_clock::now() > deadline)
                throw Exception(Error(ErrorKind::Internal,
                    std::string("the database stayed locked by another process for over ") +
                        std::to_string(timeout.count()) + " ms"));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

/// Runs `work`, then `close` (COMMIT, RELEASE); when either throws, runs `undo` and
/// rethrows, a database error translated. One piece of code for transactions and
/// savepoints.
template <class Work, class Undo> void guarded(Connection& c, const char* close, Work&& work, Undo&& undo)
{
    try {
        work();
        execute(c, close);
    } catch (const SQLite::Exception& e) {
        undo();
        throw Exception(translate(e));
    } catch (...) {
        undo();
        throw;
    }
}

/// Runs `work` in a transaction begun with `beginSql`; commits when it returns,
/// rolls back when it throws. A write transaction tells the writer's `cache` which.
void transaction(Connection& c, const char* beginSql, std::chrono::milliseconds timeout, const Store::Work& work,
    Session& session, UserCache* cache = nullptr)
{
    begin(c, beginSql, timeout);
    if (cache)
        cache->begin();
    const auto rollback = [&] {
        c.db().tryExec("ROLLBACK");
        if (cache)
            cache->rollback();
    };
    const auto run = [&] { work(session); };
    guarded(c, "COMMIT", run, rollback);
    if (cache)
        cache->commit();
}

} // namespace

// A savepoint's name need not be unique: ROLLBACK TO and RELEASE take the
// innermost one of that name, which is the one this call opened.
void SqliteSession::savepoint(const std::function<void()>& work)
{
    execute(c_, "SAVEPOINT nested");
    const auto rollback = [&] {
        execute(c_, "ROLLBACK TO nested");
        execute(c_, "RELEASE nested");
        if (cache_)
            cache_->rollback(); // what it kept may have read the savepoint's writes
    };
    guarded(c_, "RELEASE nested", work, rollback);
}

namespace {

class SqliteStore final : public Store {
public:
    explicit SqliteStore(const SqliteOptions& options)
        : options_(options)
        , memory_(options.path == ":memory:" || options.path.empty())
        , writer_(options)
        , identity_(memory_ ? std::string() : options.path)
    {
        refuseNewerSchema();
        writer_.configure(options_);
        migrate();
    }

protected:
    void readSession(const Work& work) override
    {
        refuseReentry();
        identity_.check();
        if (memory_) { // one connection: reads take their turn with writes
            std::lock_guard lock(writerMutex_);
            SqliteSession session(writer_);
            transaction(writer_, "BEGIN", options_.busyTimeout, work, session);
            return;
        }
        auto connection = acquireReader();
        SqliteSession session(*connection);
        try {
            transaction(*connection, "BEGIN", options_.busyTimeout, work, session);
        } catch (...) {
            releaseReader(std::move(connection));
            throw;
        }
        releaseReader(std::move(connection));
    }

    void writeSession(const Work& work) override
    {
        refuseReentry();
        std::lock_guard lock(writerMutex_);
        identity_.check(); // reads are checked too: a new read connection would create an empty file there
        SqliteSession session(writer_, &cache_);
        struct Writing { // this thread is inside a write of this store while it lasts
            const SqliteStore* outer = writingStore;
            explicit Writing(const SqliteStore* store) { writingStore = store; }
            ~Writing() { writingStore = outer; }
        } scope(this);
        transaction(writer_, "BEGIN IMMEDIATE", options_.busyTimeout, work, session, &cache_);
    }

private:
    /// The store whose write transaction this thread is inside. A new transaction begun
    /// from inside it (a plugin calling a UserService it holds, instead of its call's
    /// plugin::Transaction) would wait for the writer lock this thread holds: it is
    /// refused with an error that says so, never joined behind the caller's back.
    static thread_local const SqliteStore* writingStore;

    void refuseReentry() const
    {
        if (writingStore == this)
            throw Exception(Error(ErrorKind::Internal,
                "the service was called from inside one of its own transactions (a custom or post-save command "
                "using a UserService it holds): use the call's plugin::Transaction, which joins that transaction"));
    }

    /// Reads the schema version without changing the file; a newer one is an error.
    void refuseNewerSchema()
    {
        const int latest = sqliteSchemaVersion();
        const int version = writer_.db().execAndGet("PRAGMA user_version").getInt();
        if (version > latest)
            failOpen(options_.path,
                "the database has schema version " + std::to_string(version) + ", newer than the " +
                    std::to_string(latest) + " this library knows; open it with a newer userservice");
    }

    void migrate()
    {
        const auto migrations = sqliteMigrations();
        const int latest = static_cast<int>(migrations.size());
        std::lock_guard lock(writerMutex_);
        SQLite::Database& db = writer_.db();
        if (db.execAndGet("PRAGMA user_version").getInt() == latest)
            return;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        // Re-read inside the transaction: another process may have migrated meanwhile.
        const int current = db.execAndGet("PRAGMA user_version").getInt();
        for (int i = current; i < latest; ++i)
            db.exec(std::string(migrations[static_cast<std::size_t>(i)]));
        db.exec("PRAGMA user_version = " + std::to_string(latest));
        transaction.commit();
    }

    std::unique_ptr<Connection> acquireReader()
    {
        {
            std::lock_guard lock(poolMutex_);
            if (!idleReaders_.empty()) {
                auto connection = std::move(idleReaders_.back());
                idleReaders_.pop_back();
                return connection;
            }
        }
        auto connection = std::make_unique<Connection>(options_);
        connection->configure(options_);
        return connection;
    }

    void releaseReader(std::unique_ptr<Connection> connection)
    {
        std::lock_guard lock(poolMutex_);
        if (idleReaders_.size() < options_.readConnections)
            idleReaders_.push_back(std::move(connection));
    }

    SqliteOptions options_;
    bool memory_;
    std::mutex writerMutex_;
    Connection writer_;
    FileIdentity identity_; ///< what the path named at open: checked before every transaction
    UserCache cache_ { writer_, options_.cachedUsers }; ///< used only under writerMutex_
    std::mutex poolMutex_;
    std::vector<std::unique_ptr<Connection>> idleReaders_;
};

thread_local const SqliteStore* SqliteStore::writingStore = nullptr;

} // namespace
} // namespace sqlite

std::unique_ptr<Store> openSqliteStore(const SqliteOptions& options)
{
    try {
        return std::make_unique<sqlite::SqliteStore>(options);
    } catch (const SQLite::Exception& e) {
        sqlite::failOpen(options.path, std::string("cannot open the database: ") + e.what());
    }
}

int sqliteSchemaVersion() noexcept
{
    return static_cast<int>(sqliteMigrations().size());
}

} // namespace userservice::store
