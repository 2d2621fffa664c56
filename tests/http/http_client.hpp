// A small blocking HTTP client for the host's tests (Boost.Beast), and the test
// host: a TestService behind a Server on a free loopback port.
#pragma once

#include "server.hpp"

#include <userservice/testing.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <sodium.h>

#include <map>
#include <mutex>
#include <string>
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

inline std::string basic(std::string_view user, std::string_view password)
{
    const std::string plain = std::string(user) + ":" + std::string(password);
    std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
        sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return "Basic " + out;
}

/// Sends one request on `stream` (a socket, a TLS stream) and reads its answer.
template <class Stream>
Reply exchange(Stream& stream, beast::flat_buffer& buffer, beast_http::verb method, std::string_view target,
    std::string body = {}, const std::map<std::string, std::string>& headers = {})
{
    beast_http::request<beast_http::string_body> request { method, target, 11 };
    request.set(beast_http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers)
        request.set(name, value);
    if (!body.empty() && !headers.contains("Content-Type"))
        request.set(beast_http::field::content_type, "application/json");
    request.body() = std::move(body);
    request.prepare_payload();
    beast_http::write(stream, request);
    beast_http::response_parser<beast_http::string_body> parser;
    parser.skip(method == beast_http::verb::head);
    parser.body_limit(64 << 20);
    beast_http::read(stream, buffer, parser);
    auto response = parser.release();
    return { response.result_int(), std::move(response.body()), std::move(response.base()) };
}

/// One keep-alive connection.
class Client {
public:
    /// `from`: the loopback address to connect from (any 127.x.y.z), as another client would.
    explicit Client(unsigned short port, const std::string& from = "127.0.0.1")
        : socket_(io_)
    {
        socket_.open(tcp::v4());
        socket_.bind({ net::ip::make_address(from), 0 });
        socket_.connect({ net::ip::make_address("127.0.0.1"), port });
    }

    Reply send(beast_http::verb method, std::string_view target, std::string body = {},
        std::map<std::string, std::string> headers = {})
    {
        return exchange(socket_, buffer_, method, target, std::move(body), headers);
    }

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
