#!/usr/bin/env bash
# Load test of the HTTP host: GetUser by id with a Bearer token, driven by wrk on
# loopback, on the release build. Prints requests per second and the latency
# percentiles, and checks the goal (at least 5,000 requests/s, p99 under 10 ms).
# On the SQLite default, one host; with USERSERVICE_TEST_POSTGRES set (as
# scripts/with-postgres.sh sets it), HOSTS host processes on that one database, a wrk
# per host with CONNECTIONS / HOSTS connections each, and the sum of their answers.
#   usage: scripts/load-test.sh [seconds] [connections] [hosts]
#          scripts/with-postgres.sh scripts/load-test.sh 10 32 2
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-32}
hosts=${3:-1}
database=${USERSERVICE_TEST_POSTGRES:-}
((hosts == 1)) || [[ -n $database ]] || { echo "load-test: more than one host needs PostgreSQL (scripts/with-postgres.sh)" >&2; exit 2; }
bash scripts/install-deps.sh
build=${USERSERVICE_BUILD_DIR:-build/release} # another RelWithDebInfo build of yours
[[ -f $build/CMakeCache.txt ]] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target userservice_http >/dev/null

dir=$(mktemp -d)
pids=()
trap '((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null; rm -rf "$dir"' EXIT
# Starts host $1 (the first with the demo users and their token); waits until it listens.
start() {
  local demo=()
  (($1 == 0)) && demo=(--demo)
  "./$build/hosts/http/userservice_http" "${demo[@]}" --db "${database:-$dir/load.db}" --port 0 \
    --access-log "$dir/access$1.log" >"$dir/out$1" 2>"$dir/err$1" &
  pids+=($!)
  for _ in $(seq 200); do grep -q "listening on" "$dir/out$1" && break; sleep 0.05; done
  grep -o 'http://127.0.0.1:[0-9]*' "$dir/out$1" | head -1 >"$dir/base$1"
  [[ -s $dir/base$1 ]] || { cat "$dir/out$1" "$dir/err$1"; exit 1; }
}
for ((h = 0; h < hosts; ++h)); do start $h; done
token=$(grep -o 'Bearer [^'"'"']*' "$dir/out0" | head -1 | cut -d' ' -f2)
[[ -n $token ]] || { cat "$dir/out0" "$dir/err0"; exit 1; }

per_host=$((connections / hosts))
((per_host >= 1)) || { echo "load-test: $connections connections cannot be shared by $hosts hosts" >&2; exit 2; }
threads=$((2 / hosts > 0 ? 2 / hosts : 1))
((threads <= per_host)) || threads=$per_host # wrk needs a connection per thread
wrks=()
for ((h = 0; h < hosts; ++h)); do
  wrk -t "$threads" -c "$per_host" -d "${seconds}s" --latency \
    -H "Authorization: Bearer $token" "$(cat "$dir/base$h")/api/v1/User/2" >"$dir/wrk$h" &
  wrks+=($!)
done
wait "${wrks[@]}"
cat "$dir"/wrk*
kill -TERM "${pids[@]}" && wait "${pids[@]}" && pids=()

rps=$(awk '/^Requests\/sec/ {sum += $2} END {print sum}' "$dir"/wrk*)
p99=$(awk '$1 == "99%" {print $2}' "$dir"/wrk* | sort -h | tail -1)
p99ms=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; print n }')
non2xx=$(awk '/Non-2xx/ {sum += $NF} END {print sum + 0}' "$dir"/wrk*)
lines=$(cat "$dir"/access*.log | wc -l)
store=SQLite
[[ -z $database ]] || store=PostgreSQL
echo "GetUser by id over HTTP, $hosts host(s) on $store: $rps requests/s," \
  "p99 $p99 (the worst host's), $non2xx non-2xx answers, $lines access-log lines"
awk -v r="$rps" -v p="$p99ms" -v bad="$non2xx" 'BEGIN { ok = r >= 5000 && p < 10 && bad == 0;
  print ok ? "goal met (>= 5000 requests/s, p99 < 10 ms)" : "GOAL MISSED (>= 5000 requests/s, p99 < 10 ms)"; exit !ok }'
