// Broken on purpose (BadManifest): the manifest's marker line is there, but its
// name is missing and its API version is not a version.
#include <userservice/plugin.hpp>

extern "C" __attribute__((section(USERSERVICE_PLUGIN_SECTION), used, visibility("default")))
const char userservice_plugin_manifest[] = "userservice-plugin-manifest\n"
                                           "version=1.0.0\n"
                                           "api=one\n"
                                           "fingerprint=" USERSERVICE_PLUGIN_FINGERPRINT "\n"
                                           "provides=command:x\n";

extern "C" __attribute__((visibility("default"))) void USERSERVICE_PLUGIN_ENTRY(userservice::plugin::Registrar&)
{
}
