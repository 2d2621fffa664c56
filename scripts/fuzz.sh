#!/usr/bin/env bash
# Builds the libFuzzer targets with Clang (ASan and UBSan, whose Clang form includes
# float-cast-overflow) and runs each on its seed corpus for a time budget:
#   bash scripts/fuzz.sh            # 30 s per target
#   bash scripts/fuzz.sh 20         # 20 s per target (what CI runs)
#   bash scripts/fuzz.sh 3600       # an hour per target
#   bash scripts/fuzz.sh 600 patch  # one target
# New inputs go to build/fuzz/corpus/<target>/ (kept between runs), crashes to
# build/fuzz/artifacts/. A crash found becomes a test: add the input to the seed
# corpus (tests/fuzz/corpus/<target>/) and fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true

# -O1 and line tables only: what libFuzzer advises, and 15% less to compile than -O2 -g.
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DUSERSERVICE_BUILD_FUZZERS=ON -DUSERSERVICE_SANITIZE=address,undefined \
  -DUSERSERVICE_BUILD_TESTS=OFF -DUSERSERVICE_BUILD_SAMPLES=OFF -DUSERSERVICE_BUILD_TOOLS=OFF \
  -DUSERSERVICE_BUILD_PLUGINS=OFF -DUSERSERVICE_BUILD_BENCHMARKS=OFF -DUSERSERVICE_INSTALL=OFF >/dev/null
targets=("$@")
((${#targets[@]})) || targets=(carriers query_text manifest patch http_request)
cmake --build build/fuzz -j "$(nproc)" --target "${targets[@]/%/_fuzz}"

mkdir -p build/fuzz/artifacts
run() {
  local target=$1 log=build/fuzz/$1.log
  mkdir -p "build/fuzz/corpus/$target"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     "build/fuzz/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$target-" \
       "build/fuzz/corpus/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    echo "fuzz $target: clean, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds}s"
  else
    echo "fuzz $target: FAILED (build/fuzz/artifacts/$target-*); the end of its log:" >&2
    tail -40 "$log" >&2
    return 1
  fi
}
export -f run
export seconds
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run {}'
