// usersvc delete | retire: users changed by an administrator. Each runs the plugins'
// hooks (the audit trail records it) with the caller's rights.
#include "tool.hpp"

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct AdminFlags {
    std::int32_t id = 0;
    std::string name;
    bool undo = false;
};

int deleteUser(Tool& tool, const AdminFlags& flags)
{
    const auto deleted = flags.name.empty() ? tool.service().tryDeleteUser(tool.caller(), flags.id)
                                            : tool.service().tryDeleteUserFromName(tool.caller(), flags.name);
    if (!deleted)
        return report(deleted.error());
    std::cout << "deleted user " << (flags.name.empty() ? std::to_string(flags.id) : flags.name) << "\n";
    return 0;
}

int retire(Tool& tool, const AdminFlags& flags)
{
    const auto done = tool.service().tryMakeRetired(tool.caller(), flags.id, !flags.undo);
    if (!done)
        return report(done.error());
    std::cout << (flags.undo ? "reactivated user " : "retired user ") << flags.id << "\n";
    return 0;
}

} // namespace

void addAdminCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<AdminFlags>();
    auto* remove = addAction(subcommands,
        app.add_subcommand("delete", "delete a user and its person for good (its records stay)"), flags, deleteUser);
    auto* id = remove->add_option("id", flags->id, "the user's AssociateId");
    auto* name = remove->add_option("--name", flags->name, "the user's user name");
    id->excludes(name);
    remove->require_option(1);
    auto* retired = addAction(subcommands,
        app.add_subcommand("retire", "retire a user: licences removed, person retired, no login"), flags, retire);
    retired->add_option("id", flags->id, "the user's AssociateId")->required();
    retired->add_flag("--undo", flags->undo, "make a retired user active again (licences stay removed)");
}

} // namespace userservice::usersvc
