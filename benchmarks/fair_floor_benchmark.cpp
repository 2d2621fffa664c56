// The fair floor's benchmarks (fair_floor.hpp), and the service's update of the same
// three fields: service_benchmark's main() compares each service benchmark with the
// floor of the same work (issue 17's goals: create and update 1.5x, look-ups 1.3x,
// bulk per user 2x).
#include "fair_floor.hpp"

namespace {

using namespace userservice;
using namespace userservice::bench;

void floorCreate(benchmark::State& state)
{
    Library library;
    Floor floor(library.path());
    User user = library.user(nextUserNumber());
    floor.create(user); // warm-up: the tables' first pages exist
    for (auto _ : state) {
        Library::rename(user, nextUserNumber());
        benchmark::DoNotOptimize(floor.create(user));
    }
}
BENCHMARK(floorCreate)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Tooltip, Person.DirectPhone and CustomFields["Office"] (the second field) change
// on every save, on both sides.
constexpr int officePosition = 1;

void floorUpdateThreeFields(benchmark::State& state)
{
    Library library;
    Floor floor(library.path());
    const std::int64_t id = floor.create(library.user(nextUserNumber()));
    int version = 0;
    for (auto _ : state) {
        const std::string n = std::to_string(++version);
        floor.updateThreeFields(id, "Sales, Oslo office " + n, "+47 22 12 34 " + n, officePosition, "Oslo " + n);
    }
}
BENCHMARK(floorUpdateThreeFields)->Unit(benchmark::kMicrosecond)->UseRealTime();

void saveUserUpdateThreeFields(benchmark::State& state)
{
    Library library;
    library.warmUp();
    User user = library.service().saveUser(library.caller(), library.user(nextUserNumber()));
    int version = 0;
    for (auto _ : state) {
        Library::changeThreeFields(user, ++version);
        User stored = library.service().saveUser(library.caller(), user);
        benchmark::DoNotOptimize(stored);
    }
}
BENCHMARK(saveUserUpdateThreeFields)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The look-ups read the library's seeded database (the one getUser reads) through
// the floor's own connection.
void floorLoadById(benchmark::State& state)
{
    LibraryReads& reads = LibraryReads::get();
    Floor floor(reads.library.path());
    std::size_t next = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(floor.load(reads.ids[next++ % reads.ids.size()]));
}
BENCHMARK(floorLoadById)->Unit(benchmark::kMicrosecond)->UseRealTime();

void floorLoadByName(benchmark::State& state)
{
    LibraryReads& reads = LibraryReads::get();
    Floor floor(reads.library.path());
    std::size_t next = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(floor.loadByName(reads.userNames[next++ % reads.userNames.size()]));
}
BENCHMARK(floorLoadByName)->Unit(benchmark::kMicrosecond)->UseRealTime();

// As saveUsers1000: a fresh library database per iteration (made with the timer
// paused), one batch of 1000 users per iteration.
void floorCreate1000(benchmark::State& state)
{
    std::vector<int> numbers(batchSize);
    for (auto& number : numbers)
        number = nextUserNumber();
    std::optional<Floor> floor;
    std::optional<Library> library;
    std::vector<User> users;
    for (auto _ : state) {
        state.PauseTiming();
        floor.reset();
        library.reset();
        library.emplace();
        library->warmUp();
        floor.emplace(library->path());
        users.clear();
        for (int number : numbers)
            users.push_back(library->user(number));
        state.ResumeTiming();

        floor->createAll(users);
    }
    floor.reset();
    reportPerItem(state);
}
BENCHMARK(floorCreate1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace
