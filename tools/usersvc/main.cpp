// usersvc: manage the users of a userservice database from a terminal or a script.
//
//   usersvc [--db FILE] [--as USERNAME] [--plugins DIR]... [--language LANG] COMMAND
//     save [FILE]                    SaveUser from JSON (FILE or stdin); prints the stored user
//     get (--id N | --name NAME) [--select S]
//     validate [FILE]                every problem, by field
//     commands --id N                the custom commands offered on a user
//     run --id N COMMAND [--action Implicit|Yes|No|Ok|Cancel]
//     rights --id N                  the caller's table right and field rights on a user
//     plugins PATH...                a file: its manifest, read without loading it, and whether
//                                    it loads here; a directory: load each plugin, show what it registered
//     import FILE [--batch N] [--resume] [--as-new]   users from JSON Lines
//     export [FILE] [--select S]     every user the caller may see, as JSON Lines
//     token issue USERNAME [--label TEXT] | token list [USERNAME] | token revoke ID
//
// It acts as the system unless --as names a user. Exit status: 0 done, 1 not
// found, 2 usage, 3 bad input or invalid user, 4 not allowed, 5 conflict, 6 internal.
#include <userservice/userservice.hpp>

#include <boost/json/serialize.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <span>
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

/// An exported user as a new one for another database: the ids and derived fields
/// it carries are that database's business (a save refuses to be sent them).
void asNewUser(User& user)
{
    user.associateId = 0;
    user.isPersonRetired = false;
    if (user.person) {
        user.person->personId = 0;
        user.person->associateId = 0;
        user.person->fullName.reset();
        user.person->associateName.reset();
    }
}

/// Progress on a terminal: one line, redrawn at most ten times a second.
class Progress {
public:
    Progress(bool terminal, std::uintmax_t fileSize)
        : terminal_(terminal)
        , fileSize_(fileSize)
    {
    }

    void show(std::size_t saved, std::size_t bad, std::uintmax_t bytesRead, bool last = false)
    {
        if (!terminal_)
            return;
        const auto now = Clock::now();
        if (!last && now - drawn_ < std::chrono::milliseconds(100))
            return;
        drawn_ = now;
        const int percent = fileSize_ ? static_cast<int>(100 * std::min(bytesRead, fileSize_) / fileSize_) : 100;
        std::cerr << "\r\033[Kimported " << saved << " users, " << bad << " bad lines, " << percent << "% of the file, "
                  << static_cast<long long>(rate(saved)) << " users/s" << std::flush;
        if (last)
            std::cerr << "\n";
    }

    /// Before a message of its own: the progress line is cleared, and drawn again later.
    void clear() const
    {
        if (terminal_)
            std::cerr << "\r\033[K";
    }

    double seconds() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }
    double rate(std::size_t users) const { return seconds() > 0 ? users / seconds() : 0; }

private:
    using Clock = std::chrono::steady_clock;
    bool terminal_;
    std::uintmax_t fileSize_;
    Clock::time_point started_ = Clock::now();
    Clock::time_point drawn_ {};
};

/// Imports JSON Lines in batches (one transaction each). A bad line is reported with
/// its number and reason and left out; the rest of its batch is saved. The number of
/// the last line done is kept in FILE.progress, so that --resume goes on from there.
int importLines(UserService& service, const CallerContext& caller, const std::string& file, std::size_t batchSize,
    bool resume, bool asNew)
{
    std::ifstream in(file);
    if (!in)
        return report(Error(ErrorKind::BadRequest, "cannot read " + file, {}, file));
    const std::string progressFile = file + ".progress";
    std::size_t skip = 0;
    if (resume)
        std::ifstream(progressFile) >> skip;
    std::error_code sizeUnknown;
    Progress progress(::isatty(STDERR_FILENO), std::filesystem::file_size(file, sizeUnknown));
    std::size_t lineNumber = 0, saved = 0, bad = 0;
    std::vector<User> users; // the batch
    std::vector<std::size_t> lines; // their line numbers
    std::optional<Error> fatal; // an error about the import, not about a line

    const auto badLine = [&](std::size_t line, const std::string& why) {
        progress.clear();
        std::cerr << "line " << line << ": " << why << "\n";
        ++bad;
    };
    // Saves users[first, first + count). A failing user ("users[i]: …") is reported and
    // left out; those before it were fine and are saved on their own, then the rest:
    // every good user is saved at most twice, however many bad ones its batch has.
    const std::function<void(std::size_t, std::size_t)> save = [&](std::size_t first, std::size_t count) {
        while (count > 0 && !fatal) {
            const auto result = service.trySaveUsers(caller, std::span(users).subspan(first, count));
            if (result) {
                saved += count;
                return;
            }
            const Error error = result.error(); // by value: error() returns a copy
            const std::string& source = error.source();
            if (source.rfind("users[", 0) != 0) {
                fatal = error;
                return;
            }
            const std::size_t item = std::stoul(source.substr(6));
            badLine(lines[first + item], error.message());
            save(first, item);
            first += item + 1;
            count -= item + 1;
        }
    };
    const auto flush = [&] {
        save(0, users.size());
        users.clear();
        lines.clear();
        if (fatal)
            return; // this batch was not saved: --resume starts it again
        std::ofstream(progressFile) << lineNumber;
        progress.show(saved, bad, static_cast<std::uintmax_t>(in.tellg()));
    };

    for (std::string text; !fatal && std::getline(in, text);) {
        ++lineNumber;
        if (lineNumber <= skip || text.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        auto user = json::tryParse<User>(text);
        if (!user) {
            badLine(lineNumber, user.error().message());
            continue;
        }
        if (asNew)
            asNewUser(*user);
        users.push_back(std::move(*user));
        lines.push_back(lineNumber);
        if (users.size() == batchSize)
            flush();
    }
    if (!fatal)
        flush();
    progress.show(saved, bad, std::filesystem::file_size(file, sizeUnknown), true);
    if (fatal)
        return report(*fatal);
    std::cout << "imported " << saved << " users from " << file << "; " << bad << " bad lines";
    if (skip)
        std::cout << "; resumed after line " << skip;
    std::cout << " (" << std::fixed << std::setprecision(1) << progress.seconds() << " s, "
              << static_cast<long long>(progress.rate(saved)) << " users/s)\n";
    return bad == 0 ? 0 : 3;
}

/// Writes every user the caller may see as JSON Lines, in AssociateId order, each as
/// `get` prints it; secrets are never in a user as the service returns it.
int exportUsers(UserService& service, const CallerContext& caller, const std::string& file, const Select& select)
{
    constexpr std::size_t page = 1000;
    const bool toStdout = file.empty() || file == "-";
    std::ofstream out;
    if (!toStdout) {
        out.open(file, std::ios::binary | std::ios::trunc);
        if (!out)
            return report(Error(ErrorKind::BadRequest, "cannot write " + file, {}, file));
    }
    std::ostream& sink = toStdout ? std::cout : out;
    std::size_t exported = 0;
    std::string text;
    for (std::int32_t after = 0;;) {
        auto users = service.listUsers(caller, after, page); // projected here: pages go by AssociateId
        const std::int32_t lastId = users.empty() ? after : users.back().associateId;
        for (User& user : users) {
            select.apply(user);
            text.clear();
            json::serializeTo(text, user);
            text += '\n';
            sink.write(text.data(), static_cast<std::streamsize>(text.size()));
        }
        exported += users.size();
        if (users.size() < page)
            break;
        after = lastId;
    }
    sink.flush();
    if (!sink)
        return report(Error(ErrorKind::Internal, "writing " + (toStdout ? std::string("stdout") : file) + " failed"));
    (toStdout ? std::cerr : std::cout) << "exported " << exported << " users" << (toStdout ? "" : " to " + file)
                                       << "\n";
    return 0;
}

/// The user name of each user, for listings; "" for one the caller may not see.
std::string userNameOf(UserService& service, const CallerContext& caller, std::int32_t id)
{
    static const Select userName = Select::parse("userName");
    const auto user = service.getUser(caller, id, userName);
    return user ? user->userName.value_or("") : "";
}

/// The AssociateId of the user with this user name, or a NotFound error.
Result<std::int32_t> idOf(UserService& service, const CallerContext& caller, const std::string& userName)
{
    const auto user = service.tryGetUserFromName(caller, userName, Select::parse("associateId"));
    if (!user)
        return user.error();
    if (!*user)
        return Error(ErrorKind::NotFound, "there is no user " + userName, {}, "USERNAME");
    return (*user)->associateId;
}

void printManifest(const PluginManifest& manifest)
{
    std::cout << manifest.name << " " << manifest.version << " (plugin API " << manifest.apiMajor << "."
              << manifest.apiMinor << ", built as " << manifest.fingerprint << ")\n"
              << "  file: " << manifest.path << "\n";
    const auto list = [](const char* label, const std::vector<std::string>& names) {
        if (names.empty())
            return;
        std::cout << "  " << label << ":";
        for (const auto& name : names)
            std::cout << " " << name;
        std::cout << "\n";
    };
    list("custom commands", manifest.customCommands);
    list("post-save commands", manifest.postSaveCommands);
    list("validators", manifest.validators);
    list("rights modifiers", manifest.rightsModifiers);
}

void printPluginError(const PluginError& error)
{
    std::cerr << "usersvc: " << toString(error.kind) << ": " << error.message;
    if (!error.loaderText.empty())
        std::cerr << " [" << error.loaderText << "]";
    std::cerr << "\n";
}

/// `plugins PATH...`: files are inspected without running their code, directories loaded.
int showPlugins(const std::vector<std::string>& paths)
{
    std::cout << "host: plugin API " << PluginRegistry::apiMajor() << "." << PluginRegistry::apiMinor() << ", built as "
              << PluginRegistry::fingerprint() << "\n";
    int failures = 0;
    for (const auto& path : paths) {
        if (std::filesystem::is_directory(path)) {
            PluginRegistry registry;
            const auto result = registry.loadDirectory(path);
            for (const auto& manifest : result.loaded)
                printManifest(manifest);
            std::size_t notLoaded = 0;
            for (const auto& error : result.failed)
                if (error.kind != PluginErrorKind::NotASharedLibrary) // other files beside the plugins
                    printPluginError(error), ++notLoaded;
            failures += static_cast<int>(notLoaded);
            std::cout << path << ": " << result.loaded.size() << " loaded, " << notLoaded << " not\n";
            continue;
        }
        const auto manifest = PluginRegistry::tryInspect(path);
        if (!manifest) {
            printPluginError(manifest.error()), ++failures;
            continue;
        }
        printManifest(*manifest);
        if (const auto compatible = PluginRegistry::checkCompatible(*manifest))
            std::cout << "  loads into this host\n";
        else
            printPluginError(compatible.error()), ++failures;
    }
    return failures ? 3 : 0;
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

    std::string file, name, select, command, action = "Implicit", label;
    std::int32_t id = 0;
    std::int64_t tokenId = 0;
    std::size_t batch = 500;
    bool resume = false, asNew = false;
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
    auto* plugins = app.add_subcommand("plugins", "inspect plugin files, or load the plugins of directories");
    plugins->add_option("files", pluginFiles)->required();
    auto* import = app.add_subcommand("import", "users from JSON Lines, in batches");
    import->add_option("file", file)->required();
    import->add_option("--batch", batch, "users per transaction")->check(CLI::Range(1, 100000));
    import->add_flag("--resume", resume, "go on after the last line a previous run did");
    import->add_flag("--as-new", asNew,
        "create every line as a new user, ignoring its AssociateId and derived fields (an export from another "
        "database)");
    auto* exportCommand = app.add_subcommand("export", "every user the caller may see, as JSON Lines");
    exportCommand->add_option("file", file, "where to write (default: stdout)");
    exportCommand->add_option("--select", select, "the $select projection");
    auto* token = app.add_subcommand("token", "API tokens (the HTTP host's Authorization: Bearer)");
    token->require_subcommand(1);
    auto* tokenIssue = token->add_subcommand("issue", "issue a token for a user; prints its secret, once");
    tokenIssue->add_option("username", name)->required();
    tokenIssue->add_option("--label", label, "what the token is for");
    auto* tokenList = token->add_subcommand("list", "the tokens of a user, or of everyone: id, user, created, label");
    tokenList->add_option("username", name);
    auto* tokenRevoke = token->add_subcommand("revoke", "revoke a token for good");
    tokenRevoke->add_option("id", tokenId)->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2; // --help is not an error; every usage error is 2
    }

    if (plugins->parsed())
        return showPlugins(pluginFiles);

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
        return importLines(service, caller, file, batch, resume, asNew);
    } else if (exportCommand->parsed()) {
        return exportUsers(service, caller, file, Select::parse(select));
    } else if (tokenIssue->parsed()) {
        const auto user = idOf(service, caller, name);
        if (!user)
            return report(user.error());
        const auto issued = service.tryIssueApiToken(caller, *user, label);
        if (!issued)
            return report(issued.error());
        std::cout << issued->secret << std::endl;
        std::cerr << "usersvc: token " << issued->token.id << " for " << name
                  << " issued; its secret (above) will not be shown again\n";
    } else if (tokenList->parsed()) {
        std::int32_t user = 0;
        if (!name.empty()) {
            const auto found = idOf(service, caller, name);
            if (!found)
                return report(found.error());
            user = *found;
        }
        const auto tokens = service.tryApiTokens(caller, user);
        if (!tokens)
            return report(tokens.error());
        std::map<std::int32_t, std::string> userNames;
        for (const ApiToken& listed : *tokens) {
            auto [at, added] = userNames.try_emplace(listed.associateId);
            if (added)
                at->second = userNameOf(service, caller, listed.associateId);
            std::cout << listed.id << "\t" << at->second << "\t" << listed.created.toString() << "\t" << listed.label
                      << "\n";
        }
    } else if (tokenRevoke->parsed()) {
        const auto revoked = service.tryRevokeApiToken(caller, tokenId);
        if (!revoked)
            return report(revoked.error());
        std::cout << "revoked token " << tokenId << "\n";
    }
    return 0;
} catch (const userservice::Exception& e) {
    return report(e.error());
} catch (const std::exception& e) {
    std::cerr << "usersvc: " << e.what() << "\n";
    return 6;
}
