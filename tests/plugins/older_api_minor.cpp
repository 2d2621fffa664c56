// Good, and built for plugin API 2.0 (before PostSaveCall::change and ::secrets): a host of a newer
// minor version loads it and calls its post-save command as before.
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.postSaveCommand("older", [](userservice::plugin::PostSaveCall& call) {
        call.clientCommands.push_back({ .name = "older saw " + call.after.name.value_or("") });
    });
}

} // namespace

USERSERVICE_PLUGIN_WITH_MANIFEST(older_api_minor,
    USERSERVICE_PLUGIN_MANIFEST_TEXT(
        "older_api_minor", "1.0.0", "2.0", USERSERVICE_PLUGIN_FINGERPRINT, "post-save:older"),
    registerPlugin)
