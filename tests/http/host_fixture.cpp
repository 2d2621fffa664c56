#include "host_fixture.hpp"

#include <boost/url/url.hpp>

#include <cctype>
#include <fstream>
#include <sstream>

namespace userservice::http::test {

const char* nameOf(Way way)
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

std::pair<std::string, std::string> agentRequest(std::string_view method, const boost::json::object& params, Way way)
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

std::string readSeed(const std::string& name)
{
    std::ifstream in(std::string(USERSERVICE_TEST_DATA) + "/seeds/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> keysOf(const boost::json::value& value)
{
    std::vector<std::string> keys;
    for (const auto& [key, member] : value.as_object())
        keys.emplace_back(key);
    return keys;
}

ServiceOptions throttled()
{
    using namespace std::chrono_literals;
    ServiceOptions options;
    options.loginThrottling = { .freeFailuresPerName = 3,
        .freeFailuresPerAddress = 6,
        .firstLockout = 30s,
        .longestLockout = 120s,
        .trackedKeys = 100 };
    return options;
}

HttpHost::HttpHost(ServiceOptions options, ServerOptions serverOptions)
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

User HttpHost::addWithPassword(User user, const std::string& password, const Role& role)
{
    user.role = Role { .roleId = role.roleId };
    user.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = password } };
    return t.service.saveUser(t.system(), user);
}

Reply HttpHost::asAdmin(
    beast_http::verb method, const std::string& target, std::string body, std::map<std::string, std::string> headers)
{
    headers.emplace("Authorization", basic("admin", adminPassword));
    return client->send(method, target, std::move(body), std::move(headers));
}

Reply HttpHost::asJdoe(
    beast_http::verb method, const std::string& target, std::string body, std::map<std::string, std::string> headers)
{
    headers.emplace("Authorization", basic("jdoe", jdoePassword));
    return client->send(method, target, std::move(body), std::move(headers));
}

Reply HttpHost::agentAsAdmin(std::string_view method, const boost::json::object& params, Way way)
{
    auto [target, body] = agentRequest(method, params, way);
    return asAdmin(beast_http::verb::post, target, std::move(body));
}

Reply HttpHost::agentAsJdoe(std::string_view method, const boost::json::object& params, Way way)
{
    auto [target, body] = agentRequest(method, params, way);
    return asJdoe(beast_http::verb::post, target, std::move(body));
}

} // namespace userservice::http::test
