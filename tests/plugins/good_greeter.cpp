// A well-behaved plugin with one of everything. The tests load it as a shared
// module and, compiled with USERSERVICE_PLUGIN_STATIC, link it as a Descriptor.
#include <userservice/plugin.hpp>

namespace {

void registerGreeter(userservice::plugin::Registrar& registrar)
{
    using namespace userservice;
    registrar.customCommand({ .name = "greet", .displayName = "Greet", .description = "Says hello to the user" },
        [](plugin::CommandCall& call) {
            CommandResult result;
            result.success = true;
            result.message = "hello " + call.user.name.value_or("");
            return result;
        });
    registrar.postSaveCommand("greet-audit", [](plugin::PostSaveCall& call) {
        CustomCommand next;
        next.name = "greet";
        call.clientCommands.push_back(next);
    });
    registrar.validator("greet-check", [](const CallerContext&, const User& user) {
        std::vector<FieldError> problems;
        if (!user.name || user.name->empty())
            problems.push_back({ "User.Name", "greet-check: a user to greet needs a name" });
        return problems;
    });
    registrar.rightsModifier("greet-rights", [](const Principal&, const User*, UserRights&) {});
}

} // namespace

USERSERVICE_PLUGIN(good_greeter, "good_greeter", "1.2.3",
    "command:greet; post-save:greet-audit; validator:greet-check; rights:greet-rights", registerGreeter)
