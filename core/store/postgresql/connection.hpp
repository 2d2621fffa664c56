// A small RAII layer over libpq: a connection, a result, prepared statements with
// text parameters, and how values go in and out of them. libpq directly, not libpqxx:
// Debian's libpqxx (6.4) predates the API its documentation now describes, and this
// store needs little (text parameters, a statement cache, SQLSTATEs).
#pragma once

#include "../ticks.hpp"

#include <userservice/datetime.hpp>

#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace userservice::store::postgresql {

/// An error of the server or of the connection, with its SQLSTATE ("" when the
/// connection failed). Its message never holds the connection string.
class DatabaseError : public std::runtime_error {
public:
    DatabaseError(std::string message, std::string sqlState, std::string constraint, bool connectionLost)
        : std::runtime_error(std::move(message))
        , sqlState(std::move(sqlState))
        , constraint(std::move(constraint))
        , connectionLost(connectionLost)
    {
    }
    std::string sqlState;
    std::string constraint; ///< the violated constraint or index, when there is one
    bool connectionLost;
};

struct ResultDeleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

/// Text parameters: nullopt is NULL.
using Parameters = std::vector<std::optional<std::string>>;

/// "?" and "?N" placeholders (as the SQLite store writes them) to PostgreSQL's "$N",
/// outside quoted text.
std::string numberedPlaceholders(std::string_view sql);

/// One connection and the statements prepared on it, each prepared once.
class Connection {
public:
    explicit Connection(const std::string& connection);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool healthy() const noexcept { return PQstatus(conn_.get()) == CONNECTION_OK; }
    /// Healthy and outside any transaction: fit to be used again.
    bool idle() const noexcept { return healthy() && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }
    /// Runs SQL text, ignoring any error (a ROLLBACK on the way out of a failure).
    void tryExec(const char* sql) noexcept { PQclear(PQexec(conn_.get(), sql)); }
    /// Runs SQL text (several statements allowed, no parameters).
    void exec(const std::string& sql);
    /// COMMIT, which PostgreSQL turns into a ROLLBACK when a statement of the
    /// transaction failed: that is an error here, never a silent loss.
    void commit();
    /// Runs `sql` (a string with static storage: the cache key is its address) as a
    /// prepared statement.
    Result run(const char* sql, const Parameters& parameters);
    /// Runs SQL built for one call, unprepared.
    Result runOnce(const std::string& sql, const Parameters& parameters);

private:
    struct Closer {
        void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
    };
    Result check(PGresult* result);

    std::unique_ptr<PGconn, Closer> conn_;
    std::unordered_map<const char*, std::string> prepared_; ///< SQL address -> statement name
};

/// A reference id to bind: 0 is "none", stored as NULL.
struct Id {
    std::int32_t value;
};

/// Bytes to bind as bytea.
struct Blob {
    std::span<const unsigned char> bytes;
};

/// Bytes as bytea's text form (\x and two hex digits a byte), for a text parameter.
std::string byteaText(std::span<const unsigned char> bytes);

/// One value of a result row, as text.
class Field {
public:
    Field(const PGresult* result, int row, int column)
        : result_(result)
        , row_(row)
        , column_(column)
    {
    }
    bool isNull() const { return PQgetisnull(result_, row_, column_) != 0; }
    std::string_view text() const
    {
        return { PQgetvalue(result_, row_, column_), static_cast<std::size_t>(PQgetlength(result_, row_, column_)) };
    }
    std::string getString() const { return std::string(text()); }
    std::int64_t getInt64() const
    {
        const auto t = text();
        if (t == "t" || t == "f") // a boolean expression
            return t == "t";
        std::int64_t value = 0;
        std::from_chars(t.data(), t.data() + t.size(), value);
        return value;
    }
    std::int32_t getInt() const { return static_cast<std::int32_t>(getInt64()); }
    /// Whether the column is of an integer type (else it is read as text).
    bool isInteger() const;

private:
    const PGresult* result_;
    int row_;
    int column_;
};

inline void get(const Field& field, std::optional<std::string>& out)
{
    if (field.isNull())
        out.reset();
    else
        out.emplace(field.text());
}
inline void get(const Field& field, std::string& out)
{
    out.assign(field.text());
}
inline void get(const Field& field, std::int32_t& out)
{
    out = field.getInt();
}
inline void get(const Field& field, std::int64_t& out)
{
    out = field.getInt64();
}
inline void get(const Field& field, bool& out)
{
    out = field.getInt64() != 0;
}
template <class E>
requires std::is_enum_v<E>
void get(const Field& field, E& out)
{
    out = static_cast<E>(field.getInt64());
}
inline void get(const Field& field, DateTime& out)
{
    out = field.isNull() ? DateTime {} : DateTime::parse(field.getString());
}

/// A prepared statement run with its values; step() walks the rows.
class Query {
public:
    /// `values` are bound to ?1, ?2, … as by bindAll().
    template <class... Values>
    Query(Connection& connection, const char* sql, Values&&... values)
        : connection_(connection)
        , sql_(sql)
    {
        bindAll(std::forward<Values>(values)...);
    }
    Query(const Query&) = delete;

    /// Runs the statement on the first call; then whether there is a next row.
    bool step()
    {
        if (!result_)
            run();
        return ++row_ < PQntuples(result_.get());
    }
    void run() { result_ = connection_.run(sql_, parameters_); }
    /// Rows an INSERT, UPDATE or DELETE changed.
    std::int64_t changes() const
    {
        const std::string_view count = PQcmdTuples(result_.get());
        std::int64_t value = 0;
        std::from_chars(count.data(), count.data() + count.size(), value);
        return value;
    }
    Field column(int index) const { return { result_.get(), row_, index }; }

    template <class... Values> void bindAll(Values&&... values)
    {
        [[maybe_unused]] int index = 0;
        (bind(++index, std::forward<Values>(values)), ...);
    }
    template <class... Outs> void readColumns(int first, Outs&... outs) { (get(column(first++), outs), ...); }

    // Binding by position, 1-based as in SQL; every value goes as text.
    void bind(int index, std::int64_t value) { set(index, std::to_string(value)); }
    void bind(int index, std::int32_t value) { set(index, std::to_string(value)); }
    void bind(int index, bool value) { set(index, value ? "1" : "0"); }
    void bind(int index, std::string_view value) { set(index, std::string(value)); }
    void bind(int index, const std::string& value) { set(index, value); }
    void bind(int index, const std::optional<std::string>& value) { set(index, value); }
    template <class E>
    requires std::is_enum_v<E>
    void bind(int index, E value) { bind(index, static_cast<std::int64_t>(value)); }
    /// As its text, as the SQLite store keeps it.
    void bind(int index, const DateTime& value) { set(index, value.toString()); }
    void bind(int index, Blob blob);
    void bind(int index, Id id) { set(index, id.value ? std::optional(std::to_string(id.value)) : std::nullopt); }

private:
    void set(int index, std::optional<std::string> value)
    {
        if (parameters_.size() < static_cast<std::size_t>(index))
            parameters_.resize(static_cast<std::size_t>(index));
        parameters_[static_cast<std::size_t>(index - 1)] = std::move(value);
    }

    Connection& connection_;
    const char* sql_;
    Parameters parameters_;
    Result result_;
    int row_ = -1;
};

/// Runs a statement that returns no rows; returns how many rows it changed.
template <class... Values> std::int64_t execute(Connection& connection, const char* sql, Values&&... values)
{
    Query q(connection, sql, std::forward<Values>(values)...);
    q.run();
    return q.changes();
}

/// Runs an INSERT … RETURNING id; returns the new row's id.
template <class... Values> std::int64_t insertRow(Connection& connection, const char* sql, Values&&... values)
{
    Query q(connection, sql, std::forward<Values>(values)...);
    q.step();
    return q.column(0).getInt64();
}

using store::fromTicks;
using store::ticks;

} // namespace userservice::store::postgresql
