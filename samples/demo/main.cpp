// A tour of the API in one program: a UserService on the embedded SQLite default,
// driven the way a WebAPI client drives the User agent (the HTTP host does it over HTTP).
//
//   usage: userservice_demo [database [plugin-directory]]
//          (defaults: userservice-demo.db, and the bundled plugins of this build)
//
// It sets up the reference lists once, saves a user with SaveUserFromName from a
// camelCase JSON body (created on the first run, updated on later ones), reads it
// back by id and by user name in another case with a $select, checks its
// password, and shows the clear error that the seeds' SaveUser sample gets
// (it updates user 837, which this database does not have). With the bundled
// plugins it also lists the commands offered on the user and its change history.
#include <userservice/userservice.hpp>

#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using namespace userservice;

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void setUpReferenceLists(UserService& service, const CallerContext& system)
{
    if (!service.userGroups(system).empty())
        return;
    service.addUserGroup(system, { .value = "Sales", .tooltip = "Sells things" });
    service.addUserGroup(system, { .value = "Support" });
    service.addRole(system, { .name = "Employee", .roleType = RoleType::Employee });
    service.addCredentialType(system, { .type = "password", .displayType = "Password", .canCreatePassword = true });
    std::cout << "created the reference lists: 2 user groups, 1 role, 1 credential type\n";
}

/// Loads the plugins of a directory, saying which.
std::shared_ptr<PluginRegistry> loadPlugins(const std::string& directory)
{
    auto plugins = std::make_shared<PluginRegistry>();
    if (directory.empty())
        return plugins;
    const auto loaded = plugins->loadDirectory(directory);
    for (const auto& plugin : loaded.loaded)
        std::cout << "loaded plugin " << plugin.name << " " << plugin.version << "\n";
    for (const auto& failure : loaded.failed)
        std::cout << "not loaded (" << toString(failure.kind) << "): " << failure.message << "\n";
    return plugins;
}

/// A SaveUserFromName request as the official TypeScript client sends it.
User saveFromName(UserService& service, const CallerContext& system)
{
    const std::int32_t sales = service.userGroups(system).front().id;
    const auto request = json::parse<SaveUserFromNameRequest>(R"({
        "userName": "ada.lovelace",
        "user": {
            "name": "AL", "type": "InternalAssociate", "tooltip": "Analyst",
            "userGroup": {"id": )" +
        std::to_string(sales) + R"(},
            "person": {"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"},
            "credentials": [{"type": {"type": "password"}, "value": "correct horse battery staple 42"}],
            "customFields": {"Favourite engine": "Analytical"}
        }
    })");
    const User saved = service.saveUserFromName(
        system, *request.userName, *request.user, Select::parse("associateId, userName, person/fullName"));
    std::cout << "SaveUserFromName -> " << json::serialize(saved) << "\n";
    return saved;
}

/// Look-ups by id and name, and the password check.
User lookUp(UserService& service, const CallerContext& system, std::int32_t id)
{
    const User byId = service.getUser(system, id).value();
    std::cout << "GetUser(" << id << ") -> " << byId.userName.value_or("") << " in group "
              << byId.userGroup->value.value_or("") << ", password "
              << (byId.credentials->front().value ? "returned (a bug)" : "not returned") << "\n";
    const auto byName = service.getUserFromName(system, "ADA.LOVELACE", Select::parse("person/email"));
    std::cout << "GetUserFromName(ADA.LOVELACE) -> " << byName->person->email.value_or("") << "\n";
    std::cout << "verifyPassword: right one "
              << service.verifyPassword("ada.lovelace", "correct horse battery staple 42") << ", wrong one "
              << service.verifyPassword("ada.lovelace", "Tr0ub4dor&3") << "\n";
    return byId;
}

void showCommands(UserService& service, const PluginRegistry& plugins, const CallerContext& system, const User& user)
{
    std::cout << "commands offered on ada:";
    for (const auto& command : service.getUserCommands(system, user))
        std::cout << " " << command.name.value_or("");
    std::cout << "\n";
    if (plugins.customCommand("audit-history")) {
        const auto history =
            service.executeUserCommand(system, user.associateId, "audit-history", CommandActionResult::Implicit);
        std::cout << "audit-history -> " << history.message.value_or("") << "\n";
    }
}

/// The seeds' SaveUser sample names a user that does not exist here: a clear WebAPI error.
void refuseTheSeedsSample(UserService& service, const CallerContext& system)
{
    const auto sample = json::parse<User>(readFile(USERSERVICE_SAMPLE_DATA "/save_user.request.json"));
    const auto refused = service.trySaveUser(system, sample);
    if (refused)
        throw std::runtime_error("the seeds' SaveUser sample was accepted, but user 837 does not exist");
    std::cout << "SaveUser(seeds' sample) -> " << refused.error().httpStatus() << " "
              << boost::json::serialize(refused.error().toWebApiBody()) << "\n";
}

} // namespace

int main(int argc, char** argv)
try {
    const std::string database = argc > 1 ? argv[1] : "userservice-demo.db";
#if defined(USERSERVICE_BUNDLED_PLUGIN_DIR)
    const std::string pluginDirectory = argc > 2 ? argv[2] : USERSERVICE_BUNDLED_PLUGIN_DIR;
#else
    const std::string pluginDirectory = argc > 2 ? argv[2] : "";
#endif
    const auto plugins = loadPlugins(pluginDirectory);
    auto service = UserService::open({ .database = database, .plugins = plugins });
    const auto system = CallerContext::system();
    setUpReferenceLists(service, system);
    const User saved = saveFromName(service, system);
    const User ada = lookUp(service, system, saved.associateId);
    showCommands(service, *plugins, system, ada);
    refuseTheSeedsSample(service, system);
    return 0;
} catch (const userservice::Exception& e) {
    std::cerr << "userservice_demo: " << e.what() << "\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "userservice_demo: " << e.what() << "\n";
    return 1;
}
