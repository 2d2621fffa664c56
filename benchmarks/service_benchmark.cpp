// The User service on a file database against raw SQLiteCpp doing the equivalent
// single-row work, in the same run, with the pragmas the library uses (WAL,
// synchronous=NORMAL, foreign_keys=ON) on a users-like table of 21 columns whose
// statements are prepared once, outside the timed loop. Goals (library / raw):
//   saveUser creating a user        vs one row inserted per transaction      2.5x
//   saveUser updating that user     vs one row updated by id per transaction 2.5x
//   getUser by id                   vs a point select by integer primary key 3x
//   getUserFromName                 vs a point select by a unique NOCASE text 3x
//   saveUsers of 1000, per user     vs 1000 rows inserted in one transaction 2x
//   getUser by an ordinary user     vs getUser by the system                 1.2x
//     (field rights computed and applied: sensitive fields hidden, every carrier
//     given its TableRight and FieldProperties, and the caller looked up)
//   authenticateToken               vs a point select by integer primary key 1.5x
//   authenticatePassword, repeated  vs a point select by a unique NOCASE text 1.5x
//     (what a host pays per request: a hash and one indexed read, no Argon2id)
//
// The user is a realistic one: a person (first and last name, e-mail, phone), a main
// user group and two other groups, a credential of the "password" type without a new
// value (so no Argon2 hashing is timed) and four custom fields; Name, UserName and
// NickName come from a counter, so that every created user is unique.
//
// Every benchmark times real (wall-clock) time, in microseconds on both sides, since
// a save waits for its WAL writes and RatioReporter divides the two times as they are.
#include <userservice/user_service.hpp>

#include "ratio_reporter.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

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

namespace {

using namespace userservice;
namespace fs = std::filesystem;

constexpr int batchSize = 1000; ///< users (rows) per saveUsers (raw batch)
constexpr int seededUsers = 1000; ///< users (rows) stored before the lookups

/// A number no other user of this process has had: Name, UserName and NickName stay unique.
int nextUserNumber()
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

std::int64_t nowTicks()
{
    return std::chrono::system_clock::now().time_since_epoch().count();
}

// ---------------------------------------------------------------- the library

/// A service on a fresh file database with the reference data a realistic user needs.
class Library {
public:
    explicit Library(std::shared_ptr<PluginRegistry> plugins = nullptr)
        : service_(UserService::open({ .database = dir_.file("users.db"),
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

// ---------------------------------------------------------------- the raw baseline

// A users row with the person's main fields folded in: 21 columns, the user name
// unique case-insensitively as the library's is.
constexpr const char* rawSchema = R"sql(
CREATE TABLE raw_users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, rank INTEGER NOT NULL DEFAULT 0, tooltip TEXT,
  group_id INTEGER, firstname TEXT, lastname TEXT, email TEXT, direct_phone TEXT,
  deleted INTEGER NOT NULL DEFAULT 0, last_login TEXT, last_logout TEXT, type INTEGER NOT NULL,
  is_on_travel INTEGER NOT NULL DEFAULT 0, user_name TEXT NOT NULL, nick_name TEXT,
  waiting_for_approval INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL DEFAULT 0, updated_by INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX raw_users_user_name ON raw_users (user_name COLLATE NOCASE);
)sql";

constexpr const char* rawInsertSql = R"sql(
INSERT INTO raw_users (name, rank, tooltip, group_id, firstname, lastname, email, direct_phone, deleted,
                       last_login, last_logout, type, is_on_travel, user_name, nick_name, waiting_for_approval,
                       created_at, updated_at, created_by, updated_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20))sql";

constexpr const char* rawUpdateSql = R"sql(
UPDATE raw_users SET name = ?1, rank = ?2, tooltip = ?3, group_id = ?4, firstname = ?5, lastname = ?6,
                     email = ?7, direct_phone = ?8, deleted = ?9, last_login = ?10, last_logout = ?11, type = ?12,
                     is_on_travel = ?13, user_name = ?14, nick_name = ?15, waiting_for_approval = ?16,
                     created_at = ?17, updated_at = ?18, created_by = ?19, updated_by = ?20
 WHERE id = ?21)sql";

constexpr const char* rawSelectColumns =
    "SELECT id, name, rank, tooltip, group_id, firstname, lastname, email, direct_phone, deleted, last_login,"
    " last_logout, type, is_on_travel, user_name, nick_name, waiting_for_approval, created_at, updated_at,"
    " created_by, updated_by FROM raw_users";

/// One raw_users row in memory.
struct RawRow {
    std::int64_t id = 0;
    std::string name;
    std::int32_t rank = 0;
    std::string tooltip = "Sales, Oslo office";
    std::int32_t groupId = 1;
    std::string firstname = "Jane";
    std::string lastname = "Doe";
    std::string email;
    std::string directPhone = "+47 22 12 34 56";
    bool deleted = false;
    std::string lastLogin = "0001-01-01T00:00:00";
    std::string lastLogout = "0001-01-01T00:00:00";
    std::int32_t type = 1;
    bool isOnTravel = false;
    std::string userName;
    std::string nickName;
    bool waitingForApproval = false;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::int32_t createdBy = 0;
    std::int32_t updatedBy = 0;

    /// Gives the row the unique names (and e-mail) of `number`, as Library::rename does.
    void rename(int number)
    {
        const std::string n = std::to_string(number);
        name = "JD" + n;
        userName = "jane.doe" + n;
        nickName = "jdoe" + n;
        email = "jane.doe" + n + "@example.com";
    }

    /// Binds parameters ?1 to ?20 (every column but the id) without copying the text.
    void bind(SQLite::Statement& s) const
    {
        s.bindNoCopy(1, name);
        s.bind(2, rank);
        s.bindNoCopy(3, tooltip);
        s.bind(4, groupId);
        s.bindNoCopy(5, firstname);
        s.bindNoCopy(6, lastname);
        s.bindNoCopy(7, email);
        s.bindNoCopy(8, directPhone);
        s.bind(9, deleted ? 1 : 0);
        s.bindNoCopy(10, lastLogin);
        s.bindNoCopy(11, lastLogout);
        s.bind(12, type);
        s.bind(13, isOnTravel ? 1 : 0);
        s.bindNoCopy(14, userName);
        s.bindNoCopy(15, nickName);
        s.bind(16, waitingForApproval ? 1 : 0);
        s.bind(17, createdAt);
        s.bind(18, updatedAt);
        s.bind(19, createdBy);
        s.bind(20, updatedBy);
    }

    /// Reads a row of rawSelectColumns, copying its text as the library copies into carriers.
    void read(SQLite::Statement& s)
    {
        const auto text = [&](int index, std::string& out) {
            const SQLite::Column column = s.getColumn(index);
            out.assign(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
        };
        id = s.getColumn(0).getInt64();
        text(1, name);
        rank = s.getColumn(2).getInt();
        text(3, tooltip);
        groupId = s.getColumn(4).getInt();
        text(5, firstname);
        text(6, lastname);
        text(7, email);
        text(8, directPhone);
        deleted = s.getColumn(9).getInt() != 0;
        text(10, lastLogin);
        text(11, lastLogout);
        type = s.getColumn(12).getInt();
        isOnTravel = s.getColumn(13).getInt() != 0;
        text(14, userName);
        text(15, nickName);
        waitingForApproval = s.getColumn(16).getInt() != 0;
        createdAt = s.getColumn(17).getInt64();
        updatedAt = s.getColumn(18).getInt64();
        createdBy = s.getColumn(19).getInt();
        updatedBy = s.getColumn(20).getInt();
    }
};

/// A raw SQLiteCpp connection on its own fresh file database, set up as the library's.
class Raw {
public:
    Raw()
        : db_(dir_.file("raw.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX)
        , begin_(db_, "BEGIN IMMEDIATE")
        , commit_(db_, "COMMIT")
    {
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA foreign_keys = ON");
        db_.exec("PRAGMA synchronous = NORMAL");
        db_.exec(rawSchema);
    }

    SQLite::Database& db() noexcept { return db_; }

    /// Runs `statement` (no result rows) and makes it ready for the next run.
    static void run(SQLite::Statement& statement)
    {
        statement.exec();
        statement.reset();
    }
    void begin() { run(begin_); }
    void commit() { run(commit_); }

    /// Inserts a row in a transaction of its own; returns its id.
    std::int64_t insert(SQLite::Statement& insert, const RawRow& row)
    {
        begin();
        row.bind(insert);
        run(insert);
        commit();
        return db_.getLastInsertRowid();
    }

private:
    TempDir dir_; // first: removed after the connection has closed
    SQLite::Database db_;
    SQLite::Statement begin_;
    SQLite::Statement commit_;
};

// ---------------------------------------------------------------- 1. create

void rawInsertRow(benchmark::State& state)
{
    Raw raw;
    SQLite::Statement insert(raw.db(), rawInsertSql);
    RawRow row;
    row.rename(nextUserNumber());
    raw.insert(insert, row); // warm-up: the table's first pages exist
    for (auto _ : state) {
        row.rename(nextUserNumber());
        row.createdAt = row.updatedAt = nowTicks();
        benchmark::DoNotOptimize(raw.insert(insert, row));
    }
}
BENCHMARK(rawInsertRow)->Unit(benchmark::kMicrosecond)->UseRealTime();

void saveUserCreate(benchmark::State& state)
{
    Library library;
    library.warmUp();
    User user = library.user(nextUserNumber());
    for (auto _ : state) {
        Library::rename(user, nextUserNumber());
        User stored = library.service().saveUser(library.caller(), user);
        benchmark::DoNotOptimize(stored);
    }
}
BENCHMARK(saveUserCreate)->Unit(benchmark::kMicrosecond)->UseRealTime();

// ---------------------------------------------------------------- 2. update
//
// Both sides save the same user (row) again and again, each time with another
// tooltip: a full replacement of its state, as a save is.

void rawUpdateRow(benchmark::State& state)
{
    Raw raw;
    SQLite::Statement insert(raw.db(), rawInsertSql);
    SQLite::Statement update(raw.db(), rawUpdateSql);
    RawRow row;
    row.rename(nextUserNumber());
    row.createdAt = row.updatedAt = nowTicks();
    const std::int64_t id = raw.insert(insert, row);
    int version = 0;
    for (auto _ : state) {
        row.tooltip = "Sales, Oslo office " + std::to_string(++version);
        row.updatedAt = nowTicks();
        raw.begin();
        row.bind(update);
        update.bind(21, id);
        Raw::run(update);
        raw.commit();
    }
}
BENCHMARK(rawUpdateRow)->Unit(benchmark::kMicrosecond)->UseRealTime();

/// Saves one user again and again, a different Tooltip each time.
void runUpdates(benchmark::State& state, Library& library)
{
    library.warmUp();
    User user = library.service().saveUser(library.caller(), library.user(nextUserNumber()));
    int version = 0;
    for (auto _ : state) {
        user.tooltip = "Sales, Oslo office " + std::to_string(++version);
        User stored = library.service().saveUser(library.caller(), user);
        benchmark::DoNotOptimize(stored);
    }
}

void saveUserUpdate(benchmark::State& state)
{
    Library library;
    runUpdates(state, library);
}
BENCHMARK(saveUserUpdate)->Unit(benchmark::kMicrosecond)->UseRealTime();

#if defined(USERSERVICE_BENCH_BUNDLED_PLUGINS)
// The same update with the four bundled plugins registered: the password policy
// (a validator), welcome (post-save and after-commit commands), the audit trail
// (a post-save command that diffs and records every save) and the account
// lifecycle (commands only).
void saveUserUpdateWithPlugins(benchmark::State& state)
{
    auto plugins = std::make_shared<PluginRegistry>();
    for (const auto* descriptor : { &userservice_plugin_account_lifecycle, &userservice_plugin_audit_trail,
             &userservice_plugin_password_policy, &userservice_plugin_welcome })
        plugins->addStatic(*descriptor);
    Library library(plugins);
    runUpdates(state, library);
}
BENCHMARK(saveUserUpdateWithPlugins)->Unit(benchmark::kMicrosecond)->UseRealTime();
#endif

// ---------------------------------------------------------------- 3. and 4. lookups
//
// Reads leave the database as it was, so each side seeds one database once per
// process (built on first use, removed at exit) and every run looks up its
// users in turn.

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

struct RawReads {
    Raw raw;
    std::vector<std::int64_t> ids;
    std::vector<std::string> userNames;

    RawReads()
    {
        SQLite::Statement insert(raw.db(), rawInsertSql);
        RawRow row;
        raw.begin();
        for (int i = 0; i < seededUsers; ++i) {
            row.rename(nextUserNumber());
            row.createdAt = row.updatedAt = nowTicks();
            row.bind(insert);
            Raw::run(insert);
            ids.push_back(raw.db().getLastInsertRowid());
            userNames.push_back(row.userName);
        }
        raw.commit();
    }

    static RawReads& get()
    {
        static RawReads reads;
        return reads;
    }
};

void rawSelectById(benchmark::State& state)
{
    RawReads& reads = RawReads::get();
    SQLite::Statement select(reads.raw.db(), std::string(rawSelectColumns) + " WHERE id = ?");
    RawRow row;
    std::size_t next = 0;
    for (auto _ : state) {
        select.bind(1, reads.ids[next++ % reads.ids.size()]);
        if (select.executeStep())
            row.read(select);
        select.reset();
        benchmark::DoNotOptimize(row);
    }
}
BENCHMARK(rawSelectById)->Unit(benchmark::kMicrosecond)->UseRealTime();

void getUser(benchmark::State& state)
{
    LibraryReads& reads = LibraryReads::get();
    UserService& service = reads.library.service();
    std::size_t next = 0;
    for (auto _ : state) {
        auto user = service.getUser(reads.library.caller(), reads.ids[next++ % reads.ids.size()]);
        benchmark::DoNotOptimize(user);
    }
}
BENCHMARK(getUser)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same reads by an ordinary internal user (the first seeded one) on other users.
void getUserWithRights(benchmark::State& state)
{
    LibraryReads& reads = LibraryReads::get();
    UserService& service = reads.library.service();
    const CallerContext ordinary = CallerContext::user(reads.ids.front());
    std::size_t next = 1;
    for (auto _ : state) {
        auto user = service.getUser(ordinary, reads.ids[next++ % reads.ids.size()]);
        benchmark::DoNotOptimize(user);
    }
}
BENCHMARK(getUserWithRights)->Unit(benchmark::kMicrosecond)->UseRealTime();

// executeUserCommand by id on a trivial command (registered by the host): the user is
// loaded with the caller's rights and the command runs in a write transaction.
void executeTrivialCommand(benchmark::State& state)
{
    static const auto plugins = [] {
        auto registry = std::make_shared<PluginRegistry>();
        registry->registerHost([](plugin::Registrar& registrar) {
            registrar.customCommand({ .name = "trivial" },
                [](plugin::CommandCall& call) { return CommandResult { .success = call.user.associateId != 0 }; });
        });
        return registry;
    }();
    LibraryReads& reads = LibraryReads::get();
    // The seeded database, opened a second time with the command registered.
    UserService service = UserService::open({ .database = reads.library.path(), .plugins = plugins });
    std::size_t next = 0;
    for (auto _ : state) {
        auto result = service.executeUserCommand(
            reads.library.caller(), reads.ids[next++ % reads.ids.size()], "trivial", CommandActionResult::Implicit);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(executeTrivialCommand)->Unit(benchmark::kMicrosecond)->UseRealTime();

void rawSelectByName(benchmark::State& state)
{
    RawReads& reads = RawReads::get();
    SQLite::Statement select(reads.raw.db(), std::string(rawSelectColumns) + " WHERE user_name = ? COLLATE NOCASE");
    RawRow row;
    std::size_t next = 0;
    for (auto _ : state) {
        select.bindNoCopy(1, reads.userNames[next++ % reads.userNames.size()]);
        if (select.executeStep())
            row.read(select);
        select.reset();
        benchmark::DoNotOptimize(row);
    }
}
BENCHMARK(rawSelectByName)->Unit(benchmark::kMicrosecond)->UseRealTime();

void getUserFromName(benchmark::State& state)
{
    LibraryReads& reads = LibraryReads::get();
    UserService& service = reads.library.service();
    std::size_t next = 0;
    for (auto _ : state) {
        auto user = service.getUserFromName(reads.library.caller(), reads.userNames[next++ % reads.userNames.size()]);
        benchmark::DoNotOptimize(user);
    }
}
BENCHMARK(getUserFromName)->Unit(benchmark::kMicrosecond)->UseRealTime();

// ---------------------------------------------------------------- 5. bulk
//
// One iteration stores a batch of 1000 users (rows), so the reported time is per
// batch on both sides and the ratio of the two is the ratio per user to per row:
// RatioReporter compares the same unit without manual time (which would also make
// Google Benchmark run 1000 times as many iterations to fill --benchmark_min_time).
// Items per second and the per_item counter (seconds per user or row, from real
// time) show the per-item figures.
//
// Each iteration starts from a fresh database (set up with the timer paused) holding
// the reference data and one warm-up user (row), so that both sides insert into
// equally small tables however many iterations each one needs.

void reportPerItem(benchmark::State& state)
{
    state.SetItemsProcessed(state.iterations() * batchSize);
    state.counters["per_item"] =
        benchmark::Counter(batchSize, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void rawInsert1000(benchmark::State& state)
{
    std::vector<RawRow> rows(batchSize);
    for (auto& row : rows)
        row.rename(nextUserNumber()); // a fresh database per iteration: the same names do
    std::optional<Raw> raw;
    std::optional<SQLite::Statement> insert;
    for (auto _ : state) {
        state.PauseTiming();
        insert.reset();
        raw.reset(); // removes the previous iteration's database
        raw.emplace();
        insert.emplace(raw->db(), rawInsertSql);
        RawRow warmUp;
        warmUp.rename(nextUserNumber());
        raw->insert(*insert, warmUp);
        state.ResumeTiming();

        const std::int64_t now = nowTicks();
        raw->begin();
        for (auto& row : rows) {
            row.createdAt = row.updatedAt = now;
            row.bind(*insert);
            Raw::run(*insert);
        }
        raw->commit();
    }
    insert.reset();
    reportPerItem(state);
}
BENCHMARK(rawInsert1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

void saveUsers1000(benchmark::State& state)
{
    std::vector<int> numbers(batchSize);
    for (auto& number : numbers)
        number = nextUserNumber(); // a fresh database per iteration: the same names do
    std::optional<Library> library;
    std::vector<User> users;
    for (auto _ : state) {
        state.PauseTiming();
        library.reset(); // removes the previous iteration's database
        library.emplace();
        library->warmUp();
        users.clear();
        for (int number : numbers)
            users.push_back(library->user(number));
        state.ResumeTiming();

        auto ids = library->service().saveUsers(library->caller(), users);
        benchmark::DoNotOptimize(ids);
    }
    reportPerItem(state);
}
BENCHMARK(saveUsers1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

// ---------------------------------------------------------------- 6. authentication
//
// What a host pays on every request to learn who calls: a bearer token (its hash and
// one indexed read) or a password it verified before (served from the cache: no
// Argon2id), each against the raw point select of the same kind.

struct Logins {
    std::vector<std::string> secrets; ///< API tokens of seeded users
    std::string userName = "login.user", password = "correct horse battery staple";

    Logins()
    {
        LibraryReads& reads = LibraryReads::get();
        UserService& service = reads.library.service();
        for (std::size_t i = 0; i < 100; ++i)
            secrets.push_back(service.issueApiToken(reads.library.caller(), reads.ids[i], "benchmark").secret);
        User user = reads.library.user(nextUserNumber());
        user.userName = userName;
        (*user.credentials)[0].value = password;
        service.saveUser(reads.library.caller(), user);
        if (!service.authenticatePassword(userName, password)) // verified once: remembered
            throw std::runtime_error("the benchmark's login user cannot log in");
    }

    static Logins& get()
    {
        static Logins logins;
        return logins;
    }
};

void authenticateToken(benchmark::State& state)
{
    Logins& logins = Logins::get();
    UserService& service = LibraryReads::get().library.service();
    std::size_t next = 0;
    for (auto _ : state) {
        auto id = service.authenticateToken(logins.secrets[next++ % logins.secrets.size()]);
        benchmark::DoNotOptimize(id);
    }
}
BENCHMARK(authenticateToken)->Unit(benchmark::kMicrosecond)->UseRealTime();

void authenticatePasswordAgain(benchmark::State& state)
{
    Logins& logins = Logins::get();
    UserService& service = LibraryReads::get().library.service();
    for (auto _ : state) {
        auto id = service.authenticatePassword(logins.userName, logins.password);
        benchmark::DoNotOptimize(id);
    }
}
BENCHMARK(authenticatePasswordAgain)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    return userservice::bench::runWithRatios(argc, argv,
        {
            { "saveUserCreate", "rawInsertRow", 2.5 },
            { "saveUserUpdate", "rawUpdateRow", 2.5 },
            { "getUser", "rawSelectById", 3.0 },
            { "getUserFromName", "rawSelectByName", 3.0 },
            { "saveUsers1000", "rawInsert1000", 2.0 },
            { "getUserWithRights", "getUser", 1.2 },
            { "executeTrivialCommand", "getUser", 1.5 },
            { "saveUserUpdateWithPlugins", "saveUserUpdate", 2.0 },
            { "authenticateToken", "rawSelectById", 1.5 },
            { "authenticatePasswordAgain", "rawSelectByName", 1.5 },
        });
}
