// The administrator's web console: where its files are and how its sign-in sessions
// behave (ServerOptions::console). The host's own (not installed).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>

namespace userservice::http {

struct ConsoleOptions {
    /// The console's static files, served at `/`; empty: no console (its paths are 404s).
    std::filesystem::path directory;
    /// A session not used for this long ends (the cookie stops working).
    std::chrono::seconds sessionIdle { std::chrono::minutes(30) };
    /// A session ends this long after sign-in however much it is used.
    std::chrono::seconds sessionLifetime { std::chrono::hours(12) };
    /// Sessions held at once (every user together); more sign-ins: 503 until some end.
    std::size_t maxSessions = 10'000;
    /// Marks the session cookie Secure: set it when the host serves TLS (or sits behind
    /// a TLS proxy), so that the browser never sends the cookie in the clear.
    bool secureCookie = false;
    /// The clock sessions expire by; default: std::chrono::steady_clock (tests pass their own).
    std::function<std::chrono::steady_clock::time_point()> clock;
};

} // namespace userservice::http
