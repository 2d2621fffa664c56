#include "pool.hpp"

#include <userservice/error.hpp>

namespace userservice::store::postgresql {

Pool::Pool(PostgresOptions options)
    : options_(std::move(options))
{
    if (options_.connections == 0)
        options_.connections = 1;
}

Pool::Lease Pool::acquire()
{
    {
        std::unique_lock lock(mutex_);
        const bool free = freed_.wait_for(
            lock, options_.busyTimeout, [&] { return !idle_.empty() || open_ < options_.connections; });
        if (!free)
            throw Exception(Error(ErrorKind::Internal,
                "all " + std::to_string(options_.connections) + " connections to PostgreSQL stayed busy for over " +
                    std::to_string(options_.busyTimeout.count()) + " ms"));
        if (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(connection));
        }
        ++open_; // a place taken while connecting, outside the lock
    }
    try {
        return Lease(*this, connect());
    } catch (...) {
        release(nullptr);
        throw;
    }
}

std::unique_ptr<Connection> Pool::connect()
{
    try {
        return std::make_unique<Connection>(options_.connection);
    } catch (const DatabaseError& e) {
        throw DatabaseError(withoutPassword(e.what(), options_.connection), e.sqlState, e.constraint, true);
    }
}

void Pool::release(std::unique_ptr<Connection> connection) noexcept
{
    {
        std::lock_guard lock(mutex_);
        if (connection && connection->idle())
            idle_.push_back(std::move(connection));
        else
            --open_;
    }
    freed_.notify_one();
}

void Pool::Lease::giveBack() noexcept
{
    if (connection_)
        pool_->release(std::move(connection_));
}

} // namespace userservice::store::postgresql
