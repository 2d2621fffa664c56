// The audit trail loaded from its shared library into a real host: password changes
// made over HTTP show in the audit history (POST /api/v1/User/{id}/CustomCommand/
// audit-history), and no password appears in an answer or a log line.
#include "host_fixture.hpp"

#include <boost/json/parse.hpp>

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class AuditOverHttp : public HttpHost {
protected:
    AuditOverHttp() { t.registry->load(std::string(USERSERVICE_BUNDLED_PLUGIN_DIR) + "/libaudit_trail.so"); }

    /// An agent call as jdoe (with its current password) with this JSON body.
    Reply jdoeCalls(std::string_view method, const bj::object& body)
    {
        return client->send(beast_http::verb::post, "/api/v1/Agents/User/" + std::string(method), bj::serialize(body),
            { { "Authorization", basic("jdoe", jdoeNow) } });
    }

    /// The password events of jdoe's audit history as the administrator reads it:
    /// "<how> by <AssociateId>" each, oldest first; and the history's text.
    std::pair<std::vector<std::string>, std::string> jdoeHistory()
    {
        const auto reply = asAdmin(beast_http::verb::post, userPath(jdoe) + "/CustomCommand/audit-history");
        EXPECT_EQ(reply.status, 200u) << reply.body;
        const std::string text(reply.json().at("Message").as_string());
        std::vector<std::string> events;
        const bj::value history = bj::parse(text);
        for (const auto& entry : history.as_array())
            if (const auto* secrets = entry.as_object().if_contains("secrets"))
                for (const auto& secret : secrets->as_array()) {
                    EXPECT_EQ(secret.at("event"), "password changed");
                    EXPECT_EQ(secret.at("credentialType"), "password");
                    events.push_back(
                        std::string(secret.at("how").as_string()) + " by " + std::to_string(entry.at("by").as_int64()));
                }
        return { events, reply.body };
    }

    std::string jdoeNow = jdoePassword;
};

TEST_F(AuditOverHttp, EveryPasswordChangeOverHttpIsInTheAuditHistoryWithoutThePassword)
{
    const std::string byAdmin = " by " + std::to_string(admin.associateId);
    const std::string byJdoe = " by " + std::to_string(jdoe.associateId);
    std::vector<std::string> secrets { jdoePassword };

    secrets.push_back("set over http 1");
    auto reply = agentAsAdmin("SetPassword", { { "associateId", jdoe.associateId }, { "password", secrets.back() } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    jdoeNow = secrets.back();

    secrets.push_back("own over http 2");
    reply = jdoeCalls("ChangeOwnPassword", { { "oldPassword", jdoeNow }, { "newPassword", secrets.back() } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    jdoeNow = secrets.back();

    reply = agentAsAdmin("SetGeneratedPassword", { { "associateId", jdoe.associateId } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    secrets.emplace_back(reply.json().as_string());
    jdoeNow = secrets.back();

    reply = jdoeCalls("SendChangePasswordEMail", { { "associateId", jdoe.associateId } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    const auto token = std::string(
        bj::parse(t.service.records(t.system(), "outbox", jdoe.associateId).back().body).at("token").as_string());
    secrets.push_back("reset over http 3");
    reply = client->send(beast_http::verb::post, "/api/v1/User/ResetPassword",
        bj::serialize(bj::object { { "token", token }, { "newPassword", secrets.back() } }));
    ASSERT_EQ(reply.status, 200u) << reply.body;

    const auto [events, text] = jdoeHistory();
    const std::vector<std::string> expected { "set" + byAdmin, "changed" + byJdoe, "generated" + byAdmin,
        "reset" + byJdoe };
    EXPECT_EQ(events, expected) << text;

    secrets.push_back(token);
    for (const auto& secret : secrets) {
        EXPECT_EQ(text.find(secret), std::string::npos) << text;
        for (const auto* lines : { &accessLog, &log })
            for (const auto& line : lines->get())
                EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }
    EXPECT_EQ(text.find("$argon2"), std::string::npos) << text;
}

TEST_F(AuditOverHttp, AnOrdinaryUserSeesNoPasswordEventsInAnotherUsersHistory)
{
    ASSERT_EQ(
        agentAsAdmin("SetPassword", { { "associateId", admin.associateId }, { "password", "admin again 2" } }).status,
        200u);
    const auto reply = asJdoe(beast_http::verb::post, userPath(admin) + "/CustomCommand/audit-history");
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.body.find("password changed"), std::string::npos) << reply.body;
}

} // namespace
} // namespace userservice::http::test
