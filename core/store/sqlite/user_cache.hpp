// The writer's cache of stored users. A save reads the user it changes before it
// writes (rights, forbidden changes and the diff need it), and that read was most of
// an update's own work. The service keeps users here as it read or wrote them in a
// write transaction; SQLite's pre-update hook, which sees every row change on the
// writer's connection (WITHOUT ROWID tables, cascades and triggers too), forgets the
// users a change touches, and another connection's commit forgets them all.
#pragma once

#include <userservice/carriers.hpp>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace userservice::store::sqlite {

class Connection;

class UserCache {
public:
    /// Keeps at most `capacity` users (0: none) and watches the row changes made on `writer`.
    UserCache(Connection& writer, std::size_t capacity);
    ~UserCache();
    UserCache(const UserCache&) = delete;
    UserCache& operator=(const UserCache&) = delete;

    /// At the start of each write transaction: forgets every user when another
    /// connection (another process, another store on the file) committed since the last.
    void begin();
    /// The user as last kept, unless something it is made of was written since.
    std::shared_ptr<const User> find(std::int32_t id) const;
    /// Keeps `user`, as this transaction reads it now; it outlives the transaction only
    /// if the transaction commits.
    void keep(const User& user);
    /// The transaction committed: what it kept stays.
    void commit();
    /// The transaction, or a savepoint in it, rolled back: what it kept is forgotten.
    void rollback();

    std::size_t size() const noexcept { return entries_.size(); }

private:
    /// SQLite's pre-update hook (its sqlite3_int64 is long long).
    static void changing(void* self, sqlite3* db, int op, const char* database, const char* table,
        long long oldKey, long long newKey) noexcept;
    void changed(sqlite3* db, int op, const char* table, long long oldKey, long long newKey);
    void forgetUser(std::int64_t id);
    void forgetPerson(std::int64_t personId);
    void forgetAll() noexcept;

    struct Entry {
        std::shared_ptr<const User> user;
        std::int32_t personId = 0;
    };
    Connection& writer_;
    std::size_t capacity_;
    std::unordered_map<std::int32_t, Entry> entries_;
    std::unordered_multimap<std::int32_t, std::int32_t> usersByPerson_; ///< person id -> user ids
    std::vector<std::int32_t> keptInTransaction_;
    std::int64_t dataVersion_ = -1;
};

} // namespace userservice::store::sqlite
