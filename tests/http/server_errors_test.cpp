// The request id (X-Request-Id) on every answer and in the logs, and server-side
// errors: a database file deleted under a running host answers 503 with the id, the
// error log has the details under it, and the client's body has neither them nor
// server paths.
#include "host_fixture.hpp"

#include <userservice/json.hpp>

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <filesystem>
#include <set>

#include <unistd.h>

namespace userservice::http::test {
namespace {

using beast_http::verb;
namespace fs = std::filesystem;

bool isNewId(const std::string& id)
{
    return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool hasLineWith(const std::vector<std::string>& lines, const std::string& text)
{
    return std::any_of(
        lines.begin(), lines.end(), [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

TEST_F(HttpHost, EveryAnswerCarriesARequestIdThatItsAccessLogLineHas)
{
    const std::vector<Reply> replies { asAdmin(verb::get, userPath(jdoe)), client->send(verb::get, userPath(jdoe)),
        asAdmin(verb::get, "/api/v1/User/999"), asAdmin(verb::get, "/nowhere") };
    const auto lines = accessLog.get();
    ASSERT_EQ(lines.size(), replies.size());
    std::set<std::string> ids;
    for (std::size_t i = 0; i < replies.size(); ++i) {
        const auto id = replies[i].header("X-Request-Id");
        EXPECT_TRUE(isNewId(id)) << replies[i].status << ": '" << id << "'";
        EXPECT_NE(lines[i].find(" id=" + id), std::string::npos) << lines[i];
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), replies.size()) << "ids repeat";
}

TEST_F(HttpHost, ASaneIncomingRequestIdIsEchoedAndAnInsaneOneReplaced)
{
    for (const std::string& sane : std::vector<std::string> {
             "4bf92f35-77b3-4da6-a3ce-929d0e0e4736", "req_1", "a:b.c/d+e=@f", std::string(64, 'x') }) {
        const auto reply = asAdmin(verb::get, userPath(jdoe), {}, { { "X-Request-Id", sane } });
        EXPECT_EQ(reply.status, 200u);
        EXPECT_EQ(reply.header("X-Request-Id"), sane);
        EXPECT_TRUE(hasLineWith(accessLog.get(), " id=" + sane)) << sane;
    }
    for (const std::string& insane : { std::string(65, 'x'), std::string("a b"), std::string("quo\"te"),
             std::string("semi;colon"), std::string("caf\xc3\xa9"), std::string("tab\there") }) {
        const auto reply = asAdmin(verb::get, userPath(jdoe), {}, { { "X-Request-Id", insane } });
        EXPECT_EQ(reply.status, 200u);
        EXPECT_TRUE(isNewId(reply.header("X-Request-Id"))) << insane << " -> " << reply.header("X-Request-Id");
        EXPECT_FALSE(hasLineWith(accessLog.get(), insane)) << insane;
    }
    // Other control characters: whether the parser refuses the header (400) or not, the id is a new one.
    Client raw(server->port());
    net::write(raw.socket(),
        net::buffer("GET " + userPath(jdoe) + " HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\x1b[2Jb\x01\r\n\r\n"));
    beast::flat_buffer buffer;
    beast_http::response<beast_http::string_body> response;
    beast_http::read(raw.socket(), buffer, response);
    EXPECT_TRUE(response.result_int() == 400u || response.result_int() == 200u) << response.result_int();
    EXPECT_TRUE(isNewId(std::string(response["X-Request-Id"]))) << response["X-Request-Id"];
}

TEST_F(HttpHost, APluginsExceptionIsLoggedUnderTheRequestIdAndTheClientGetsAGeneric500)
{
    const auto plugin = fs::path(USERSERVICE_PLUGIN_DIR) / "libthrowing_commands.so";
    t.registry->load(plugin);
    const auto reply = asAdmin(verb::post, userPath(jdoe) + "/CustomCommand/throws-std");
    ASSERT_EQ(reply.status, 500u) << reply.body;
    const auto id = reply.header("X-Request-Id");
    ASSERT_TRUE(isNewId(id)) << id;
    const auto body = reply.json();
    EXPECT_EQ(body.at("ErrorType"), "Exception");
    EXPECT_EQ(std::string(body.at("ErrorSource").as_string()), id);
    EXPECT_EQ(
        body.at("Message").as_string(), "internal error; the server's log has the details under request id " + id);
    for (const char* detail : { ".so", "std failure", "throwing_commands", USERSERVICE_PLUGIN_DIR })
        EXPECT_EQ(reply.body.find(detail), std::string::npos) << detail << " in " << reply.body;

    const auto lines = log.get();
    const auto logged = std::find_if(lines.begin(), lines.end(),
        [&](const std::string& line) { return line.rfind("request " + id + ": ", 0) == 0; });
    ASSERT_NE(logged, lines.end()) << "no log line starts with the request id " << id;
    EXPECT_NE(logged->find(plugin.string()), std::string::npos) << *logged;
    EXPECT_NE(logged->find("std failure"), std::string::npos) << *logged;
    EXPECT_NE(logged->find("throws-std"), std::string::npos) << *logged;
    EXPECT_TRUE(hasLineWith(accessLog.get(), "\" 500 ")) << "the access log has the 500 too";

    // A client's own id is the one the log line has.
    const auto own =
        asAdmin(verb::post, userPath(jdoe) + "/CustomCommand/throws-std", {}, { { "X-Request-Id", "mine-1" } });
    EXPECT_EQ(own.header("X-Request-Id"), "mine-1");
    EXPECT_TRUE(hasLineWith(log.get(), "request mine-1: "));
}

TEST_F(HttpHost, ABusyServiceIsAnswered503WithRetryAfterAndItsOwnMessageNotLoggedAsAFault)
{
    t.registry->load(fs::path(USERSERVICE_PLUGIN_DIR) / "libthrowing_commands.so");
    const auto reply = asAdmin(verb::post, userPath(jdoe) + "/CustomCommand/throws-busy");
    ASSERT_EQ(reply.status, 503u) << reply.body;
    EXPECT_EQ(reply.header("Retry-After"), "3");
    EXPECT_EQ(reply.json().at("Message").as_string(), "busy right now");
    EXPECT_FALSE(hasLineWith(log.get(), "request " + reply.header("X-Request-Id")))
        << "a busy answer is no fault for the error log";
}

/// A host on a database file, to delete under it.
class DatabaseFileHost : public ::testing::Test {
protected:
    DatabaseFileHost()
    {
        const auto system = CallerContext::system();
        const auto role =
            service.addRole(system, { .name = "Admin", .roleType = RoleType::Employee }, { .administerUsers = true });
        User admin = newUser("admin");
        admin.role = Role { .roleId = role.roleId };
        const auto id = service.saveUser(system, admin).associateId;
        auth = { { "Authorization", "Bearer " + service.issueApiToken(system, id, "test").secret } };
        server.emplace(service, ServerOptions { .port = 0, .accessLog = accessLog.sink(), .log = log.sink() });
        server->start();
        client.emplace(server->port());
    }
    ~DatabaseFileHost() override
    {
        client.reset();
        server.reset();
        fs::remove_all(directory);
    }

    static UserService openIn(const fs::path& directory)
    {
        fs::create_directories(directory);
        return UserService::open(
            { .database = (directory / "users.db").string(), .passwordHashing = PasswordHashing::Minimal });
    }

    static User newUser(const std::string& userName)
    {
        User user;
        user.name = userName;
        user.userName = userName;
        user.type = UserType::InternalAssociate;
        user.person = Person { .lastname = userName };
        return user;
    }

    const fs::path directory = fs::temp_directory_path() / ("userservice-http-dbfile-" + std::to_string(::getpid()));
    const fs::path database = directory / "users.db";
    UserService service = openIn(directory);
    std::map<std::string, std::string> auth;
    Lines accessLog, log;
    std::optional<Server> server;
    std::optional<Client> client;
};

TEST_F(DatabaseFileHost, SavesAfterTheFileWasDeletedAnswer503AndTheErrorLogSaysWhy)
{
    ASSERT_EQ(client->send(verb::post, "/api/v1/User", json::serialize(newUser("before")), auth).status, 201u);
    for (const char* suffix : { "", "-wal", "-shm" })
        fs::remove(database.string() + suffix);

    const auto refused = client->send(verb::post, "/api/v1/User", json::serialize(newUser("after")), auth);
    ASSERT_EQ(refused.status, 503u) << refused.body;
    const auto id = refused.header("X-Request-Id");
    EXPECT_EQ(refused.json().at("ErrorType"), "ServiceUnavailableException");
    EXPECT_EQ(std::string(refused.json().at("Message").as_string()),
        "the service is unavailable; the server's log has the details under request id " + id);
    EXPECT_EQ(refused.body.find(directory.string()), std::string::npos) << refused.body;
    const auto lines = log.get();
    const auto logged = std::find_if(lines.begin(), lines.end(),
        [&](const std::string& line) { return line.rfind("request " + id + ": ", 0) == 0; });
    ASSERT_NE(logged, lines.end()) << "no log line for " << id;
    EXPECT_NE(logged->find(database.string() + " was deleted"), std::string::npos) << *logged;
}

} // namespace
} // namespace userservice::http::test
