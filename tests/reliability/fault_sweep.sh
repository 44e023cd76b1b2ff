#!/usr/bin/env bash
# SQLite fault injection over the real binary (issue 14 d): every write command runs under the
# fault VFS (tests/reliability/faultvfs.c, LD_PRELOAD) once per point N of a sweep, for each
# kind: a power cut before the Nth write, before the Nth sync, and an I/O error at the Nth
# write, sync or lock. After each run, without the shim: `jobdesk db check` must pass (integrity,
# the audit chain, every row matching its audit), every commit acknowledged before the run is
# there, and the command's own change is all there or not there at all; when the command said
# it succeeded (status 0, or its result printed before the power cut), it is there.
#
#   usage: fault_sweep.sh JOBDESK FAULTVFS.so [STEP]
# STEP takes every STEP-th point of each sweep (default 1: every point; the test suite passes a
# larger one to stay within its time).
set -u
J=$1 SHIM=$2 STEP=${3:-1}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE JOBDESK_DB
# the source tree's policies unless the caller (meson's test environment) names others
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$(cd "$(dirname "$0")/../../policies" && pwd)}
points=0 crashes=0 errors=0 fail=0

# A person's ID number with its GB 11643 check digit: id BODY17.
id() {
	python3 -c 'import sys
b = sys.argv[1]; w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
print(b + "10X98765432"[sum(int(c) * x for c, x in zip(b, w)) % 11])' "$1"
}
KEEP=$(id 22010219900101001)   # on the base database before every run
NEW=$(id 22010219950307002)    # added by the person-add scenario
base=$T/base.db
"$J" --db "$base" init >/dev/null || exit 1
"$J" --db "$base" person add --name 李强 --id-number "$KEEP" --hukou-type rural --hukou-province 22 \
	--registered-unemployed yes --registered-unemployed-from 2017-09-01 >/dev/null || exit 1
"$J" --db "$base" progress add "$KEEP" --kind training --status completed \
	--training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 \
	--class-hours 120 >/dev/null || exit 1
# a CSV of 20 new persons for the import scenario
{
	echo "name,id_number,hukou_type,education"
	for i in $(seq 10 29); do echo "导入$i,$(id 220102198001010$i),urban,bachelor"; done
} >"$T/in.csv"
sqlite3 "$base" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# scenario NAME QUERY-AFTER -- COMMAND...: the query gives "done" or "not done" as one word.
scenario() {
	local name=$1 query=$2
	shift 3
	local db=$T/run.db
	# how many points there are: one run with the shim counting
	rm -f "$db"* "$T/copy.db"*
	cp "$base" "$db"
	FAULTVFS_COUNT=$T/count LD_PRELOAD=$SHIM "$J" --db "$db" "$@" >/dev/null 2>&1
	local writes syncs locks shm
	writes=$(awk '$1 == "write" { print $2 }' "$T/count")
	syncs=$(awk '$1 == "sync" { print $2 }' "$T/count")
	locks=$(awk '$1 == "lock" { print $2 }' "$T/count")
	shm=$(awk '$1 == "shm" { print $2 }' "$T/count")
	if ! grep -q -- '-wal$' "$T/count" || [ "$shm" -lt 1 ]; then
		echo "FAIL $name: the database did not run in WAL mode under the shim"; cat "$T/count"
		fail=$((fail + 1))
		return
	fi
	local kind mode n max st got
	for kind in write sync lock; do
		case $kind in write) max=$writes ;; sync) max=$syncs ;; lock) max=$locks ;; esac
		for mode in crash error; do
			[ "$kind/$mode" = lock/crash ] && continue  # a power cut at a lock is one at a write
			n=1
			while [ "$n" -le "$max" ]; do
				rm -f "$db"* "$T/copy.db"*
				cp "$base" "$db"
				FAULTVFS=$kind:$n FAULTVFS_MODE=$mode LD_PRELOAD=$SHIM \
					"$J" --db "$db" "$@" >"$T/out" 2>"$T/err"
				st=$?
				points=$((points + 1))
				[ "$st" = 99 ] && crashes=$((crashes + 1))
				[ "$mode" = error ] && [ "$st" != 0 ] && errors=$((errors + 1))
				if ! "$J" --db "$db" db check >"$T/check" 2>&1; then
					echo "FAIL $name $kind:$n $mode: db check after status $st:"; cat "$T/check"
					fail=$((fail + 1))
				fi
				[ "$(sqlite3 "$db" "SELECT count(*) FROM person WHERE id_number = '$KEEP'")" = 1 ] || {
					echo "FAIL $name $kind:$n $mode: an acknowledged person is gone"; fail=$((fail + 1)); }
				got=$(sqlite3 "$db" "$query" 2>&1)
				case $got in
				done) ;;
				"not done")
					if [ "$st" = 0 ] || [ -s "$T/out" ]; then
						echo "FAIL $name $kind:$n $mode: said it succeeded (status $st, printed $(head -c 60 "$T/out")), but its change is not there"
						fail=$((fail + 1))
					fi ;;
				*) echo "FAIL $name $kind:$n $mode: half a change (status $st): $got"; cat "$T/err"
					fail=$((fail + 1)) ;;
				esac
				n=$((n + STEP))
			done
		done
	done
	echo "$name: $writes writes, $syncs syncs, $locks locks per run"
}

scenario person-add "SELECT CASE count(*) WHEN 1 THEN 'done' WHEN 0 THEN 'not done' ELSE count(*) END
	FROM person WHERE id_number = '$NEW'" -- person add --name 王丽 --id-number "$NEW" --phone 13912345678
scenario progress-add "SELECT CASE count(*) WHEN 2 THEN 'done' WHEN 1 THEN 'not done' ELSE count(*) END
	FROM enrollment" -- progress add "$KEEP" --kind internship --status active --start-date 2018-02-01
scenario grant "SELECT CASE (SELECT count(*) FROM decision) WHEN 1 THEN 'done' WHEN 0 THEN 'not done'
	ELSE 'decisions ' || (SELECT count(*) FROM decision) END" -- grant "$KEEP" rural-training-subsidy
scenario note-add "SELECT CASE count(*) WHEN 1 THEN 'done' WHEN 0 THEN 'not done' ELSE count(*) END
	FROM note" -- note add "$KEEP" --text 电话回访 --followup 2018-03-05
scenario case-close "SELECT CASE stage WHEN 'closed' THEN 'done' ELSE 'not done' END FROM person
	WHERE id_number = '$KEEP'" -- case close "$KEEP" --reason employed
scenario import "SELECT CASE count(*) WHEN 21 THEN 'done' WHEN 1 THEN 'not done' ELSE count(*) END
	FROM person" -- import "$T/in.csv"

# a backup cut short leaves either no copy or a whole one
rm -f "$T/run.db"*
cp "$base" "$T/run.db"
FAULTVFS_COUNT=$T/count LD_PRELOAD=$SHIM "$J" --db "$T/run.db" db backup "$T/copy.db" >/dev/null 2>&1
bw=$(awk '$1 == "write" { print $2 }' "$T/count")
for mode in crash error; do
	n=1
	while [ "$n" -le "$bw" ]; do
		rm -f "$T/copy.db"*
		FAULTVFS=write:$n FAULTVFS_MODE=$mode LD_PRELOAD=$SHIM "$J" --db "$T/run.db" db backup \
			"$T/copy.db" >/dev/null 2>&1
		st=$?
		points=$((points + 1))
		[ "$st" = 99 ] && crashes=$((crashes + 1))
		[ "$mode" = error ] && [ "$st" != 0 ] && errors=$((errors + 1))
		if [ -e "$T/copy.db" ] && [ "$(sqlite3 "$T/copy.db" "PRAGMA integrity_check" 2>&1)" != ok ]; then
			echo "FAIL backup write:$n $mode: a copy that is not whole was left as copy.db"
			fail=$((fail + 1))
		fi
		if [ "$st" = 0 ] && [ ! -e "$T/copy.db" ]; then
			echo "FAIL backup write:$n $mode: said it succeeded, but there is no copy"; fail=$((fail + 1))
		fi
		# a backup refused on an I/O error leaves nothing behind (a power cut may leave its
		# temporary file: nothing runs after it to remove it)
		if [ "$mode" = error ] && [ "$st" != 0 ] && ls "$T" | grep -q '^copy\.db'; then
			echo "FAIL backup write:$n error: left behind: $(ls "$T" | grep '^copy\.db')"
			fail=$((fail + 1))
		fi
		n=$((n + STEP))
	done
done
echo "backup: $bw writes per run"

# a restore over a damaged database moves it aside first; refused on an I/O error, it puts the
# damaged file back as it was and leaves nothing of its own at the database's path
rm -f "$T/run.db"* "$T/copy.db"*
"$J" --db "$base" db backup "$T/good.db" >/dev/null 2>&1 || { echo "FAIL restore: no backup to restore"; fail=$((fail + 1)); }
head -c 8192 /dev/urandom >"$T/damaged.bin"
cp "$T/damaged.bin" "$T/run.db"
FAULTVFS_COUNT=$T/count LD_PRELOAD=$SHIM "$J" --db "$T/run.db" db restore "$T/good.db" >/dev/null 2>&1
rw=$(awk '$1 == "write" { print $2 }' "$T/count")
n=1
while [ "$n" -le "$rw" ]; do
	rm -rf "$T/run.db"* "$T/run.db.backups"
	cp "$T/damaged.bin" "$T/run.db"
	FAULTVFS=write:$n FAULTVFS_MODE=error LD_PRELOAD=$SHIM "$J" --db "$T/run.db" db restore \
		"$T/good.db" >/dev/null 2>&1
	st=$?
	points=$((points + 1))
	if [ "$st" != 0 ]; then
		errors=$((errors + 1))
		if ! cmp -s "$T/damaged.bin" "$T/run.db"; then
			echo "FAIL restore write:$n error: refused, but the damaged database is not back as it was"
			fail=$((fail + 1))
		fi
		if ls "$T" | grep -q '^run\.db-'; then
			echo "FAIL restore write:$n error: left behind: $(ls "$T" | grep '^run\.db-')"
			fail=$((fail + 1))
		fi
	elif ! "$J" --db "$T/run.db" db check >/dev/null 2>&1; then
		echo "FAIL restore write:$n error: said it succeeded, but db check fails"; fail=$((fail + 1))
	fi
	n=$((n + STEP))
done
echo "restore over a damaged database: $rw writes per run"

echo "fault sweep: $points points, $crashes power cuts, $errors commands refused on an I/O error, $fail failures"
[ "$fail" = 0 ]
