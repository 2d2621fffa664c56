// UserQuery::parse: the REST list's texts to a typed query, errors naming the
// parameter and the position.
#include <userservice/user_query.hpp>

#include <gtest/gtest.h>

using namespace userservice;

namespace {

QueryFilter filterOf(std::string_view text)
{
    return *UserQuery::parse({ .filter = text }).filter;
}

/// The message of the error that parsing these texts gives.
std::string errorOf(const UserQueryText& text)
{
    const auto parsed = UserQuery::tryParse(text);
    EXPECT_FALSE(parsed.has_value());
    return parsed ? std::string() : parsed.error().message();
}

using F = QueryField;
using Op = QueryOperator;

QueryFilter cmp(F field, Op op, QueryValue value)
{
    return QueryFilter::compare(field, op, std::move(value));
}

TEST(UserQueryTest, EveryComparisonOperatorParses)
{
    const std::pair<const char*, Op> cases[] = { { "eq", Op::Eq }, { "ne", Op::Ne }, { "lt", Op::Lt }, { "le", Op::Le },
        { "gt", Op::Gt }, { "ge", Op::Ge } };
    for (const auto& [word, op] : cases)
        EXPECT_EQ(filterOf(std::string("associateId ") + word + " 7"), cmp(F::AssociateId, op, std::int64_t { 7 }))
            << word;
}

TEST(UserQueryTest, TextOperatorsParseInfixAndAsFunctions)
{
    EXPECT_EQ(filterOf("userName begins 'jo'"), cmp(F::UserName, Op::Begins, "jo"));
    EXPECT_EQ(filterOf("userName startswith 'jo'"), cmp(F::UserName, Op::Begins, "jo"));
    EXPECT_EQ(filterOf("startswith(userName, 'jo')"), cmp(F::UserName, Op::Begins, "jo"));
    EXPECT_EQ(filterOf("person/lastname contains 'it''s'"), cmp(F::Lastname, Op::Contains, "it's"));
    EXPECT_EQ(filterOf("contains(person/email,'@x')"), cmp(F::Email, Op::Contains, "@x"));
}

TEST(UserQueryTest, OneOfTakesAListOfValues)
{
    EXPECT_EQ(filterOf("roleId oneOf(1, 2,3)"),
        QueryFilter::oneOf(F::RoleId, { std::int64_t { 1 }, std::int64_t { 2 }, std::int64_t { 3 } }));
}

TEST(UserQueryTest, ValuesAreTypedByTheirField)
{
    EXPECT_EQ(filterOf("deleted eq true"), cmp(F::Deleted, Op::Eq, std::int64_t { 1 }));
    EXPECT_EQ(filterOf("type eq 'ExternalAssociate'"),
        cmp(F::Type, Op::Eq, static_cast<std::int64_t>(UserType::ExternalAssociate)));
    EXPECT_EQ(filterOf("type eq InternalAssociate"),
        cmp(F::Type, Op::Eq, static_cast<std::int64_t>(UserType::InternalAssociate)));
    // 2024-01-01T00:00:00Z is 1704067200 s after 1970, in 100 ns ticks.
    EXPECT_EQ(filterOf("created ge '2024-01-01T00:00:00Z'"),
        cmp(F::Created, Op::Ge, std::int64_t { 1704067200LL * 10'000'000 }));
    EXPECT_EQ(filterOf("USERGROUP/ID eq 3"), cmp(F::UserGroupId, Op::Eq, std::int64_t { 3 }));
}

TEST(UserQueryTest, NotBindsTighterThanAndWhichBindsTighterThanOr)
{
    const auto a = cmp(F::AssociateId, Op::Eq, std::int64_t { 1 });
    const auto b = cmp(F::AssociateId, Op::Eq, std::int64_t { 2 });
    const auto c = cmp(F::AssociateId, Op::Eq, std::int64_t { 3 });
    EXPECT_EQ(filterOf("associateId eq 1 or associateId eq 2 and associateId eq 3"),
        QueryFilter::either(a, QueryFilter::both(b, c)));
    EXPECT_EQ(filterOf("not associateId eq 1 and associateId eq 2"), QueryFilter::both(QueryFilter::negate(a), b));
    EXPECT_EQ(filterOf("associateId eq 1 and associateId eq 2 and associateId eq 3"),
        QueryFilter::both(QueryFilter::both(a, b), c));
}

TEST(UserQueryTest, ParenthesesGroup)
{
    const auto a = cmp(F::AssociateId, Op::Eq, std::int64_t { 1 });
    const auto b = cmp(F::AssociateId, Op::Eq, std::int64_t { 2 });
    const auto c = cmp(F::AssociateId, Op::Eq, std::int64_t { 3 });
    EXPECT_EQ(filterOf("(associateId eq 1 or associateId eq 2) and associateId eq 3"),
        QueryFilter::both(QueryFilter::either(a, b), c));
    EXPECT_EQ(filterOf("not (associateId eq 1 or associateId eq 2)"), QueryFilter::negate(QueryFilter::either(a, b)));
}

TEST(UserQueryTest, ErrorsNameTheParameterAndThePosition)
{
    EXPECT_EQ(errorOf({ .filter = "name 'x'" }), "$filter: at 6: expected an operator after 'name'");
    EXPECT_EQ(
        errorOf({ .filter = "nmae eq 'x'" }), "$filter: at 1: unknown field 'nmae' (see UserQuery for the fields)");
    EXPECT_EQ(errorOf({ .filter = "(name eq 'x'" }), "$filter: at 13: expected ')' to close the '(' at 1");
    EXPECT_EQ(errorOf({ .filter = "name eq 'x" }), "$filter: at 9: a text that is not closed by '");
    EXPECT_EQ(errorOf({ .filter = "deleted gt true" }), "$filter: at 9: 'deleted' takes only eq, ne and oneOf");
    EXPECT_EQ(errorOf({ .filter = "type begins 'x'" }),
        "$filter: at 6: begins, startswith and contains apply to text fields, not 'type'");
    EXPECT_EQ(errorOf({ .filter = "name eq 3" }), "$filter: at 9: 'name' takes a text in quotes");
    EXPECT_EQ(errorOf({ .filter = "name eq 'x' name" }), "$filter: at 13: expected 'and', 'or' or the end");
    EXPECT_EQ(errorOf({ .filter = "name eq 'x' and" }), "$filter: at 16: expected a field name, 'not' or '('");
    EXPECT_EQ(errorOf({ .filter = "name eq 'x' ; drop" }), "$filter: at 13: unexpected character");
}

TEST(UserQueryTest, ErrorsDoNotEchoTheValuesSent)
{
    const std::string message = errorOf({ .filter = "type eq 'hunter2'" });
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST(UserQueryTest, LimitsAreCheckedOnTheTexts)
{
    EXPECT_EQ(errorOf({ .top = "0" }), "$top: expected a whole number from 1 to 1000");
    EXPECT_EQ(errorOf({ .top = "1001" }), "$top: expected a whole number from 1 to 1000");
    EXPECT_EQ(errorOf({ .skip = "-1" }), "$skip: expected a whole number from 0 to 10000");
    EXPECT_EQ(UserQuery::parse({ .top = " 20 ", .skip = "5" }).top, 20u);
    EXPECT_EQ(UserQuery::parse({}).top, 50u);
    std::string deep(40, '(');
    EXPECT_NE(errorOf({ .filter = deep + "name eq 'x'" }).find("nested deeper than 32"), std::string::npos);
    EXPECT_EQ(errorOf({ .filter = std::string(4001, 'x') }), "$filter: longer than 4000 characters");
}

TEST(UserQueryTest, OrderByListsFieldsWithDirections)
{
    const auto query = UserQuery::parse({ .orderBy = "person/lastname desc, name ASC,created" });
    const std::vector<QueryOrder> expected { { F::Lastname, true }, { F::Name, false }, { F::Created, false } };
    EXPECT_EQ(query.orderBy, expected);
    EXPECT_EQ(errorOf({ .orderBy = "name, bogus" }), "$orderBy: at 7: expected a field name, not 'bogus'");
    EXPECT_EQ(errorOf({ .orderBy = "name sideways" }), "$orderBy: at 6: expected asc or desc after 'name'");
    EXPECT_EQ(errorOf({ .orderBy = "name, NAME desc" }), "$orderBy: at 7: 'name' is listed twice");
}

TEST(UserQueryTest, ACursorOfAnotherOrderOrNotOursIsRefused)
{
    EXPECT_EQ(UserQuery::tryParse({ .cursor = "not a cursor" }).error().source(), "$skiptoken");
    EXPECT_EQ(UserQuery::tryParse({ .cursor = "eyJ4IjoxfQ" }).error().kind(), ErrorKind::BadRequest); // {"x":1}
}

TEST(UserQueryTest, SelectIsParsedWithTheRest)
{
    EXPECT_EQ(UserQuery::parse({ .select = "name" }).select, Select::parse("name"));
    EXPECT_EQ(UserQuery::tryParse({ .select = "bogus" }).error().source(), "$select");
}

} // namespace
