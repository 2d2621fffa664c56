// usersvc: manage the users of a userservice database from a terminal or a script.
//
//   usersvc [--db FILE] [--as USERNAME] [--plugins DIR]... [--no-plugins] [--language LANG] COMMAND
//     save [FILE]                    SaveUser from JSON (FILE or stdin); prints the stored user
//     get (--id N | --name NAME) [--select S]
//     validate [FILE]                every problem, by field
//     commands --id N                the custom commands offered on a user
//     run --id N COMMAND [--action Implicit|Yes|No|Ok|Cancel]
//     rights --id N                  the caller's table right and field rights on a user
//     plugins PATH...                a file: its manifest, read without loading it, and whether
//                                    it loads here; a directory: load each plugin, show what it
//                                    registered and every plugin file that did not load
//     import FILE [--batch N] [--resume] [--as-new]   users from JSON Lines
//     export [FILE] [--select S]     every user the caller may see, as JSON Lines
//     token issue USERNAME [--label TEXT] | token list [USERNAME] | token revoke ID
//     search|list [--filter F] [--orderby O] [--top N] [--skip N] [--select S] [--cursor C] [--all]
//                                    users that match, as JSON Lines (GET /api/v1/User's syntax)
//     delete ID | delete --name NAME   remove a user for good (plugins' hooks run)
//     retire ID [--undo]             licences removed, person retired, no login; --undo reactivates
//     credential types | list ID | set ID TYPE [--display TEXT] | delete ID TYPE
//                                    a user's credentials; set reads the value from stdin
//     functional-rights list [--role-type T] | show ROLE | set ROLE [NAME...] | find NAME... [--without]
//     data-rights show ROLE [TABLE] | set ROLE TABLE RELATION RIGHT   (RIGHT: letters of rpwcd, - for none)
//     copy --from DB --to DB         every table of DB into another (without users), ids, hashes,
//                                    tokens and stamps as they are; checked equal before it commits
//
// It acts as the system unless --as names a user. Without --plugins it loads the
// bundled plugins of its own prefix (<prefix>/lib/userservice/plugins, found from
// the executable's path); --no-plugins loads none. Exit status: 0 done, 1 not
// found, 2 usage, 3 bad input or invalid user, 4 not allowed, 5 conflict, 6 internal.
#include "plugin_folders.hpp"
#include "tool.hpp"

#include <iostream>

namespace {

using namespace userservice;
using namespace userservice::usersvc;

void addGlobalFlags(CLI::App& app, GlobalFlags& flags)
{
    app.add_option("--db", flags.database, "the database file (created when missing), or postgresql://…");
    app.add_option("--as", flags.as, "act as this user (by user name) instead of the system");
    hosts::addPluginFlags(app, flags.pluginDirectories, flags.noPlugins);
    app.add_option("--language", flags.language, "translate texts into this language (en, no, …)");
}

} // namespace

int main(int argc, char** argv)
try {
    CLI::App app { "usersvc: manage the users of a userservice database" };
    app.require_subcommand(1);
    Tool tool;
    addGlobalFlags(app, tool.flags);
    Subcommands subcommands;
    addUserCommands(app, subcommands);
    addPluginCommands(app, subcommands);
    addTransferCommands(app, subcommands);
    addTokenCommands(app, subcommands);
    addSearchCommands(app, subcommands);
    addAdminCommands(app, subcommands);
    addPasswordCommands(app, subcommands);
    addCredentialCommands(app, subcommands);
    addGroupCommands(app, subcommands);
    addFunctionalRightCommands(app, subcommands);
    addRoleCommands(app, subcommands);
    addCopyCommands(app, subcommands);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2; // --help is not an error; every usage error is 2
    }
    for (const auto& [subcommand, action] : subcommands)
        if (subcommand->parsed())
            return action(tool);
    return 0;
} catch (const userservice::Exception& e) {
    return usersvc::report(e.error());
} catch (const std::exception& e) {
    std::cerr << "usersvc: " << e.what() << "\n";
    return 6;
}
