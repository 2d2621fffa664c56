// The testing kit: unit-test business rules (plugins) in milliseconds, without a
// database file or dlopen.
//
//   #include <userservice/testing.hpp>
//   extern const userservice::plugin::Descriptor userservice_plugin_account_lifecycle;
//
//   userservice::testkit::TestService t{&userservice_plugin_account_lifecycle};
//   auto bob = t.addUser("bob");
//   auto result = t.service.executeUserCommand(t.system(), bob.associateId, "retire",
//                                              userservice::CommandActionResult::Yes);
//   EXPECT_EQ(userservice::testkit::succeeded(result), "");
//
// The plugin's source is compiled into the test with USERSERVICE_PLUGIN_STATIC (see
// plugin.hpp), and registered through the same registrar as when it is loaded.
// The assertion helpers return an empty string when all is well and an
// explanation otherwise, so they work with any test framework.
#pragma once

#include <userservice/plugin_registry.hpp>
#include <userservice/user_service.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace userservice::testkit {

/// A clock that stands still until the test moves it.
class ManualClock {
public:
    /// 2024-01-01T00:00:00Z unless told otherwise.
    explicit ManualClock(DateTime::UtcTime start = DateTime::UtcTime { DateTime::Ticks { 17'040'672'000'000'000 } })
        : now_(std::make_shared<std::atomic<std::int64_t>>(start.time_since_epoch().count()))
    {
    }
    /// The Clock to give ServiceOptions; it follows this ManualClock.
    Clock clock() const
    {
        return [now = now_] { return DateTime::UtcTime { DateTime::Ticks { now->load() } }; };
    }
    DateTime::UtcTime now() const { return DateTime::UtcTime { DateTime::Ticks { now_->load() } }; }
    void set(DateTime::UtcTime instant) { now_->store(instant.time_since_epoch().count()); }
    void advance(std::chrono::nanoseconds by)
    {
        now_->fetch_add(std::chrono::duration_cast<DateTime::Ticks>(by).count());
    }

private:
    std::shared_ptr<std::atomic<std::int64_t>> now_;
};

/// An in-memory UserService (or the database `options` names, when not the default
/// file: suites that run on each store) with a manual clock, the given plugins registered
/// statically, and reference lists to build users on: the roles "Employee" and
/// "User administrator" (administers users), the group "Staff", and the credential
/// type "password".
class TestService {
public:
    explicit TestService(std::initializer_list<const plugin::Descriptor*> plugins = {}, ServiceOptions options = {})
        : registry(std::make_shared<PluginRegistry>())
        , service(open(plugins, std::move(options)))
    {
        const auto system = CallerContext::system();
        employee = service.addRole(system, { .name = "Employee", .roleType = RoleType::Employee });
        administrator = service.addRole(
            system, { .name = "User administrator", .roleType = RoleType::Employee }, { .administerUsers = true });
        staff = service.addUserGroup(system, { .value = "Staff" });
        service.addCredentialType(system, { .type = "password", .displayType = "Password", .canCreatePassword = true });
    }

    CallerContext system() const { return CallerContext::system(); }
    CallerContext as(const User& user) const { return CallerContext::user(user.associateId); }

    /// A valid user that is not stored yet: initials from the user name, an Employee
    /// in Staff, a person with that last name.
    User newUser(const std::string& userName, UserType type = UserType::InternalAssociate) const
    {
        User user;
        user.name = userName.substr(0, 2) + std::to_string(++counter_);
        user.userName = userName;
        user.type = type;
        user.role = Role { .roleId = employee.roleId };
        user.userGroup = UserGroup { .id = staff.id };
        user.person = Person { .lastname = userName, .email = userName + "@example.com" };
        return user;
    }
    /// newUser(), stored by the system.
    User addUser(const std::string& userName, UserType type = UserType::InternalAssociate)
    {
        return service.saveUser(system(), newUser(userName, type));
    }
    /// addUser() with the "User administrator" role.
    User addAdministrator(const std::string& userName)
    {
        User user = newUser(userName);
        user.role = Role { .roleId = administrator.roleId };
        return service.saveUser(system(), user);
    }

    ManualClock clock;
    std::shared_ptr<PluginRegistry> registry;
    UserService service;
    Role employee, administrator;
    UserGroup staff;

private:
    UserService open(std::initializer_list<const plugin::Descriptor*> plugins, ServiceOptions options)
    {
        for (const auto* descriptor : plugins)
            registry->addStatic(*descriptor);
        if (options.database == ServiceOptions {}.database)
            options.database = ":memory:";
        options.clock = clock.clock();
        options.passwordHashing = PasswordHashing::Minimal;
        options.plugins = registry;
        return UserService::open(std::move(options));
    }

    mutable int counter_ = 0;
};

// ---- assertions: "" when they hold, else what is wrong

inline std::string succeeded(const CommandResult& result)
{
    if (result.success)
        return {};
    return "the command did not succeed (Result " + toString(result.result) + ", Message \"" +
        result.message.value_or("") + "\")";
}

/// The command asked its question instead of running (the dialog's first step).
inline std::string asked(const CommandResult& result, std::string_view questionPart = {})
{
    if (result.success || result.result != CommandActionResult::Implicit)
        return "the command did not ask first (Success " + std::string(result.success ? "true" : "false") +
            ", Result " + toString(result.result) + ")";
    if (result.message.value_or("").find(questionPart) == std::string::npos)
        return "the question \"" + result.message.value_or("") + "\" does not contain \"" + std::string(questionPart) +
            "\"";
    return {};
}

inline std::string hasFieldError(
    std::span<const FieldError> errors, std::string_view field, std::string_view messagePart = {})
{
    for (const auto& error : errors)
        if (error.field == field && error.message.find(messagePart) != std::string::npos)
            return {};
    std::string seen;
    for (const auto& error : errors)
        seen += "\n  " + error.field + ": " + error.message;
    return "no error on " + std::string(field) + " containing \"" + std::string(messagePart) +
        "\"; the errors:" + (seen.empty() ? std::string(" none") : seen);
}

inline std::string hasFieldError(const Error& error, std::string_view field, std::string_view messagePart = {})
{
    return hasFieldError(error.fields(), field, messagePart);
}

inline std::string hasRecord(const std::vector<UserRecord>& records, std::string_view bodyPart)
{
    const bool found = std::any_of(records.begin(), records.end(),
        [&](const UserRecord& record) { return record.body.find(bodyPart) != std::string::npos; });
    return found ? std::string()
                 : "no record contains \"" + std::string(bodyPart) + "\" among " + std::to_string(records.size());
}

} // namespace userservice::testkit
