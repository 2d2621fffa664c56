// usersvc password set | generate | check. A password is read from stdin (its first
// line) or, on a terminal, from a prompt without echo: never from argv, which other
// users of the machine can see (ps, /proc). A generated one is printed once.
#include "tool.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct PasswordFlags {
    std::int32_t id = 0;
    std::string name;
    bool revokeTokens = false;
    bool verify = false;
};

/// The new password: from stdin, or typed twice at a prompt.
Result<std::string> newPassword()
{
    const auto first = readSecretLine("new password: ");
    if (!first)
        return Error(ErrorKind::BadRequest, "no password on stdin", {}, "stdin");
    if (isatty(STDIN_FILENO)) {
        const auto again = readSecretLine("again: ");
        if (!again || *again != *first)
            return Error(ErrorKind::BadRequest, "the two passwords differ", {}, "stdin");
    }
    return *first;
}

/// ID or --name NAME, exactly one.
Result<void> checkTarget(const PasswordFlags& flags)
{
    if ((flags.id != 0) == !flags.name.empty())
        return Error(ErrorKind::BadRequest, "give a user's ID or --name NAME (one of them)", {}, "ID");
    return {};
}

int set(Tool& tool, const PasswordFlags& flags)
{
    if (auto target = checkTarget(flags); !target)
        return report(target.error());
    const auto password = newPassword();
    if (!password)
        return report(password.error());
    const PasswordOptions options { .revokeApiTokens = flags.revokeTokens };
    auto& service = tool.service();
    const auto done = flags.id ? service.trySetPassword(tool.caller(), flags.id, *password, options)
                               : service.trySetPasswordFromName(tool.caller(), flags.name, *password, options);
    if (!done)
        return report(done.error());
    std::cerr << "usersvc: password set\n";
    return 0;
}

int generate(Tool& tool, const PasswordFlags& flags)
{
    if (auto target = checkTarget(flags); !target)
        return report(target.error());
    const PasswordOptions options { .revokeApiTokens = flags.revokeTokens };
    auto& service = tool.service();
    const auto password = flags.id ? service.trySetGeneratedPassword(tool.caller(), flags.id, options)
                                   : service.trySetGeneratedPasswordFromName(tool.caller(), flags.name, options);
    if (!password)
        return report(password.error());
    std::cout << *password << std::endl;
    std::cerr << "usersvc: password set; it (above) will not be shown again\n";
    return 0;
}

/// Whether a password would be accepted for NAME (or, with --verify, is NAME's password).
int check(Tool& tool, const PasswordFlags& flags)
{
    const auto password = readSecretLine("password: ");
    if (!password)
        return report(Error(ErrorKind::BadRequest, "no password on stdin", {}, "stdin"));
    auto& service = tool.service();
    if (flags.verify) {
        const bool right = service.verifyPassword(flags.name, *password);
        std::cout << (right ? "right" : "wrong") << "\n";
        return right ? 0 : 4;
    }
    const auto user = service.tryGetUserFromName(tool.caller(), flags.name, Select::parse("associateId"));
    if (!user)
        return report(user.error());
    if (!*user)
        return report(Error(ErrorKind::NotFound, "there is no user " + flags.name, {}, "NAME"));
    const auto valid =
        service.tryIsPasswordValidWithReason(tool.caller(), (*user)->associateId, UserType::Unknown, 0, *password);
    if (!valid)
        return report(valid.error());
    std::cout << (valid->result ? "acceptable" : "refused: " + valid->reason.value_or("")) << "\n";
    return valid->result ? 0 : 3;
}

} // namespace

void addPasswordCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<PasswordFlags>();
    const auto add = [&](CLI::App* subcommand, int (*action)(Tool&, const PasswordFlags&)) {
        return addAction(subcommands, subcommand, flags, action);
    };
    auto* password = app.add_subcommand("password", "set, generate or check a password (read from stdin or a prompt)");
    password->require_subcommand(1);
    const auto addSetter = [&](const char* name, const char* help, int (*action)(Tool&, const PasswordFlags&)) {
        auto* sub = add(password->add_subcommand(name, help), action);
        sub->add_option("id", flags->id, "the user's AssociateId");
        sub->add_option("--name", flags->name, "the user's user name, instead of the id");
        sub->add_flag("--revoke-tokens", flags->revokeTokens, "also revoke the user's API tokens");
    };
    addSetter("set", "set a user's password, read from stdin or a prompt", set);
    addSetter("generate", "set a random password and print it, once", generate);
    auto* checkCommand = add(password->add_subcommand("check", "whether a password (stdin) would be accepted"), check);
    checkCommand->add_option("name", flags->name, "the user's user name")->required();
    checkCommand->add_flag("--verify", flags->verify, "whether it is the user's password instead");
}

} // namespace userservice::usersvc
