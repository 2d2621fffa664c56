#include "demo.hpp"

#include <sodium.h>

#include <algorithm>
#include <iostream>

namespace userservice::http::demo {
namespace {

/// A random password: 18 random bytes, base64url, with letters and digits (the
/// bundled password_policy plugin wants both).
std::string randomPassword()
{
    for (;;) {
        unsigned char bytes[18];
        randombytes_buf(bytes, sizeof bytes);
        char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
        sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        const std::string password = text;
        if (password.find_first_of("0123456789") != std::string::npos &&
            password.find_first_not_of("0123456789-_") != std::string::npos)
            return password;
    }
}

} // namespace

std::optional<std::pair<DemoLogin, DemoLogin>> setUpDemo(UserService& service)
{
    const auto system = CallerContext::system();
    if (service.getUserFromName(system, "admin"))
        return std::nullopt;
    service.addUserGroup(system, { .value = "Sales", .tooltip = "Sells things" });
    service.addUserGroup(system, { .value = "Support" });
    const Role administrators = service.addRole(
        system, { .name = "Administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
    const Role employees = service.addRole(system, { .name = "Employee", .roleType = RoleType::Employee });
    service.addCredentialType(system, { .type = "password", .displayType = "Password", .canCreatePassword = true });

    const auto makeUser = [&](const std::string& userName, const std::string& name, const Role& role,
                              const std::string& first, const std::string& last) {
        DemoLogin login { userName, randomPassword(), {} };
        User user = service.createDefaultUser(system);
        user.name = name;
        user.userName = userName;
        user.role = role;
        user.person->firstname = first;
        user.person->lastname = last;
        user.person->email = userName + "@example.com";
        user.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = login.password } };
        const auto saved = service.saveUser(system, user);
        login.token = service.issueApiToken(system, saved.associateId, "demo").secret;
        return login;
    };
    service.addUserGroup(system, { .value = "Smith Group" }); // for the seeds' ExecuteUserCommand sample
    auto admin = makeUser("admin", "ADM", administrators, "Ada", "Admin");
    auto ordinary = makeUser("jdoe", "JD", employees, "John", "Doe");
    return std::pair { std::move(admin), std::move(ordinary) };
}

void registerDemoCommands(PluginRegistry& plugins)
{
    plugins.registerHost([](plugin::Registrar& registrar) {
        registrar.customCommand({ .name = "Smith Group",
                                    .displayName = "Join the Smith group",
                                    .actions = CommandAction::YesNo,
                                    .actionData = "Add this user to the Smith Group user group?",
                                    .requiredRight = ETableRight::Update },
            [](plugin::CommandCall& call) {
                const auto groups = call.transaction->userGroups();
                const auto smith = std::find_if(
                    groups.begin(), groups.end(), [](const UserGroup& group) { return group.value == "Smith Group"; });
                if (smith == groups.end())
                    return CommandResult { .success = false, .message = "there is no Smith Group" };
                User user = call.user;
                if (!user.otherGroups)
                    user.otherGroups.emplace();
                user.otherGroups->push_back({ .id = smith->id });
                call.transaction->saveUser(user);
                return CommandResult { .success = true, .message = "added to the Smith Group" };
            });
    });
}

void printTryLines(const std::string& base, const DemoLogin& admin, const DemoLogin& ordinary)
{
    std::cout << "Try (passwords and tokens are shown once; delete the database to start over):\n"
              << "  curl -u " << admin.userName << ":" << admin.password << " " << base << "/api/v1/User/1\n"
              << "  curl -u " << ordinary.userName << ":" << ordinary.password << " " << base
              << "/api/v1/User/1      # the same user, as an ordinary user sees it\n"
              << "  curl -H 'Authorization: Bearer " << admin.token << "' -X POST '" << base
              << "/api/v1/Agents/User/GetUserFromName?userName=jdoe&$select=name,person/email'\n"
              << "  curl -H 'Authorization: Bearer " << ordinary.token << "' -X POST '" << base
              << "/api/v1/Agents/User/GetUser?userId=1'   # " << ordinary.userName << "'s token\n"
              << "  curl -u " << admin.userName << ":" << admin.password << " " << base
              << "/api/v1/User/2/CustomCommand\n"
              << "  curl -u " << admin.userName << ":" << admin.password << " -X POST '" << base
              << "/api/v1/User/2/CustomCommand/Smith%20Group?actionResult=Yes'\n"
              << "  curl -u " << admin.userName << ":" << admin.password
              << " -H 'Content-Type: application/merge-patch+json' -X PATCH -d '{\"person\":{\"title\":\"Dr\"}}' "
              << base << "/api/v1/User/2\n"
              << "  # the seeds' sample requests (tests/data/seeds):\n";
    for (const char* seed : { "save_user_from_name", "execute_user_command", "save_user" }) {
        std::string method = seed == std::string("save_user") ? "SaveUser"
            : seed == std::string("save_user_from_name")      ? "SaveUserFromName"
                                                              : "ExecuteUserCommand";
        std::cout << "  curl -u " << admin.userName << ":" << admin.password
                  << " -H 'Content-Type: application/json' --data @tests/data/seeds/" << seed << ".request.json "
                  << base << "/api/v1/Agents/User/" << method << "\n";
    }
}

} // namespace userservice::http::demo
