// Moving a database from one store to another (a SQLite file to PostgreSQL and back):
// what `usersvc copy` runs, for an application that moves its own database.
#pragma once

#include <userservice/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace userservice {

/// One table a copy moved, and how many rows.
struct CopiedTable {
    std::string table;
    std::int64_t rows = 0;
};

/// Copies every table of database `from` into database `to` (each a file path or a
/// postgresql:// URI, as ServiceOptions::database) row by row, ids, hashes, tokens and
/// stamps as they are, in one transaction of `to`; then compares each table's rows
/// (count and digest) in `to` with `from` before that transaction commits. Both are
/// migrated to this library's schema when opened; `from` must exist, and `to` must have
/// no users (its reference lists, if any, are replaced).
/// @returns the tables in the order they were copied.
/// @throws Exception Conflict when `to` has users; BadRequest when `from` is missing or
/// is `to`; Internal naming the table when a copy or its check fails. In each case `to`
/// is left as it was.
USERSERVICE_API std::vector<CopiedTable> copyDatabase(std::string_view from, std::string_view to);

} // namespace userservice
