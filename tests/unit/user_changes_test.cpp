#include <userservice/user_changes.hpp>

#include <gtest/gtest.h>

using namespace userservice;

namespace {

User someone()
{
    User user;
    user.associateId = 7;
    user.name = "AL";
    user.tooltip = "Sales";
    user.person = Person { .firstname = "Ada", .lastname = "Lovelace", .email = "ada@example.com" };
    return user;
}

std::vector<std::string> fieldsOf(const std::vector<FieldChange>& changes)
{
    std::vector<std::string> fields;
    for (const auto& change : changes)
        fields.push_back(change.field);
    return fields;
}

} // namespace

TEST(UserChanges, TheSameUserHasNone)
{
    EXPECT_TRUE(userChanges(someone(), someone()).empty());
}

TEST(UserChanges, ChangedFieldsComeInWireOrderWithTheirJsonForms)
{
    User after = someone();
    after.rank = 3;
    after.tooltip.reset();
    after.person->email = "ada@lovelace.example";
    const auto changes = userChanges(someone(), after);
    ASSERT_EQ(fieldsOf(changes), (std::vector<std::string> { "User.Rank", "User.Tooltip", "User.Person.Email" }));
    EXPECT_EQ(changes[0].before, boost::json::value(0));
    EXPECT_EQ(changes[0].after, boost::json::value(3));
    EXPECT_EQ(changes[1].before, boost::json::value("Sales"));
    EXPECT_TRUE(changes[1].after.is_null());
    EXPECT_EQ(changes[2].after, boost::json::value("ada@lovelace.example"));
}

TEST(UserChanges, APersonAddedOrRemovedIsOneChangeOfTheWholePerson)
{
    User without = someone();
    without.person.reset();
    const auto added = userChanges(without, someone());
    ASSERT_EQ(fieldsOf(added), (std::vector<std::string> { "User.Person" }));
    EXPECT_TRUE(added[0].before.is_null());
    EXPECT_EQ(added[0].after.at("Lastname"), boost::json::value("Lovelace"));
    EXPECT_EQ(fieldsOf(userChanges(someone(), without)), (std::vector<std::string> { "User.Person" }));
}

TEST(UserChanges, OutputOnlyFieldsAreNotCompared)
{
    User after = someone();
    after.tableRight = TableRight { .mask = ETableRight::Select };
    after.fieldProperties.emplace().set("Tooltip", FieldProperty {});
    after.postSaveCommands = std::vector<CustomCommand> { {} };
    EXPECT_TRUE(userChanges(someone(), after).empty());
}
