#!/usr/bin/env bash
# Instructions per call of one function (inclusive: what it calls counts), counted by
# valgrind's callgrind while a benchmark runs: a count that a busy machine does not
# change, for comparing two versions of the code or two benchmarks of one run.
#
# usage: benchmarks/instructions_per_call.sh BENCHMARK_BINARY FILTER FUNCTION_REGEX [SECONDS]
#   benchmarks/instructions_per_call.sh build/bench/benchmarks/service_benchmark \
#     saveUserUpdateWithAuditTrail 'UserService::saveUser\('
set -euo pipefail
binary=${1:?usage: instructions_per_call.sh BENCHMARK_BINARY FILTER FUNCTION_REGEX [SECONDS]}
filter=${2:?the benchmark filter}
function=${3:?a regular expression matching the name of the function}
seconds=${4:-1}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" --benchmark_filter="$filter" \
  --benchmark_min_time="$seconds" >/dev/null 2>&1
# Sums the calls to the function and their inclusive cost over every call site.
python3 - "$out" "$function" <<'PY'
import re, sys
path, pattern = sys.argv[1], re.compile(sys.argv[2])
names, callee, calls, cost = {}, None, 0, 0
lines = open(path).read().split("\n")
def name(spec):  # "(12) name" defines a compressed name, "(12)" refers to it
    m = re.match(r"\((\d+)\)(?: (.*))?", spec)
    if not m:
        return spec
    if m.group(2):
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), "")
for i, line in enumerate(lines):
    if line.startswith(("fn=", "cfn=")):
        resolved = name(line.split("=", 1)[1])
        if line.startswith("cfn="):
            callee = resolved
    elif line.startswith("calls=") and callee and pattern.search(callee):
        calls += int(line.split("=")[1].split()[0])
        cost += int(lines[i + 1].split()[1])
if calls == 0:
    sys.exit(f"instructions_per_call: no call matched {sys.argv[2]}")
print(f"{calls} calls, {cost / calls:,.0f} instructions per call")
PY
