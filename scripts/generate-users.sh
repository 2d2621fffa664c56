#!/usr/bin/env bash
# Writes USERS users as JSON Lines to stdout, one a line, as a host would export them:
# a person and two custom fields each. The optional line numbers make those lines bad
# (0 or none: no such line): MALFORMED is cut in the middle of its JSON, NAMELESS has
# no Name, DUPLICATE repeats the first line's user name. For `usersvc import`.
#   usage: scripts/generate-users.sh USERS [MALFORMED NAMELESS DUPLICATE] >users.jsonl
set -euo pipefail
(($# == 1 || $# == 4)) || { echo "usage: generate-users.sh USERS [MALFORMED NAMELESS DUPLICATE]" >&2; exit 2; }
awk -v n="$1" -v malformed="${2:-0}" -v nameless="${3:-0}" -v duplicate="${4:-0}" 'BEGIN {
  for (i = 1; i <= n; i++) {
    if (i == malformed) { print "{\"Name\": \"U" i "\", \"UserName\": "; continue }
    name = i == nameless ? "" : "\"Name\":\"U" i "\","
    user = i == duplicate ? "user1" : "user" i
    printf "{%s\"UserName\":\"%s\",\"Type\":\"InternalAssociate\",\"Person\":{\"Firstname\":\"First%d\",", name, user, i
    printf "\"Lastname\":\"Last%d\",\"Email\":\"%s@example.com\"},", i, user
    printf "\"CustomFields\":{\"Team\":\"T%d\",\"Shoe size\":\"%d\"}}\n", i % 10, 36 + i % 10
  }
}'
