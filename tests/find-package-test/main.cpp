// Built against the installed package (CMake and pkg-config): proves that the
// public headers and the library work from outside this tree.
#include <userservice/userservice.hpp>

#include <iostream>
#include <memory>

int main()
{
    using namespace userservice;
    auto registry = std::make_shared<PluginRegistry>();
#if defined(USERSERVICE_CONSUMER_PLUGIN)
    registry->load(USERSERVICE_CONSUMER_PLUGIN);
#endif
    auto service = UserService::open(
        { .database = ":memory:", .passwordHashing = PasswordHashing::Minimal, .plugins = registry });
    const auto system = CallerContext::system();
    auto user = json::parse<User>(R"({"name": "CU", "userName": "consumer", "type": "InternalAssociate",
                                      "person": {"lastname": "Consumer"}})");
    const User saved = service.saveUser(system, user);
    const auto found = service.getUserFromName(system, "CONSUMER", Select::parse("associateId"));
    if (!found || found->associateId != saved.associateId)
        return 1;
#if defined(USERSERVICE_CONSUMER_PLUGIN)
    const auto result =
        service.executeUserCommand(system, saved.associateId, "consumer-hello", CommandActionResult::Implicit);
    if (!result.success || result.message != "hello CU")
        return 1;
    std::cout << "plugin consumer: " << *result.message << "\n";
#endif
    std::cout << "userservice " << USERSERVICE_VERSION_STRING << ": saved and found user " << saved.associateId << " ("
              << json::serialize(saved).size() << " bytes of User JSON)\n";
    return 0;
}
