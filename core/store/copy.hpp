// Copying a database from one store to another at row level (not through the service's
// save path, which would hash, stamp and number anew): every table, every column.
#pragma once

#include "store.hpp"

#include <userservice/database_copy.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace userservice::store {

/// The schema's tables in the order a copy inserts them: each after the tables it
/// refers to. A table of either schema missing here stops a copy with an error.
std::span<const std::string_view> copyOrder() noexcept;

/// Copies every table of `from` into `to`, which must have no users, in one write
/// transaction of `to` that commits only after every table's rows compare equal.
std::vector<CopiedTable> copyTables(Store& from, Store& to);

} // namespace userservice::store
