// GET /api/v1/User: the REST list over HTTP, its paging by nextLink, its errors and
// the caller's rights.
#include "host_fixture.hpp"

#include <boost/url/url.hpp>

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

std::string listTarget(std::initializer_list<std::pair<std::string_view, std::string_view>> options)
{
    boost::urls::url target("/api/v1/User");
    for (const auto& [name, value] : options)
        target.params().append({ name, value });
    return std::string(target.buffer());
}

std::vector<std::string> userNamesIn(const bj::value& list)
{
    std::vector<std::string> names;
    for (const auto& user : list.at("value").as_array())
        names.emplace_back(user.at("UserName").as_string());
    return names;
}

class ListRoute : public HttpHost {
protected:
    ListRoute()
    {
        for (const char* name : { "ursula", "ulf", "una", "uwe", "ugo" })
            t.addUser(name);
    }
};

TEST_F(ListRoute, PagesFollowTheNextLinkUntilTheLastPage)
{
    std::vector<std::string> seen;
    std::string target = listTarget({ { "$filter", "userName begins 'u'" }, { "$orderBy", "userName desc" },
        { "$top", "2" }, { "$select", "userName" } });
    for (int pages = 0; pages < 5 && !target.empty(); ++pages) {
        const auto reply = asJdoe(beast_http::verb::get, target);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        const auto list = reply.json();
        for (const auto& name : userNamesIn(list))
            seen.push_back(name);
        EXPECT_TRUE(list.at("value").at(0).at("Name").is_null()) << "$select keeps only UserName";
        const auto* link = list.as_object().if_contains("odata.nextLink");
        target = link ? std::string(link->as_string()) : std::string();
    }
    EXPECT_EQ(seen, (std::vector<std::string> { "uwe", "ursula", "una", "ulf", "ugo" }));
}

TEST_F(ListRoute, ABadFilterIsA400NamingWhereItWentWrong)
{
    const auto reply = asJdoe(beast_http::verb::get, listTarget({ { "$filter", "name 'x'" } }));
    ASSERT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.json().at("Message"), "$filter: at 6: expected an operator after 'name'");
    EXPECT_EQ(reply.json().at("ErrorSource"), "$filter");
    const auto tooMany = asJdoe(beast_http::verb::get, listTarget({ { "$top", "5000" } }));
    ASSERT_EQ(tooMany.status, 400u) << tooMany.body;
    EXPECT_EQ(tooMany.json().at("ErrorSource"), "$top");
    const auto put = asJdoe(beast_http::verb::put, "/api/v1/User", "{}");
    ASSERT_EQ(put.status, 405u) << put.body;
    EXPECT_EQ(put.json().at("Message"), "User answers GET (the list) and POST");
}

TEST_F(ListRoute, AnExternalUserListsOnlyItself)
{
    const std::string password = "outside password 1";
    addWithPassword(t.newUser("outsider", UserType::ExternalAssociate), password, t.employee);
    const auto reply = client->send(beast_http::verb::get, listTarget({ { "$filter", "userName begins 'u'" } }), {},
        { { "Authorization", basic("outsider", password) } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_TRUE(reply.json().at("value").as_array().empty()) << reply.body;
    const auto all =
        client->send(beast_http::verb::get, "/api/v1/User", {}, { { "Authorization", basic("outsider", password) } });
    ASSERT_EQ(all.status, 200u) << all.body;
    EXPECT_EQ(userNamesIn(all.json()), std::vector<std::string> { "outsider" });
    EXPECT_FALSE(all.json().as_object().contains("odata.nextLink"));
}

} // namespace
} // namespace userservice::http::test
