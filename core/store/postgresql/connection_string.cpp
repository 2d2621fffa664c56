// Connection strings: which databases are PostgreSQL's, and how to name one in a
// message without its password.
#include "../postgresql_store.hpp"

#include <algorithm>

#include <utility>
#include <vector>

namespace userservice::store {
namespace {

/// Where the passwords are in a URI (user:password@…, ?password=…) or a key=value
/// string (password=…, quoted or not): offset and length of each value.
std::vector<std::pair<std::size_t, std::size_t>> passwordSpans(std::string_view connection)
{
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    if (isPostgresUri(connection)) {
        const std::size_t start = connection.find("://") + 3;
        const std::size_t end = std::min(connection.find_first_of("/?", start), connection.size());
        const std::size_t at = connection.substr(0, end).rfind('@');
        const std::size_t colon = connection.substr(0, end).find(':', start);
        if (at != std::string_view::npos && at > start && colon < at)
            spans.emplace_back(colon + 1, at - colon - 1);
    }
    for (std::size_t key = connection.find("password"); key != std::string_view::npos;
         key = connection.find("password", key + 1)) {
        std::size_t value = connection.find_first_not_of(' ', key + 8);
        if (value == std::string_view::npos || connection[value] != '=')
            continue;
        value = connection.find_first_not_of(' ', value + 1);
        if (value == std::string_view::npos)
            break;
        const bool quoted = connection[value] == '\'';
        const std::size_t from = value + (quoted ? 1 : 0);
        std::size_t end = from;
        while (end < connection.size() &&
            (quoted ? connection[end] != '\'' : connection[end] != '&' && connection[end] != ' '))
            end += connection[end] == '\\' ? 2 : 1;
        spans.emplace_back(from, std::min(end, connection.size()) - from);
    }
    return spans;
}

} // namespace

bool isPostgresUri(std::string_view database) noexcept
{
    return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::string redactedConnection(std::string_view connection)
{
    std::string out(connection);
    auto spans = passwordSpans(connection);
    // From the last one, so that the earlier offsets stay right.
    for (auto span = spans.rbegin(); span != spans.rend(); ++span)
        out.replace(span->first, span->second, "***");
    return out;
}

std::string withoutPassword(std::string message, std::string_view connection)
{
    for (const auto& [offset, length] : passwordSpans(connection)) {
        const std::string password(connection.substr(offset, length));
        if (password.empty())
            continue;
        for (std::size_t at = message.find(password); at != std::string::npos; at = message.find(password, at + 3))
            message.replace(at, password.size(), "***");
    }
    return message;
}

} // namespace userservice::store
