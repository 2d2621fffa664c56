// Broken on purpose (FingerprintMismatch): its manifest claims another compiler,
// standard library ABI, Boost and build type than the host's.
#include <userservice/plugin.hpp>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "x" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
}

} // namespace

USERSERVICE_PLUGIN_WITH_MANIFEST(wrong_fingerprint,
    USERSERVICE_PLUGIN_MANIFEST_TEXT("wrong_fingerprint", "1.0.0", USERSERVICE_PLUGIN_API_STRING,
        "gcc-1.0;cxx11abi-0;boost-100000;release", "command:x"),
    registerPlugin)
