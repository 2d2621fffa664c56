// Whole tables as they are stored, for copying a database (../copy.cpp): the schema
// read from sqlite_master, rows moved with their SQLite storage class.
#include "session.hpp"

#include "../table_sql.hpp"

#include <sqlite3.h>

namespace userservice::store::sqlite {
namespace {

Cell cell(const SQLite::Column& column)
{
    switch (column.getType()) {
    case SQLITE_NULL:
        return std::monostate {};
    case SQLITE_INTEGER:
        return column.getInt64();
    case SQLITE_BLOB: {
        const auto* bytes = static_cast<const unsigned char*>(column.getBlob());
        return std::vector<unsigned char>(bytes, bytes + column.getBytes());
    }
    default: // text (and a real, which this schema has none of, as its text)
        return column.getString();
    }
}

void bindCell(SQLite::Statement& statement, int index, const Cell& value)
{
    if (const auto* integer = std::get_if<std::int64_t>(&value))
        statement.bind(index, *integer);
    else if (const auto* text = std::get_if<std::string>(&value))
        statement.bindNoCopy(index, *text);
    else if (const auto* bytes = std::get_if<std::vector<unsigned char>>(&value))
        statement.bindNoCopy(index, bytes->data(), static_cast<int>(bytes->size()));
    else
        statement.bind(index);
}

} // namespace

std::vector<TableColumns> SqliteSession::tables()
{
    SQLite::Statement q(c_.db(),
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid");
    std::vector<TableColumns> tables;
    while (q.executeStep()) {
        std::string table = q.getColumn(0).getString();
        if (tables.empty() || tables.back().name != table)
            tables.push_back({ std::move(table), {} });
        tables.back().columns.push_back(q.getColumn(1).getString());
    }
    return tables;
}

void SqliteSession::scanRows(const TableColumns& table, const std::function<void(const Row&)>& onRow)
{
    SQLite::Statement q(
        c_.db(), "SELECT " + columnList(table) + " FROM " + quotedIdentifier(table.name) + " ORDER BY 1");
    Row row(table.columns.size());
    while (q.executeStep()) {
        for (std::size_t i = 0; i < row.size(); ++i)
            row[i] = cell(q.getColumn(static_cast<int>(i)));
        onRow(row);
    }
}

void SqliteSession::insertRows(const TableColumns& table, std::span<const Row> rows)
{
    std::string places;
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        places += i == 0 ? "?" : ", ?";
    SQLite::Statement q(c_.db(),
        "INSERT INTO " + quotedIdentifier(table.name) + " (" + columnList(table) + ") VALUES (" + places + ")");
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            bindCell(q, static_cast<int>(i + 1), row[i]);
        q.exec();
        q.reset();
    }
}

void SqliteSession::deleteRows(std::string_view table)
{
    c_.db().exec("DELETE FROM " + quotedIdentifier(table));
}

void SqliteSession::advanceIds(std::string_view)
{
    // Nothing to move: a rowid (and AUTOINCREMENT's sqlite_sequence) follows the ids inserted.
}

} // namespace userservice::store::sqlite
