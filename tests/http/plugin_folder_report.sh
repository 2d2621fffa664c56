#!/usr/bin/env bash
# Both programs report every *.so of a plugin folder that did not load, with its
# error kind and file: a text file named x.so and a truncated library among good
# plugins. usage: plugin_folder_report.sh USERSVC USERSERVICE_HTTP GOOD_PLUGIN.so
set -uo pipefail
usersvc=$1 host=$2 good=$3
dir=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
mkdir "$dir/plugins"
echo 'this is not a shared library' >"$dir/plugins/x.so"
head -c 2000 "$good" >"$dir/plugins/truncated.so"
cp "$good" "$dir/plugins/"
echo 'notes beside the plugins' >"$dir/plugins/README"

reports() { # reports WHO FILE: every bad plugin file is named, x.so with its kind
  grep -q 'NotASharedLibrary: .*/x\.so' "$2" || fail "$1 does not report x.so with its kind: $(cat "$2")"
  grep -q 'truncated\.so' "$2" || fail "$1 does not report truncated.so: $(cat "$2")"
  grep -q 'README' "$2" && fail "$1 reports a file that is not a plugin: $(cat "$2")"
}

"$usersvc" plugins "$dir/plugins" >"$dir/usersvc.out" 2>"$dir/usersvc.err"
status=$?
[[ $status == 3 ]] || fail "usersvc plugins exits $status, expected 3"
reports "usersvc plugins" "$dir/usersvc.err"
grep -q '1 loaded, 2 not' "$dir/usersvc.out" || fail "usersvc's summary: $(cat "$dir/usersvc.out")"

"$host" --port 0 --db "$dir/host.db" --access-log off --plugins "$dir/plugins" >"$dir/host.out" 2>"$dir/host.err" &
pid=$!
for _ in $(seq 200); do grep -q "listening on" "$dir/host.out" && break; sleep 0.05; done
grep -q "listening on" "$dir/host.out" || fail "userservice_http did not start: $(cat "$dir/host.err")"
kill -TERM $pid
wait $pid
pid=
reports "userservice_http --plugins" "$dir/host.err"
grep -q 'loaded plugin good_greeter' "$dir/host.out" || fail "userservice_http did not load the good plugin"

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "plugin folder reports: all checks passed"
