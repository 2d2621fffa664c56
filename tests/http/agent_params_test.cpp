// Agent methods read their parameters from the query string or from a JSON body, in
// camelCase or PascalCase: the forms the official WebAPI clients send.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

TEST_F(HttpHost, GetUserAndGetUserFromNameTakeTheirParametersEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto byId = agentAsAdmin("GetUser", { { "userId", jdoe.associateId } }, way);
        ASSERT_EQ(byId.status, 200u) << byId.body;
        EXPECT_EQ(byId.json().at("UserName"), "jdoe");
        const auto byName = agentAsAdmin("GetUserFromName", { { "userName", "JDOE" } }, way);
        ASSERT_EQ(byName.status, 200u) << byName.body;
        EXPECT_EQ(byName.json().at("AssociateId"), jdoe.associateId);
    }
}

TEST_F(HttpHost, AnIdSentAsAJsonStringIsReadLikeTheQueryString)
{
    const auto reply = agentAsAdmin("GetUser", { { "userId", std::to_string(jdoe.associateId) } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json().at("UserName"), "jdoe");
}

TEST_F(HttpHost, ABadOrMissingParameterIsA400NamingIt)
{
    struct Case {
        const char* method;
        bj::object params;
        const char* source;
        const char* message;
        bool typedInJsonOnly = false; ///< in a query string every value is text
    };
    const std::vector<Case> cases {
        { "GetUser", {}, "userId", "userId is required" },
        { "GetUser", { { "userId", "abc" } }, "userId", "userId: expected an integer, got \"abc\"" },
        { "GetUser", { { "userId", -3 } }, "userId", "userId: expected a positive integer id, got -3" },
        { "GetUser", { { "userId", 4294967296 } }, "userId", "userId: expected a positive integer id" },
        { "GetUser", { { "userId", true } }, "userId", "userId: expected an integer, got true", true },
        { "GetUserFromName", {}, "userName", "userName is required" },
        { "GetUserFromName", { { "userName", "" } }, "userName", "userName is required" },
        { "GetUserFromName", { { "userName", 12 } }, "userName", "userName: expected a string, got 12", true },
    };
    for (const auto& c : cases) {
        for (const auto way : everyWay) {
            if (c.typedInJsonOnly && way == Way::Query)
                continue;
            SCOPED_TRACE(std::string(c.method) + " " + bj::serialize(c.params) + " " + nameOf(way));
            const auto reply = agentAsAdmin(c.method, c.params, way);
            ASSERT_EQ(reply.status, 400u) << reply.body;
            EXPECT_EQ(reply.json().at("ErrorSource"), c.source);
            EXPECT_NE(std::string(reply.json().at("Message").as_string()).find(c.message), std::string::npos)
                << reply.body;
        }
    }
}

TEST_F(HttpHost, AQueryParameterWinsOverTheBodyAndABodyThatIsNotJsonIsRefused)
{
    const auto both = asAdmin(beast_http::verb::post, "/api/v1/Agents/User/GetUserFromName?userName=admin",
        R"({"userName": "jdoe"})");
    ASSERT_EQ(both.status, 200u) << both.body;
    EXPECT_EQ(both.json().at("UserName"), "admin");
    const auto malformed = asAdmin(beast_http::verb::post, "/api/v1/Agents/User/GetUserFromName", "{\"userName\": ");
    EXPECT_EQ(malformed.status, 400u) << malformed.body;
}

TEST_F(HttpHost, AMethodOfTheAgentNotServedIsA501WithTheReasonAndNoFault)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto reply = agentAsAdmin("getServiceAuth", { { "serviceAuthId", 1 } }, way);
        ASSERT_EQ(reply.status, 501u) << reply.body;
        EXPECT_EQ(reply.json().at("Message"),
            "GetServiceAuth is not served by this host: this product keeps no ServiceAuth (mail server logins)");
    }
    EXPECT_EQ(agentAsAdmin("GetServiceAuthorization", {}).status, 404u); // not a method of the agent at all
    EXPECT_TRUE(log.get().empty()) << log.get().front(); // a 501 here is a documented answer, not a server fault
}

} // namespace
} // namespace userservice::http::test
