#include <userservice/carriers.hpp>

#include <gtest/gtest.h>

using namespace userservice;

TEST(Carriers, DefaultsAreWhatDotNetSends)
{
    const User user;
    EXPECT_EQ(user.associateId, 0);
    EXPECT_EQ(user.type, UserType::Unknown);
    EXPECT_FALSE(user.name);
    EXPECT_FALSE(user.otherGroups);
    EXPECT_EQ(user.lastlogin.toString(), "0001-01-01T00:00:00");
    EXPECT_FALSE(user.tableRight);
    EXPECT_EQ(CommandResult {}.result, CommandActionResult::Implicit);
    EXPECT_EQ(CustomCommand {}.actions, CommandAction::Implicit);
}

TEST(Carriers, EqualityComparesEveryMemberDeeply)
{
    User a;
    a.otherGroups = std::vector<UserGroup> { { .value = "Sales", .id = 1 } };
    User b = a;
    EXPECT_EQ(a, b);
    (*b.otherGroups)[0].tableRight = TableRight { ETableRight::Select, "" };
    EXPECT_NE(a, b);
}
