#!/usr/bin/env bash
# The HTTP host's resident memory (VmRSS, and its peak VmHWM, from /proc/PID/status) on
# the release build, started with the demo users, access log off:
#   idle           just started
#   idle conns     CONNECTIONS keep-alive connections held open, each after one GetUser
#   busy conns     CONNECTIONS wrk connections calling GET /api/v1/User/2 (peak of samples)
#   imported       restarted on the same database after `usersvc import` of USERS users
#                  (scripts/generate-users.sh), then answering list pages of 1,000
#                  users and GetUser on random ids (peak of samples)
# and per connection: (that state's RSS - idle) / CONNECTIONS. The idle connections come
# before the busy ones: after a busy run the allocator keeps memory the run freed, and
# the idle connections would be charged with it. Memory, not speed: a busy machine
# changes these figures little.
# The host runs with --max-connections CONNECTIONS + 64 and --max-connections-per-address 0
# (every client here is 127.0.0.1, and the default allows 64 an address), and
# --idle-timeout-ms 600000 so that the idle connections stay while measured.
#   usage: scripts/memory-report.sh [USERS] [CONNECTIONS] [SECONDS]   (100000, 1000, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-100000}
connections=${2:-1000}
seconds=${3:-10}
bash scripts/install-deps.sh
build=${USERSERVICE_BUILD_DIR:-build/release} # another RelWithDebInfo build of yours
[[ -f $build/CMakeCache.txt ]] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target userservice_http usersvc >/dev/null

# The host, wrk and the idle clients each hold CONNECTIONS descriptors.
files=$((connections + 256))
(($(ulimit -n) >= files)) || ulimit -n "$files" || { echo "memory-report: needs ulimit -n $files" >&2; exit 2; }

dir=$(mktemp -d)
host=
holder=
trap '[[ -n $holder ]] && kill "$holder" 2>/dev/null; [[ -n $host ]] && kill "$host" 2>/dev/null; rm -rf "$dir"' EXIT
database=$dir/memory.db

# Starts the host on $database (output to $dir/out$1); sets host and base.
start() {
  "./$build/hosts/http/userservice_http" --demo --db "$database" --port 0 --no-console --access-log off \
    --max-connections $((connections + 64)) --max-connections-per-address 0 --idle-timeout-ms 600000 \
    >"$dir/out$1" 2>"$dir/err$1" &
  host=$!
  for _ in $(seq 200); do grep -q "listening on" "$dir/out$1" && break; sleep 0.05; done
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out$1" | head -1)
  [[ -n $base ]] || { cat "$dir/out$1" "$dir/err$1"; exit 1; }
}
stop() { kill -TERM "$host" && wait "$host" || true; host=; }

kb() { awk -v name="$1:" '$1 == name { print $2 }' "/proc/$host/status"; }
sockets() { { find "/proc/$host/fd" -lname 'socket:*' 2>/dev/null || true; } | wc -l; } # fds come and go
# report STATE [RSS SOCKETS [CLIENTS]]: a line of the table, now or with a peak sampled
# earlier; per connection when CLIENTS (default CONNECTIONS; 0: none) were connected.
report() {
  local rss=${2:-$(kb VmRSS)} socks=${3:-$(sockets)} clients=${4:-$connections}
  awk -v state="$1" -v rss="$rss" -v hwm="$(kb VmHWM)" -v idle="$idle" -v n="$clients" -v socks="$socks" 'BEGIN {
    per = n > 0 ? sprintf("%.1f KB", (rss - idle) / n) : "-"
    printf "%-64s %8.1f MB %8.1f MB %8d %14s\n", state, rss / 1024, hwm / 1024, socks, per }'
}
# sample PID: sets peak and socks to the highest VmRSS (kB) and the most sockets seen every
# 0.2 s until the child PID has ended, then waits for it.
sample() {
  peak=0 socks=0
  local now count
  while ! grep -qs '^State:.Z' "/proc/$1/status" && [[ -e /proc/$1 ]]; do
    now=$(kb VmRSS) count=$(sockets)
    ((now > peak)) && peak=$now
    ((count > socks)) && socks=$count
    sleep 0.2
  done
  wait "$1" || echo "memory-report: $(cat /proc/$1/comm 2>/dev/null || echo a client) failed" >&2
}

start 0
token=$(grep -o 'Bearer [^'"'"']*' "$dir/out0" | head -1 | cut -d' ' -f2)
[[ -n $token ]] || { cat "$dir/out0" "$dir/err0"; exit 1; }
export MEMORY_REPORT_TOKEN=$token # to wrk's script and the idle clients, not on a command line
port=${base##*:}
sleep 1
printf '%-64s %11s %11s %8s %14s\n' state VmRSS VmHWM sockets "per connection"
idle=$(kb VmRSS)
report "idle after start" "" "" 0

# Idle: each connection makes one call, then stays open until this script ends it.
cat >"$dir/hold.py" <<'EOF'
import os, socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
request = ("GET /api/v1/User/2 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
           + os.environ["MEMORY_REPORT_TOKEN"] + "\r\n\r\n").encode()
held, answered = [], 0
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += s.recv(65536)
    head, _, body = reply.partition(b"\r\n\r\n")
    length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0])
    while len(body) < length:
        body += s.recv(65536)
    answered += head.startswith(b"HTTP/1.1 200")
    held.append(s)
print(f"held {len(held)} connections, {answered} answered 200", flush=True)
time.sleep(3600)
EOF
python3 "$dir/hold.py" "$port" "$connections" >"$dir/hold" &
holder=$!
for _ in $(seq 1200); do [[ -s $dir/hold ]] && break; sleep 0.1; done
[[ -s $dir/hold ]] || { echo "memory-report: the idle clients did not connect" >&2; exit 1; }
sleep 1
report "$connections idle keep-alive connections ($(cut -d" " -f2- "$dir/hold"))"
kill "$holder" && wait "$holder" 2>/dev/null || true
holder=
sleep 1

# Busy: wrk's connections, sampled while they call.
cat >"$dir/auth.lua" <<'EOF'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MEMORY_REPORT_TOKEN")
EOF
wrk -t 2 -c "$connections" -d "${seconds}s" -s "$dir/auth.lua" "$base/api/v1/User/2" >"$dir/wrk-busy" &
sample $!
rate=$(awk '/^Requests\/sec/ { printf "%.0f/s", $2 }' "$dir/wrk-busy")
errors=$(grep -o 'Socket errors.*\|Non-2xx.*' "$dir/wrk-busy" | tr '\n' ' ' || true)
report "$connections busy connections (wrk, peak; $rate${errors:+; $errors})" "$peak" "$socks"
sleep 1
report "after the busy run (connections closed)" "" "" 0
stop

# A database with USERS more users, then the host on it again (the demo users exist
# already: it prints no token, and the one above still holds).
bash scripts/generate-users.sh "$users" >"$dir/users.jsonl"
imported=$(date +%s.%N)
"./$build/tools/usersvc/usersvc" --db "$database" import "$dir/users.jsonl" >"$dir/import" 2>&1 ||
  { cat "$dir/import" >&2; exit 1; }
imported=$(awk -v s="$imported" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
start 1
sleep 1
idle=$(kb VmRSS)
report "restarted after importing $users users (${imported} s), idle" "" "" 0
# Then pages of the list, 1,000 users each, one after the other, and GetUser on random ids.
{
  curl -sS -o "$dir/page" -w '%{http_code} %{size_download}\n' -H @<(echo "Authorization: Bearer $token") \
    "$base/api/v1/User?\$top=1000&\$orderBy=userName"
  for _ in $(seq 2 10); do
    link=$(grep -o '"odata.nextLink":"[^"]*"' "$dir/page" | cut -d'"' -f4 || true)
    [[ -n $link ]] || break
    curl -sS -o "$dir/page" -w '%{http_code} %{size_download}\n' -H @<(echo "Authorization: Bearer $token") \
      "$base$link"
  done
} >"$dir/pages" &
sample $!
page=$(awk '{ n++; if ($1 != 200) bad++; bytes += $2 } END { printf "%d pages, %.1f MB each, %d not 200", n, bytes / n / 1048576, bad }' "$dir/pages")
report "  list pages of 1,000 users, one at a time (peak; $page)" "$peak" "$socks" 0
cat >"$dir/random.lua" <<EOF
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MEMORY_REPORT_TOKEN")
request = function() return wrk.format("GET", "/api/v1/User/" .. math.random(1, $((users + 2)))) end
EOF
wrk -t 2 -c 32 -d "${seconds}s" -s "$dir/random.lua" "$base/" >"$dir/wrk-random" &
sample $!
rate=$(awk '/^Requests\/sec/ { printf "%.0f/s", $2 }' "$dir/wrk-random")
report "  GetUser on random ids, 32 connections (wrk, peak; $rate)" "$peak" "$socks" 0
stop
echo "(per connection: the state's VmRSS minus the idle host's, over $connections; RelWithDebInfo from $build;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg))"
