// Whole tables as they are stored, for copying a database (../copy.cpp): the schema
// read from the catalog, rows moved as text parameters (bytea in its hex form), and
// identity columns moved past the ids a copy inserted.
#include "session.hpp"

#include "../records_sql.hpp"
#include "../table_sql.hpp"

#include <algorithm>

namespace userservice::store::postgresql {
namespace {

constexpr Oid byteaOid = 17;
/// At most this many parameters in one INSERT (PostgreSQL takes 65535).
constexpr std::size_t parametersPerInsert = 30'000;

std::vector<unsigned char> bytesOf(std::string_view hexText)
{
    const auto digit = [](char c) { return static_cast<unsigned char>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); };
    std::vector<unsigned char> bytes;
    for (std::size_t i = 2; i + 1 < hexText.size(); i += 2) // after the leading \x
        bytes.push_back(static_cast<unsigned char>(digit(hexText[i]) << 4 | digit(hexText[i + 1])));
    return bytes;
}

Cell cell(const Field& field, Oid type)
{
    if (field.isNull())
        return std::monostate {};
    if (field.isInteger())
        return field.getInt64();
    if (type == byteaOid)
        return bytesOf(field.text());
    return field.getString();
}

std::optional<std::string> parameter(const Cell& value)
{
    if (const auto* integer = std::get_if<std::int64_t>(&value))
        return std::to_string(*integer);
    if (const auto* text = std::get_if<std::string>(&value))
        return *text;
    if (const auto* bytes = std::get_if<std::vector<unsigned char>>(&value))
        return byteaText(*bytes);
    return std::nullopt;
}

} // namespace

std::vector<TableColumns> PostgresSession::tables()
{
    const auto result =
        c_.runOnce("SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                   "WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
                   "AND c.relkind IN ('r', 'p') "
                   "AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'schema_version' "
                   "ORDER BY c.relname COLLATE \"C\", a.attnum",
            {});
    std::vector<TableColumns> tables;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        std::string table = PQgetvalue(result.get(), row, 0);
        if (tables.empty() || tables.back().name != table)
            tables.push_back({ std::move(table), {} });
        tables.back().columns.emplace_back(PQgetvalue(result.get(), row, 1));
    }
    return tables;
}

void PostgresSession::scanRows(const TableColumns& table, const std::function<void(const Row&)>& onRow)
{
    const auto result =
        c_.runOnce("SELECT " + columnList(table) + " FROM " + quotedIdentifier(table.name) + " ORDER BY 1", {});
    Row row(table.columns.size());
    for (int r = 0; r < PQntuples(result.get()); ++r) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            const int column = static_cast<int>(i);
            row[i] = cell(Field(result.get(), r, column), PQftype(result.get(), column));
        }
        onRow(row);
    }
}

void PostgresSession::insertRows(const TableColumns& table, std::span<const Row> rows)
{
    // Multi-row INSERTs: one round trip for many rows.
    const std::size_t rowsPerInsert = std::max<std::size_t>(1, parametersPerInsert / table.columns.size());
    const std::string head = "INSERT INTO " + quotedIdentifier(table.name) + " (" + columnList(table) + ") VALUES ";
    for (std::size_t first = 0; first < rows.size(); first += rowsPerInsert) {
        std::string sql = head;
        Parameters parameters;
        for (const auto& row : rows.subspan(first, std::min(rowsPerInsert, rows.size() - first))) {
            sql += parameters.empty() ? "(" : ", (";
            for (std::size_t i = 0; i < row.size(); ++i) {
                sql += i == 0 ? "?" : ", ?";
                parameters.push_back(parameter(row[i]));
            }
            sql += ")";
        }
        c_.runOnce(sql, parameters);
    }
}

void PostgresSession::deleteRows(std::string_view table)
{
    c_.runOnce("DELETE FROM " + quotedIdentifier(table), {});
}

void PostgresSession::advanceIds(std::string_view table)
{
    // An identity column's sequence does not see ids inserted explicitly: the next
    // insert would take id 1 again.
    const std::string name = quotedIdentifier(table);
    const auto identities = c_.runOnce(
        "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attidentity <> '' AND NOT attisdropped",
        { name });
    // A new user's id also passes every user that records are about, as the SQLite store's
    // insertUser does.
    const std::string recordOwners = table == "users" ? ", " + std::string(largestRecordOwnerSql) : "";
    for (int row = 0; row < PQntuples(identities.get()); ++row) {
        const std::string column = PQgetvalue(identities.get(), row, 0);
        const std::string highest = "greatest(coalesce(max(" + quotedIdentifier(column) + "), 0)" + recordOwners + ")";
        c_.runOnce(
            "SELECT setval(pg_get_serial_sequence(?, ?), " + highest + " + 1, false) FROM " + name, { name, column });
    }
}

} // namespace userservice::store::postgresql
