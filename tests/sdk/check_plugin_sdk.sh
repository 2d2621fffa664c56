#!/bin/sh
# Compile checks of the plugin SDK header, run by both builds' tests:
#   check_plugin_sdk.sh cxx17 COMPILER INCLUDE_DIR SOURCE
#     SOURCE includes <userservice/plugin.hpp>; compiled as C++17 it must fail with
#     exactly one error, the header's own "userservice plugins need C++20".
#   check_plugin_sdk.sh example COMPILER INCLUDE_DIR
#     The example in the top comment of plugin.hpp (its lines that start with "//   ")
#     compiles as C++20 without warnings under -Wall -Wextra.
set -u
mode=$1 compiler=$2 include=$3
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

case $mode in
cxx17)
    if "$compiler" -std=c++17 -fsyntax-only -I"$include" "$4" >"$out/log" 2>&1; then
        echo "FAIL: $4 compiled as C++17; plugin.hpp must refuse it"
        exit 1
    fi
    cat "$out/log"
    errors=$(grep -c 'error:' "$out/log")
    if ! grep -q 'userservice plugins need C++20' "$out/log"; then
        echo "FAIL: the compiler's errors do not say that plugins need C++20"
        exit 1
    fi
    if [ "$errors" -ne 1 ]; then
        echo "FAIL: expected one error, the compiler printed $errors"
        exit 1
    fi
    echo "PASS: one error, naming the C++20 requirement"
    ;;
example)
    header="$include/userservice/plugin.hpp"
    # The comment's code: from its first "//   " line to the end of the first comment block.
    sed -n '/^\/\//!q; s/^\/\/   \{0,1\}//p' "$header" | sed -n '/^#include/,$p' | sed '/^The plugin is built/,$d' \
        >"$out/example.cpp"
    if ! grep -q 'USERSERVICE_PLUGIN(' "$out/example.cpp"; then
        echo "FAIL: no example found in $header"
        exit 1
    fi
    cat -n "$out/example.cpp"
    for static in "" "-DUSERSERVICE_PLUGIN_STATIC"; do
        "$compiler" -std=c++20 -Wall -Wextra -Werror -fsyntax-only $static -I"$include" "$out/example.cpp" ||
            { echo "FAIL: the example of $header does not compile cleanly ($static)"; exit 1; }
    done
    echo "PASS: the example compiles without warnings"
    ;;
*)
    echo "usage: $0 cxx17|example COMPILER INCLUDE_DIR [SOURCE]"
    exit 2
    ;;
esac
