// A plugin that must stay loaded until the process ends: unload refuses (Pinned).
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand({ .name = "pinned" }, [](userservice::plugin::CommandCall&) {
        userservice::CommandResult result;
        result.success = true;
        return result;
    });
    registrar.neverUnload();
}

} // namespace

USERSERVICE_PLUGIN(never_unload, "never_unload", "1.0.0", "command:pinned", registerPlugin)
