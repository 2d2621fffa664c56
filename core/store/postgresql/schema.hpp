// The PostgreSQL schema as a list of migrations; the table schema_version holds the
// version reached. Opening a database applies the rest in one transaction.
#pragma once

#include <span>
#include <string_view>

namespace userservice::store::postgresql {

struct Migration {
    int version; ///< the schema version it takes the database to
    std::string_view sql;
};

/// In order. Never edit one that has shipped: add the next.
std::span<const Migration> migrations() noexcept;

} // namespace userservice::store::postgresql
