#include "connection.hpp"

namespace userservice::store::postgresql {
namespace {

constexpr Oid int2Oid = 21, int4Oid = 23, int8Oid = 20;

/// The server's message, first line only (the rest repeats the statement).
std::string firstLine(const char* message)
{
    std::string text = message ? message : "";
    if (const auto end = text.find('\n'); end != std::string::npos)
        text.resize(end);
    return text;
}

std::string field(const PGresult* result, int code)
{
    const char* value = PQresultErrorField(result, code);
    return value ? value : "";
}

/// libpq's view of the parameters: pointers into `parameters`, nullptr for NULL.
std::vector<const char*> values(const Parameters& parameters)
{
    std::vector<const char*> out;
    out.reserve(parameters.size());
    for (const auto& value : parameters)
        out.push_back(value ? value->c_str() : nullptr);
    return out;
}

} // namespace

std::string numberedPlaceholders(std::string_view sql)
{
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'')
            quoted = !quoted;
        if (c != '?' || quoted) {
            out += c;
            continue;
        }
        out += '$';
        if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
            continue; // "?N": the digits follow as they are
        out += std::to_string(++next);
    }
    return out;
}

Connection::Connection(const std::string& connection)
    : conn_(PQconnectdb(connection.c_str()))
{
    if (!conn_)
        throw DatabaseError("out of memory", "", "", true);
    if (PQstatus(conn_.get()) != CONNECTION_OK)
        throw DatabaseError("cannot connect: " + firstLine(PQerrorMessage(conn_.get())), "", "", true);
    // Notices (such as "relation already exists, skipping") are not errors: no stderr.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
}

Result Connection::check(PGresult* raw)
{
    Result result(raw);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    const bool lost = !healthy();
    if (!result || lost)
        throw DatabaseError(lost ? "the connection to the server was lost; the transaction was not committed"
                                 : firstLine(PQerrorMessage(conn_.get())),
            result ? field(result.get(), PG_DIAG_SQLSTATE) : "", "", lost);
    throw DatabaseError(firstLine(PQresultErrorMessage(result.get())), field(result.get(), PG_DIAG_SQLSTATE),
        field(result.get(), PG_DIAG_CONSTRAINT_NAME), false);
}

void Connection::exec(const std::string& sql)
{
    check(PQexec(conn_.get(), sql.c_str()));
}

void Connection::commit()
{
    Result result;
    try {
        result = check(PQexec(conn_.get(), "COMMIT"));
    } catch (const DatabaseError& e) {
        if (!e.connectionLost)
            throw;
        throw DatabaseError("the connection to the server was lost during COMMIT: whether the transaction was "
                            "stored is unknown",
            "08006", "", true);
    }
    if (std::string_view(PQcmdStatus(result.get())) != "COMMIT")
        throw DatabaseError("the transaction was rolled back: one of its statements had failed", "25P02", "", false);
}

Result Connection::run(const char* sql, const Parameters& parameters)
{
    auto slot = prepared_.find(sql);
    if (slot == prepared_.end()) {
        std::string name = "s" + std::to_string(prepared_.size());
        check(PQprepare(conn_.get(), name.c_str(), numberedPlaceholders(sql).c_str(), 0, nullptr));
        slot = prepared_.emplace(sql, std::move(name)).first;
    }
    const auto pointers = values(parameters);
    return check(PQexecPrepared(conn_.get(), slot->second.c_str(), static_cast<int>(pointers.size()),
        pointers.data(), nullptr, nullptr, 0));
}

Result Connection::runOnce(const std::string& sql, const Parameters& parameters)
{
    const auto pointers = values(parameters);
    return check(PQexecParams(conn_.get(), numberedPlaceholders(sql).c_str(), static_cast<int>(pointers.size()),
        nullptr, pointers.data(), nullptr, nullptr, 0));
}

bool Field::isInteger() const
{
    const Oid type = PQftype(result_, column_);
    return type == int2Oid || type == int4Oid || type == int8Oid;
}

std::string byteaText(std::span<const unsigned char> bytes)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string text = "\\x";
    for (const unsigned char byte : bytes) {
        text += hex[byte >> 4];
        text += hex[byte & 0xf];
    }
    return text;
}

void Query::bind(int index, Blob blob)
{
    set(index, byteaText(blob.bytes));
}

} // namespace userservice::store::postgresql
