#!/usr/bin/env bash
# Backup and restore (issue 18). Not a test: it prints figures.
#
#   usage: tests/bench/backup_restore.sh [PERSONS]        (default 1000000)
#
# On a copy of the demo database of PERSONS persons (seed 1, in WAL mode as jobdesk keeps it) it
# times, alternating which goes first each round, ROUNDS rounds, medians:
#   backup:  `jobdesk db backup` (a generation: the online backup API into a new 0600 file, then
#            integrity_check, schema version and office of the copy, then pruning) beside the
#            sqlite3 shell's `.backup` of the same file, timed alone and followed by the same
#            `PRAGMA integrity_check` on its copy (the same work);
#   restore: `jobdesk db restore GENERATION` (integrity_check of the backup, the live database
#            copied aside as before-restore, every page copied into the open database with the
#            backup API, the WAL checkpointed, the epoch advanced) beside the shell's `.restore`
#            of its own copy into the same database, timed alone and with the same steps
#            before it: `PRAGMA integrity_check` of the backup (the time measured for that same
#            copy just before) and `.backup` of the live database aside.
# Each tool restores from its own copy of the same database, so the live file holds the same
# rows every round. It needs room for four copies of the database (the live one, a backup, the
# copy kept aside, the WAL of a restore) in WORK.
#
# Environment: BUILD  build folder, relative to the repository root or absolute (default build)
#              ROUNDS rounds (default 3, at least 3)
#              DB     the demo database to copy (read only), instead of bench_db's
#              WORK   where the copies go (default: a new folder under ${TMPDIR:-/tmp})
#              KEEP=1 keep the folder (its path is printed)
set -euo pipefail

BENCH_NAME=backup_restore
. "$(dirname "$0")/lib.sh"
bench_init
persons=${1:-1000000}
rounds=${ROUNDS:-3}
if ! [[ $persons =~ ^[1-9][0-9]*$ ]] || ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 3 ]; then
	echo "usage: backup_restore.sh [PERSONS] (a whole number, default 1000000; ROUNDS at least 3)" >&2
	exit 64
fi
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")}
mkdir -p "$work"
# Remove the copies unless KEEP=1.
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
export JOBDESK_USER=bench JOBDESK_TODAY=2018-03-01
unset JOBDESK_DB

# DB: a demo made already (only read, through an immutable URI, and copied; never moved or
# remade here), else the demo of bench_db
if [ -n "${DB:-}" ]; then
	demo=$DB
	got=$(sqlite3 "file:$demo?immutable=1" "SELECT count(*) FROM person WHERE id_number NOT LIKE '110101%'")
	[ "$got" = "$persons" ] || { say "$demo holds $got demo persons, not $persons"; exit 65; }
else
	demo=$(bench_db "$persons")
fi
live=$work/live.db
gens=$live.backups
say "copying $demo to $live"
cp "$demo" "$live"
sqlite3 "$live" "PRAGMA journal_mode = WAL; PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
bytes=$(stat -c %s "$live")
# the database as jobdesk keeps it (init only checks the schema: no migration is due)
"$bin" --db "$live" init >/dev/null
# Run a command and print the seconds it took; stop the script when it fails.
timed() {
	local t0 t1
	t0=$(now)
	"$@" >/dev/null || { say "failed: $*"; exit 70; }
	t1=$(now)
	secs "$t0" "$t1"
}
# Print the sum of two numbers of seconds.
plus() { awk -v a="$1" -v b="$2" -v c="${3:-0}" 'BEGIN { printf "%.3f", a + b + c }'; }
# integrity_check of FILE with the shell, failing unless it says ok.
shell_check() { [ "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok ]; }

for r in $(seq 1 "$rounds"); do
	if [ $((r % 2)) = 1 ]; then order="jobdesk shell"; else order="shell jobdesk"; fi
	for tool in $order; do
		if [ "$tool" = jobdesk ]; then
			rm -rf "$gens"
			t=$(timed "$bin" --db "$live" db backup)
			echo "$t" >>"$work/backup.jobdesk"
			gen=$(ls "$gens"/2018-03-01_*.db | tail -1)
			t=$(timed "$bin" --db "$live" db restore "$gen")
			echo "$t" >>"$work/restore.jobdesk"
			rm -rf "$gens"
			say "round $r jobdesk: backup $(tail -1 "$work/backup.jobdesk") s, restore $t s"
		else
			rm -f "$work/shell.db" "$work/aside.db"
			b=$(timed sqlite3 "$live" ".timeout 10000" ".backup '$work/shell.db'")
			c=$(timed shell_check "$work/shell.db")
			echo "$b" >>"$work/backup.shell"
			plus "$b" "$c" >>"$work/backup.shellcheck"
			echo >>"$work/backup.shellcheck"
			# the restore's check is of the same copy: its time is the one just measured
			a=$(timed sqlite3 "$live" ".timeout 10000" ".backup '$work/aside.db'")
			rm -f "$work/aside.db"
			t=$(timed sqlite3 "$live" ".timeout 10000" ".restore '$work/shell.db'" \
			    "PRAGMA wal_checkpoint(TRUNCATE)")
			echo "$t" >>"$work/restore.shell"
			plus "$c" "$a" "$t" >>"$work/restore.shellsteps"
			echo >>"$work/restore.shellsteps"
			rm -f "$work/shell.db"
			say "round $r shell: .backup $b s (+check $c s), .restore $t s (+check, +aside $a s)"
		fi
	done
done
[ "$(sqlite3 "$live" "SELECT count(*) FROM person")" -ge "$persons" ] || { say "rows lost"; exit 70; }

jb=$(median <"$work/backup.jobdesk")
sb=$(median <"$work/backup.shell")
sbc=$(grep . "$work/backup.shellcheck" | median)
jr=$(median <"$work/restore.jobdesk")
sr=$(median <"$work/restore.shell")
srs=$(grep . "$work/restore.shellsteps" | median)
printf '\nbackup and restore of %s persons (%s MB), medians of %s alternating rounds\n' \
	"$persons" "$((bytes / 1000000))" "$rounds"
printf '%-58s %10s %10s %8s\n' "" "jobdesk" "sqlite3" "ratio"
printf '%-58s %8s s %8s s %8s\n' "db backup (copy + check) / .backup alone" "$jb" "$sb" "$(ratio "$jb" "$sb")"
printf '%-58s %8s s %8s s %8s\n' "db backup / .backup + integrity_check of the copy" "$jb" "$sbc" "$(ratio "$jb" "$sbc")"
printf '%-58s %8s s %8s s %8s\n' "db restore / .restore alone" "$jr" "$sr" "$(ratio "$jr" "$sr")"
printf '%-58s %8s s %8s s %8s\n' "db restore / integrity_check + .backup aside + .restore" "$jr" "$srs" "$(ratio "$jr" "$srs")"
bench_row "db backup (generation, checked)" "$jb" s "sqlite3 .backup" "$sb" "-"
bench_row "db backup (generation, checked)" "$jb" s ".backup + integrity_check" "$sbc" "-"
bench_row "db restore (checked, old kept)" "$jr" s "sqlite3 .restore" "$sr" "-"
bench_row "db restore (checked, old kept)" "$jr" s "check + .backup + .restore" "$srs" "-"
printf 'rounds (s): backup jobdesk %s; .backup %s; restore jobdesk %s; .restore %s\n' \
	"$(paste -sd, "$work/backup.jobdesk")" "$(paste -sd, "$work/backup.shell")" \
	"$(paste -sd, "$work/restore.jobdesk")" "$(paste -sd, "$work/restore.shell")"
