// Broken on purpose (MissingEntryPoint): a valid manifest, written by hand, and no
// registration function.
#include <userservice/plugin.hpp>

extern "C" __attribute__((section(USERSERVICE_PLUGIN_SECTION), used, visibility("default")))
const char userservice_plugin_manifest[] = USERSERVICE_PLUGIN_MANIFEST_TEXT(
    "missing_entry", "1.0.0", USERSERVICE_PLUGIN_API_STRING, USERSERVICE_PLUGIN_FINGERPRINT, "command:x");
