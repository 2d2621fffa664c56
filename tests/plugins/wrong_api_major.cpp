// Broken on purpose (ApiMajorMismatch: built for plugin API 99.0).
// Its code is fine: the registry must refuse it from the manifest alone.
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "x" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
}

} // namespace

USERSERVICE_PLUGIN_WITH_MANIFEST(wrong_api_major,
    USERSERVICE_PLUGIN_MANIFEST_TEXT("wrong_api_major", "1.0.0", "99.0", USERSERVICE_PLUGIN_FINGERPRINT, "command:x"),
    registerPlugin)
