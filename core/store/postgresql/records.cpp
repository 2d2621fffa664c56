// Streams of records that plugins append about a user (../records_sql.hpp).
#include "session.hpp"

#include "../records_sql.hpp"

namespace userservice::store::postgresql {

std::int64_t PostgresSession::appendRecord(const UserRecord& record)
{
    // One statement, one round trip; writes are serialized (store.cpp), so the id is free.
    const RecordIds ids = recordIdsOf(record.associateId);
    return insertRow(c_,
        "INSERT INTO plugin_records (id, stream, user_id, at, \"by\", body) VALUES "
        "((SELECT coalesce(max(id), ?1) FROM plugin_records WHERE id BETWEEN ?2 AND ?3) + 1, ?4, ?5, ?6, ?7, ?8) "
        "RETURNING id",
        ids.first - 1, ids.first, ids.last, record.stream, record.associateId, ticks(record.at), record.by,
        record.body);
}

std::vector<UserRecord> PostgresSession::records(std::string_view stream, std::int32_t userId)
{
    return recordsIn<Query>(c_, stream, userId);
}

} // namespace userservice::store::postgresql
