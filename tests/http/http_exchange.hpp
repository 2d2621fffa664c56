// One request and its answer on any stream (a socket, a TLS stream): for the client
// of http_client.cpp, and the tests that bring a stream of their own.
#pragma once

#include "http_client.hpp"

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace userservice::http::test {

/// Sends one request on `stream` and reads its answer.
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

} // namespace userservice::http::test
