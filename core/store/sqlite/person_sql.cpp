#include "person_sql.hpp"

#include "../../carrier_fields.hpp"

#include <string_view>
#include <type_traits>
#include <utility>

namespace userservice::store::sqlite {
namespace {

constexpr std::string_view personDerived[] = { "PersonId", "FullName", "AssociateName", "AssociateId", "TableRight",
    "FieldProperties" };

constexpr bool isPersonColumn(std::string_view wireName)
{
    for (auto derived : personDerived)
        if (derived == wireName)
            return false;
    return true;
}

std::string snakeCase(std::string_view wireName)
{
    std::string out;
    for (char c : wireName) {
        if (c >= 'A' && c <= 'Z') {
            if (!out.empty())
                out += '_';
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
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

std::string personColumnList(std::string_view prefix)
{
    std::string list;
    forEachPersonColumn([&](const auto& field) {
        if (!list.empty())
            list += ", ";
        list += prefix;
        list += snakeCase(field.name);
    });
    return list;
}

PersonSql buildPersonSql()
{
    PersonSql sql;
    std::string placeholders;
    std::string assignments;
    forEachPersonColumn([&](const auto& field) {
        const std::string index = std::to_string(++sql.columns);
        placeholders += (sql.columns > 1 ? ", ?" : "?") + index;
        assignments += (sql.columns > 1 ? ", " : "") + snakeCase(field.name) + " = ?" + index;
    });
    sql.insert = "INSERT INTO persons (" + personColumnList("") + ") VALUES (" + placeholders + ")";
    sql.update = "UPDATE persons SET " + assignments + " WHERE id = ?" + std::to_string(sql.columns + 1);
    sql.selectUser = "SELECT u.id, u.name, u.rank, u.tooltip, u.deleted, u.last_login, u.last_logout,"
                     " u.ej_user_id, u.request_signature, u.type, u.is_on_travel, u.user_name, u.nick_name,"
                     " u.waiting_for_approval,"
                     " r.id, r.name, r.tooltip, r.role_type, r.deleted, r.rank,"
                     " g.id, g.name, g.tooltip, g.rank, g.deleted,"
                     " p.id, " +
        personColumnList("p.") +
        " FROM users u LEFT JOIN roles r ON r.id = u.role_id"
        " LEFT JOIN user_groups g ON g.id = u.group_id"
        " LEFT JOIN persons p ON p.id = u.person_id WHERE u.id = ?";
    sql.selectPerson = "SELECT " + personColumnList("") + " FROM persons WHERE id = ?";
    return sql;
}

} // namespace

const PersonSql& personSql()
{
    static const PersonSql sql = buildPersonSql();
    return sql;
}

void bindPerson(Query& query, int first, const Person& person)
{
    forEachPersonColumn([&](const auto& field) { query.bind(first++, person.*field.member); });
}

void readPerson(Query& query, int first, Person& person)
{
    forEachPersonColumn([&](const auto& field) { get(query.column(first++), person.*field.member); });
}

bool samePersonColumns(const Person& a, const Person& b)
{
    bool same = true;
    forEachPersonColumn([&](const auto& field) { same = same && a.*field.member == b.*field.member; });
    return same;
}

} // namespace userservice::store::sqlite
