// UserQuery::parse: the REST list's parameters, each checked before any work is done,
// and the filter tree's builders.
#include "query.hpp"

#include "../ascii.hpp"
#include "../capture.hpp"

#include <charconv>

namespace userservice {
namespace {

[[noreturn]] void badParameter(std::string_view parameter, const std::string& what)
{
    throw Exception(Error(ErrorKind::BadRequest, std::string(parameter) + ": " + what, {}, std::string(parameter)));
}

QueryFilter joined(QueryFilter::Kind kind, QueryFilter a, QueryFilter b)
{
    // a and b and c is one And of three: a flat tree is a flat SQL condition.
    if (a.kind != kind) {
        QueryFilter node;
        node.kind = kind;
        node.operands.push_back(std::move(a));
        a = std::move(node);
    }
    a.operands.push_back(std::move(b));
    return a;
}

std::size_t parseCount(
    std::string_view parameter, std::string_view text, std::size_t least, std::size_t most, std::size_t absent)
{
    text = trim(text);
    if (text.empty())
        return absent;
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < least || value > most)
        badParameter(
            parameter, "expected a whole number from " + std::to_string(least) + " to " + std::to_string(most));
    return value;
}

/// One item of $orderBy, `offset` its place in the whole text (0-based).
void parseOrderItem(std::string_view item, std::size_t offset, std::vector<QueryOrder>& order)
{
    const std::size_t lead = std::min(item.find_first_not_of(" \t"), item.size());
    const std::size_t at = offset + lead + 1;
    item = trim(item);
    const std::size_t space = std::min(item.find_first_of(" \t"), item.size());
    const std::string_view name = item.substr(0, space);
    const std::string_view direction = trim(item.substr(space));
    const auto* field = query::findField(name);
    if (!field)
        badParameter("$orderBy",
            "at " + std::to_string(at) + ": expected a field name, not '" + std::string(name.substr(0, 40)) + "'");
    if (!direction.empty() && !iequals(direction, "asc") && !iequals(direction, "desc"))
        badParameter("$orderBy",
            "at " + std::to_string(at + space + 1) + ": expected asc or desc after '" + std::string(field->name) + "'");
    for (const auto& earlier : order)
        if (earlier.field == field->field)
            badParameter(
                "$orderBy", "at " + std::to_string(at) + ": '" + std::string(field->name) + "' is listed twice");
    if (order.size() == UserQuery::maxOrderBy)
        badParameter(
            "$orderBy", "at " + std::to_string(at) + ": at most " + std::to_string(UserQuery::maxOrderBy) + " fields");
    order.push_back({ field->field, iequals(direction, "desc") });
}

/// "name, person/lastname desc".
std::vector<QueryOrder> parseOrderBy(std::string_view text)
{
    std::vector<QueryOrder> order;
    if (trim(text).empty())
        return order;
    for (std::size_t start = 0;;) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        parseOrderItem(text.substr(start, end - start), start, order);
        if (end == text.size())
            return order;
        start = end + 1;
    }
}

} // namespace

QueryFilter QueryFilter::compare(QueryField field, QueryOperator op, QueryValue value)
{
    QueryFilter node;
    node.field = field;
    node.op = op;
    node.values.push_back(std::move(value));
    return node;
}

QueryFilter QueryFilter::oneOf(QueryField field, std::vector<QueryValue> values)
{
    QueryFilter node;
    node.field = field;
    node.op = QueryOperator::OneOf;
    node.values = std::move(values);
    return node;
}

QueryFilter QueryFilter::both(QueryFilter a, QueryFilter b)
{
    return joined(Kind::And, std::move(a), std::move(b));
}

QueryFilter QueryFilter::either(QueryFilter a, QueryFilter b)
{
    return joined(Kind::Or, std::move(a), std::move(b));
}

QueryFilter QueryFilter::negate(QueryFilter operand)
{
    QueryFilter node;
    node.kind = Kind::Not;
    node.operands.push_back(std::move(operand));
    return node;
}

UserQuery UserQuery::parse(const UserQueryText& text)
{
    // The cheap checks first: sizes, then the texts, the filter last.
    UserQuery query;
    query.top = parseCount("$top", text.top, 1, maxTop, query.top);
    query.skip = parseCount("$skip", text.skip, 0, maxSkip, 0);
    query.orderBy = parseOrderBy(text.orderBy);
    query.cursor = std::string(trim(text.cursor));
    if (!query.cursor.empty())
        query::decodeCursor(query.orderBy, query.cursor); // refused now rather than after the work
    query.select = Select::parse(text.select);
    if (!trim(text.filter).empty())
        query.filter = query::parseFilter(text.filter);
    return query;
}

Result<UserQuery> UserQuery::tryParse(const UserQueryText& text) noexcept
{
    return detail::captureErrors([&] { return parse(text); });
}

} // namespace userservice
