// End to end: the HTTP host on a free loopback port, called as WebAPI clients call
// it, with the seeds' sample requests in both casings.
#include "host_fixture.hpp"

#include "http_date.hpp"

#include <userservice/json.hpp>

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <latch>
#include <sstream>
#include <thread>

namespace userservice::http::test {
namespace {

using beast_http::verb;
namespace bj = boost::json;

// ---------------------------------------------------------------- the seeds' samples

TEST_F(HttpHost, SeedSaveUserFromNameWithoutUserIsTheDocumentedBadRequest)
{
    for (const char* seed : { "save_user_from_name.request.json", "save_user_from_name.request.camel.json" }) {
        const auto reply = asAdmin(verb::post, "/api/v1/Agents/User/SaveUserFromName", readSeed(seed));
        EXPECT_EQ(reply.status, 400u) << seed;
        const auto body = reply.json();
        EXPECT_EQ(body.at("Error"), true);
        EXPECT_EQ(body.at("ErrorType"), "ArgumentException");
        EXPECT_EQ(body.at("Message"), "Bad request. Entity to save is not in request body.");
        EXPECT_EQ(keysOf(body), (std::vector<std::string> { "Error", "ErrorType", "Message", "ErrorSource" }));
    }
}

TEST_F(HttpHost, SeedExecuteUserCommandCancelsTheDialogInBothCasings)
{
    const auto expectedKeys = keysOf(bj::parse(readSeed("execute_user_command.response.json")));
    for (const char* seed : { "execute_user_command.request.json", "execute_user_command.request.camel.json" }) {
        const auto reply = asAdmin(verb::post, "/api/v1/Agents/User/ExecuteUserCommand", readSeed(seed));
        ASSERT_EQ(reply.status, 200u) << seed << ": " << reply.body;
        const auto body = reply.json();
        EXPECT_EQ(keysOf(body), expectedKeys);
        EXPECT_EQ(body.at("Success"), false);
        EXPECT_EQ(body.at("Result"), "Cancel");
    }
}

TEST_F(HttpHost, SeedSaveUserUpdatesAnUnknownIdAs404AndCreatesWithIdZero)
{
    const auto expectedKeys = keysOf(bj::parse(readSeed("save_user.response.json")));
    for (const char* seed : { "save_user.request.json", "save_user.request.camel.json" }) {
        const auto unknown = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", readSeed(seed));
        EXPECT_EQ(unknown.status, 404u) << seed << ": " << unknown.body;
        EXPECT_EQ(unknown.json().at("ErrorType"), "KeyNotFoundException");
    }
    // A new user in the camelCase form the official client sends.
    const auto created = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser",
        R"({"associateId": 0, "name": "NU", "userName": "newbie", "type": "InternalAssociate",
            "role": {"id": )" +
            std::to_string(t.employee.roleId) + R"(}, "person": {"firstname": "New", "lastname": "User"}})");
    ASSERT_EQ(created.status, 200u) << created.body;
    const auto body = created.json();
    EXPECT_EQ(keysOf(body), expectedKeys);
    EXPECT_GT(body.at("AssociateId").as_int64(), 0);
    EXPECT_EQ(body.at("Person").at("FullName"), "New User");
    EXPECT_EQ(body.at("TableRight").at("Mask"), "FULL");
}

// ---------------------------------------------------------------- the agent's other methods

TEST_F(HttpHost, SaveUserFromNameCreatesThenUpdatesAndProjects)
{
    const std::string request = R"({"userName": "ada", "user": {"name": "AL", "type": "InternalAssociate",
        "person": {"firstname": "Ada", "lastname": "Lovelace"}}})";
    const auto created =
        asAdmin(verb::post, "/api/v1/Agents/User/SaveUserFromName?$select=userName,person/fullName", request);
    ASSERT_EQ(created.status, 200u) << created.body;
    const auto body = created.json();
    EXPECT_EQ(body.at("UserName"), "ada");
    EXPECT_EQ(body.at("Person").at("FullName"), "Ada Lovelace");
    EXPECT_TRUE(body.at("Name").is_null()); // not selected
    EXPECT_EQ(body.at("AssociateId"), 0);

    const auto again = asAdmin(verb::post, "/api/v1/Agents/User/SaveUserFromName", request);
    ASSERT_EQ(again.status, 200u) << again.body;
    EXPECT_GT(again.json().at("AssociateId").as_int64(), 0);
    EXPECT_EQ(t.service.getUserFromName(t.system(), "ada")->associateId, again.json().at("AssociateId").as_int64());
}

TEST_F(HttpHost, AgentLookUpsAnswerNullForUnknownUsersAndRestAnswers404)
{
    const auto byId = asAdmin(verb::post, "/api/v1/Agents/User/GetUser?userId=999");
    EXPECT_EQ(byId.status, 200u);
    EXPECT_EQ(byId.body, "null");
    const auto byName = asAdmin(verb::post, "/api/v1/Agents/User/GetUserFromName?userName=nobody");
    EXPECT_EQ(byName.status, 200u);
    EXPECT_EQ(byName.body, "null");
    const auto rest = asAdmin(verb::get, "/api/v1/User/999");
    EXPECT_EQ(rest.status, 404u);
    EXPECT_EQ(rest.json().at("Message"), "User with given id does not exist in the db.");

    const auto found = asAdmin(verb::post, "/api/v1/Agents/User/GetUserFromName?USERNAME=JDOE&$select=person/lastname");
    ASSERT_EQ(found.status, 200u);
    EXPECT_EQ(found.json().at("Person").at("Lastname"), "jdoe");
    const auto agentById =
        asAdmin(verb::post, "/api/v1/Agents/User/GetUser?userId=" + std::to_string(jdoe.associateId));
    EXPECT_EQ(agentById.json().at("UserName"), "jdoe");
}

TEST_F(HttpHost, CreateDefaultUserValidateUserAndGetUserCommands)
{
    const auto fresh = asAdmin(verb::post, "/api/v1/Agents/User/CreateDefaultUser");
    ASSERT_EQ(fresh.status, 200u);
    EXPECT_EQ(fresh.json().at("AssociateId"), 0);
    EXPECT_EQ(fresh.json().at("Type"), "InternalAssociate");

    const auto problems = asAdmin(verb::post, "/api/v1/Agents/User/ValidateUser", R"({"user": {"name": ""}})");
    ASSERT_EQ(problems.status, 200u) << problems.body;
    EXPECT_TRUE(problems.json().as_object().contains("User.UserName")) << problems.body;
    const auto fine = asAdmin(verb::post, "/api/v1/Agents/User/ValidateUser", json::serialize(t.newUser("valid")));
    EXPECT_EQ(fine.body, "{}");

    const auto commands =
        asAdmin(verb::post, "/api/v1/Agents/User/GetUserCommands", R"({"User": )" + json::serialize(jdoe) + "}");
    ASSERT_EQ(commands.status, 200u) << commands.body;
    ASSERT_EQ(commands.json().as_array().size(), 1u);
    EXPECT_EQ(commands.json().at(0).at("Name"), "Smith Group");
    EXPECT_EQ(commands.json().at(0).at("Actions"), "YesNo");
    const auto rest = asAdmin(verb::get, userPath(jdoe) + "/CustomCommand");
    EXPECT_EQ(rest.body, commands.body);
}

// ---------------------------------------------------------------- rights and the dialog

TEST_F(HttpHost, FieldRightsDifferBetweenAnAdministratorAndAnOrdinaryUser)
{
    const auto byAdmin = asAdmin(verb::get, userPath(admin)).json();
    const auto byJdoe = asJdoe(verb::get, userPath(admin)).json();
    EXPECT_EQ(byAdmin.at("TableRight").at("Mask"), "FULL");
    EXPECT_EQ(byJdoe.at("TableRight").at("Mask"), "Select");
    EXPECT_TRUE(byAdmin.at("Credentials").is_array());
    EXPECT_TRUE(byJdoe.at("Credentials").is_null()); // hidden from other users
    EXPECT_EQ(byJdoe.at("FieldProperties").at("Credentials").at("FieldRight").at("Mask"), "None");
    // The reason is a string reference without a language, English text with one.
    const auto reason = [](const bj::value& user) {
        return std::string(user.at("FieldProperties").at("Credentials").at("FieldRight").at("Reason").as_string());
    };
    EXPECT_EQ(reason(byJdoe).rfind("[SR_", 0), 0u) << reason(byJdoe);
    const auto english = asJdoe(verb::get, userPath(admin), {}, { { "Accept-Language", "en-GB,en;q=0.8" } }).json();
    EXPECT_EQ(reason(english).find("[SR_"), std::string::npos) << reason(english);
    EXPECT_FALSE(reason(english).empty());

    // The same change to jdoe's own record: the administrator may make it; jdoe may
    // change its tooltip but not its name (403 naming the field, nothing stored).
    User renamed = jdoe;
    renamed.name = "XX";
    renamed.tooltip = "mine";
    const auto refused = asJdoe(verb::put, userPath(jdoe), json::serialize(renamed));
    EXPECT_EQ(refused.status, 403u) << refused.body;
    EXPECT_EQ(refused.json().at("ErrorType"), "SoAccessDeniedException");
    EXPECT_NE(std::string(refused.json().at("Message").as_string()).find("Name"), std::string::npos) << refused.body;
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->name, jdoe.name); // nothing changed
    EXPECT_EQ(asAdmin(verb::put, userPath(jdoe), json::serialize(renamed)).status, 200u);
    EXPECT_EQ(asJdoe(verb::put, userPath(admin), json::serialize(admin)).status, 403u); // another user
}

TEST_F(HttpHost, TheDialogRoundTripOverHttp)
{
    const std::string command = userPath(jdoe) + "/CustomCommand/Smith%20Group";
    const auto asked = asAdmin(verb::post, command);
    ASSERT_EQ(asked.status, 200u) << asked.body;
    EXPECT_EQ(asked.json().at("Success"), false);
    EXPECT_EQ(asked.json().at("Result"), "Implicit");
    EXPECT_EQ(asked.json().at("Message"), "Add this user to the Smith group?");

    const auto cancelled = asAdmin(verb::post, command + "?actionResult=Cancel");
    EXPECT_EQ(cancelled.json().at("Result"), "Cancel");
    EXPECT_NE(t.service.getUser(t.system(), jdoe.associateId)->tooltip, "Smith Group");

    const auto done = asAdmin(verb::post, command + "?actionresult=yes");
    ASSERT_EQ(done.status, 200u) << done.body;
    EXPECT_EQ(done.json().at("Success"), true);
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->tooltip, "Smith Group");

    // jdoe may not change the administrator, so the command is refused to it.
    EXPECT_EQ(asJdoe(verb::post, userPath(admin) + "/CustomCommand/Smith%20Group?actionResult=Yes").status, 403u);
    EXPECT_EQ(asAdmin(verb::post, userPath(jdoe) + "/CustomCommand/nope").status, 404u);
    EXPECT_EQ(asAdmin(verb::post, "/api/v1/User/999/CustomCommand/Smith%20Group").json().at("Message"),
        "User with given id does not exist in the db.");
    EXPECT_EQ(asAdmin(verb::post, command + "?actionResult=Maybe").status, 400u);
}

// ---------------------------------------------------------------- authentication

TEST_F(HttpHost, UnauthenticatedCallsGet401WithAChallenge)
{
    const auto none = client->send(verb::get, userPath(admin));
    EXPECT_EQ(none.status, 401u);
    EXPECT_NE(none.header("WWW-Authenticate").find("Basic"), std::string::npos);
    EXPECT_EQ(none.json().at("ErrorType"), "UnauthorizedAccessException");

    const auto wrong = client->send(verb::get, userPath(admin), {}, { { "Authorization", basic("admin", "nope") } });
    EXPECT_EQ(wrong.status, 401u);
    EXPECT_EQ(wrong.body.find("nope"), std::string::npos); // never echoed
    EXPECT_EQ(client->send(verb::get, userPath(admin), {}, { { "Authorization", "Bearer ust_forged" } }).status, 401u);
    EXPECT_EQ(client->send(verb::get, userPath(admin), {}, { { "Authorization", "Basic !!!" } }).status, 401u);
    EXPECT_EQ(client->send(verb::get, userPath(admin), {}, { { "Authorization", "Digest x" } }).status, 401u);
    // Credentials sent without a scheme are not quoted back.
    const auto schemeless = basic("admin", adminPassword).substr(6);
    const auto bare = client->send(verb::get, userPath(admin), {}, { { "Authorization", schemeless } });
    EXPECT_EQ(bare.status, 401u);
    EXPECT_EQ(bare.body.find(schemeless.substr(0, 8)), std::string::npos) << bare.body;

    const auto bearer = client->send(verb::get, userPath(jdoe), {}, { { "Authorization", "Bearer " + token } });
    EXPECT_EQ(bearer.status, 200u);
    EXPECT_EQ(bearer.json().at("TableRight").at("Mask"), "FULL"); // the token's user is the caller
}

TEST_F(HttpHost, PartnerAppsAreRefusedUnlessAllowed)
{
    const auto reply = asAdmin(verb::get, userPath(jdoe), {}, { { "SO-AppToken", "partner-123" } });
    EXPECT_EQ(reply.status, 403u);
    EXPECT_EQ(reply.json().at("ErrorSource"), "SO-AppToken");
}

// ---------------------------------------------------------------- REST

TEST_F(HttpHost, PostPutAndTheirConflicts)
{
    auto user = t.newUser("rest");
    const auto created = asAdmin(verb::post, "/api/v1/User", json::serialize(user));
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto id = created.json().at("AssociateId").as_int64();
    EXPECT_EQ(created.header("Location"), "/api/v1/User/" + std::to_string(id));

    const auto taken = asAdmin(verb::post, "/api/v1/User", json::serialize(t.newUser("rest")));
    EXPECT_EQ(taken.status, 409u) << taken.body;

    user.associateId = static_cast<std::int32_t>(id);
    user.tooltip = "changed";
    const auto put = asAdmin(verb::put, "/api/v1/User/" + std::to_string(id), json::serialize(user));
    ASSERT_EQ(put.status, 200u) << put.body;
    EXPECT_EQ(put.json().at("Tooltip"), "changed");
    EXPECT_EQ(asAdmin(verb::put, userPath(jdoe), json::serialize(user)).status, 400u); // ids differ
}

TEST_F(HttpHost, ConditionalRequestsAnswer304And412)
{
    const auto first = asAdmin(verb::get, userPath(jdoe));
    const auto lastModified = first.header("Last-Modified");
    ASSERT_FALSE(lastModified.empty());
    EXPECT_EQ(asAdmin(verb::get, userPath(jdoe), {}, { { "If-Modified-Since", lastModified } }).status, 304u);

    User changed = jdoe;
    changed.tooltip = "conditional";
    const auto stale = formatHttpDate(*parseHttpDate(lastModified) - std::chrono::seconds(10));
    const auto refused =
        asAdmin(verb::put, userPath(jdoe), json::serialize(changed), { { "If-Unmodified-Since", stale } });
    EXPECT_EQ(refused.status, 412u) << refused.body;
    const auto accepted =
        asAdmin(verb::put, userPath(jdoe), json::serialize(changed), { { "If-Unmodified-Since", lastModified } });
    EXPECT_EQ(accepted.status, 200u) << accepted.body;
    const auto unreadable =
        asAdmin(verb::put, userPath(jdoe), json::serialize(changed), { { "If-Unmodified-Since", "yesterday" } });
    EXPECT_EQ(unreadable.status, 400u); // a precondition that cannot be read is not dropped
    EXPECT_EQ(unreadable.json().at("ErrorSource"), "If-Unmodified-Since");

    t.clock.advance(std::chrono::minutes(1));
    changed.tooltip = "later";
    ASSERT_EQ(asAdmin(verb::put, userPath(jdoe), json::serialize(changed)).status, 200u);
    EXPECT_EQ(asAdmin(verb::get, userPath(jdoe), {}, { { "If-Modified-Since", lastModified } }).status, 200u);
}

TEST_F(HttpHost, PatchWithMergePatchAndJsonPatch)
{
    const auto merged = asAdmin(verb::patch, userPath(jdoe), R"({"tooltip": "merged", "person": {"title": "Dr"}})",
        { { "Content-Type", "application/merge-patch+json" } });
    ASSERT_EQ(merged.status, 200u) << merged.body;
    EXPECT_EQ(merged.json().at("Tooltip"), "merged");
    EXPECT_EQ(merged.json().at("Person").at("Title"), "Dr");
    EXPECT_EQ(merged.json().at("Person").at("Lastname"), "jdoe"); // untouched

    const auto patched = asAdmin(verb::patch, userPath(jdoe),
        R"([{"op": "test", "path": "/tooltip", "value": "merged"}, {"op": "replace", "path": "/Tooltip", "value": "patched"}])",
        { { "Content-Type", "application/json-patch+json" } });
    ASSERT_EQ(patched.status, 200u) << patched.body;
    EXPECT_EQ(patched.json().at("Tooltip"), "patched");

    const auto failedTest = asAdmin(verb::patch, userPath(jdoe),
        R"([{"op": "test", "path": "/Tooltip", "value": "merged"}, {"op": "replace", "path": "/Tooltip", "value": "x"}])",
        { { "Content-Type", "application/json-patch+json" } });
    EXPECT_EQ(failedTest.status, 400u) << failedTest.body;
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->tooltip, "patched");

    EXPECT_EQ(asAdmin(verb::patch, userPath(jdoe), R"({"tooltip": "x"})").status, 415u);
}

TEST_F(HttpHost, NumbersThatDoNotFitAreA400InEveryBodyForm)
{
    const std::map<std::string, std::string> merge { { "Content-Type", "application/merge-patch+json" } };
    const std::map<std::string, std::string> jsonPatch { { "Content-Type", "application/json-patch+json" } };
    const std::vector<std::pair<std::string, std::map<std::string, std::string>>> bodies {
        { R"({"rank": 1e400})", merge },
        { R"({"rank": 99999999999999999999999})", merge },
        { R"([{"op": "replace", "path": "/Rank", "value": 1e400}])", jsonPatch },
        { R"([{"op": "replace", "path": "/Rank", "value": -1e400}])", jsonPatch },
    };
    for (const auto& [body, headers] : bodies) {
        const auto reply = asAdmin(verb::patch, userPath(jdoe), body, headers);
        EXPECT_EQ(reply.status, 400u) << body << " -> " << reply.body;
    }
    const auto saved = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", R"({"AssociateId": 0, "Rank": 1e400})");
    EXPECT_EQ(saved.status, 400u) << saved.body;
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->rank, jdoe.rank); // nothing was changed
}

TEST_F(HttpHost, ConcurrentPatchesKeepEachOthersChanges)
{
    // Two clients patch different members of one user at the same moment, round after
    // round: a patch that read the user before the other's save and saved after it
    // would silently drop the other's change.
    Client other(server->port());
    const auto patch = [&](Client& through, const std::string& body) {
        return through.send(verb::patch, userPath(jdoe), body,
            { { "Authorization", "Bearer " + token }, { "Content-Type", "application/merge-patch+json" } });
    };
    constexpr int rounds = 40;
    int lost = 0;
    for (int round = 0; round < rounds; ++round) {
        t.clock.advance(std::chrono::milliseconds(1)); // this round's saves are later than the last round's
        const std::string tooltip = "tooltip " + std::to_string(round);
        const std::string title = "title " + std::to_string(round);
        std::latch start(2);
        Reply first, second;
        std::thread a([&] {
            start.arrive_and_wait();
            first = patch(*client, R"({"tooltip": ")" + tooltip + R"("})");
        });
        std::thread b([&] {
            start.arrive_and_wait();
            second = patch(other, R"({"person": {"title": ")" + title + R"("}})");
        });
        a.join();
        b.join();
        ASSERT_EQ(first.status, 200u) << first.body;
        ASSERT_EQ(second.status, 200u) << second.body;
        const auto stored = t.service.getUser(t.system(), jdoe.associateId);
        lost += stored->tooltip != tooltip || stored->person->title != title;
    }
    EXPECT_EQ(lost, 0) << "rounds of " << rounds << " in which one patch overwrote the other";
}

// A plugin's exception (a forced 500): server_errors_test.cpp.

// ---------------------------------------------------------------- bad requests

TEST_F(HttpHost, BadInputGetsAClearClientError)
{
    const auto badJson = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", "{\"Name\": ");
    EXPECT_EQ(badJson.status, 400u);
    EXPECT_NE(std::string(badJson.json().at("Message").as_string()).find("line 1"), std::string::npos) << badJson.body;
    const auto wrongType = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", R"({"OtherGroups": [{"Id": "x"}]})");
    EXPECT_EQ(wrongType.status, 400u);
    EXPECT_NE(wrongType.body.find("OtherGroups[0].Id"), std::string::npos) << wrongType.body;
    const auto invalid = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", R"({"Name": "X"})");
    EXPECT_EQ(invalid.status, 400u);
    EXPECT_EQ(invalid.json().at("ErrorType"), "ValidationException");

    EXPECT_EQ(asAdmin(verb::get, "/api/v1/User/abc").status, 400u);
    EXPECT_EQ(asAdmin(verb::get, "/api/v1/User/-4").status, 400u);
    EXPECT_EQ(asAdmin(verb::post, "/api/v1/Agents/User/GetUser").status, 400u);
    EXPECT_EQ(asAdmin(verb::post, "/api/v1/Agents/User/GetUser?userId=1x").status, 400u);
    EXPECT_EQ(asAdmin(verb::get, userPath(jdoe) + "?$select=nosuchfield").status, 400u);
    EXPECT_EQ(asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", "<user/>", { { "Content-Type", "text/xml" } }).status,
        415u);
    EXPECT_EQ(asAdmin(verb::post, "/api/v1/Agents/User/SaveUser").status, 400u);
    // JSON without a Content-Type, or as text/json, is read as JSON.
    const std::string fetch = "/api/v1/Agents/User/GetUserCommands";
    const std::string body = R"({"User": null})";
    EXPECT_EQ(asAdmin(verb::post, fetch, body, { { "Content-Type", "text/json" } }).status, 200u);
    Client bare(server->port());
    beast_http::request<beast_http::string_body> request { verb::post, fetch, 11 };
    request.set(beast_http::field::authorization, basic("admin", adminPassword));
    request.body() = body;
    request.prepare_payload();
    beast_http::write(bare.socket(), request);
    beast::flat_buffer buffer;
    beast_http::response<beast_http::string_body> response;
    beast_http::read(bare.socket(), buffer, response);
    EXPECT_EQ(response.result_int(), 200u) << response.body();
    EXPECT_EQ(asAdmin(verb::get, "/api/v1/Agents/User/GetUser?userId=1").status, 405u);
    EXPECT_EQ(asAdmin(verb::post, userPath(jdoe)).status, 405u); // User/{id} answers GET, PUT, PATCH, DELETE
    EXPECT_EQ(asAdmin(verb::post, "/api/v1/Agents/User/NoSuchMethod").status, 404u);
    EXPECT_EQ(client->send(verb::get, "/somewhere/else").status, 404u);
    EXPECT_EQ(client->send(verb::get, "/api/v1/Contact/1").status, 404u);
}

TEST_F(HttpHost, LanguageAndTimeZoneHeadersReachTheCaller)
{
    const auto reason = [](const Reply& reply) {
        return std::string(
            reply.json().at("FieldProperties").at("Credentials").at("FieldRight").at("Reason").as_string());
    };
    // SO-Language overrides Accept-Language, and "*" turns translation off.
    const auto raw = asJdoe(verb::get, userPath(admin), {}, { { "Accept-Language", "en" }, { "SO-Language", "*" } });
    EXPECT_EQ(reason(raw).rfind("[SR_", 0), 0u) << reason(raw);
    const auto english = asJdoe(verb::get, userPath(admin), {}, { { "SO-Language", "en" } });
    EXPECT_EQ(reason(english).find("[SR_"), std::string::npos) << reason(english);

    const auto zoned = asAdmin(verb::get, userPath(jdoe), {}, { { "SO-TimeZone", "US-NY, includeTZOffset" } });
    EXPECT_EQ(zoned.status, 200u) << zoned.body;
    const auto unknown = asAdmin(verb::get, userPath(jdoe), {}, { { "SO-TimeZone", "Mars/Olympus" } });
    EXPECT_EQ(unknown.status, 400u);
    EXPECT_EQ(unknown.json().at("ErrorSource"), "SO-TimeZone");
}

TEST_F(HttpHost, EveryRequestGetsOneAccessLogLine)
{
    asAdmin(verb::get, userPath(jdoe));
    client->send(verb::get, userPath(jdoe));
    asAdmin(verb::get, "/api/v1/User/999");
    const auto lines = accessLog.get();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_NE(lines[0].find("\"GET " + userPath(jdoe) + "\" 200"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("caller=" + std::to_string(admin.associateId)), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("401"), std::string::npos) << lines[1];
    EXPECT_NE(lines[1].find("caller=-"), std::string::npos) << lines[1];
    EXPECT_NE(lines[2].find("404"), std::string::npos) << lines[2];
    for (const auto& line : lines)
        EXPECT_EQ(line.find(adminPassword), std::string::npos);
}

TEST(AccessLog, SecretsInTheQueryStringAreNotWritten)
{
    EXPECT_EQ(loggedTarget("/api/v1/User/2"), "/api/v1/User/2");
    EXPECT_EQ(loggedTarget("/api/v1/Agents/User/SetPassword?associateId=2&password=hunter2"),
        "/api/v1/Agents/User/SetPassword?associateId=2&password=***");
    EXPECT_EQ(loggedTarget("/x?NewPassword=a&oldPassword=b&appToken=c&x=1&$skiptoken=cursor&clientSecret"),
        "/x?NewPassword=***&oldPassword=***&appToken=***&x=1&$skiptoken=cursor&clientSecret");
}

TEST_F(HttpHost, CallsSlowerThanTheThresholdAreLoggedAsSlow)
{
    client.reset();
    server.reset();
    server.emplace(
        t.service, ServerOptions { .port = 0, .slowThreshold = std::chrono::milliseconds(0), .log = log.sink() });
    server->start();
    client.emplace(server->port());
    asAdmin(verb::get, userPath(jdoe));
    const auto lines = log.get();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("slow call: GET User/{id} took"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("(threshold 0 ms)"), std::string::npos) << lines[0];
}

TEST(HttpDate, FormatsAndParsesImfFixdate)
{
    const auto instant = std::chrono::sys_days { std::chrono::year { 1994 } / 11 / 6 } + std::chrono::hours(8) +
        std::chrono::minutes(49) + std::chrono::seconds(37);
    EXPECT_EQ(formatHttpDate(instant), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), instant);
    EXPECT_FALSE(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
    EXPECT_FALSE(parseHttpDate("Sun, 31 Feb 1994 08:49:37 GMT"));
    EXPECT_FALSE(parseHttpDate(""));
}

} // namespace
} // namespace userservice::http::test
