// A second well-behaved plugin, to load beside good_greeter.
#include <userservice/plugin.hpp>

namespace {

void registerOther(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand({ .name = "other", .displayName = "Other" }, [](userservice::plugin::CommandCall&) {
        userservice::CommandResult result;
        result.success = true;
        result.message = "other";
        return result;
    });
}

} // namespace

USERSERVICE_PLUGIN(good_other, "good_other", "0.1.0", "command:other", registerOther)
