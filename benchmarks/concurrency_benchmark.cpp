// One UserService shared by 1, 2, 4 and 8 threads, on one SQLite file in WAL mode: a
// writer connection and `readConnections` (4 by default) read connections. Each thread
// makes its own calls back to back:
//   concurrentGetUser    getUser by id, the seeded users in turn (reads only)
//   concurrentSaveUser   saveUser updating three fields of a user of the thread's own
//                        (writes only, no two threads on one user: no conflicts)
//   concurrentMixed      9 getUser to 1 saveUser update (the same calls)
// Items per second are all the threads' calls per wall-clock second; the ratios print
// the throughput at N threads as a multiple of 1 thread's. On 2 cores, 4 and 8 threads
// can only show that throughput holds, not that it scales.
//
// Reads never wait for writes: getUserWhileSaving runs the getUser readers while one
// more thread saves continuously, against concurrentGetUser (the same readers with no
// writer) in the same run. Its ratio is time per read with the writer over without:
// 1 when reads do not wait and cores are free; sharing the CPU with the writer alone
// can make it up to (readers + 1) / readers on a machine with as many cores as readers.
#include "ratio_reporter.hpp"
#include "service_fixtures.hpp"

#include <thread>

namespace {

using namespace userservice;
using namespace userservice::bench;

/// The seeded users, read in turn from an offset of the thread's own.
class Reader {
public:
    explicit Reader(const benchmark::State& state)
        : next_(static_cast<std::size_t>(state.thread_index()) * 97)
    {
    }

    void read()
    {
        LibraryReads& reads = LibraryReads::get();
        auto user = reads.library.service().getUser(reads.library.caller(), reads.ids[next_++ % reads.ids.size()]);
        benchmark::DoNotOptimize(user);
    }

private:
    std::size_t next_;
};

/// A user of its own, saved again and again with three fields changed: no other
/// writer touches it.
class Writer {
public:
    Writer()
        : user_(library().service().saveUser(library().caller(), library().user(nextUserNumber())))
    {
    }

    void save()
    {
        Library::changeThreeFields(user_, ++version_);
        User stored = library().service().saveUser(library().caller(), user_);
        benchmark::DoNotOptimize(stored);
    }

private:
    static Library& library() { return LibraryReads::get().library; }

    User user_;
    int version_ = 0;
};

void concurrentGetUser(benchmark::State& state)
{
    Reader reader(state);
    for (auto _ : state)
        reader.read();
    state.SetItemsProcessed(state.iterations());
}

void concurrentSaveUser(benchmark::State& state)
{
    Writer writer; // before the loop: not timed
    for (auto _ : state)
        writer.save();
    state.SetItemsProcessed(state.iterations());
}

void concurrentMixed(benchmark::State& state)
{
    Reader reader(state);
    Writer writer;
    int call = 0;
    for (auto _ : state) {
        if (++call % 10 == 0)
            writer.save();
        else
            reader.read();
    }
    state.SetItemsProcessed(state.iterations());
}

/// A thread saving its own user continuously from construction to destruction.
class BackgroundWriter {
public:
    BackgroundWriter()
        : thread_([this](std::stop_token stop) {
            Writer writer;
            started_.test_and_set();
            started_.notify_all();
            while (!stop.stop_requested()) {
                writer.save();
                ++saves_;
            }
        })
    {
        started_.wait(false); // saving before the readers' clock starts
    }
    BackgroundWriter(const BackgroundWriter&) = delete;
    BackgroundWriter& operator=(const BackgroundWriter&) = delete;
    ~BackgroundWriter() = default; // std::jthread: stop, then join

    long saves() const noexcept { return saves_; }

private:
    std::atomic_flag started_;
    std::atomic<long> saves_ { 0 };
    std::jthread thread_; // last: started once the members it uses exist
};

void getUserWhileSaving(benchmark::State& state)
{
    // Thread 0 starts the writer before the threads' common start and stops it after
    // their common end (Google Benchmark waits for every thread at both).
    std::optional<BackgroundWriter> writer;
    if (state.thread_index() == 0)
        writer.emplace();
    const long savesBefore = writer ? writer->saves() : 0;
    const auto started = std::chrono::steady_clock::now();
    Reader reader(state);
    for (auto _ : state)
        reader.read();
    state.SetItemsProcessed(state.iterations());
    if (writer) { // its saves per second while the readers ran (counters add up over threads)
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
        state.counters["saves_per_s"] = static_cast<double>(writer->saves() - savesBefore) / seconds.count();
    }
}

void perThreadCount(benchmark::internal::Benchmark* benchmark)
{
    benchmark->Unit(benchmark::kMicrosecond)->UseRealTime();
    for (const int threads : { 1, 2, 4, 8 })
        benchmark->Threads(threads);
}

BENCHMARK(concurrentGetUser)->Apply(perThreadCount);
BENCHMARK(concurrentSaveUser)->Apply(perThreadCount);
BENCHMARK(concurrentMixed)->Apply(perThreadCount);
BENCHMARK(getUserWhileSaving)->Apply(perThreadCount);

std::vector<Comparison> comparisons()
{
    std::vector<Comparison> all;
    for (const char* name : { "concurrentGetUser", "concurrentSaveUser", "concurrentMixed" })
        for (const char* threads : { "/threads:2", "/threads:4", "/threads:8" })
            all.push_back({ .subject = name + std::string(threads),
                .baseline = name + std::string("/threads:1"),
                .throughput = true });
    for (const char* threads : { "/threads:1", "/threads:2", "/threads:4", "/threads:8" })
        all.push_back({ .subject = "getUserWhileSaving" + std::string(threads),
            .baseline = "concurrentGetUser" + std::string(threads) });
    return all;
}

} // namespace

int main(int argc, char** argv)
{
    return userservice::bench::runWithRatios(argc, argv, comparisons());
}
