// Broken on purpose (LoadFailed): it calls a function that nothing defines. A
// shared library may keep undefined symbols (nothing here links it with
// -Wl,--no-undefined or -z defs); the dynamic loader must then refuse it.
#include <userservice/plugin.hpp>

extern "C" void userservice_fixture_missing_function();

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    userservice_fixture_missing_function();
    registrar.customCommand(
        { .name = "x" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
}

} // namespace

USERSERVICE_PLUGIN(unresolved_symbol, "unresolved_symbol", "1.0.0", "command:x", registerPlugin)
