// What the service benchmarks run on: a temporary directory, and the library on a
// fresh file database with the reference data a realistic user needs.
#pragma once

#include <userservice/user_service.hpp>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#if defined(USERSERVICE_BENCH_BUNDLED_PLUGINS)
extern const userservice::plugin::Descriptor userservice_plugin_account_lifecycle;
extern const userservice::plugin::Descriptor userservice_plugin_audit_trail;
extern const userservice::plugin::Descriptor userservice_plugin_password_policy;
extern const userservice::plugin::Descriptor userservice_plugin_welcome;
#endif

namespace userservice::bench {

namespace fs = std::filesystem;


constexpr int batchSize = 1000; ///< users (rows) per saveUsers (raw batch)
constexpr int seededUsers = 1000; ///< users (rows) stored before the lookups

/// A number no other user of this process has had: Name, UserName and NickName stay unique.
inline int nextUserNumber()
{
    static std::atomic<int> counter { 0 };
    return ++counter;
}

/// A new directory under the system's temporary directory, removed with its content.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter { 0 };
        path_ = fs::temp_directory_path() /
            ("userservice-bench-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }

    std::string file(const char* name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

inline std::int64_t nowTicks()
{
    return std::chrono::system_clock::now().time_since_epoch().count();
}

// ---------------------------------------------------------------- the library

/// A service on a fresh file database with the reference data a realistic user needs.
class Library {
public:
    /// `database` empty: a fresh file in a temporary directory.
    explicit Library(std::shared_ptr<PluginRegistry> plugins = nullptr, std::string database = {})
        : service_(UserService::open({ .database = database.empty() ? dir_.file("users.db") : std::move(database),
              .passwordHashing = PasswordHashing::Minimal,
              .plugins = std::move(plugins) }))
    {
        mainGroup_ = service_.addUserGroup(caller_, { .value = "Sales" });
        otherGroups_.push_back(service_.addUserGroup(caller_, { .value = "Support" }));
        otherGroups_.push_back(service_.addUserGroup(caller_, { .value = "Marketing" }));
        password_ = service_.addCredentialType(
            caller_, { .type = "password", .displayType = "Password", .canCreatePassword = true });
    }

    UserService& service() noexcept { return service_; }
    std::string path() const { return dir_.file("users.db"); }
    const CallerContext& caller() const noexcept { return caller_; }

    /// A realistic user, unsaved, named after `number`.
    User user(int number) const
    {
        User user;
        user.type = UserType::InternalAssociate;
        user.tooltip = "Sales, Oslo office";
        user.userGroup = mainGroup_;
        user.otherGroups = otherGroups_;
        Person& person = user.person.emplace();
        person.firstname = "Jane";
        person.lastname = "Doe";
        person.directPhone = "+47 22 12 34 56";
        Credential& credential = user.credentials.emplace().emplace_back();
        credential.type = password_; // Value stays null: no new password to hash
        user.customFields = StringDictionary { { "Department", "Sales" }, { "Office", "Oslo" },
            { "CostCenter", "4711" }, { "StartDate", "2021-03-01" } };
        rename(user, number);
        return user;
    }

    /// Gives `user` the unique names (and e-mail) of `number`.
    static void rename(User& user, int number)
    {
        const std::string n = std::to_string(number);
        user.name = "JD" + n;
        user.userName = "jane.doe" + n;
        user.nickName = "jdoe" + n;
        user.person->email = "jane.doe" + n + "@example.com";
    }

    /// The update the fair floor's floorUpdateThreeFields writes: a user field, a
    /// person field and a custom field, each new for `version`.
    static void changeThreeFields(User& user, int version)
    {
        const std::string n = std::to_string(version);
        user.tooltip = "Sales, Oslo office " + n;
        user.person->directPhone = "+47 22 12 34 " + n;
        user.customFields->set("Office", "Oslo " + n);
    }

    /// Saves one user and looks it up, so that every statement of the timed calls is
    /// prepared and a reader connection is open.
    void warmUp()
    {
        const User stored = service_.saveUser(caller_, user(nextUserNumber()));
        benchmark::DoNotOptimize(service_.getUserFromName(caller_, *stored.userName));
    }

private:
    TempDir dir_; // first: removed after the service has closed the database
    UserService service_;
    CallerContext caller_ = CallerContext::system();
    UserGroup mainGroup_;
    std::vector<UserGroup> otherGroups_;
    CredentialType password_;
};

/// Items per second and seconds per item (user or row) of a benchmark whose
/// iteration stores a batch of `batchSize`.
inline void reportPerItem(benchmark::State& state)
{
    state.SetItemsProcessed(state.iterations() * batchSize);
    state.counters["per_item"] =
        benchmark::Counter(batchSize, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// ---------------------------------------------------------------- the seeded reads

/// One database seeded with `seededUsers` users once per process (built on first use,
/// removed at exit): the look-ups of every side read its users in turn.
struct LibraryReads {
    Library library;
    std::vector<std::int32_t> ids;
    std::vector<std::string> userNames;

    LibraryReads()
    {
        std::vector<User> users;
        users.reserve(seededUsers);
        for (int i = 0; i < seededUsers; ++i) {
            users.push_back(library.user(nextUserNumber()));
            userNames.push_back(*users.back().userName);
        }
        ids = library.service().saveUsers(library.caller(), users);
        library.warmUp();
    }

    static LibraryReads& get()
    {
        static LibraryReads reads;
        return reads;
    }
};

} // namespace userservice::bench
