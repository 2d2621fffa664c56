#include "person_sql.hpp"

#include <string_view>
#include <type_traits>
#include <utility>

namespace userservice::store::sqlite {
namespace {

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
    forEachPersonColumn([&](const auto& field) {
        const std::string index = std::to_string(++sql.columns);
        sql.names.push_back(snakeCase(field.name));
        placeholders += (sql.columns > 1 ? ", ?" : "?") + index;
    });
    sql.insert = "INSERT INTO persons (" + personColumnList("") + ") VALUES (" + placeholders + ")";
    sql.selectUser = "SELECT u.id, u.name, u.rank, u.tooltip, u.deleted, u.last_login, u.last_logout,"
                     " u.ej_user_id, u.request_signature, u.type, u.is_on_travel, u.user_name, u.nick_name,"
                     " u.waiting_for_approval,"
                     " r.id, r.name, r.tooltip, r.role_type, r.deleted, r.rank,"
                     " g.id, g.name, g.tooltip, g.rank, g.deleted,"
                     " p.id, " +
        personColumnList("p.") + ", EXISTS (SELECT 1 FROM license_owners)" +
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

} // namespace userservice::store::sqlite
