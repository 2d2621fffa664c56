// The PostgreSQL store: transactions and savepoints (with error translation), the
// bounded pool of connections, and the migrations applied at open.
//
// Writes are serialized across every host by a transaction-scoped advisory lock, as
// SQLite serializes its writers: a save reads what it checks and writes it in one
// transaction that no other save interleaves with, so no serialization failure can
// leave a save half-applied, and the unique indexes still settle a race. Reads run
// at REPEATABLE READ: one consistent snapshot, as the Session promises.
#include "../postgresql_store.hpp"

#include "connection.hpp"
#include "pool.hpp"
#include "schema.hpp"
#include "session.hpp"

#include <userservice/error.hpp>

namespace userservice::store {
namespace postgresql {
namespace {

/// The advisory lock every write transaction holds (any number, the same on every host).
constexpr const char* lockWrites = "SELECT pg_advisory_xact_lock(7366021)";

/// A database error as the library reports it. A unique index that the service's own
/// check did not catch (a save on another host at the same moment) is a Conflict.
Error translate(const DatabaseError& e)
{
    if (e.sqlState == "23505") {
        for (auto [index, field] : { std::pair { "users_user_name", "User.UserName" },
                 std::pair { "users_nick_name", "User.NickName" }, std::pair { "users_name", "User.Name" } })
            if (e.constraint == index)
                return Error(ErrorKind::Conflict, std::string(field) + " is already taken",
                    { { field, "is already taken" } }, field);
    }
    if (e.connectionLost) // a restart or a failover: the next call gets a new connection
        return Error(ErrorKind::Unavailable, std::string("PostgreSQL: ") + e.what());
    if (e.sqlState == "40001" || e.sqlState == "40P01")
        return Error(ErrorKind::Internal, "the database could not serialize this transaction; nothing was stored, "
                                          "try again");
    return Error(ErrorKind::Internal, std::string("database error: ") + e.what());
}

/// Runs `work`, then `close` (COMMIT, RELEASE); when either throws, runs `undo` and
/// rethrows, a database error translated. One piece of code for transactions and
/// savepoints.
template <class Work, class Close, class Undo> void guarded(Work&& work, Close&& close, Undo&& undo)
{
    try {
        work();
        close();
    } catch (const DatabaseError& e) {
        undo();
        throw Exception(translate(e));
    } catch (...) {
        undo();
        throw;
    }
}

} // namespace

// A savepoint's name need not be unique: ROLLBACK TO and RELEASE take the innermost
// one of that name, which is the one this call opened.
void PostgresSession::savepoint(const std::function<void()>& work)
{
    c_.exec("SAVEPOINT nested");
    const auto rollback = [&] {
        if (!c_.healthy())
            return; // the transaction is gone with the connection
        c_.exec("ROLLBACK TO SAVEPOINT nested");
        c_.exec("RELEASE SAVEPOINT nested");
    };
    guarded(work, [&] { c_.exec("RELEASE SAVEPOINT nested"); }, rollback);
}

namespace {

[[noreturn]] void failOpen(const PostgresOptions& options, const std::string& problem)
{
    const std::string where = redactedConnection(options.connection);
    throw Exception(Error(ErrorKind::Internal, where + ": " + withoutPassword(problem, options.connection), {}, where));
}

class PostgresStore final : public Store {
public:
    explicit PostgresStore(const PostgresOptions& options)
        : pool_(options)
    {
        try {
            auto lease = pool_.acquire();
            migrate(*lease);
        } catch (const DatabaseError& e) {
            failOpen(options, e.what());
        }
    }

protected:
    void readSession(const Work& work) override
    {
        refuseReentry();
        transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", work);
    }
    void writeSession(const Work& work) override
    {
        refuseReentry();
        struct Writing { // this thread is inside a write of this store while it lasts
            const PostgresStore* outer = writingStore;
            explicit Writing(const PostgresStore* store) { writingStore = store; }
            ~Writing() { writingStore = outer; }
        } scope(this);
        transaction("BEGIN", work, lockWrites);
    }

private:
    /// The store whose write transaction this thread is inside. A transaction begun from
    /// inside it (a plugin calling a UserService it holds, instead of its call's
    /// plugin::Transaction) would wait for the write lock this thread holds: it is
    /// refused with an error that says so, as the SQLite store does.
    static thread_local const PostgresStore* writingStore;

    void refuseReentry() const
    {
        if (writingStore == this)
            throw Exception(Error(ErrorKind::Internal,
                "the service was called from inside one of its own transactions (a custom or post-save command "
                "using a UserService it holds): use the call's plugin::Transaction, which joins that transaction"));
    }

    void transaction(const char* beginSql, const Work& work, const char* lock = nullptr)
    {
        auto lease = begin(beginSql, lock);
        Connection& c = *lease;
        PostgresSession session(c);
        guarded([&] { work(session); }, [&] { c.commit(); }, [&] { c.tryExec("ROLLBACK"); });
    }

    /// A connection inside a new transaction. A pooled connection whose server went
    /// away (a restart) fails at BEGIN, before any work: it is replaced once.
    Pool::Lease begin(const char* beginSql, const char* lock)
    {
        for (int attempt = 0;; ++attempt) {
            try {
                auto lease = pool_.acquire();
                (*lease).exec(beginSql);
                if (lock)
                    (*lease).exec(lock);
                return lease;
            } catch (const DatabaseError& e) {
                if (!e.connectionLost || attempt > 0)
                    throw Exception(translate(e));
            }
        }
    }

    /// Applies the missing migrations in one transaction, under the write lock (another
    /// host may be opening the same database); refuses a newer schema, changing nothing.
    void migrate(Connection& c)
    {
        const auto all = migrations();
        const int latest = all.back().version;
        c.exec("BEGIN");
        try {
            c.exec(lockWrites);
            c.exec("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
            Query q(c, "SELECT coalesce(max(version), 0) FROM schema_version");
            q.step();
            const int current = q.column(0).getInt();
            if (current > latest)
                failOpen(pool_.options(),
                    "the database has schema version " + std::to_string(current) + ", newer than the " +
                        std::to_string(latest) + " this library knows; open it with a newer userservice");
            for (const Migration& migration : all)
                if (migration.version > current)
                    c.exec(std::string(migration.sql));
            if (current < latest)
                c.exec("DELETE FROM schema_version; INSERT INTO schema_version VALUES (" + std::to_string(latest) + ")");
            c.exec("COMMIT");
        } catch (...) {
            c.tryExec("ROLLBACK");
            throw;
        }
    }

    Pool pool_;
};

thread_local const PostgresStore* PostgresStore::writingStore = nullptr;

} // namespace
} // namespace postgresql

std::unique_ptr<Store> openPostgresStore(const PostgresOptions& options)
{
    return std::make_unique<postgresql::PostgresStore>(options);
}

int postgresSchemaVersion() noexcept
{
    return postgresql::migrations().back().version;
}

} // namespace userservice::store
