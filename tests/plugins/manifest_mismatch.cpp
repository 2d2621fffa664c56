// Broken on purpose (ManifestMismatch): the manifest promises one command, the
// registration delivers another.
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "delivered" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
}

} // namespace

USERSERVICE_PLUGIN(manifest_mismatch, "manifest_mismatch", "1.0.0", "command:promised", registerPlugin)
