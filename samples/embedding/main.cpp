// Embedding userservice in an application: copy this file and CMakeLists.txt.
//   usage: embedding [database [plugin-directory]]
#include <userservice/userservice.hpp>

#include <iostream>

int main(int argc, char** argv)
try {
    using namespace userservice;
    auto plugins = std::make_shared<PluginRegistry>();
    if (argc > 2)
        plugins->loadDirectory(argv[2]); // what does not load is in the result's `failed`
    auto service = UserService::open({ .database = argc > 1 ? argv[1] : "embedded-users.db", .plugins = plugins });

    // Every call says who is calling; the application itself is the system.
    const CallerContext system = CallerContext::system();
    const CallerContext visitor = [&] {
        auto guest = service.getUserFromName(system, "guest");
        if (!guest) {
            User user = service.createDefaultUser(system);
            user.name = "GU";
            user.userName = "guest";
            user.person->lastname = "Guest";
            guest = service.saveUser(system, user);
        }
        return CallerContext::user(guest->associateId);
    }();

    // Requests from your own API arrive as JSON in the WebAPI's format.
    auto edit = service.getUser(visitor, visitor.associateId).value();
    edit.tooltip = "edited by the guest";
    if (auto saved = service.trySaveUser(visitor, edit))
        std::cout << "saved: " << json::serialize(*saved).substr(0, 80) << "…\n";
    else
        std::cout << "refused: " << saved.error().message() << "\n";

    // Field rights apply: the guest may not make itself an administrator.
    edit.rank = 1;
    const auto refused = service.trySaveUser(visitor, edit);
    std::cout << "changing Rank: " << (refused ? std::string("allowed") : refused.error().message()) << "\n";
    return refused ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "embedding: " << e.what() << "\n";
    return 1;
}
