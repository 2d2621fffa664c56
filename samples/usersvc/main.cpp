// usersvc: manage the users of a userservice database from a terminal or a script.
//
//   usersvc [--db FILE] [--as USERNAME] [--plugins DIR]... [--language LANG] COMMAND
//     save [FILE]                    SaveUser from JSON (FILE or stdin); prints the stored user
//     get (--id N | --name NAME) [--select S]
//     validate [FILE]                every problem, by field
//     commands --id N                the custom commands offered on a user
//     run --id N COMMAND [--action Implicit|Yes|No|Ok|Cancel]
//     rights --id N                  the caller's table right and field rights on a user
//     plugins DIR...                 inspect plugin files
//     import FILE [--batch N] [--resume]   users from JSON Lines
//
// It acts as the system unless --as names a user. Exit status: 0 done, 1 not
// found, 2 usage, 3 bad input or invalid user, 4 not allowed, 5 conflict, 6 internal.
#include <userservice/userservice.hpp>

#include <boost/json/serialize.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using namespace userservice;

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

/// Imports JSON Lines in batches (one transaction each). A bad line is reported with
/// its number and reason and left out; the rest of its batch is saved. The number of
/// the last line done is kept in FILE.progress, so that --resume goes on from there.
int importLines(
    UserService& service, const CallerContext& caller, const std::string& file, std::size_t batchSize, bool resume)
{
    std::ifstream in(file);
    if (!in)
        return report(Error(ErrorKind::BadRequest, "cannot read " + file, {}, file));
    const std::string progressFile = file + ".progress";
    std::size_t skip = 0;
    if (resume)
        std::ifstream(progressFile) >> skip;
    const bool terminal = ::isatty(STDERR_FILENO);
    std::size_t lineNumber = 0, saved = 0, bad = 0;
    std::vector<std::pair<std::size_t, User>> batch;

    const auto flush = [&] {
        while (!batch.empty()) {
            std::vector<User> users;
            for (const auto& [line, user] : batch)
                users.push_back(user);
            const auto result = service.trySaveUsers(caller, users);
            if (result) {
                saved += batch.size();
                break;
            }
            // "users[i]: …": leave item i out and save the others again.
            const Error error = result.error(); // by value: error() returns a copy
            const std::string& source = error.source();
            const std::size_t item = source.rfind("users[", 0) == 0 ? std::stoul(source.substr(6)) : 0;
            std::cerr << "line " << batch[item].first << ": " << error.message() << "\n";
            ++bad;
            batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(item));
        }
        batch.clear();
        std::ofstream(progressFile) << lineNumber;
        if (terminal)
            std::cerr << "\rimported " << saved << " users, " << bad << " bad lines (line " << lineNumber << ")"
                      << std::flush;
    };

    for (std::string text; std::getline(in, text);) {
        ++lineNumber;
        if (lineNumber <= skip || text.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        auto user = json::tryParse<User>(text);
        if (!user) {
            std::cerr << "line " << lineNumber << ": " << user.error().message() << "\n";
            ++bad;
            continue;
        }
        batch.emplace_back(lineNumber, std::move(*user));
        if (batch.size() == batchSize)
            flush();
    }
    flush();
    if (terminal)
        std::cerr << "\n";
    std::cout << "imported " << saved << " users from " << file << "; " << bad << " bad lines";
    if (skip)
        std::cout << "; resumed after line " << skip;
    std::cout << "\n";
    return bad == 0 ? 0 : 3;
}

} // namespace

int main(int argc, char** argv)
try {
    CLI::App app { "usersvc: manage the users of a userservice database" };
    app.require_subcommand(1);
    std::string database = "userservice.db", as, language;
    std::vector<std::string> pluginDirectories;
    app.add_option("--db", database, "the database file (created when missing)");
    app.add_option("--as", as, "act as this user (by user name) instead of the system");
    app.add_option("--plugins", pluginDirectories, "load the plugins in this directory");
    app.add_option("--language", language, "translate texts into this language (en, no, …)");

    std::string file, name, select, command, action = "Implicit";
    std::int32_t id = 0;
    std::size_t batch = 500;
    bool resume = false;
    std::vector<std::string> pluginFiles;
    auto* save = app.add_subcommand("save", "SaveUser from JSON (a file or stdin)");
    save->add_option("file", file);
    auto* get = app.add_subcommand("get", "a user by id or user name");
    auto* byId = get->add_option("--id", id);
    get->add_option("--name", name)->excludes(byId);
    get->add_option("--select", select, "the $select projection");
    auto* validate = app.add_subcommand("validate", "every problem of a user, by field");
    validate->add_option("file", file);
    auto* commands = app.add_subcommand("commands", "the custom commands offered on a user");
    commands->add_option("--id", id)->required();
    auto* run = app.add_subcommand("run", "run a custom command on a user");
    run->add_option("--id", id)->required();
    run->add_option("command", command)->required();
    run->add_option("--action", action, "the answer to its dialog");
    auto* rights = app.add_subcommand("rights", "the caller's rights on a user");
    rights->add_option("--id", id)->required();
    auto* plugins = app.add_subcommand("plugins", "inspect plugin files");
    plugins->add_option("files", pluginFiles)->required();
    auto* import = app.add_subcommand("import", "users from JSON Lines, in batches");
    import->add_option("file", file)->required();
    import->add_option("--batch", batch, "users per transaction")->check(CLI::Range(1, 100000));
    import->add_flag("--resume", resume, "go on after the last line a previous run did");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2; // --help is not an error; every usage error is 2
    }

    if (plugins->parsed()) {
        int failures = 0;
        for (const auto& path : pluginFiles) {
            const auto manifest = PluginRegistry::tryInspect(path);
            if (!manifest) {
                std::cerr << "usersvc: " << manifest.error().message << "\n", ++failures;
                continue;
            }
            const auto compatible = PluginRegistry::checkCompatible(*manifest);
            std::cout << manifest->name << " " << manifest->version << (compatible ? "" : " (does not load here)")
                      << "\n";
        }
        return failures ? 3 : 0;
    }

    auto registry = std::make_shared<PluginRegistry>();
    for (const auto& directory : pluginDirectories)
        for (const auto& failure : registry->loadDirectory(directory).failed)
            if (failure.kind != PluginErrorKind::NotASharedLibrary)
                std::cerr << "usersvc: plugin not loaded: " << failure.message << "\n";
    auto service = UserService::open({ .database = database, .plugins = registry });
    CallerContext caller = CallerContext::system();
    if (!as.empty()) {
        const auto user = service.getUserFromName(caller, as, Select::parse("associateId"));
        if (!user)
            return report(Error(ErrorKind::Unauthorized, "there is no user " + as + " to act as", {}, "--as"));
        caller = CallerContext::user(user->associateId);
    }
    caller.language = language;

    if (save->parsed()) {
        const auto saved = service.trySaveUser(caller, json::parse<User>(readInput(file)));
        if (!saved)
            return report(saved.error());
        std::cout << json::serialize(*saved) << "\n";
    } else if (get->parsed()) {
        const Select projection = Select::parse(select);
        const auto user =
            name.empty() ? service.getUser(caller, id, projection) : service.getUserFromName(caller, name, projection);
        if (!user)
            return report(Error(ErrorKind::NotFound, "there is no such user", {}, name.empty() ? "--id" : "--name"));
        std::cout << json::serialize(*user) << "\n";
    } else if (validate->parsed()) {
        const auto problems = service.validateUser(caller, json::parse<User>(readInput(file)));
        for (const auto& problem : problems)
            std::cout << problem.field << ": " << problem.message << "\n";
        return problems.empty() ? 0 : 3;
    } else if (commands->parsed()) {
        const auto user = service.getUser(caller, id);
        if (!user)
            return report(Error(ErrorKind::NotFound, "there is no user " + std::to_string(id), {}, "--id"));
        for (const auto& offered : service.getUserCommands(caller, *user))
            std::cout << offered.name.value_or("") << "\t" << offered.displayName.value_or("") << "\t"
                      << toString(offered.actions) << "\n";
    } else if (run->parsed()) {
        const auto answer = enumFromString<CommandActionResult>(action);
        if (!answer)
            return report(
                Error(ErrorKind::BadRequest, "--action must be Implicit, Yes, No, Ok or Cancel", {}, "--action"));
        const auto result = service.tryExecuteUserCommand(caller, id, command, *answer);
        if (!result)
            return report(result.error());
        std::cout << json::serialize(*result) << "\n";
        return result->success ? 0 : 1;
    } else if (rights->parsed()) {
        User target;
        target.associateId = id;
        const UserRights granted = service.rightsFor(caller, target);
        std::cout << "table: " << toString(granted.user.table.mask) << "\n";
        for (const auto& [field, property] : granted.user.fields)
            std::cout << field << ": " << toString(property.fieldRight->mask)
                      << (property.fieldRight->reason.empty() ? "" : "  (" + property.fieldRight->reason + ")") << "\n";
    } else if (import->parsed()) {
        return importLines(service, caller, file, batch, resume);
    }
    return 0;
} catch (const userservice::Exception& e) {
    return report(e.error());
} catch (const std::exception& e) {
    std::cerr << "usersvc: " << e.what() << "\n";
    return 6;
}
