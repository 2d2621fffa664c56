#!/usr/bin/env bash
# compare_revisions.sh without building anything: its JSON merge (compare_revisions.py)
# on two small revisions' runs in tests/data/compare_revisions (medians over rounds and
# repetitions, units mixed, aggregates ignored, a CPU and a wall-clock slowdown flagged,
# names in one revision only, a run with an error, a "_ms" counter), and its refusals
# of bad arguments.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../tests/data/compare_revisions
failures=0
check() { # check DESCRIPTION COMMAND...: the command succeeds
  local description=$1
  shift
  "$@" || { echo "FAIL: $description" >&2; failures=$((failures + 1)); }
}

table=$(python3 "$here/compare_revisions.py" --before-label base --after-label head "$data")
check "the merged table is $data/expected.md" diff -u "$data/expected.md" <(printf '%s\n' "$table")

refused() { # refused EXPECTED_MESSAGE ARGUMENTS...: the script exits 2 with the message
  local expected=$1 output status=0
  shift
  output=$(bash "$here/compare_revisions.sh" "$@" 2>&1) || status=$?
  [[ $status == 2 && $output == *"$expected"* ]] ||
    { echo "compare_revisions.sh $*: exit $status, output: $output" >&2; return 1; }
}
check "no revision is refused" refused "usage:"
check "three revisions are refused" refused "usage:" a b c
check "an unknown option is refused" refused "unknown option --round" --round 2 a
check "a round count that is not a count is refused" refused "take a count" --rounds two a
check "a slowdown threshold that is not a ratio is refused" refused "takes a ratio" --slower fast a

((failures == 0)) && echo "compare_revisions: all checks passed"
exit $((failures > 0))
