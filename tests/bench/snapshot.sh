#!/usr/bin/env bash
# What a snapshot costs (issue 17: cases moving between offices, a restored receiver). Not a
# test: it prints figures.
#
#   usage: tests/bench/snapshot.sh [PERSONS [TOWNSHIP]]    (defaults 100000 and 10000)
#
# A copy of the demo of PERSONS persons (seed 1, the one kept in BENCH_DIR) made a county (init --office
# 2201), its first TOWNSHIP persons moved to township 220101 (snapshot_bench setup, one
# transaction). Then ROUNDS times (default 3), alternating which goes first, beside the baseline,
# the sqlite3 shell running the same reads (the temporary list of cases, then SELECT * of each
# table's rows of those cases, output to /dev/null):
#   case     one case's snapshot (the person with the most enrollments)
#   office   township 220101's: its TOWNSHIP cases and every unit
# snapshot_bench times snapshot_cases alone (wall and the process's CPU); the shell is timed from
# outside (bash's time: its start, a few ms, included), so for one case the shell's side is
# mostly its start; at 10,000 cases the reads dominate.
# Sizes: the changeset's bytes, and a byte count a case.
# Measured 2026-11-29 (100,000 demo persons, 10,000 of them a township's, 3 rounds, 2 CPUs
# shared with four other helpers: walls scatter, read the CPU):
#   case     2,155 bytes; 2.6 ms wall and CPU (the shell: 10 ms CPU, mostly its start)
#   office   13,118,458 bytes, 1,311 a case; 0.68 s CPU beside the shell's 0.17 s (4.0x: each
#            row is read, inserted into the in-memory copy and read back by the session);
#            14.9 s wall beside 3.4 s (4.4x), the reads waiting on the disk at load 15-20
# Environment: BUILD, BENCH_DIR (lib.sh); ROUNDS; WORK (room for one copy, default /work/big or
# $TMPDIR); KEEP=1 keeps the folder.
set -euo pipefail
BENCH_NAME=snapshot
. "$(dirname "$0")/lib.sh"

persons=${1:-100000}
town=${2:-10000}
rounds=${ROUNDS:-3}
for v in "$persons" "$town" "$rounds"; do
	if ! [[ $v =~ ^[1-9][0-9]*$ ]]; then
		echo "usage: snapshot.sh [PERSONS [TOWNSHIP]] (whole numbers; ROUNDS likewise)" >&2
		exit 64
	fi
done
bench_init cc pkg-config
# a kept demo of an older schema is copied as it is (the copy is migrated when opened), never
# set aside; without one, lib.sh's bench_db makes it
demo=${BENCH_DIR:-/tmp/jobdesk-bench}/demo-$persons-seed1.db
[ -f "$demo" ] || demo=$(bench_db "$persons")
work=${WORK:-/work/big}
[ -d "$work" ] || work=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$work/jobdesk-bench-snapshot.XXXXXX")
# Remove the temporary folder unless KEEP=1.
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
bench_cc snapshot_bench.c "$tmp/snapshot_bench"
say "copying $demo"
sqlite3 "$demo" ".backup '$tmp/c.db'"
export JOBDESK_USER=bench JOBDESK_TODAY=2018-03-01
"$bin" --db "$tmp/c.db" init --office 2201 --office-name 朝阳区就业服务局 --level county >/dev/null
"$tmp/snapshot_bench" "$tmp/c.db" setup "$town" 220101 >/dev/null
one=$(sqlite3 "$tmp/c.db" "SELECT person_id FROM enrollment GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1")
say "one case: $one; township 220101: $(sqlite3 "$tmp/c.db" "SELECT count(*) FROM person WHERE office_id = '220101'") cases"

# shell_reads LIST-SQL: the same reads in the sqlite3 shell (LIST-SQL fills the list).
shell_reads() {
	cat <<SQL
CREATE TEMP TABLE snapshot_person (id TEXT PRIMARY KEY);
$1;
SELECT * FROM main.household WHERE id IN (SELECT household_id FROM main.person WHERE id IN (SELECT id FROM temp.snapshot_person));
SELECT * FROM main.person WHERE id IN (SELECT id FROM temp.snapshot_person);
SELECT * FROM main.unit$2;
SELECT * FROM main.enrollment WHERE person_id IN (SELECT id FROM temp.snapshot_person);
SELECT * FROM main.certificate WHERE person_id IN (SELECT id FROM temp.snapshot_person);
SELECT * FROM main.insurance WHERE person_id IN (SELECT id FROM temp.snapshot_person);
SELECT * FROM main.note WHERE person_id IN (SELECT id FROM temp.snapshot_person);
SELECT * FROM main.decision WHERE person_id IN (SELECT id FROM temp.snapshot_person);
SELECT * FROM main.correction WHERE person_id IN (SELECT id FROM temp.snapshot_person);
SQL
}
shell_reads "INSERT INTO temp.snapshot_person VALUES ('$one')" \
    " WHERE id IN (SELECT unit_id FROM main.enrollment WHERE person_id IN (SELECT id FROM temp.snapshot_person))" >"$tmp/case.sql"
shell_reads "INSERT INTO temp.snapshot_person SELECT id FROM main.person WHERE office_id = '220101'" "" >"$tmp/office.sql"

# run MEASURE SIDE: one wall and one CPU (user + system) timing in seconds into
# $tmp/MEASURE-SIDE and $tmp/MEASURE-SIDE-cpu, the bytes into $tmp/MEASURE-bytes.
run() {
	local m=$1 side=$2 out t
	if [ "$side" = jobdesk ]; then
		if [ "$m" = case ]; then out=$("$tmp/snapshot_bench" "$tmp/c.db" case "$one")
		else out=$("$tmp/snapshot_bench" "$tmp/c.db" office 220101); fi
		read -r w c b <<<"$out"
		echo "$w" >>"$tmp/$m-jobdesk"
		echo "$c" >>"$tmp/$m-jobdesk-cpu"
		echo "$b" >"$tmp/$m-bytes"
	else
		t=$( { TIMEFORMAT='%R %U %S'; time sqlite3 "$tmp/c.db" <"$tmp/$m.sql" >/dev/null; } 2>&1 )
		read -r w u s <<<"$t"
		echo "$w" >>"$tmp/$m-shell"
		awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f\n", u + s }' >>"$tmp/$m-shell-cpu"
	fi
}
for r in $(seq 1 "$rounds"); do
	for m in case office; do
		if [ $((r % 2)) = 1 ]; then run "$m" jobdesk; run "$m" shell
		else run "$m" shell; run "$m" jobdesk; fi
	done
	say "round $r done"
done
med() { median <"$tmp/$1-$2"; }
bench_row "one case's snapshot, wall (s)" "$(med case jobdesk)" s "sqlite3 shell, same reads" "$(med case shell)" "-"
bench_row "one case's snapshot, CPU (s)" "$(med case jobdesk-cpu)" s "sqlite3 shell, same reads" "$(med case shell-cpu)" "-"
bench_row "one case's snapshot (bytes)" "$(cat "$tmp/case-bytes")" B "-" "-" "-"
bench_row "$town-case township's snapshot, wall (s)" "$(med office jobdesk)" s "sqlite3 shell, same reads" "$(med office shell)" "-"
bench_row "$town-case township's snapshot, CPU (s)" "$(med office jobdesk-cpu)" s "sqlite3 shell, same reads" "$(med office shell-cpu)" "-"
bench_row "$town-case township's snapshot (bytes)" "$(cat "$tmp/office-bytes")" B "-" "-" "-"
bench_row "township snapshot, bytes a case" "$(( $(cat "$tmp/office-bytes") / town ))" B "-" "-" "-"
