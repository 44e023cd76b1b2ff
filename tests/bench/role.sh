#!/usr/bin/env bash
# What roles cost opening a case (issue 15, point 5): person_load() with a role set (each load
# asks core/role.c whose case it is, which office, the office tree) beside the same loads on a
# connection with no role (the reads as they were before roles), in one process on one demo,
# alternating which goes first each round (tests/bench/role_bench.c, compiled here against the
# static libraries); and role_relation() alone. The goal: a check adds under 10% to a load.
# Nothing is written: a supervisor's opening records nothing (a counselor's walk-in would write
# one audit row per opening; the demo database is shared, so that is not timed here).
# usage: tests/bench/role.sh [PERSONS]   (default 1000000; ROLE_DB=FILE to use a copy already
# made, under this build's schema; SAMPLE persons loaded a round, default 20000; ROUNDS, 5)
set -euo pipefail
BENCH_NAME=role
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config
persons=${1:-1000000}
sample=${SAMPLE:-20000}
rounds=${ROUNDS:-5}

if [ -n "${ROLE_DB:-}" ]; then
	db=$ROLE_DB
else
	db=$(bench_db "$persons")
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-role.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bench_cc role_bench.c "$tmp/role_bench"
read -r n plain roled relation < <("$tmp/role_bench" "$db" "$sample" "$rounds")
say "$n persons a round, $rounds rounds, medians of the mean per person: load without a role" \
	"$plain us, with a supervisor's role $roled us, role_relation alone $relation us"
bench_row "person_load with a role (us/person)" "$roled" us "person_load, no role set" "$plain" "<=1.1x"
bench_row "role_relation alone (us/person)" "$relation" us "person_load, no role set" "$plain" "-"
