// Streams of records that plugins append about a user (../records_sql.hpp).
#include "session.hpp"

#include "../records_sql.hpp"

namespace userservice::store::postgresql {

std::int64_t PostgresSession::appendRecord(const UserRecord& record)
{
    return appendRecordTo<Query>(c_, record);
}

std::vector<UserRecord> PostgresSession::records(std::string_view stream, std::int32_t userId)
{
    return recordsIn<Query>(c_, stream, userId);
}

} // namespace userservice::store::postgresql
