// A search over users: the WebAPI REST list's `$filter`, `$orderBy`, `$top`, `$skip`
// and `$select`, typed or parsed from their texts.
//
//   auto query = UserQuery::parse({ .filter = "deleted eq false and userName begins 'jo'",
//                                   .orderBy = "person/lastname desc", .top = "20" });
//   UserPage page = service.searchUsers(caller, query);
//   query.cursor = page.nextCursor; // the next page, stable while users are added
//
// Filter syntax: `field op value` with op one of eq ne lt le gt ge, `field begins 'x'`
// (also `startswith`), `field contains 'x'`, `field oneOf(v1, v2, …)`, the functions
// `startswith(field, 'x')`, `begins(field, 'x')` and `contains(field, 'x')`, joined by
// `and`, `or`, `not` (not binds tightest, then and, then or) and parentheses. Values:
// 'text' (a quote doubled inside), integers, true, false. Text compares ignoring ASCII
// case, as the unique names do; a missing text is ''. Type takes an enum name or its
// number; created and updated take a date-time text ('2024-05-01T00:00:00Z').
#pragma once

#include <userservice/error.hpp>
#include <userservice/export.hpp>
#include <userservice/select.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace userservice {

/// A field that a query can filter and sort on. Names in the texts (any case):
/// associateId, name, userName, nickName, type, deleted, roleId (or role/roleId),
/// userGroupId (or userGroup/id), person/firstname, person/lastname, person/email,
/// created, updated.
enum class QueryField : std::uint8_t {
    AssociateId,
    Name,
    UserName,
    NickName,
    Type,
    Deleted,
    RoleId,
    UserGroupId,
    Firstname,
    Lastname,
    Email,
    Created,
    Updated,
};

enum class QueryOperator : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, Begins, Contains, OneOf };

/// A value in a filter, as the store compares it: text, or an integer (booleans,
/// enums and ids; date-times as 100 ns ticks since 1970, UTC).
using QueryValue = std::variant<std::int64_t, std::string>;

/// A node of the filter tree: a comparison, or and/or/not of its operands.
struct USERSERVICE_API QueryFilter {
    enum class Kind : std::uint8_t { Compare, And, Or, Not };
    Kind kind = Kind::Compare;
    QueryField field = QueryField::AssociateId; ///< Compare only
    QueryOperator op = QueryOperator::Eq; ///< Compare only
    std::vector<QueryValue> values; ///< Compare only: one, or OneOf's list
    std::vector<QueryFilter> operands; ///< And and Or: two or more; Not: one

    static QueryFilter compare(QueryField field, QueryOperator op, QueryValue value);
    static QueryFilter oneOf(QueryField field, std::vector<QueryValue> values);
    static QueryFilter both(QueryFilter a, QueryFilter b);
    static QueryFilter either(QueryFilter a, QueryFilter b);
    static QueryFilter negate(QueryFilter operand);
    friend bool operator==(const QueryFilter&, const QueryFilter&) = default;
};

struct QueryOrder {
    QueryField field = QueryField::AssociateId;
    bool descending = false;
    friend bool operator==(const QueryOrder&, const QueryOrder&) = default;
};

/// The texts of a REST list request, each as sent (empty: not given).
struct UserQueryText {
    std::string_view filter; ///< $filter
    std::string_view orderBy; ///< $orderBy
    std::string_view top; ///< $top
    std::string_view skip; ///< $skip
    std::string_view select; ///< $select
    std::string_view cursor; ///< $skiptoken: a page's nextCursor
};

/// A typed search. The page is ordered by `orderBy`, then by AssociateId, so that
/// paging by cursor is exact.
struct USERSERVICE_API UserQuery {
    static constexpr std::size_t maxTop = 1000;
    static constexpr std::size_t maxSkip = 10000;
    static constexpr std::size_t maxOrderBy = 4;

    std::optional<QueryFilter> filter; ///< none: every user the caller may see
    std::vector<QueryOrder> orderBy;
    std::size_t top = 50; ///< the page size, 1 to maxTop
    std::size_t skip = 0; ///< matches to pass over first (after the cursor), up to maxSkip
    std::string cursor; ///< a previous page's nextCursor for this orderBy; empty: the first page
    Select select;

    /// Parses the texts. @throws Exception (BadRequest) whose source is the parameter
    /// ("$filter") and whose message names the position (1-based) of the problem:
    /// "$filter: at 6: expected an operator after 'name'".
    static UserQuery parse(const UserQueryText& text);
    static Result<UserQuery> tryParse(const UserQueryText& text) noexcept;
};

/// A page of a search: the users (each as getUser() returns it, projected by the
/// query's select) and, when another user follows, the cursor of the next page.
struct UserPage {
    std::vector<User> users;
    std::string nextCursor; ///< empty: no other user follows (this is the last page)
};

} // namespace userservice
