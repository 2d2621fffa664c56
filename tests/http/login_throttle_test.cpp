// Sign-ins over HTTP: Basic credentials throttled per client address and user name
// (429 with Retry-After), the same answer for an unknown name and a wrong password,
// and no Argon2id for a save the caller may not make (issue 11, items 1 and 2).
#include "host_fixture.hpp"

#include <chrono>

namespace userservice::http::test {
namespace {

using namespace std::chrono_literals;
using beast_http::verb;

class LoginThrottle : public HttpHost {
protected:
    LoginThrottle()
        : HttpHost(throttled())
    {
    }

    Reply getAs(Client& from, const std::string& name, const std::string& password)
    {
        return from.send(verb::get, userPath(jdoe), {}, { { "Authorization", basic(name, password) } });
    }
};

TEST_F(LoginThrottle, RepeatedFailuresAnswer429WithRetryAfterAndTheRightPasswordWaitsForTheEnd)
{
    for (int i = 0; i < 4; ++i) // three free, the fourth starts the lockout
        EXPECT_EQ(getAs(*client, "jdoe", "guess " + std::to_string(i)).status, 401u);
    const auto locked = getAs(*client, "jdoe", jdoePassword);
    EXPECT_EQ(locked.status, 429u);
    EXPECT_EQ(locked.header("Retry-After"), "30");
    EXPECT_EQ(locked.json().at("ErrorType"), "TooManyRequestsException");
    EXPECT_EQ(locked.body.find(jdoePassword), std::string::npos);

    t.clock.advance(29s); // the service's clock: no sleeping
    EXPECT_EQ(getAs(*client, "jdoe", jdoePassword).status, 429u);
    EXPECT_EQ(getAs(*client, "jdoe", jdoePassword).header("Retry-After"), "1");
    t.clock.advance(1s);
    EXPECT_EQ(getAs(*client, "jdoe", jdoePassword).status, 200u);
}

TEST_F(LoginThrottle, AnotherUserFromAnotherAddressIsUnaffected)
{
    Client attacker(server->port(), "127.0.0.2");
    for (int i = 0; i < 10; ++i) // jdoe is locked after 4, then the address after 7 names
        getAs(attacker, i < 4 ? "jdoe" : "nobody" + std::to_string(i), "guess");
    EXPECT_EQ(getAs(attacker, "admin", adminPassword).status, 429u); // the attacker's address
    EXPECT_EQ(getAs(*client, "admin", adminPassword).status, 200u); // admin from its own address
    EXPECT_EQ(asAdmin(verb::get, userPath(admin)).status, 200u);
}

TEST_F(LoginThrottle, AnUnknownUserAndAWrongPasswordGetTheSameAnswer)
{
    const auto unknown = getAs(*client, "nobody", "guess");
    const auto wrong = getAs(*client, "jdoe", "guess");
    EXPECT_EQ(unknown.status, 401u);
    EXPECT_EQ(unknown.status, wrong.status);
    EXPECT_EQ(unknown.body, wrong.body);
    // Every header alike but the request id, which is each request's own.
    const auto headersOf = [](const auto& reply) {
        std::vector<std::pair<std::string, std::string>> headers;
        for (const auto& field : reply.headers)
            if (field.name_string() != "X-Request-Id")
                headers.emplace_back(field.name_string(), field.value());
        return headers;
    };
    EXPECT_EQ(headersOf(unknown), headersOf(wrong));
    for (int i = 0; i < 3; ++i) // and the same lockout
        getAs(*client, "nobody", "guess");
    EXPECT_EQ(getAs(*client, "nobody", "guess").status, 429u);
}

TEST_F(LoginThrottle, ARefusedSaveWithManyPasswordsHashesNothing)
{
    ASSERT_EQ(asJdoe(verb::get, userPath(jdoe)).status, 200u); // jdoe's own sign-in is verified (and remembered)
    const auto done = t.service.passwordWorkLoad().done;
    boost::json::array credentials;
    for (int i = 0; i < 40; ++i)
        credentials.push_back({ { "Type", { { "Type", "password" } } }, { "Value", "taken over" } });
    auto body = asAdmin(verb::get, userPath(admin)).json().as_object();
    body["Credentials"] = credentials;
    const auto refused = asJdoe(verb::put, userPath(admin), boost::json::serialize(body));
    EXPECT_TRUE(refused.status == 403u || refused.status == 404u) << refused.status << " " << refused.body;
    const auto twice = asAdmin(verb::put, userPath(admin), boost::json::serialize(body));
    EXPECT_EQ(twice.status, 400u) << twice.body;
    EXPECT_NE(twice.body.find("User.Credentials[1].Type.Type"), std::string::npos) << twice.body;
    EXPECT_EQ(twice.body.find("taken over"), std::string::npos);
    EXPECT_EQ(t.service.passwordWorkLoad().done, done + 1) << "only admin's first sign-in";
}

} // namespace
} // namespace userservice::http::test
