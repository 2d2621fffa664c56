// The server's state, which its sessions share, and how a session starts. Private to
// the host: server.cpp accepts, session_plain.cpp and session_tls.cpp serve (one
// compiler each for Beast's plain and TLS code, the costliest templates of the host).
#pragma once

#include "address_slots.hpp"
#include "server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

namespace userservice::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

// Sessions keep a reference to the state: it outlives them, because they live in
// handlers of the io_context, which is destroyed first (by stop(), or as a member
// declared after everything a session touches).
struct Server::State {
    State(UserService& service, ServerOptions options);

    Api api;
    ServerOptions options;
    std::optional<net::ssl::context> tls; ///< HTTPS only, when set
    std::atomic<std::size_t> connections = 0;
    AddressSlots addressSlots { options.maxConnectionsPerAddress };
    std::atomic<std::size_t> inFlight = 0; ///< requests read and not yet answered
    std::atomic<bool> stopping = false;
    bool started = false;
    bool stopped = false;
    std::vector<std::thread> ioThreads;
    net::thread_pool workers;
    std::optional<net::io_context> io; ///< destroyed by stop(): that closes every connection left
    std::optional<tcp::acceptor> acceptor;
    /// Keeps io running while every connection waits for a worker (and none for I/O).
    std::optional<net::executor_work_guard<net::io_context::executor_type>> keepRunning;

    void log(std::string_view line) const
    {
        if (options.log)
            options.log(line);
    }

    void accept();
};

/// Why a connection is refused as soon as it is accepted; None: it is served.
enum class Refusal { None, HostFull, AddressFull };

/// Serves the connection `socket` until it ends, over plain HTTP or (with state.tls) HTTPS.
void startPlainSession(tcp::socket socket, Server::State& state, Refusal refusal);
void startTlsSession(tcp::socket socket, Server::State& state, Refusal refusal);

} // namespace userservice::http
