// The same service operations on both stores, in one run: the embedded SQLite file and
// a PostgreSQL server, and PostgreSQL's time as a ratio of SQLite's (for information:
// no goal; the README's table). The PostgreSQL side runs when USERSERVICE_TEST_POSTGRES
// names a server whose database may be emptied (scripts/with-postgres.sh starts a
// throwaway one):
//   scripts/with-postgres.sh build/release/benchmarks/store_benchmark
//
// Operations: saveUser creating a user, saveUser changing three fields, getUser by id,
// getUserFromName, saveUsers of 1000 (per user), and a filtered, sorted list page of 50
// (searchUsers on the REST list's texts), on the realistic user of service_fixtures.hpp.
#include "ratio_reporter.hpp"
#include "service_fixtures.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <functional>
#include <memory>

namespace {

using namespace userservice;
using namespace userservice::bench;

/// The PostgreSQL server's connection string, or nullptr.
const char* postgresServer()
{
    const char* uri = std::getenv("USERSERVICE_TEST_POSTGRES");
    return uri && *uri ? uri : nullptr;
}

/// The server's database with every table dropped, so that the service opening it
/// migrates an empty schema.
std::string freshPostgresDatabase()
{
    const std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(postgresServer()), &PQfinish);
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexec(connection.get(), "SET client_min_messages = warning; DROP SCHEMA IF EXISTS public CASCADE; "
                                 "CREATE SCHEMA public"),
        &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
        throw std::runtime_error(std::string("emptying the PostgreSQL database: ") +
                                 PQerrorMessage(connection.get()));
    return postgresServer();
}

enum class Store { Sqlite, Postgres };

/// A service on a fresh database of `store`.
std::unique_ptr<Library> open(Store store)
{
    return std::make_unique<Library>(nullptr, store == Store::Postgres ? freshPostgresDatabase() : std::string());
}

void saveUserCreate(benchmark::State& state, Store store)
{
    const auto library = open(store);
    library->warmUp();
    User user = library->user(nextUserNumber());
    for (auto _ : state) {
        Library::rename(user, nextUserNumber());
        benchmark::DoNotOptimize(library->service().saveUser(library->caller(), user));
    }
}

void saveUserUpdateThreeFields(benchmark::State& state, Store store)
{
    const auto library = open(store);
    library->warmUp();
    User user = library->service().saveUser(library->caller(), library->user(nextUserNumber()));
    int version = 0;
    for (auto _ : state) {
        Library::changeThreeFields(user, ++version);
        benchmark::DoNotOptimize(library->service().saveUser(library->caller(), user));
    }
}

/// `seededUsers` users on a fresh database of `store`, for the reads.
struct Seeded {
    std::unique_ptr<Library> library;
    std::vector<std::int32_t> ids;
    std::vector<std::string> userNames;

    explicit Seeded(Store store)
        : library(open(store))
    {
        std::vector<User> users;
        for (int i = 0; i < seededUsers; ++i) {
            users.push_back(library->user(nextUserNumber()));
            userNames.push_back(*users.back().userName);
        }
        ids = library->service().saveUsers(library->caller(), users);
        library->warmUp();
    }
};

void getUser(benchmark::State& state, Store store)
{
    const Seeded seeded(store);
    std::size_t next = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            seeded.library->service().getUser(seeded.library->caller(), seeded.ids[next++ % seeded.ids.size()]));
}

void getUserFromName(benchmark::State& state, Store store)
{
    const Seeded seeded(store);
    std::size_t next = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(seeded.library->service().getUserFromName(
            seeded.library->caller(), seeded.userNames[next++ % seeded.userNames.size()]));
}

/// Internal users whose user name begins as the middle seeded user's but for its last
/// two digits (the hundred seeded around it), by user name, the first 50.
void searchPage(benchmark::State& state, Store store)
{
    const Seeded seeded(store);
    const std::string& middle = seeded.userNames[seeded.userNames.size() / 2];
    const std::string filter =
        "type eq InternalAssociate and userName begins '" + middle.substr(0, middle.size() - 2) + "'";
    const UserQueryText text { .filter = filter, .orderBy = "userName", .top = "50" };
    for (auto _ : state) {
        auto page = seeded.library->service().searchUsers(seeded.library->caller(), text);
        if (page.users.size() != 50)
            state.SkipWithError("the page is not full");
        benchmark::DoNotOptimize(page);
    }
}

void saveUsers1000(benchmark::State& state, Store store)
{
    std::vector<int> numbers(batchSize);
    for (auto& number : numbers)
        number = nextUserNumber(); // a fresh database per iteration: the same names do
    std::unique_ptr<Library> library;
    std::vector<User> users;
    for (auto _ : state) {
        state.PauseTiming();
        library.reset(); // the previous iteration's database closed before it is emptied
        library = open(store);
        library->warmUp();
        users.clear();
        for (int number : numbers)
            users.push_back(library->user(number));
        state.ResumeTiming();
        benchmark::DoNotOptimize(library->service().saveUsers(library->caller(), users));
    }
    reportPerItem(state);
}

} // namespace

int main(int argc, char** argv)
{
    using Body = void (*)(benchmark::State&, Store);
    const std::pair<const char*, Body> operations[] = { { "saveUserCreate", saveUserCreate },
        { "saveUserUpdateThreeFields", saveUserUpdateThreeFields }, { "getUser", getUser },
        { "getUserFromName", getUserFromName }, { "saveUsers1000", saveUsers1000 }, { "searchPage", searchPage } };
    std::vector<Comparison> comparisons;
    for (const auto& [name, body] : operations) {
        const std::string sqlite = std::string(name) + "_SQLite", postgres = std::string(name) + "_PostgreSQL";
        benchmark::RegisterBenchmark(sqlite.c_str(), body, Store::Sqlite)->Unit(benchmark::kMicrosecond)->UseRealTime();
        if (postgresServer()) {
            benchmark::RegisterBenchmark(postgres.c_str(), body, Store::Postgres)
                ->Unit(benchmark::kMicrosecond)
                ->UseRealTime();
            comparisons.push_back({ postgres, sqlite });
        }
    }
    if (!postgresServer())
        std::fprintf(stderr, "store_benchmark: SQLite only (USERSERVICE_TEST_POSTGRES names no server)\n");
    return runWithRatios(argc, argv, comparisons);
}
