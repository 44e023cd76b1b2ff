#!/usr/bin/env bash
# A day's work, the database destroyed mid-day, restored from the newest generation (issue 18).
# Each round works a morning (persons added, notes and follow-ups, a grant), takes the midday
# generation (`db backup`, as the screen does at the end of the day's first session), works on,
# then destroys the database one of four ways: cut to half its length, garbage over its header,
# garbage in the middle of the file, or removed with its -wal and -shm. The next command must
# refuse (the start-up check, or the damage found on reading; `db check` says so for the middle),
# the message naming the newest generation and the exact command, which is then run as printed;
# afterwards every write acknowledged before the generation is there, `db check` passes, the
# sync epoch has advanced, the destroyed file is kept aside, and the afternoon's work goes on.
#
#   usage: restore_day.sh JOBDESK [ROUNDS [PERSONS]]     (default 4 rounds, 40 persons a morning)
set -u
J=$1 ROUNDS=${2:-4} PERSONS=${3:-40}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$(cd "$(dirname "$0")/../../policies" && pwd)}
export JOBDESK_DB=$T/a.db
db=$T/a.db
fail=0

# Print N ID numbers with their GB 11643 check digits, from 17-digit body FIRST counting up.
ids() {
	python3 -c 'import sys
w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
b, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    s = str(b + i)
    print(s + "10X98765432"[sum(int(c) * x for c, x in zip(s, w)) % 11])' "$1" "$2"
}
# FAIL MESSAGE: count and say a failure.
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
# work FILE FROM N: add N persons from body FROM, each with a note and a follow-up; the ID
# numbers of those acknowledged (exit 0) are appended to FILE.
work() {
	ids "$2" "$3" | while read -r id; do
		if "$J" person add --name 王丽 --id-number "$id" --phone 13912345678 >/dev/null 2>&1 &&
		    "$J" note add "$id" --text 电话回访 --followup 2018-03-05 >/dev/null 2>&1; then
			echo "$id" >>"$1"
		fi
	done
}
# present FILE: how many ID numbers of FILE the database holds, with their notes.
present() {
	sqlite3 :memory: "CREATE TABLE a(id TEXT)" ".import $1 a" "ATTACH '$db' AS d" \
	    "SELECT count(*) FROM a JOIN d.person p ON p.id_number = a.id WHERE EXISTS (SELECT 1 \
	     FROM d.note n WHERE n.person_id = p.id)"
}

"$J" init >/dev/null || exit 1
: >"$T/acked"
body=22010219900101001
for round in $(seq 1 "$ROUNDS"); do
	work "$T/acked" "$body" "$PERSONS"
	body=$((body + PERSONS))
	# midday: the generation; what was acknowledged before it must survive
	out=$("$J" db backup 2>&1) || bad "round $round: db backup: $out"
	cp "$T/acked" "$T/before"
	epoch=$(sqlite3 "$db" "SELECT coalesce((SELECT value FROM setting WHERE key = 'sync_epoch'), 0)")
	work "$T/acked" "$body" $((PERSONS / 2))
	body=$((body + PERSONS / 2))
	size=$(stat -c %s "$db")
	kept=$(ls "$db.backups" | grep -cE '^(damaged|before-restore)_' || true)
	case $((round % 4)) in
	1) how="cut to half"; truncate -s $((size / 2)) "$db" ;;
	2) how="garbage over the header"; head -c 4096 /dev/urandom | dd of="$db" conv=notrunc status=none ;;
	3) how="garbage in the middle"
	   head -c 65536 /dev/urandom | dd of="$db" bs=4096 seek=$((size / 8192)) conv=notrunc status=none ;;
	0) how="removed"; rm -f "$db" "$db-wal" "$db-shm" ;;
	esac
	# the next command refuses, and says what to run
	"$J" person list >/dev/null 2>"$T/err"
	st=$?
	if [ "$how" = "garbage in the middle" ]; then
		# found when read: db check, the full check, says so
		"$J" db check >/dev/null 2>"$T/err"
		st=$?
	fi
	[ "$st" -ne 0 ] || { bad "round $round ($how): a command worked on the destroyed database"; continue; }
	newest=$(ls "$db.backups"/2018-03-01_*.db | sort | tail -1)
	cmd=$(sed -n 's/.*restore its newest backup with: \(jobdesk .*\)$/\1/p' "$T/err")
	if [ "$how" = "garbage in the middle" ] && [ -z "$cmd" ]; then
		cmd="jobdesk --db $db db restore $newest"   # db check names no backup: the person does
	fi
	[ "$cmd" = "jobdesk --db $db db restore $newest" ] ||
		bad "round $round ($how): the message names '$cmd', want the newest generation: $(cat "$T/err")"
	out=$("$J" ${cmd#jobdesk } 2>&1) || { bad "round $round ($how): restore: $out"; continue; }
	# everything acknowledged before the generation is there
	want=$(wc -l <"$T/before")
	got=$(present "$T/before")
	[ "$got" = "$want" ] || bad "round $round ($how): $got of $want acknowledged persons after the restore"
	"$J" db check >/dev/null 2>"$T/err" || bad "round $round ($how): db check: $(cat "$T/err")"
	now=$(sqlite3 "$db" "SELECT value FROM setting WHERE key = 'sync_epoch'")
	[ "$now" -gt "$epoch" ] || bad "round $round ($how): sync epoch $now, was $epoch"
	case $how in
	removed) ;;
	*) [ "$(ls "$db.backups" | grep -cE '^(damaged|before-restore)_2018-03-01_')" -gt "$kept" ] ||
		bad "round $round ($how): the destroyed database was not kept" ;;
	esac
	# what came after the generation is lost: the afternoon's work is done again
	cp "$T/before" "$T/acked"
done
echo "restore_day: $ROUNDS rounds, $(wc -l <"$T/acked") persons acknowledged and present, $fail failed"
[ "$fail" = 0 ]
