// What every usersvc subcommand shares: the global flags, the service they open (on
// first use, with the plugins), the caller they act as, and how errors become exit
// statuses. Each family of subcommands registers itself on the CLI11 app with what
// it does (users.cpp, transfer.cpp, tokens.cpp, passwords.cpp, plugins.cpp, search.cpp,
// admin.cpp, credentials.cpp, groups.cpp, roles.cpp, copy.cpp); main.cpp wires them.
#pragma once

#include <userservice/userservice.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace userservice::usersvc {

struct GlobalFlags {
    std::string database = "userservice.db";
    std::string as; ///< a user name; empty: the system
    std::vector<std::string> pluginDirectories;
    bool noPlugins = false;
    std::string language;
};

/// The service and the caller, opened when a subcommand first needs them.
class Tool {
public:
    GlobalFlags flags;

    /// The database of --db, with the plugins of --plugins (default: the bundled ones).
    UserService& service();
    /// The system, or the user --as names. @throws Exception Unauthorized for an unknown one.
    const CallerContext& caller();

private:
    std::optional<UserService> service_;
    std::optional<CallerContext> caller_;
};

/// What a subcommand does once the flags are read; returns the exit status.
using Action = std::function<int(Tool&)>;
/// The subcommands of the app, each with its action.
using Subcommands = std::vector<std::pair<CLI::App*, Action>>;

/// Adds `subcommand` to `subcommands` with `action`, run on the flags its family shares.
template <class Flags>
CLI::App* addAction(
    Subcommands& subcommands, CLI::App* subcommand, std::shared_ptr<Flags> flags, int (*action)(Tool&, const Flags&))
{
    subcommands.emplace_back(subcommand, [flags, action](Tool& tool) { return action(tool, *flags); });
    return subcommand;
}

/// save, get, validate, commands, run, rights
void addUserCommands(CLI::App& app, Subcommands& subcommands);
/// import, export
void addTransferCommands(CLI::App& app, Subcommands& subcommands);
/// token issue | list | revoke
void addTokenCommands(CLI::App& app, Subcommands& subcommands);
/// password set | generate | check
void addPasswordCommands(CLI::App& app, Subcommands& subcommands);
/// plugins PATH...
void addPluginCommands(CLI::App& app, Subcommands& subcommands);
/// search (alias list): the REST list's filter syntax
void addSearchCommands(CLI::App& app, Subcommands& subcommands);
/// delete ID | --name NAME, retire ID [--undo]
void addAdminCommands(CLI::App& app, Subcommands& subcommands);
/// credential types | list ID | set ID TYPE [--display TEXT] | delete ID TYPE
void addCredentialCommands(CLI::App& app, Subcommands& subcommands);
/// group list | add | rename | retire | delete
void addGroupCommands(CLI::App& app, Subcommands& subcommands);
/// functional-rights list | show | set | find; data-rights show | set
void addFunctionalRightCommands(CLI::App& app, Subcommands& subcommands);
/// role list | show | add | rename | retire | delete
void addRoleCommands(CLI::App& app, Subcommands& subcommands);
/// copy --from DB --to DB
void addCopyCommands(CLI::App& app, Subcommands& subcommands);

/// 0 done, 1 not found, 3 bad input or invalid user, 4 not allowed, 5 conflict, 6 internal.
int exitCode(ErrorKind kind);
/// Prints the error and its fields to stderr; returns its exit status.
int report(const Error& error);
/// One line of stdin (a secret: never from argv, which other users can see); on a
/// terminal, prompted for with echo off.
std::optional<std::string> readSecretLine(const char* prompt);
/// A file's text, or stdin's for "" and "-".
std::string readInput(const std::string& file);

} // namespace userservice::usersvc
