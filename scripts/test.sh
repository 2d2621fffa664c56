#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test: the CMake build, the
# threaded tests under TSan, the fuzz targets for a short budget, the Meson build with
# every test under ASan+UBSan, and
# consumer projects built against the installed package (CMake find_package, with a
# plugin built by the installed userservice_add_plugin, and pkg-config), and the
# installed programs run from a fresh prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

jobs=$(nproc)
# Each step prints how long the one before it took: CI has a time budget.
# And the disk left: CI's disk is small, so each stage's build is removed once the stage has passed
# (scripts/fuzz.sh and a developer's own builds keep theirs).
step() {
  printf '\n=== (%d min %d s so far, %s free) %s\n' $((SECONDS / 60)) $((SECONDS % 60)) \
    "$(df -h --output=avail . | tail -1 | tr -d ' ')" "$*"
}

step "CMake build and tests"
# -g1 (line tables, no variables): stack traces still name lines, and each file compiles in a quarter less
# time than at -g (measured at -O2); a developer's own build keeps CMake's -g.
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$PWD/build/stage" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build/release -j "$jobs"
ctest --test-dir build/release --output-on-failure -j "$jobs"

step "The store and service suites on PostgreSQL (a throwaway server)"
# The parametrized cases' PostgreSQL half, which skips without a server.
bash scripts/with-postgres.sh build/release/tests/userservice_tests --gtest_brief=1 \
  --gtest_filter='*/PostgreSQL:PostgresStore.*:PostgresConnection.*'
# The store benchmark's PostgreSQL side, in a short run: it still works (timings not checked).
bash scripts/with-postgres.sh build/release/benchmarks/store_benchmark --benchmark_min_time=0.01 >/dev/null
# Three userservice_http processes on one database, saving at once (tests/http/multi_host_test.cpp).
bash scripts/with-postgres.sh build/release/tests/http_host_tests --gtest_brief=1 --gtest_filter='MultiHost.*'

step "Sizes: no file over 600 lines, no function over 60 (outside tests)"
bash scripts/check-sizes.sh build/release

step "Consumers of the installed package"
rm -rf build/stage
cmake --install build/release >/dev/null
cmake -S tests/find-package-test -B build/consumer-cmake -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/stage" >/dev/null
cmake --build build/consumer-cmake
LD_LIBRARY_PATH="$PWD/build/stage/lib" ./build/consumer-cmake/consumer
mkdir -p build/consumer-pkgconfig
PKG_CONFIG_PATH="$PWD/build/stage/lib/pkgconfig" \
  g++ tests/find-package-test/main.cpp -o build/consumer-pkgconfig/consumer $(PKG_CONFIG_PATH="$PWD/build/stage/lib/pkgconfig" pkg-config --cflags --libs userservice)
LD_LIBRARY_PATH="$PWD/build/stage/lib" ./build/consumer-pkgconfig/consumer
# The samples a developer copies, built as projects of their own.
for sample in embedding business_rules; do
  cmake -S samples/$sample -B build/consumer-$sample -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/stage" >/dev/null
  cmake --build build/consumer-$sample
done
rm -f build/consumer-embedding/embedded.db*
LD_LIBRARY_PATH="$PWD/build/stage/lib" ./build/consumer-embedding/embedding build/consumer-embedding/embedded.db
LD_LIBRARY_PATH="$PWD/build/stage/lib" ./build/consumer-business_rules/business_rules_test --gtest_brief=1

step "The installed programs, run from a fresh prefix"
# usersvc and userservice_http as installed, with their bundled plugins, from a copy of
# the stage in another place: the prefix is relocatable.
rm -rf build/stage-moved
cp -a build/stage build/stage-moved
bash scripts/test-installed.sh build/stage-moved
moved_libdir=$(PKG_CONFIG_PATH="$PWD/build/stage-moved/lib/pkgconfig" pkg-config --variable=libdir userservice)
[[ $(realpath "$moved_libdir") == "$PWD/build/stage-moved/lib" ]] ||
  { echo "userservice.pc is not relocatable: libdir $moved_libdir" >&2; exit 1; }
rm -rf build/release build/stage build/stage-moved build/consumer-*

step "The threaded tests under TSan"
# Only the tests that run threads (the plugin stress test, the service's concurrent
# savers and readers, the HTTP host's I/O and worker threads), in a binary of their own
# (threaded_tests): TSan is slow, and the crash-safety test forks, which TSan does not
# support well.
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DUSERSERVICE_SANITIZE=thread \
  -DUSERSERVICE_BUILD_BENCHMARKS=OFF -DUSERSERVICE_BUILD_TOOLS=OFF -DUSERSERVICE_BUILD_SAMPLES=OFF >/dev/null
cmake --build build/tsan -j "$jobs" --target threaded_tests
TSAN_OPTIONS=halt_on_error=1 ./build/tsan/tests/threaded_tests \
  --gtest_filter='*Stress*:*Threads*:*Readers*:HttpHost.*:HttpRobustness.*'
rm -rf build/tsan

step "Fuzzing: each libFuzzer target on its corpus, 20 s (scripts/fuzz.sh SECONDS for longer)"
bash scripts/fuzz.sh 20
rm -rf build/fuzz

step "Meson build and tests, under ASan+UBSan (and float-cast-overflow, which GCC's UBSan leaves out)"
# One build serves both checks: the Meson build mirrors the CMake one, and every test
# of it runs under the sanitizers.
# Line tables only and no precompiled headers: with full debug information and its five PCH files (320 MB
# each) this build took 4.1 GB, more than CI's disk had left; so it takes 1.9 GB, and stack traces still name lines.
meson_options=(--buildtype=debug -DUSERSERVICE_SANITIZE=address,undefined,float-cast-overflow -Dcpp_args=-g1 -Db_pch=false)
if [[ -d build/meson ]]; then meson setup --reconfigure build/meson "${meson_options[@]}" >/dev/null
else meson setup build/meson "${meson_options[@]}" >/dev/null; fi
meson compile -C build/meson
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 meson test -C build/meson --print-errorlogs --timeout-multiplier 3

step "All tests passed"
