#!/usr/bin/env bash
# The foundation benchmark (issue 2, item 8). Not a test: it prints figures.
#
#   usage: tests/bench/foundation.sh [PERSONS]        (default 1000000)
#
# In a temporary folder it (1) times `jobdesk demo`; (2) measures database bytes per person;
# (3) exports the caseload to CSV and times `jobdesk import` of it beside the sqlite3 shell's
# `.import` into a bare table (the floor); (4) times searches of four kinds (a surname and
# given-name character, pinyin initials, the last 4-6 digits of an ID number, a full phone),
# QUERIES of each taken from real rows, three ways: through the `jobdesk search` command (process
# start-up included), in-process through search_run() (tests/bench/search_bench.c, compiled here
# against the static library), and the same SQL run directly by the sqlite3 shell.
#
# Environment: BUILD   build folder, relative to the repository root or absolute (default build)
#              QUERIES queries of each kind (default 200)
#              REPEAT  timed runs of each query in-process and in the shell (default 20)
#              KEEP=1  keep the temporary folder (its path is printed)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/jobdesk
persons=${1:-1000000}
queries=${QUERIES:-200}
repeat=${REPEAT:-20}

if ! [[ $persons =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: foundation.sh [PERSONS] (a whole number, default 1000000)" >&2
	exit 64
fi
if [ ! -x "$bin" ]; then
	echo "foundation: $bin is not built; build it with: ninja -C $build (or set BUILD)" >&2
	exit 69
fi
for tool in sqlite3 cc pkg-config awk rev; do
	if ! command -v "$tool" >/dev/null; then
		echo "foundation: $tool is missing (apt-get install sqlite3 gcc pkg-config)" >&2
		exit 69
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
# Remove the temporary folder unless KEEP=1.
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		echo "foundation: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
export JOBDESK_USER=bench
unset JOBDESK_DB

db=$tmp/demo.db
csv=$tmp/persons.csv
declare -A fig

# Seconds since the epoch with microseconds, without a fork.
now() { echo "$EPOCHREALTIME"; }
# b - a, in seconds, two decimals.
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# x / y with d decimals ("n/a" when y is 0).
div() { awk -v x="$1" -v y="$2" -v d="${3:-1}" 'BEGIN { if (y + 0 == 0) print "n/a"; else printf "%.*f", d, x / y }'; }
# p50 and p95 (nearest rank) of the numbers on stdin, one a line: "p50 p95".
pcts() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "n/a n/a"; exit }
		i = int((NR * 50 + 99) / 100); j = int((NR * 95 + 99) / 100)
		printf "%.3f %.3f\n", v[i], v[j] }'
}
# Log a step on stderr.
say() { echo "foundation: $*" >&2; }

# ---- (1) demo generation ----
say "demo --persons $persons --seed 1 (this is the long part)"
t0=$(now)
"$bin" --db "$db" demo --persons "$persons" --seed 1 >"$tmp/demo.out"
t1=$(now)
cat "$tmp/demo.out" >&2
fig[demo_s]=$(secs "$t0" "$t1")
fig[demo_rate]=$(div "$persons" "${fig[demo_s]}" 0)

# ---- (2) bytes per person, after a checkpoint ----
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
bytes=$(stat -c %s "$db")
fig[bytes]=$bytes
fig[bpp]=$(div "$bytes" "$persons" 0)
audit=$(sqlite3 "$db" "SELECT sum(pgsize) FROM dbstat WHERE name IN ('audit', 'audit_row', 'audit_at', 'sqlite_autoindex_audit_1');" 2>/dev/null || true)
fig[audit_pct]=$( [ -n "$audit" ] && div "$((audit * 100))" "$bytes" 0 || echo "n/a")

# ---- (3) export, then import beside the bare .import ----
fig[export_s]=n/a; fig[import_s]=n/a; fig[bare_s]=n/a; fig[import_ratio]=n/a; fig[import_rows]=n/a
say "export"
t0=$(now)
if out=$("$bin" --db "$db" export "$csv" 2>&1) && [ -s "$csv" ]; then
	t1=$(now)
	fig[export_s]=$(secs "$t0" "$t1")
	say "import into a fresh database"
	"$bin" --db "$tmp/import.db" init >/dev/null
	t0=$(now)
	if "$bin" --db "$tmp/import.db" import "$csv" >"$tmp/import.out" 2>&1; then
		t1=$(now)
		fig[import_s]=$(secs "$t0" "$t1")
		fig[import_rows]=$(sqlite3 "$tmp/import.db" 'SELECT count(*) FROM person;')
	else
		say "import failed: $(head -3 "$tmp/import.out")"
	fi
	say "sqlite3 .import into a bare table"
	t0=$(now)
	sqlite3 "$tmp/bare.db" '.mode csv' ".import '$csv' t"
	t1=$(now)
	fig[bare_s]=$(secs "$t0" "$t1")
	fig[import_ratio]=$(div "${fig[import_s]}" "${fig[bare_s]}" 2)
else
	case $out in
	*"not built"*) say "export: not available" ;;
	*) say "export failed: $out" ;;
	esac
	fig[export_s]="not available"
fi

# ---- (4) search latency ----
step=$(( persons / queries > 0 ? persons / queries : 1 ))
sqlite3 "$db" "SELECT substr(name, 1, 2) FROM person WHERE rowid % $step = 0 LIMIT $queries;" >"$tmp/q.name"
sqlite3 "$db" "SELECT tokens FROM person_search WHERE docid % $step = 0 LIMIT $queries;" |
	awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[a-z]+$/) { print $i; break } }' >"$tmp/q.initials"
sqlite3 "$db" "SELECT substr(id_number, 15 - rowid % 3) FROM person WHERE id_number NOT LIKE '%X' AND rowid % $step = 1 LIMIT $queries;" >"$tmp/q.idtail"
sqlite3 "$db" "SELECT phone FROM person WHERE phone IS NOT NULL AND rowid % $step = 2 LIMIT $queries;" >"$tmp/q.phone"
kinds=(name initials idtail phone)

say "search through the command (process start-up included)"
for k in "${kinds[@]}"; do
	while IFS= read -r q; do
		t0=$EPOCHREALTIME
		"$bin" --db "$db" search "$q" --limit 20 >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
	done <"$tmp/q.$k" | pcts >"$tmp/cli.$k"
done

say "search in-process (search_run)"
# shellcheck disable=SC2046  # pkg-config output is meant to split
cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I"$root/include" -I"$build" \
	"$root/tests/bench/search_bench.c" "$build/libjd-core.a" "$build/libjd-policy.a" "$build/libjd-util.a" \
	$(pkg-config --cflags --libs sqlite3 libsodium yaml-0.1) -lm -o "$tmp/search_bench"
for k in "${kinds[@]}"; do
	"$tmp/search_bench" "$db" "$k" "$tmp/q.$k" "$repeat" >"$tmp/inproc.$k"
done

say "the same SQL in the sqlite3 shell"
# The MATCH text search_match() in src/core/search.c builds for a query: a name part is the AND
# of its character pairs (and must occur in the name), letters are an initials prefix, digits
# are the reversed tail of an ID number or phone.
match_of() {
	local kind=$1 q=$2
	case $kind in
	name) echo "\"$q\"" ;;
	initials) echo "${q,,}*" ;;
	*) local r; r=$(rev <<<"$q"); echo "i$r* OR p$r*" ;;
	esac
}
sql_quote() { local s=${1//\'/\'\'}; echo "'$s'"; }
for k in "${kinds[@]}"; do
	{
		echo ".timer on"
		while IFS= read -r q; do
			m=$(sql_quote "$(match_of "$k" "$q")")
			f=NULL
			[ "$k" = name ] && f=$(sql_quote "$q")
			# Run REPEAT times in one statement (r.k makes the subquery correlated, so it
			# really runs each time), as search_bench runs each query REPEAT times.
			echo "WITH RECURSIVE r(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM r WHERE k < $repeat)" \
				"SELECT sum((SELECT count(*) FROM (SELECT p.id, p.name, p.id_number, p.phone," \
				"p.birth_date, p.stage FROM person_fts JOIN person_search s ON s.docid = person_fts.rowid" \
				"JOIN person p ON p.id = s.person_id WHERE person_fts MATCH $m AND ($f IS NULL OR" \
				"instr(p.name, $f) > 0) AND r.k > 0 LIMIT 20))) FROM r;"
		done <"$tmp/q.$k"
	} | sqlite3 "$db" | awk -v n="$repeat" '/^Run Time:/ {
		# real counts whole milliseconds; user + sys (microseconds) is the same time
		# when the database is in the page cache, as it is here.
		printf "%.3f\n", ($6 + $8) * 1000 / n }' |
		pcts >"$tmp/shell.$k"
done

# ---- the table ----
sqlite_version=$(sqlite3 --version | cut -d' ' -f1)
echo
echo "jobdesk foundation benchmark: $persons persons; $(basename "$build"), SQLite $sqlite_version, $(nproc) CPUs, $(date +%F)"
echo
printf '%-44s %s\n' "demo generation" "${fig[demo_rate]} persons/s (${fig[demo_s]} s)"
printf '%-44s %s\n' "database size after checkpoint" "${fig[bpp]} bytes/person ($(div "${fig[bytes]}" 1048576 0) MiB; audit ${fig[audit_pct]}%)"
printf '%-44s %s\n' "export to CSV" "${fig[export_s]}$( [[ ${fig[export_s]} =~ ^[0-9.]+$ ]] && echo " s")"
if [[ ${fig[import_s]} =~ ^[0-9.]+$ ]]; then
	printf '%-44s %s\n' "import, validating every row" "${fig[import_s]} s ($(div "$persons" "${fig[import_s]}" 0) rows/s, ${fig[import_rows]} persons)"
	printf '%-44s %s\n' "sqlite3 .import into a bare table (floor)" "${fig[bare_s]} s ($(div "$persons" "${fig[bare_s]}" 0) rows/s)"
	verdict=$(awk -v r="${fig[import_ratio]}" 'BEGIN { print (r <= 2 ? "met" : "MISSED") }')
	printf '%-44s %s\n' "import / bare .import (goal <= 2x)" "${fig[import_ratio]}x: $verdict"
else
	printf '%-44s %s\n' "import" "not measured (export not available or import failed)"
fi
echo
echo "search latency in ms, $queries queries of each kind; in-process and shell: mean of $repeat runs per query"
echo "(command: wall clock with process start-up; in-process: wall clock; sqlite3 shell: its user+sys time)"
printf '%-9s | %17s | %17s | %17s | %15s | %s\n' "kind" "command p50/p95" "in-process p50/p95" "sqlite3 p50/p95" "ratio p50/p95" "p95 < 10 ms"
for k in "${kinds[@]}"; do
	read -r cp50 cp95 <"$tmp/cli.$k"
	read -r _ _ ip50 ip95 _ fp50 fp95 hits <"$tmp/inproc.$k"
	read -r sp50 sp95 <"$tmp/shell.$k"
	ok=$(awk -v p="$ip95" 'BEGIN { print (p < 10 ? "met" : "MISSED") }')
	printf '%-9s | %8s %8s | %8s %8s | %8s %8s | %7s %7s | %s (first run p95 %s; %s hits)\n' "$k" \
		"$cp50" "$cp95" "$ip50" "$ip95" "$sp50" "$sp95" \
		"$(div "$ip50" "$sp50" 2)" "$(div "$ip95" "$sp95" 2)" "$ok" "$fp95" "$hits"
done
