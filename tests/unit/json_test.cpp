#include <userservice/json.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace userservice;
namespace bj = boost::json;

namespace {

// The error of a parse that must fail.
template <class T> Error parseError(std::string_view text)
{
    auto result = json::tryParse<T>(text);
    EXPECT_FALSE(result) << text;
    return result ? Error(ErrorKind::Internal, "parsed") : result.error();
}

User sampleUser()
{
    User user;
    user.associateId = 7;
    user.name = "LM";
    user.userName = "lisa.martinez";
    user.type = UserType::InternalAssociate;
    user.lastlogin = DateTime::parse("2024-11-18T10:00:00.1234567+01:00");
    user.role = Role { .roleId = 3, .name = "Admin", .roleType = RoleType::Employee };
    user.otherGroups = std::vector<UserGroup> { { .value = "Sales", .id = 1 }, { .value = "Support", .id = 2 } };
    user.person = Person { .personId = 5, .firstname = "Lisa", .lastname = "Martinez", .usePersonAddress = true };
    user.ticketCategories = std::vector<MDOListItem> {
        { .id = 1, .name = "Root", .childItems = std::vector<MDOListItem> { { .id = 2 } } }
    };
    user.customFields = StringDictionary { { "x_level", "3" }, { "a_first", "1" } };
    user.tableRight = TableRight { ETableRight::FULL, "" };
    user.fieldProperties = FieldProperties {
        { "Name",
            FieldProperty {
                FieldRight { EFieldRight::Update | EFieldRight::UIHintMandatory, "" }, "System.String", 8 } },
    };
    return user;
}

} // namespace

TEST(Json, ACarrierRoundTripsThroughText)
{
    const User user = sampleUser();
    EXPECT_EQ(json::parse<User>(json::serialize(user)), user);
}

TEST(Json, WritesWireNamesInWireOrderAndNullForAbsentCarriers)
{
    const std::string text = json::serialize(User {});
    EXPECT_EQ(
        text.rfind(R"({"AssociateId":0,"Name":null,"Rank":0,"Tooltip":null,"LicenseOwners":null,"Role":null,)", 0), 0u)
        << text;
    EXPECT_NE(text.find(R"("Type":"Unknown")"), std::string::npos);
    EXPECT_NE(text.find(R"("Lastlogin":"0001-01-01T00:00:00")"), std::string::npos);
    EXPECT_TRUE(text.ends_with(R"("TableRight":null,"FieldProperties":null})")) << text;
}

TEST(Json, WritesMasksAsNames)
{
    const std::string text = json::serialize(sampleUser());
    EXPECT_NE(text.find(R"("TableRight":{"Mask":"FULL","Reason":""})"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("FieldRight":{"Mask":"Update, UIHintMandatory","Reason":""})"), std::string::npos);
    EXPECT_NE(text.find(R"("CustomFields":{"x_level":"3","a_first":"1"})"), std::string::npos); // order kept
}

TEST(Json, EscapesStrings)
{
    User user;
    user.tooltip = std::string("quote \" backslash \\ newline \n tab \t bell \x07 æøå", 45);
    const auto value = bj::parse(json::serialize(user));
    EXPECT_EQ(value.at("Tooltip").as_string(), *user.tooltip);
    EXPECT_EQ(json::parse<User>(json::serialize(user)).tooltip, user.tooltip);
}

TEST(Json, BindsNamesCaseInsensitivelyInAnyOrder)
{
    const auto user = json::parse<User>(R"({"USERNAME":"a","associateid":4,"otherGROUPS":[{"iD":9}]})");
    EXPECT_EQ(user.userName, "a");
    EXPECT_EQ(user.associateId, 4);
    EXPECT_EQ((*user.otherGroups)[0].id, 9);
}

TEST(Json, IgnoresUnknownProperties)
{
    const auto user = json::parse<User>(R"({"Shoe":"size 9","Name":"JD","Person":{"Hat":[1]}})");
    EXPECT_EQ(user.name, "JD");
    EXPECT_TRUE(user.person);
}

TEST(Json, WrongTypesNameThePathAndTheExpectedType)
{
    const std::pair<const char*, const char*> cases[] = {
        { R"({"OtherGroups":[{"Id":1},{"Id":"2"}]})", "User.OtherGroups[1].Id: expected an integer, got a string" },
        { R"({"Name":5})", "User.Name: expected a string, got an integer" },
        { R"({"Deleted":"yes"})", "User.Deleted: expected a boolean, got a string" },
        { R"({"Rank":null})", "User.Rank: expected an integer, got null" },
        { R"({"Rank":2147483648})", "User.Rank: expected a 32-bit integer, got a number out of range" },
        { R"({"Rank":1.5})", "User.Rank: expected an integer, got a fractional number" },
        { R"({"Rank":1e300})", "User.Rank: expected a 32-bit integer, got a number out of range" },
        { R"({"Rank":-3e9})", "User.Rank: expected a 32-bit integer, got a number out of range" },
        { R"({"Person":[]})", "User.Person: expected an object, got an array" },
        { R"({"Credentials":{}})", "User.Credentials: expected an array, got an object" },
        { R"({"CustomFields":{"a":1}})", "User.CustomFields.a: expected a string, got an integer" },
        { R"({"TicketCategories":[{"ChildItems":[{"Id":true}]}]})",
            "User.TicketCategories[0].ChildItems[0].Id: expected an integer, got a boolean" },
        { R"({"Lastlogin":"2019-02-30T00:00:00"})", "User.Lastlogin: expected an ISO 8601 date-time" },
        { R"({"Type":"Superuser"})",
            "User.Type: expected one of Unknown, InternalAssociate, ResourceAssociate, ExternalAssociate, "
            "AnonymousAssociate, SystemAssociate, got an unknown name" },
        { R"({"TableRight":{"Mask":"Select, Fly"}})", "User.TableRight.Mask: expected one of None, Select" },
        { R"([])", "User: expected an object, got an array" },
    };
    for (const auto& [text, message] : cases) {
        const Error error = parseError<User>(text);
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest) << text;
        EXPECT_EQ(error.message().rfind(message, 0), 0u) << text << "\n -> " << error.message();
    }
    EXPECT_EQ(parseError<User>(R"({"OtherGroups":[{},{"Id":"2"}]})").source(), "User.OtherGroups[1].Id");
}

TEST(Json, RequestPathsStartAtTheRequest)
{
    const Error error = parseError<ExecuteUserCommandRequest>(R"({"user":{"Rank":"high"}})");
    EXPECT_EQ(error.message(), "ExecuteUserCommandRequest.User.Rank: expected an integer, got a string");
}

TEST(Json, MalformedJsonNamesLineAndColumn)
{
    const Error error = parseError<User>("{\n  \"Name\": \"x\",\n  \"Rank\": 12,,\n}");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.message().rfind("malformed JSON at line 3, column 14: ", 0), 0u) << error.message();
    EXPECT_EQ(parseError<User>("{\"Name\": \"x\"").message().rfind("malformed JSON at line 1, column 13", 0), 0u);
    EXPECT_EQ(parseError<User>("{} {}").message().rfind("malformed JSON at line 1, column 4", 0), 0u);
    EXPECT_FALSE(json::tryParseValue("[1,").has_value());
}

TEST(Json, AcceptsNumbersForEnumsAndSurroundingWhitespace)
{
    const auto user = json::parse<User>("  {\"Type\": 1, \"TableRight\": {\"Mask\": \"Select, Update\"}}\n");
    EXPECT_EQ(user.type, UserType::InternalAssociate);
    EXPECT_EQ(user.tableRight->mask, ETableRight::UR);
}

TEST(Json, NullResetsOptionalMembers)
{
    const auto user = json::parse<User>(R"({"Name":null,"Person":null,"OtherGroups":null,"ExtraFields":null})");
    EXPECT_FALSE(user.name);
    EXPECT_FALSE(user.person);
    EXPECT_FALSE(user.otherGroups);
    EXPECT_FALSE(user.extraFields);
}

TEST(Json, ReadThrowsAndTryReadReturnsTheSameError)
{
    const auto value = bj::parse(R"({"Rank":"x"})");
    EXPECT_THROW((void)json::read<User>(value), Exception);
    const auto result = json::tryRead<User>(value);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().source(), "User.Rank");
}

TEST(Json, ToValueGivesTheSameDocument)
{
    const User user = sampleUser();
    EXPECT_EQ(bj::serialize(json::toValue(user)), json::serialize(user));
}

TEST(Json, ADocumentLargerThanTheParsersArenaBindsInFull)
{
    // 200 dictionary entries of 2,000 characters: about 400 KB, more than the per-thread arena holds.
    boost::json::object fields;
    for (int i = 0; i < 200; ++i)
        fields["field" + std::to_string(i)] = std::string(1990, 'v') + " " + std::to_string(i);
    const auto text = boost::json::serialize(boost::json::object { { "Name", "JD" }, { "CustomFields", fields } });
    ASSERT_GT(text.size(), 256u * 1024);
    // The arena is reused: each round must work alike (Boost 1.81's monotonic_resource
    // doubled its next block on every spilling document until std::bad_alloc).
    for (int round = 0; round < 60; ++round) {
        const auto user = json::parse<User>(text);
        ASSERT_EQ(user.customFields->size(), 200u);
        EXPECT_EQ(user.customFields->begin()->first, "field0");
        EXPECT_EQ(*user.customFields->find("field199"), std::string(1990, 'v') + " 199");
    }
}

// ---------------------------------------------------------------- budgets while binding

TEST(Json, ADictionaryOverItsLimitIsRefusedBeforeItsEntriesAreBuilt)
{
    boost::json::object fields;
    for (int i = 0; i < 201; ++i)
        fields["k" + std::to_string(i)] = "v";
    const auto text = boost::json::serialize(boost::json::object { { "ExtraFields", fields } });
    const Error error = parseError<User>(text);
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.message(), "User.ExtraFields: has 201 entries; at most 200 are allowed");
    EXPECT_EQ(error.source(), "User.ExtraFields");
    fields.erase("k200");
    EXPECT_TRUE(json::tryParse<User>(boost::json::serialize(boost::json::object { { "ExtraFields", fields } })));
}

TEST(Json, MoreValuesThanTheLimitAreRefusedBeforeTheyAreBuilt)
{
    // Arrays of a few bytes per item that would cost a carrier each.
    boost::json::array categories(json::limits.values / 2, boost::json::object {});
    const auto text = boost::json::serialize(
        boost::json::object { { "OtherGroups", categories }, { "TicketCategories", categories } });
    const Error error = parseError<User>(text);
    EXPECT_EQ(error.message(),
        "User.TicketCategories: the document holds more than " + std::to_string(json::limits.values) +
            " values; no more are read");
}

TEST(Json, TooDeepIsRefusedWhenParsedAndWhenBoundFromAValueBuiltElsewhere)
{
    const std::string deep = R"({"Junk":)" + std::string(40, '[') + std::string(40, ']') + "}";
    EXPECT_EQ(parseError<User>(deep).message().rfind("the JSON nests deeper than 32 levels at line 1, column ", 0), 0u)
        << parseError<User>(deep).message();

    // Ticket categories hold child items, which hold child items…: a value built in code.
    boost::json::value category = boost::json::object {};
    for (int i = 0; i < 40; ++i)
        category = boost::json::object { { "ChildItems", boost::json::array { category } } };
    const auto bound =
        json::tryRead<User>(boost::json::object { { "TicketCategories", boost::json::array { category } } });
    ASSERT_FALSE(bound);
    EXPECT_NE(bound.error().message().find("the document nests deeper than 32 levels"), std::string::npos)
        << bound.error().message();
}
