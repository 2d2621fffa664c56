// The HTTP host's networking: Boost.Beast on a few I/O threads, with the
// service calls on a pool of worker threads so that a slow call (a password hash,
// a plugin) never holds up reading and writing other connections.
//
//   Server server(service, { .port = 8080 });
//   server.start();
//   ... // until SIGTERM
//   server.stop(); // answers what it has read, then closes
#pragma once

#include "api.hpp"

#include <userservice/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace userservice::http {

struct ServerOptions {
    std::string address = "127.0.0.1"; ///< loopback unless told otherwise
    unsigned short port = 8080; ///< 0: any free port (see Server::port())
    /// PEM files: with both, the host speaks HTTPS only (tls.hpp says how); with neither,
    /// plain HTTP. Checked when the Server is made, before it listens.
    std::string tlsCertificate, tlsKey;
    /// Over plain HTTP, Basic credentials from a client that is not on this machine (not
    /// loopback) are refused with 403, unchecked: they crossed the network in clear text.
    /// True: checked anyway (behind a proxy elsewhere that terminates TLS).
    bool allowPlainHttpAuth = false;
    unsigned ioThreads = 1;
    /// Calls into the service run here. 0: the service's password slots and queue
    /// (PasswordWork) and 4 more, so that sign-ins waiting for Argon2id never hold them
    /// all; a number of your own should be more than slots and queue together too.
    unsigned workerThreads = 0;
    /// Larger bodies: 413; nor may a PATCH make a user larger.
    std::size_t bodyLimit = json::limits.bytes;
    std::size_t headerLimit = 16 << 10; ///< larger headers: 431
    /// A request's body must arrive whole within this after its head: a client that
    /// sends slowly only holds its own connection, and not for long.
    std::chrono::milliseconds readTimeout { 15'000 };
    std::chrono::milliseconds writeTimeout { 15'000 };
    /// A request's head (request line and headers) must arrive whole within this from
    /// its first byte (from the connection's start for its first request): slow heads
    /// are the cheapest way to hold a connection.
    std::chrono::milliseconds headTimeout { 5'000 };
    /// A keep-alive connection with no request under way is closed after this.
    std::chrono::milliseconds idleTimeout { 5'000 };
    std::size_t maxConnections = 1024; ///< more: 503 and close
    /// Connections one client address may hold at once; more: 503 and close, the
    /// others unaffected. 0: no limit (behind a reverse proxy, every client has its address).
    std::size_t maxConnectionsPerAddress = 64;
    /// Calls slower than this are logged as slow (the seeds' "NsApiSlow threshold").
    std::chrono::milliseconds slowThreshold { 2'000 };
    /// How long stop() waits for requests already read to be answered.
    std::chrono::milliseconds shutdownGrace { 10'000 };
    /// One line per request; none when empty. Called from several threads.
    std::function<void(std::string_view line)> accessLog;
    /// Slow calls and failures; none when empty. Called from several threads.
    std::function<void(std::string_view line)> log;
    /// The web console at `/` (its folder; none when empty) and its sign-in sessions.
    ConsoleOptions console;
};

class Server {
public:
    /// Loads the TLS files if any (@throws std::runtime_error naming the file and the
    /// problem), then binds the address and port (@throws std::system_error when it cannot).
    Server(UserService& service, ServerOptions options);
    ~Server(); ///< stop()
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port it listens on (the chosen one when ServerOptions::port was 0).
    unsigned short port() const noexcept;
    /// Whether it speaks HTTPS (ServerOptions::tlsCertificate and tlsKey).
    bool tls() const noexcept;

    /// Starts accepting on background threads; returns at once.
    void start();
    /// Stops accepting, answers every request already read (up to shutdownGrace),
    /// then closes every connection. Every save that was answered is stored.
    void stop();

    struct State;

private:
    std::unique_ptr<State> state_;
};

/// The request target as the access log writes it: the values of query parameters whose
/// names say they carry a secret (password, newPassword, token, …) become "***".
std::string loggedTarget(std::string_view target);

} // namespace userservice::http
