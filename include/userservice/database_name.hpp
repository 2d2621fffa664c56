// How a program shows the database it opened: ServiceOptions::database may be a
// PostgreSQL connection string with a password in it.
#pragma once

#include <userservice/export.hpp>

#include <string>
#include <string_view>

namespace userservice {

/// ServiceOptions::database as it may be shown or logged: a postgresql:// or
/// postgres:// connection string's password replaced by "***"; a file path as it is.
USERSERVICE_API std::string databaseForDisplay(std::string_view database);

} // namespace userservice
