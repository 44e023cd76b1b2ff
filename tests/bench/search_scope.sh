#!/usr/bin/env bash
# Search scoped by office (issue 15 point 5): a counselor's search holds only the cases of their
# office and the offices below it. Not a test: it prints figures.
#
#   usage: tests/bench/search_scope.sh [PERSONS]        (default 100000)
#
# A copy of the demo of PERSONS persons (DB, else the one tests/bench/lib.sh keeps) in COPY_DIR,
# migrated to this build's schema, gets two
# townships, T1 and T2, each holding half the persons (written with the shell beside jobdesk,
# the two tables' triggers set aside and put back). Then ROUNDS rounds alternate the owner's
# search (every office: the statement as before the scope) and a township counselor's (the
# same statement with the township's offices bound), each through tests/bench/search_bench.c:
# search_run() beside the very statement it ran, traced, on the same connection, QUERIES
# queries of four kinds (two characters of a name, pinyin initials, the last 4-6 digits of an ID
# number, a whole phone), REPEAT alternating rounds a query. Figures: each side's p50 beside its
# own statement (SQLite's floor), and the counselor's beside the owner's; medians over the rounds.
#
# Environment: DB (the demo to copy), BUILD (default build), QUERIES (default 100), REPEAT (default 9, at least 3),
#              ROUNDS (default 3, at least 3), COPY_DIR (default /work/big), KEEP=1
set -euo pipefail
BENCH_NAME=search_scope
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config

persons=${1:-100000}
queries=${QUERIES:-100}
repeat=${REPEAT:-9}
rounds=${ROUNDS:-3}
if ! [[ $persons =~ ^[1-9][0-9]*$ ]] || [ "$repeat" -lt 3 ] || [ "$rounds" -lt 3 ]; then
	echo "usage: search_scope.sh [PERSONS] (REPEAT and ROUNDS at least 3)" >&2
	exit 64
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
copydir=${COPY_DIR:-/work/big}
mkdir -p "$copydir"
copy=$copydir/search-scope-$$.db
# Remove the copy and the temporary folder (the folder kept with KEEP=1).
cleanup() {
	rm -rf "$copy" "$copy-wal" "$copy-shm" "$copy.policies"
	if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
export JOBDESK_USER=bench
# the demo as it is kept (another build's schema too: the copy is migrated, the demo never
# written, nor set aside as bench_db would when its schema is not this build's)
db=${DB:-${BENCH_DIR:-/tmp/jobdesk-bench}/demo-$persons-seed1.db}
if [ ! -f "$db" ]; then
	say "$db is not there: make it with another benchmark (tests/bench/lib.sh bench_db), or set DB"
	exit 66
fi
say "copying $db to $copy"
cp "$db" "$copy"
"$bin" --db "$copy" init >/dev/null

# two townships, half the persons each
sqlite3 "$copy" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND
	tbl_name IN ('office', 'person')" >"$tmp/triggers.sql"
{
	echo "BEGIN;"
	sqlite3 "$copy" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE
		type = 'trigger' AND tbl_name IN ('office', 'person')"
	echo "INSERT INTO office VALUES ('T1', 'T1', '永吉街道', 'township', NULL, 'x', 'x', 'bench');"
	echo "INSERT INTO office VALUES ('T2', 'T2', '南岭街道', 'township', NULL, 'x', 'x', 'bench');"
	echo "UPDATE person SET office_id = iif(rowid % 2, 'T1', 'T2');"
	cat "$tmp/triggers.sql"
	echo "COMMIT;"
} | sqlite3 "$copy"

step=$(( persons / queries > 0 ? persons / queries : 1 ))
sqlite3 "$copy" "SELECT substr(name, 1, 2) FROM person WHERE rowid % $step = 0 AND length(name) >= 2 LIMIT $queries;" >"$tmp/q.name"
# the initials of each name's pinyin sort key (the tokens are not stored: schema step 15)
sqlite3 "$copy" "SELECT name_sort FROM person WHERE rowid % $step = 0 LIMIT $queries;" |
	awk -F '\t' '{ n = split($1, w, " "); s = ""; for (i = 1; i <= n; i++) s = s substr(w[i], 1, 1); if (s ~ /^[a-z]+$/) print s }' >"$tmp/q.initials"
sqlite3 "$copy" "SELECT substr(id_number, 15 - rowid % 3) FROM person WHERE id_number NOT LIKE '%X' AND rowid % $step = 1 LIMIT $queries;" >"$tmp/q.idtail"
sqlite3 "$copy" "SELECT phone FROM person WHERE phone IS NOT NULL AND rowid % $step = 2 LIMIT $queries;" >"$tmp/q.phone"
kinds=(name initials idtail phone)
bench_cc search_bench.c "$tmp/search_bench"

for r in $(seq 1 "$rounds"); do
	for side in $( [ $((r % 2)) = 1 ] && echo "owner township" || echo "township owner"); do
		for k in "${kinds[@]}"; do
			if [ "$side" = township ]; then
				SEARCH_SCOPE_OFFICE=T1 "$tmp/search_bench" "$copy" "$k" "$tmp/q.$k" "$repeat" \
					"$tmp/sql" >>"$tmp/$side.$k"
			else
				SEARCH_SCOPE_OFFICE= "$tmp/search_bench" "$copy" "$k" "$tmp/q.$k" "$repeat" \
					"$tmp/sql" >>"$tmp/$side.$k"
			fi
		done
	done
	say "round $r of $rounds"
done
grep -q "IN ('T1')" "$tmp/sql" || { say "the township's statement holds no office filter"; exit 70; }

echo
echo "search scoped by office, $persons persons (two townships of half each); $queries queries a kind,"
echo "median of $repeat alternating rounds each; p50 over the queries, median over $rounds rounds"
for k in "${kinds[@]}"; do
	op=$(awk '{ print $3 }' "$tmp/owner.$k" | median)
	ob=$(awk '{ print $6 }' "$tmp/owner.$k" | median)
	tp=$(awk '{ print $3 }' "$tmp/township.$k" | median)
	tb=$(awk '{ print $6 }' "$tmp/township.$k" | median)
	th=$(awk '{ print $9 }' "$tmp/township.$k" | median)
	oh=$(awk '{ print $9 }' "$tmp/owner.$k" | median)
	say "$k: owner $op ms (statement $ob, $oh hits), township $tp ms (statement $tb, $th hits)"
	bench_row "search $k, a township's counselor p50" "$tp" ms "its own statement" "$tb" "-"
	bench_row "search $k, the owner (every office) p50" "$op" ms "its own statement" "$ob" "-"
	bench_row "search $k, township vs every office p50" "$tp" ms "the owner's search" "$op" "-"
done
