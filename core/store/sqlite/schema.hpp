// The SQLite schema as a list of migrations. PRAGMA user_version holds how many
// have been applied; opening a database applies the rest in one transaction.
#pragma once

#include <span>
#include <string_view>

namespace userservice::store {

/// Migration i (0-based) takes the schema from version i to version i + 1.
/// Never edit one that has shipped: add the next.
std::span<const std::string_view> sqliteMigrations() noexcept;

} // namespace userservice::store
