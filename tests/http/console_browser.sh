#!/usr/bin/env bash
# The web console in a real browser (issue 15): starts userservice_http with the demo
# users on a free port, drives Debian's headless Chromium through chromedriver with
# Debian's python3-selenium (console_browser_test.py), and stops everything it started,
# also on failure. Exit 77 (a skip) only when the browser cannot start at all.
#   usage: console_browser.sh path/to/userservice_http CONSOLE_DIR SCREENSHOT_DIR PLUGIN_DIR
# (PLUGIN_DIR: the bundled plugins, for the audit history and the welcome message)
set -euo pipefail
host=$1 console=$2 shots=$3 plugins=$4
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
pid= driver=
cleanup() {
  # The driver runs in a process group of its own (setsid): chromedriver and Chromium go with it.
  [[ -n $driver ]] && kill -- -"$driver" 2>/dev/null
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; echo "--- host stdout" >&2; cat "$dir/out" >&2; echo "--- host stderr" >&2; cat "$dir/err" >&2; exit 1; }

# Debian's python3-selenium is for Debian's python3, whatever python3 comes first on the PATH.
python=/usr/bin/python3
[[ -x $python ]] || python=python3
for need in /usr/bin/chromium /usr/bin/chromedriver; do
  [[ -x $need ]] || fail "$need is missing: run scripts/install-deps.sh (chromium, chromium-driver)"
done
"$python" -c 'import selenium' 2>/dev/null || fail "python3-selenium is missing: run scripts/install-deps.sh"

"$host" --demo --db "$dir/demo.db" --port 0 --plugins "$plugins" --password-hashing minimal --console "$console" \
  --access-log off >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 200); do grep -q "listening on" "$dir/out" && break; sleep 0.05; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out" | head -1)
[[ -n $base ]] || fail "the host did not start"
grep -q "^console: $base/" "$dir/out" || fail "the host does not name the console's address first"
admin=$(grep -o -- '-u admin:[^ ]*' "$dir/out" | head -1 | cut -d: -f2)
jdoe=$(grep -o -- '-u jdoe:[^ ]*' "$dir/out" | head -1 | cut -d: -f2)
[[ -n $admin && -n $jdoe ]] || fail "the demo did not print the passwords"

mkdir -p "$shots"
status=0
setsid "$python" "$here/console_browser_test.py" "$base" "$shots" "$dir/profile" <<<"$admin $jdoe" &
driver=$!
wait "$driver" || status=$?
driver=
[[ $status == 0 || $status == 77 ]] || fail "the browser test failed (exit $status)"
exit "$status"
