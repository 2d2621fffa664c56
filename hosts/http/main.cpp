// userservice_http: the WebAPI's User endpoints over HTTP, on the embedded SQLite
// default, with plugins loaded from directories.
//
//   userservice_http [--db FILE] [--port N] [--plugins DIR]... [--no-plugins] [--config FILE] [--demo]
//                    [--tls-cert FILE --tls-key FILE] [--allow-plain-http-auth]
//
// Without --plugins it loads the bundled plugins of its own prefix
// (<prefix>/lib/userservice/plugins, found from the executable's path); --no-plugins
// loads none. Every flag can also come from a config file (--config; TOML or INI,
// keys as the flags' long names: `port = 8080`, `plugins = ["/opt/plugins"]`). With
// --demo it sets up a demo database on first start (reference lists, an
// administrator and an ordinary user, whose passwords and API token it prints once)
// and prints curl lines to try. SIGTERM or SIGINT stops it cleanly: answered saves
// are stored.
#include "authentication.hpp"
#include "demo.hpp"
#include "plugin_folders.hpp"
#include "server.hpp"

#include <userservice/database_name.hpp>
#include <userservice/userservice.hpp>

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>

namespace {

using namespace userservice;

/// The flags, as read.
struct HostFlags {
    std::string database = "userservice.db";
    std::vector<std::string> pluginDirectories;
    bool noPlugins = false;
    http::ServerOptions server;
    std::string accessLog = "-", errorLog = "-", hashing = "interactive";
    long slowMs = server.slowThreshold.count(), readMs = server.readTimeout.count(),
         writeMs = server.writeTimeout.count(), headMs = server.headTimeout.count(),
         idleMs = server.idleTimeout.count();
    bool demo = false, allowPartnerApps = false;
    // Argon2id slots and sign-in throttling (ServiceOptions).
    PasswordWork passwordWork;
    LoginThrottling logins;
    long hashingWaitMs = passwordWork.wait.count(), firstLockoutMs = logins.firstLockout.count(),
         longestLockoutMs = logins.longestLockout.count();
    // The web console and its sessions (ServerOptions::console).
    std::string console;
    bool noConsole = false;
    long sessionIdleMinutes = 30, sessionLifetimeHours = 12;
};

void addConsoleFlags(CLI::App& app, HostFlags& flags)
{
    const auto bundled = hosts::installedDirectory(USERSERVICE_INSTALL_CONSOLEDIR);
    auto* given = app.add_option("--console", flags.console,
        "serve the web console's files from this folder at / (default: the bundled console, " +
            (bundled.empty() ? std::string("<prefix>/share/userservice/console") : bundled.string()) +
            ", when that exists)");
    app.add_flag("--no-console", flags.noConsole, "serve no console; the API only")->excludes(given);
    app.add_option("--session-idle-minutes", flags.sessionIdleMinutes, "a console session unused this long ends")
        ->capture_default_str()
        ->check(CLI::Range(1, 24 * 60));
    app.add_option(
           "--session-lifetime-hours", flags.sessionLifetimeHours, "a console session ends this long after sign-in")
        ->capture_default_str()
        ->check(CLI::Range(1, 24 * 30));
    app.add_option("--max-sessions", flags.server.console.maxSessions, "console sessions open at once")
        ->capture_default_str();
    app.add_flag("--secure-cookie", flags.server.console.secureCookie,
        "mark the session cookie Secure (always so under --tls-cert; set it behind a proxy that terminates TLS)");
}

/// The console's folder: --console, else the bundled one when it exists; none with --no-console.
void resolveConsole(HostFlags& flags)
{
    auto& console = flags.server.console;
    console.sessionIdle = std::chrono::minutes(flags.sessionIdleMinutes);
    console.sessionLifetime = std::chrono::hours(flags.sessionLifetimeHours);
    if (flags.noConsole)
        return;
    if (!flags.console.empty()) {
        console.directory = flags.console;
        if (!std::filesystem::is_regular_file(console.directory / "index.html"))
            throw std::runtime_error("--console " + flags.console + ": there is no index.html in that folder");
        return;
    }
    std::error_code unknown;
    const auto bundled = hosts::installedDirectory(USERSERVICE_INSTALL_CONSOLEDIR);
    if (!bundled.empty() && std::filesystem::is_regular_file(bundled / "index.html", unknown))
        console.directory = bundled;
}

void addPasswordFlags(CLI::App& app, HostFlags& flags)
{
    app.add_option("--hashing-slots", flags.passwordWork.slots, "concurrent Argon2id computations (0: half the cores)")
        ->capture_default_str();
    app.add_option("--hashing-queue", flags.passwordWork.queue, "calls that may wait for a slot; more: 503")
        ->capture_default_str();
    app.add_option("--hashing-wait-ms", flags.hashingWaitMs, "longest wait for a slot; longer: 503")
        ->capture_default_str();
    app.add_option("--login-free-failures-per-name", flags.logins.freeFailuresPerName, "0: no lockout by name")
        ->capture_default_str();
    app.add_option("--login-free-failures-per-address", flags.logins.freeFailuresPerAddress, "0: no lockout by address")
        ->capture_default_str();
    app.add_option("--login-first-lockout-ms", flags.firstLockoutMs)->capture_default_str();
    app.add_option("--login-longest-lockout-ms", flags.longestLockoutMs)->capture_default_str();
    app.add_option("--login-tracked-keys", flags.logins.trackedKeys, "names and addresses remembered, each")
        ->capture_default_str();
}

/// An explicit --workers must leave workers free when every hashing slot and waiting place is taken.
void checkWorkers(unsigned workers, const PasswordWorkLoad& hashing)
{
    if (workers != 0 && workers <= hashing.slots + hashing.queue)
        throw std::runtime_error("--workers " + std::to_string(workers) + " must be more than the hashing slots (" +
            std::to_string(hashing.slots) + ") and queue (" + std::to_string(hashing.queue) +
            ") together, or sign-ins could hold every worker");
}

void addServiceFlags(CLI::App& app, HostFlags& flags)
{
    app.add_option("--db", flags.database, "the database file (created when missing), or postgresql://…")
        ->capture_default_str();
    hosts::addPluginFlags(app, flags.pluginDirectories, flags.noPlugins);
    app.add_option("--password-hashing", flags.hashing, "Argon2id cost")
        ->check(CLI::IsMember({ "interactive", "moderate", "sensitive", "minimal" }))
        ->capture_default_str();
    app.add_flag("--allow-partner-apps", flags.allowPartnerApps, "let calls with SO-AppToken manage users");
    app.add_flag("--demo", flags.demo, "set up demo users on first start and print how to call them");
}

void addTlsFlags(CLI::App& app, http::ServerOptions& options)
{
    auto* certificate =
        app.add_option("--tls-cert", options.tlsCertificate, "PEM certificate (chain): serve HTTPS only");
    auto* key = app.add_option("--tls-key", options.tlsKey, "PEM private key of --tls-cert, unencrypted");
    certificate->needs(key);
    key->needs(certificate);
    app.add_flag("--allow-plain-http-auth", options.allowPlainHttpAuth,
        "check Basic credentials sent over plain HTTP from other machines (default: 403)");
}

/// Says at start what plain HTTP on a network address means for Basic sign-ins.
void warnAboutPlainHttp(const http::ServerOptions& options)
{
    if (!options.tlsCertificate.empty() ||
        http::basicAccepted(http::ClearTextBasic::Refused, options.address, http::Transport::Plain))
        return; // HTTPS, or loopback only
    std::cerr << "userservice_http: plain HTTP on " << options.address
              << (options.allowPlainHttpAuth
                         ? ": Basic credentials from other machines cross the network in clear text "
                           "(--allow-plain-http-auth)\n"
                         : ": Basic credentials from other machines are refused (403); give --tls-cert and "
                           "--tls-key, or --allow-plain-http-auth behind a proxy that terminates TLS\n");
}

void addServerFlags(CLI::App& app, HostFlags& flags)
{
    auto& options = flags.server;
    app.add_option("--address", options.address, "the address to listen on")->capture_default_str();
    app.add_option("--port", options.port, "the port to listen on (0: any free one)")->capture_default_str();
    app.add_option("--io-threads", options.ioThreads)->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--workers", options.workerThreads, "threads that run the calls (0: hashing slots + queue + 4)")
        ->capture_default_str()
        ->check(CLI::Range(0, 256));
    app.add_option("--body-limit", options.bodyLimit, "bytes")->capture_default_str();
    app.add_option("--header-limit", options.headerLimit, "bytes")->capture_default_str();
    app.add_option("--read-timeout-ms", flags.readMs)->capture_default_str();
    app.add_option("--write-timeout-ms", flags.writeMs)->capture_default_str();
    app.add_option("--max-connections", options.maxConnections)->capture_default_str();
    app.add_option("--head-timeout-ms", flags.headMs, "a request's headers must arrive within this")
        ->capture_default_str();
    app.add_option("--idle-timeout-ms", flags.idleMs, "idle keep-alive connections are closed after this")
        ->capture_default_str();
    app.add_option("--max-connections-per-address", options.maxConnectionsPerAddress, "0: no limit")
        ->capture_default_str();
    addTlsFlags(app, options);
    app.add_option("--slow-ms", flags.slowMs, "log calls slower than this")->capture_default_str();
    app.add_option("--access-log", flags.accessLog, "file, - for stderr, off")->capture_default_str();
    app.add_option("--log", flags.errorLog, "slow calls and errors: file, - for stderr, off")->capture_default_str();
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

/// The plugins of the folders to load; every plugin file that did not load is
/// reported with its error kind.
std::shared_ptr<PluginRegistry> loadPlugins(const HostFlags& flags)
{
    auto plugins = std::make_shared<PluginRegistry>();
    const auto directories = hosts::pluginDirectories(flags.pluginDirectories, flags.noPlugins);
    if (directories.empty())
        std::cout << "no plugins loaded"
                  << (flags.noPlugins ? " (--no-plugins)" : " (no --plugins, and no bundled plugin folder)") << "\n";
    for (const auto& directory : directories) {
        const auto loaded = plugins->loadDirectory(directory);
        for (const auto& plugin : loaded.loaded)
            std::cout << "loaded plugin " << plugin.name << " " << plugin.version << " from " << directory.string()
                      << "\n";
        for (const auto& failure : loaded.failed)
            if (hosts::isReported(failure))
                std::cerr << "userservice_http: plugin not loaded: " << hosts::describe(failure) << "\n";
    }
    return plugins;
}

UserService openService(const HostFlags& flags, std::shared_ptr<PluginRegistry> plugins)
{
    const auto log = flags.server.log;
    const auto hashing = flags.hashing == "minimal" ? PasswordHashing::Minimal
        : flags.hashing == "moderate"               ? PasswordHashing::Moderate
        : flags.hashing == "sensitive"              ? PasswordHashing::Sensitive
                                                    : PasswordHashing::Interactive;
    return UserService::open({
        .database = flags.database,
        .log =
            [log](LogLevel level, std::string_view message) {
                if (log && level >= LogLevel::Warning)
                    log(message);
            },
        .passwordHashing = hashing,
        .allowPartnerApps = flags.allowPartnerApps,
        .plugins = std::move(plugins),
        .passwordWork = flags.passwordWork,
        .loginThrottling = flags.logins,
    });
}

/// Serves until SIGTERM or SIGINT (blocked in every thread, waited for here).
int serve(const HostFlags& flags)
{
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    auto plugins = loadPlugins(flags);
    if (flags.demo)
        http::demo::registerDemoCommands(*plugins);
    auto service = openService(flags, plugins);
    const auto logins = flags.demo ? http::demo::setUpDemo(service) : std::nullopt;

    checkWorkers(flags.server.workerThreads, service.passwordWorkLoad());
    http::Server server(service, flags.server);
    server.start();
    warnAboutPlainHttp(flags.server);
    const std::string base =
        (server.tls() ? "https://" : "http://") + flags.server.address + ":" + std::to_string(server.port());
    if (!flags.server.console.directory.empty())
        std::cout << "console: " << base << "/ (sign in with a user name and password)\n";
    else
        std::cout << "no console (" << (flags.noConsole ? "--no-console" : "no --console, and no bundled console")
                  << ")\n";
    std::cout << "userservice_http listening on " << base << " (database " << databaseForDisplay(flags.database)
              << ")\n";
    if (server.tls() && flags.demo)
        std::cout << "(HTTPS: when the certificate is self-signed, give curl --cacert " << flags.server.tlsCertificate
                  << ")\n";
    if (logins)
        http::demo::printTryLines(base, logins->first, logins->second);
    else if (flags.demo)
        std::cout << "The demo users admin and jdoe exist; their passwords and tokens were printed when they were "
                     "created (delete "
                  << databaseForDisplay(flags.database) << " to start over).\n";
    std::cout << std::flush;

    int signal = 0;
    sigwait(&stopSignals, &signal);
    std::cout << "stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")" << std::endl;
    server.stop();
    return 0;
}

} // namespace

int main(int argc, char** argv)
try {
    CLI::App app { "userservice_http: the WebAPI User endpoints over HTTP" };
    app.set_config("--config", "", "read flags from this TOML or INI file");
    HostFlags flags;
    addServiceFlags(app, flags);
    addServerFlags(app, flags);
    addPasswordFlags(app, flags);
    addConsoleFlags(app, flags);
    CLI11_PARSE(app, argc, argv);
    resolveConsole(flags);
    flags.passwordWork.wait = std::chrono::milliseconds(flags.hashingWaitMs);
    flags.logins.firstLockout = std::chrono::milliseconds(flags.firstLockoutMs);
    flags.logins.longestLockout = std::chrono::milliseconds(flags.longestLockoutMs);
    flags.server.slowThreshold = std::chrono::milliseconds(flags.slowMs);
    flags.server.readTimeout = std::chrono::milliseconds(flags.readMs);
    flags.server.writeTimeout = std::chrono::milliseconds(flags.writeMs);
    flags.server.headTimeout = std::chrono::milliseconds(flags.headMs);
    flags.server.idleTimeout = std::chrono::milliseconds(flags.idleMs);
    flags.server.accessLog = lineWriter(flags.accessLog);
    flags.server.log = lineWriter(flags.errorLog);
    return serve(flags);
} catch (const userservice::Exception& e) {
    std::cerr << "userservice_http: " << e.what() << "\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "userservice_http: " << e.what() << "\n";
    return 1;
}
