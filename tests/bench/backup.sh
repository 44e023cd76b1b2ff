#!/usr/bin/env bash
# The backup benchmark (issue 12, item 2). Not a test: it prints figures.
#
#   usage: tests/bench/backup.sh [PERSONS]        (default 1000000)
#
# On a demo database of PERSONS persons (seed 1) it times `jobdesk db backup` beside the sqlite3
# shell's `.backup` of the same file, each idle and while two writers (tests/bench/backup_writer.c,
# compiled here against the static library: one person_add() a second each, through jobdesk's own
# connection settings) write; and the longest time a write took (waiting included) with each
# backup running and with none. The two tools alternate (the first of a round changes every round,
# and so does whether the idle backup or the one under writers comes first); ROUNDS rounds, medians.
# A write's wait under the shell's backup is only of the part it got through when it was stopped. A backup that has not finished after CAP times its own idle time of the
# round (at least 20 s) is stopped and shown as ">T" with the share of the database it had written.
#
# Environment: BUILD  build folder, relative to the repository root or absolute (default build)
#              ROUNDS rounds (default 3, at least 3)
#              CAP    the limit above, a factor (default 3)
#              DB     a database to use: it is used only if it has PERSONS persons, this jobdesk's
#                     schema version and the first person of seed 1; otherwise it is made there
#              KEEP=1 keep the temporary folder (its path is printed)
set -euo pipefail

BENCH_NAME=backup
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config timeout
persons=${1:-1000000}
rounds=${ROUNDS:-3}
cap=${CAP:-3}

if ! [[ $persons =~ ^[1-9][0-9]*$ ]] || ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 3 ]; then
	echo "usage: backup.sh [PERSONS] (a whole number, default 1000000; ROUNDS at least 3)" >&2
	exit 64
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
writers=()
# Stop any writer still running and remove the temporary folder unless KEEP=1.
cleanup() {
	touch "$tmp/stop" 2>/dev/null || true
	for p in "${writers[@]}"; do wait "$p" 2>/dev/null || true; done
	if [ "${KEEP:-0}" = 1 ]; then
		echo "backup: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
export JOBDESK_USER=bench
unset JOBDESK_DB

# b - a, in seconds, two decimals.
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# The median of the lines on stdin, each a number, or ">N (P%)" for a run stopped at N seconds
# (ranked as N, which it took at least).
median() {
	awk '{ k = $0; sub(/^>/, "", k); printf "%s\t%s\n", k + 0, $0 }' | sort -g | cut -f2 |
		awk '{ v[NR] = $0 } END { print NR ? v[int((NR + 1) / 2)] : "n/a" }'
}
# The largest of the numbers on stdin.
largest() { sort -g | tail -n 1; }

# ---- the database: the demo of bench_db (its writers add persons it does not count), or DB ----
if [ -n "${DB:-}" ]; then
	db=$DB
	bench_probe
	if [ ! -f "$db" ] || [ "$(sqlite3 "$db" "PRAGMA user_version")" != "$want_schema" ] ||
	   [ "$(sqlite3 "$db" "SELECT id_number FROM person ORDER BY rowid LIMIT 1")" != "$want_first" ] ||
	   [ "$(sqlite3 "$db" "SELECT count(*) FROM person WHERE id_number NOT LIKE '110101%'")" != "$persons" ]; then
		say "$db is not a demo of $persons persons with seed 1 under schema $want_schema; give another DB"
		exit 65
	fi
	say "using $db"
else
	db=$(bench_db "$persons")
fi
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
bytes=$(stat -c %s "$db")
pages=$(sqlite3 "$db" "PRAGMA page_size")

bench_cc backup_writer.c "$tmp/backup_writer"

who=0
# Start two writers, one write a second each; they are under way when this returns.
start_writers() {
	rm -f "$tmp/stop"
	writers=()
	for w in 1 2; do
		"$tmp/backup_writer" "$db" "$who" 1000 "$tmp/stop" >"$tmp/w.$w" &
		writers+=("$!")
		who=$((who + 1))
	done
	sleep 1.5
}
# Stop the writers; print the longest write in ms and the busy count over both: "MAX BUSY".
stop_writers() {
	touch "$tmp/stop"
	for p in "${writers[@]}"; do wait "$p"; done
	writers=()
	cat "$tmp/w.1" "$tmp/w.2" | awk '{ if ($6 > m) m = $6; b += $4; n += $2 }
		END { if (n == 0) { print "no-writes 0"; exit } printf "%.1f %d\n", m, b }'
}
# Back up with tool (jobdesk or shell) to a new file, within limit seconds: the seconds taken, or
# ">limit (P%)" with the share of the database written when it was stopped.
backup() {
	local tool=$1 limit=$2 out=$tmp/copy.db t0 t1 rc=0
	rm -f "$out" "$out"-journal
	t0=$(now)
	if [ "$tool" = jobdesk ]; then
		timeout "$limit" "$bin" --db "$db" db backup "$out" >/dev/null || rc=$?
	else
		timeout "$limit" sqlite3 "$db" ".timeout 10000" ".backup '$out'" || rc=$?
	fi
	t1=$(now)
	if [ "$rc" = 124 ]; then
		local got
		got=$(cat "$out" "$tmp"/copy.db.partial-* 2>/dev/null | wc -c)
		echo ">$limit ($(awk -v g="$got" -v b="$bytes" 'BEGIN { printf "%d", 100 * g / b }')%)"
	elif [ "$rc" != 0 ]; then
		say "$tool backup failed ($rc)"
		exit 70
	else
		secs "$t0" "$t1"
	fi
	rm -f "$out" "$out"-journal "$tmp"/copy.db.partial-*
}

declare -A idle busyt wmax wbusy
for r in $(seq 1 "$rounds"); do
	if [ $((r % 2)) = 1 ]; then order="jobdesk shell"; else order="shell jobdesk"; fi
	for tool in $order; do
		# idle first in odd rounds, with writers first in even ones (the limit then comes from
		# the round before)
		if [ $((r % 2)) = 1 ]; then
			idle[$tool]=$(backup "$tool" 100000)
			echo "${idle[$tool]}" >>"$tmp/idle.$tool"
		fi
		limit=$(awk -v t="${idle[$tool]}" -v c="$cap" 'BEGIN { l = t * c; printf "%d", l < 20 ? 20 : l + 1 }')
		start_writers
		t=$(backup "$tool" "$limit")
		stop_writers >"$tmp/ws"
		read -r m b <"$tmp/ws"
		if [ $((r % 2)) = 0 ]; then
			idle[$tool]=$(backup "$tool" 100000)
			echo "${idle[$tool]}" >>"$tmp/idle.$tool"
		fi
		echo "$t" >>"$tmp/writers.$tool"
		echo "$m" >>"$tmp/wmax.$tool"
		echo "$b" >>"$tmp/wbusy.$tool"
		say "round $r $tool: idle ${idle[$tool]} s, with writers $t s, longest write $m ms, busy $b"
	done
	# the writers alone, as long as a backup takes, for the longest write without one
	start_writers
	sleep "$(awk -v t="${idle[jobdesk]}" 'BEGIN { printf "%d", t < 5 ? 5 : t }')"
	stop_writers >"$tmp/ws"
		read -r m b <"$tmp/ws"
	echo "$m" >>"$tmp/wmax.none"
	echo "$b" >>"$tmp/wbusy.none"
done

ji=$(median <"$tmp/idle.jobdesk")
si=$(median <"$tmp/idle.shell")
jw=$(median <"$tmp/writers.jobdesk")
sw=$(median <"$tmp/writers.shell")
printf '\nbackup of %s persons (%s MB, page %s B), medians of %s alternating rounds\n' \
	"$persons" "$((bytes / 1000000))" "$pages" "$rounds"
printf '%-34s %18s %20s %8s\n' "" "jobdesk db backup" "sqlite3 .backup" "ratio"
printf '%-34s %16s s %18s s %8s\n' "idle" "$ji" "$si" "$(ratio "$ji" "$si")"
printf '%-34s %16s s %18s s %8s\n' "two writers, one write a second" "$jw" "$sw" "$(ratio "$jw" "$sw")"
printf '%-34s %18s %20s\n' "with writers / idle" "$(ratio "$jw" "$ji")" "$(ratio "$sw" "$si")"
printf '%-34s %15s ms %17s ms %8s\n' "longest write, worst round" "$(largest <"$tmp/wmax.jobdesk")" \
	"$(largest <"$tmp/wmax.shell")" ""
printf '%-34s %15s ms\n' "longest write, no backup running" "$(largest <"$tmp/wmax.none")"
printf '%-34s %18s %20s\n' "writes refused as busy" "$(awk '{ s += $1 } END { print s + 0 }' "$tmp/wbusy.jobdesk")" \
	"$(awk '{ s += $1 } END { print s + 0 }' "$tmp/wbusy.shell")"
bench_row "backup, idle" "$ji" s "sqlite3 .backup, idle" "$si" "-"
bench_row "backup, two writers" "$jw" s "jobdesk db backup, idle" "$ji" "<=1.5x"
bench_row "longest write under the backup" "$(largest <"$tmp/wmax.jobdesk")" ms "no backup running" \
	"$(largest <"$tmp/wmax.none")" "<1000 ms"
bench_row "writes refused as busy under the backup" \
	"$(awk '{ s += $1 } END { print s + 0 }' "$tmp/wbusy.jobdesk")" count "-" "" "0"
printf 'rounds (idle / with writers, s): jobdesk %s / %s; sqlite3 %s / %s\n' \
	"$(paste -sd, "$tmp/idle.jobdesk")" "$(paste -sd, "$tmp/writers.jobdesk")" \
	"$(paste -sd, "$tmp/idle.shell")" "$(paste -sd, "$tmp/writers.shell")"
