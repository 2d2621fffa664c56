// A user's API tokens over REST (User/{id}/ApiToken): issued with the secret shown once,
// listed without secrets, revoked for good; a user administrator's job; a user the
// caller may not see, or a token of another user, is a 404.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

using beast_http::verb;

class ApiTokenRoutes : public HttpHost {
protected:
    std::string tokensOf(const User& user) const { return userPath(user) + "/ApiToken"; }

    Reply asBearer(const std::string& secret, const std::string& target)
    {
        return client->send(verb::get, target, {}, { { "Authorization", "Bearer " + secret } });
    }
};

TEST_F(ApiTokenRoutes, AnIssuedTokensSecretIsShownOnceAndWorks)
{
    const auto issued = asAdmin(verb::post, tokensOf(jdoe), R"({"label":"console"})");
    ASSERT_EQ(issued.status, 201u) << issued.body;
    EXPECT_EQ(issued.header("Cache-Control"), "no-store");
    const auto body = issued.json();
    const std::string secret(body.at("Secret").as_string());
    EXPECT_TRUE(secret.starts_with("ust_")) << secret;
    EXPECT_EQ(body.at("Label"), "console");
    EXPECT_EQ(body.at("AssociateId"), jdoe.associateId);
    EXPECT_EQ(issued.header("Location"), tokensOf(jdoe) + "/" + std::to_string(body.at("Id").as_int64()));

    const auto me = asBearer(secret, "/api/v1/User/currentUser");
    EXPECT_EQ(me.status, 200u);
    EXPECT_EQ(me.json().at("UserName"), "jdoe");
    const auto listed = asAdmin(verb::get, tokensOf(jdoe));
    ASSERT_EQ(listed.status, 200u) << listed.body;
    ASSERT_EQ(listed.json().as_array().size(), 1u);
    EXPECT_EQ(listed.json().as_array()[0].at("Id"), body.at("Id"));
    EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the list never holds a secret";
    EXPECT_EQ(listed.body.find("Secret"), std::string::npos);
    for (const auto& line : accessLog.get())
        EXPECT_EQ(line.find(secret), std::string::npos) << line;
}

TEST_F(ApiTokenRoutes, ARevokedTokenNoLongerSignsIn)
{
    const auto issued = asAdmin(verb::post, tokensOf(jdoe), "{}").json();
    const std::string secret(issued.at("Secret").as_string());
    const auto path = tokensOf(jdoe) + "/" + std::to_string(issued.at("Id").as_int64());
    EXPECT_EQ(asAdmin(verb::delete_, path).status, 204u);
    EXPECT_EQ(asBearer(secret, "/api/v1/User/currentUser").status, 401u);
    EXPECT_EQ(asAdmin(verb::delete_, path).status, 404u) << "revoked for good";
    EXPECT_EQ(asAdmin(verb::get, tokensOf(jdoe)).body, "[]");
}

TEST_F(ApiTokenRoutes, OnlyAUserAdministratorManagesTokensAndAnotherUsersTokenIsNotFound)
{
    EXPECT_EQ(asJdoe(verb::get, tokensOf(jdoe)).status, 403u);
    EXPECT_EQ(asJdoe(verb::post, tokensOf(jdoe), "{}").status, 403u);
    const auto adminsToken = t.service.apiTokens(t.system(), admin.associateId).at(0);
    const auto wrongOwner = asAdmin(verb::delete_, tokensOf(jdoe) + "/" + std::to_string(adminsToken.id));
    EXPECT_EQ(wrongOwner.status, 404u) << wrongOwner.body;
    EXPECT_EQ(asBearer(token, "/api/v1/User/currentUser").status, 200u) << "admin's token is unharmed";
    EXPECT_EQ(asAdmin(verb::get, "/api/v1/User/9999/ApiToken").status, 404u);
}

TEST_F(ApiTokenRoutes, BadRequestsAreClear4xxs)
{
    const auto longLabel = asAdmin(verb::post, tokensOf(jdoe), R"({"label":")" + std::string(300, 'x') + R"("})");
    EXPECT_EQ(longLabel.status, 400u);
    EXPECT_EQ(longLabel.json().at("ErrorSource"), "ApiToken.Label");
    EXPECT_EQ(asAdmin(verb::delete_, tokensOf(jdoe) + "/abc").status, 400u);
    EXPECT_EQ(asAdmin(verb::put, tokensOf(jdoe), "{}").status, 405u);
    EXPECT_EQ(asAdmin(verb::get, tokensOf(jdoe) + "/1").status, 405u);
    EXPECT_EQ(asAdmin(verb::get, tokensOf(jdoe) + "/1/x").status, 404u);
    EXPECT_TRUE(t.service.apiTokens(t.system(), jdoe.associateId).empty()) << "nothing issued by a bad request";
}

} // namespace
} // namespace userservice::http::test
