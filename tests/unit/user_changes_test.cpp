#include <userservice/json.hpp>
#include <userservice/user_changes.hpp>

#include "carrier_fields.hpp"
#include "field_values.hpp"

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

// userChanges builds scalar values directly, not through JSON text: each must still be the
// value the wire writes for the field (json::toValue), null included (someone() leaves
// most fields empty).
TEST(UserChanges, EachPlainFieldsValuesAreTheOnesTheWireWrites)
{
    const User before = someone();
    int checked = 0;
    detail::forEachField<User>([&](const auto& field) {
        User after = before;
        if (!testing_values::change(after.*field.member, checked))
            return;
        const auto changes = userChanges(before, after);
        const std::string name(field.name);
        ASSERT_EQ(changes.size(), 1u) << name;
        EXPECT_EQ(changes[0].field, "User." + name);
        EXPECT_EQ(changes[0].before, json::toValue(before).at(name)) << name;
        EXPECT_EQ(changes[0].after, json::toValue(after).at(name)) << name;
        ++checked;
    });
    EXPECT_GE(checked, 15); // every scalar field of User today
}
