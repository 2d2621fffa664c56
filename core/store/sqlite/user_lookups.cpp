// Look-ups of users by person, eJournal id, credential and e-mail, and of a person by id.
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

std::vector<std::int32_t> SqliteSession::userIdsByCredential(std::string_view type, std::string_view value)
{
    Query q(c_,
        "SELECT DISTINCT user_id FROM user_credentials WHERE type = ? COLLATE NOCASE AND value = ? COLLATE NOCASE "
        "ORDER BY user_id",
        type, value);
    return ids(q);
}

std::vector<std::int32_t> SqliteSession::userIdsWithCredentialText(
    std::string_view type, std::string_view text, std::size_t limit)
{
    // instr on lower(): no LIKE wildcards to escape in the caller's text. A scan of one
    // type's credentials, which only user administrators' searches run.
    Query q(c_,
        "SELECT DISTINCT user_id FROM user_credentials WHERE type = ?1 COLLATE NOCASE AND "
        "(instr(lower(ifnull(value, '')), lower(?2)) > 0 OR instr(lower(ifnull(display_value, '')), lower(?2)) > 0) "
        "ORDER BY user_id LIMIT ?3",
        type, text, static_cast<std::int64_t>(limit));
    return ids(q);
}

std::vector<std::int32_t> SqliteSession::userIdsByEmail(std::string_view email)
{
    // The expression of the index persons_search_email, so that SQLite uses it.
    Query q(c_,
        "SELECT u.id FROM persons p JOIN users u ON u.person_id = p.id "
        "WHERE ifnull(p.email, '') = ? COLLATE NOCASE ORDER BY u.id",
        email);
    return ids(q);
}

} // namespace userservice::store::sqlite
