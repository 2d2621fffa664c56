// The HTTP host's test fixture: a TestService with an administrator and an ordinary
// user who sign in with passwords, a host on a free loopback port, a client, and a
// way to call an agent method in each form the official clients use. Its functions
// are compiled once, in host_fixture.cpp.
#pragma once

#include "http_client.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace userservice::http::test {

/// How an agent method's parameters travel: scalars in the query string (the rest in a
/// camelCase body), or everything in a JSON body in camelCase or in PascalCase.
enum class Way { Query, CamelBody, PascalBody };
inline constexpr std::array<Way, 3> everyWay { Way::Query, Way::CamelBody, Way::PascalBody };

const char* nameOf(Way way);

/// The target and body of an agent call with `params` (a JSON object) sent `way`.
std::pair<std::string, std::string> agentRequest(std::string_view method, const boost::json::object& params, Way way);

/// A file of tests/data/seeds.
std::string readSeed(const std::string& name);

std::vector<std::string> keysOf(const boost::json::value& value);

/// Options whose login throttling locks a name out after three failures (30 s, at most 120 s).
ServiceOptions throttled();

class HttpHost : public ::testing::Test {
protected:
    /// `serverOptions`: its port and logs are the fixture's; with TLS there is no `client`.
    explicit HttpHost(ServiceOptions options = {}, ServerOptions serverOptions = {});

    User addWithPassword(User user, const std::string& password, const Role& role);

    Reply asAdmin(beast_http::verb method, const std::string& target, std::string body = {},
        std::map<std::string, std::string> headers = {});
    Reply asJdoe(beast_http::verb method, const std::string& target, std::string body = {},
        std::map<std::string, std::string> headers = {});

    /// Calls an agent method as the administrator, its parameters sent `way`.
    Reply agentAsAdmin(std::string_view method, const boost::json::object& params, Way way = Way::CamelBody);
    Reply agentAsJdoe(std::string_view method, const boost::json::object& params, Way way = Way::CamelBody);

    std::string userPath(const User& user) const { return "/api/v1/User/" + std::to_string(user.associateId); }

    testkit::TestService t;
    const std::string adminPassword = "admin password 1";
    const std::string jdoePassword = "jdoe password 1";
    User admin, jdoe;
    std::string token;
    Lines accessLog, log;
    std::optional<Server> server;
    std::optional<Client> client;
};

} // namespace userservice::http::test
