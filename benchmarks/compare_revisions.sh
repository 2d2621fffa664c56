#!/usr/bin/env bash
# Before/after table of the benchmarks of two revisions, in one command. Builds each
# revision's benchmark programs (RelWithDebInfo, -O2 -g1, as scripts/test.sh and the
# development builds do, through ccache) in a git worktree of its own, runs the two
# revisions' programs alternately, round after round (BASE, HEAD, BASE, HEAD, ...), so
# that whatever else loads the machine hits both alike, and prints a Markdown table of
# the median CPU and wall-clock time of every benchmark present in both, with
# after/before (compare_revisions.py), then the load average and this command.
#
# usage: benchmarks/compare_revisions.sh [OPTIONS] BASE [HEAD] [-- Google Benchmark options…]
#   BASE, HEAD        revisions (HEAD: the checkout's HEAD; uncommitted changes are not in it)
#   --rounds N        runs of each program per revision, alternating (default 3)
#   --repetitions N   --benchmark_repetitions of each run (default 3): a revision's median is
#                     taken over rounds x repetitions samples
#   --benchmarks LIST comma-separated targets (default json_benchmark,service_benchmark,
#                     plugin_benchmark,search_benchmark,login_attack_benchmark; store_benchmark
#                     and concurrency_benchmark may be named)
#   --search-users N  users of search_benchmark's database (default 1000000, its own
#                     default), made once per revision and kept in its build
#   --slower RATIO    flag after/before above this as slower (default 1.10)
#   --dir DIR         where the worktrees and builds live (default build/compare), kept:
#                     a later run reuses them (remove with `git worktree remove DIR/SHA`)
# The table goes to standard output, progress to standard error; the raw JSON of every
# run stays in DIR/runs-BASE-HEAD/. Exits 1 when a target did not build or a run failed
# (after the table of the rest), 2 on a bad argument; a slower benchmark is reported, not
# an error.
set -euo pipefail
{ # read whole before it runs: editing the file (or checking out another revision) mid-run changes nothing
command=$(printf '%q ' "$0" "$@")
here=$(cd "$(dirname "$0")" && pwd)
usage() { # usage STATUS
  sed -n '/^# usage:/,/^# The table/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit "$1"
}
fail() { echo "compare_revisions: $*" >&2; exit 2; }

rounds=3 repetitions=3 searchUsers=1000000 slower=1.10 dir=
benchmarks=json_benchmark,service_benchmark,plugin_benchmark,search_benchmark,login_attack_benchmark
revisions=() extra=()
while (($#)); do
  case $1 in
    --rounds | --repetitions | --benchmarks | --search-users | --slower | --dir)
      (($# >= 2)) || fail "$1 needs a value"
      case $1 in
        --rounds) rounds=$2 ;; --repetitions) repetitions=$2 ;; --benchmarks) benchmarks=$2 ;;
        --search-users) searchUsers=$2 ;; --slower) slower=$2 ;; --dir) dir=$2 ;;
      esac
      shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) usage 0 ;;
    -*) fail "unknown option $1 (--help lists them)" ;;
    *) revisions+=("$1"); shift ;;
  esac
done
((${#revisions[@]} >= 1 && ${#revisions[@]} <= 2)) || usage 2
[[ $rounds =~ ^[1-9][0-9]*$ && $repetitions =~ ^[1-9][0-9]*$ ]] || fail "--rounds and --repetitions take a count"
[[ $searchUsers =~ ^[1-9][0-9]*$ ]] || fail "--search-users takes a count"
[[ $slower =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "--slower takes a ratio such as 1.10"
IFS=, read -ra targets <<<"$benchmarks"
((${#targets[@]})) || fail "--benchmarks names no target"

root=$(git -C "$here" rev-parse --show-toplevel) || fail "$here is not in a git checkout"
dir=${dir:-$root/build/compare}
mkdir -p "$dir/logs"
dir=$(cd "$dir" && pwd)
base=${revisions[0]} head=${revisions[1]:-HEAD}
resolve() { git -C "$root" rev-parse --verify --quiet "$1^{commit}" || fail "no revision $1 in $root"; }
baseSha=$(resolve "$base")
headSha=$(resolve "$head")
[[ $baseSha != "$headSha" ]] || echo "compare_revisions: $base and $head are the same commit" >&2
say() { echo "compare_revisions: $*" >&2; }
described() { echo "$1 (${2:0:12})"; }

# The revision's worktree, DIR/SHA; its build is SHA/build/dev, the same path relative to
# the sources as the development build's, so that ccache (base_dir) hits its objects.
worktree() { # worktree REVISION SHA: prints the worktree's path
  local path=$dir/${2:0:12}
  if [[ -d $path ]]; then
    [[ $(git -C "$path" rev-parse HEAD 2>/dev/null) == "$2" ]] ||
      fail "$path exists but is not a worktree of $(described "$1" "$2"); remove it (git worktree remove --force $path)"
  else
    git -C "$root" worktree prune
    git -C "$root" worktree add --quiet --detach "$path" "$2" >&2 ||
      fail "could not make a worktree of $(described "$1" "$2") in $path"
  fi
  echo "$path"
}

# Configures (unless a build exists, which is reused: ninja rebuilds what is out of date)
# and builds each target into the array named BUILT. A target the revision does not have,
# or that fails to build, is named and left out; a failed configuration ends the script.
build() { # build REVISION SHA PATH BUILT
  local revision=$1 sha=$2 build=$3/build/dev log=$dir/logs/${2:0:12}.log target logged
  local -n built=$4
  touch "$log"
  if [[ -f $build/build.ninja ]]; then
    say "reusing the build of $(described "$revision" "$sha") in $build"
  else
    say "configuring $(described "$revision" "$sha") in $build (log: $log)"
    if ! CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache nice -n 19 \
      cmake -S "$3" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >>"$log" 2>&1; then
      tail -n 20 "$log" >&2
      say "configuring $(described "$revision" "$sha") failed (log: $log)"
      exit 1
    fi
  fi
  for target in "${targets[@]}"; do
    if ! ninja -C "$build" -t query "$target" >/dev/null 2>&1; then
      notes+=("$target: not a target of $(described "$revision" "$sha") (not in its benchmarks, or its option is off)")
      say "${notes[-1]}; left out"
      continue
    fi
    say "building $target of $(described "$revision" "$sha") (log: $log)"
    logged=$(wc -l <"$log")
    if nice -n 19 cmake --build "$build" -j 2 --target "$target" >>"$log" 2>&1; then
      built+=("$target")
    else
      tail -n +$((logged + 1)) "$log" | grep -E -m 20 'error|FAILED' >&2 || tail -n 20 "$log" >&2
      notes+=("$target: did not build at $(described "$revision" "$sha") (log: $log)")
      say "${notes[-1]}; left out"
      failures=$((failures + 1))
    fi
  done
}

failures=0 notes=() baseBuilt=() headBuilt=()
basePath=$(worktree "$base" "$baseSha")
headPath=$(worktree "$head" "$headSha")
build "$base" "$baseSha" "$basePath" baseBuilt
build "$head" "$headSha" "$headPath" headBuilt
programs=()
for target in "${baseBuilt[@]}"; do
  [[ " ${headBuilt[*]} " == *" $target "* ]] && programs+=("$target")
done
((${#programs[@]})) || { say "no benchmark program built in both revisions"; exit 1; }

# The runs: round after round, each program of BASE and then of HEAD, so that both
# revisions' samples of a benchmark are taken minutes apart at most. Each revision's
# search database is its own (its schema), made by its first run, outside the timings.
runs=$dir/runs-${baseSha:0:12}-${headSha:0:12}
rm -rf "$runs"
mkdir -p "$runs/before" "$runs/after"
run() { # run SIDE PATH REVISION PROGRAM ROUND
  local out=$runs/$1/$4.$5
  say "round $5/$rounds: $4 of $3"
  if ! USERSERVICE_SEARCH_BENCH_USERS=$searchUsers USERSERVICE_SEARCH_BENCH_DB=$2/build/dev/search-$searchUsers.db \
    "$2/build/dev/benchmarks/$4" --benchmark_repetitions="$repetitions" \
    --benchmark_out="$out.json" --benchmark_out_format=json --benchmark_color=false ${extra[@]+"${extra[@]}"} >"$out.txt" 2>&1; then
    tail -n 5 "$out.txt" >&2
    notes+=("$4 of $3, round $5, exited with an error (its output: $out.txt)")
    say "${notes[-1]}"
    failures=$((failures + 1))
  fi
}
loadBefore=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= rounds; round++)); do
  for program in "${programs[@]}"; do
    run before "$basePath" "$base" "$program" "$round"
    run after "$headPath" "$head" "$program" "$round"
  done
done
loadAfter=$(cut -d' ' -f1-3 /proc/loadavg)

echo "Before: $(described "$base" "$baseSha"), after: $(described "$head" "$headSha"); RelWithDebInfo (-O2 -g1);" \
  "medians of $rounds rounds x $repetitions repetitions, the revisions run alternately; \"slower\": after/before > $slower."
changed=$(git -C "$root" diff --name-only "$baseSha" "$headSha" -- 'benchmarks/*.cpp' 'benchmarks/*.hpp' |
  xargs -r -n1 basename | paste -sd, - | sed 's/,/, /g')
[[ -z $changed ]] || echo "Benchmark code that differs between the revisions (a name in both may time other work): $changed."
echo
python3 "$here/compare_revisions.py" --slower "$slower" --before-label "$base" --after-label "$head" "$runs" ||
  failures=$((failures + 1))
if ((${#notes[@]})); then
  printf '\nNot compared:\n'
  printf -- '- %s\n' "${notes[@]}"
fi
printf '\nLoad average (1, 5, 15 min) on %s cores: %s before the runs, %s after. Command: `%s`\n' \
  "$(nproc)" "$loadBefore" "$loadAfter" "${command% }"
((failures == 0)) || exit 1
exit
}
