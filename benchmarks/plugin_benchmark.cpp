// Plugins: what the registry adds to a call, and what loading costs, each beside a
// raw baseline in the same run. Goals:
//   a custom command through the registry (handle.run: unload guard and exception
//   firewall)  vs  the same work through a std::function          at most +100 ns
//   PluginRegistry::load + unload (manifest, gate, dlopen, registration)
//     vs  boost::dll::shared_library load + unload of the same file   10 loads <= 20 ms
#include <userservice/plugin_registry.hpp>

#include <benchmark/benchmark.h>
#include <boost/dll/shared_library.hpp>

#include <cstdio>
#include <functional>
#include <map>

namespace {

using namespace userservice;

const char* const pluginFile = USERSERVICE_BENCH_PLUGIN;

struct CallFixture {
    CallerContext caller = CallerContext::system();
    User user;
    plugin::CommandCall call { caller, user, CommandActionResult::Implicit, nullptr };
    CallFixture() { user.associateId = 7; }
};

void rawStdFunctionCall(benchmark::State& state)
{
    CallFixture fixture;
    const std::function<CommandResult(plugin::CommandCall&)> direct = [](plugin::CommandCall& call) {
        return CommandResult { .success = call.user.associateId != 0 };
    };
    for (auto _ : state) {
        CommandResult result = direct(fixture.call);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(rawStdFunctionCall);

void registryCommandCall(benchmark::State& state)
{
    PluginRegistry registry;
    registry.load(pluginFile);
    const CustomCommandHandle noop = registry.customCommand("noop").value();
    CallFixture fixture;
    for (auto _ : state) {
        auto result = noop.run(fixture.call);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(registryCommandCall);

void rawDllLoad(benchmark::State& state)
{
    for (auto _ : state) {
        boost::dll::shared_library library(
            pluginFile, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        benchmark::DoNotOptimize(library);
    }
}
BENCHMARK(rawDllLoad)->Unit(benchmark::kMicrosecond);

void registryLoad(benchmark::State& state)
{
    PluginRegistry registry;
    for (auto _ : state) {
        registry.load(pluginFile);
        registry.unload("bench");
    }
}
BENCHMARK(registryLoad)->Unit(benchmark::kMicrosecond);

/// Prints the absolute goals, which RatioReporter's ratios do not express.
class GoalReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& run : runs)
            if (run.run_type == Run::RT_Iteration || run.aggregate_name == "median")
                nanoseconds_[run.run_name.function_name] =
                    run.GetAdjustedRealTime() * (run.time_unit == benchmark::kMicrosecond ? 1000.0 : 1.0);
        ConsoleReporter::ReportRuns(runs);
    }
    int printGoals() const
    {
        int missed = 0;
        const auto at = [&](const char* name) {
            const auto found = nanoseconds_.find(name);
            return found == nanoseconds_.end() ? -1.0 : found->second;
        };
        if (at("registryCommandCall") >= 0 && at("rawStdFunctionCall") >= 0) {
            const double extra = at("registryCommandCall") - at("rawStdFunctionCall");
            missed += extra > 100;
            std::printf("\na command through the registry: %.1f ns, a std::function: %.1f ns (ratio %.2f): %+.1f ns "
                        "(goal: at most +100 ns) %s\n",
                at("registryCommandCall"), at("rawStdFunctionCall"),
                at("registryCommandCall") / at("rawStdFunctionCall"), extra, extra > 100 ? "MISSED" : "ok");
        }
        if (at("registryLoad") >= 0) {
            const double tenLoads = 10 * at("registryLoad") / 1e6;
            missed += tenLoads > 20;
            std::printf("10 plugin loads with unloads: %.2f ms; raw Boost.DLL: %.2f ms (ratio %.2f) "
                        "(goal: at most 20 ms) %s\n",
                tenLoads, 10 * at("rawDllLoad") / 1e6, at("registryLoad") / at("rawDllLoad"),
                tenLoads > 20 ? "MISSED" : "ok");
        }
        return missed;
    }

private:
    std::map<std::string, double> nanoseconds_;
};

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    GoalReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.printGoals(); // goals are reported, not asserted
    benchmark::Shutdown();
    return 0;
}
