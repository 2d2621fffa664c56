// Look-ups of users by person and by eJournal id, and of a person by id.
#include "person_sql.hpp"
#include "session.hpp"

namespace userservice::store::sqlite {
namespace {

std::vector<std::int32_t> ids(Query& q)
{
    std::vector<std::int32_t> out;
    while (q.step())
        out.push_back(q.column(0).getInt());
    return out;
}

} // namespace

std::vector<std::int32_t> SqliteSession::userIdsByPerson(std::int32_t personId)
{
    Query q(c_, "SELECT id FROM users WHERE person_id = ? ORDER BY id", personId);
    return ids(q);
}

std::vector<std::int32_t> SqliteSession::userIdsByEjUserId(std::int32_t ejUserId)
{
    // "<> 0" lets SQLite use the partial index (0 means "no eJournal user").
    Query q(c_, "SELECT id FROM users WHERE ej_user_id = ? AND ej_user_id <> 0 ORDER BY id", ejUserId);
    return ids(q);
}

std::optional<Person> SqliteSession::person(std::int32_t personId)
{
    Query q(c_, personSql().selectPerson.c_str(), personId);
    if (!q.step())
        return std::nullopt;
    Person person;
    person.personId = personId;
    readPerson(q, 0, person);
    return person;
}

} // namespace userservice::store::sqlite
