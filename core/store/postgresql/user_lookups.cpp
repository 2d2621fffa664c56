// Look-ups of users by person, eJournal id, credential and e-mail, and of a person by id.
#include "../sqlite/person_sql.hpp"
#include "session.hpp"

namespace userservice::store::postgresql {
namespace {

std::vector<std::int32_t> ids(Query& q)
{
    std::vector<std::int32_t> out;
    while (q.step())
        out.push_back(q.column(0).getInt());
    return out;
}

} // namespace

std::vector<std::int32_t> PostgresSession::userIdsByPerson(std::int32_t personId)
{
    Query q(c_, "SELECT id FROM users WHERE person_id = ? ORDER BY id", personId);
    return ids(q);
}

std::vector<std::int32_t> PostgresSession::userIdsByEjUserId(std::int32_t ejUserId)
{
    // "<> 0" lets the planner use the partial index (0 means "no eJournal user").
    Query q(c_, "SELECT id FROM users WHERE ej_user_id = ? AND ej_user_id <> 0 ORDER BY id", ejUserId);
    return ids(q);
}

std::optional<Person> PostgresSession::person(std::int32_t personId)
{
    Query q(c_, sqlite::personSql().selectPerson.c_str(), personId);
    if (!q.step())
        return std::nullopt;
    Person person;
    person.personId = personId;
    sqlite::readPerson(q, 0, person);
    return person;
}

std::vector<std::int32_t> PostgresSession::userIdsByCredential(std::string_view type, std::string_view value)
{
    Query q(c_,
        "SELECT DISTINCT user_id FROM user_credentials WHERE lower(type COLLATE \"C\") = lower(?::text COLLATE \"C\")"
        " AND lower(value COLLATE \"C\") = lower(?::text COLLATE \"C\") ORDER BY user_id",
        type, value);
    return ids(q);
}

std::vector<std::int32_t> PostgresSession::userIdsWithCredentialText(
    std::string_view type, std::string_view text, std::size_t limit)
{
    // strpos on lower(): no LIKE wildcards to escape in the caller's text. A scan of one
    // type's credentials, which only user administrators' searches run.
    Query q(c_,
        "SELECT DISTINCT user_id FROM user_credentials WHERE lower(type COLLATE \"C\") = lower(?1::text COLLATE \"C\")"
        " AND (strpos(lower(coalesce(value, '') COLLATE \"C\"), lower(?2::text COLLATE \"C\")) > 0"
        " OR strpos(lower(coalesce(display_value, '') COLLATE \"C\"), lower(?2::text COLLATE \"C\")) > 0)"
        " ORDER BY user_id LIMIT ?3",
        type, text, static_cast<std::int64_t>(limit));
    return ids(q);
}

std::vector<std::int32_t> PostgresSession::userIdsByEmail(std::string_view email)
{
    // The expression of the index persons_search_email, so that the planner uses it.
    Query q(c_,
        "SELECT u.id FROM persons p JOIN users u ON u.person_id = p.id "
        "WHERE lower(coalesce(p.email, '') COLLATE \"C\") = lower(?::text COLLATE \"C\") ORDER BY u.id",
        email);
    return ids(q);
}

} // namespace userservice::store::postgresql
