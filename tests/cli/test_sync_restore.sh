#!/usr/bin/env bash
# Issue 17: a receiver restored from a backup. A county (2201) and townships A (220101) and B
# (220102) from one demo exchange bundles until every outbox is pruned; A is backed up; both
# sides work on (A registers a case, the county notes and edits A's cases) and exchange until
# pruned again; A is restored from its backup, losing all of it. The county's next bundle is
# held by A (it follows on from what A no longer has); A's next bundle, in its new epoch,
# acknowledges less than the county recorded; the county's bundle after that carries a
# snapshot of A's cases as they are now (once), A applies it and moves its position there, the
# held bundle goes, and everything converges with nothing held. Then the county is restored
# from its own backup and recovers the same way from A's and B's snapshots.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sync.sh"
export JOBDESK_USER=tester LC_ALL=C.UTF-8 JOBDESK_TODAY=2018-03-01
unset LANGUAGE JOBDESK_DB
TOWNS="a b"

# code OFFICE: its office code.
code() {
	case $1 in c) echo 2201 ;; a) echo 220101 ;; b) echo 220102 ;; esac
}
# same_cases OFFICE: the county's copy of the office's cases equals the office's own.
same_cases() {
	local c q
	c=$(code "$1")
	for q in \
	    "SELECT id, id_number, name, phone, counselor, office_id FROM person WHERE office_id = '$c' ORDER BY id" \
	    "SELECT n.id, n.body, n.followup_date, n.done FROM note n JOIN person p ON p.id = n.person_id WHERE p.office_id = '$c' ORDER BY n.id" \
	    "SELECT e.id, e.kind, e.status FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.office_id = '$c' ORDER BY e.id"; do
		sqlite3 "$T/c.db" "$q" >"$T/county.txt"
		sqlite3 "$T/$1.db" "$q" >"$T/town.txt"
		if cmp -s "$T/county.txt" "$T/town.txt" && [ -s "$T/county.txt" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $2 $1: ${q:0:60}..."
			diff "$T/county.txt" "$T/town.txt" | head -5
		fi
	done
}
# settled NAME: no bundle held anywhere, no conflict held, every outbox empty.
settled() {
	local o
	for o in c $TOWNS; do
		eq "$1: nothing held at $o" "$(sqlite3 "$T/$o.db" "SELECT count(*) FROM sync_held")" 0
		eq "$1: no conflict at $o" "$(sqlite3 "$T/$o.db" "SELECT count(*) FROM sync_conflict")" 0
		eq "$1: outbox $o empty" "$(sqlite3 "$T/$o.db" "SELECT count(*) FROM outbox")" 0
	done
}

sync_offices

# the work before the backup
for i in 1 2; do
	for t in $TOWNS; do
		k=$(idnum $((i * 10 + ${#t} + $(code "$t" | cut -c6))))
		check "add-$t-$i" 0 at "$t" person add --name "$t甲$i" --id-number "$k" \
		    --hukou-type rural --hukou-province 22
		check "training-$t-$i" 0 at "$t" progress add "$k" --kind training \
		    --status completed --training-kind employment_skills --start-date 2017-11-01 \
		    --end-date 2017-12-15 --class-hours 120
		check "note-$t-$i" 0 at "$t" note add "$k" --text "电话回访 $i" --followup 2018-04-20
		echo "$k" >"$T/k-$t-$i"
	done
done
xchg
xchg
xchg
settled "before the backup"
check backup-a 0 at a db backup "$T/a-backup.db"
check backup-c 0 at c db backup "$T/c-backup.db"

# the work after it: A registers, the county notes and edits A's cases, B registers
export JOBDESK_TODAY=2018-03-08
k3=$(idnum 31)
check add-a-3 0 at a person add --name 甲三 --id-number "$k3" --phone 13800000003
check county-note 0 at c note add "$(cat "$T/k-a-1")" --text "县局核查"
check county-phone 0 at c person edit "$(cat "$T/k-a-2")" --phone 13900000002
check add-b-3 0 at b person add --name 乙三 --id-number "$(idnum 32)"
xchg
xchg
xchg
settled "after the work"
same_cases a "before the restore"

# A restored: it lost its own registration and the county's note and phone
export JOBDESK_TODAY=2018-03-15
check restore-a 0 at a db restore "$T/a-backup.db"
eq "A lost its case" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM person WHERE id_number = '$k3'")" 0
eq "A lost the county's note" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM note WHERE body = '县局核查'")" 0
# the county's next bundle follows on from what A no longer has: held
check county-note-2 0 at c note add "$(cat "$T/k-a-2")" --text "县局再核查"
n=$((n + 1))
check down-early 0 at c sync export "$T/early.jdb" --to 220101
lacks down-early-no-snapshot "$T/out" "restored from a backup"
check in-early 0 at a sync import "$T/early.jdb"
has in-early-held "$T/out" "is kept and applied once they are imported"
# A's bundle, in its new epoch, acknowledges less: the county takes it as it is
up a
has restored-seen "$T/out" "office 220101 was restored from a backup"
eq "the county's ack of A went back" "$(sqlite3 "$T/c.db" "SELECT acked_seq < (SELECT seq FROM sqlite_sequence WHERE name = 'outbox') FROM sync_peer WHERE office_id = '220101'")" 1
# the next bundle for A carries a snapshot of its cases as they are now
n=$((n + 1))
check down-snap 0 at c sync export "$T/snap.jdb" --to 220101
has down-snap-says "$T/out" "office 220101 was restored from a backup and lost changes"
check in-snap 0 at a sync import "$T/snap.jdb"
has in-snap-applied "$T/out" "applied"
eq "A: the held bundle is gone" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM sync_held")" 0
eq "A has its case back" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM person WHERE id_number = '$k3'")" 1
eq "A has the county's notes" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM note WHERE body IN ('县局核查', '县局再核查')")" 2
eq "A has the county's phone" "$(sqlite3 "$T/a.db" "SELECT phone FROM person WHERE id_number = '$(cat "$T/k-a-2")'")" 13900000002
eq "B's cases are not A's" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM person WHERE id_number = '$(idnum 32)'")" 0
eq "A's position is the county's last" "$(sqlite3 "$T/a.db" "SELECT in_seq FROM sync_peer WHERE office_id = '2201'")" "$(sqlite3 "$T/c.db" "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")"
check in-snap-again 0 at a sync import "$T/snap.jdb"
has in-snap-again-nothing "$T/out" "was received already; nothing changed"
# until A acknowledges it, the snapshot goes again (a lost stick); once A has, never again
check down-again 0 at c sync export "$T/again.jdb" --to 220101
has down-again-snapshot "$T/out" "restored from a backup"
up a
lacks up-a-not-restored "$T/out" "restored from a backup"
n=$((n + 1))
check down-after 0 at c sync export "$T/after.jdb" --to 220101
lacks down-after-no-snapshot "$T/out" "restored from a backup"
check in-after 0 at a sync import "$T/after.jdb"
xchg
xchg
settled "A restored"
same_cases a "A restored"
same_cases b "A restored"

# the county restored: both townships resend what it lost
export JOBDESK_TODAY=2018-03-22
check a-work 0 at a note add "$k3" --text "乡镇回访"
xchg
xchg
xchg
check restore-c 0 at c db restore "$T/c-backup.db"
eq "the county lost A's case" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM person WHERE id_number = '$k3'")" 0
for t in $TOWNS; do down "$t"; done
for t in $TOWNS; do
	n=$((n + 1))
	check "snap-up-$t" 0 at "$t" sync export "$T/snap-up-$t.jdb"
	has "snap-up-$t-says" "$T/out" "restored from a backup and lost changes"
	check "snap-in-c-$t" 0 at c sync import "$T/snap-up-$t.jdb"
done
eq "the county has A's case back" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM person WHERE id_number = '$k3'")" 1
eq "the county has A's note" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM note WHERE body = '乡镇回访'")" 1
xchg
xchg
xchg
settled "the county restored"
same_cases a "the county restored"
same_cases b "the county restored"
finish sync_restore
