// One connection of the server: its requests read one after the other, each answered
// on a worker. A template over the stream, instantiated once for plain HTTP
// (session_plain.cpp) and once for TLS (session_tls.cpp).
#pragma once

#include "request_id.hpp"
#include "server_state.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <cstdio>
#include <memory>
#include <type_traits>

namespace userservice::http::session {

namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

inline double milliseconds(SteadyClock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

/// One connection: reads requests one after the other (keep-alive), hands each to a
/// worker, and writes its answer back on the connection's strand. `Stream`: a
/// PlainStream, or a TlsStream whose handshake comes first, under the first head's deadline.
template <class Stream> class Session : public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool tls = std::is_same_v<Stream, TlsStream>;

    /// `tlsContext`: the server's, for a TlsStream; nothing for a PlainStream.
    template <class... TlsContext>
    Session(tcp::socket socket, Server::State& state, TlsContext&... tlsContext)
        : stream_(std::move(socket), tlsContext...)
        , state_(&state)
    {
        beast::error_code ignored;
        const auto endpoint = tcpStream().socket().remote_endpoint(ignored);
        remote_ = endpoint.address().to_string(ignored);
        ++state_->connections;
    }

    ~Session()
    {
        if (holdsSlot_)
            state_->addressSlots.give(remote_);
        --state_->connections;
    }

    void start(Refusal refusal)
    {
        if (refusal == Refusal::None && !state_->addressSlots.take(remote_))
            refusal = Refusal::AddressFull;
        holdsSlot_ = refusal == Refusal::None;
        const auto headDeadline = SteadyClock::now() + state_->options.headTimeout;
        if constexpr (!tls) {
            if (refusal != Refusal::None)
                return refuse(refusal);
            return readHead(headDeadline);
        } else {
            // A client that never finishes its handshake holds its slot no longer than a slow head would.
            tcpStream().expires_at(headDeadline);
            stream_.async_handshake(net::ssl::stream_base::server,
                [self = this->shared_from_this(), refusal, headDeadline](beast::error_code ec) {
                    if (ec)
                        return self->drop(); // plain HTTP on the HTTPS port, a bad client, too slow
                    if (refusal != Refusal::None)
                        return self->refuse(refusal);
                    self->readHead(headDeadline);
                });
        }
    }

private:
    beast::tcp_stream& tcpStream() { return beast::get_lowest_layer(stream_); }

    /// Answers 503 before reading anything, then closes; the error log says why.
    void refuse(Refusal refusal)
    {
        const auto id = newRequestId();
        const std::string why = refusal == Refusal::HostFull ? "too many connections"
                                                             : "too many connections from " + remote_ + " (at most " +
                std::to_string(state_->options.maxConnectionsPerAddress) + ")";
        state_->log("request " + id + ": refused a connection from " + remote_ + ": " + why);
        auto response = errorResponse(Error(ErrorKind::Unavailable, why + "; try again shortly", {}, id), 503);
        response.set(beast_http::field::retry_after, "1");
        response.set("X-Request-Id", id);
        response.keep_alive(false);
        write(std::move(response), false);
    }

    /// The head of the next request, by `deadline`.
    void readHead(SteadyClock::time_point deadline)
    {
        parser_.emplace();
        parser_->body_limit(state_->options.bodyLimit);
        parser_->header_limit(static_cast<std::uint32_t>(state_->options.headerLimit));
        tcpStream().expires_at(deadline);
        beast_http::async_read_header(stream_, buffer_, *parser_,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onHead(ec); });
    }

    /// Then its body, within readTimeout.
    void onHead(beast::error_code ec)
    {
        if (ec || parser_->is_done())
            return onRead(ec);
        tcpStream().expires_after(state_->options.readTimeout);
        beast_http::async_read(stream_, buffer_, *parser_,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    /// Between requests: the next one must start within idleTimeout (unless it is
    /// already here, pipelined), and its head then gets headTimeout of its own.
    void awaitNext()
    {
        if (buffer_.size() > 0)
            return readHead(SteadyClock::now() + state_->options.headTimeout);
        tcpStream().expires_after(state_->options.idleTimeout);
        stream_.async_read_some(
            buffer_.prepare(4096), [self = this->shared_from_this()](beast::error_code ec, std::size_t received) {
                self->buffer_.commit(received);
                if (ec)
                    return self->drop();
                self->readHead(SteadyClock::now() + self->state_->options.headTimeout);
            });
    }

    /// A malformed or too large request: says what was wrong, then closes (the stream
    /// is out of step). Socket errors and timeouts just close: nobody to answer.
    void onReadError(beast::error_code ec)
    {
        unsigned status = 400;
        std::string message = "the request is not valid HTTP: " + ec.message();
        if (ec == beast_http::error::body_limit) {
            status = 413;
            message = "the body is larger than " + std::to_string(state_->options.bodyLimit) + " bytes";
        } else if (ec == beast_http::error::header_limit) {
            status = 431;
            message = "the headers are larger than " + std::to_string(state_->options.headerLimit) + " bytes";
        } else if (ec.category() != beast_http::make_error_code(beast_http::error::body_limit).category() ||
            ec == beast_http::error::end_of_stream) {
            return drop();
        }
        auto response = errorResponse(Error(ErrorKind::BadRequest, message, {}, "request"), status);
        response.set("X-Request-Id", parser_->is_header_done() ? requestIdOf(parser_->get()) : newRequestId());
        response.keep_alive(false);
        write(std::move(response), false);
    }

    void onRead(beast::error_code ec)
    {
        if (ec)
            return onReadError(ec);
        // Answer on a worker; the connection waits (HTTP/1.1 answers in order).
        ++state_->inFlight;
        auto request = std::make_shared<Request>(parser_->release());
        const auto received = SteadyClock::now();
        net::post(state_->workers, [self = this->shared_from_this(), request, received] {
            auto exchange = self->state_->api.handle(*request, self->remote_, tls ? Transport::Tls : Transport::Plain);
            const auto took = SteadyClock::now() - received;
            if (took > self->state_->options.slowThreshold)
                self->state_->log("slow call: " + std::string(request->method_string()) + " " +
                    (exchange.route.empty() ? std::string(request->target()) : exchange.route) + " took " +
                    std::to_string(static_cast<long long>(milliseconds(took))) + " ms (threshold " +
                    std::to_string(self->state_->options.slowThreshold.count()) + " ms), request " +
                    exchange.requestId);
            net::post(
                self->stream_.get_executor(), [self, request, received, exchange = std::move(exchange)]() mutable {
                    if (self->state_->stopping)
                        exchange.response.keep_alive(false); // finish this one, take no more
                    self->logAccess(*request, exchange, received);
                    self->write(std::move(exchange.response), true);
                });
        });
    }

    void logAccess(const Request& request, const Exchange& exchange, SteadyClock::time_point received) const
    {
        if (!state_->options.accessLog)
            return;
        char line[640];
        const auto target = loggedTarget(request.target());
        const int length = std::snprintf(line, sizeof line, "%s \"%s %.*s\" %u %zu %.1fms caller=%s id=%s",
            remote_.c_str(), std::string(request.method_string()).c_str(),
            static_cast<int>(std::min<std::size_t>(target.size(), 300)), target.data(), exchange.response.result_int(),
            exchange.response.body().size(), milliseconds(SteadyClock::now() - received),
            exchange.caller ? std::to_string(*exchange.caller).c_str() : "-", exchange.requestId.c_str());
        state_->options.accessLog(std::string_view(line, std::min<std::size_t>(length, sizeof line - 1)));
    }

    void write(Response response, bool answered)
    {
        response.set(beast_http::field::server, "userservice");
        auto message = std::make_shared<Response>(std::move(response));
        tcpStream().expires_after(state_->options.writeTimeout);
        beast_http::async_write(
            stream_, *message, [self = this->shared_from_this(), message, answered](beast::error_code ec, std::size_t) {
                if (answered)
                    --self->state_->inFlight;
                if (ec)
                    return self->drop();
                if (!message->keep_alive())
                    return self->close();
                self->awaitNext();
            });
    }

    /// After an answer that ends the connection: TLS says so (close_notify), waiting for
    /// the client's own no longer than an idle connection may stay.
    void close()
    {
        if constexpr (tls) {
            tcpStream().expires_after(state_->options.idleTimeout);
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->drop(); });
        } else {
            drop();
        }
    }

    /// Closes the socket at once: after an error or a timeout, or when the client is gone.
    void drop()
    {
        beast::error_code ignored;
        tcpStream().socket().shutdown(tcp::socket::shutdown_both, ignored);
        tcpStream().close();
    }

    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
    Server::State* state_;
    std::string remote_;
    bool holdsSlot_ = false; ///< of state_->addressSlots
};

} // namespace userservice::http::session
