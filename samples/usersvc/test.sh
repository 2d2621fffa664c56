#!/usr/bin/env bash
# usersvc as a script uses it: outputs and exit codes. usage: test.sh path/to/usersvc
set -uo pipefail
usersvc=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/users.db"
failures=0
check() { # check DESCRIPTION EXPECTED-EXIT-CODE COMMAND...
  local what=$1 expected=$2; shift 2
  "$@" >"$dir/out" 2>"$dir/err"
  local code=$?
  if [[ $code != "$expected" ]]; then
    echo "FAIL: $what: exit $code, expected $expected"; cat "$dir/out" "$dir/err"; failures=$((failures + 1))
  fi
}
contains() { # contains DESCRIPTION FILE TEXT
  grep -qF -- "$3" "$2" || { echo "FAIL: $1: no \"$3\" in:"; cat "$2"; failures=$((failures + 1)); }
}
user() { echo "{\"name\":\"$1\",\"userName\":\"$2\",\"type\":\"InternalAssociate\",\"person\":{\"lastname\":\"$2\"}}"; }

user AL ada >"$dir/ada.json"
check "save" 0 "$usersvc" --db "$db" save "$dir/ada.json"
contains "save prints the stored user" "$dir/out" '"UserName":"ada"'
check "get by name, any case" 0 "$usersvc" --db "$db" get --name ADA --select userName,associateId
contains "get projects" "$dir/out" '"AssociateId":1,"Name":null'
check "get an unknown id" 1 "$usersvc" --db "$db" get --id 999
check "save a duplicate" 5 "$usersvc" --db "$db" save "$dir/ada.json"
contains "the conflict names the field" "$dir/err" 'User.UserName'
echo '{"userName":"nobody"}' >"$dir/bad.json"
check "validate" 3 "$usersvc" --db "$db" validate "$dir/bad.json"
contains "validate lists the problems" "$dir/out" 'User.Name: is required'
check "rights of a user on itself" 0 "$usersvc" --db "$db" --as ada rights --id 1
contains "own record" "$dir/out" 'table: Select, RestrictedUpdate'
check "an unknown --as" 4 "$usersvc" --db "$db" --as nobody get --id 1

{ user B1 b1; echo 'not json'; user B2 b1; user B3 b3; } >"$dir/users.jsonl"
check "import with bad lines" 3 "$usersvc" --db "$db" import "$dir/users.jsonl" --batch 2
contains "a malformed line is named" "$dir/err" 'line 2: malformed JSON'
contains "a duplicate is named" "$dir/err" 'line 3:'
contains "the summary" "$dir/out" 'imported 2 users'
check "good lines were kept" 0 "$usersvc" --db "$db" get --name b3
check "resume does nothing more" 0 "$usersvc" --db "$db" import "$dir/users.jsonl" --resume
contains "resume says so" "$dir/out" 'imported 0 users'
check "a bad option" 2 "$usersvc" --db "$db" get --bogus

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "usersvc: all checks passed"
