// userservice_http: the WebAPI's User endpoints over HTTP, on the embedded SQLite
// default, with plugins loaded from directories.
//
//   userservice_http [--db FILE] [--port N] [--plugins DIR]... [--config FILE] [--demo]
//
// Every flag can also come from a config file (--config; TOML or INI, keys as the
// flags' long names: `port = 8080`, `plugins = ["/opt/plugins"]`). With --demo it
// sets up a demo database on first start (reference lists, an administrator and an
// ordinary user, whose passwords and API token it prints once) and prints curl
// lines to try. SIGTERM or SIGINT stops it cleanly: answered saves are stored.
#include "server.hpp"

#include <userservice/userservice.hpp>

#include <CLI/CLI.hpp>

#include <sodium.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>

namespace {

using namespace userservice;

/// A random password: 18 random bytes, base64url, with letters and digits (the
/// bundled password_policy plugin wants both).
std::string randomPassword()
{
    for (;;) {
        unsigned char bytes[18];
        randombytes_buf(bytes, sizeof bytes);
        char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
        sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        const std::string password = text;
        if (password.find_first_of("0123456789") != std::string::npos &&
            password.find_first_not_of("0123456789-_") != std::string::npos)
            return password;
    }
}

struct DemoLogin {
    std::string userName, password, token;
};

/// The demo's reference lists and two users, made once; their secrets are printed once.
std::optional<std::pair<DemoLogin, DemoLogin>> setUpDemo(UserService& service)
{
    const auto system = CallerContext::system();
    if (service.getUserFromName(system, "admin"))
        return std::nullopt;
    service.addUserGroup(system, { .value = "Sales", .tooltip = "Sells things" });
    service.addUserGroup(system, { .value = "Support" });
    const Role administrators = service.addRole(
        system, { .name = "Administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
    const Role employees = service.addRole(system, { .name = "Employee", .roleType = RoleType::Employee });
    service.addCredentialType(system, { .type = "password", .displayType = "Password", .canCreatePassword = true });

    const auto makeUser = [&](const std::string& userName, const std::string& name, const Role& role,
                              const std::string& first, const std::string& last) {
        DemoLogin login { userName, randomPassword(), {} };
        User user = service.createDefaultUser(system);
        user.name = name;
        user.userName = userName;
        user.role = role;
        user.person->firstname = first;
        user.person->lastname = last;
        user.person->email = userName + "@example.com";
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = login.password } };
        const auto saved = service.saveUser(system, user);
        login.token = service.issueApiToken(system, saved.associateId, "demo").secret;
        return login;
    };
    service.addUserGroup(system, { .value = "Smith Group" }); // for the seeds' ExecuteUserCommand sample
    auto admin = makeUser("admin", "ADM", administrators, "Ada", "Admin");
    auto ordinary = makeUser("jdoe", "JD", employees, "John", "Doe");
    return std::pair { std::move(admin), std::move(ordinary) };
}

/// The command the seeds' ExecuteUserCommand sample names: a host can register
/// commands of its own beside the plugins'.
void registerDemoCommands(PluginRegistry& plugins)
{
    plugins.registerHost([](plugin::Registrar& registrar) {
        registrar.customCommand({ .name = "Smith Group",
                                    .displayName = "Join the Smith group",
                                    .actions = CommandAction::YesNo,
                                    .actionData = "Add this user to the Smith Group user group?",
                                    .requiredRight = ETableRight::Update },
            [](plugin::CommandCall& call) {
                const auto groups = call.service->userGroups(call.caller);
                const auto smith = std::find_if(
                    groups.begin(), groups.end(), [](const UserGroup& group) { return group.value == "Smith Group"; });
                if (smith == groups.end())
                    return CommandResult { .success = false, .message = "there is no Smith Group" };
                User user = call.user;
                if (!user.otherGroups)
                    user.otherGroups.emplace();
                user.otherGroups->push_back({ .id = smith->id });
                call.service->saveUser(call.caller, user);
                return CommandResult { .success = true, .message = "added to the Smith Group" };
            });
    });
}

void printTryLines(const std::string& base, const DemoLogin& admin, const DemoLogin& ordinary)
{
    std::cout << "Try (passwords and tokens are shown once; delete the database to start over):\n"
              << "  curl -u " << admin.userName << ":" << admin.password << " " << base << "/api/v1/User/1\n"
              << "  curl -u " << ordinary.userName << ":" << ordinary.password << " " << base
              << "/api/v1/User/1      # the same user, as an ordinary user sees it\n"
              << "  curl -H 'Authorization: Bearer " << admin.token << "' -X POST '" << base
              << "/api/v1/Agents/User/GetUserFromName?userName=jdoe&$select=name,person/email'\n"
              << "  curl -u " << admin.userName << ":" << admin.password << " " << base
              << "/api/v1/User/2/CustomCommand\n"
              << "  curl -u " << admin.userName << ":" << admin.password << " -X POST '" << base
              << "/api/v1/User/2/CustomCommand/Smith%20Group?actionResult=Yes'\n"
              << "  curl -u " << admin.userName << ":" << admin.password
              << " -H 'Content-Type: application/merge-patch+json' -X PATCH -d '{\"person\":{\"title\":\"Dr\"}}' "
              << base << "/api/v1/User/2\n"
              << "  # the seeds' sample requests (tests/data/seeds):\n";
    for (const char* seed : { "save_user_from_name", "execute_user_command", "save_user" }) {
        std::string method = seed == std::string("save_user") ? "SaveUser"
            : seed == std::string("save_user_from_name")      ? "SaveUserFromName"
                                                              : "ExecuteUserCommand";
        std::cout << "  curl -u " << admin.userName << ":" << admin.password
                  << " -H 'Content-Type: application/json' --data @tests/data/seeds/" << seed << ".request.json "
                  << base << "/api/v1/Agents/User/" << method << "\n";
    }
}

std::function<void(std::string_view)> lineWriter(const std::string& target)
{
    if (target == "off")
        return {};
    std::FILE* file = target == "-" ? stderr : std::fopen(target.c_str(), "a");
    if (!file)
        throw std::runtime_error("cannot open the log file " + target);
    auto mutex = std::make_shared<std::mutex>();
    return [file, mutex](std::string_view line) {
        std::lock_guard lock(*mutex);
        std::fwrite(line.data(), 1, line.size(), file);
        std::fputc('\n', file);
        std::fflush(file);
    };
}

} // namespace

int main(int argc, char** argv)
try {
    CLI::App app { "userservice_http: the WebAPI User endpoints over HTTP" };
    app.set_config("--config", "", "read flags from this TOML or INI file");
    std::string database = "userservice.db";
    std::vector<std::string> pluginDirectories;
    http::ServerOptions options;
    std::string accessLog = "-", errorLog = "-", hashing = "interactive";
    long slowMs = options.slowThreshold.count(), readMs = options.readTimeout.count(),
         writeMs = options.writeTimeout.count();
    bool demo = false, allowPartnerApps = false;
    app.add_option("--db", database, "the database file (created when missing)")->capture_default_str();
    app.add_option("--address", options.address, "the address to listen on")->capture_default_str();
    app.add_option("--port", options.port, "the port to listen on (0: any free one)")->capture_default_str();
    app.add_option("--plugins", pluginDirectories, "load the plugins in this directory");
    app.add_option("--io-threads", options.ioThreads)->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--workers", options.workerThreads, "threads that run the calls")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    app.add_option("--body-limit", options.bodyLimit, "bytes")->capture_default_str();
    app.add_option("--header-limit", options.headerLimit, "bytes")->capture_default_str();
    app.add_option("--read-timeout-ms", readMs)->capture_default_str();
    app.add_option("--write-timeout-ms", writeMs)->capture_default_str();
    app.add_option("--max-connections", options.maxConnections)->capture_default_str();
    app.add_option("--slow-ms", slowMs, "log calls slower than this")->capture_default_str();
    app.add_option("--access-log", accessLog, "file, - for stderr, off")->capture_default_str();
    app.add_option("--log", errorLog, "slow calls and errors: file, - for stderr, off")->capture_default_str();
    app.add_option("--password-hashing", hashing, "Argon2id cost")
        ->check(CLI::IsMember({ "interactive", "moderate", "sensitive", "minimal" }))
        ->capture_default_str();
    app.add_flag("--allow-partner-apps", allowPartnerApps, "let calls with SO-AppToken manage users");
    app.add_flag("--demo", demo, "set up demo users on first start and print how to call them");
    CLI11_PARSE(app, argc, argv);
    options.slowThreshold = std::chrono::milliseconds(slowMs);
    options.readTimeout = std::chrono::milliseconds(readMs);
    options.writeTimeout = std::chrono::milliseconds(writeMs);
    options.accessLog = lineWriter(accessLog);
    options.log = lineWriter(errorLog);

    // Block the stop signals in every thread; main waits for them below.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    auto plugins = std::make_shared<PluginRegistry>();
    for (const auto& directory : pluginDirectories) {
        const auto loaded = plugins->loadDirectory(directory);
        for (const auto& plugin : loaded.loaded)
            std::cout << "loaded plugin " << plugin.name << " " << plugin.version << "\n";
        for (const auto& failure : loaded.failed)
            if (failure.kind != PluginErrorKind::NotASharedLibrary)
                std::cerr << "not loaded: " << failure.message << "\n";
    }
    if (demo)
        registerDemoCommands(*plugins);
    const auto log = options.log;
    auto service = UserService::open({
        .database = database,
        .log =
            [log](LogLevel level, std::string_view message) {
                if (log && level >= LogLevel::Warning)
                    log(message);
            },
        .passwordHashing = hashing == "minimal" ? PasswordHashing::Minimal
            : hashing == "moderate"             ? PasswordHashing::Moderate
            : hashing == "sensitive"            ? PasswordHashing::Sensitive
                                                : PasswordHashing::Interactive,
        .allowPartnerApps = allowPartnerApps,
        .plugins = plugins,
    });
    const auto logins = demo ? setUpDemo(service) : std::nullopt;

    http::Server server(service, options);
    server.start();
    const std::string base = "http://" + options.address + ":" + std::to_string(server.port());
    std::cout << "userservice_http listening on " << base << " (database " << database << ")\n";
    if (logins)
        printTryLines(base, logins->first, logins->second);
    else if (demo)
        std::cout << "The demo users admin and jdoe exist; their passwords and tokens were printed when they were "
                     "created (delete "
                  << database << " to start over).\n";
    std::cout << std::flush;

    int signal = 0;
    sigwait(&stopSignals, &signal);
    std::cout << "stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")" << std::endl;
    server.stop();
    return 0;
} catch (const userservice::Exception& e) {
    std::cerr << "userservice_http: " << e.what() << "\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "userservice_http: " << e.what() << "\n";
    return 1;
}
