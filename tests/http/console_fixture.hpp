// A host that serves the web console from the source tree, with a clock of the test's
// own for its sessions, and helpers to sign in and call as a session.
#pragma once

#include "host_fixture.hpp"

#include <atomic>
#include <chrono>

namespace userservice::http::test {

class ConsoleHost : public HttpHost {
protected:
    explicit ConsoleHost(ServiceOptions options = {}, bool secureCookie = false)
        : HttpHost(std::move(options))
    {
        client.reset();
        server.reset();
        ConsoleOptions console { .directory = USERSERVICE_CONSOLE_DIR, .secureCookie = secureCookie };
        console.clock = [this] { return now.load(); };
        server.emplace(t.service,
            ServerOptions { .port = 0, .accessLog = accessLog.sink(), .log = log.sink(), .console = console });
        server->start();
        client.emplace(server->port());
    }

    struct Signed {
        Reply reply;
        std::string cookie; ///< "userservice_session=…", as a Cookie header sends it
        std::string xsrf;
    };

    Signed signIn(const std::string& name, const std::string& password, Client* from = nullptr)
    {
        boost::json::object body { { "userName", name }, { "password", password } };
        Signed signed_ {
            (from ? *from : *client).send(beast_http::verb::post, "/api/v1/Session", boost::json::serialize(body))
        };
        const auto setCookie = signed_.reply.header("Set-Cookie");
        signed_.cookie = setCookie.substr(0, setCookie.find(';'));
        if (signed_.reply.status == 200)
            signed_.xsrf = std::string(signed_.reply.json().at("XsrfToken").as_string());
        return signed_;
    }

    Reply asSession(const Signed& session, beast_http::verb method, const std::string& target, std::string body = {},
        bool withXsrf = true)
    {
        std::map<std::string, std::string> headers { { "Cookie", session.cookie } };
        if (withXsrf)
            headers.emplace("X-XSRF-TOKEN", session.xsrf);
        return client->send(method, target, std::move(body), std::move(headers));
    }

    void advance(std::chrono::steady_clock::duration by) { now = now.load() + by; }

    /// The sessions' clock (read on the server's threads).
    std::atomic<std::chrono::steady_clock::time_point> now { std::chrono::steady_clock::time_point {} +
        std::chrono::hours(100) };
};

} // namespace userservice::http::test
