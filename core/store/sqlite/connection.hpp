// One SQLite connection, its prepared statements, and how values go in and out of
// them. Everything here runs on every query, so it stays inline in this header.
#pragma once

#include "../sqlite_store.hpp"
#include "../ticks.hpp"

#include <userservice/datetime.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace userservice::store::sqlite {

/// One SQLite connection and the statements prepared on it, each prepared once.
class Connection {
public:
    explicit Connection(const SqliteOptions& options);

    /// Switches the connection to the store's settings. Changes the file (WAL mode),
    /// so it comes after the schema version was found to be one we know.
    void configure(const SqliteOptions& options);

    SQLite::Database& db() noexcept { return db_; }
    std::int64_t lastInsertId() const { return db_.getLastInsertRowid(); }

    /// The statement for `sql`, a string with static storage (the cache key is its address).
    SQLite::Statement& statement(const char* sql)
    {
        auto& slot = statements_[sql];
        if (!slot)
            slot = std::make_unique<SQLite::Statement>(db_, sql);
        return *slot;
    }

private:
    SQLite::Database db_;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

/// A reference id to bind: 0 is "none", stored as NULL.
struct Id {
    std::int32_t value;
};

/// Bytes to bind as a blob, without a copy.
struct Blob {
    std::span<const unsigned char> bytes;
};

// Reading a column into a carrier member.
inline void get(const SQLite::Column& column, std::optional<std::string>& out)
{
    if (column.isNull())
        out.reset();
    else
        out.emplace(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
}
inline void get(const SQLite::Column& column, std::string& out)
{
    out.assign(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
}
inline void get(const SQLite::Column& column, std::int32_t& out)
{
    out = column.getInt();
}
inline void get(const SQLite::Column& column, std::int64_t& out)
{
    out = column.getInt64();
}
inline void get(const SQLite::Column& column, bool& out)
{
    out = column.getInt() != 0;
}
template <class E>
requires std::is_enum_v<E>
void get(const SQLite::Column& column, E& out)
{
    out = static_cast<E>(column.getInt64());
}
inline void get(const SQLite::Column& column, DateTime& out)
{
    out = column.isNull() ? DateTime {} : DateTime::parse(column.getText());
}

/// A cached statement in use; reset and unbound when done with.
class Query {
public:
    /// `values` are bound to ?1, ?2, … as by bindAll().
    template <class... Values>
    Query(Connection& connection, const char* sql, Values&&... values)
        : statement_(connection.statement(sql))
    {
        bindAll(std::forward<Values>(values)...);
    }
    Query(const Query&) = delete;
    ~Query()
    {
        statement_.tryReset();
        statement_.clearBindings();
    }

    bool step() { return statement_.executeStep(); }
    void run() { statement_.executeStep(); }
    SQLite::Column column(int index) { return statement_.getColumn(index); }

    /// Binds `values` to ?1, ?2, … in order (see bind() for how each type is stored).
    template <class... Values> void bindAll(Values&&... values)
    {
        [[maybe_unused]] int index = 0;
        (bind(++index, std::forward<Values>(values)), ...);
    }

    /// Reads the columns from `first` on into `outs`, in order.
    template <class... Outs> void readColumns(int first, Outs&... outs) { (get(column(first++), outs), ...); }

    // Binding by position, 1-based as in SQL. Text is bound without a copy: the
    // caller's strings outlive the statement's use.
    void bind(int index, std::int64_t value) { statement_.bind(index, value); }
    void bind(int index, std::int32_t value) { statement_.bind(index, value); }
    void bind(int index, bool value) { statement_.bind(index, value ? 1 : 0); }
    void bind(int index, const std::string& value) { statement_.bindNoCopy(index, value); }
    void bind(int index, std::string&&) = delete; // would dangle: bound without a copy
    void bind(int index, std::optional<std::string>&&) = delete;
    void bind(int index, std::string_view value)
    {
        // Copied, as text: SQLiteCpp's pointer-and-size overload binds a blob.
        statement_.bind(index, std::string(value));
    }
    void bind(int index, const std::optional<std::string>& value)
    {
        if (value)
            bind(index, *value);
        else
            statement_.bind(index);
    }
    template <class E>
    requires std::is_enum_v<E>
    void bind(int index, E value) { statement_.bind(index, static_cast<std::int64_t>(value)); }
    /// As its text; a temporary, so bound with a copy.
    void bind(int index, const DateTime& value) { statement_.bind(index, value.toString()); }
    void bind(int index, Blob blob)
    {
        statement_.bindNoCopy(index, static_cast<const void*>(blob.bytes.data()), static_cast<int>(blob.bytes.size()));
    }
    void bind(int index, Id id)
    {
        if (id.value)
            bind(index, id.value);
        else
            statement_.bind(index);
    }

private:
    SQLite::Statement& statement_;
};

/// Runs a statement that returns no rows, `values` bound to ?1, ?2, ….
template <class... Values> void execute(Connection& connection, const char* sql, Values&&... values)
{
    Query(connection, sql, std::forward<Values>(values)...).run();
}

/// Runs an INSERT, `values` bound to ?1, ?2, …; returns the new row's id.
template <class... Values> std::int64_t insertRow(Connection& connection, const char* sql, Values&&... values)
{
    execute(connection, sql, std::forward<Values>(values)...);
    return connection.lastInsertId();
}

using store::fromTicks;
using store::ticks;

} // namespace userservice::store::sqlite
