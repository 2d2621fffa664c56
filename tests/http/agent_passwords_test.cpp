// The User agent's password methods over HTTP, every way their parameters travel
// (secrets always in the JSON body), and POST /api/v1/User/ResetPassword.
#include "host_fixture.hpp"

#include <boost/json/parse.hpp>

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class HttpPasswords : public HttpHost {
protected:
    /// An agent call as `userName` with `password`: `scalars` sent `way`, `secrets`
    /// always in the JSON body (in the query way, a camelCase body).
    Reply callAs(std::string_view userName, std::string_view password, std::string_view method,
        const bj::object& scalars, const bj::object& secrets, Way way)
    {
        auto [target, body] = agentRequest(method, scalars, way);
        if (!secrets.empty()) {
            bj::object merged = body.empty() ? bj::object {} : bj::parse(body).as_object();
            for (const auto& [key, value] : secrets) {
                std::string name(key);
                if (way == Way::PascalBody)
                    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
                merged[name] = value;
            }
            body = bj::serialize(merged);
        }
        return client->send(
            beast_http::verb::post, target, std::move(body), { { "Authorization", basic(userName, password) } });
    }
    Reply admin_(std::string_view method, const bj::object& scalars, const bj::object& secrets, Way way)
    {
        return callAs("admin", adminPassword, method, scalars, secrets, way);
    }

    /// Whether `userName` signs in with `password` (a GET of its own user).
    bool signsIn(std::string_view userName, std::string_view password, const User& user)
    {
        return client
                   ->send(beast_http::verb::get, userPath(user), {}, { { "Authorization", basic(userName, password) } })
                   .status == 200;
    }

    void expectNoSecretLogged(const std::vector<std::string>& secrets)
    {
        for (const auto& secret : secrets)
            for (const auto* lines : { &accessLog, &log })
                for (const auto& line : lines->get())
                    EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }

    std::string outboxToken(const User& user)
    {
        const auto records = t.service.records(t.system(), "outbox", user.associateId);
        return records.empty() ? std::string() : std::string(bj::parse(records.back().body).at("token").as_string());
    }
};

std::string wayTag(Way way)
{
    return std::string(nameOf(way)).substr(0, 5) + " 12345";
}

TEST_F(HttpPasswords, SetPasswordEveryWayAndTheOldOneStopsWorkingAtOnce)
{
    ASSERT_TRUE(signsIn("jdoe", jdoePassword, jdoe)); // the host remembers this login now
    std::string current = jdoePassword;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const std::string next = "set " + wayTag(way);
        auto reply = admin_("SetPassword", { { "associateId", jdoe.associateId } }, { { "password", next } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "true");
        EXPECT_FALSE(signsIn("jdoe", current, jdoe));
        EXPECT_TRUE(signsIn("jdoe", next, jdoe));
        const std::string byName = "by name " + wayTag(way);
        reply = admin_("SetPasswordFromName", { { "associateName", "jdoe" } }, { { "password", byName } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_FALSE(signsIn("jdoe", next, jdoe));
        EXPECT_TRUE(signsIn("jdoe", byName, jdoe));
        current = byName;
        expectNoSecretLogged({ next, byName });
    }
}

TEST_F(HttpPasswords, SetPasswordRefusesAnEmployeeAndBadInput)
{
    auto reply = callAs("jdoe", jdoePassword, "SetPassword", { { "associateId", admin.associateId } },
        { { "password", "brand new 123" } }, Way::CamelBody);
    EXPECT_EQ(reply.status, 403u) << reply.body;
    reply = callAs("jdoe", jdoePassword, "SetPasswordFromName", { { "associateName", "admin" } },
        { { "password", "brand new 123" } }, Way::PascalBody);
    EXPECT_EQ(reply.status, 403u) << reply.body;
    // A password in the query string is refused (it is in the access log by now, which is why).
    reply = admin_(
        "SetPassword", { { "associateId", jdoe.associateId }, { "password", "in the query 1" } }, {}, Way::Query);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.json().at("ErrorSource"), "password");
    reply =
        admin_("SetPassword", { { "associateId", jdoe.associateId } }, { { "password", 12345678 } }, Way::CamelBody);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.body.find("12345678"), std::string::npos); // a secret is never echoed
    reply = admin_("SetPassword", { { "associateId", jdoe.associateId } }, {}, Way::CamelBody);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    reply = admin_("SetPassword", { { "associateId", jdoe.associateId } }, { { "password", "" } }, Way::CamelBody);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    reply = admin_("SetPassword", { { "associateId", "abc" } }, { { "password", "brand new 123" } }, Way::Query);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_TRUE(signsIn("jdoe", jdoePassword, jdoe));
}

TEST_F(HttpPasswords, GeneratedPasswordsEveryWay)
{
    const User guest = t.service.saveUser(t.system(), t.newUser("guest", UserType::ExternalAssociate));
    std::string jdoeNow; // jdoe's password, generated last
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        auto reply = admin_("SetGeneratedPassword", { { "associateId", jdoe.associateId } }, {}, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_TRUE(signsIn("jdoe", std::string(reply.json().as_string()), jdoe));
        reply = admin_("SetGeneratedPasswordFromName", { { "associateName", "jdoe" } }, {}, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        jdoeNow = reply.json().as_string();
        EXPECT_TRUE(signsIn("jdoe", jdoeNow, jdoe));
        reply = admin_("GenerateNewPasswordForExternalUser", { { "associateName", "guest" } }, {}, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        const std::string password(reply.json().as_string());
        EXPECT_TRUE(signsIn("guest", password, guest));
        expectNoSecretLogged({ password });
    }
    EXPECT_EQ(
        admin_("GenerateNewPasswordForExternalUser", { { "associateName", "jdoe" } }, {}, Way::Query).status, 400u);
    EXPECT_EQ(admin_("GenerateNewPasswordForExternalUser", {}, {}, Way::CamelBody).status, 400u);
    EXPECT_EQ(admin_("SetGeneratedPassword", { { "associateId", -1 } }, {}, Way::CamelBody).status, 400u);
    EXPECT_EQ(admin_("SetGeneratedPasswordFromName", { { "associateName", "" } }, {}, Way::CamelBody).status, 400u);
    const auto asJdoe = [&](std::string_view method, const bj::object& scalars) {
        return callAs("jdoe", jdoeNow, method, scalars, {}, Way::CamelBody).status;
    };
    EXPECT_EQ(asJdoe("GenerateNewPasswordForExternalUser", { { "associateName", "guest" } }), 403u);
    EXPECT_EQ(asJdoe("SetGeneratedPassword", { { "associateId", admin.associateId } }), 403u);
    EXPECT_EQ(asJdoe("SetGeneratedPasswordFromName", { { "associateName", "admin" } }), 403u);
}

TEST_F(HttpPasswords, ChangePasswordsEveryWayWithTheOldOne)
{
    std::string current = jdoePassword;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const std::string own = "own " + wayTag(way);
        auto reply = callAs(
            "jdoe", current, "ChangeOwnPassword", {}, { { "oldPassword", current }, { "newPassword", own } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "true");
        EXPECT_FALSE(signsIn("jdoe", current, jdoe));
        const std::string byId = "id " + wayTag(way);
        reply = callAs("jdoe", own, "ChangePassword", { { "associateId", jdoe.associateId } },
            { { "oldPassword", own }, { "newPassword", byId } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        const std::string byName = "name " + wayTag(way);
        reply = admin_("ChangePasswordFromName", { { "associateName", "jdoe" } },
            { { "oldPassword", byId }, { "newPassword", byName } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_TRUE(signsIn("jdoe", byName, jdoe));
        current = byName;
        expectNoSecretLogged({ own, byId, byName });
    }
    auto wrong = callAs("jdoe", current, "ChangeOwnPassword", {},
        { { "oldPassword", "not it at all" }, { "newPassword", "whatever 12345" } }, Way::CamelBody);
    EXPECT_EQ(wrong.status, 403u) << wrong.body;
    EXPECT_EQ(wrong.json().at("Message"), "the old password is wrong");
    wrong = callAs("jdoe", current, "ChangePassword", { { "associateId", admin.associateId } },
        { { "oldPassword", adminPassword }, { "newPassword", "whatever 12345" } }, Way::CamelBody);
    EXPECT_EQ(wrong.status, 403u) << wrong.body;
    wrong = callAs("jdoe", current, "ChangePasswordFromName", { { "associateName", "admin" } },
        { { "oldPassword", adminPassword }, { "newPassword", "whatever 12345" } }, Way::PascalBody);
    EXPECT_EQ(wrong.status, 403u) << wrong.body;
    EXPECT_EQ(
        callAs("jdoe", current, "ChangeOwnPassword", {}, { { "oldPassword", current } }, Way::CamelBody).status, 400u);
    EXPECT_EQ(admin_("ChangePassword", { { "associateId", jdoe.associateId }, { "oldPassword", current } },
                  { { "newPassword", "whatever 12345" } }, Way::Query)
                  .status,
        400u);
    EXPECT_EQ(admin_("ChangePasswordFromName", {}, { { "oldPassword", current }, { "newPassword", "whatever 12345" } },
                  Way::CamelBody)
                  .status,
        400u);
    EXPECT_TRUE(signsIn("jdoe", current, jdoe));
    expectNoSecretLogged({ "not it at all", "whatever 12345" });
}

TEST_F(HttpPasswords, WhoMayChangeEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        auto reply = agentAsJdoe("CanChangePassword", { { "associateId", jdoe.associateId } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "true");
        reply = agentAsJdoe("CanChangePassword", { { "associateId", admin.associateId } }, way);
        EXPECT_EQ(reply.body, "false");
        reply = agentAsAdmin("GetSupportedChangePasswordTypes", { { "associateId", jdoe.associateId } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, R"(["OldPassword","EMail","Administrator"])");
        reply = agentAsJdoe("GetSupportedChangePasswordTypes", { { "associateId", admin.associateId } }, way);
        EXPECT_EQ(reply.body, "[]");
    }
    EXPECT_EQ(agentAsAdmin("CanChangePassword", { { "associateId", 9999 } }).status, 404u);
    EXPECT_EQ(agentAsAdmin("CanChangePassword", {}).status, 400u);
    EXPECT_EQ(agentAsAdmin("GetSupportedChangePasswordTypes", { { "associateId", "x" } }, Way::Query).status, 400u);
}

TEST_F(HttpPasswords, IsPasswordValidEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const bj::object scalars { { "associateId", 0 }, { "type", "InternalAssociate" }, { "personId", 0 } };
        auto reply = callAs("jdoe", jdoePassword, "IsPasswordValid", scalars, { { "password", "fine 123" } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "true");
        reply = callAs("jdoe", jdoePassword, "IsPasswordValidWithReason", scalars, { { "password", "" } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.json().at("Result"), false);
        EXPECT_EQ(reply.json().at("Reason"), "the password is empty");
        reply = callAs("jdoe", jdoePassword, "IsPasswordValidWithReason", { { "associateId", jdoe.associateId } },
            { { "password", "fine 123" } }, way);
        EXPECT_EQ(reply.json().at("Result"), true) << reply.body;
    }
    EXPECT_EQ(agentAsJdoe("IsPasswordValid", { { "type", "Nonsense" } }, Way::CamelBody).status, 400u);
    EXPECT_EQ(agentAsJdoe("IsPasswordValidWithReason", { { "associateId", -2 } }, Way::CamelBody).status, 400u);
    const auto unseen = callAs("jdoe", jdoePassword, "IsPasswordValidWithReason", { { "associateId", 9999 } },
        { { "password", "fine 123" } }, Way::CamelBody);
    EXPECT_EQ(unseen.status, 404u) << unseen.body;
}

TEST_F(HttpPasswords, TheResetEMailEveryWayAndItsTokenRedeemedOnce)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        auto reply = agentAsJdoe("SendChangePasswordEMail", { { "associateId", jdoe.associateId } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.json().at("Success"), true);
    }
    EXPECT_EQ(agentAsJdoe("SendChangePasswordEMail", { { "associateId", admin.associateId } }).status, 403u);
    EXPECT_EQ(agentAsJdoe("SendChangePasswordEMail", {}).status, 400u);
    const std::string token = outboxToken(jdoe);
    ASSERT_FALSE(token.empty());
    const auto redeem = [&](std::string body, std::string target = "/api/v1/User/ResetPassword") {
        return client->send(beast_http::verb::post, target, std::move(body)); // no Authorization: the token is it
    };
    const std::string body = bj::serialize(bj::object { { "token", token }, { "newPassword", "reset 98765" } });
    EXPECT_EQ(redeem("", "/api/v1/User/ResetPassword?token=" + token).status, 400u); // never in a query
    EXPECT_EQ(client->send(beast_http::verb::get, "/api/v1/User/ResetPassword", {}).status, 405u);
    for (const auto* other : { "/api/v1/UserGroup/ResetPassword", "/api/v1/Role/ResetPassword" })
        EXPECT_EQ(redeem(body, other).status, 401u) << other; // only User's resource has it, signed out
    auto reply = redeem(body);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_TRUE(signsIn("jdoe", "reset 98765", jdoe));
    EXPECT_FALSE(signsIn("jdoe", jdoePassword, jdoe));
    reply = redeem(bj::serialize(bj::object { { "Token", token }, { "NewPassword", "again 98765" } }));
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.json().at("Message"), "the reset token is not valid (unknown, used or expired)");
    EXPECT_FALSE(signsIn("jdoe", "again 98765", jdoe));
    expectNoSecretLogged({ "reset 98765" });
}

} // namespace
} // namespace userservice::http::test
