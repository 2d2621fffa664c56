// Broken on purpose (RegistrationFailed): registers a command, then throws. The
// command must not stay registered.
#include <userservice/plugin.hpp>

#include <stdexcept>

namespace {

void registerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "half-registered" }, [](userservice::plugin::CommandCall&) { return userservice::CommandResult {}; });
    throw std::runtime_error("registration exploded");
}

} // namespace

USERSERVICE_PLUGIN(throws_in_registration, "throws_in_registration", "1.0.0", "command:half-registered", registerPlugin)
