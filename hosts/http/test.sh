#!/usr/bin/env bash
# Drives userservice_http as an operator does: a config file, --demo on a fresh
# database, curl calls with the printed password and token, a restart that prints
# no secret, and SIGTERM, which must stop it cleanly (exit status 0).
#   usage: test.sh path/to/userservice_http
set -Eeuo pipefail # -E: the ERR trap below holds in functions too
host=$1
dir=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
fail() {
  trap - ERR
  echo "FAIL: $*" >&2; echo "--- stdout" >&2; cat "$dir/out" >&2; echo "--- stderr" >&2; cat "$dir/err" >&2; exit 1
}
# A command that fails outside fail() says where, with the host's output (set -e alone exits silently).
trap '[[ $BASHPID != $$ ]] || fail "line $LINENO: a command failed"' ERR # once, in the script's own shell

cat >"$dir/host.toml" <<EOF
port = 0
db = "$dir/demo.db"
password-hashing = "minimal"
access-log = "$dir/access.log"
EOF

start() {
  "$host" --config "$dir/host.toml" --demo >"$dir/out" 2>"$dir/err" &
  pid=$!
  for _ in $(seq 200); do grep -q "listening on" "$dir/out" && break; sleep 0.05; done
  base=$(grep -o 'https\?://127.0.0.1:[0-9]*' "$dir/out" | head -1)
  [[ -n $base ]] || fail "the host did not start"
}

stop() {
  kill -TERM $pid
  local status=0
  wait $pid || status=$?
  pid=
  [[ $status == 0 ]] || fail "exit status $status after SIGTERM"
  grep -q "stopping (SIGTERM)" "$dir/out" || fail "no clean stop"
}

call() { # call EXPECTED_STATUS curl-arguments...
  local expected=$1; shift
  local status
  status=$(curl -s -o "$dir/body" -w '%{http_code}' "$@") || true # 000 when the host did not answer
  [[ $status == "$expected" ]] || fail "curl $* answered $status, expected $expected: $(cat "$dir/body")"
}

start
password=$(grep -o -- '-u admin:[^ ]*' "$dir/out" | head -1 | cut -d: -f2)
token=$(grep -o 'Bearer [^'"'"']*' "$dir/out" | head -1 | cut -d' ' -f2)
jdoe_token=$(grep -o 'Bearer [^'"'"']*' "$dir/out" | sed -n 2p | cut -d' ' -f2)
[[ -n $password && -n $token && -n $jdoe_token && $token != "$jdoe_token" ]] ||
  fail "the demo did not print a password and both users' tokens"

call 200 -u "admin:$password" "$base/api/v1/User/1"
grep -q '"UserName":"admin"' "$dir/body" || fail "GET User/1: $(cat "$dir/body")"
call 200 -H "Authorization: Bearer $token" -X POST "$base/api/v1/Agents/User/GetUserFromName?userName=jdoe"
grep -q '"UserName":"jdoe"' "$dir/body" || fail "GetUserFromName: $(cat "$dir/body")"
call 200 -H "Authorization: Bearer $jdoe_token" -X POST "$base/api/v1/Agents/User/GetUser?userId=2"
grep -q '"UserName":"jdoe"' "$dir/body" || fail "jdoe's token: $(cat "$dir/body")"
call 401 "$base/api/v1/User/1"
call 401 -u "admin:wrong" "$base/api/v1/User/1"
call 400 -u "admin:$password" -H 'Content-Type: application/json' -d '{"Name":' "$base/api/v1/Agents/User/SaveUser"
call 404 -u "admin:$password" "$base/api/v1/User/999"
call 200 -u "admin:$password" -H 'Content-Type: application/merge-patch+json' -X PATCH \
  -d '{"person":{"title":"Dr"}}' "$base/api/v1/User/2"
grep -q '"Title":"Dr"' "$dir/body" || fail "PATCH: $(cat "$dir/body")"
# The seeds' ExecuteUserCommand sample (Smith Group, answered Cancel), then the command run for real.
seeds=$(dirname "$0")/../../tests/data/seeds
call 200 -u "admin:$password" -H 'Content-Type: application/json' --data @"$seeds/execute_user_command.request.json" \
  "$base/api/v1/Agents/User/ExecuteUserCommand"
grep -q '"Success":false,.*"Result":"Cancel"' "$dir/body" || fail "ExecuteUserCommand sample: $(cat "$dir/body")"
call 200 -u "admin:$password" -X POST "$base/api/v1/User/2/CustomCommand/Smith%20Group?actionResult=Yes"
grep -q '"Success":true' "$dir/body" || fail "Smith Group: $(cat "$dir/body")"
call 200 -u "admin:$password" "$base/api/v1/User/2?\$select=otherGroups/value"
grep -q '"Value":"Smith Group"' "$dir/body" || fail "not in the Smith Group: $(cat "$dir/body")"
grep -q '"GET /api/v1/User/1" 200' "$dir/access.log" || fail "no access log line"
if grep -q -- "$password" "$dir/access.log" "$dir/err"; then fail "the password was logged"; fi
stop

# A restart keeps the data and prints no secret.
start
grep -q -- "$password" "$dir/out" && fail "the password was printed again"
call 200 -u "admin:$password" "$base/api/v1/User/2"
grep -q '"Title":"Dr"' "$dir/body" || fail "the patch was lost"
stop

# HTTPS with a certificate made by the openssl CLI: the demo credentials over curl --cacert;
# plain HTTP on that port gets no answer, and the host keeps serving.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
printf 'tls-cert = "%s"\ntls-key = "%s"\n' "$dir/cert.pem" "$dir/key.pem" >>"$dir/host.toml"
start
[[ $base == https://* ]] || fail "not listening on HTTPS: $base"
call 200 --cacert "$dir/cert.pem" -u "admin:$password" "$base/api/v1/User/2"
grep -q '"Title":"Dr"' "$dir/body" || fail "GET over HTTPS: $(cat "$dir/body")"
if curl -s -m 5 -u "admin:$password" "http://${base#https://}/api/v1/User/2" >/dev/null; then
  fail "plain HTTP was answered on the HTTPS port"
fi
call 200 --cacert "$dir/cert.pem" -H "Authorization: Bearer $token" "$base/api/v1/User/2"
stop

# Unusable TLS files stop it before it listens, naming the file and what is wrong.
refused() { # refused EXPECTED_MESSAGE flags...
  local expected=$1; shift
  local status=0
  "$host" --db "$dir/demo.db" --port 0 --no-plugins "$@" >"$dir/out" 2>"$dir/err" || status=$?
  [[ $status != 0 ]] || fail "started with $*"
  grep -q -- "$expected" "$dir/err" || fail "with $*: expected '$expected' on stderr"
  if grep -q "listening on" "$dir/out"; then fail "listened with $*"; fi
}
refused "$dir/missing.pem cannot be read" --tls-cert "$dir/missing.pem" --tls-key "$dir/key.pem"
refused "$dir/host.toml is not PEM" --tls-cert "$dir/cert.pem" --tls-key "$dir/host.toml"
refused "tls-cert requires --tls-key" --tls-cert "$dir/cert.pem"
echo "userservice_http: all checks passed"
