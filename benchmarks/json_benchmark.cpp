// User JSON: parse+convert and convert+serialize against raw Boost.JSON
// parse/serialize of the same document. Goal: conversion adds at most 50 %; a body
// with 20,000 dictionary entries binds in linear time (at most 3x the raw parse).
#include <userservice/json.hpp>

#include "ratio_reporter.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>

namespace {

std::string sampleDocument()
{
    std::ifstream in(USERSERVICE_TEST_DATA "/seeds/save_user.response.json");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The seed's response as the library writes it (its `{}` samples expanded to full
// carriers), so that the baselines handle exactly the same document.
const std::string& document()
{
    static const std::string text =
        userservice::json::serialize(userservice::json::parse<userservice::User>(sampleDocument()));
    return text;
}

// What a host would write by hand: boost::json::parse with the default allocator.
void rawParseDefault(benchmark::State& state)
{
    for (auto _ : state) {
        boost::json::value value = boost::json::parse(document());
        benchmark::DoNotOptimize(value);
    }
}
BENCHMARK(rawParseDefault);

// The strict baseline parses the way the library does: a reused parser and a monotonic
// arena, so that only the conversion differs.
void rawParse(benchmark::State& state)
{
    constexpr std::size_t arenaSize = 256 * 1024;
    const auto arena = std::make_unique<unsigned char[]>(arenaSize);
    boost::json::monotonic_resource resource(arena.get(), arenaSize);
    boost::json::parser parser;
    for (auto _ : state) {
        parser.reset(&resource);
        parser.write(document());
        boost::json::value value = parser.release();
        benchmark::DoNotOptimize(value);
        value = nullptr;
        parser.reset();
        resource.release();
    }
}
BENCHMARK(rawParse);

void parseAndConvert(benchmark::State& state)
{
    for (auto _ : state) {
        auto user = userservice::json::parse<userservice::User>(document());
        benchmark::DoNotOptimize(user);
    }
}
BENCHMARK(parseAndConvert);

void rawSerialize(benchmark::State& state)
{
    const boost::json::value value = boost::json::parse(document());
    for (auto _ : state) {
        auto text = boost::json::serialize(value);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(rawSerialize);

void convertAndSerialize(benchmark::State& state)
{
    const auto user = userservice::json::parse<userservice::User>(document());
    for (auto _ : state) {
        auto text = userservice::json::serialize(user);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(convertAndSerialize);

// A body with 20,000 CustomFields entries (the limit is 200; a client may send more, and
// refusing it must cost what parsing costs, not the square of it nor the building of
// 20,000 entries).
const std::string& wideDocument()
{
    static const std::string text = [] {
        boost::json::object fields;
        for (int i = 0; i < 20000; ++i)
            fields["field" + std::to_string(i)] = "value";
        return boost::json::serialize(boost::json::object { { "Name", "JD" }, { "CustomFields", fields } });
    }();
    return text;
}

void rawParseWide(benchmark::State& state)
{
    for (auto _ : state) {
        auto value = boost::json::parse(wideDocument());
        benchmark::DoNotOptimize(value);
    }
}
BENCHMARK(rawParseWide);

void parseAndRefuseWide(benchmark::State& state)
{
    for (auto _ : state) {
        auto user = userservice::json::tryParse<userservice::User>(wideDocument());
        if (user) {
            state.SkipWithError("a 20,000-entry CustomFields was bound");
            break;
        }
        benchmark::DoNotOptimize(user);
    }
}
BENCHMARK(parseAndRefuseWide);

} // namespace

int main(int argc, char** argv)
{
    return userservice::bench::runWithRatios(argc, argv,
                                             {
                                                 {"parseAndConvert", "rawParse", 1.5},
                                                 {"parseAndConvert", "rawParseDefault", 1.5},
                                                 {"convertAndSerialize", "rawSerialize", 1.5},
                                                 {"parseAndRefuseWide", "rawParseWide", 3.0},
                                             });
}
