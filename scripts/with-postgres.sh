#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: initdb into a temporary
# directory, a server that listens only on a unix socket there, one fresh database,
# USERSERVICE_TEST_POSTGRES naming it. The server is stopped and the directory
# removed however the command ends. PostgreSQL refuses to run as root, so as root
# the server runs as the user "postgres" (Debian's package creates it) or "nobody".
#   scripts/with-postgres.sh build/dev/tests/userservice_tests --gtest_filter='*Postgres*'
set -euo pipefail

bin=${USERSERVICE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
if [[ -z $bin || ! -x $bin/initdb ]]; then
  echo "with-postgres: PostgreSQL's server programs are missing (apt-get install postgresql)" >&2
  exit 1
fi
(($# > 0)) || { echo "usage: with-postgres.sh COMMAND [ARG...]" >&2; exit 2; }

dir=$(mktemp -d /tmp/userservice-pg.XXXXXX)
as=()
if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || owner=nobody
  chown "$owner" "$dir"
  as=(runuser -u "$owner" --)
fi

stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${as[@]}" "$bin/initdb" -D "$dir/data" -U userservice -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# No TCP (listen_addresses ''); fsync off: the data is thrown away afterwards.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
"${as[@]}" "$bin/createdb" -h "$dir" -U userservice userservice_test

export USERSERVICE_TEST_POSTGRES="postgresql://userservice@/userservice_test?host=$dir"
"$@"
