// UserService::searchUsers: the REST list's search under the caller's rights.
#include <userservice/user_service.hpp>

#include <userservice/json.hpp>

#include <gtest/gtest.h>

#include "store_backends.hpp"

#include <set>

using namespace userservice;

namespace {

const CallerContext systemCaller = CallerContext::system();

/// On each store: the SQL of a search is each store's dialect.
class SearchTest : public ::testing::TestWithParam<Backend> {
protected:
    SearchTest()
        : registry(std::make_shared<PluginRegistry>())
    {
        // A rights plugin that hides the e-mail of users whose tooltip is "private"
        // from everyone but the system: the field a filter must not probe.
        registry->registerHost([](plugin::Registrar& r) {
            r.rightsModifier("private-email", [](const Principal& caller, const User* target, UserRights& rights) {
                if (!caller.isSystem() && target && target->tooltip == "private")
                    if (auto* email = rights.person.fields.find("Email"); email && email->fieldRight)
                        email->fieldRight->mask = EFieldRight::None;
            });
        });
        service.emplace(UserService::open(
            { .database = databaseFor(GetParam()), .passwordHashing = PasswordHashing::Minimal, .plugins = registry }));
        group = service->addUserGroup(systemCaller, { .value = "Sales" }).id;
        employee = service->addRole(systemCaller, { .name = "Employee", .roleType = RoleType::Employee }).roleId;
        for (const char* name : { "carol", "alice", "dave", "bob", "erin" })
            create(name, "Smith");
        outsider = create("zed", "Outsider", UserType::ExternalAssociate);
    }

    std::int32_t create(const std::string& userName, const std::string& lastname,
        UserType type = UserType::InternalAssociate, const std::string& tooltip = "")
    {
        User user;
        user.name = userName.substr(0, 1) + std::to_string(++created);
        user.userName = userName;
        user.type = type;
        user.tooltip = tooltip;
        user.role = Role { .roleId = employee };
        user.userGroup = UserGroup { .id = group };
        user.person = Person { .firstname = userName, .lastname = lastname, .email = userName + "@example.com" };
        return service->saveUser(systemCaller, user).associateId;
    }

    std::vector<std::string> userNames(const CallerContext& caller, const UserQueryText& text)
    {
        std::vector<std::string> names;
        for (const auto& user : service->searchUsers(caller, text).users)
            names.push_back(user.userName.value_or("?"));
        return names;
    }

    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }

    using Names = std::vector<std::string>;
    std::shared_ptr<PluginRegistry> registry;
    std::optional<UserService> service;
    std::int32_t group = 0, employee = 0, outsider = 0;
    int created = 0;
};

INSTANTIATE_TEST_SUITE_P(Stores, SearchTest, everyBackend, backendName);

TEST_P(SearchTest, FiltersAndOrdersAsAsked)
{
    EXPECT_EQ(userNames(systemCaller, { .filter = "person/lastname eq 'SMITH'", .orderBy = "userName" }),
        (Names { "alice", "bob", "carol", "dave", "erin" }));
    EXPECT_EQ(
        userNames(systemCaller, { .filter = "userName ge 'c' and not userName eq 'dave'", .orderBy = "userName desc" }),
        (Names { "zed", "erin", "carol" }));
    EXPECT_EQ(userNames(systemCaller,
                  { .filter = "userName oneOf('bob', 'ERIN') or startswith(userName, 'a')", .orderBy = "userName" }),
        (Names { "alice", "bob", "erin" }));
    EXPECT_EQ(userNames(systemCaller, { .filter = "type eq ExternalAssociate" }), (Names { "zed" }));
    EXPECT_EQ(userNames(systemCaller, { .filter = "person/email contains 'ob@'" }), (Names { "bob" }));
    EXPECT_EQ(userNames(systemCaller, { .filter = "userName contains '%'" }), Names {}); // a literal %, no wildcard
}

TEST_P(SearchTest, WithoutAnOrderUsersComeByAssociateId)
{
    EXPECT_EQ(userNames(systemCaller, { .top = "3" }), (Names { "carol", "alice", "dave" }));
    EXPECT_EQ(userNames(systemCaller, { .top = "2", .skip = "3" }), (Names { "bob", "erin" }));
}

TEST_P(SearchTest, EachUserIsWhatGetUserReturnsProjectedBySelect)
{
    const auto alice = CallerContext::user(service->getUserFromName(systemCaller, "alice")->associateId);
    const auto page = service->searchUsers(alice, UserQueryText { .filter = "userName eq 'bob'" });
    ASSERT_EQ(page.users.size(), 1u);
    const auto bob = service->getUser(alice, page.users[0].associateId);
    EXPECT_EQ(json::serialize(page.users[0]), json::serialize(*bob));
    const auto projected =
        service->searchUsers(alice, UserQueryText { .filter = "userName eq 'bob'", .select = "name" });
    EXPECT_EQ(projected.users.at(0).name, bob->name);
    EXPECT_FALSE(projected.users.at(0).userName.has_value());
}

TEST_P(SearchTest, CursorPagesThroughEveryMatchOnce)
{
    Names seen;
    UserQuery query = UserQuery::parse({ .orderBy = "person/lastname, userName desc", .top = "2" });
    for (int pages = 0; pages < 10; ++pages) {
        const auto page = service->searchUsers(systemCaller, query);
        for (const auto& user : page.users)
            seen.push_back(*user.userName);
        if (page.nextCursor.empty())
            break;
        EXPECT_EQ(page.users.size(), 2u);
        query.cursor = page.nextCursor;
    }
    EXPECT_EQ(seen, (Names { "zed", "erin", "dave", "carol", "bob", "alice" }));
}

TEST_P(SearchTest, KeysetPagingStaysCorrectWhileUsersAreInserted)
{
    UserQuery query = UserQuery::parse({ .filter = "person/lastname eq 'Smith'", .orderBy = "userName", .top = "2" });
    const auto first = service->searchUsers(systemCaller, query);
    ASSERT_EQ(first.users.size(), 2u); // alice, bob
    create("aaron", "Smith"); // before the cursor: an offset would repeat bob
    create("bobby", "Smith"); // after it: the next page holds it
    query.cursor = first.nextCursor;
    const auto second = service->searchUsers(systemCaller, query);
    Names names;
    for (const auto& user : second.users)
        names.push_back(*user.userName);
    EXPECT_EQ(names, (Names { "bobby", "carol" }));
}

TEST_P(SearchTest, ACallerNeverSeesNorCountsUsersItMayNotSee)
{
    const auto zed = CallerContext::user(outsider); // external: sees only itself
    EXPECT_EQ(userNames(zed, {}), (Names { "zed" }));
    EXPECT_EQ(userNames(zed, { .filter = "userName eq 'alice'" }), Names {});
    const auto page = service->searchUsers(zed, UserQueryText { .top = "1" });
    EXPECT_TRUE(page.nextCursor.empty()); // nothing more it may see: no next page to hint at others
}

TEST_P(SearchTest, AHiddenFieldNeverMatchesWhateverTheFilterSays)
{
    create("paula", "Smith", UserType::InternalAssociate, "private");
    const auto alice = CallerContext::user(service->getUserFromName(systemCaller, "alice")->associateId);
    // Neither the value nor its negation finds paula: her e-mail decides nothing.
    EXPECT_EQ(userNames(alice, { .filter = "person/email eq 'paula@example.com'" }), Names {});
    EXPECT_EQ(userNames(alice, { .filter = "not person/email eq 'x'", .orderBy = "userName", .top = "10" }),
        (Names { "alice", "bob", "carol", "dave", "erin", "zed" }));
    EXPECT_EQ(userNames(alice, { .filter = "person/lastname eq 'Smith'", .orderBy = "person/email" }),
        (Names { "alice", "bob", "carol", "dave", "erin" }));
    // By fields she may read, paula is found; and the system sees her e-mail.
    EXPECT_EQ(userNames(alice, { .filter = "userName eq 'paula'" }), (Names { "paula" }));
    EXPECT_EQ(userNames(systemCaller, { .filter = "person/email eq 'paula@example.com'" }), (Names { "paula" }));
}

TEST_P(SearchTest, ATypedQueryOutOfItsLimitsIsABadRequest)
{
    UserQuery query;
    query.top = 0;
    const auto result = service->trySearchUsers(systemCaller, query);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ErrorKind::BadRequest);
    EXPECT_EQ(result.error().source(), "$top");
    const auto parsed = service->trySearchUsers(systemCaller, UserQueryText { .filter = "name eq" });
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message(), "$filter: at 8: expected a value for 'name'");
}

TEST_P(SearchTest, ACursorFromAnotherOrderIsRefused)
{
    const auto page = service->searchUsers(systemCaller, UserQueryText { .orderBy = "userName", .top = "1" });
    ASSERT_FALSE(page.nextCursor.empty());
    UserQuery other = UserQuery::parse({ .orderBy = "name" });
    other.cursor = page.nextCursor;
    EXPECT_EQ(service->trySearchUsers(systemCaller, other).error().source(), "$skiptoken");
}

} // namespace
