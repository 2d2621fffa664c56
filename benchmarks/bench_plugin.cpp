// The plugin the plugin benchmark loads: one custom command that does almost nothing.
#include <userservice/plugin.hpp>

namespace {

void registerBenchPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand({ .name = "noop" }, [](userservice::plugin::CommandCall& call) {
        return userservice::CommandResult { .success = call.user.associateId != 0 };
    });
}

} // namespace

USERSERVICE_PLUGIN(bench, "bench", "1.0.0", "command:noop", registerBenchPlugin)
