#!/usr/bin/env bash
# Installs the Debian packages that the build and the tests need and that are
# missing. Idempotent, and silent when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build meson pkg-config
  libboost1.81-dev libboost-json1.81-dev   # Boost.JSON, Boost.System result, DLL, Beast
  libsqlitecpp-dev libsqlite3-dev          # the embedded store
  libpq-dev postgresql                     # the PostgreSQL store; its tests' throwaway server
  libsodium-dev                            # Argon2id password hashes
  libelf-dev                               # plugin manifests read without loading the plugin
  libhowardhinnant-date-dev tzdata         # SO-TimeZone: IANA zones from the OS database
  libcli11-dev                             # usersvc's command line
  libboost-url1.81-dev nlohmann-json3-dev  # the HTTP host: request targets; JSON Patch and merge patch
  libssl-dev openssl                       # the HTTP host's HTTPS; its script test makes a certificate
  curl wrk                                 # the HTTP host's script test and load test
  chromium chromium-driver python3-selenium # the web console's browser test (tests/http/console_browser.sh)
  sqlite3                                  # usersvc's script test adds a credential type with it
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang-tidy                               # scripts/check-sizes.sh: function lengths
  clang libclang-rt-14-dev                 # scripts/fuzz.sh: libFuzzer and Clang's sanitizers
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "install-deps: run this script as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
