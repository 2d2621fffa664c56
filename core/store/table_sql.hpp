// SQL for whole tables whose names come from the schema itself (copying a database):
// the same text on both stores.
#pragma once

#include "store.hpp"

#include <string>
#include <string_view>

namespace userservice::store {

/// A name from the schema, quoted as an SQL identifier ("by" is a keyword in PostgreSQL).
inline std::string quotedIdentifier(std::string_view name)
{
    std::string text = "\"";
    for (const char c : name)
        text += c == '"' ? std::string("\"\"") : std::string(1, c);
    return text + "\"";
}

/// The table's columns, quoted, separated by commas.
inline std::string columnList(const TableColumns& table)
{
    std::string list;
    for (const auto& column : table.columns)
        list += (list.empty() ? "" : ", ") + quotedIdentifier(column);
    return list;
}

} // namespace userservice::store
