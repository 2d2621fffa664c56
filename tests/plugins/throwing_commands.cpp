// Commands that throw: a std::exception, a type the host does not know, and an int.
// The host must catch all three and keep running.
#include <userservice/plugin.hpp>

#include <stdexcept>

namespace {

struct Oops { };

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    using userservice::CommandResult;
    using userservice::plugin::CommandCall;
    registrar.customCommand(
        { .name = "throws-std" }, [](CommandCall&) -> CommandResult { throw std::runtime_error("std failure"); });
    registrar.customCommand({ .name = "throws-custom" }, [](CommandCall&) -> CommandResult { throw Oops {}; });
    registrar.customCommand({ .name = "throws-int" }, [](CommandCall&) -> CommandResult { throw 42; });
}

} // namespace

USERSERVICE_PLUGIN(throwing_commands, "throwing_commands", "1.0.0",
    "command:throws-std; command:throws-custom; command:throws-int", registerPlugin)
