// The host under bad and heavy traffic: malformed, truncated, oversized and slow
// requests, many concurrent clients, and a stop in the middle of their saves; and what
// bounds a connection's memory: heads and bodies refused from their sizes, before they
// are read whole.
#include "http_client.hpp"

#include <userservice/json.hpp>

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

namespace userservice::http::test {
namespace {

using beast_http::verb;
namespace fs = std::filesystem;

class HttpRobustness : public ::testing::Test {
protected:
    HttpRobustness()
    {
        fs::remove(database);
        open();
        const auto system = CallerContext::system();
        const auto role =
            service->addRole(system, { .name = "Admin", .roleType = RoleType::Employee }, { .administerUsers = true });
        User admin = newUser("admin");
        admin.role = Role { .roleId = role.roleId };
        const auto id = service->saveUser(system, admin).associateId;
        bearer = "Bearer " + service->issueApiToken(system, id, "robustness").secret;
        startServer();
    }

    ~HttpRobustness() override
    {
        server.reset();
        service.reset();
        for (const char* suffix : { "", "-wal", "-shm" })
            fs::remove(database.string() + suffix);
    }

    void open()
    {
        service.emplace(
            UserService::open({ .database = database.string(), .passwordHashing = PasswordHashing::Minimal }));
    }

    void startServer()
    {
        server.emplace(*service,
            ServerOptions { .port = 0,
                .workerThreads = 4,
                .bodyLimit = bodyLimit,
                .headerLimit = headerLimit,
                .readTimeout = std::chrono::milliseconds(300),
                .headTimeout = std::chrono::milliseconds(300),
                .log = log.sink() });
        server->start();
    }

    static User newUser(const std::string& userName)
    {
        User user;
        user.name = userName.substr(0, 12);
        user.userName = userName;
        user.type = UserType::InternalAssociate;
        user.person = Person { .lastname = userName };
        return user;
    }

    /// The host still answers a well-formed call.
    void expectUp()
    {
        Client client(server->port());
        EXPECT_EQ(
            client.send(verb::post, "/api/v1/Agents/User/GetUser?userId=1", {}, { { "Authorization", bearer } }).status,
            200u);
    }

    /// Writes raw bytes and reads the answer, if any: its status, or 0 when the
    /// host closed the connection without one.
    unsigned raw(const std::string& bytes)
    {
        Client client(server->port());
        beast::error_code ec;
        net::write(client.socket(), net::buffer(bytes), ec); // the host may answer and close before the end
        beast::flat_buffer buffer;
        beast_http::response_parser<beast_http::string_body> parser;
        beast_http::read(client.socket(), buffer, parser, ec);
        return ec ? 0 : parser.get().result_int();
    }

    static constexpr std::size_t bodyLimit = 64 << 10, headerLimit = 8 << 10;
    const fs::path database =
        fs::temp_directory_path() / ("userservice-http-robustness-" + std::to_string(::getpid()) + ".db");
    std::optional<UserService> service;
    std::optional<Server> server;
    std::string bearer;
    Lines log;
};

TEST_F(HttpRobustness, MalformedTruncatedOversizedAndSlowRequestsLeaveTheHostUp)
{
    EXPECT_EQ(raw("GARBAGE\r\n\r\n"), 400u);
    expectUp();
    EXPECT_EQ(raw("GET /api/v1/User/1 HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"), 400u);
    expectUp();
    // Truncated: the body never arrives whole; the host waits, then gives up.
    EXPECT_EQ(raw("POST /api/v1/User HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"Na"), 0u);
    expectUp();
    {
        Client closing(server->port());
        net::write(closing.socket(), net::buffer(std::string("POST /api/v1/User HTTP/1.1\r\nHost: x\r\n")));
    } // closed half-way
    expectUp();
    const std::string big(100'000, 'x');
    EXPECT_EQ(raw("POST /api/v1/User HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(big.size()) + "\r\n\r\n" + big),
        413u);
    EXPECT_EQ(raw("GET /api/v1/User/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'y') + "\r\n\r\n"), 431u);
    // A client that sends slowly holds only its own connection, and only until the read timeout.
    Client slow(server->port());
    net::write(slow.socket(), net::buffer(std::string("GET /api/v1/User/1 HTTP/1.1\r\n")));
    expectUp();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    beast::error_code ec;
    char byte;
    slow.socket().read_some(net::buffer(&byte, 1), ec);
    EXPECT_EQ(ec, net::error::eof);
    expectUp();
    // Bodies that are not users.
    Client client(server->port());
    for (const char* body : { "[1,2,3]", "\"text\"", "{\"Person\": 5}", "{\"Name\": \"\xff\xfe\"}", "nul",
             "{\"Name\": \"X\", \"Name\": \"Y\"}" }) {
        const auto reply = client.send(verb::post, "/api/v1/User", body, { { "Authorization", bearer } });
        EXPECT_EQ(reply.status, 400u) << body << " -> " << reply.body;
    }
    expectUp();
}

std::string hex(std::size_t n)
{
    std::ostringstream out;
    out << std::hex << n;
    return out.str();
}

// A connection holds at most a head of the header limit and a body of the body limit:
// both are refused as soon as they pass it, from what the client declares, and the host
// never waits for (nor buffers) the rest. Had it waited, the read timeout (300 ms) would
// close these connections without an answer, and raw() would see 0.
TEST_F(HttpRobustness, OversizedHeadsAndBodiesAreRefusedBeforeTheyArriveWhole)
{
    const std::string post = "POST /api/v1/User HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Authorization: " +
        bearer + "\r\n";
    EXPECT_EQ(raw(post + "Content-Length: " + std::to_string(bodyLimit + 1) + "\r\n\r\n"), 413u) << "no body sent";
    EXPECT_EQ(raw(post + "Transfer-Encoding: chunked\r\n\r\n" + hex(bodyLimit + 1) + "\r\n"), 413u)
        << "a chunk's size line over the limit, its bytes not sent";
    const std::size_t half = bodyLimit / 2;
    EXPECT_EQ(raw(post + "Transfer-Encoding: chunked\r\n\r\n" + hex(half) + "\r\n" + std::string(half, ' ') +
                  "\r\n" + hex(half + 1) + "\r\n"),
        413u)
        << "chunks that add up to one byte over the limit";
    EXPECT_EQ(raw("GET /api/v1/User/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(headerLimit, 'y')), 431u)
        << "a head over the limit, never ended";
    // The limit itself is allowed: this body is read whole, then refused as a user.
    EXPECT_EQ(raw(post + "Content-Length: " + std::to_string(bodyLimit) + "\r\n\r\n" + std::string(bodyLimit, ' ')),
        400u);
    expectUp();
}

TEST_F(HttpRobustness, ConnectionsBeyondTheLimitGet503AndTheOthersGoOn)
{
    server.reset();
    server.emplace(*service, ServerOptions { .port = 0, .maxConnections = 1 });
    server->start();
    Client first(server->port());
    const std::map<std::string, std::string> auth { { "Authorization", bearer } };
    ASSERT_EQ(first.send(verb::post, "/api/v1/Agents/User/GetUser?userId=1", {}, auth).status, 200u);
    Client second(server->port());
    const auto refused = second.send(verb::post, "/api/v1/Agents/User/GetUser?userId=1", {}, auth);
    EXPECT_EQ(refused.status, 503u);
    EXPECT_EQ(refused.header("Retry-After"), "1");
    EXPECT_EQ(first.send(verb::post, "/api/v1/Agents/User/GetUser?userId=1", {}, auth).status, 200u);
}

TEST_F(HttpRobustness, ManyConcurrentClientsAndAStopLoseNoAnsweredSave)
{
    constexpr int clients = 8;
    std::atomic<int> answered = 0;
    std::vector<std::vector<std::pair<std::int32_t, std::string>>> saved(clients);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            try {
                Client client(server->port());
                for (int i = 0; i < 1000; ++i) {
                    const std::string name = "u" + std::to_string(c) + "-" + std::to_string(i);
                    const auto reply = client.send(
                        verb::post, "/api/v1/User", json::serialize(newUser(name)), { { "Authorization", bearer } });
                    if (reply.status != 201)
                        break;
                    saved[c].emplace_back(static_cast<std::int32_t>(reply.json().at("AssociateId").as_int64()), name);
                    ++answered;
                    if (reply.header("Connection") == "close")
                        break;
                }
            } catch (const std::exception&) {
                // The host closed the connection while stopping.
            }
        });
    while (answered < 200)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server->stop(); // what SIGTERM does
    for (auto& thread : threads)
        thread.join();

    // Reopen the database as a new process would: every answered save is there.
    server.reset();
    service.reset();
    open();
    std::size_t checked = 0;
    for (const auto& perClient : saved)
        for (const auto& [id, name] : perClient) {
            const auto user = service->getUser(CallerContext::system(), id);
            ASSERT_TRUE(user) << name;
            EXPECT_EQ(user->userName, name);
            ++checked;
        }
    EXPECT_GE(checked, 200u);
    EXPECT_LT(checked, std::size_t(clients) * 1000) << "the stop came after every client had finished";
}

} // namespace
} // namespace userservice::http::test
