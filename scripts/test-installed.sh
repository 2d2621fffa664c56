#!/usr/bin/env bash
# Runs the installed programs of a prefix for real, as a user who installed the
# package would, with nothing from the build tree: usersvc on a fresh database
# (and its view of the bundled plugins), then userservice_http on a free port,
# loading the bundled plugins and serving the bundled console by default, answering an authenticated call, and
# stopped. Nothing is left running.   usage: test-installed.sh PREFIX
set -euo pipefail
prefix=$(cd "$1" && pwd)
usersvc=$prefix/bin/usersvc
host=$prefix/bin/userservice_http
plugins=$(dirname "$(find "$prefix" -path '*/userservice/plugins/libwelcome.so' | head -1)")
dir=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$dir"/*.out "$dir"/*.err; do echo "--- $f" >&2; cat "$f" >&2; done; exit 1; }
# No LD_LIBRARY_PATH: the programs find the library through their RPATH.
unset LD_LIBRARY_PATH

[[ -d $plugins ]] || fail "no bundled plugin folder under $prefix"
"$usersvc" plugins "$plugins" >"$dir/plugins.out" 2>"$dir/plugins.err" || fail "usersvc plugins $plugins failed"
grep -q "4 loaded, 0 not" "$dir/plugins.out" || fail "the bundled plugins did not all load"

# usersvc on a temporary database: a user saved, read back, a token issued.
echo '{"name":"AL","userName":"ada","type":"InternalAssociate","person":{"lastname":"Lovelace"}}' >"$dir/ada.json"
"$usersvc" --db "$dir/users.db" save "$dir/ada.json" >"$dir/save.out" 2>"$dir/save.err" || fail "usersvc save"
"$usersvc" --db "$dir/users.db" get --name ada --select userName,person/lastname >"$dir/get.out" 2>"$dir/get.err" ||
  fail "usersvc get"
grep -q '"Lastname":"Lovelace"' "$dir/get.out" || fail "usersvc get does not show the saved user"
"$usersvc" --db "$dir/users.db" token issue ada >"$dir/token.out" 2>"$dir/token.err" || fail "usersvc token issue"
token=$(<"$dir/token.out")

# userservice_http on that database, with the bundled plugins by default.
"$host" --port 0 --db "$dir/users.db" --access-log off >"$dir/host.out" 2>"$dir/host.err" &
pid=$!
for _ in $(seq 200); do grep -q "listening on" "$dir/host.out" && break; sleep 0.05; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/host.out" | head -1)
[[ -n $base ]] || fail "userservice_http did not start"
grep -q "loaded plugin password_policy" "$dir/host.out" || fail "userservice_http did not load the bundled plugins"
# The web console, from the prefix's share/userservice/console, named first.
grep -q "^console: $base/" "$dir/host.out" || fail "userservice_http does not serve its bundled console"
status=$(curl -s -o "$dir/console.out" -D "$dir/console.headers" -w '%{http_code}' "$base/")
[[ $status == 200 ]] || fail "GET / answered $status"
grep -q 'src="app.js"' "$dir/console.out" || fail "GET / is not the console's index.html"
grep -qi '^content-security-policy:' "$dir/console.headers" || fail "GET / has no Content-Security-Policy"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/lang/en.js")
[[ $status == 200 ]] || fail "GET /lang/en.js answered $status"
status=$(curl -s -o "$dir/reply.out" -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/User/1")
[[ $status == 200 ]] || fail "GET /api/v1/User/1 answered $status"
grep -q '"UserName":"ada"' "$dir/reply.out" || fail "GET /api/v1/User/1 does not show ada"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/User/1")
[[ $status == 401 ]] || fail "an unauthenticated call answered $status"
kill -TERM $pid
wait $pid || fail "userservice_http did not stop cleanly"
pid=
echo "installed programs in $prefix: all checks passed"
