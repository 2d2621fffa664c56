#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the demo on the
# embedded SQLite default (the HTTP host will take its place).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)" --target userservice_demo
exec ./build/release/samples/userservice_demo build/userservice-demo.db "$@"
