// Commands that throw: a std::exception, a type the host does not know, an int, and
// the library's own Unavailable with a Retry-After (a busy service, not a fault).
// The host must catch them all and keep running.
#include <userservice/plugin.hpp>

#include <chrono>
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
    registrar.customCommand({ .name = "throws-busy" }, [](CommandCall&) -> CommandResult {
        using namespace userservice;
        throw Exception(Error(ErrorKind::Unavailable, "busy right now").retryAfter(std::chrono::seconds(3)));
    });
}

} // namespace

USERSERVICE_PLUGIN(throwing_commands, "throwing_commands", "1.0.0",
    "command:throws-std; command:throws-custom; command:throws-int; command:throws-busy", registerPlugin)
