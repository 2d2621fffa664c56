#include "tool.hpp"

#include "plugin_folders.hpp"

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace userservice::usersvc {

UserService& Tool::service()
{
    if (service_)
        return *service_;
    auto registry = std::make_shared<PluginRegistry>();
    for (const auto& directory : hosts::pluginDirectories(flags.pluginDirectories, flags.noPlugins))
        for (const auto& failure : registry->loadDirectory(directory).failed)
            if (hosts::isReported(failure))
                std::cerr << "usersvc: plugin not loaded: " << hosts::describe(failure) << "\n";
    return service_.emplace(UserService::open({ .database = flags.database, .plugins = registry }));
}

const CallerContext& Tool::caller()
{
    if (caller_)
        return *caller_;
    CallerContext caller = CallerContext::system();
    if (!flags.as.empty()) {
        const auto user = service().getUserFromName(caller, flags.as, Select::parse("associateId"));
        if (!user)
            throw Exception(Error(ErrorKind::Unauthorized, "there is no user " + flags.as + " to act as", {}, "--as"));
        caller = CallerContext::user(user->associateId);
    }
    caller.language = flags.language;
    return caller_.emplace(std::move(caller));
}

int exitCode(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NotFound:
        return 1;
    case ErrorKind::BadRequest:
    case ErrorKind::Validation:
        return 3;
    case ErrorKind::Unauthorized:
    case ErrorKind::Forbidden:
        return 4;
    case ErrorKind::Conflict:
    case ErrorKind::PreconditionFailed:
        return 5;
    case ErrorKind::TooManyRequests:
    case ErrorKind::Unavailable:
    case ErrorKind::Internal:
        break;
    }
    return 6;
}

int report(const Error& error)
{
    std::cerr << "usersvc: " << error.message() << "\n";
    for (const auto& field : error.fields())
        std::cerr << "  " << field.field << ": " << field.message << "\n";
    return exitCode(error.kind());
}

std::string readInput(const std::string& file)
{
    std::ostringstream text;
    if (file.empty() || file == "-") {
        text << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw Exception(Error(ErrorKind::BadRequest, "cannot read " + file, {}, file));
        text << in.rdbuf();
    }
    return text.str();
}

std::optional<std::string> readSecretLine(const char* prompt)
{
    const bool terminal = isatty(STDIN_FILENO) != 0;
    termios saved {};
    if (terminal) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!read)
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

} // namespace userservice::usersvc
