// Broken on purpose (DuplicateName): registers "greet", which good_greeter has.
// Its other command must not stay registered.
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "duplicate-own" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
    registrar.customCommand(
        { .name = "greet" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
}

} // namespace

USERSERVICE_PLUGIN(
    duplicate_command, "duplicate_command", "1.0.0", "command:duplicate-own; command:greet", registerPlugin)
