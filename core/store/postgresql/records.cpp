// Streams of records that plugins append about a user.
#include "session.hpp"

namespace userservice::store::postgresql {

std::int64_t PostgresSession::appendRecord(const UserRecord& record)
{
    return insertRow(c_, "INSERT INTO plugin_records (stream, user_id, at, \"by\", body) VALUES (?, ?, ?, ?, ?) RETURNING id",
        record.stream, record.associateId, ticks(record.at), record.by, record.body);
}

std::vector<UserRecord> PostgresSession::records(std::string_view stream, std::int32_t userId)
{
    Query q(
        c_, "SELECT id, at, \"by\", body FROM plugin_records WHERE stream = ? AND user_id = ? ORDER BY id", stream, userId);
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

} // namespace userservice::store::postgresql
