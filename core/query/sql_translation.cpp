// A search to SQL for a store (SQLite's or PostgreSQL's dialect): a filter tree to a WHERE condition, an order
// to ORDER BY with AssociateId last (so that every row has one place), and a cursor to
// the keyset condition "after that row". Every value is bound; the text holds only
// column names and operators, from the tables below.
#include "query.hpp"

#include <array>

namespace userservice::query {
namespace {

struct Column {
    std::string_view compared; ///< what filters and ORDER BY compare (its collation included)
    std::string_view matched; ///< what LIKE reads: a bare column where one can, for the index
};

using Columns = std::array<Column, 13>;

// Text compares as the unique names do, ignoring ASCII case; a missing text or id is
// '' or 0 (the expression indexes of schema version 6 match these expressions).
constexpr Columns sqliteColumns { {
    { "u.id", "" },
    { "u.name COLLATE NOCASE", "u.name" },
    { "u.user_name COLLATE NOCASE", "u.user_name" },
    { "ifnull(u.nick_name, '') COLLATE NOCASE", "ifnull(u.nick_name, '')" },
    { "u.type", "" },
    { "u.deleted", "" },
    { "ifnull(u.role_id, 0)", "" },
    { "ifnull(u.group_id, 0)", "" },
    { "ifnull(p.firstname, '') COLLATE NOCASE", "ifnull(p.firstname, '')" },
    { "ifnull(p.lastname, '') COLLATE NOCASE", "ifnull(p.lastname, '')" },
    { "ifnull(p.email, '') COLLATE NOCASE", "ifnull(p.email, '')" },
    { "u.created_at", "" },
    { "u.updated_at", "" },
} };

// PostgreSQL: lower() under the "C" collation folds ASCII only and orders bytewise, as
// NOCASE does; the store's indexes are on these expressions. Text values are folded
// the same way where they are bound.
constexpr Columns postgresColumns { {
    { "u.id", "" },
    { R"(lower(u.name COLLATE "C"))", R"(lower(u.name COLLATE "C"))" },
    { R"(lower(u.user_name COLLATE "C"))", R"(lower(u.user_name COLLATE "C"))" },
    { R"(lower(coalesce(u.nick_name, '') COLLATE "C"))", R"(lower(coalesce(u.nick_name, '') COLLATE "C"))" },
    { "u.type", "" },
    { "u.deleted", "" },
    { "coalesce(u.role_id, 0)", "" },
    { "coalesce(u.group_id, 0)", "" },
    { R"(lower(coalesce(p.firstname, '') COLLATE "C"))", R"(lower(coalesce(p.firstname, '') COLLATE "C"))" },
    { R"(lower(coalesce(p.lastname, '') COLLATE "C"))", R"(lower(coalesce(p.lastname, '') COLLATE "C"))" },
    { R"(lower(coalesce(p.email, '') COLLATE "C"))", R"(lower(coalesce(p.email, '') COLLATE "C"))" },
    { "u.created_at", "" },
    { "u.updated_at", "" },
} };

bool onPerson(QueryField field)
{
    return field == QueryField::Firstname || field == QueryField::Lastname || field == QueryField::Email;
}

/// The value as a LIKE pattern that matches it literally, '\' the escape.
std::string likeLiteral(const QueryValue& value)
{
    std::string pattern;
    for (const char c : std::get<std::string>(value)) {
        if (c == '%' || c == '_' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    return pattern;
}

class Writer {
public:
    Writer(BoundSql& out, SqlDialect dialect)
        : out_(out)
        , dialect_(dialect)
    {
    }

    const Column& columnOf(QueryField field) const
    {
        const Columns& columns = dialect_ == SqlDialect::Postgres ? postgresColumns : sqliteColumns;
        return columns[static_cast<std::size_t>(field)];
    }

    void bind(QueryValue value)
    {
        out_.text += '?';
        out_.values.push_back(std::move(value));
    }
    /// A value compared with `column`: PostgreSQL folds text values as its columns.
    void bind(const Column& column, QueryValue value)
    {
        const bool folded = dialect_ == SqlDialect::Postgres && !column.matched.empty();
        *this << (folded ? "lower(" : "");
        bind(std::move(value));
        *this << (folded ? R"(::text COLLATE "C"))" : "");
    }
    std::string_view alwaysTrue() const { return dialect_ == SqlDialect::Postgres ? "true" : "1"; }
    Writer& operator<<(std::string_view text)
    {
        out_.text += text;
        return *this;
    }

    void filter(const QueryFilter& node);
    void comparison(const QueryFilter& node);
    void after(const std::vector<QueryOrder>& order, const Position& position, std::size_t from);

private:
    BoundSql& out_;
    SqlDialect dialect_;
};

void Writer::filter(const QueryFilter& node)
{
    switch (node.kind) {
    case QueryFilter::Kind::Compare:
        comparison(node);
        return;
    case QueryFilter::Kind::Not:
        *this << "NOT (";
        filter(node.operands.front());
        *this << ")";
        return;
    case QueryFilter::Kind::And:
    case QueryFilter::Kind::Or:
        for (std::size_t i = 0; i < node.operands.size(); ++i) {
            *this << (i == 0 ? "(" : node.kind == QueryFilter::Kind::And ? " AND " : " OR ");
            filter(node.operands[i]);
        }
        *this << ")";
        return;
    }
}

void Writer::comparison(const QueryFilter& node)
{
    static constexpr std::string_view symbols[] = { " = ", " <> ", " < ", " <= ", " > ", " >= " };
    const Column& column = columnOf(node.field);
    switch (node.op) {
    case QueryOperator::Begins:
    case QueryOperator::Contains:
        *this << column.matched << " LIKE ";
        bind(column, (node.op == QueryOperator::Contains ? "%" : "") + likeLiteral(node.values.front()) + "%");
        *this << " ESCAPE '\\'";
        return;
    case QueryOperator::OneOf:
        *this << column.compared << " IN (";
        for (std::size_t i = 0; i < node.values.size(); ++i) {
            *this << (i ? ", " : "");
            bind(column, node.values[i]);
        }
        *this << ")";
        return;
    default:
        *this << column.compared << symbols[static_cast<std::size_t>(node.op)];
        bind(column, node.values.front());
    }
}

/// Rows after `position` in `order` (keys from `from` on), then by id: the keyset
/// condition k > v OR (k = v AND (…)), led by k >= v so that an index can seek to it.
void Writer::after(const std::vector<QueryOrder>& order, const Position& position, std::size_t from)
{
    if (from == order.size()) {
        *this << "u.id > ";
        bind(std::int64_t { position.id });
        return;
    }
    const Column& column = columnOf(order[from].field);
    const std::string_view key = column.compared;
    const std::string_view past = order[from].descending ? " < " : " > ";
    if (from == 0) {
        *this << key << (order[from].descending ? " <= " : " >= ");
        bind(column, position.keys[from]);
        *this << " AND ";
    }
    *this << "(" << key << past;
    bind(column, position.keys[from]);
    *this << " OR (" << key << " = ";
    bind(column, position.keys[from]);
    *this << " AND ";
    after(order, position, from + 1);
    *this << "))";
}

} // namespace

BoundSql toSql(const SearchSpec& spec, SqlDialect dialect)
{
    static const std::vector<QueryOrder> none;
    const auto& order = spec.order ? *spec.order : none;
    bool person = false;
    for (const QueryField field : fieldsUsed(spec.filter, order))
        person = person || onPerson(field);

    BoundSql sql;
    Writer w(sql, dialect);
    w << "SELECT u.id";
    for (const auto& item : order)
        w << ", " << w.columnOf(item.field).compared;
    // Every user has a person (validation requires it): an inner join lets SQLite run a
    // search by person names from the persons' indexes, which a LEFT JOIN would forbid.
    w << " FROM users u" << (person ? " JOIN persons p ON p.id = u.person_id" : "") << " WHERE " << w.alwaysTrue();
    if (spec.filter) {
        w << " AND ";
        w.filter(*spec.filter);
    }
    if (spec.after) {
        w << " AND ";
        w.after(order, *spec.after, 0);
    }
    if (spec.onlyId) {
        w << " AND u.id = ";
        w.bind(std::int64_t { *spec.onlyId });
    }
    w << " ORDER BY ";
    for (const auto& item : order)
        w << w.columnOf(item.field).compared << (item.descending ? " DESC, " : ", ");
    w << "u.id LIMIT ";
    w.bind(static_cast<std::int64_t>(spec.limit));
    return sql;
}

} // namespace userservice::query
