// usersvc credential types | list | set | delete: a user's ways to sign in, by type.
// A value is read from stdin (its first line) or a prompt without echo, never from
// argv: for a password it is a secret, and the rule is the same for every type.
#include "tool.hpp"

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct CredentialFlags {
    std::int32_t id = 0;
    std::string type;
    std::string display;
};

int types(Tool& tool, const CredentialFlags&)
{
    const auto found = tool.service().credentialTypes(tool.caller());
    for (const auto& type : found)
        std::cout << json::serialize(type) << "\n";
    return 0;
}

/// The user's credentials as the caller may read them, one JSON line each (a secret's value is never there).
int list(Tool& tool, const CredentialFlags& flags)
{
    const auto user = tool.service().tryGetUser(tool.caller(), flags.id, Select::parse("credentials"));
    if (!user)
        return report(user.error());
    if (!*user)
        return report(Error(ErrorKind::NotFound, "there is no user " + std::to_string(flags.id), {}, "ID"));
    for (const auto& credential : (*user)->credentials.value_or(std::vector<Credential> {}))
        std::cout << json::serialize(credential) << "\n";
    return 0;
}

int set(Tool& tool, const CredentialFlags& flags)
{
    const auto value = readSecretLine("value: ");
    if (!value)
        return report(Error(ErrorKind::BadRequest, "no credential value on stdin", {}, "stdin"));
    Credential credential { .type = CredentialType { .type = flags.type }, .value = *value };
    if (!flags.display.empty())
        credential.displayValue = flags.display;
    const auto done = tool.service().trySaveCredential(tool.caller(), flags.id, credential);
    if (!done)
        return report(done.error());
    std::cerr << "usersvc: " << flags.type << " credential saved\n";
    return 0;
}

int removeCredential(Tool& tool, const CredentialFlags& flags)
{
    const auto removed = tool.service().tryDeleteCredential(tool.caller(), flags.id, flags.type);
    if (!removed)
        return report(removed.error());
    if (!*removed)
        return report(Error(ErrorKind::NotFound,
            "user " + std::to_string(flags.id) + " has no " + flags.type + " credential", {}, "TYPE"));
    std::cerr << "usersvc: " << flags.type << " credential removed\n";
    return 0;
}

} // namespace

void addCredentialCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<CredentialFlags>();
    const auto add = [&](CLI::App* subcommand, int (*action)(Tool&, const CredentialFlags&)) {
        return addAction(subcommands, subcommand, flags, action);
    };
    auto* credential = app.add_subcommand("credential", "a user's credentials: types, list, set, delete");
    credential->require_subcommand(1);
    add(credential->add_subcommand("types", "the credential types, one JSON line each"), types);
    auto* listCommand = add(credential->add_subcommand("list", "a user's credentials, one JSON line each"), list);
    listCommand->add_option("id", flags->id, "the user's AssociateId")->required();
    auto* setCommand =
        add(credential->add_subcommand("set", "add or replace a credential; its value from stdin or a prompt"), set);
    setCommand->add_option("id", flags->id, "the user's AssociateId")->required();
    setCommand->add_option("type", flags->type, "the credential type (password, ad, …)")->required();
    setCommand->add_option("--display", flags->display, "the credential's display value");
    auto* deleteCommand =
        add(credential->add_subcommand("delete", "remove a user's credential of a type"), removeCredential);
    deleteCommand->add_option("id", flags->id, "the user's AssociateId")->required();
    deleteCommand->add_option("type", flags->type, "the credential type")->required();
}

} // namespace userservice::usersvc
