// userservice_http --demo: demo reference lists and users on a fresh database, the
// seeds' "Smith Group" command (a host command beside the plugins'), and curl lines
// to try them.
#pragma once

#include <userservice/userservice.hpp>

#include <optional>
#include <string>
#include <utility>

namespace userservice::http::demo {

/// A demo user's login, shown once.
struct DemoLogin {
    std::string userName, password, token;
};

/// The demo's reference lists and two users (admin and jdoe), made once; nullopt when
/// they exist already. Their passwords and tokens are only in what this returns.
std::optional<std::pair<DemoLogin, DemoLogin>> setUpDemo(UserService& service);

/// The command the seeds' ExecuteUserCommand sample names: a host can register
/// commands of its own beside the plugins'.
void registerDemoCommands(PluginRegistry& plugins);

/// curl lines against `base` with the demo users' secrets.
void printTryLines(const std::string& base, const DemoLogin& admin, const DemoLogin& ordinary);

} // namespace userservice::http::demo
