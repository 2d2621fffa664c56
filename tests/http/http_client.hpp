// A small blocking HTTP client for the host's tests (Boost.Beast), and the test
// host: a TestService behind a Server on a free loopback port. Compiled once in
// http_client.cpp: Beast's read and write instantiated in every test would cost each
// test file most of its compile time.
#pragma once

#include "server.hpp"

#include <userservice/testing.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace userservice::http::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;

struct Reply {
    unsigned status = 0;
    std::string body;
    beast_http::fields headers;

    boost::json::value json() const { return boost::json::parse(body); }
    std::string header(std::string_view name) const
    {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : std::string(it->value());
    }
};

/// An Authorization header's value for Basic authentication.
std::string basic(std::string_view user, std::string_view password);

/// One keep-alive connection.
class Client {
public:
    /// `from`: the loopback address to connect from (any 127.x.y.z), as another client would.
    explicit Client(unsigned short port, const std::string& from = "127.0.0.1");

    Reply send(beast_http::verb method, std::string_view target, std::string body = {},
        std::map<std::string, std::string> headers = {});

    tcp::socket& socket() { return socket_; }

private:
    net::io_context io_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

/// Collects log lines (they arrive from several threads).
class Lines {
public:
    std::function<void(std::string_view)> sink()
    {
        return [this](std::string_view line) {
            std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        };
    }
    std::vector<std::string> get() const
    {
        std::lock_guard lock(mutex_);
        return lines_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

} // namespace userservice::http::test
