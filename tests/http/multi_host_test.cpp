// Three userservice_http processes on one PostgreSQL database, as several application
// servers share one user database: saves from all of them at once, uniqueness, 412 and
// credential changes across hosts. Runs under scripts/with-postgres.sh (which sets
// USERSERVICE_TEST_POSTGRES); skips without it. The program's path comes from the build
// (USERSERVICE_HTTP_PROGRAM). Names carry a per-run tag, so a database used before does.
#include "http_client.hpp"
#include "http_date.hpp"

#include <boost/json/serialize.hpp>
#include <userservice/json.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

namespace userservice::http::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using beast_http::verb;
using namespace std::chrono_literals;

std::string readFile(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// One userservice_http process: started on a free port, stopped (SIGTERM, then SIGKILL)
/// and reaped when destroyed; it also dies with the test (PR_SET_PDEATHSIG).
class HostProcess {
public:
    HostProcess(const std::string& database, const fs::path& dir, int index)
        : out_(dir / ("host" + std::to_string(index) + ".out"))
        , err_(dir / ("host" + std::to_string(index) + ".err"))
    {
        std::vector<std::string> args { USERSERVICE_HTTP_PROGRAM, "--db", database, "--port", "0", "--no-plugins",
            "--no-console", "--password-hashing", "minimal", "--access-log", "off", "--log", "-",
            // Old passwords are tried on purpose: no lockout may hide what the test looks for.
            "--login-free-failures-per-name", "0", "--login-free-failures-per-address", "0" };
        std::vector<char*> argv;
        for (auto& arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        const pid_t parent = getpid();
        pid_ = fork();
        if (pid_ == 0) { // only async-signal-safe calls until exec
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(127);
            const int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(out, STDOUT_FILENO);
            dup2(err, STDERR_FILENO);
            execv(argv[0], argv.data());
            _exit(127);
        }
    }
    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    ~HostProcess() { stop(); }

    /// SIGTERM, and SIGKILL after 5 s; its exit status (-1: killed, or stopped before).
    int stop()
    {
        if (pid_ <= 0)
            return -1;
        kill(pid_, SIGTERM);
        for (int i = 0; i < 100 && !reaped(); ++i)
            std::this_thread::sleep_for(50ms);
        if (!reaped()) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
            return -1;
        }
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
    }

    /// Waits for "listening on" and an answer on that port; the port, or 0 (see output()).
    unsigned short waitUntilAnswering()
    {
        static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
        for (int i = 0; i < 400 && pid_ > 0 && !reaped(); ++i) {
            std::smatch match;
            const std::string out = readFile(out_);
            if (std::regex_search(out, match, listening) && answers(std::stoi(match[1]))) {
                port_ = static_cast<unsigned short>(std::stoi(match[1]));
                return port_;
            }
            std::this_thread::sleep_for(25ms);
        }
        return 0;
    }

    unsigned short port() const { return port_; }
    std::string output() const { return "stdout:\n" + readFile(out_) + "stderr:\n" + readFile(err_); }

private:
    static bool answers(int port)
    {
        try {
            Client client(static_cast<unsigned short>(port));
            return client.send(verb::get, "/api/v1/User/currentUser").status == 401;
        } catch (const std::exception&) {
            return false; // not accepting yet
        }
    }

    bool reaped()
    {
        if (pid_ > 0 && waitpid(pid_, &status_, WNOHANG) == pid_)
            pid_ = -1;
        return pid_ <= 0;
    }

    fs::path out_, err_;
    pid_t pid_ = -1;
    int status_ = 0;
    unsigned short port_ = 0;
};

/// What the hosts share: an administrator with a token, a role and a group for new users.
struct SharedSetup {
    std::string adminToken;
    Role employee;
    UserGroup group;
};

/// Sets up the reference lists and an administrator in-process, as a fourth writer on the
/// database the hosts already opened (each host reads them per call).
SharedSetup prepareDatabase(const std::string& database, const std::string& tag)
{
    ServiceOptions options;
    options.database = database;
    options.passwordHashing = PasswordHashing::Minimal;
    auto service = UserService::open(std::move(options));
    const auto system = CallerContext::system();
    const auto types = service.credentialTypes(system);
    if (std::none_of(types.begin(), types.end(), [](const CredentialType& type) { return type.type == "password"; }))
        service.addCredentialType(system, { .type = "password", .displayType = "Password", .canCreatePassword = true });
    SharedSetup made;
    made.employee = service.addRole(system, { .name = "Employee " + tag, .roleType = RoleType::Employee });
    const Role administrators = service.addRole(
        system, { .name = "Administrator " + tag, .roleType = RoleType::Employee }, { .administerUsers = true });
    made.group = service.addUserGroup(system, { .value = "Group " + tag });
    User admin = service.createDefaultUser(system);
    admin.name = "adm" + tag;
    admin.userName = "admin-" + tag;
    admin.role = Role { .roleId = administrators.roleId };
    admin.userGroup = UserGroup { .id = made.group.id };
    admin.person->lastname = "Admin";
    const auto saved = service.saveUser(system, admin);
    made.adminToken = "Bearer " + service.issueApiToken(system, saved.associateId, "multi-host").secret;
    return made;
}

class MultiHost : public ::testing::Test {
protected:
    static constexpr int hostCount = 3;

    static void TearDownTestSuite()
    {
        for (auto& host : hosts)
            if (host) {
                EXPECT_EQ(host->stop(), 0) << "a host did not stop cleanly on SIGTERM\n" << host->output();
            }
        hosts = {};
        if (!dir.empty())
            fs::remove_all(dir);
    }

    void SetUp() override
    {
        const char* database = std::getenv("USERSERVICE_TEST_POSTGRES");
        if (!database || !*database)
            GTEST_SKIP()
                << "no PostgreSQL server: run under scripts/with-postgres.sh (or set USERSERVICE_TEST_POSTGRES)";
        if (!hosts[0])
            startHosts(database);
        for (const auto& host : hosts)
            ASSERT_NE(host->port(), 0) << host->output();
    }

    static void startHosts(const std::string& database)
    {
        tag = std::to_string(std::chrono::system_clock::now().time_since_epoch() / 1ms % 100'000'000);
        dir = fs::temp_directory_path() / ("userservice-multi-host-" + tag);
        fs::create_directories(dir);
        // All three at once on a fresh database: their migrations meet too.
        for (int i = 0; i < hostCount; ++i)
            hosts[i] = std::make_unique<HostProcess>(database, dir, i);
        for (auto& host : hosts)
            host->waitUntilAnswering();
        if (std::all_of(hosts.begin(), hosts.end(), [](const auto& host) { return host->port() != 0; }))
            setup = prepareDatabase(database, tag);
    }

    /// A new user's body: `id` makes its Name and UserName unique in this run.
    static std::string newUser(const std::string& id, const std::string& userName = {})
    {
        User user;
        user.name = "mh" + tag + "-" + id;
        user.userName = userName.empty() ? "mh-" + tag + "-" + id : userName;
        user.type = UserType::InternalAssociate;
        user.role = Role { .roleId = setup.employee.roleId };
        user.userGroup = UserGroup { .id = setup.group.id };
        user.person = Person { .lastname = "Host" + id, .email = "mh" + id + "@example.com" };
        return userservice::json::serialize(user);
    }

    static Reply send(int host, verb method, const std::string& target, std::string body = {},
        std::map<std::string, std::string> headers = {})
    {
        headers.emplace("Authorization", setup.adminToken);
        Client client(hosts[host]->port());
        return client.send(method, target, std::move(body), std::move(headers));
    }

    static std::int64_t create(int host, const std::string& id)
    {
        const auto reply = send(host, verb::post, "/api/v1/User", newUser(id));
        EXPECT_EQ(reply.status, 201u) << reply.body;
        return reply.status == 201 ? reply.json().at("AssociateId").as_int64() : 0;
    }

    static std::string userPath(std::int64_t id) { return "/api/v1/User/" + std::to_string(id); }

    static inline std::array<std::unique_ptr<HostProcess>, hostCount> hosts;
    static inline fs::path dir;
    static inline std::string tag;
    static inline SharedSetup setup;
};

/// One field of the shared user per host: the hosts' PATCHes meet on one row, and a lost
/// update would show as a field that is not its host's last acknowledged value.
const std::array<const char*, 3> sharedFields { "/Tooltip", "/Person/Title", "/Person/Position" };

std::string mergePatchOf(const char* field, const std::string& value)
{
    json::value patch = value.c_str();
    std::string_view path(field);
    for (auto slash = path.rfind('/'); slash != std::string_view::npos; slash = path.rfind('/')) {
        patch = json::object { { path.substr(slash + 1), std::move(patch) } };
        path = path.substr(0, slash);
    }
    return json::serialize(patch);
}

/// What the saving threads saw: every acknowledged save, and every other status.
struct Outcomes {
    std::mutex mutex;
    std::vector<std::pair<std::int64_t, std::string>> created; ///< id, UserName
    std::array<std::string, 3> lastPatch; ///< each host's last acknowledged value of its field
    int patched = 0, lostRaces = 0; ///< PATCHes answered 200, and 412 (another save came in between)
    std::vector<std::string> unexpected;

    /// Runs `work`; an exception (a host that closed or died) becomes an unexpected outcome.
    template <class Work> void guarded(const std::string& what, Work work)
    {
        try {
            work();
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            unexpected.push_back(what + ": " + e.what());
        }
    }

    void created201(const std::string& what, const Reply& reply)
    {
        std::lock_guard lock(mutex);
        if (reply.status == 201)
            created.emplace_back(reply.json().at("AssociateId").as_int64(), reply.json().at("UserName").as_string());
        else
            unexpected.push_back(what + ": " + std::to_string(reply.status) + " " + reply.body);
    }

    void patched200(int host, const std::string& value, const Reply& reply)
    {
        std::lock_guard lock(mutex);
        if (reply.status == 200) {
            lastPatch[host] = value;
            ++patched;
        } else if (reply.status == 412) { // PATCH's optimistic save lost every attempt: nothing saved
            ++lostRaces;
        } else {
            unexpected.push_back(value + ": " + std::to_string(reply.status) + " " + reply.body);
        }
    }
};

TEST_F(MultiHost, EverySaveAcknowledgedByAnyHostIsThereOnEveryHost)
{
    constexpr int usersPerHost = 50, patchesPerHost = 20;
    const auto shared = create(0, "shared");
    ASSERT_NE(shared, 0);
    Outcomes outcomes;
    std::latch start(2 * hostCount);
    std::vector<std::thread> threads;
    for (int host = 0; host < hostCount; ++host) {
        threads.emplace_back([&, host] { // new users
            start.arrive_and_wait();
            outcomes.guarded("creating on host " + std::to_string(host), [&] {
                Client client(hosts[host]->port());
                for (int i = 0; i < usersPerHost; ++i) {
                    const auto id = std::to_string(host) + "-" + std::to_string(i);
                    outcomes.created201("create " + id,
                        client.send(
                            verb::post, "/api/v1/User", newUser(id), { { "Authorization", setup.adminToken } }));
                }
            });
        });
        threads.emplace_back([&, host] { // the shared user, its own field from each host
            start.arrive_and_wait();
            outcomes.guarded("patching on host " + std::to_string(host), [&] {
                Client client(hosts[host]->port());
                for (int i = 0; i < patchesPerHost; ++i) {
                    const auto value = "host " + std::to_string(host) + " patch " + std::to_string(i);
                    outcomes.patched200(host, value,
                        client.send(verb::patch, userPath(shared), mergePatchOf(sharedFields[host], value),
                            { { "Authorization", setup.adminToken },
                                { "Content-Type", "application/merge-patch+json" } }));
                }
            });
        });
    }
    for (auto& thread : threads)
        thread.join();

    EXPECT_EQ(outcomes.unexpected, std::vector<std::string> {});
    EXPECT_EQ(outcomes.created.size(), std::size_t(hostCount * usersPerHost));
    EXPECT_GT(outcomes.patched, 0);
    std::cout << "[          ] " << outcomes.patched << " PATCHes of the shared user saved, " << outcomes.lostRaces
              << " answered 412 (another save came in between, every attempt)\n";
    for (int host = 0; host < hostCount; ++host) {
        Client client(hosts[host]->port());
        const std::map<std::string, std::string> auth { { "Authorization", setup.adminToken } };
        for (const auto& [id, userName] : outcomes.created) {
            const auto reply = client.send(verb::get, userPath(id), {}, auth);
            ASSERT_EQ(reply.status, 200u) << "user " << id << " on host " << host << ": " << reply.body;
            EXPECT_EQ(reply.json().at("UserName").as_string(), userName);
        }
        const auto sharedUser = client.send(verb::get, userPath(shared), {}, auth);
        ASSERT_EQ(sharedUser.status, 200u) << sharedUser.body;
        const auto stored = sharedUser.json();
        for (int writer = 0; writer < hostCount; ++writer) {
            if (outcomes.lastPatch[writer].empty())
                continue; // every PATCH of that host lost its race
            EXPECT_EQ(stored.at_pointer(sharedFields[writer]), outcomes.lastPatch[writer].c_str())
                << sharedFields[writer] << " on host " << host << ": not host " << writer << "'s last saved PATCH";
        }
    }
}

TEST_F(MultiHost, OneUserNameSavedOnEveryHostAtOnceIsWonByOne)
{
    for (int round = 0; round < 5; ++round) {
        // The same name in three spellings: unique ignoring case, across hosts.
        const std::string base = "mh-same-" + tag + "-" + std::to_string(round);
        const std::array<std::string, hostCount> spellings { base, "MH-SAME-" + tag + "-" + std::to_string(round),
            "Mh-Same-" + tag + "-" + std::to_string(round) };
        std::array<Reply, hostCount> replies;
        std::latch start(hostCount);
        std::vector<std::thread> threads;
        for (int host = 0; host < hostCount; ++host)
            threads.emplace_back([&, host] {
                const auto body = newUser("same" + std::to_string(round) + "-" + std::to_string(host), spellings[host]);
                start.arrive_and_wait();
                try {
                    Client client(hosts[host]->port());
                    replies[host] =
                        client.send(verb::post, "/api/v1/User", body, { { "Authorization", setup.adminToken } });
                } catch (const std::exception& e) {
                    replies[host].body = e.what(); // status 0: fails below
                }
            });
        for (auto& thread : threads)
            thread.join();

        int won = 0;
        for (const auto& reply : replies) {
            if (reply.status == 201) {
                ++won;
                continue;
            }
            ASSERT_EQ(reply.status, 409u) << reply.body;
            EXPECT_TRUE(reply.json().at("Fields").as_object().contains("User.UserName")) << reply.body;
        }
        EXPECT_EQ(won, 1) << "round " << round;
    }
}

TEST_F(MultiHost, AStaleSaveOnOneHostAfterAChangeOnAnotherIs412)
{
    const auto id = create(0, "stale");
    ASSERT_NE(id, 0);
    const auto read = send(0, verb::get, userPath(id));
    ASSERT_EQ(read.status, 200u) << read.body;
    const auto lastModified = read.header("Last-Modified");
    // HTTP dates count whole seconds: the change on B must fall in a later one.
    std::this_thread::sleep_until(*parseHttpDate(lastModified) + 1s + 50ms);
    const auto changed = send(1, verb::patch, userPath(id), R"({"tooltip": "changed on B"})",
        { { "Content-Type", "application/merge-patch+json" } });
    ASSERT_EQ(changed.status, 200u) << changed.body;

    auto stale = read.json().as_object();
    stale["Tooltip"] = "stale from A";
    const auto refused =
        send(0, verb::put, userPath(id), json::serialize(stale), { { "If-Unmodified-Since", lastModified } });
    EXPECT_EQ(refused.status, 412u) << refused.body;
    EXPECT_EQ(send(2, verb::get, userPath(id)).json().at("Tooltip"), "changed on B");

    const auto fresh = send(2, verb::get, userPath(id));
    const auto accepted = send(0, verb::put, userPath(id), json::serialize(stale),
        { { "If-Unmodified-Since", fresh.header("Last-Modified") } });
    EXPECT_EQ(accepted.status, 200u) << accepted.body;
}

TEST_F(MultiHost, APasswordChangedOrATokenRevokedOnOneHostIsSeenByTheOthersAtOnce)
{
    const auto id = create(0, "credentials");
    ASSERT_NE(id, 0);
    const std::string userName = "mh-" + tag + "-credentials";
    const auto setPassword = [&](const std::string& password) {
        const auto reply = send(0, verb::post, "/api/v1/Agents/User/SetPassword",
            json::serialize(json::object { { "associateId", id }, { "password", password } }));
        ASSERT_EQ(reply.status, 200u) << reply.body;
    };
    const auto signIn = [&](int host, const std::string& authorization) {
        Client client(hosts[host]->port());
        return client.send(verb::get, "/api/v1/User/currentUser", {}, { { "Authorization", authorization } }).status;
    };
    setPassword("old password 1");
    for (int host = 1; host < hostCount; ++host)
        ASSERT_EQ(signIn(host, basic(userName, "old password 1")), 200u) << "host " << host;
    setPassword("new password 2");
    for (int host = 1; host < hostCount; ++host) {
        EXPECT_EQ(signIn(host, basic(userName, "old password 1")), 401u) << "host " << host;
        EXPECT_EQ(signIn(host, basic(userName, "new password 2")), 200u) << "host " << host;
    }

    const auto issued =
        send(0, verb::post, userPath(id) + "/ApiToken", json::serialize(json::object { { "label", "multi-host" } }));
    ASSERT_EQ(issued.status, 201u) << issued.body;
    const std::string bearer = "Bearer " + std::string(issued.json().at("Secret").as_string());
    for (int host = 1; host < hostCount; ++host)
        ASSERT_EQ(signIn(host, bearer), 200u) << "host " << host;
    const auto tokenId = issued.json().at("Id").as_int64();
    const auto revoked = send(0, verb::delete_, userPath(id) + "/ApiToken/" + std::to_string(tokenId));
    ASSERT_EQ(revoked.status, 204u) << revoked.body;
    for (int host = 1; host < hostCount; ++host)
        EXPECT_EQ(signIn(host, bearer), 401u) << "host " << host;
}

} // namespace
} // namespace userservice::http::test
