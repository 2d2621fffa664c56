// Budgets before work, over HTTP against a real host: a JSON Patch cannot grow a user
// past the limits (each operation is charged before it runs), and a body that is too
// deep or too wide is refused while it is bound, quickly, with a message naming the limit.
#include "host_fixture.hpp"

#include <chrono>

namespace userservice::http::test {
namespace {

using beast_http::verb;
namespace bj = boost::json;

class DocumentBudget : public HttpHost {
protected:
    Reply jsonPatch(const User& user, const std::string& body)
    {
        return asAdmin(verb::patch, userPath(user), body, { { "Content-Type", "application/json-patch+json" } });
    }
    Reply mergePatch(const User& user, const std::string& body)
    {
        return asAdmin(verb::patch, userPath(user), body, { { "Content-Type", "application/merge-patch+json" } });
    }
    std::string messageOf(const Reply& reply) { return std::string(reply.json().at("Message").as_string()); }
    std::string stored(const User& user) { return json::serialize(*t.service.getUser(t.system(), user.associateId)); }
};

/// How long `call` takes.
template <class F> std::chrono::milliseconds timed(F&& call)
{
    const auto start = std::chrono::steady_clock::now();
    call();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

bool contains(const std::string& text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

TEST_F(DocumentBudget, APatchThatCopiesTheUserIntoItselfIsRefusedFastAndChangesNothing)
{
    // Each copy doubles the document: 25 of them (under 1 KB) would be 2^25 users.
    std::string body = "[";
    for (int i = 0; i < 25; ++i)
        body += std::string(i ? "," : "") + R"({"op":"copy","from":"","path":"/x)" + std::to_string(i) + R"("})";
    body += "]";
    ASSERT_LT(body.size(), 1024u);
    const std::string before = stored(jdoe);
    Reply reply;
    const auto took = timed([&] { reply = jsonPatch(jdoe, body); });
    ASSERT_EQ(reply.status, 400u) << reply.body;
    const std::string message = messageOf(reply);
    EXPECT_TRUE(contains(message, "operations[")) << message;
    EXPECT_TRUE(contains(message, "at most 20000") || contains(message, "at most 1048576")) << message;
    EXPECT_TRUE(std::string(reply.json().at("ErrorSource").as_string()).starts_with("operations[")) << reply.body;
    EXPECT_LT(took.count(), 2000) << "refused only after " << took.count() << " ms";
    EXPECT_EQ(stored(jdoe), before);
    EXPECT_EQ(asAdmin(verb::get, userPath(jdoe)).status, 200u); // the host is still up
}

TEST_F(DocumentBudget, TheOperationThatCrossesTheByteLimitIsNamedAndRefusedBeforeItRuns)
{
    // Big but few values: a 300 KB tooltip copied four times crosses 1 MB at the fourth copy.
    const std::string big(300'000, 'a');
    std::string body = R"([{"op":"add","path":"/Big","value":")" + big + R"("})";
    for (int i = 0; i < 4; ++i)
        body += R"(,{"op":"copy","from":"/Big","path":"/Copy)" + std::to_string(i) + R"("})";
    body += "]";
    const std::string before = stored(jdoe);
    const auto reply = jsonPatch(jdoe, body);
    ASSERT_EQ(reply.status, 400u) << reply.body.substr(0, 300);
    const std::string message = messageOf(reply);
    EXPECT_TRUE(contains(message, "operations[3]: copy would make the document be ")) << message;
    EXPECT_TRUE(contains(message, "at most 1048576 are allowed (the host's body limit)")) << message;
    EXPECT_EQ(reply.json().at("ErrorSource"), "operations[3]");
    EXPECT_EQ(stored(jdoe), before);
}

TEST_F(DocumentBudget, APatchThatNestsTheUserTooDeeplyIsRefused)
{
    // Each operation adds an object inside the last one: small, but one level deeper.
    std::string body = "[";
    std::string path;
    for (int i = 0; i < 40; ++i) {
        path += "/n";
        body += std::string(i ? "," : "") + R"({"op":"add","path":")" + path + R"(","value":{}})";
    }
    body += "]";
    const auto reply = jsonPatch(jdoe, body);
    ASSERT_EQ(reply.status, 400u) << reply.body;
    EXPECT_TRUE(contains(messageOf(reply), "operations[31]: add would make the document nest deeper than 32 levels"))
        << reply.body;

    std::string deep = R"({"Tooltip": "x", "Junk": )";
    for (int i = 0; i < 40; ++i)
        deep += R"({"a": )";
    deep += "1" + std::string(40, '}') + "}";
    const auto merged = mergePatch(jdoe, deep);
    ASSERT_EQ(merged.status, 400u) << merged.body;
    EXPECT_TRUE(contains(messageOf(merged), "the patched document would nest deeper than 32 levels")) << merged.body;
    EXPECT_NE(t.service.getUser(t.system(), jdoe.associateId)->tooltip, "x");
}

TEST_F(DocumentBudget, AHundredOrdinaryOperationsStillApply)
{
    std::string body = "[";
    for (int i = 0; i < 100; ++i)
        body += std::string(i ? "," : "") + R"({"op":"replace","path":"/Tooltip","value":"round )" + std::to_string(i) +
            R"("})";
    body += "]";
    const auto reply = jsonPatch(jdoe, body);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json().at("Tooltip"), "round 99");
}

TEST_F(DocumentBudget, ADeepBodyIsRefusedNamingTheDepth)
{
    std::string deep = R"({"AssociateId": 0, "Name": "DD", "Junk": )";
    for (int i = 0; i < 40; ++i)
        deep += "[";
    deep += std::string(40, ']') + "}";
    const auto reply = asAdmin(verb::post, "/api/v1/Agents/User/SaveUser", deep);
    ASSERT_EQ(reply.status, 400u) << reply.body;
    EXPECT_TRUE(contains(messageOf(reply), "the JSON nests deeper than 32 levels at line 1")) << reply.body;
}

TEST_F(DocumentBudget, AWideDictionaryIsRefusedWhileBindingBeforeAnyEntryIsBuilt)
{
    bj::object fields;
    for (int i = 0; i < 30'000; ++i)
        fields["k" + std::to_string(i)] = "v";
    const std::string body =
        bj::serialize(bj::object { { "AssociateId", jdoe.associateId }, { "CustomFields", fields } });
    Reply reply;
    const auto took = timed([&] { reply = asAdmin(verb::put, userPath(jdoe), body); });
    ASSERT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.json().at("ErrorType"), "ArgumentException"); // a bad body, not a user that fails validation
    EXPECT_EQ(messageOf(reply), "User.CustomFields: has 30000 entries; at most 200 are allowed");
    EXPECT_EQ(reply.json().at("ErrorSource"), "User.CustomFields");
    EXPECT_LT(took.count(), 2000);
}

TEST_F(DocumentBudget, AWideArrayIsRefusedWhileBindingNamingTheLimit)
{
    bj::array groups;
    for (int i = 0; i < 30'000; ++i)
        groups.push_back(bj::object {});
    const std::string body =
        bj::serialize(bj::object { { "AssociateId", jdoe.associateId }, { "OtherGroups", groups } });
    const std::string before = stored(jdoe);
    const auto reply = asAdmin(verb::put, userPath(jdoe), body);
    ASSERT_EQ(reply.status, 400u) << reply.body.substr(0, 300);
    EXPECT_EQ(messageOf(reply), "User.OtherGroups: the document holds more than 20000 values; no more are read");
    EXPECT_EQ(stored(jdoe), before);
}

} // namespace
} // namespace userservice::http::test
