// A plugin built outside this tree with the installed userservice_add_plugin().
#include <userservice/plugin.hpp>

namespace {

void registerConsumerPlugin(userservice::plugin::Registrar& registrar)
{
    registrar.customCommand({ .name = "consumer-hello" }, [](userservice::plugin::CommandCall& call) {
        userservice::CommandResult result;
        result.success = true;
        result.message = "hello " + call.user.name.value_or("");
        return result;
    });
}

} // namespace

USERSERVICE_PLUGIN(consumer, "consumer", "1.0.0", "command:consumer-hello", registerConsumerPlugin)
