#!/usr/bin/env bash
# Load test of the HTTP host: GetUser by id with a Bearer token, driven by wrk on
# loopback, on the release build. Prints requests per second and the latency
# percentiles, and checks the goal (at least 5,000 requests/s, p99 under 10 ms).
#   usage: scripts/load-test.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-32}
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)" --target userservice_http >/dev/null

dir=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
./build/release/hosts/http/userservice_http --demo --db "$dir/load.db" --port 0 \
  --access-log "$dir/access.log" >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 200); do grep -q "listening on" "$dir/out" && break; sleep 0.05; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out" | head -1)
token=$(grep -o 'Bearer [^'"'"']*' "$dir/out" | head -1 | cut -d' ' -f2)
[[ -n $base && -n $token ]] || { cat "$dir/out" "$dir/err"; exit 1; }

wrk -t 2 -c "$connections" -d "${seconds}s" --latency -H "Authorization: Bearer $token" \
  "$base/api/v1/User/2" | tee "$dir/wrk"
kill -TERM $pid && wait $pid && pid=

rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/wrk")
p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk")
p99ms=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; print n }')
non2xx=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk")
lines=$(wc -l <"$dir/access.log")
echo "GetUser by id over HTTP: $rps requests/s, p99 $p99, ${non2xx:-0} non-2xx answers, $lines access-log lines"
awk -v r="$rps" -v p="$p99ms" -v bad="${non2xx:-0}" 'BEGIN { ok = r >= 5000 && p < 10 && bad == 0;
  print ok ? "goal met (>= 5000 requests/s, p99 < 10 ms)" : "GOAL MISSED (>= 5000 requests/s, p99 < 10 ms)"; exit !ok }'
