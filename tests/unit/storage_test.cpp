#include <userservice/user_service.hpp>

#include "store/sqlite_store.hpp"
#include "store_backends.hpp"
#include "test_data.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include <climits>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace userservice;

namespace {

/// The schema version this library writes. Raise it with each new migration.
constexpr int currentSchemaVersion = 10; // 8: rights of roles; 9: roles as entities; 10: records by user

const CallerContext caller = CallerContext::system();

/// A temporary directory, unique to this process and test, removed with everything in it.
/// PRAGMA user_version, read with a raw connection.
int userVersion(const std::string& path)
{
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    return db.execAndGet("PRAGMA user_version").getInt();
}

DateTime stampAt(std::int64_t ticks)
{
    return DateTime::fromUtc(DateTime::UtcTime { DateTime::Ticks { ticks } }, {}, DateTime::OffsetStyle::Zulu);
}

/// The error of a failed open names the file and says what was wrong with it.
void expectOpenErrorNamesTheFile(const Error& error, const std::string& path)
{
    EXPECT_EQ(error.kind(), ErrorKind::Internal);
    EXPECT_NE(error.message().find(path), std::string::npos) << error.message();
}

// ---------------------------------------------------------------- Migration

/// The data of tests/data/schema-v1.sql, as the current version reads it.
void expectVersion1Data(UserService& service)
{
    const auto ada = service.getUser(caller, 1);
    ASSERT_TRUE(ada);
    EXPECT_EQ(ada->associateId, 1);
    EXPECT_EQ(ada->name, "AL");
    EXPECT_EQ(ada->userName, "ada.lovelace");
    EXPECT_EQ(ada->nickName, "ada");
    EXPECT_EQ(ada->tooltip, "Ada, sales");
    EXPECT_EQ(ada->rank, 1);
    EXPECT_EQ(ada->type, UserType::InternalAssociate);
    EXPECT_FALSE(ada->deleted);
    EXPECT_FALSE(ada->isOnTravel);
    EXPECT_EQ(ada->lastlogin, DateTime::parse("2024-01-15T08:30:00.0000000Z"));
    EXPECT_EQ(ada->lastlogout, DateTime::parse("2024-01-15T16:45:10.0000000Z"));
    EXPECT_FALSE(ada->role);
    ASSERT_TRUE(ada->userGroup);
    EXPECT_EQ(ada->userGroup->id, 1);
    EXPECT_EQ(ada->userGroup->value, "Sales");
    EXPECT_EQ(ada->userGroup->tooltip, "Sales and key accounts");
    ASSERT_TRUE(ada->otherGroups);
    ASSERT_EQ(ada->otherGroups->size(), 1u);
    EXPECT_EQ((*ada->otherGroups)[0].id, 2);
    EXPECT_EQ((*ada->otherGroups)[0].value, "Support");
    EXPECT_EQ(ada->customFields, (StringDictionary { { "Cost centre", "NO-4410" } }));
    ASSERT_TRUE(ada->person);
    EXPECT_EQ(ada->person->personId, 1);
    EXPECT_EQ(ada->person->mrmrs, "Ms");
    EXPECT_EQ(ada->person->firstname, "Ada");
    EXPECT_EQ(ada->person->lastname, "Lovelace");
    EXPECT_EQ(ada->person->title, "Head of Sales");
    EXPECT_EQ(ada->person->email, "ada.lovelace@example.com");
    EXPECT_EQ(ada->person->directPhone, "+47 22 33 44 55");
    EXPECT_EQ(ada->person->countryId, 578);
    EXPECT_EQ(ada->person->fullName, "Ada Lovelace");
    EXPECT_EQ(ada->person->associateId, 1);

    const auto charles = service.getUserFromName(caller, "Charles.Babbage");
    ASSERT_TRUE(charles);
    EXPECT_EQ(charles->associateId, 2);
    EXPECT_EQ(charles->name, "CB");
    EXPECT_EQ(charles->userName, "charles.babbage");
    EXPECT_FALSE(charles->nickName);
    EXPECT_FALSE(charles->tooltip);
    EXPECT_EQ(charles->type, UserType::InternalAssociate);
    EXPECT_TRUE(charles->isOnTravel);
    EXPECT_EQ(charles->lastlogin, DateTime {});
    ASSERT_TRUE(charles->userGroup);
    EXPECT_EQ(charles->userGroup->id, 1);
    EXPECT_TRUE(!charles->otherGroups || charles->otherGroups->empty());
    EXPECT_TRUE(!charles->customFields || charles->customFields->empty());
    ASSERT_TRUE(charles->person);
    EXPECT_EQ(charles->person->personId, 2);
    EXPECT_EQ(charles->person->fullName, "Charles Xavier Babbage");
    EXPECT_EQ(charles->person->mobilePhone, "+47 911 22 333");

    // Version 1 had no "by whom": the migration makes those the system (0).
    const auto adaStamps = service.changeStamps(caller, 1);
    ASSERT_TRUE(adaStamps);
    EXPECT_EQ(adaStamps->created, stampAt(16787860130000000));
    EXPECT_EQ(adaStamps->createdBy, 0);
    EXPECT_EQ(adaStamps->updated, stampAt(17053078000000000));
    EXPECT_EQ(adaStamps->updatedBy, 0);
}

TEST(Migration, Version1DatabaseIsMigratedWithItsData)
{
    TempDir dir;
    const std::string path = dir.file("v1.db");
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(readTestData("schema-v1.sql"));
        ASSERT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
    }

    {
        auto service = UserService::open({ .database = path, .passwordHashing = PasswordHashing::Minimal });
        expectVersion1Data(service);
        const auto charlesStamps = service.changeStamps(caller, 2);
        ASSERT_TRUE(charlesStamps);
        EXPECT_EQ(charlesStamps->createdBy, 0);
        EXPECT_EQ(charlesStamps->updatedBy, 0);
    }
    EXPECT_EQ(userVersion(path), currentSchemaVersion);
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
        SQLite::Statement stamps(db, "SELECT created_by, updated_by FROM users ORDER BY id");
        int rows = 0;
        while (stamps.executeStep()) {
            ++rows;
            EXPECT_EQ(stamps.getColumn(0).getInt(), 0);
            EXPECT_EQ(stamps.getColumn(1).getInt(), 0);
        }
        EXPECT_EQ(rows, 2);
    }

    // Opening again finds nothing to migrate (re-running version 2 would fail on
    // its duplicate columns), and the migrated database takes writes.
    {
        auto service = UserService::open({ .database = path, .passwordHashing = PasswordHashing::Minimal });
        expectVersion1Data(service);
        User charles = service.getUser(caller, 2).value();
        charles.tooltip = "back from travel";
        charles.isOnTravel = false;
        const User saved = service.saveUser(CallerContext::user(2), charles); // his own personal fields
        EXPECT_EQ(saved.tooltip, "back from travel");
        const auto stamps = service.changeStamps(caller, 2);
        ASSERT_TRUE(stamps);
        EXPECT_EQ(stamps->created, stampAt(16787861000000000));
        EXPECT_EQ(stamps->createdBy, 0);
        EXPECT_EQ(stamps->updatedBy, 2);
    }
    EXPECT_EQ(userVersion(path), currentSchemaVersion);
}

TEST(Migration, DatabaseOfANewerVersionIsRefusedAndLeftAlone)
{
    TempDir dir;
    const std::string path = dir.file("from-the-future.db");
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE future_things (id INTEGER PRIMARY KEY, note TEXT NOT NULL);"
                "INSERT INTO future_things (note) VALUES ('written by schema version 99');"
                "PRAGMA user_version = 99;");
    }

    const auto expectNamesVersions = [&](const Error& error) {
        expectOpenErrorNamesTheFile(error, path);
        std::string rest = error.message(); // the path may hold digits of its own
        for (auto at = rest.find(path); at != std::string::npos; at = rest.find(path))
            rest.erase(at, path.size());
        EXPECT_TRUE(std::regex_search(rest, std::regex("\\b99\\b"))) << error.message();
        EXPECT_TRUE(std::regex_search(rest, std::regex("\\b" + std::to_string(currentSchemaVersion) + "\\b")))
            << error.message();
    };
    try {
        UserService::open({ .database = path });
        ADD_FAILURE() << "a database of schema version 99 was opened";
    } catch (const Exception& e) {
        expectNamesVersions(e.error());
    }
    const auto result = UserService::tryOpen({ .database = path });
    ASSERT_TRUE(result.has_error());
    expectNamesVersions(result.error());

    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 99);
    EXPECT_EQ(db.execAndGet("SELECT note FROM future_things").getString(), "written by schema version 99");
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'users'").getInt(), 0);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "delete"); // not switched to WAL
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(Migration, FileThatIsNotADatabaseIsAClearError)
{
    TempDir dir;
    const std::string path = dir.file("not-a-database.db");
    std::string garbage(8192, '\0');
    std::mt19937 random(20240115);
    std::generate(garbage.begin(), garbage.end(), [&] { return static_cast<char>(random() & 0xff); });
    {
        std::ofstream out(path, std::ios::binary);
        out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }

    try {
        UserService::open({ .database = path });
        ADD_FAILURE() << "garbage was opened as a database";
    } catch (const Exception& e) {
        expectOpenErrorNamesTheFile(e.error(), path);
    }
    const auto result = UserService::tryOpen({ .database = path });
    ASSERT_TRUE(result.has_error());
    expectOpenErrorNamesTheFile(result.error(), path);
    EXPECT_EQ(readFile(path), garbage); // nothing written into it
}

// ---------------------------------------------------------------- CrashSafety
//
// A child process saves users as fast as it can and reports each save that
// returned through a pipe; the parent kills it with SIGKILL at a random moment,
// then checks that the database is intact and holds every reported save.

/// One save that returned in the child. Smaller than PIPE_BUF, so each write is atomic.
struct SaveReport {
    enum Kind : std::int32_t { Create = 1, Update = 2 };
    std::int32_t kind = 0;
    std::int32_t associateId = 0;
    std::int32_t cycle = 0;
    std::int32_t sequence = 0;
    std::int64_t version = 0; ///< the user's version after the save: 0 when created
};
static_assert(sizeof(SaveReport) <= PIPE_BUF);

std::string crashUserName(std::int32_t cycle, std::int32_t sequence)
{
    return "crash." + std::to_string(cycle) + "." + std::to_string(sequence) + "@example.com";
}

std::string versionText(std::int64_t version)
{
    return "version " + std::to_string(version);
}

/// The version in a tooltip written by versionText; -1 when it is not one.
std::int64_t versionOf(const std::optional<std::string>& tooltip)
{
    if (!tooltip || tooltip->rfind("version ", 0) != 0)
        return -1;
    return std::strtoll(tooltip->c_str() + 8, nullptr, 10);
}

/// The version is written into three tables (users, persons, user_fields) in each save.
void setVersion(User& user, std::int64_t version)
{
    user.tooltip = versionText(version);
    user.person->title = versionText(version);
    user.customFields = StringDictionary { { "Version", std::to_string(version) }, { "Team", "Night shift" } };
}

User crashUser(std::int32_t cycle, std::int32_t sequence, std::int32_t groupId, std::int32_t otherGroupId)
{
    User user;
    user.name = "K" + std::to_string(cycle) + "-" + std::to_string(sequence);
    user.userName = crashUserName(cycle, sequence);
    user.type = UserType::InternalAssociate;
    user.userGroup = UserGroup { .id = groupId };
    user.otherGroups = std::vector<UserGroup> { { .id = otherGroupId } };
    user.person = Person { .firstname = "Cycle " + std::to_string(cycle),
        .lastname = "Tester " + std::to_string(sequence),
        .email = crashUserName(cycle, sequence) };
    setVersion(user, 0);
    return user;
}

bool writeAll(int fd, const void* data, std::size_t size)
{
    const char* at = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t written = ::write(fd, at, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        at += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

/// The child: saves until killed, reporting each returned save. Never returns.
[[noreturn]] void runWriter(const std::string& path, std::int32_t cycle, std::uint32_t seed, int reportFd,
    std::vector<std::int32_t> ids, std::int32_t groupId, std::int32_t otherGroupId)
{
    int code = 0;
    try {
        auto service = UserService::open({ .database = path, .passwordHashing = PasswordHashing::Minimal });
        std::mt19937 random(seed);
        for (std::int32_t sequence = 0; sequence < 1'000'000; ++sequence) {
            SaveReport report { .cycle = cycle, .sequence = sequence };
            if (sequence % 2 == 0 || ids.empty()) {
                const User saved = service.saveUser(caller, crashUser(cycle, sequence, groupId, otherGroupId));
                report.kind = SaveReport::Create;
                report.associateId = saved.associateId;
                report.version = 0;
                ids.push_back(saved.associateId);
            } else {
                const std::int32_t id = ids[random() % ids.size()];
                auto user = service.getUser(caller, id);
                if (!user || !user->person || versionOf(user->tooltip) < 0) {
                    std::fprintf(stderr, "crash-safety writer, cycle %d: user %d is missing or has no version\n",
                        static_cast<int>(cycle), static_cast<int>(id));
                    code = 4;
                    break;
                }
                const std::int64_t version = versionOf(user->tooltip) + 1;
                setVersion(*user, version);
                const User saved = service.saveUser(caller, *user);
                report.kind = SaveReport::Update;
                report.associateId = saved.associateId;
                report.version = version;
            }
            if (!writeAll(reportFd, &report, sizeof report)) {
                code = 5;
                break;
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crash-safety writer, cycle %d: %s\n", static_cast<int>(cycle), e.what());
        code = 3;
    } catch (...) {
        code = 3;
    }
    ::_exit(code); // never back into gtest
}

/// Kills and reaps the child if the parent leaves early (a failed assertion).
struct ChildGuard {
    pid_t pid = -1;
    ~ChildGuard()
    {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            int status = 0;
            ::waitpid(pid, &status, 0);
        }
    }
};

/// Reads whole reports from `fd` into `out` until `deadline` passes (or, without
/// one, until end of file). `pending` keeps a partial report between calls.
void readReports(int fd, std::optional<std::chrono::steady_clock::time_point> deadline, std::vector<SaveReport>& out,
    std::string& pending)
{
    char buffer[4096];
    for (;;) {
        int timeoutMs = -1;
        if (deadline) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return;
            timeoutMs = static_cast<int>(left.count()) + 1;
        }
        pollfd poller { .fd = fd, .events = POLLIN, .revents = 0 };
        const int ready = ::poll(&poller, 1, timeoutMs);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue; // timed out: the deadline check returns
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return; // end of file: the child is gone
        pending.append(buffer, static_cast<std::size_t>(got));
        std::size_t used = 0;
        for (; pending.size() - used >= sizeof(SaveReport); used += sizeof(SaveReport)) {
            SaveReport report;
            std::memcpy(&report, pending.data() + used, sizeof report);
            out.push_back(report);
        }
        pending.erase(0, used);
    }
}

/// What the parent knows of a user that was reported created.
struct Expected {
    std::int32_t cycle = 0;
    std::int32_t sequence = 0;
    std::int64_t version = 0; ///< the newest version reported (or found) for it
};

std::uint32_t crashSeed()
{
    if (const char* fixed = std::getenv("USERSERVICE_CRASH_SEED"))
        return static_cast<std::uint32_t>(std::strtoul(fixed, nullptr, 10));
    return std::random_device {}();
}

TEST(CrashSafety, KilledWriterLosesNoReturnedSaveAndLeavesTheDatabaseIntact)
{
    constexpr int cycles = 25;
    const std::uint32_t seed = crashSeed();
    std::cout << "[ seed     ] CrashSafety seed " << seed << " (rerun with USERSERVICE_CRASH_SEED=" << seed << ")"
              << std::endl;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 random(seed);

    TempDir dir;
    const std::string path = dir.file("crash.db");
    std::int32_t groupId = 0;
    std::int32_t otherGroupId = 0;
    {
        // Reference data, before the first fork: no connection is open across a fork.
        auto service = UserService::open({ .database = path, .passwordHashing = PasswordHashing::Minimal });
        groupId = service.addUserGroup(caller, { .value = "Crash testers" }).id;
        otherGroupId = service.addUserGroup(caller, { .value = "Night shift" }).id;
    }

    std::map<std::int32_t, Expected> expected; // by AssociateId
    std::int64_t unreportedCreates = 0; // users stored by a save that was killed before it reported
    int totalReports = 0;
    int killedCycles = 0;
    int cyclesWithReports = 0;
    const auto started = std::chrono::steady_clock::now();

    for (int cycle = 0; cycle < cycles; ++cycle) {
        SCOPED_TRACE("cycle " + std::to_string(cycle));
        int fds[2];
        ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0) << std::strerror(errno);
        std::vector<std::int32_t> ids;
        for (const auto& [id, _] : expected)
            ids.push_back(id);
        const int delayMs = std::uniform_int_distribution<int>(5, 60)(random);
        const std::uint32_t childSeed = static_cast<std::uint32_t>(random());

        std::fflush(stdout);
        std::fflush(stderr);
        ChildGuard child { ::fork() };
        ASSERT_GE(child.pid, 0) << std::strerror(errno);
        if (child.pid == 0) {
            ::close(fds[0]);
            runWriter(path, cycle, childSeed, fds[1], std::move(ids), groupId, otherGroupId);
        }
        ::close(fds[1]);

        std::vector<SaveReport> reports;
        std::string pending;
        readReports(fds[0], std::chrono::steady_clock::now() + std::chrono::milliseconds(delayMs), reports, pending);
        ::kill(child.pid, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
        child.pid = -1;
        readReports(fds[0], std::nullopt, reports, pending); // what it wrote before dying
        ::close(fds[0]);
        EXPECT_TRUE(pending.empty()) << "a torn report of " << pending.size() << " bytes";
        if (WIFSIGNALED(status)) {
            ASSERT_EQ(WTERMSIG(status), SIGKILL) << "the writer died of signal " << WTERMSIG(status);
            ++killedCycles;
        } else {
            ASSERT_TRUE(WIFEXITED(status));
            ASSERT_EQ(WEXITSTATUS(status), 0)
                << "the writer failed (exit code " << WEXITSTATUS(status) << "; its error is on stderr)";
        }

        totalReports += static_cast<int>(reports.size());
        cyclesWithReports += reports.empty() ? 0 : 1;
        for (const SaveReport& report : reports) {
            ASSERT_EQ(report.cycle, cycle);
            if (report.kind == SaveReport::Create) {
                const bool fresh = expected.emplace(report.associateId, Expected { cycle, report.sequence, 0 }).second;
                EXPECT_TRUE(fresh) << "AssociateId " << report.associateId << " was handed out twice";
            } else {
                ASSERT_EQ(report.kind, SaveReport::Update);
                auto known = expected.find(report.associateId);
                ASSERT_NE(known, expected.end()) << "an update of unknown user " << report.associateId;
                EXPECT_GT(report.version, known->second.version);
                known->second.version = report.version;
            }
        }

        // The database as SQLite sees it, with the WAL the killed writer left behind.
        std::int64_t storedUsers = 0;
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE);
            ASSERT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
            SQLite::Statement foreignKeys(db, "PRAGMA foreign_key_check");
            EXPECT_FALSE(foreignKeys.executeStep()) << "a dangling reference in table " << foreignKeys.getColumn(0);
            storedUsers = db.execAndGet("SELECT count(*) FROM users").getInt64();
        }

        // Every save that returned is there, whole; at most the last one, killed
        // between its commit and its report, is there without a report.
        int unreportedThisCycle = 0;
        const std::int64_t newUnreportedCreates =
            storedUsers - static_cast<std::int64_t>(expected.size()) - unreportedCreates;
        EXPECT_GE(newUnreportedCreates, 0) << "reported creates are missing";
        unreportedCreates += newUnreportedCreates;
        unreportedThisCycle += static_cast<int>(newUnreportedCreates);
        {
            auto service = UserService::open({ .database = path, .passwordHashing = PasswordHashing::Minimal });
            for (auto& [id, known] : expected) {
                const auto user = service.getUser(caller, id);
                ASSERT_TRUE(user) << "user " << id << " (reported created in cycle " << known.cycle << ") is lost";
                EXPECT_EQ(user->userName, crashUserName(known.cycle, known.sequence)) << "user " << id;
                const std::int64_t version = versionOf(user->tooltip);
                EXPECT_GE(version, known.version) << "user " << id << " lost its update to " << known.version;
                if (version > known.version) {
                    EXPECT_EQ(version, known.version + 1) << "user " << id;
                    ++unreportedThisCycle;
                }
                // One save is one transaction: its three tables agree.
                ASSERT_TRUE(user->person) << "user " << id;
                EXPECT_EQ(user->person->title, versionText(version)) << "user " << id;
                ASSERT_TRUE(user->customFields) << "user " << id;
                const std::string* field = user->customFields->find("Version");
                ASSERT_NE(field, nullptr) << "user " << id;
                EXPECT_EQ(*field, std::to_string(version)) << "user " << id;
                ASSERT_TRUE(user->otherGroups) << "user " << id;
                ASSERT_EQ(user->otherGroups->size(), 1u) << "user " << id;
                known.version = version;
            }
        }
        EXPECT_LE(unreportedThisCycle, 1) << "more than the one save in flight was stored without a report";
        if (::testing::Test::HasFatalFailure())
            return;
    }

    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << "[ summary  ] " << cycles << " cycles in " << elapsed.count() << " ms: " << killedCycles << " killed, "
              << cyclesWithReports << " with saves, " << totalReports << " saves reported, " << expected.size()
              << " users known, " << unreportedCreates << " stored without a report" << std::endl;
    EXPECT_GT(totalReports, 0) << "no save returned before the kills: nothing was tested";
}

// ---------------------------------------------------------------- Savepoint
//
// The store's nested transactions, used directly: the service reaches them only
// through a command that saves.

User storeUser(const std::string& name)
{
    User user;
    user.name = name;
    user.userName = name;
    user.type = UserType::InternalAssociate;
    return user;
}

void insertNamed(store::Session& session, const std::string& name)
{
    session.insertUser(storeUser(name), {}, store::Stamp {});
}

/// The names of `names` that are stored, read in a transaction of their own.
std::vector<std::string> storedOf(store::Store& store, const std::vector<std::string>& names)
{
    return store.read([&](store::Session& s) {
        std::vector<std::string> found;
        for (const auto& name : names)
            if (s.userIdBy(store::UniqueName::Name, name))
                found.push_back(name);
        return found;
    });
}

/// On each store: SQLite's savepoints, PostgreSQL's.
class Savepoint : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam());
        store = openStoreFor(GetParam(), dir.file("savepoint.db"));
    }
    TempDir dir;
    std::unique_ptr<store::Store> store;
};

INSTANTIATE_TEST_SUITE_P(Stores, Savepoint, everyBackend, backendName);

TEST_P(Savepoint, WorkThatThrowsLeavesNothingWhileTheTransactionsEarlierWritesCommit)
{
    store->write([](store::Session& s) {
        insertNamed(s, "before");
        EXPECT_THROW(s.savepoint([&] {
            insertNamed(s, "inside");
            ASSERT_TRUE(s.userIdBy(store::UniqueName::Name, "inside")); // seen until undone
            throw std::runtime_error("the work failed");
        }),
            std::runtime_error);
        EXPECT_FALSE(s.userIdBy(store::UniqueName::Name, "inside"));
        insertNamed(s, "after");
    });
    EXPECT_EQ(storedOf(*store, { "before", "inside", "after" }), (std::vector<std::string> { "before", "after" }));
}

TEST_P(Savepoint, NestedSavepointsKeepOrUndoEachOnItsOwn)
{
    store->write([](store::Session& s) {
        s.savepoint([&] {
            insertNamed(s, "outer");
            EXPECT_THROW(s.savepoint([&] {
                insertNamed(s, "undone");
                throw std::runtime_error("inner failed");
            }),
                std::runtime_error);
            s.savepoint([&] {
                insertNamed(s, "kept");
                s.savepoint([&] { insertNamed(s, "deepest"); });
            });
        });
        // An inner savepoint that was released is still undone with its outer one.
        EXPECT_THROW(s.savepoint([&] {
            s.savepoint([&] { insertNamed(s, "released"); });
            throw std::runtime_error("outer failed");
        }),
            std::runtime_error);
    });
    EXPECT_EQ(storedOf(*store, { "outer", "undone", "kept", "deepest", "released" }),
        (std::vector<std::string> { "outer", "kept", "deepest" }));
}

TEST_P(Savepoint, DatabaseErrorIsUndoneAndTranslatedLikeTheTransactions)
{
    store->write([](store::Session& s) {
        insertNamed(s, "taken");
        try {
            s.savepoint([&] {
                insertNamed(s, "first");
                insertNamed(s, "TAKEN"); // names are unique ignoring case
            });
            ADD_FAILURE() << "a duplicate name was stored";
        } catch (const Exception& e) {
            EXPECT_EQ(e.error().kind(), ErrorKind::Conflict) << e.what();
        }
        insertNamed(s, "later"); // the transaction goes on
    });
    EXPECT_EQ(storedOf(*store, { "taken", "first", "later" }), (std::vector<std::string> { "taken", "later" }));
}

} // namespace
