#!/usr/bin/env bash
# Caseload views at scale (issue 12, point 1): every view of the caseload screen, mine and the
# office's, by name and by follow-up, unfiltered, by each stage, by each flag, by stage and flag,
# and today's worklist, each its first page and a page deep into its keyset (the middle of its
# first 20,000 rows), timed in-process through caseload_page() (tests/bench/caseload_bench.c,
# compiled here against the static libraries) beside the sqlite3 shell running the very same SQL
# text (caseload_sql) with the same parameters, alternating jobdesk and shell, ROUNDS rounds.
#   warm: each page once untimed, then REPEAT times; a page's figure is the mean of its runs (the
#         shell's timer counts whole milliseconds: a mean over runs is its only fair figure), the
#         jobdesk p95 of single runs is printed beside it.
#   cold: before each page the database file is evicted from the page cache (posix_fadvise; as
#         bench_drop_caches but for this file alone: dropping every cache waits for every other
#         program's writes, 12 s a time on a shared machine) and opened afresh; one run; the two
#         sides alternate page by page (fresh processes both).
# One result row per view group (mine/office x name/follow-up x all/stage/flag/stage+flag, and
# the worklist), warm and cold: the p95 over its pages and rounds, jobdesk and shell; the goal is
# a repaint within 16 ms. Then, with MIGRATE_FROM, the upgrade of a schema-6 copy in place; and
# the database's size per person.
# Measured 2026-11-29 (issue 11, schema step 16, the caseload indexes without the text key; the
# 1,000,000-person bench demo made by 2a1fab6 at schema 15, with 2a1fab6's build and this script
# as "before", then a copy upgraded by `jobdesk init` with this build; 3 rounds, load 10-20 on
# two shared cores): office view by name, p95 warm 2.31 -> 2.23 ms (shell 4.5 / 5.7 ms), cold
# 62.5 -> 56.3 ms (shell 59 / 58 ms); every group's warm p95 at most 4.0 before, 4.4 after; cold
# p95 30-60 ms on both sides and beside the shell (0.59-1.91x after): the disk at that load, not
# the plan; the caseload page indexes 294 -> 152 bytes a person.
# Measured 2026-11-29 23:00-23:45 (issue 12 point 1, cold first pages; the 1,000,000 demo at
# schema 18, 3 rounds; before = 8caa3e0): what each side reads cold (traced, whole process, every
# first page): before, jobdesk read the shell's pages plus the page of `setting` (the office code,
# at open) and the start-up check's 100 bytes; after, 3,996 bytes fewer than the shell on every
# first page (404.2 KiB against 408.1 for my cases by name; the shell reads one page twice). Times
# on a quiet machine (load 0.2-0.4), before: every cold group p95 5.4-12.4 ms (shell 6-19 ms,
# 0.46-1.46x), median over the 188 cold pages 5.0 ms (shell 6.0); warm p95 at most 0.74 ms (shell
# 0.9). After, with the load falling from 3.4 to 0.4 during the run, turn by turn (jobdesk's cold
# turn always first): cold p95 7.4-24.8 ms (shell 6-12), median 5.0 (shell 5.0), warm at most
# 0.83 (0.9); the cold sides now alternate page by page so that a changing load weighs on both.
# usage: tests/bench/caseload.sh [PERSONS]   (default 1000000; CASELOAD_DB=FILE to use a copy
# already made, which must be that demo under this build's schema; MIGRATE_FROM=FILE; VACUUMED=0
# to leave out the size after VACUUM, which writes a copy of the database into $TMPDIR)
set -euo pipefail
BENCH_NAME=caseload
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config
persons=${1:-1000000}
rounds=${ROUNDS:-3}
repeat=${REPEAT:-10}

if [ -n "${CASELOAD_DB:-}" ]; then
	db=$CASELOAD_DB
	bench_probe
	[ "$(sqlite3 "$db" "PRAGMA user_version")" = "$want_schema" ] ||
		{ say "$db is not under schema $want_schema; migrate a copy: jobdesk --db COPY init"; exit 65; }
else
	db=$(bench_db "$persons")
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-caseload.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/sql"

cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I"$root/include" -I"$build" \
	"$root/tests/bench/caseload_bench.c" "$build/libjd-core.a" "$build/libjd-policy.a" \
	"$build/libjd-util.a" $(pkg-config --cflags --libs sqlite3 libsodium yaml-0.1) -lunistring -lm \
	-o "$tmp/caseload_bench"

# The views: "my cases" are those of the counselor with the most; the worklist is theirs due by
# the day half their follow-ups fall due (the demo's dates follow the day it was made).
me=$(sqlite3 "$db" "SELECT counselor FROM person WHERE counselor IS NOT NULL GROUP BY counselor ORDER BY count(*) DESC LIMIT 1")
due=$(sqlite3 "$db" "SELECT next_followup FROM person WHERE counselor = '$me' AND next_followup IS NOT NULL ORDER BY next_followup LIMIT 1 OFFSET (SELECT count(*) / 2 FROM person WHERE counselor = '$me' AND next_followup IS NOT NULL)")
stages=(registered training internship startup grassroots employed closed)
flags=(low_income poor_disabled registered_poor extremely_poor zero_employment disabled difficulty)
{
	for who in mine office; do
		c=-; [ $who = mine ] && c=$me
		for sort in name followup; do
			g=$who-$sort
			printf '%s\t%s\t%s\t-\t-\t%s\t-\n' "$g" "$g" "$c" "$sort"
			for s in "${stages[@]}"; do
				printf '%s\t%s\t%s\t%s\t-\t%s\t-\n' "$g-stage" "$g-$s" "$c" "$s" "$sort"
			done
			for f in "${flags[@]}"; do
				printf '%s\t%s\t%s\t-\t%s\t%s\t-\n' "$g-flag" "$g-$f" "$c" "$f" "$sort"
			done
			# every flag once with a stage, the rarest of both among them
			for i in "${!flags[@]}"; do
				s=${stages[$(((i + 4) % 7))]}
				printf '%s\t%s\t%s\t%s\t%s\t%s\t-\n' "$g-stage+flag" "$g-$s+${flags[$i]}" "$c" "$s" "${flags[$i]}" "$sort"
			done
			printf '%s\t%s\t%s\t%s\t%s\t%s\t-\n' "$g-stage+flag" "$g-grassroots+extremely_poor" "$c" grassroots extremely_poor "$sort"
		done
	done
	for f in - difficulty extremely_poor; do
		printf 'worklist\tworklist-%s\t%s\t-\t%s\tfollowup\t%s\n' "$f" "$me" "$f" "$due"
	done
	printf 'worklist\tworklist-registered\t%s\tregistered\t-\tfollowup\t%s\n' "$me" "$due"
} >"$tmp/views"
say "$(wc -l <"$tmp/views") views of $db (mine: $me, worklist due by $due); finding their deep keys"
"$tmp/caseload_bench" "$db" plan "$tmp/views" "$tmp/cases" "$tmp/sql" 2>"$tmp/plan.log"
ncases=$(grep -c . "$tmp/cases")
say "$ncases pages, $rounds rounds, warm ($repeat runs a page) and cold"

# shell_turn MODE [FIRST]: the shell over the pages of the cases on stdin (FIRST: the number of
# the first, 0 by default), as caseload_bench prints its own.
shell_turn() {
	local mode=$1 i=${2:-0} group label page
	while IFS=$'\t' read -r group label _ _ _ _ _ page _ _; do
		local f=$tmp/sql/$i.sql
		if [ "$mode" = warm ]; then
			# once untimed, then REPEAT times under the timer
			sed '/^\.timer on$/d' "$f" >"$tmp/run.sql"
			echo ".timer on" >>"$tmp/run.sql"
			for _ in $(seq "$repeat"); do sed -n '$p' "$f" >>"$tmp/run.sql"; done
		else
			"$tmp/caseload_bench" "$db" evict
			cp "$f" "$tmp/run.sql"
		fi
		sqlite3 "$db" <"$tmp/run.sql" >"$tmp/run.out"
		rows=$(grep -vc '^Run Time\|^[0-9]*$' "$tmp/run.out" || true)
		[ "$mode" = warm ] && rows=$((rows / (repeat + 1)))
		times=$(awk '/^Run Time: real/ { printf "\t%.3f", $4 * 1000 }' "$tmp/run.out")
		printf '%s\t%s\t%s\t%s%s\n' "$group" "$label" "$page" "$rows" "$times"
		i=$((i + 1))
	done
}

# Warm, each side over every page in turn; cold, the sides alternate page by page (jobdesk's
# fresh process, then the shell's, on the same page), so that a load rising or falling during a
# round weighs on both alike (turn by turn, jobdesk's cold pages ran always before the shell's).
for r in $(seq "$rounds"); do
	say "round $r: warm: jobdesk"
	"$tmp/caseload_bench" "$db" warm "$tmp/cases" "$repeat" >"$tmp/jd.warm.$r"
	say "round $r: warm: sqlite3 shell"
	shell_turn warm <"$tmp/cases" >"$tmp/sh.warm.$r"
	say "round $r: cold: jobdesk and the sqlite3 shell, page by page"
	: >"$tmp/jd.cold.$r"
	: >"$tmp/sh.cold.$r"
	for i in $(seq 0 $((ncases - 1))); do
		sed -n "$((i + 1))p" "$tmp/cases" >"$tmp/one.case"
		"$tmp/caseload_bench" "$db" cold "$tmp/one.case" >>"$tmp/jd.cold.$r"
		shell_turn cold "$i" <"$tmp/one.case" >>"$tmp/sh.cold.$r"
	done
done

# Per page: the mean of its runs in each round (one run, cold); jobdesk's p95 of single runs.
for side in jd sh; do
	for mode in warm cold; do
		cat "$tmp/$side.$mode".* | awk -F'\t' -v s=$side -v m=$mode '{
			sum = 0; for (i = 5; i <= NF; i++) sum += $i
			printf "%s\t%s\t%s\t%s\t%s\t%.3f\t%s\n", s, m, $1, $2 "/" $3, $4, sum / (NF - 4), NF - 4 }'
	done
done >"$tmp/means"
# the two sides must read the same rows
awk -F'\t' '$2 == "warm" { k = $4; if ($1 == "jd") jd[k] = $5; else sh[k] = $5 }
	END { for (k in jd) if (jd[k] != sh[k]) { print "caseload: " k ": jobdesk " jd[k] " rows, shell " sh[k] > "/dev/stderr"; bad = 1 } exit bad }' "$tmp/means"

echo "per view: jobdesk median and p95 of single warm runs; warm mean jobdesk / shell; cold median jobdesk / shell (ms)"
printf '%-44s %5s %8s %8s %8s %8s %8s %8s\n' view rows jd-med jd-p95 warm-jd warm-sh cold-jd cold-sh
for key in $(awk -F'\t' '$1 == "jd" && $2 == "warm" { print $4 }' "$tmp/means" | awk '!seen[$0]++'); do
	rows=$(awk -F'\t' -v k="$key" '$1 == "jd" && $2 == "warm" && $4 == k { print $5; exit }' "$tmp/means")
	runs=$(cat "$tmp"/jd.warm.* | awk -F'\t' -v k="$key" '$2 "/" $3 == k { for (i = 5; i <= NF; i++) print $i }')
	fig() { awk -F'\t' -v s="$1" -v m="$2" -v k="$key" '$1 == s && $2 == m && $4 == k { print $6 }' "$tmp/means" | median; }
	printf '%-44s %5s %8s %8s %8s %8s %8s %8s\n' "$key" "$rows" "$(echo "$runs" | median)" \
		"$(echo "$runs" | percentile 95)" "$(fig jd warm)" "$(fig sh warm)" "$(fig jd cold)" "$(fig sh cold)"
done

# One row per group and mode: the p95 over its pages and rounds, beside the shell's.
for mode in warm cold; do
	for g in $(awk -F'\t' '{ print $3 }' "$tmp/means" | awk '!seen[$0]++'); do
		j=$(awk -F'\t' -v m=$mode -v g="$g" '$1 == "jd" && $2 == m && $3 == g { print $6 }' "$tmp/means" | percentile 95)
		s=$(awk -F'\t' -v m=$mode -v g="$g" '$1 == "sh" && $2 == m && $3 == g { print $6 }' "$tmp/means" | percentile 95)
		n=$(awk -F'\t' -v m=$mode -v g="$g" '$1 == "jd" && $2 == m && $3 == g' "$tmp/means" | wc -l)
		bench_row "$g $mode p95 ($n pages)" "$j" ms "sqlite3 shell, same SQL" "$s" "<16 ms p95"
	done
done

# What each side reads from the file, cold: a figure the machine's load does not move. Each
# first page once more, traced (strace, pread64 and read of the database file): jobdesk opening
# the database afresh and reading the page (caseload_bench cold, one page), the shell's fresh
# process reading its schema and running the same SQL; the file evicted before each. One row
# per group: the KiB both read over its first pages, jobdesk beside the shell (the goal: the
# shell's page plus what opening must read).
if command -v strace >/dev/null && [ "${PAGES:-1}" = 1 ]; then
	say "the pages each side reads, cold, traced (PAGES=0 skips it)"
	# read_bytes TRACE: the bytes read from the database file in an strace -f log
	read_bytes() {
		awk -v db="$db" '
			/openat\(/ { if (index($0, "\"" db "\"") && match($0, /= [0-9]+$/)) fd[substr($0, RSTART + 2)] = 1
				else if (match($0, /= [0-9]+$/)) delete fd[substr($0, RSTART + 2)]; next }
			/close\(/ { if (match($0, /close\([0-9]+/)) delete fd[substr($0, RSTART + 6, RLENGTH - 6)]; next }
			/pread64\(|[^p]read\(/ { if (match($0, /read[0-9]*\([0-9]+/)) { f = substr($0, RSTART, RLENGTH); sub(/.*\(/, "", f)
				if ((f in fd) && match($0, /= [0-9]+$/)) n += substr($0, RSTART + 2) } }
			END { print n + 0 }' "$1"
	}
	i=0
	while IFS=$'\t' read -r group label _ _ _ _ _ page _; do
		if [ "$page" = first ]; then
			sed -n "$((i + 1))p" "$tmp/cases" >"$tmp/one"
			"$tmp/caseload_bench" "$db" evict
			strace -f -o "$tmp/jd.trace" -e trace=openat,read,pread64,close \
				"$tmp/caseload_bench" "$db" cold "$tmp/one" >/dev/null
			"$tmp/caseload_bench" "$db" evict
			strace -f -o "$tmp/sh.trace" -e trace=openat,read,pread64,close \
				sqlite3 "$db" <"$tmp/sql/$i.sql" >/dev/null
			printf '%s\t%s\t%s\t%s\n' "$group" "$label" "$(read_bytes "$tmp/jd.trace")" \
				"$(read_bytes "$tmp/sh.trace")"
		fi
		i=$((i + 1))
	done <"$tmp/cases" >"$tmp/bytes"
	echo "per first page: bytes read cold, jobdesk (open and page) / the shell (schema and page)"
	awk -F'\t' '{ printf "%-44s %9d %9d %+6d\n", $2, $3, $4, $3 - $4 }' "$tmp/bytes"
	for g in $(awk -F'\t' '{ print $1 }' "$tmp/bytes" | awk '!seen[$0]++'); do
		read -r n j s <<<"$(awk -F'\t' -v g="$g" '$1 == g { n++; j += $3; s += $4 } END { printf "%d %.1f %.1f", n, j / 1024, s / 1024 }' "$tmp/bytes")"
		bench_row "$g cold KiB read ($n first pages)" "$j" KiB "sqlite3 shell, same SQL" "$s" "shell + open"
	done
fi

# Upgrading in place (MIGRATE_FROM=FILE, a schema-6 demo such as /work/big/m1.db, copied twice,
# never written): `jobdesk init` beside the sqlite3 shell running migrations/0007 on the other
# copy (the step calls no function of jobdesk's, so the shell can), once each.
if [ -n "${MIGRATE_FROM:-}" ]; then
	[ "$(sqlite3 "file:$MIGRATE_FROM?immutable=1" "PRAGMA user_version")" = 6 ] ||
		{ say "$MIGRATE_FROM is not under schema 6"; exit 65; }
	n=$(sqlite3 "file:$MIGRATE_FROM?immutable=1" "SELECT count(*) FROM person")
	for side in jobdesk shell; do
		cp "$MIGRATE_FROM" "$tmp/m.db"
		t0=$(now)
		if [ $side = jobdesk ]; then
			"$bin" --db "$tmp/m.db" init >/dev/null
		else
			{ echo "BEGIN;"; cat "$root/migrations/0007_caseload_flags.sql"; echo "PRAGMA user_version = 7; COMMIT;"; } | sqlite3 "$tmp/m.db"
		fi
		eval "mig_$side=$(secs "$t0" "$(now)")"
		[ "$(sqlite3 "$tmp/m.db" "PRAGMA user_version")" = 7 ] || { say "$side: not migrated"; exit 70; }
		rm -f "$tmp/m.db"*
	done
	bench_row "upgrade 6 to 7 in place, $n persons" "$mig_jobdesk" s "sqlite3 shell, same SQL" "$mig_shell" "-"
fi

# The database's size per person, and what the caseload's indexes take of it.
read -r bytes npersons idx <<<"$(sqlite3 "$db" "SELECT (SELECT page_count * page_size FROM pragma_page_count, pragma_page_size), (SELECT count(*) FROM person), (SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'person' AND (name LIKE 'person\_%name%' ESCAPE '\' OR name LIKE 'person\_%followup' ESCAPE '\') AND name <> 'person_name_birth'))" | tr '|' ' ')"
bench_row "database bytes per person, as the demo made it" "$((bytes / npersons))" B "-" "-" "<=2500 B"
# The same database rewritten by VACUUM INTO (each B-tree page packed full, as issue 11's
# tests/bench/audit_size.sh measures the goal): what the rows take without the room that
# inserts leave in pages; the file is written into the temporary folder and removed.
if [ "${VACUUMED:-1}" = 1 ]; then
	sqlite3 "$db" "VACUUM INTO '${tmp//\'/\'\'}/vacuumed.db'"
	vbytes=$(stat -c %s "$tmp/vacuumed.db")
	rm -f "$tmp/vacuumed.db"
	bench_row "database bytes per person after VACUUM" "$((vbytes / npersons))" B "as the demo made it" \
		"$((bytes / npersons))" "<=2500 B"
fi
bench_row "caseload page indexes, bytes per person" "$((idx / npersons))" B "-" "-" "-"
