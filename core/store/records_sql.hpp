// Records that plugins keep about users (plugin_records): what both stores share of them.
// A record's id is its user's id times 2^32 plus its place among that user's records
// (1, 2, …), so a user's records are one range of the primary key: appending one writes
// a single B-tree, and reading them needs no other index. Each store appends in its own
// records.cpp (SQLite in two statements, PostgreSQL in one round trip).
#pragma once

#include "ticks.hpp"

#include <userservice/user_records.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace userservice::store {

/// The ids a user's records may take (the schema's plugin_records_id_in_user_range). A
/// record is appended after the user's last; a user with 2^32 - 1 records fails that CHECK
/// rather than spilling into the next user's range.
struct RecordIds {
    std::int64_t first;
    std::int64_t last;
};

constexpr RecordIds recordIdsOf(std::int32_t userId) noexcept
{
    constexpr std::int64_t perUser = std::int64_t { 1 } << 32;
    return { userId * perUser + 1, userId * perUser + perUser - 1 };
}

/// The largest id of a user that records are about (0: none), as an SQL expression. A new
/// user's id passes it: a deleted user's records must not become the next user's.
inline constexpr std::string_view largestRecordOwnerSql = "(SELECT coalesce(max(id), 0) >> 32 FROM plugin_records)";

/// A stream's records about a user, oldest first.
template <class Query, class Connection>
std::vector<UserRecord> recordsIn(Connection& c, std::string_view stream, std::int32_t userId)
{
    const RecordIds ids = recordIdsOf(userId);
    Query q(c, "SELECT id, at, \"by\", body FROM plugin_records WHERE id BETWEEN ?1 AND ?2 AND stream = ?3 ORDER BY id",
        ids.first, ids.last, stream);
    std::vector<UserRecord> out;
    while (q.step()) {
        UserRecord& record = out.emplace_back();
        std::int64_t at = 0;
        q.readColumns(0, record.id, at, record.by, record.body);
        record.stream = std::string(stream);
        record.associateId = userId;
        record.at = fromTicks(at);
    }
    return out;
}

} // namespace userservice::store
