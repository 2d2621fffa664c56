// The console's sign-in sessions (issue 15): POST /api/v1/Session checks the password as
// Basic does, sets an HttpOnly SameSite=Strict cookie and answers an X-XSRF-TOKEN that
// every cookie request must carry; sessions expire (idle, absolute) and end at sign-out;
// the login throttling applies; Basic and Bearer clients are unaffected.
#include "console_fixture.hpp"

namespace userservice::http::test {
namespace {

using namespace std::chrono_literals;
using beast_http::verb;

class Session : public ConsoleHost {
protected:
    std::string jdoePath() const { return userPath(jdoe); }
};

TEST_F(Session, SignInSetsAStrictCookieAndAnswersTheXsrfToken)
{
    const auto session = signIn("admin", adminPassword);
    ASSERT_EQ(session.reply.status, 200u) << session.reply.body;
    const auto cookie = session.reply.header("Set-Cookie");
    EXPECT_TRUE(cookie.starts_with("userservice_session=")) << cookie;
    EXPECT_GT(session.cookie.size(), std::string("userservice_session=").size() + 40);
    for (const auto* attribute : { "; Path=/", "; HttpOnly", "; SameSite=Strict" })
        EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " in " << cookie;
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no TLS here: " << cookie;
    EXPECT_EQ(cookie.find("Max-Age"), std::string::npos) << "a browser session cookie: " << cookie;
    EXPECT_EQ(session.reply.header("Cache-Control"), "no-store");
    const auto body = session.reply.json();
    EXPECT_EQ(body.at("AssociateId"), admin.associateId);
    EXPECT_GE(session.xsrf.size(), 40u);
    EXPECT_EQ(session.reply.body.find(session.cookie.substr(20)), std::string::npos)
        << "the secret is only in the cookie";

    const auto reply = asSession(session, verb::get, jdoePath());
    EXPECT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json().at("UserName"), "jdoe");
    // Runs as the session's user: jdoe's session cannot do what only an administrator may.
    const auto ordinary = signIn("jdoe", jdoePassword);
    EXPECT_EQ(asSession(ordinary, verb::delete_, userPath(admin)).status, 403u);
}

TEST_F(Session, ACookieRequestWithoutTheSessionsXsrfTokenIsRefused)
{
    const auto session = signIn("admin", adminPassword);
    const auto without = asSession(session, verb::get, jdoePath(), {}, false);
    EXPECT_EQ(without.status, 403u);
    EXPECT_NE(without.json().at("Message").as_string().find("X-XSRF-TOKEN"), std::string::npos) << without.body;
    auto other = session;
    other.xsrf = signIn("admin", adminPassword).xsrf; // another session's token
    EXPECT_EQ(asSession(other, verb::get, jdoePath()).status, 403u);
    other.xsrf = session.xsrf.substr(1);
    EXPECT_EQ(asSession(other, verb::get, jdoePath()).status, 403u);
    EXPECT_EQ(asSession(session, verb::get, jdoePath()).status, 200u); // the session itself is unharmed
}

TEST_F(Session, BasicAndBearerClientsAreUnaffectedByACookie)
{
    const auto session = signIn("jdoe", jdoePassword);
    // The Authorization header decides: no X-XSRF-TOKEN needed, and it runs as its own user.
    const auto basic = asAdmin(verb::get, "/api/v1/User/currentUser", {}, { { "Cookie", session.cookie } });
    EXPECT_EQ(basic.status, 200u) << basic.body;
    EXPECT_EQ(basic.json().at("UserName"), "admin");
    const auto bearer = client->send(verb::get, "/api/v1/User/currentUser", {},
        { { "Authorization", "Bearer " + token }, { "Cookie", session.cookie } });
    EXPECT_EQ(bearer.status, 200u);
    EXPECT_EQ(bearer.json().at("UserName"), "admin");
    EXPECT_EQ(asAdmin(verb::get, jdoePath()).status, 200u);
}

TEST_F(Session, AnUnusedSessionExpiresAndUseKeepsItAliveUpToItsLifetime)
{
    const auto idle = signIn("admin", adminPassword);
    const auto busy = signIn("admin", adminPassword);
    for (int i = 0; i < 3; ++i) { // 3 x 20 minutes: beyond the 30 idle minutes, used every 20
        advance(20min);
        EXPECT_EQ(asSession(busy, verb::get, jdoePath()).status, 200u) << i;
    }
    const auto ended = asSession(idle, verb::get, jdoePath());
    EXPECT_EQ(ended.status, 401u);
    EXPECT_NE(ended.header("Set-Cookie").find("Max-Age=0"), std::string::npos) << "the browser forgets it";
    EXPECT_EQ(ended.header("WWW-Authenticate").find("Basic"), std::string::npos) << "no browser dialog";

    while (now.load() < std::chrono::steady_clock::time_point {} + 100h + 12h - 20min) {
        advance(20min);
        ASSERT_EQ(asSession(busy, verb::get, jdoePath()).status, 200u);
    }
    advance(20min); // 12 hours after sign-in, however busy
    EXPECT_EQ(asSession(busy, verb::get, jdoePath()).status, 401u);
}

TEST_F(Session, SignOutEndsTheSessionAndClearsTheCookie)
{
    const auto session = signIn("admin", adminPassword);
    EXPECT_EQ(asSession(session, verb::delete_, "/api/v1/Session", {}, false).status, 403u); // needs the token too
    EXPECT_EQ(asSession(session, verb::get, jdoePath()).status, 200u);
    const auto out = asSession(session, verb::delete_, "/api/v1/Session");
    EXPECT_EQ(out.status, 204u);
    EXPECT_NE(out.header("Set-Cookie").find("userservice_session=;"), std::string::npos) << out.header("Set-Cookie");
    EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(asSession(session, verb::get, jdoePath()).status, 401u);
    EXPECT_EQ(asSession(session, verb::get, "/api/v1/Session").status, 401u);
}

TEST_F(Session, GetAnswersTheCookiesSessionAfterAReload)
{
    const auto session = signIn("jdoe", jdoePassword);
    const auto again = client->send(verb::get, "/api/v1/Session", {}, { { "Cookie", session.cookie } });
    ASSERT_EQ(again.status, 200u);
    EXPECT_EQ(again.json().at("XsrfToken").as_string(), session.xsrf);
    EXPECT_EQ(again.json().at("AssociateId"), jdoe.associateId);
    const auto none = client->send(verb::get, "/api/v1/Session");
    EXPECT_EQ(none.status, 401u);
    EXPECT_EQ(none.header("WWW-Authenticate").find("Basic"), std::string::npos);
    const auto forged = client->send(verb::get, "/api/v1/Session", {}, { { "Cookie", "userservice_session=forged" } });
    EXPECT_EQ(forged.status, 401u);
}

TEST_F(Session, AWrongPasswordAnswersLikeBasicAndLikeAnUnknownName)
{
    const auto wrong = signIn("jdoe", "guess").reply;
    const auto unknown = signIn("nobody", "guess").reply;
    const auto viaBasic = client->send(verb::get, jdoePath(), {}, { { "Authorization", basic("jdoe", "guess") } });
    EXPECT_EQ(wrong.status, 401u);
    EXPECT_EQ(unknown.status, 401u);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_EQ(wrong.body, viaBasic.body);
    EXPECT_TRUE(wrong.header("Set-Cookie").empty());
    EXPECT_EQ(wrong.header("WWW-Authenticate"), unknown.header("WWW-Authenticate"));
    EXPECT_EQ(wrong.body.find("guess"), std::string::npos);
}

TEST_F(Session, BadSignInRequestsAreClear400sAndThePasswordNeverInTheQuery)
{
    const auto query = client->send(verb::post, "/api/v1/Session?userName=jdoe&password=secret1", "{}");
    EXPECT_EQ(query.status, 400u);
    EXPECT_EQ(query.json().at("ErrorSource"), "password");
    const auto missing = client->send(verb::post, "/api/v1/Session", R"({"userName":"jdoe"})");
    EXPECT_EQ(missing.status, 400u);
    EXPECT_EQ(missing.json().at("ErrorSource"), "password");
    const auto form = client->send(verb::post, "/api/v1/Session", "userName=jdoe&password=x",
        { { "Content-Type", "application/x-www-form-urlencoded" } });
    EXPECT_EQ(form.status, 415u); // a cross-site HTML form cannot sign anyone in
    EXPECT_EQ(client->send(verb::put, "/api/v1/Session", "{}").status, 405u);
}

TEST_F(Session, NoSecretInTheAccessLog)
{
    const auto session = signIn("admin", adminPassword);
    asSession(session, verb::get, jdoePath());
    for (const auto& line : accessLog.get()) {
        EXPECT_EQ(line.find(session.cookie.substr(20)), std::string::npos) << line;
        EXPECT_EQ(line.find(session.xsrf), std::string::npos) << line;
        EXPECT_EQ(line.find(adminPassword), std::string::npos) << line;
    }
}

// What a sign-in rests on (UserService::signInStamp): a session ends at its next
// request when the user's password changes, one of its API tokens is revoked, or the
// user is retired; another user's change ends nothing.
TEST_F(Session, APasswordChangedEndsTheUsersSessionsAtTheirNextRequest)
{
    const auto jdoeSession = signIn("jdoe", jdoePassword);
    const auto adminSession = signIn("admin", adminPassword);
    const auto set = agentAsAdmin("SetPassword", { { "associateId", jdoe.associateId }, { "password", "new one 2" } });
    ASSERT_EQ(set.status, 200u) << set.body;
    const auto ended = asSession(jdoeSession, verb::get, jdoePath());
    EXPECT_EQ(ended.status, 401u);
    EXPECT_NE(ended.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(client->send(verb::get, "/api/v1/Session", {}, { { "Cookie", jdoeSession.cookie } }).status, 401u);
    EXPECT_EQ(asSession(adminSession, verb::get, jdoePath()).status, 200u) << "another user's password";
    EXPECT_EQ(signIn("jdoe", "new one 2").reply.status, 200u);
}

TEST_F(Session, ChangingOnesOwnPasswordEndsOnesSessionsToo)
{
    const auto session = signIn("jdoe", jdoePassword);
    boost::json::object body { { "oldPassword", jdoePassword }, { "newPassword", "jdoe password 2" } };
    const auto changed =
        asSession(session, verb::post, "/api/v1/Agents/User/ChangeOwnPassword", boost::json::serialize(body));
    ASSERT_EQ(changed.status, 200u) << changed.body;
    EXPECT_EQ(asSession(session, verb::get, jdoePath()).status, 401u);
}

TEST_F(Session, ARevokedApiTokenEndsTheUsersSessionsAndANewOneDoesNot)
{
    const auto first = t.service.issueApiToken(t.system(), jdoe.associateId, "first").token;
    const auto session = signIn("jdoe", jdoePassword);
    t.service.issueApiToken(t.system(), jdoe.associateId, "second");
    EXPECT_EQ(asSession(session, verb::get, jdoePath()).status, 200u) << "a token issued since ends nothing";
    t.service.revokeApiToken(t.system(), first.id);
    EXPECT_EQ(asSession(session, verb::get, jdoePath()).status, 401u);
}

TEST_F(Session, TheSessionThatRevokesItsOwnUsersTokenGoesOnAndItsOtherSessionsEnd)
{
    const auto adminToken = t.service.apiTokens(t.system(), admin.associateId).at(0);
    const auto revoking = signIn("admin", adminPassword);
    const auto other = signIn("admin", adminPassword);
    const auto revoked =
        asSession(revoking, verb::delete_, userPath(admin) + "/ApiToken/" + std::to_string(adminToken.id));
    ASSERT_EQ(revoked.status, 204u) << revoked.body;
    EXPECT_EQ(asSession(revoking, verb::get, jdoePath()).status, 200u);
    EXPECT_EQ(asSession(other, verb::get, jdoePath()).status, 401u);
}

TEST_F(Session, ARetiredUsersSessionsEnd)
{
    const auto session = signIn("jdoe", jdoePassword);
    const auto retired = agentAsAdmin("MakeRetired", { { "associateId", jdoe.associateId }, { "retired", true } });
    ASSERT_EQ(retired.status, 204u) << retired.body;
    EXPECT_EQ(asSession(session, verb::get, "/api/v1/User/currentUser").status, 401u);
}

// The console shows a refused save's problems next to their fields: the error body's
// Fields (our extension of the WebAPI body) names each one.
TEST_F(Session, ARefusedSavesFieldsComeByNameInTheErrorBody)
{
    auto copy = t.service.getUser(t.system(), jdoe.associateId).value();
    copy.userName = "ADMIN";
    copy.name = admin.name;
    const auto clash = asAdmin(verb::put, jdoePath(), json::serialize(copy));
    ASSERT_EQ(clash.status, 409u) << clash.body;
    const auto body = clash.json();
    const auto& fields = body.at("Fields").as_object();
    EXPECT_NE(fields.at("User.UserName").as_string().find("already taken"), std::string::npos) << clash.body;
    EXPECT_TRUE(fields.contains("User.Name")) << clash.body;

    copy = t.service.getUser(t.system(), jdoe.associateId).value();
    copy.name = "JDX";
    const auto refused = asJdoe(verb::put, jdoePath(), json::serialize(copy));
    ASSERT_EQ(refused.status, 403u) << refused.body;
    EXPECT_TRUE(refused.json().at("Fields").as_object().contains("User.Name")) << refused.body;
    EXPECT_FALSE(asAdmin(verb::get, "/api/v1/User/9999").json().as_object().contains("Fields"));
}

class ThrottledSession : public ConsoleHost {
protected:
    ThrottledSession()
        : ConsoleHost(throttled())
    {
    }
};

TEST_F(ThrottledSession, FailedSignInsLockTheNameOutAsBasicsDo)
{
    for (int i = 0; i < 4; ++i) // three free, the fourth starts the lockout
        EXPECT_EQ(signIn("jdoe", "guess " + std::to_string(i)).reply.status, 401u);
    const auto locked = signIn("jdoe", jdoePassword).reply;
    EXPECT_EQ(locked.status, 429u);
    EXPECT_EQ(locked.header("Retry-After"), "30");
    EXPECT_TRUE(locked.header("Set-Cookie").empty());
    // One throttle: Basic is locked out for that name too.
    EXPECT_EQ(asJdoe(verb::get, userPath(jdoe)).status, 429u);
    t.clock.advance(30s);
    EXPECT_EQ(signIn("jdoe", jdoePassword).reply.status, 200u);
}

class SecureSession : public ConsoleHost {
protected:
    SecureSession()
        : ConsoleHost({}, true)
    {
    }
};

TEST_F(SecureSession, TheCookieIsSecureWhenTheHostIsToldSo)
{
    const auto session = signIn("admin", adminPassword);
    EXPECT_NE(session.reply.header("Set-Cookie").find("; Secure"), std::string::npos);
    EXPECT_NE(
        asSession(session, verb::delete_, "/api/v1/Session").header("Set-Cookie").find("; Secure"), std::string::npos);
}

} // namespace
} // namespace userservice::http::test
