// The insides of a UserQuery, one job per file of this folder:
//   fields.cpp           the fields a query may name: their names, value kinds and rights
//   filter_parser.cpp    $filter text to a QueryFilter, errors naming the position
//   user_query.cpp       UserQuery::parse: $orderBy, $top, $skip, $select and the cursor
//   cursor.cpp           a page's next cursor: the last user's sort keys, opaque
//   sql_translation.cpp  a filter, an order and a cursor to bound SQL (SQLite's or PostgreSQL's)
#pragma once

#include <userservice/user_query.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace userservice::query {

/// How a field's values are written in a filter and compared.
enum class ValueKind : std::uint8_t { Text, Integer, Boolean, UserType, DateTime };

struct FieldInfo {
    QueryField field;
    std::string_view name; ///< as written in $filter and $orderBy (case-insensitive)
    std::string_view alias; ///< a second name, the $select path; may be empty
    ValueKind kind;
    /// The rights that must allow reading it, as (carrier, field) of UserRights: "User"
    /// or "Person". Empty carrier: the table right alone (created, updated).
    std::string_view carrier;
    std::string_view rightsField;
};

/// The field with this name, or nullptr.
const FieldInfo* findField(std::string_view name) noexcept;
const FieldInfo& fieldInfo(QueryField field) noexcept;

/// Parses $filter text. @throws Exception (BadRequest, source "$filter") naming the position.
QueryFilter parseFilter(std::string_view text);

/// The fields that `filter` and `order` read, each once.
std::vector<QueryField> fieldsUsed(const QueryFilter* filter, const std::vector<QueryOrder>& order);

/// Where a page stopped: the sort keys of the last user returned, then its id.
struct Position {
    std::vector<QueryValue> keys; ///< one per QueryOrder
    std::int32_t id = 0;
    friend bool operator==(const Position&, const Position&) = default;
};

/// The cursor text of `position` for this order (opaque to clients).
std::string encodeCursor(const std::vector<QueryOrder>& order, const Position& position);
/// The position a cursor stands for. @throws Exception (BadRequest, source "$skiptoken")
/// when it is not one of ours or was made for another order.
Position decodeCursor(const std::vector<QueryOrder>& order, std::string_view cursor);

/// SQL with its values, bound to ?1, ?2, … in order.
struct BoundSql {
    std::string text;
    std::vector<QueryValue> values;
};

/// What a store search needs: which users, after which position, in which order.
struct SearchSpec {
    const QueryFilter* filter = nullptr;
    const std::vector<QueryOrder>* order = nullptr;
    const Position* after = nullptr; ///< nullptr: from the start
    std::optional<std::int32_t> onlyId; ///< the policy lets the caller see only this user
    std::size_t limit = 0;
};

/// The SQL of a store. Both compare text ignoring ASCII case, each as its indexes do.
enum class SqlDialect { Sqlite, Postgres };

/// The SELECT of a search over `users u JOIN persons p`: the id, then one column
/// per sort key; values bound, never spliced into the text.
BoundSql toSql(const SearchSpec& spec, SqlDialect dialect = SqlDialect::Sqlite);

} // namespace userservice::query
