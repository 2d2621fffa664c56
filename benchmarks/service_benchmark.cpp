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
// and against the fair floor (fair_floor.hpp: the same rows and reads on the library's
// own schema, written by hand):
//   saveUser creating a user        vs floorCreate                           1.5x
//   saveUser changing three fields  vs floorUpdateThreeFields                1.5x
//   getUser, getUserFromName        vs floorLoadById, floorLoadByName        1.3x
//   saveUsers of 1000, per user     vs floorCreate1000                       2x
//
// The user is a realistic one: a person (first and last name, e-mail, phone), a main
// user group and two other groups, a credential of the "password" type without a new
// value (so no Argon2 hashing is timed) and four custom fields; Name, UserName and
// NickName come from a counter, so that every created user is unique.
//
// Every benchmark times real (wall-clock) time, in microseconds on both sides: a
// save waits for the file system, which CPU time would leave out.
#include "raw_baseline.hpp"
#include "ratio_reporter.hpp"
#include "service_fixtures.hpp"

namespace {

using namespace userservice;
using namespace userservice::bench;


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

// The same update with the audit trail alone: what recording each save's changes costs.
void saveUserUpdateWithAuditTrail(benchmark::State& state)
{
    auto plugins = std::make_shared<PluginRegistry>();
    plugins->addStatic(userservice_plugin_audit_trail);
    Library library(plugins);
    runUpdates(state, library);
}
BENCHMARK(saveUserUpdateWithAuditTrail)->Unit(benchmark::kMicrosecond)->UseRealTime();
#endif

// ---------------------------------------------------------------- 3. and 4. lookups
//
// Reads leave the database as it was, so each side seeds one database once per
// process (built on first use, removed at exit) and every run looks up its
// users in turn.

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
            { "saveUserUpdateWithAuditTrail", "saveUserUpdate", 1.3 },
            { "authenticateToken", "rawSelectById", 1.5 },
            { "authenticatePasswordAgain", "rawSelectByName", 1.5 },
            // The fair floor: the same work written by hand (fair_floor.hpp).
            { "saveUserCreate", "floorCreate", 1.5 },
            { "saveUserUpdateThreeFields", "floorUpdateThreeFields", 1.5 },
            { "getUser", "floorLoadById", 1.3 },
            { "getUserFromName", "floorLoadByName", 1.3 },
            { "saveUsers1000", "floorCreate1000", 2.0 },
        });
}
