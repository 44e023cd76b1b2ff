#!/usr/bin/env bash
# The foundation benchmark: the database's size and search. Not a test: it prints figures.
#
#   usage: tests/bench/foundation.sh [PERSONS]        (default 1000000)
#
# On the demo database of PERSONS persons (seed 1, tests/bench/lib.sh: bench_db) it measures
# (1) bytes per person (the file and its WAL); (2) searches of four kinds (two characters of a
# name, pinyin initials, the last 4-6 digits of an ID number, a whole phone), QUERIES of each taken
# from real rows, like against like:
#   in-process: search_run() beside the very statement it runs (sqlite3-traced, bound values
#     written in) prepared once and stepped on the same connection; both must return the same
#     persons; REPEAT rounds alternating the two, each query's median (tests/bench/search_bench.c,
#     compiled here against the static libraries);
#   process against process: `jobdesk search Q` beside a fresh sqlite3 shell running that same
#     statement, PQUERIES queries of each kind, ROUNDS rounds alternating (which goes first
#     changes each round), each query's median; both must print as many rows.
# Percentiles are over the queries. Import is measured by tests/bench/import.sh.
#
# Environment: BUILD    build folder (default build)
#              QUERIES  queries of each kind in-process (default 200)
#              REPEAT   alternating rounds of each query in-process (default 21, at least 3)
#              PQUERIES queries of each kind as processes (default 20)
#              ROUNDS   alternating rounds of each query as processes (default 3, at least 3)
#              KEEP=1   keep the temporary folder
set -euo pipefail
BENCH_NAME=foundation
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config

persons=${1:-1000000}
queries=${QUERIES:-200}
repeat=${REPEAT:-21}
pqueries=${PQUERIES:-20}
rounds=${ROUNDS:-3}
if ! [[ $persons =~ ^[1-9][0-9]*$ ]] || ! [[ $repeat =~ ^[0-9]+$ ]] || [ "$repeat" -lt 3 ] ||
   ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 3 ]; then
	echo "usage: foundation.sh [PERSONS] (a whole number; REPEAT and ROUNDS at least 3)" >&2
	exit 64
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
# Remove the temporary folder unless KEEP=1.
cleanup() { if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
export JOBDESK_USER=bench
db=$(bench_db "$persons")

# ---- (1) bytes per person ----
bytes=$(( $(stat -c %s "$db") + $( [ -f "$db-wal" ] && stat -c %s "$db-wal" || echo 0) ))
bench_row "database bytes per person" "$((bytes / persons))" B "-" "" "<=2500"

# ---- (2) search ----
# queries from real rows, spread over the table
step=$(( persons / queries > 0 ? persons / queries : 1 ))
sqlite3 "$db" "SELECT substr(name, 1, 2) FROM person WHERE rowid % $step = 0 AND length(name) >= 2 LIMIT $queries;" >"$tmp/q.name"
# the initials of each name's pinyin sort key (the tokens are not stored: schema step 15)
sqlite3 "$db" "SELECT name_sort FROM person WHERE rowid % $step = 0 LIMIT $queries;" |
	awk -F '\t' '{ n = split($1, w, " "); s = ""; for (i = 1; i <= n; i++) s = s substr(w[i], 1, 1); if (s ~ /^[a-z]+$/) print s }' >"$tmp/q.initials"
sqlite3 "$db" "SELECT substr(id_number, 15 - rowid % 3) FROM person WHERE id_number NOT LIKE '%X' AND rowid % $step = 1 LIMIT $queries;" >"$tmp/q.idtail"
sqlite3 "$db" "SELECT phone FROM person WHERE phone IS NOT NULL AND rowid % $step = 2 LIMIT $queries;" >"$tmp/q.phone"
kinds=(name initials idtail phone)

say "search in-process: search_run() and its own statement, $repeat alternating rounds a query"
bench_cc search_bench.c "$tmp/search_bench"
for k in "${kinds[@]}"; do
	"$tmp/search_bench" "$db" "$k" "$tmp/q.$k" "$repeat" "$tmp/sql.$k" >"$tmp/inproc.$k"
done

say "search as processes: jobdesk search and the sqlite3 shell, $rounds alternating rounds a query"
# ms since t0 (a $EPOCHREALTIME), three decimals
ms_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'; }
for k in "${kinds[@]}"; do
	head -n "$pqueries" "$tmp/q.$k" >"$tmp/pq.$k"
	i=0
	while IFS= read -r q; do
		i=$((i + 1))
		sed -n "${i}p" "$tmp/sql.$k" >"$tmp/one.sql"
		: >"$tmp/j.times"
		: >"$tmp/s.times"
		for r in $(seq 1 "$rounds"); do
			for side in $( [ $((r % 2)) = 1 ] && echo "j s" || echo "s j"); do
				t0=$EPOCHREALTIME
				if [ "$side" = j ]; then
					"$bin" --db "$db" search "$q" --limit 20 >"$tmp/j.out"
				else
					sqlite3 -batch "$db" <"$tmp/one.sql" >"$tmp/s.out"
				fi
				ms_since "$t0" >>"$tmp/$side.times"
			done
		done
		if [ "$(wc -l <"$tmp/j.out")" != "$(wc -l <"$tmp/s.out")" ]; then
			say "'$q': jobdesk search printed $(wc -l <"$tmp/j.out") rows, the shell $(wc -l <"$tmp/s.out")"
			exit 70
		fi
		echo "$(median <"$tmp/j.times") $(median <"$tmp/s.times")"
	done <"$tmp/pq.$k" >"$tmp/proc.$k"
done

echo
echo "search, $persons persons; in-process: $(wc -l <"$tmp/q.name") queries a kind, median of $repeat alternating rounds each;"
echo "processes: $pqueries queries a kind, median of $rounds alternating rounds each; percentiles over the queries"
printf '%-9s | %-29s | %-29s | %s\n' "" "in-process ms: p50 p95 max" "statement alone: p50 p95 max" "hits, VmHWM"
for k in "${kinds[@]}"; do
	read -r _ _ jp50 jp95 jmax bp50 bp95 bmax hits hwm <"$tmp/inproc.$k"
	printf '%-9s | %9s %9s %9s | %9s %9s %9s | %s, %s KiB\n' "$k" "$jp50" "$jp95" "$jmax" \
		"$bp50" "$bp95" "$bmax" "$hits" "$hwm"
done
echo
for k in "${kinds[@]}"; do
	read -r _ _ jp50 jp95 jmax bp50 bp95 bmax hits hwm <"$tmp/inproc.$k"
	bench_row "search $k in-process p50" "$jp50" ms "same statement, same conn" "$bp50" "-"
	bench_row "search $k in-process p95" "$jp95" ms "same statement, same conn" "$bp95" "<10 ms"
	bench_row "search $k process p50" "$(cut -d' ' -f1 "$tmp/proc.$k" | median)" ms \
		"sqlite3 shell, same stmt" "$(cut -d' ' -f2 "$tmp/proc.$k" | median)" "-"
done
