// A bounded pool of connections: a connection per concurrent call, at most
// PostgresOptions::connections, opened when first needed and kept while healthy.
#pragma once

#include "../postgresql_store.hpp"
#include "connection.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace userservice::store::postgresql {

class Pool {
public:
    explicit Pool(PostgresOptions options);

    /// A connection lent to one call: back to the pool when it is idle and healthy,
    /// closed otherwise (a failed transaction, a lost server).
    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool)
            , connection_(std::move(connection))
        {
        }
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&& other) noexcept
        {
            giveBack();
            pool_ = other.pool_;
            connection_ = std::move(other.connection_);
            return *this;
        }
        ~Lease() { giveBack(); }
        Connection& operator*() const { return *connection_; }

    private:
        void giveBack() noexcept;
        Pool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    /// A connection, waiting up to busyTimeout for one to be free.
    /// @throws DatabaseError when no connection could be opened, Exception when every
    /// connection stayed busy.
    Lease acquire();

    const PostgresOptions& options() const noexcept { return options_; }

private:
    void release(std::unique_ptr<Connection> connection) noexcept;
    std::unique_ptr<Connection> connect();

    PostgresOptions options_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Connection>> idle_;
    unsigned open_ = 0; ///< lent and idle, and being opened
};

} // namespace userservice::store::postgresql
