// Streams of records that plugins append about a user (../records_sql.hpp).
#include "session.hpp"

#include "../records_sql.hpp"

namespace userservice::store::sqlite {

std::int64_t SqliteSession::appendRecord(const UserRecord& record)
{
    // Two statements: one INSERT with the look-up as a subquery costs SQLite more.
    const RecordIds ids = recordIdsOf(record.associateId);
    std::int64_t last = ids.first - 1;
    if (Query q(c_, "SELECT id FROM plugin_records WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC LIMIT 1", ids.first,
            ids.last);
        q.step())
        q.readColumns(0, last);
    execute(c_, "INSERT INTO plugin_records (id, stream, user_id, at, by, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        last + 1, record.stream, record.associateId, ticks(record.at), record.by, record.body);
    return last + 1;
}

std::vector<UserRecord> SqliteSession::records(std::string_view stream, std::int32_t userId)
{
    return recordsIn<Query>(c_, stream, userId);
}

} // namespace userservice::store::sqlite
