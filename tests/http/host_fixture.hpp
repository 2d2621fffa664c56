// The HTTP host's test fixture: a TestService with an administrator and an ordinary
// user who sign in with passwords, a host on a free loopback port, a client, and a
// way to call an agent method in each form the official clients use.
#pragma once

#include "http_client.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace userservice::http::test {

/// How an agent method's parameters travel: scalars in the query string (the rest in a
/// camelCase body), or everything in a JSON body in camelCase or in PascalCase.
enum class Way { Query, CamelBody, PascalBody };
inline constexpr std::array<Way, 3> everyWay { Way::Query, Way::CamelBody, Way::PascalBody };

inline const char* nameOf(Way way)
{
    switch (way) {
    case Way::Query:
        return "query";
    case Way::CamelBody:
        return "camelCase body";
    case Way::PascalBody:
        return "PascalCase body";
    }
    return "?";
}

/// The target and body of an agent call with `params` (a JSON object) sent `way`.
inline std::pair<std::string, std::string> agentRequest(
    std::string_view method, const boost::json::object& params, Way way)
{
    boost::urls::url target("/api/v1/Agents/User/" + std::string(method));
    boost::json::object body;
    for (const auto& [key, value] : params) {
        if (way == Way::Query && (value.is_string() || value.is_number() || value.is_bool())) {
            const auto text = value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value);
            target.params().append({ key, text });
            continue;
        }
        std::string name(key);
        if (way == Way::PascalBody && !name.empty())
            name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        body[name] = value;
    }
    return { std::string(target.buffer()), body.empty() ? std::string() : boost::json::serialize(body) };
}

inline std::string readSeed(const std::string& name)
{
    std::ifstream in(std::string(USERSERVICE_TEST_DATA) + "/seeds/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::vector<std::string> keysOf(const boost::json::value& value)
{
    std::vector<std::string> keys;
    for (const auto& [key, member] : value.as_object())
        keys.emplace_back(key);
    return keys;
}

class HttpHost : public ::testing::Test {
protected:
    /// `serverOptions`: its port and logs are the fixture's; with TLS there is no `client`.
    explicit HttpHost(ServiceOptions options = {}, ServerOptions serverOptions = {})
        : t({}, std::move(options))
    {
        t.registry->registerHost([](plugin::Registrar& r) {
            // The seeds' command: asks first, then puts the user in the Smith group.
            r.customCommand({ .name = "Smith Group",
                                .displayName = "Join the Smith group",
                                .actions = CommandAction::YesNo,
                                .actionData = "Add this user to the Smith group?",
                                .requiredRight = ETableRight::Update },
                [](plugin::CommandCall& call) {
                    User user = call.user;
                    user.tooltip = "Smith Group";
                    call.transaction->saveUser(user);
                    return CommandResult { .success = true, .message = "joined" };
                });
        });
        admin = addWithPassword(t.newUser("admin"), adminPassword, t.administrator);
        jdoe = addWithPassword(t.newUser("jdoe"), jdoePassword, t.employee);
        token = t.service.issueApiToken(t.system(), admin.associateId, "test").secret;
        serverOptions.port = 0;
        serverOptions.accessLog = accessLog.sink();
        serverOptions.log = log.sink();
        server.emplace(t.service, std::move(serverOptions));
        server->start();
        if (!server->tls())
            client.emplace(server->port());
    }

    User addWithPassword(User user, const std::string& password, const Role& role)
    {
        user.role = Role { .roleId = role.roleId };
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
        return t.service.saveUser(t.system(), user);
    }

    Reply asAdmin(beast_http::verb method, const std::string& target, std::string body = {},
        std::map<std::string, std::string> headers = {})
    {
        headers.emplace("Authorization", basic("admin", adminPassword));
        return client->send(method, target, std::move(body), std::move(headers));
    }

    Reply asJdoe(beast_http::verb method, const std::string& target, std::string body = {},
        std::map<std::string, std::string> headers = {})
    {
        headers.emplace("Authorization", basic("jdoe", jdoePassword));
        return client->send(method, target, std::move(body), std::move(headers));
    }

    /// Calls an agent method as the administrator, its parameters sent `way`.
    Reply agentAsAdmin(std::string_view method, const boost::json::object& params, Way way = Way::CamelBody)
    {
        auto [target, body] = agentRequest(method, params, way);
        return asAdmin(beast_http::verb::post, target, std::move(body));
    }
    Reply agentAsJdoe(std::string_view method, const boost::json::object& params, Way way = Way::CamelBody)
    {
        auto [target, body] = agentRequest(method, params, way);
        return asJdoe(beast_http::verb::post, target, std::move(body));
    }

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
