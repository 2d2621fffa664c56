// usersvc save | get | validate | commands | run | rights: one user at a time.
#include "tool.hpp"

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct UserFlags {
    std::string file, name, select, command, action = "Implicit";
    std::int32_t id = 0;
};

int save(Tool& tool, const UserFlags& flags)
{
    const auto saved = tool.service().trySaveUser(tool.caller(), json::parse<User>(readInput(flags.file)));
    if (!saved)
        return report(saved.error());
    std::cout << json::serialize(*saved) << "\n";
    return 0;
}

int get(Tool& tool, const UserFlags& flags)
{
    const Select projection = Select::parse(flags.select);
    auto& service = tool.service();
    const auto user = flags.name.empty() ? service.getUser(tool.caller(), flags.id, projection)
                                         : service.getUserFromName(tool.caller(), flags.name, projection);
    if (!user)
        return report(Error(ErrorKind::NotFound, "there is no such user", {}, flags.name.empty() ? "--id" : "--name"));
    std::cout << json::serialize(*user) << "\n";
    return 0;
}

int validate(Tool& tool, const UserFlags& flags)
{
    const auto problems = tool.service().validateUser(tool.caller(), json::parse<User>(readInput(flags.file)));
    for (const auto& problem : problems)
        std::cout << problem.field << ": " << problem.message << "\n";
    return problems.empty() ? 0 : 3;
}

int commands(Tool& tool, const UserFlags& flags)
{
    const auto user = tool.service().getUser(tool.caller(), flags.id);
    if (!user)
        return report(Error(ErrorKind::NotFound, "there is no user " + std::to_string(flags.id), {}, "--id"));
    for (const auto& offered : tool.service().getUserCommands(tool.caller(), *user))
        std::cout << offered.name.value_or("") << "\t" << offered.displayName.value_or("") << "\t"
                  << toString(offered.actions) << "\n";
    return 0;
}

int run(Tool& tool, const UserFlags& flags)
{
    const auto answer = enumFromString<CommandActionResult>(flags.action);
    if (!answer)
        return report(Error(ErrorKind::BadRequest, "--action must be Implicit, Yes, No, Ok or Cancel", {}, "--action"));
    const auto result = tool.service().tryExecuteUserCommand(tool.caller(), flags.id, flags.command, *answer);
    if (!result)
        return report(result.error());
    std::cout << json::serialize(*result) << "\n";
    return result->success ? 0 : 1;
}

int rights(Tool& tool, const UserFlags& flags)
{
    User target;
    target.associateId = flags.id;
    const UserRights granted = tool.service().rightsFor(tool.caller(), target);
    std::cout << "table: " << toString(granted.user.table.mask) << "\n";
    for (const auto& [field, property] : granted.user.fields)
        std::cout << field << ": " << toString(property.fieldRight->mask)
                  << (property.fieldRight->reason.empty() ? "" : "  (" + property.fieldRight->reason + ")") << "\n";
    return 0;
}

} // namespace

void addUserCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<UserFlags>();
    const auto add = [&](CLI::App* subcommand, int (*action)(Tool&, const UserFlags&)) {
        return addAction(subcommands, subcommand, flags, action);
    };
    add(app.add_subcommand("save", "SaveUser from JSON (a file or stdin)"), save)->add_option("file", flags->file);
    auto* getUser = add(app.add_subcommand("get", "a user by id or user name"), get);
    auto* byId = getUser->add_option("--id", flags->id);
    getUser->add_option("--name", flags->name)->excludes(byId);
    getUser->add_option("--select", flags->select, "the $select projection");
    add(app.add_subcommand("validate", "every problem of a user, by field"), validate)->add_option("file", flags->file);
    add(app.add_subcommand("commands", "the custom commands offered on a user"), commands)
        ->add_option("--id", flags->id)
        ->required();
    auto* runCommand = add(app.add_subcommand("run", "run a custom command on a user"), run);
    runCommand->add_option("--id", flags->id)->required();
    runCommand->add_option("command", flags->command)->required();
    runCommand->add_option("--action", flags->action, "the answer to its dialog");
    add(app.add_subcommand("rights", "the caller's rights on a user"), rights)
        ->add_option("--id", flags->id)
        ->required();
}

} // namespace userservice::usersvc
