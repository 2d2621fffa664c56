#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts the HTTP host on the
# embedded SQLite default with the bundled plugins and demo users (their passwords
# are printed once, with curl lines to try) and the web console from the source tree.
# Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)" --target userservice_http account_lifecycle audit_trail password_policy welcome
exec ./build/release/hosts/http/userservice_http --demo --db build/userservice-demo.db \
  --plugins build/release/plugins --console hosts/http/console "$@"
