#include <userservice/select.hpp>

#include "test_data.hpp"

#include <userservice/json.hpp>

#include <gtest/gtest.h>

using namespace userservice;

namespace {

// The seed's response, with a person, a role, a second group, rights and nested
// ticket categories added, so that every kind of field has something to lose.
User sampleUser()
{
    User user = json::parse<User>(readTestData("seeds/save_user_from_name.response.json"));
    user.person = Person { .position = "Manager",
        .personId = 5,
        .firstname = "Lisa",
        .lastname = "Martinez",
        .email = "lisa@example.com",
        .usePersonAddress = true,
        .tableRight = TableRight { ETableRight::FULL, "" } };
    user.role = Role { .roleId = 3, .name = "Admin", .roleType = RoleType::Employee, .rank = 2 };
    user.otherGroups->push_back(UserGroup { .value = "Support", .tooltip = "help", .id = 2, .rank = 1 });
    user.ticketCategories = std::vector<MDOListItem> {
        { .id = 1, .name = "Root", .childItems = std::vector<MDOListItem> { { .id = 2, .name = "Leaf", .rank = 9 } } }
    };
    user.tableRight = TableRight { ETableRight::FULL, "all" };
    user.fieldProperties = FieldProperties { { "Name", FieldProperty { std::nullopt, "System.String", 8 } } };
    return user;
}

User projected(std::string_view select)
{
    User user = sampleUser();
    Select::parse(select).apply(user);
    return user;
}

// The error of a $select that must fail.
Error parseError(std::string_view text)
{
    auto result = Select::tryParse(text);
    EXPECT_FALSE(result) << text;
    return result ? Error(ErrorKind::Internal, "parsed") : result.error();
}

std::vector<FieldError> fieldsOf(const Error& error)
{
    return { error.fields().begin(), error.fields().end() };
}

} // namespace

TEST(Select, TheSampleHasWhatTheTestsExpect)
{
    const User user = sampleUser();
    EXPECT_EQ(user.name, "Lisa Martinez");
    EXPECT_EQ(user.associateId, 18);
    ASSERT_TRUE(user.otherGroups);
    ASSERT_EQ(user.otherGroups->size(), 2u);
    EXPECT_EQ((*user.otherGroups)[0].id, 697);
    EXPECT_EQ((*user.otherGroups)[0].value, "voluptas");
    ASSERT_TRUE(user.credentials);
    EXPECT_EQ(user.credentials->size(), 2u);
    ASSERT_TRUE(user.customFields);
    EXPECT_EQ(user.type, UserType::InternalAssociate);
    EXPECT_NE(user.lastlogin, DateTime {});
}

TEST(Select, NothingToSelectKeepsEverything)
{
    EXPECT_TRUE(Select().selectsAll());
    for (const std::string_view text : { "", "   ", ",", " , ,\t, " }) {
        const Select select = Select::parse(text);
        EXPECT_TRUE(select.selectsAll()) << '"' << text << '"';
        EXPECT_EQ(select, Select());
        User user = sampleUser();
        select.apply(user);
        EXPECT_EQ(user, sampleUser()) << '"' << text << '"';
    }
}

TEST(Select, TopLevelFieldsKeepOnlyThemselves)
{
    const User original = sampleUser();
    const Select select = Select::parse("Name,AssociateId,Credentials,CustomFields");
    EXPECT_FALSE(select.selectsAll());

    User user = original;
    select.apply(user);
    User expected;
    expected.associateId = 18;
    expected.name = "Lisa Martinez";
    expected.credentials = original.credentials;
    expected.customFields = original.customFields;
    EXPECT_EQ(user, expected);
}

TEST(Select, WhatIsNotSelectedGetsItsDefault)
{
    const User user = projected("name");
    EXPECT_EQ(user.name, "Lisa Martinez");
    EXPECT_EQ(user.associateId, 0); // number
    EXPECT_FALSE(user.tooltip); // string -> null
    EXPECT_FALSE(user.otherGroups); // array -> null
    EXPECT_FALSE(user.person); // carrier -> null
    EXPECT_FALSE(user.customFields); // dictionary -> null
    EXPECT_EQ(user.type, UserType::Unknown); // enum
    EXPECT_EQ(user.lastlogin, DateTime {}); // date-time
    EXPECT_FALSE(user.tableRight); // rights are ordinary fields
    EXPECT_FALSE(user.fieldProperties);
    EXPECT_EQ(
        json::serialize(user).rfind(R"({"AssociateId":0,"Name":"Lisa Martinez","Rank":0,"Tooltip":null,)", 0), 0u);
}

TEST(Select, RightsAreOrdinaryFields)
{
    const User original = sampleUser();
    User expected;
    expected.tableRight = original.tableRight;
    expected.fieldProperties = original.fieldProperties;
    EXPECT_EQ(projected("TableRight, FieldProperties"), expected);

    // Inside a carrier too: person/tableRight keeps the person's rights only.
    expected = User {};
    expected.person = Person { .tableRight = TableRight { ETableRight::FULL, "" } };
    EXPECT_EQ(projected("person/tableRight"), expected);
}

TEST(Select, ANestedFieldKeepsOnlyItInsideItsCarrier)
{
    User expected;
    expected.person = Person { .firstname = "Lisa" };
    EXPECT_EQ(projected("person/firstname"), expected);

    expected.person->email = "lisa@example.com";
    expected.role = Role { .name = "Admin" };
    EXPECT_EQ(projected("person/firstname,person/email,role/name"), expected);
}

TEST(Select, AFieldOfAnArrayOfCarriersIsKeptInEveryElement)
{
    User expected;
    expected.otherGroups = std::vector<UserGroup> { { .id = 697 }, { .id = 2 } };
    EXPECT_EQ(projected("otherGroups/id"), expected);
}

TEST(Select, GoesThroughNestedArraysAndRecursiveCarriers)
{
    User expected;
    expected.ticketCategories =
        std::vector<MDOListItem> { { .childItems = std::vector<MDOListItem> { { .name = "Leaf" } } } };
    EXPECT_EQ(projected("ticketCategories/childItems/name"), expected);
}

TEST(Select, AbsentCarriersStayAbsent)
{
    User user = sampleUser();
    user.person.reset();
    user.otherGroups.reset();
    Select::parse("person/firstname, otherGroups/id").apply(user);
    EXPECT_EQ(user, User {});
}

TEST(Select, NamesAreCaseInsensitiveAndTrimmed)
{
    User expected;
    expected.person = Person { .firstname = "Lisa" };
    expected.otherGroups = std::vector<UserGroup> { { .id = 697 }, { .id = 2 } };
    expected.role = Role { .name = "Admin" };
    EXPECT_EQ(projected(" PERSON / FirstName ,otherGROUPS/Id ,, \trole/NAME "), expected);
    EXPECT_EQ(Select::parse("Person/Firstname"), Select::parse("person/firstname"));
    EXPECT_EQ(Select::parse("name, role"), Select::parse(" ROLE ,Name"));
    EXPECT_NE(Select::parse("name"), Select::parse("role"));
}

TEST(Select, ACarrierWithoutChildrenIsKeptWhole)
{
    const User original = sampleUser();
    User expected;
    expected.person = original.person;
    expected.otherGroups = original.otherGroups;
    EXPECT_EQ(projected("person, otherGroups"), expected);

    // Whole wins over some of its fields, whichever comes first.
    EXPECT_EQ(projected("person/firstname, person, otherGroups, otherGroups/id"), expected);
    EXPECT_EQ(projected("person, person/firstname, otherGroups/id, otherGroups"), expected);
    EXPECT_EQ(Select::parse("person/firstname, PERSON"), Select::parse("person"));
}

TEST(Select, OneSelectAppliesToManyUsers)
{
    const Select select = Select::parse("otherGroups/value");
    User first = sampleUser();
    User second = sampleUser();
    second.otherGroups->resize(1);
    select.apply(first);
    select.apply(second);
    select.apply(second); // applying again changes nothing
    ASSERT_TRUE(first.otherGroups && second.otherGroups);
    EXPECT_EQ(*first.otherGroups, (std::vector<UserGroup> { { .value = "voluptas" }, { .value = "Support" } }));
    EXPECT_EQ(*second.otherGroups, (std::vector<UserGroup> { { .value = "voluptas" } }));
}

TEST(Select, UnknownNamesAreAllReportedInOneError)
{
    try {
        (void)Select::parse("foo, name, person/bar, Person/Firstname,otherGroups/nope , role/name/");
        FAIL() << "parse did not throw";
    } catch (const Exception& e) {
        const Error& error = e.error();
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
        EXPECT_EQ(error.source(), "$select");
        EXPECT_EQ(error.message(),
            R"($select: unknown field(s) "foo", "person/bar", "otherGroups/nope"; )"
            R"("role/name/": empty field name)");
        EXPECT_EQ(fieldsOf(error),
            (std::vector<FieldError> { { "foo", "unknown field" }, { "person/bar", "unknown field" },
                { "otherGroups/nope", "unknown field" }, { "role/name/", "empty field name" } }));
    }
}

TEST(Select, UnknownNamesBelowAWholeCarrierAreReportedToo)
{
    const Error error = parseError("person, person/bar");
    EXPECT_EQ(error.message(), R"($select: unknown field(s) "person/bar")");
    EXPECT_EQ(fieldsOf(error), (std::vector<FieldError> { { "person/bar", "unknown field" } }));
}

TEST(Select, OnlyCarriersHaveFields)
{
    const Error error = parseError("name/x, extraFields/x, person/firstname/y, zzz");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.message(),
        R"($select: unknown field(s) "zzz"; "name/x": Name has no fields; )"
        R"("extraFields/x": ExtraFields has no fields; )"
        R"("person/firstname/y": Firstname has no fields)");
    EXPECT_EQ(fieldsOf(error),
        (std::vector<FieldError> { { "name/x", "Name has no fields" }, { "extraFields/x", "ExtraFields has no fields" },
            { "person/firstname/y", "Firstname has no fields" }, { "zzz", "unknown field" } }));
}

TEST(Select, EmptyNamesInAPathAreErrors)
{
    const Error error = parseError("person//firstname, /name, role/ ");
    EXPECT_EQ(error.message(),
        R"($select: "person//firstname": empty field name; "/name": empty field name; )"
        R"("role/": empty field name)");
    EXPECT_EQ(fieldsOf(error),
        (std::vector<FieldError> { { "person//firstname", "empty field name" }, { "/name", "empty field name" },
            { "role/", "empty field name" } }));
}

TEST(Select, TryParseReturnsTheErrorOrTheSelect)
{
    const auto failed = Select::tryParse("name, bogus");
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind(), ErrorKind::BadRequest);
    EXPECT_EQ(failed.error().message(), R"($select: unknown field(s) "bogus")");
    EXPECT_EQ(failed.error().source(), "$select");
    EXPECT_EQ(fieldsOf(failed.error()), (std::vector<FieldError> { { "bogus", "unknown field" } }));
    EXPECT_THROW((void)failed.value(), Exception);

    const auto parsed = Select::tryParse("name");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, Select::parse("Name"));
    User user = sampleUser();
    parsed->apply(user);
    User expected;
    expected.name = "Lisa Martinez";
    EXPECT_EQ(user, expected);
}
