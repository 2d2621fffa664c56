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
lacks() { # lacks DESCRIPTION TEXT FILE...: no file has TEXT (missing files are fine)
  local what=$1 text=$2; shift 2
  for file in "$@"; do
    [[ -e $file ]] || continue
    if grep -aqF -- "$text" "$file"; then echo "FAIL: $what: \"$text\" is in $file"; failures=$((failures + 1)); fi
  done
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

# API tokens: the secret is printed once and stored nowhere.
check "issue a token" 0 "$usersvc" --db "$db" token issue ADA --label "CI pipeline"
secret=$(<"$dir/out")
[[ $secret =~ ^ust_[A-Za-z0-9_-]{43}$ ]] || { echo "FAIL: the token's secret looks like \"$secret\""; failures=$((failures + 1)); }
contains "the secret's only showing is said" "$dir/err" 'will not be shown again'
check "issue for an unknown user" 1 "$usersvc" --db "$db" token issue nobody
check "an ordinary user may not issue tokens" 4 "$usersvc" --db "$db" --as ada token issue ada
check "a second token" 0 "$usersvc" --db "$db" token issue b3
check "list a user's tokens" 0 "$usersvc" --db "$db" token list ada
contains "the list shows id, user and label" "$dir/out" $'1\tada\t'
contains "the list shows the label" "$dir/out" $'\tCI pipeline'
check "list every token" 0 "$usersvc" --db "$db" token list
contains "every token" "$dir/out" $'2\tb3\t'
lacks "the list shows no secret" "$secret" "$dir/out"
check "revoke" 0 "$usersvc" --db "$db" token revoke 2
check "revoke it again" 1 "$usersvc" --db "$db" token revoke 2
check "token needs a subcommand" 2 "$usersvc" --db "$db" token
lacks "the database has no token secret" "$secret" "$db" "$db-wal"

# Export, and the round trip through import into a fresh database. A password needs
# the credential type "password": usersvc has no command for reference lists, so the
# test adds it with sqlite3 (when there is one).
password=Canary-5d1e-Password
if command -v sqlite3 >/dev/null; then
  addPasswordType() { sqlite3 "$1" "INSERT INTO credential_types (type, display_type, can_create_password) VALUES ('password', 'Password', 1)"; }
  addPasswordType "$db"
  echo "{\"name\":\"PW\",\"userName\":\"pat\",\"type\":\"InternalAssociate\",\"person\":{\"lastname\":\"pat\"},\"credentials\":[{\"type\":{\"type\":\"password\"},\"value\":\"$password\",\"displayValue\":\"Password\"}]}" >"$dir/pat.json"
  check "save a user with a password" 0 "$usersvc" --db "$db" save "$dir/pat.json"
  # Passwords come from stdin (or a prompt), never from argv.
  printf 'Changed-42-secret\n' >"$dir/pw"
  check "password set reads stdin" 0 "$usersvc" --db "$db" password set --name pat <"$dir/pw"
  check "the new password is right" 0 "$usersvc" --db "$db" password check pat --verify <"$dir/pw"
  check "an ordinary user may not set another's" 4 "$usersvc" --db "$db" --as ada password set --name pat <"$dir/pw"
  check "set needs an id or a name" 3 "$usersvc" --db "$db" password set <"$dir/pw"
  check "a password is acceptable" 0 "$usersvc" --db "$db" password check pat <"$dir/pw"
  check "an empty one is not" 3 "$usersvc" --db "$db" password check pat <<<""
  contains "it says why" "$dir/out" "refused: the password is empty"
  check "generate" 0 "$usersvc" --db "$db" password generate --name pat
  head -1 "$dir/out" >"$dir/generated"
  check "the generated one is right" 0 "$usersvc" --db "$db" password check pat --verify <"$dir/generated"
  check "the old one no longer is" 4 "$usersvc" --db "$db" password check pat --verify <"$dir/pw"
  lacks "no password in the database" "Changed-42-secret" "$db" "$db-wal"
  # Credentials by type; a value comes from stdin too, and a secret is never listed.
  sqlite3 "$db" "INSERT INTO credential_types (type, display_type) VALUES ('ad', 'Active Directory')"
  patId=$("$usersvc" --db "$db" get --name pat --select associateId | sed 's/.*"AssociateId":\([0-9]*\).*/\1/')
  check "credential types" 0 "$usersvc" --db "$db" credential types
  contains "the types are listed" "$dir/out" '"Type":"ad"'
  check "credential set reads stdin" 0 "$usersvc" --db "$db" credential set "$patId" ad --display "Pat at CORP" <<<'CORP\pat'
  printf 'Credential-77-secret\n' >"$dir/cred"
  check "a password as a credential" 0 "$usersvc" --db "$db" credential set "$patId" password <"$dir/cred"
  check "it signs in" 0 "$usersvc" --db "$db" password check pat --verify <"$dir/cred"
  check "credential list" 0 "$usersvc" --db "$db" credential list "$patId"
  contains "list shows a plain value" "$dir/out" '"Value":"CORP\\pat","DisplayValue":"Pat at CORP"'
  lacks "list never shows a secret" "Credential-77-secret" "$dir/out"
  check "an ordinary user may not set one" 4 "$usersvc" --db "$db" --as ada credential set "$patId" ad <<<'CORP\x'
  check "an unknown type" 3 "$usersvc" --db "$db" credential set "$patId" kerberos <<<'x'
  check "credential delete" 0 "$usersvc" --db "$db" credential delete "$patId" ad
  check "twice: not found" 1 "$usersvc" --db "$db" credential delete "$patId" ad
else
  echo "SKIP: no sqlite3: the export is checked without a password"
  addPasswordType() { :; }
fi
users=$("$usersvc" --db "$db" export 2>/dev/null | wc -l)
check "export to a file" 0 "$usersvc" --db "$db" export "$dir/export.jsonl"
contains "export says how many" "$dir/out" "exported $users users to $dir/export.jsonl"
[[ $users -ge 4 && $(wc -l <"$dir/export.jsonl") == "$users" ]] || { echo "FAIL: export wrote $(wc -l <"$dir/export.jsonl") of $users users"; failures=$((failures + 1)); }
contains "export writes the wire format" "$dir/export.jsonl" '"UserName":"b3"'
check "export to stdout" 0 "$usersvc" --db "$db" export
cmp -s "$dir/out" "$dir/export.jsonl" || { echo "FAIL: export to stdout and to a file differ"; failures=$((failures + 1)); }
lacks "no password in the export" "$password" "$dir/export.jsonl"
lacks "no password hash in the export" '$argon2id$' "$dir/export.jsonl"
lacks "no token secret in the export" "$secret" "$dir/export.jsonl"
check "export as an ordinary user" 0 "$usersvc" --db "$db" --as ada export "$dir/as-ada.jsonl"
contains "an ordinary user sees the others" "$dir/as-ada.jsonl" '"UserName":"b3"'
check "export with a projection" 0 "$usersvc" --db "$db" export --select userName
contains "the projection applies" "$dir/out" '"AssociateId":0,"Name":null,"Rank":0'

check "search with a filter and an order" 0 "$usersvc" --db "$db" search --filter "userName eq 'ada' or userName eq 'b3'" --orderby "userName desc" --select userName
head -1 "$dir/out" | grep -qF '"UserName":"b3"' || { echo "FAIL: search order:"; cat "$dir/out"; failures=$((failures + 1)); }
contains "search finds ada last" "$dir/out" '"UserName":"ada"'
check "list pages and prints the next cursor" 0 "$usersvc" --db "$db" list --top 1
contains "the next page's cursor" "$dir/err" 'next: --cursor '
check "a bad filter names the position" 3 "$usersvc" --db "$db" search --filter "userName 'ada'"
contains "the position" "$dir/err" "at 10: expected an operator after 'userName'"

fresh="$dir/fresh.db"
check "open a fresh database" 0 "$usersvc" --db "$fresh" export
addPasswordType "$fresh"
check "import an export without --as-new: its ids are not there" 3 "$usersvc" --db "$fresh" import "$dir/export.jsonl"
check "import an export as new users" 0 "$usersvc" --db "$fresh" import "$dir/export.jsonl" --as-new
contains "every user imported" "$dir/out" "imported $users users"
check "export the fresh database" 0 "$usersvc" --db "$fresh" export "$dir/again.jsonl"
cmp -s "$dir/export.jsonl" "$dir/again.jsonl" || {
  echo "FAIL: export, import, export differ:"; diff "$dir/export.jsonl" "$dir/again.jsonl" | head -c 3000; failures=$((failures + 1))
}
lacks "no password in the fresh database" "$password" "$fresh" "$fresh-wal"

# delete and retire, with the caller's rights.
check "retire" 0 "$usersvc" --db "$db" retire 1
contains "retire says so" "$dir/out" "retired user 1"
check "a retired user may not act" 4 "$usersvc" --db "$db" --as ada get --id 1
check "retire --undo" 0 "$usersvc" --db "$db" retire 1 --undo
check "an active user again" 0 "$usersvc" --db "$db" --as ada get --id 1
check "an ordinary user may not retire others" 4 "$usersvc" --db "$db" --as ada retire 2
check "an ordinary user may not delete others" 4 "$usersvc" --db "$db" --as ada delete --name b3
check "delete by name, any case" 0 "$usersvc" --db "$db" delete --name B3
check "the user is gone" 1 "$usersvc" --db "$db" get --name b3
check "delete an unknown id" 1 "$usersvc" --db "$db" delete 999
check "delete needs an id or a name" 2 "$usersvc" --db "$db" delete
check "delete takes an id or a name, not both" 2 "$usersvc" --db "$db" delete 1 --name ada

# user groups: add, rename, retire (hidden from the list, shown with --all), delete.
check "group add" 0 "$usersvc" --db "$db" group add Sales --tooltip "The sales team"
group=$(cat "$dir/out")
check "group rename" 0 "$usersvc" --db "$db" group rename "$group" "Field sales"
check "group list" 0 "$usersvc" --db "$db" group list
contains "the list has the new name" "$dir/out" "Field sales"
check "group retire" 0 "$usersvc" --db "$db" group retire "$group"
check "group list without retired" 0 "$usersvc" --db "$db" group list
lacks "a retired group leaves the list" "Field sales" "$dir/out"
check "group list --all" 0 "$usersvc" --db "$db" group list --all
contains "--all shows it retired" "$dir/out" "retired"
check "an ordinary user may not add groups" 4 "$usersvc" --db "$db" --as ada group add Mine
check "group add needs a name" 3 "$usersvc" --db "$db" group add " "
check "group delete" 0 "$usersvc" --db "$db" group delete "$group"
check "group delete an unknown id" 1 "$usersvc" --db "$db" group delete "$group"

# functional rights: the catalogue for anyone, roles' rights for the system or admin-roles.
check "functional-rights list" 0 "$usersvc" --db "$db" functional-rights list --role-type Employee
contains "the catalogue names admin-users" "$dir/out" "admin-users"
check "functional-rights list for a bad role type" 3 "$usersvc" --db "$db" functional-rights list --role-type Robot
check "functional-rights find" 0 "$usersvc" --db "$db" functional-rights find admin-users --without
check "functional-rights find an unknown right" 3 "$usersvc" --db "$db" functional-rights find no-such-right
check "functional-rights show an unknown role" 1 "$usersvc" --db "$db" functional-rights show 999
check "functional-rights set an unknown right" 3 "$usersvc" --db "$db" functional-rights set 999 no-such-right
check "an ordinary user may not read roles' rights" 4 "$usersvc" --db "$db" --as ada functional-rights show 1
check "data-rights show an unknown role" 1 "$usersvc" --db "$db" data-rights show 999
check "data-rights set a bad relation" 3 "$usersvc" --db "$db" data-rights set 999 associate Boss r
check "data-rights set a malformed right" 3 "$usersvc" --db "$db" data-rights set 999 associate Other rx
check "an ordinary user may not set data rights" 4 "$usersvc" --db "$db" --as ada data-rights set 1 associate Other r
# roles: add, rename, show, retire (hidden from the list), delete.
check "role add" 0 "$usersvc" --db "$db" role add Sellers --tooltip "Sells things"
role=$(cat "$dir/out")
check "role add a name taken in another case" 5 "$usersvc" --db "$db" role add sellers
check "role rename" 0 "$usersvc" --db "$db" role rename "$role" "Field sellers"
check "role list" 0 "$usersvc" --db "$db" role list
contains "the role list has the new name" "$dir/out" "Field sellers"
check "role show" 0 "$usersvc" --db "$db" role show "$role"
contains "role show names who created it" "$dir/out" '"CreatedBy":{"AssociateId":0'
check "role retire" 0 "$usersvc" --db "$db" role retire "$role"
check "role list without retired" 0 "$usersvc" --db "$db" role list
lacks "a retired role leaves the list" "Field sellers" "$dir/out"
check "an ordinary user may not add roles" 4 "$usersvc" --db "$db" --as ada role add Mine
check "role add needs a known type" 3 "$usersvc" --db "$db" role add Bosses --type Boss
check "role delete" 0 "$usersvc" --db "$db" role delete "$role"
check "role delete an unknown id" 1 "$usersvc" --db "$db" role delete "$role"

# Moving the database: every table into a new file, checked equal, counts shown and no
# secret; a destination with users is refused.
copy="$dir/copy.db"
check "copy" 0 "$usersvc" copy --from "$db" --to "$copy"
contains "copy says what it moved" "$dir/out" "19 tables,"
contains "copy counts each table" "$dir/out" "  users: "
lacks "copy shows no token" "$secret" "$dir/out" "$dir/err"
check "export the original" 0 "$usersvc" --db "$db" export "$dir/original.jsonl"
check "export the copy" 0 "$usersvc" --db "$copy" export "$dir/copied.jsonl"
cmp -s "$dir/original.jsonl" "$dir/copied.jsonl" || { echo "FAIL: the copy exports otherwise"; failures=$((failures + 1)); }
if [[ -e $dir/cred ]]; then
  check "the original's password" 0 "$usersvc" --db "$db" password check pat --verify <"$dir/cred"
  check "the copy keeps the password" 0 "$usersvc" --db "$copy" password check pat --verify <"$dir/cred"
fi
check "copy into a database with users" 5 "$usersvc" copy --from "$db" --to "$copy"
contains "the refusal says why" "$dir/err" "has users"
check "copy from a missing file" 3 "$usersvc" copy --from "$dir/nothing.db" --to "$dir/new.db"
check "copy needs --to" 2 "$usersvc" copy --from "$db"

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "usersvc: all checks passed"
