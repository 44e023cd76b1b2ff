#!/usr/bin/env bash
# What an audit trigger costs (issue 11; issue 12, point 3). Not a test: it prints figures.
#
#   usage: tests/bench/audit_trigger.sh [ROWS]        (default 50000)
#
# The sqlite3 shell, with jobdesk's own jd_* functions loaded (import_ext.c, as import.sh builds
# it), inserts ROWS units (an audited table with no other trigger) in one transaction, one
# INSERT ... SELECT, into fresh copies of three databases made by `jobdesk init`, in turn, for
# ROUNDS rounds (default 3):
#   after     this build's schema (step 11: one row of VALUES a row, no temporary table)
#   before    BEFORE_BIN's schema (default: the release before 0011, built here), whose trigger
#             stages each row in a temporary table (INSERT ... SELECT reading audit)
#   none      this build's schema with unit_audit_i dropped: the insert alone
# Medians of the CPU time (user + system) of each, through bench_row; the trigger's own cost is
# the difference from "none". Each load is checked: ROWS audit rows more, and db check ok on the
# "after" copy of the first round.
#
# Measured 2026-11-29 (50,000 units, 2 CPUs at a load of 15, 3 alternating rounds, CPU medians):
# after 0.63 s, before 0.92 s, none 0.17 s: the trigger 9.2 us a row after, 15.0 us before
# (0.61x). An earlier run by hand: with strftime's four date calls a row instead of julianday's
# two, 0.94 s where julianday gave 0.81 s and the step-10 trigger 1.06 s.
#
# Measured 2026-11-29 (issue 11, schema step 19, who acted interned; BEFORE_BIN the binary of
# a6274a6 at step 18, so "before" is step 18's trigger, not step 10's; 50,000 units, ROUNDS=5, a
# busy machine): after 0.80 s, before 0.84 s, none 0.23 s: 11.4 us a row at 19, 12.2 at 18. With
# the pair added by INSERT ... SELECT ... WHERE NOT EXISTS (a temporary table a row): 20.0 against
# 13.8 (3 rounds); hence the upsert of one row of VALUES.
#
# Environment: BUILD (lib.sh); ROUNDS (default 3); BEFORE_BIN a jobdesk binary for "before";
#              BEFORE_REF the commit to build it from (default: the one before 0011 was added)
set -euo pipefail

BENCH_NAME=audit_trigger
. "$(dirname "$0")/lib.sh"
bench_init git meson ninja cc pkg-config
rows=${1:-50000}
rounds=${ROUNDS:-3}
if ! [[ $rows =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: audit_trigger.sh [ROWS] (a whole number, default 50000)" >&2
	exit 64
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-audit-trigger.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export JOBDESK_USER=bench
unset JOBDESK_DB

before=${BEFORE_BIN:-}
if [ -z "$before" ]; then
	added=$(git -C "$root" log -1 --format=%H --diff-filter=A -- migrations/0011_audit_compact.sql)
	ref=${BEFORE_REF:-${added:+$added^}}
	ref=${ref:-HEAD}
	say "building the before binary of $(git -C "$root" rev-parse --short "$ref")"
	mkdir -p "$tmp/src"
	git -C "$root" archive "$ref" | tar -x -C "$tmp/src"
	meson setup "$tmp/bb" "$tmp/src" -Dtests=disabled >/dev/null
	ninja -C "$tmp/bb" jobdesk >/dev/null
	before=$tmp/bb/jobdesk
fi

ext=$tmp/import_ext.so
# shellcheck disable=SC2046  # pkg-config output is meant to split
cc -O2 -shared -fPIC -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I"$root/include" -I"$build" \
	"$root/tests/bench/import_ext.c" "$build/libjd-core.a" "$build/libjd-policy.a" \
	"$build/libjd-util.a" $(pkg-config --cflags --libs sqlite3 libsodium yaml-0.1) -lunistring -lm -o "$ext"

"$bin" --db "$tmp/after.db" init >/dev/null
"$before" --db "$tmp/before.db" init >/dev/null
cp "$tmp/after.db" "$tmp/none.db"
sqlite3 "$tmp/none.db" "DROP TRIGGER unit_audit_i"
cat >"$tmp/load.sql" <<EOF
.bail on
.load $ext sqlite3_importext_init
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO unit (id, name, kind, created_at, updated_at, created_by)
  SELECT 'k-' || value || '-' || hex(randomblob(8)), '单位' || value, 'employer',
    '2018-03-01T00:00:00.000Z', '2018-03-01T00:00:00.000Z', 'bench'
  FROM generate_series(1, $rows);
COMMIT;
EOF

# load KIND: the CPU seconds of the shell's load into a fresh copy of KIND.db (left as w.db).
load() {
	cp "$tmp/$1.db" "$tmp/w.db"
	rm -f "$tmp/w.db-wal" "$tmp/w.db-shm"
	/usr/bin/time -f '%U %S' -o "$tmp/time" sqlite3 "$tmp/w.db" <"$tmp/load.sql" >/dev/null
	awk '{ printf "%.2f", $1 + $2 }' "$tmp/time"
}

declare -a c_after c_before c_none
for r in $(seq "$rounds"); do
	c_after+=("$(load after)")
	if [ "$r" = 1 ]; then
		got=$(sqlite3 "$tmp/w.db" "SELECT count(*) FROM audit WHERE tbl = 'unit' AND op = 'insert'")
		[ "$got" = "$rows" ] || { say "after: $got audit rows, want $rows"; exit 1; }
		"$bin" --db "$tmp/w.db" db check >"$tmp/check" 2>&1 ||
			{ say "after: db check failed:"; cat "$tmp/check" >&2; exit 1; }
	fi
	c_before+=("$(load before)")
	c_none+=("$(load none)")
	say "round $r (CPU s): after ${c_after[-1]}, before ${c_before[-1]}, none ${c_none[-1]}"
done
med() { printf '%s\n' "$@" | median; }
m_after=$(med "${c_after[@]}") m_before=$(med "${c_before[@]}") m_none=$(med "${c_none[@]}")
us() { awk -v a="$1" -v b="$2" -v n="$rows" 'BEGIN { printf "%.1f", (a - b) * 1e6 / n }'; }
echo "audit_trigger: $rows audited inserts in one statement, CPU medians of $rounds rounds:" \
    "after $m_after s, before $m_before s, none $m_none s; the trigger" \
    "$(us "$m_after" "$m_none") us a row after, $(us "$m_before" "$m_none") us before"
bench_row "$rows audited inserts, CPU (step 11)" "$m_after" s "step 10's trigger" "$m_before" "-"
bench_row "the audit trigger a row, CPU" "$(us "$m_after" "$m_none")" us "step 10's trigger" \
    "$(us "$m_before" "$m_none")" "-"
