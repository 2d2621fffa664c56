// Built against the installed package (CMake and pkg-config): proves that the
// public headers and the library work from outside this tree.
#include <userservice/userservice.hpp>

#if defined(USERSERVICE_CONSUMER_PLUGIN) // the CMake consumer also builds a plugin
#include <userservice/plugin_registry.hpp>
#endif

#include <iostream>

int main()
{
    using namespace userservice;
    auto service = UserService::open({ .database = ":memory:", .passwordHashing = PasswordHashing::Minimal });
    const auto system = CallerContext::system();
    auto user = json::parse<User>(R"({"name": "CU", "userName": "consumer", "type": "InternalAssociate",
                                      "person": {"lastname": "Consumer"}})");
    const User saved = service.saveUser(system, user);
    const auto found = service.getUserFromName(system, "CONSUMER", Select::parse("associateId"));
    if (!found || found->associateId != saved.associateId)
        return 1;
#if defined(USERSERVICE_CONSUMER_PLUGIN)
    PluginRegistry registry;
    registry.load(USERSERVICE_CONSUMER_PLUGIN);
    plugin::CommandCall call { system, user, CommandActionResult::Implicit, &service };
    const auto command = registry.customCommand("consumer-hello");
    if (!command)
        return 1;
    const auto result = command->run(call);
    if (!result || result->message != "hello CU")
        return 1;
    std::cout << "plugin consumer: " << *result->message << "\n";
#endif
    std::cout << "userservice " << USERSERVICE_VERSION_STRING << ": saved and found user " << saved.associateId << " ("
              << json::serialize(saved).size() << " bytes of User JSON)\n";
    return 0;
}
