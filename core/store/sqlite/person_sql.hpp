// A person's columns are its stored wire fields in snake_case, listed once from the
// carrier's field list; the derived ones (ids, FullName, AssociateName) are computed
// by the service. The SQL that involves persons is built from that list.
#pragma once

#include "connection.hpp"

#include <userservice/carriers.hpp>

#include <string>

namespace userservice::store::sqlite {

struct PersonSql {
    int columns = 0; ///< how many person columns there are
    std::string insert; ///< binds the columns as ?1…
    std::string update; ///< binds the columns as ?1…, the person's id after them
    std::string selectUser; ///< a user row with its role, group and person; binds the user id
    std::string selectPerson; ///< a person's columns; binds the person id
};

/// Built once.
const PersonSql& personSql();

/// Binds the person's columns from `first` on, in column order.
void bindPerson(Query& query, int first, const Person& person);
void readPerson(Query& query, int first, Person& person);
/// Whether the two have the same stored columns.
bool samePersonColumns(const Person& a, const Person& b);

} // namespace userservice::store::sqlite
