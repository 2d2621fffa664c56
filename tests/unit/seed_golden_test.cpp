// Golden tests: the seeds' sample documents parse, and the sample responses
// serialize back to the same document (same names, order and values).
#include <userservice/json.hpp>

#include "test_data.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace userservice;
namespace bj = boost::json;

namespace {

// Compares in order (bj::value's operator== ignores member order). The one
// allowed difference: the seeds show `{}` for carriers in arrays, a documentation
// artefact; such an object may come back with all of its properties.
void expectSameDocument(
    const bj::value& expected, const bj::value& actual, const std::string& path, bool inArray = false)
{
    if (expected.is_object() && actual.is_object()) {
        const auto& e = expected.get_object();
        const auto& a = actual.get_object();
        if (e.empty() && inArray)
            return;
        ASSERT_EQ(e.size(), a.size()) << path << ": " << bj::serialize(actual);
        auto ai = a.begin();
        for (const auto& member : e) {
            EXPECT_EQ(member.key(), ai->key()) << path;
            expectSameDocument(member.value(), ai->value(), path + "." + std::string(member.key()));
            ++ai;
        }
    } else if (expected.is_array() && actual.is_array()) {
        const auto& e = expected.get_array();
        const auto& a = actual.get_array();
        ASSERT_EQ(e.size(), a.size()) << path;
        for (std::size_t i = 0; i < e.size(); ++i)
            expectSameDocument(e[i], a[i], path + "[" + std::to_string(i) + "]", true);
    } else {
        EXPECT_EQ(expected, actual) << path;
    }
}

template <class T> void expectResponseRoundTrips(const std::string& file)
{
    const std::string text = readTestData("seeds/" + file);
    const T carrier = json::parse<T>(text);
    expectSameDocument(bj::parse(text), bj::parse(json::serialize(carrier)), file);
}

template <class T> T expectRequestParsesInBothCases(const std::string& name)
{
    const T pascal = json::parse<T>(readTestData("seeds/" + name + ".request.json"));
    const T camel = json::parse<T>(readTestData("seeds/" + name + ".request.camel.json"));
    EXPECT_EQ(pascal, camel) << name;
    return pascal;
}

} // namespace

TEST(SeedGolden, SaveUserResponseRoundTrips)
{
    expectResponseRoundTrips<User>("save_user.response.json");
}

TEST(SeedGolden, SaveUserFromNameResponseRoundTrips)
{
    expectResponseRoundTrips<User>("save_user_from_name.response.json");
}

TEST(SeedGolden, ExecuteUserCommandResponseRoundTrips)
{
    expectResponseRoundTrips<CommandResult>("execute_user_command.response.json");
}

TEST(SeedGolden, SaveUserRequestParsesInBothCases)
{
    const User user = expectRequestParsesInBothCases<User>("save_user");
    EXPECT_EQ(user.associateId, 837);
    EXPECT_EQ(user.name, "Kub, Bernier and Cartwright");
    EXPECT_EQ(user.type, UserType::AnonymousAssociate);
    EXPECT_EQ(user.lastlogin.toString(), "2019-11-18T03:40:48.1879959+01:00");
    ASSERT_TRUE(user.otherGroups);
    ASSERT_EQ(user.otherGroups->size(), 2u);
    EXPECT_EQ((*user.otherGroups)[1].id, 428);
    ASSERT_TRUE(user.licenseOwners);
    EXPECT_EQ((*user.licenseOwners)[0].restrictedModuleLicenses->size(), 2u);
    EXPECT_FALSE(user.role);
    ASSERT_TRUE(user.customFields);
    EXPECT_EQ(*user.customFields->find("CustomFields2"), "nulla");
    ASSERT_TRUE(user.postSaveCommands);
    EXPECT_EQ((*user.postSaveCommands)[0].actions, CommandAction::Implicit);
    EXPECT_FALSE(user.tableRight); // requests carry no rights
}

TEST(SeedGolden, SaveUserFromNameRequestParsesInBothCases)
{
    const auto request = expectRequestParsesInBothCases<SaveUserFromNameRequest>("save_user_from_name");
    EXPECT_EQ(request.userName, "Reilly-Kuhn");
    EXPECT_FALSE(request.user);
}

TEST(SeedGolden, ExecuteUserCommandRequestParsesInBothCases)
{
    const auto request = expectRequestParsesInBothCases<ExecuteUserCommandRequest>("execute_user_command");
    EXPECT_EQ(request.commandName, "Smith Group");
    EXPECT_EQ(request.actionResult, CommandActionResult::Cancel);
    EXPECT_FALSE(request.user);
}

TEST(SeedGolden, EmptyCarriersInArraysComeBackWithEveryProperty)
{
    const User user = json::parse<User>(readTestData("seeds/save_user.response.json"));
    const auto out = bj::parse(json::serialize(user));
    const auto& link = out.at("LicenseOwners").at(0).at("RestrictedModuleLicenses").at(0).as_object();
    EXPECT_TRUE(link.contains("ModuleLicenseId"));
    EXPECT_TRUE(link.contains("TableRight"));
}
