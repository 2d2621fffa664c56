// Broken on purpose (ApiMinorTooNew: built for plugin API 2.99, newer than the host's).
// Its code is fine: the registry must refuse it from the manifest alone.
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "x" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
}

} // namespace

USERSERVICE_PLUGIN_WITH_MANIFEST(newer_api_minor,
    USERSERVICE_PLUGIN_MANIFEST_TEXT("newer_api_minor", "1.0.0", "2.99", USERSERVICE_PLUGIN_FINGERPRINT, "command:x"),
    registerPlugin)
