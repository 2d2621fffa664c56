#include <userservice/enums.hpp>

#include <gtest/gtest.h>

#include <algorithm>

using namespace userservice;

TEST(Enums, PlainEnumsTravelAsNames)
{
    EXPECT_EQ(toString(UserType::AnonymousAssociate), "AnonymousAssociate");
    EXPECT_EQ(toString(CommandAction::OkCancel), "OkCancel");
    EXPECT_EQ(toString(CommandActionResult::Cancel), "Cancel");
    EXPECT_EQ(enumFromString<UserType>("internalassociate"), UserType::InternalAssociate);
    EXPECT_EQ(enumFromString<UserType>("5"), UserType::SystemAssociate);
    EXPECT_EQ(enumFromString<UserType>("Superuser"), std::nullopt);
    EXPECT_EQ(enumFromString<UserType>("42"), std::nullopt);
}

TEST(Enums, TableRightsPrintAsDotNetDoes)
{
    EXPECT_EQ(toString(ETableRight::None), "None");
    EXPECT_EQ(toString(ETableRight::Select), "Select"); // not its alias R
    EXPECT_EQ(toString(ETableRight::FULL), "FULL");
    EXPECT_EQ(toString(ETableRight::Select | ETableRight::Update), "UR");
    EXPECT_EQ(toString(ETableRight::RI | ETableRight::RestrictedUpdate), "RI, RestrictedUpdate");
    // .NET takes the largest names first: WRITE (38), then RF (17), then Delete.
    EXPECT_EQ(
        toString(ETableRight::FULL | ETableRight::Filtering | ETableRight::RestrictedUpdate), "Delete, RF, WRITE");
    EXPECT_EQ(toString(static_cast<ETableRight>(64)), "64");
}

TEST(Enums, FieldRightsPrintAsDotNetDoes)
{
    EXPECT_EQ(toString(EFieldRight::Update | EFieldRight::UIHintMandatory), "Update, UIHintMandatory");
    EXPECT_EQ(toString(EFieldRight::Read | EFieldRight::UIHints), "Read, UIHints");
    EXPECT_EQ(toString(EFieldRight::Read), "Read");
}

TEST(Enums, FlagsParseFromAnyNamedCombination)
{
    EXPECT_EQ(enumFromString<ETableRight>("Select, Update"), ETableRight::UR);
    EXPECT_EQ(enumFromString<ETableRight>("RI,RestrictedUpdate"), ETableRight::RI | ETableRight::RestrictedUpdate);
    EXPECT_EQ(enumFromString<ETableRight>("full"), ETableRight::FULL);
    EXPECT_EQ(enumFromString<ETableRight>("R, F"), ETableRight::RF);
    EXPECT_EQ(
        enumFromString<EFieldRight>("Update, UIHintMandatory"), EFieldRight::Update | EFieldRight::UIHintMandatory);
    EXPECT_EQ(enumFromString<ETableRight>("Select, Fly"), std::nullopt);
    EXPECT_EQ(enumFromString<ETableRight>(""), std::nullopt);
}

TEST(Enums, EveryNameRoundTrips)
{
    for (const auto& entry : enumNames<ETableRight>())
        EXPECT_EQ(enumFromString<ETableRight>(toString(entry.value)), entry.value) << entry.name;
    for (const auto& entry : enumNames<EFieldRight>())
        EXPECT_EQ(enumFromString<EFieldRight>(toString(entry.value)), entry.value) << entry.name;
    for (const auto& entry : enumNames<UserType>())
        EXPECT_EQ(toString(entry.value), entry.name);
}

TEST(Enums, HasAllChecksEveryBit)
{
    EXPECT_TRUE(hasAll(ETableRight::FULL, ETableRight::UR));
    EXPECT_FALSE(hasAll(ETableRight::RI, ETableRight::UR));
}

TEST(Enums, AliasesParseButNeverPrint)
{
    const auto names = enumNames<ETableRight>();
    const auto alias = std::find_if(names.begin(), names.end(), [](const auto& entry) { return entry.name == "R"; });
    ASSERT_NE(alias, names.end());
    EXPECT_TRUE(alias->alias);
    EXPECT_EQ(enumFromString<ETableRight>("r"), ETableRight::Select);
    EXPECT_EQ(toString(ETableRight::R), "Select");
    EXPECT_EQ(toString(ETableRight::F), "Filtering");
    for (const auto& entry : enumNames<RoleType>())
        EXPECT_FALSE(entry.alias) << entry.name;
}

TEST(Enums, NamesAreListedInAscendingValueOrder)
{
    const auto names = enumNames<EFieldRight>();
    ASSERT_EQ(names.size(), 8u);
    EXPECT_EQ(names.front().name, "None");
    EXPECT_EQ(names.back().name, "UIHints");
    EXPECT_TRUE(
        std::is_sorted(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.value < b.value; }));
}
