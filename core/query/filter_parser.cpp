// $filter text to a QueryFilter: a tokenizer and a recursive descent over
//   or  := and ('or' and)*        and := not ('and' not)*
//   not := 'not' not | '(' or ')' | fn '(' field ',' value ')' | field op value | field 'oneOf' '(' values ')'
// Every error names the 1-based position where the text stopped making sense. Values
// the caller wrote are never echoed (they could be anything); names of fields are.
#include "query.hpp"

#include "../ascii.hpp"

#include <userservice/datetime.hpp>
#include <userservice/enums.hpp>

#include <charconv>

namespace userservice::query {
namespace {

constexpr std::size_t maxLength = 4000;
constexpr std::size_t maxDepth = 32;
constexpr std::size_t maxComparisons = 100;
constexpr std::size_t maxOneOf = 100;

struct Token {
    enum class Kind { End, Word, Text, Number, Open, Close, Comma } kind = Kind::End;
    std::string_view text; ///< a Text token's text is without quotes, quotes still doubled
    std::size_t at = 0; ///< 1-based
};

struct OperatorName {
    std::string_view name;
    QueryOperator op;
};
constexpr OperatorName operators[] = { { "eq", QueryOperator::Eq }, { "ne", QueryOperator::Ne },
    { "lt", QueryOperator::Lt }, { "le", QueryOperator::Le }, { "gt", QueryOperator::Gt }, { "ge", QueryOperator::Ge },
    { "begins", QueryOperator::Begins }, { "startswith", QueryOperator::Begins },
    { "contains", QueryOperator::Contains }, { "oneOf", QueryOperator::OneOf } };

std::optional<QueryOperator> operatorNamed(std::string_view word)
{
    for (const auto& [name, op] : operators)
        if (iequals(name, word))
            return op;
    return std::nullopt;
}

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/';
}

class Parser {
public:
    explicit Parser(std::string_view text)
        : text_(text)
    {
        advance();
    }

    QueryFilter parse()
    {
        QueryFilter filter = parseOr(0);
        if (token_.kind != Token::Kind::End)
            fail(token_.at, "expected 'and', 'or' or the end");
        return filter;
    }

private:
    [[noreturn]] void fail(std::size_t at, const std::string& what) const
    {
        throw Exception(Error(ErrorKind::BadRequest, "$filter: at " + std::to_string(at) + ": " + what, {}, "$filter"));
    }

    static std::string quoted(std::string_view word) { return "'" + std::string(word.substr(0, 40)) + "'"; }

    void advance();
    bool isWord(std::string_view word) const { return token_.kind == Token::Kind::Word && iequals(token_.text, word); }
    void expect(Token::Kind kind, const char* what)
    {
        if (token_.kind != kind)
            fail(token_.at, std::string("expected ") + what);
        advance();
    }

    QueryFilter parseOr(std::size_t depth);
    QueryFilter parseAnd(std::size_t depth);
    QueryFilter parseNot(std::size_t depth);
    QueryFilter parseComparison();
    QueryFilter parseFunction(QueryOperator op);
    const FieldInfo& parseField();
    QueryValue parseValue(const FieldInfo& field);
    QueryValue parseTyped(const FieldInfo& field, const Token& value);
    void checkOperator(const FieldInfo& field, QueryOperator op, std::size_t at) const;

    std::string_view text_;
    std::size_t next_ = 0;
    Token token_;
    std::size_t comparisons_ = 0;
};

void Parser::advance()
{
    while (next_ < text_.size() && (text_[next_] == ' ' || text_[next_] == '\t'))
        ++next_;
    const std::size_t start = next_;
    token_ = { Token::Kind::End, {}, start + 1 };
    if (next_ == text_.size())
        return;
    const char c = text_[next_];
    if (c == '(' || c == ')' || c == ',') {
        token_.kind = c == '(' ? Token::Kind::Open : c == ')' ? Token::Kind::Close : Token::Kind::Comma;
        ++next_;
    } else if (c == '\'') {
        for (++next_;; next_ += 2) {
            next_ = text_.find('\'', next_);
            if (next_ == std::string_view::npos)
                fail(start + 1, "a text that is not closed by '");
            if (next_ + 1 >= text_.size() || text_[next_ + 1] != '\'')
                break;
        }
        token_ = { Token::Kind::Text, text_.substr(start + 1, next_ - start - 1), start + 1 };
        ++next_;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        for (++next_; next_ < text_.size() && text_[next_] >= '0' && text_[next_] <= '9';)
            ++next_;
        token_ = { Token::Kind::Number, text_.substr(start, next_ - start), start + 1 };
    } else if (isWordChar(c)) {
        while (next_ < text_.size() && isWordChar(text_[next_]))
            ++next_;
        token_ = { Token::Kind::Word, text_.substr(start, next_ - start), start + 1 };
    } else {
        fail(start + 1, "unexpected character");
    }
}

QueryFilter Parser::parseOr(std::size_t depth)
{
    QueryFilter left = parseAnd(depth);
    while (isWord("or")) {
        advance();
        left = QueryFilter::either(std::move(left), parseAnd(depth));
    }
    return left;
}

QueryFilter Parser::parseAnd(std::size_t depth)
{
    QueryFilter left = parseNot(depth);
    while (isWord("and")) {
        advance();
        left = QueryFilter::both(std::move(left), parseNot(depth));
    }
    return left;
}

QueryFilter Parser::parseNot(std::size_t depth)
{
    if (depth >= maxDepth)
        fail(token_.at, "nested deeper than " + std::to_string(maxDepth) + " levels");
    if (isWord("not")) {
        advance();
        return QueryFilter::negate(parseNot(depth + 1));
    }
    if (token_.kind == Token::Kind::Open) {
        const std::size_t open = token_.at;
        advance();
        QueryFilter inner = parseOr(depth + 1);
        if (token_.kind != Token::Kind::Close)
            fail(token_.at, "expected ')' to close the '(' at " + std::to_string(open));
        advance();
        return inner;
    }
    if (++comparisons_ > maxComparisons)
        fail(token_.at, "more than " + std::to_string(maxComparisons) + " comparisons");
    return parseComparison();
}

QueryFilter Parser::parseComparison()
{
    if (token_.kind != Token::Kind::Word)
        fail(token_.at, "expected a field name, 'not' or '('");
    if (const auto op = operatorNamed(token_.text);
        op && (*op == QueryOperator::Begins || *op == QueryOperator::Contains) && !findField(token_.text)) {
        return parseFunction(*op);
    }
    const FieldInfo& field = parseField();
    const Token opToken = token_;
    const auto op = opToken.kind == Token::Kind::Word ? operatorNamed(opToken.text) : std::nullopt;
    if (!op)
        fail(opToken.at, "expected an operator after " + quoted(field.name));
    checkOperator(field, *op, opToken.at);
    advance();
    if (*op != QueryOperator::OneOf)
        return QueryFilter::compare(field.field, *op, parseValue(field));
    expect(Token::Kind::Open, "'(' after oneOf");
    std::vector<QueryValue> values { parseValue(field) };
    while (token_.kind == Token::Kind::Comma) {
        advance();
        if (values.size() == maxOneOf)
            fail(token_.at, "oneOf takes at most " + std::to_string(maxOneOf) + " values");
        values.push_back(parseValue(field));
    }
    expect(Token::Kind::Close, "',' or ')' in oneOf");
    return QueryFilter::oneOf(field.field, std::move(values));
}

/// startswith(field, 'x'), begins(field, 'x'), contains(field, 'x').
QueryFilter Parser::parseFunction(QueryOperator op)
{
    const std::string_view name = token_.text;
    advance();
    expect(Token::Kind::Open, ("'(' after " + quoted(name)).c_str());
    const FieldInfo& field = parseField();
    checkOperator(field, op, token_.at);
    expect(Token::Kind::Comma, "',' after the field");
    QueryValue value = parseValue(field);
    expect(Token::Kind::Close, ("')' to close " + quoted(name)).c_str());
    return QueryFilter::compare(field.field, op, std::move(value));
}

const FieldInfo& Parser::parseField()
{
    if (token_.kind != Token::Kind::Word)
        fail(token_.at, "expected a field name");
    const FieldInfo* field = findField(token_.text);
    if (!field)
        fail(token_.at, "unknown field " + quoted(token_.text) + " (see UserQuery for the fields)");
    advance();
    return *field;
}

void Parser::checkOperator(const FieldInfo& field, QueryOperator op, std::size_t at) const
{
    const bool textOnly = op == QueryOperator::Begins || op == QueryOperator::Contains;
    if (textOnly && field.kind != ValueKind::Text)
        fail(at, "begins, startswith and contains apply to text fields, not " + quoted(field.name));
    const bool ordering = op != QueryOperator::Eq && op != QueryOperator::Ne && op != QueryOperator::OneOf;
    if (ordering && field.kind == ValueKind::Boolean)
        fail(at, quoted(field.name) + " takes only eq, ne and oneOf");
}

QueryValue Parser::parseValue(const FieldInfo& field)
{
    const Token value = token_;
    if (value.kind != Token::Kind::Word && value.kind != Token::Kind::Text && value.kind != Token::Kind::Number)
        fail(value.at, "expected a value for " + quoted(field.name));
    advance();
    return parseTyped(field, value);
}

QueryValue Parser::parseTyped(const FieldInfo& field, const Token& value)
{
    const auto wrong = [&](const char* expected) { fail(value.at, quoted(field.name) + " takes " + expected); };
    std::string text;
    if (value.kind == Token::Kind::Text)
        for (std::size_t i = 0; i < value.text.size(); i += value.text[i] == '\'' ? 2 : 1)
            text += value.text[i];
    std::int64_t number = 0;
    if (value.kind == Token::Kind::Number) {
        const auto [end, ec] = std::from_chars(value.text.data(), value.text.data() + value.text.size(), number);
        if (ec != std::errc() || end != value.text.data() + value.text.size())
            fail(value.at, "a number out of range or malformed");
    }
    switch (field.kind) {
    case ValueKind::Text:
        if (value.kind != Token::Kind::Text)
            wrong("a text in quotes");
        return text;
    case ValueKind::Integer:
        if (value.kind != Token::Kind::Number)
            wrong("an integer");
        return number;
    case ValueKind::Boolean:
        if (value.kind != Token::Kind::Word || (!iequals(value.text, "true") && !iequals(value.text, "false")))
            wrong("true or false");
        return std::int64_t { iequals(value.text, "true") ? 1 : 0 };
    case ValueKind::UserType: {
        if (value.kind == Token::Kind::Number)
            return number;
        const auto type =
            enumFromString<UserType>(value.kind == Token::Kind::Text ? std::string_view(text) : value.text);
        if (!type)
            wrong("a user type (InternalAssociate, ExternalAssociate, …) or its number");
        return static_cast<std::int64_t>(*type);
    }
    case ValueKind::DateTime: {
        const auto at = value.kind == Token::Kind::Text ? DateTime::tryParse(text) : Result<DateTime>(Error());
        if (!at)
            wrong("a date-time in quotes ('2024-05-01T00:00:00Z')");
        return static_cast<std::int64_t>(at->utc().time_since_epoch().count());
    }
    }
    wrong("a value");
    return {};
}

} // namespace

QueryFilter parseFilter(std::string_view text)
{
    if (text.size() > maxLength)
        throw Exception(Error(
            ErrorKind::BadRequest, "$filter: longer than " + std::to_string(maxLength) + " characters", {}, "$filter"));
    return Parser(text).parse();
}

} // namespace userservice::query
