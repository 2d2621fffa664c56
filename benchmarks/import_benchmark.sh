#!/usr/bin/env bash
# `usersvc import` of generated users (100,000 by default, three of them bad: a
# malformed line, a user without a name, a duplicate user name), run on a
# pseudo-terminal (util-linux `script`) so that it shows its progress. Checks the
# summary and the bad lines it names, prints its users per second, then runs the
# bulk-save benchmarks of service_benchmark and prints the ratios, as the other
# benchmarks do: the time per imported user over the time per raw row (or per
# user of one saveUsers call).
#
# usage: benchmarks/import_benchmark.sh [BUILD_DIR] [USERS] [Google Benchmark options…]
#   BUILD_DIR  a CMake or Meson build with usersvc and service_benchmark (default build/bench)
#   USERS      how many lines to generate (default 100000)
# USERSVC and SERVICE_BENCHMARK, when set, name the binaries instead (the builds' smoke tests).
set -euo pipefail
build=${1:-build/bench}
users=${2:-100000}
shift $(($# > 2 ? 2 : $#))
benchmarkOptions=("$@")
((${#benchmarkOptions[@]})) || benchmarkOptions=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true)

find_binary() { # the first of these paths that is an executable
  for path in "$@"; do [[ -x $path ]] && { echo "$path"; return; }; done
  echo "import_benchmark: none of $* exists; build usersvc and service_benchmark first" >&2
  exit 2
}
usersvc=$(find_binary ${USERSVC:+"$USERSVC"} "$build/tools/usersvc/usersvc")
service_benchmark=$(find_binary ${SERVICE_BENCHMARK:+"$SERVICE_BENCHMARK"} "$build/benchmarks/service_benchmark")
((users >= 8)) || { echo "import_benchmark: USERS must be at least 8" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
lines="$dir/users.jsonl"

# The users (scripts/generate-users.sh: a person and two custom fields each), three of them bad.
malformed=$((users / 4)) nameless=$((users / 2)) duplicate=$((users * 3 / 4))
bash "$(dirname "$0")/../scripts/generate-users.sh" "$users" "$malformed" "$nameless" "$duplicate" >"$lines"

# Each import on a terminal (script -e passes the exit status on; 3 means it reported
# bad lines), into a fresh database; three of them, and the median rate is the figure,
# as the benchmark's is the median of its repetitions: one run of a few seconds moves
# with whatever else the machine does.
failures=0
expect() { # expect DESCRIPTION TEXT: TEXT is in what the terminal showed
  grep -aqF -- "$2" "$dir/terminal" || { echo "FAIL: $1: no \"$2\" in:" >&2; tail -c 2000 "$dir/terminal" >&2; failures=$((failures + 1)); }
}
rates=()
for run in 1 2 3; do
  rm -f "$dir"/users.db* "$lines.progress"
  start=$(date +%s.%N)
  status=0
  script -qec "$(printf '%q ' "$usersvc" --db "$dir/users.db" import "$lines")" /dev/null >"$dir/terminal" || status=$?
  end=$(date +%s.%N)
  [[ $status == 3 ]] || { echo "FAIL: usersvc import exited with $status, expected 3 (bad lines)" >&2; failures=$((failures + 1)); }
  expect "the summary" "imported $((users - 3)) users from $lines; 3 bad lines"
  expect "the malformed line" "line $malformed: "
  expect "the line without a name" "line $nameless: "
  expect "the duplicate user name" "line $duplicate: "
  expect "progress on the terminal" "% of the file"
  ((failures == 0)) || exit 1
  rates+=("$(awk -v n=$((users - 3)) -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')")
  printf 'usersvc import, run %d: %d lines, %d imported, 3 bad lines reported; %.1f s in all: %d users/s\n' \
    "$run" "$users" $((users - 3)) "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" "${rates[-1]}"
done
import_rate=$(printf '%s\n' "${rates[@]}" | sort -n | sed -n 2p)
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"

# The bulk-save baselines, measured now on this machine.
"$service_benchmark" --benchmark_filter='^(rawInsert1000|saveUsers1000)/' "${benchmarkOptions[@]}" \
  --benchmark_out="$dir/bulk.json" --benchmark_out_format=json >"$dir/bulk.txt" 2>&1
per_second() { # items per second of a benchmark: its median when repeated
  awk -v name="$1" '
    /"name":/ { current = $0; gsub(/.*"name": "|",?$|\/real_time/, "", current) }
    /"items_per_second":/ && (current == name "_median" || current == name) {
      value = $0; gsub(/.*: |,$/, "", value); found[current] = value }
    END { if (name "_median" in found) print found[name "_median"]; else print found[name] }' "$dir/bulk.json"
}
raw_rate=$(per_second rawInsert1000)
bulk_rate=$(per_second saveUsers1000)
[[ -n $raw_rate && -n $bulk_rate ]] || { echo "import_benchmark: no bulk figures in the benchmark's output" >&2; cat "$dir/bulk.txt" >&2; exit 1; }

awk -v import="$import_rate" -v raw="$raw_rate" -v bulk="$bulk_rate" 'BEGIN {
  printf "\n%-34s %14s %10s %10s\n", "subject", "per second", "per item", "ratio"
  printf "%-34s %14.0f %8.1f us %10s\n", "rawInsert1000 (raw rows)", raw, 1e6 / raw, ""
  printf "%-34s %14.0f %8.1f us %10.2f\n", "saveUsers1000 (users)", bulk, 1e6 / bulk, raw / bulk
  printf "%-34s %14.0f %8.1f us %10.2f\n", "usersvc import (users)", import, 1e6 / import, raw / import
  printf "%-34s %14s %10s %10.2f\n", "usersvc import vs saveUsers1000", "", "", bulk / import
}'
