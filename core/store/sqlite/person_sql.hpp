// A person's columns are its stored wire fields in snake_case, listed once from the
// carrier's field list; the derived ones (ids, FullName, AssociateName) are computed
// by the service. The SQL that involves persons is built from that list.
#pragma once

#include "connection.hpp"

#include "../../carrier_fields.hpp"

#include <userservice/carriers.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace userservice::store::sqlite {

struct PersonSql {
    int columns = 0; ///< how many person columns there are
    std::vector<std::string> names; ///< the columns, in order
    std::string insert; ///< binds the columns as ?1…
    /// A user row with its role, group and person, and last whether any licence owner exists (read
    /// with the row, so that an owner another process or host added is seen at once); binds the user id.
    std::string selectUser;
    std::string selectPerson; ///< a person's columns; binds the person id
};

/// Built once. Its placeholders are "?N", which the PostgreSQL store reads too.
const PersonSql& personSql();

inline constexpr std::string_view personDerived[] = { "PersonId", "FullName", "AssociateName", "AssociateId",
    "TableRight", "FieldProperties" };

constexpr bool isPersonColumn(std::string_view wireName)
{
    for (auto derived : personDerived)
        if (derived == wireName)
            return false;
    return true;
}

template <class F> void forEachPersonColumn(F&& f)
{
    detail::forEachField<Person>([&](const auto& field) {
        using Member = std::remove_cvref_t<decltype(std::declval<Person>().*field.member)>;
        constexpr bool storable = std::is_same_v<Member, std::optional<std::string>> ||
            std::is_same_v<Member, std::int32_t> || std::is_same_v<Member, bool>;
        if constexpr (storable)
            if (isPersonColumn(field.name))
                f(field);
    });
}

/// Binds the person's columns from `first` on, in column order (a Query of either store).
template <class Q> void bindPerson(Q& query, int first, const Person& person)
{
    forEachPersonColumn([&](const auto& field) { query.bind(first++, person.*field.member); });
}

template <class Q> void readPerson(Q& query, int first, Person& person)
{
    forEachPersonColumn([&](const auto& field) { get(query.column(first++), person.*field.member); });
}

} // namespace userservice::store::sqlite
