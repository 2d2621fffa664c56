// A search to SQL for the SQLite store: a filter tree to a WHERE condition, an order
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

// Text compares as the unique names do, ignoring ASCII case; a missing text or id is
// '' or 0 (the expression indexes of schema version 6 match these expressions).
constexpr std::array<Column, 13> columns { {
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

const Column& columnOf(QueryField field)
{
    return columns[static_cast<std::size_t>(field)];
}

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
    explicit Writer(BoundSql& out)
        : out_(out)
    {
    }

    void bind(QueryValue value)
    {
        out_.text += '?';
        out_.values.push_back(std::move(value));
    }
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
        bind((node.op == QueryOperator::Contains ? "%" : "") + likeLiteral(node.values.front()) + "%");
        *this << " ESCAPE '\\'";
        return;
    case QueryOperator::OneOf:
        *this << column.compared << " IN (";
        for (std::size_t i = 0; i < node.values.size(); ++i) {
            *this << (i ? ", " : "");
            bind(node.values[i]);
        }
        *this << ")";
        return;
    default:
        *this << column.compared << symbols[static_cast<std::size_t>(node.op)];
        bind(node.values.front());
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
    const std::string_view key = columnOf(order[from].field).compared;
    const std::string_view past = order[from].descending ? " < " : " > ";
    if (from == 0) {
        *this << key << (order[from].descending ? " <= " : " >= ");
        bind(position.keys[from]);
        *this << " AND ";
    }
    *this << "(" << key << past;
    bind(position.keys[from]);
    *this << " OR (" << key << " = ";
    bind(position.keys[from]);
    *this << " AND ";
    after(order, position, from + 1);
    *this << "))";
}

} // namespace

BoundSql toSql(const SearchSpec& spec)
{
    static const std::vector<QueryOrder> none;
    const auto& order = spec.order ? *spec.order : none;
    bool person = false;
    for (const QueryField field : fieldsUsed(spec.filter, order))
        person = person || onPerson(field);

    BoundSql sql;
    Writer w(sql);
    w << "SELECT u.id";
    for (const auto& item : order)
        w << ", " << columnOf(item.field).compared;
    // Every user has a person (validation requires it): an inner join lets SQLite run a
    // search by person names from the persons' indexes, which a LEFT JOIN would forbid.
    w << " FROM users u" << (person ? " JOIN persons p ON p.id = u.person_id" : "") << " WHERE 1";
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
        w << columnOf(item.field).compared << (item.descending ? " DESC, " : ", ");
    w << "u.id LIMIT ";
    w.bind(static_cast<std::int64_t>(spec.limit));
    return sql;
}

} // namespace userservice::query
