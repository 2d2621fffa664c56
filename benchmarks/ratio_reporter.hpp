// Runs the registered benchmarks and then prints, for each pair declared with
// compare(), the ratio of the library's time to the raw baseline's time measured
// in the same run: absolute times drift between machines, ratios much less.
// A benchmark run at several thread counts is named with its count,
// "getUser/threads:2", as Google Benchmark names it.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace userservice::bench {

struct Comparison {
    std::string subject;  ///< benchmark name of the library path
    std::string baseline; ///< benchmark name of the raw baseline
    double goal = 0;      ///< the largest acceptable ratio; 0: none (a ratio reported for information)
    /// Compare throughputs instead (the baseline's time / the subject's): calls per
    /// second as a multiple of the baseline's, reported for information (no goal).
    bool throughput = false;
};

class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& run : runs) {
            errors_ += run.error_occurred ? 1 : 0;
            if (run.run_type == Run::RT_Iteration || run.aggregate_name == "median")
                times_[nameOf(run)] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }

    /// Prints the ratios; returns how many missed their goal.
    int printRatios(const std::vector<Comparison>& comparisons) const
    {
        int missed = 0;
        std::printf("\n%-44s %-28s %8s %8s\n", "subject", "baseline", "ratio", "goal");
        for (const auto& c : comparisons) {
            const auto s = times_.find(c.subject);
            const auto b = times_.find(c.baseline);
            if (s == times_.end() || b == times_.end() || b->second <= 0)
                continue; // filtered out of this run
            const double ratio = c.throughput ? b->second / s->second : s->second / b->second;
            if (c.goal <= 0 || c.throughput) {
                std::printf("%-44s %-28s %8.2f %8s\n", c.subject.c_str(), c.baseline.c_str(), ratio, "-");
                continue;
            }
            const bool ok = ratio <= c.goal;
            missed += ok ? 0 : 1;
            std::printf("%-44s %-28s %8.2f %7.2fx %s\n", c.subject.c_str(), c.baseline.c_str(), ratio, c.goal,
                        ok ? "ok" : "MISSED");
        }
        return missed;
    }

    /// How many runs stopped with SkipWithError.
    int errors() const noexcept { return errors_; }

private:
    /// The function's name, with "/threads:N" when it runs at several thread counts.
    static std::string nameOf(const Run& run)
    {
        const auto& name = run.run_name;
        return name.threads.empty() ? name.function_name : name.function_name + "/" + name.threads;
    }

    std::map<std::string, double> times_;
    int errors_ = 0;
};

/// The body of a benchmark main(): run, then print the ratios. The exit status
/// stays 0 when a goal is missed (goals are reported, not asserted); it is 1 when a
/// benchmark stopped with an error, so that a smoke run catches a broken one.
inline int runWithRatios(int argc, char** argv, const std::vector<Comparison>& comparisons)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    reporter.printRatios(comparisons);
    return reporter.errors() == 0 ? 0 : 1;
}

} // namespace userservice::bench
