#!/usr/bin/env bash
# Keeps the house readable: no source file over 600 lines and no function over 60
# lines outside tests. File lengths are counted with wc; function lengths by
# clang-tidy's readability-function-size (LineThreshold 60: lines of a body, lambdas
# inside it included) over every translation unit in a build's compile_commands.json.
#   scripts/check-sizes.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: check-sizes.sh BUILD_DIR (configured with CMAKE_EXPORT_COMPILE_COMMANDS)}
rooms=(core include hosts tools plugins samples benchmarks)
status=0

while read -r lines file; do
  [[ $file == total ]] && continue
  if ((lines > 600)); then
    echo "check-sizes: $file has $lines lines (at most 600)" >&2
    status=1
  fi
done < <(find "${rooms[@]}" -name '*.cpp' -o -name '*.hpp' 2>/dev/null | xargs wc -l)

# The build's compile commands for the rooms above, without the GCC-only flags clang
# does not know (-fno-gnu-unique, for plugins) and without GCC's precompiled headers
# (clang cannot read them; every file includes what it uses), in a directory of their own.
commands=$(mktemp -d)
trap 'rm -rf "$commands"' EXIT
mapfile -t units < <(python3 -c '
import json, sys, os, re
root, out = os.getcwd(), sys.argv[2]
kept = []
for entry in json.load(open(sys.argv[1])):
    path = os.path.relpath(entry["file"], root)
    if path.split(os.sep)[0] in sys.argv[3:]:
        command = entry["command"].replace("-fno-gnu-unique", "").replace("-Winvalid-pch", "")
        entry["command"] = re.sub(r"-include \S*cmake_pch\.hxx", "", command)
        kept.append(entry)
        print(path)
json.dump(kept, open(os.path.join(out, "compile_commands.json"), "w"))' \
  "$build/compile_commands.json" "$commands" "${rooms[@]}" | sort -u)
limit=${USERSERVICE_MAX_FUNCTION_LINES:-60}
config="{Checks: '-*,readability-function-size', WarningsAsErrors: '*',
  CheckOptions: [{key: readability-function-size.LineThreshold, value: $limit}]}"
report=$(printf '%s\n' "${units[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$commands" --quiet \
  --config="$config" --header-filter="$PWD/(core|include|hosts|tools|plugins|samples)/" 2>/dev/null || true)
if grep -E 'warning:|error:' <<<"$report" | sort -u >&2; then
  status=1
fi
((status == 0)) && echo "check-sizes: every file at most 600 lines, every function at most $limit lines"
exit $status
