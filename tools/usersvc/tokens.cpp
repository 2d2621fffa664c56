// usersvc token issue | list | revoke: the HTTP host's API tokens (Authorization:
// Bearer). A secret is printed once, when it is issued.
#include "tool.hpp"

#include <iostream>
#include <map>
#include <memory>

namespace userservice::usersvc {
namespace {

struct TokenFlags {
    std::string name, label;
    std::int64_t id = 0;
};

/// The user name of a user, for listings; "" for one the caller may not see.
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

int issue(Tool& tool, const TokenFlags& flags)
{
    const auto user = idOf(tool.service(), tool.caller(), flags.name);
    if (!user)
        return report(user.error());
    const auto issued = tool.service().tryIssueApiToken(tool.caller(), *user, flags.label);
    if (!issued)
        return report(issued.error());
    std::cout << issued->secret << std::endl;
    std::cerr << "usersvc: token " << issued->token.id << " for " << flags.name
              << " issued; its secret (above) will not be shown again\n";
    return 0;
}

int list(Tool& tool, const TokenFlags& flags)
{
    auto& service = tool.service();
    std::int32_t user = 0;
    if (!flags.name.empty()) {
        const auto found = idOf(service, tool.caller(), flags.name);
        if (!found)
            return report(found.error());
        user = *found;
    }
    const auto tokens = service.tryApiTokens(tool.caller(), user);
    if (!tokens)
        return report(tokens.error());
    std::map<std::int32_t, std::string> userNames;
    for (const ApiToken& listed : *tokens) {
        auto [at, added] = userNames.try_emplace(listed.associateId);
        if (added)
            at->second = userNameOf(service, tool.caller(), listed.associateId);
        std::cout << listed.id << "\t" << at->second << "\t" << listed.created.toString() << "\t" << listed.label
                  << "\n";
    }
    return 0;
}

int revoke(Tool& tool, const TokenFlags& flags)
{
    const auto revoked = tool.service().tryRevokeApiToken(tool.caller(), flags.id);
    if (!revoked)
        return report(revoked.error());
    std::cout << "revoked token " << flags.id << "\n";
    return 0;
}

} // namespace

void addTokenCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<TokenFlags>();
    const auto add = [&](CLI::App* subcommand, int (*action)(Tool&, const TokenFlags&)) {
        return addAction(subcommands, subcommand, flags, action);
    };
    auto* token = app.add_subcommand("token", "API tokens (the HTTP host's Authorization: Bearer)");
    token->require_subcommand(1);
    auto* tokenIssue = add(token->add_subcommand("issue", "issue a token for a user; prints its secret, once"), issue);
    tokenIssue->add_option("username", flags->name)->required();
    tokenIssue->add_option("--label", flags->label, "what the token is for");
    add(token->add_subcommand("list", "the tokens of a user, or of everyone: id, user, created, label"), list)
        ->add_option("username", flags->name);
    add(token->add_subcommand("revoke", "revoke a token for good"), revoke)->add_option("id", flags->id)->required();
}

} // namespace userservice::usersvc
