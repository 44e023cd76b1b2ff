#!/usr/bin/env bash
# What merging another office's changes costs (issue 17, point 4). Not a test: it prints figures.
#
#   usage: tests/bench/syncapply.sh [PERSONS]    (default 20000)
#
# tests/bench/syncapply_bench.c makes a county with PERSONS persons registered in one
# transaction and a township that received them; then the county changes every person's phone
# and the township every person's education. ROUNDS times (default 3), alternating which goes
# first, each on a fresh copy, one write transaction under db_set_applying:
#   insert  the registrations applied to an empty database by syncapply_changeset, beside
#           sqlite3changeset_apply_v2 with a handler that omits (the same changeset, the same
#           schema, triggers and audit chain: the floor)
#   merge   the phone changes applied to the township by syncapply_changeset (every row a DATA
#           conflict merged field by field, derived columns recomputed), beside
#           sqlite3changeset_apply_v2 replacing each row (the county's row wins: what merging
#           is there to avoid)
# Medians of wall time, ratios, and the changesets' bytes a person.
#
# Measured 2026-11-29 (2 CPUs shared with five other builds and test runs: the wall times scatter,
# the ratios less), 3 alternating rounds:
#   10,000 persons  insert 9.24 s beside 10.04 s (0.92x); merge 30.07 s beside 21.45 s (1.40x);
#                   changesets 208 bytes a person (registration), 194 (a phone change)
#   2,000 persons   insert 1.42 s beside 1.29 s (1.10x); merge 1.48 s beside 1.31 s (1.13x)
# Most of either side's time is the audit chain's triggers, which both run alike.
# Environment: BUILD, BENCH_DIR (lib.sh); ROUNDS (default 3); KEEP=1 keeps the folder.
set -euo pipefail
BENCH_NAME=syncapply
. "$(dirname "$0")/lib.sh"

persons=${1:-20000}
rounds=${ROUNDS:-3}
if ! [[ $persons =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: syncapply.sh [PERSONS] (a whole number, default 20000; ROUNDS=N)" >&2
	exit 64
fi
bench_init cc pkg-config
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench-syncapply.XXXXXX")
# Remove the temporary folder unless KEEP=1.
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

bench_cc syncapply_bench.c "$tmp/syncapply_bench"
say "$persons persons, $rounds rounds"
"$tmp/syncapply_bench" "$tmp" "$persons" "$rounds" >"$tmp/out"
# med WHAT WHO: the median seconds of one measure
med() { awk -v w="$1" -v who="$2" '$1 == w && $2 == who { print $3 }' "$tmp/out" | median; }
ins=$(awk '$1 == "changeset" && $2 == "insert" { print $3 }' "$tmp/out")
mer=$(awk '$1 == "changeset" && $2 == "merge" { print $3 }' "$tmp/out")
bench_row "insert $persons persons (s)" "$(med insert syncapply)" s "sqlite3changeset_apply" \
	"$(med insert sqlite)" "-"
bench_row "merge $persons rows, other fields (s)" "$(med merge syncapply)" s \
	"apply, REPLACE (overwrite)" "$(med merge sqlite)" "-"
bench_row "changeset bytes a person: insert" "$((ins / persons))" B "-" "-" "-"
bench_row "changeset bytes a person: phone change" "$((mer / persons))" B "-" "-" "-"
