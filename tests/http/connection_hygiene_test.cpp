// Connection hygiene over raw sockets: many slow clients from one address cannot
// lock out another, a slow request head is cut at its own deadline (a slow body is
// not), and an idle keep-alive connection is closed after its timeout. Timeouts are
// configured short, so nothing here sleeps long.
#include "host_fixture.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <poll.h>

#include <chrono>
#include <thread>

namespace userservice::http::test {
namespace {

using namespace std::chrono_literals;
using beast_http::verb;
using SteadyClock = std::chrono::steady_clock;

/// A connection from `source`: 127.0.0.2 is as much loopback as 127.0.0.1 on Linux,
/// and the host sees another client address.
tcp::socket connectFrom(net::io_context& io, const char* source, unsigned short port)
{
    tcp::socket socket(io);
    socket.open(tcp::v4());
    socket.bind({ net::ip::make_address(source), 0 });
    socket.connect({ net::ip::make_address("127.0.0.1"), port });
    return socket;
}

/// Whether the host sent something, or closed, on `socket` within `wait`.
bool answers(tcp::socket& socket, std::chrono::milliseconds wait)
{
    pollfd fd { socket.native_handle(), POLLIN, 0 };
    return ::poll(&fd, 1, static_cast<int>(wait.count())) == 1;
}

/// Reads until the host closes `socket`.
void readUntilClosed(tcp::socket& socket)
{
    char buffer[4096];
    beast::error_code ec;
    while (!ec)
        socket.read_some(net::buffer(buffer), ec);
}

Reply readReply(tcp::socket& socket)
{
    beast::flat_buffer buffer;
    beast_http::response_parser<beast_http::string_body> parser;
    beast::error_code ec;
    beast_http::read(socket, buffer, parser, ec);
    if (ec)
        return {};
    auto response = parser.release();
    return { response.result_int(), std::move(response.body()), std::move(response.base()) };
}

class ConnectionHygiene : public HttpHost {
protected:
    /// Serves again with `options`; `client` is a new connection from 127.0.0.1.
    void restart(ServerOptions options)
    {
        client.reset();
        server.reset();
        options.port = 0;
        options.log = log.sink();
        server.emplace(t.service, std::move(options));
        server->start();
        client.emplace(server->port());
    }

    std::string getUserTarget() const
    {
        return "/api/v1/Agents/User/GetUser?userId=" + std::to_string(jdoe.associateId);
    }
    /// The request line and the authorization of a GetUser, without the end of its head.
    std::string headStart() const
    {
        return "POST " + getUserTarget() + " HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n";
    }
    Reply getUser(Client& on)
    {
        return on.send(verb::post, getUserTarget(), {}, { { "Authorization", "Bearer " + token } });
    }
};

TEST_F(ConnectionHygiene, SlowClientsFromOneAddressCannotLockOutAnother)
{
    ServerOptions options;
    options.maxConnections = 8;
    options.maxConnectionsPerAddress = 4;
    options.headTimeout = 20s; // the slow clients are not cut by their deadline during the test
    restart(options);
    ASSERT_EQ(getUser(*client).status, 200u); // one connection from 127.0.0.1, accepted

    // Seven more from 127.0.0.1 would fill the host; each starts a head and stops.
    net::io_context io;
    std::vector<tcp::socket> slow;
    for (int i = 0; i < 7; ++i) {
        slow.push_back(connectFrom(io, "127.0.0.1", server->port()));
        beast::error_code refusedAlready;
        net::write(slow.back(), net::buffer(headStart()), refusedAlready);
    }
    // Accepted in order: three more fit the address's share, the other four are refused at once.
    for (std::size_t i = 3; i < slow.size(); ++i) {
        ASSERT_TRUE(answers(slow[i], 5s)) << "connection " << i << " was not refused";
        const auto refused = readReply(slow[i]);
        EXPECT_EQ(refused.status, 503u) << refused.body;
        EXPECT_EQ(refused.header("Retry-After"), "1");
        EXPECT_NE(refused.body.find("too many connections from 127.0.0.1"), std::string::npos) << refused.body;
        const auto id = refused.header("X-Request-Id");
        ASSERT_FALSE(id.empty());
        const auto lines = log.get();
        EXPECT_TRUE(std::any_of(lines.begin(), lines.end(),
            [&](const std::string& line) {
                return line.find(id) != std::string::npos && line.find("refused a connection") != std::string::npos;
            }))
            << "no error log line for " << id;
        readUntilClosed(slow[i]);
    }
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_FALSE(answers(slow[i], 50ms)) << "connection " << i << " was answered before its head ended";

    // Another address is served, and so are the connections already held.
    auto other = connectFrom(io, "127.0.0.2", server->port());
    net::write(other, net::buffer(headStart() + "Host: x\r\n\r\n"));
    EXPECT_EQ(readReply(other).status, 200u);
    EXPECT_EQ(getUser(*client).status, 200u);
    for (std::size_t i = 0; i < 3; ++i) {
        net::write(slow[i], net::buffer(std::string("Host: x\r\n\r\n")));
        EXPECT_EQ(readReply(slow[i]).status, 200u) << "connection " << i;
    }
    // Closed connections give their slots back (once the host has seen them close).
    slow.clear();
    Reply again;
    for (int attempt = 0; attempt < 100 && again.status != 200; ++attempt) {
        std::this_thread::sleep_for(20ms);
        auto socket = connectFrom(io, "127.0.0.1", server->port());
        beast::error_code ec;
        net::write(socket, net::buffer(headStart() + "Host: x\r\n\r\n"), ec);
        again = readReply(socket);
    }
    EXPECT_EQ(again.status, 200u);
}

TEST_F(ConnectionHygiene, ASlowHeadIsCutAtItsDeadlineAndASlowBodyIsNot)
{
    ServerOptions options;
    options.headTimeout = 300ms;
    options.readTimeout = 10s;
    restart(options);

    // One byte of a header every 50 ms: the head never ends in time.
    Client dripping(server->port());
    const auto start = SteadyClock::now();
    net::write(dripping.socket(), net::buffer(headStart()));
    beast::error_code ec;
    for (int i = 0; i < 100 && !ec && !answers(dripping.socket(), 50ms); ++i)
        net::write(dripping.socket(), net::buffer("X", 1), ec);
    readUntilClosed(dripping.socket());
    const auto held = SteadyClock::now() - start;
    EXPECT_GE(held, 250ms);
    EXPECT_LT(held, 3s) << "the head was given the body's timeout";

    // A head on time and a body that takes longer than the head's deadline.
    Client slowBody(server->port());
    const std::string body = R"({"userId": )" + std::to_string(jdoe.associateId) + "}";
    net::write(slowBody.socket(),
        net::buffer("POST /api/v1/Agents/User/GetUser HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
    std::this_thread::sleep_for(500ms);
    net::write(slowBody.socket(), net::buffer(body));
    const auto reply = readReply(slowBody.socket());
    EXPECT_EQ(reply.status, 200u) << reply.body;
}

TEST_F(ConnectionHygiene, AnIdleKeepAliveConnectionIsClosedAfterItsTimeout)
{
    ServerOptions options;
    options.idleTimeout = 300ms;
    options.headTimeout = 10s;
    options.readTimeout = 10s;
    restart(options);

    // Requests that follow each other within the idle timeout share the connection.
    for (int i = 0; i < 3; ++i) {
        if (i > 0)
            std::this_thread::sleep_for(100ms);
        ASSERT_EQ(getUser(*client).status, 200u);
    }
    const auto start = SteadyClock::now();
    readUntilClosed(client->socket());
    const auto idle = SteadyClock::now() - start;
    EXPECT_GE(idle, 150ms);
    EXPECT_LT(idle, 3s) << "the idle connection was given the read timeout";
}

} // namespace
} // namespace userservice::http::test
