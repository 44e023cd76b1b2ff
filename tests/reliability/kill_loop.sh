#!/usr/bin/env bash
# kill -9 during writes of every kind (issue 14 a): person add, grant, import, demo and backup
# run one at a time in the background and are killed after a random few milliseconds. After
# every kill the database opens, passes quick_check, and holds every write acknowledged so far (a
# command that exited 0); an import or a demo is there whole or not at all, a backup copy is whole
# or absent. Every tenth kill and at the end, `jobdesk db check` (integrity, audit chain, rows
# against their audit) must pass; at the end, the outbox holds a row for every committed write
# and none for a write that was not (outbox_check).
#
#   usage: kill_loop.sh JOBDESK [KILLS]     (default 40; tests/reliability/run asks for 1000)
set -u
J=$1 KILLS=${2:-40}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE JOBDESK_DB
# the source tree's policies unless the caller (meson's test environment) names others
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$(cd "$(dirname "$0")/../../policies" && pwd)}
db=$T/a.db
fail=0 killed=0 finished=0 acked=0 lost=0

# Print N ID numbers with their GB 11643 check digits, from 17-digit body FIRST counting up.
ids() {
	python3 -c 'import sys
w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
b, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    s = str(b + i)
    print(s + "10X98765432"[sum(int(c) * x for c, x in zip(s, w)) % 11])' "$1" "$2"
}
# in_db FILE SQL: how many ID numbers of FILE (one a line) the SQL finds; the SQL joins table a
# (the numbers) with the database attached as d.
in_db() {
	sqlite3 :memory: "CREATE TABLE a(id TEXT)" ".import $1 a" "ATTACH '$db' AS d" "$2" 2>&1
}
# FAIL MESSAGE: count and say a failure.
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

"$J" --db "$db" init >/dev/null || exit 1
# persons with a completed rural training each, to be granted one by one
ids 22010219900101001 $((KILLS + 5)) >"$T/grantees"
while read -r g; do
	"$J" --db "$db" person add --name 待审 --id-number "$g" --hukou-type rural --hukou-province 22 \
		--registered-unemployed yes --registered-unemployed-from 2017-09-01 >/dev/null 2>&1 &&
	"$J" --db "$db" progress add "$g" --kind training --status completed \
		--training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 \
		--class-hours 120 >/dev/null 2>&1 || exit 1
done <"$T/grantees"
: >"$T/acked.persons"
: >"$T/acked.grants"

# The database opens and passes quick_check; every acknowledged person and grant is there.
verify() {
	local q
	q=$(sqlite3 "$db" "PRAGMA quick_check" 2>&1)
	[ "$q" = ok ] || bad "after kill $1: quick_check says: $q"
	local want got
	want=$(sort -u "$T/acked.persons" | wc -l)
	if [ "$want" -gt 0 ]; then
		sort -u "$T/acked.persons" >"$T/want"
		got=$(in_db "$T/want" "SELECT count(*) FROM a JOIN d.person p ON p.id_number = a.id")
		[ "$got" = "$want" ] || { bad "after kill $1: $got of $want acknowledged persons there"; lost=$((lost + want - got)); }
	fi
	want=$(sort -u "$T/acked.grants" | wc -l)
	if [ "$want" -gt 0 ]; then
		sort -u "$T/acked.grants" >"$T/want"
		got=$(in_db "$T/want" "SELECT count(DISTINCT a.id) FROM a JOIN d.person p ON
			p.id_number = a.id JOIN d.decision x ON x.person_id = p.id")
		[ "$got" = "$want" ] || { bad "after kill $1: $got of $want acknowledged grants there"; lost=$((lost + want - got)); }
	fi
}

# The outbox (issue 17) holds exactly the committed transactions: every person and decision is
# named by an outbox row (none committed without its changeset), and every outbox row names a
# person there (no changeset without its commit). A changeset holds a row's key as its bytes.
outbox_check() {
	local n
	n=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT id FROM person UNION ALL SELECT id FROM
		decision) r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE
		instr(o.changeset, CAST(r.id AS BLOB)) > 0)" 2>&1)
	[ "$n" = 0 ] || bad "after kill $1: $n persons or decisions committed without an outbox row"
	n=$(sqlite3 "$db" "SELECT count(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM person p
		WHERE instr(o.changeset, CAST(p.id AS BLOB)) > 0)" 2>&1)
	[ "$n" = 0 ] || bad "after kill $1: $n outbox rows of no committed person"
}

# How long a command takes in ms, run once whole (on a copy: it writes nothing kept).
took() {
	local t0=$EPOCHREALTIME
	"$@" >"$T/took" 2>&1 || { echo "kill loop: the whole run failed: $*" >&2; cat "$T/took" >&2; exit 1; }
	local t1=$EPOCHREALTIME
	echo $(( (${t1/./} - ${t0/./}) / 1000 + 1 ))
}
cp "$db" "$T/probe.db"
ids 22010219600101001 200 | sed 's/^/导入,/; s/$/,urban/' | { echo "name,id_number,hukou_type"; cat; } >"$T/probe.csv"
declare -A ms
ms[person]=$(took "$J" --db "$T/probe.db" person add --name 王丽 --id-number "$(ids 22010219600101999 1)")
ms[grant]=$(took "$J" --db "$T/probe.db" grant "$(tail -n 1 "$T/grantees")" rural-training-subsidy)
ms[import]=$(took "$J" --db "$T/probe.db" import "$T/probe.csv")
ms[demo]=$(took "$J" --db "$T/probe-demo.db" demo --persons 300 --seed 1)
ms[backup]=$(took "$J" --db "$T/probe.db" db backup "$T/probe-copy.db")
rm -f "$T"/probe*
for kind in person grant import demo backup; do
	[ -n "${ms[$kind]}" ] || exit 1
done

# run_killed KIND OUT COMMAND...: run it in the background and kill -9 it at a random moment
# within twice what the kind takes whole (so that most are cut mid-way and some finish).
run_killed() {
	local kind=$1 out=$2
	shift 2
	"$@" >"$out" 2>&1 &
	local p=$! d
	d=$((RANDOM * ms[$kind] * 2 / 32768))
	printf -v d '%d.%03d' $((d / 1000)) $((d % 1000))
	sleep "$d"
	kill -9 "$p" 2>/dev/null
	{ wait "$p"; } 2>/dev/null
}

next_person=22010219800101001
next_import=22010219700101001
k=0
while [ "$k" -lt "$KILLS" ]; do
	k=$((k + 1))
	case $((k % 5)) in
	1)	# person add
		id=$(ids "$next_person" 1); next_person=$((next_person + 1))
		run_killed person "$T/out" "$J" --db "$db" person add --name 王丽 --id-number "$id" --phone 13912345678
		st=$?
		[ "$st" = 0 ] && echo "$id" >>"$T/acked.persons" ;;
	2)	# grant
		g=$(sed -n "${k}p" "$T/grantees")
		run_killed grant "$T/out" "$J" --db "$db" grant "$g" rural-training-subsidy
		st=$?
		[ "$st" = 0 ] && echo "$g" >>"$T/acked.grants" ;;
	3)	# import of 200 rows: all or none
		ids "$next_import" 200 >"$T/ids"; next_import=$((next_import + 1000))
		{ echo "name,id_number,hukou_type"; sed 's/^/导入,/; s/$/,urban/' "$T/ids"; } >"$T/in.csv"
		run_killed import "$T/out" "$J" --db "$db" import "$T/in.csv"
		st=$?
		[ "$st" = 0 ] && cat "$T/ids" >>"$T/acked.persons"
		n=$(in_db "$T/ids" "SELECT count(*) FROM a JOIN d.person p ON p.id_number = a.id")
		[ "$n" = 0 ] || [ "$n" = 200 ] || bad "kill $k: an import left $n of its 200 rows" ;;
	4)	# demo into its own file: a whole demo or none
		rm -f "$T/demo.db"*
		run_killed demo "$T/out" "$J" --db "$T/demo.db" demo --persons 300 --seed "$k"
		st=$?
		# killed before it made its tables, it leaves an empty database: no demo, nothing half
		if [ -e "$T/demo.db" ] && [ "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM sqlite_schema")" != 0 ]; then
			n=$(sqlite3 "$T/demo.db" "SELECT count(*) FROM person" 2>&1)
			q=$(sqlite3 "$T/demo.db" "PRAGMA quick_check" 2>&1)
			[ "$q" = ok ] || bad "kill $k: a demo database left broken: $q"
			{ [ "$n" = 0 ] || [ "$n" = 300 ]; } || bad "kill $k: a demo left $n of its 300 persons"
			[ "$st" != 0 ] || [ "$n" = 300 ] || bad "kill $k: a demo said done with $n persons"
		else
			[ "$st" != 0 ] || bad "kill $k: a demo said done and left no database"
		fi ;;
	0)	# backup: a whole copy or none
		rm -f "$T/copy.db"*
		run_killed backup "$T/out" "$J" --db "$db" db backup "$T/copy.db"
		st=$?
		if [ -e "$T/copy.db" ]; then
			q=$(sqlite3 "$T/copy.db" "PRAGMA quick_check" 2>&1)
			[ "$q" = ok ] || bad "kill $k: a backup copy left broken: $q"
		else
			[ "$st" != 0 ] || bad "kill $k: a backup said done and left no copy"
		fi
		rm -f "$T"/copy.db.* "$T"/.copy.db.* 2>/dev/null ;;
	esac
	if [ "$st" = 137 ]; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
	verify "$k"
	if [ $((k % 10)) = 0 ] || [ "$k" = "$KILLS" ]; then
		"$J" --db "$db" db check >"$T/check" 2>&1 || { bad "after kill $k: db check:"; cat "$T/check"; }
	fi
	[ "$k" = "$KILLS" ] && outbox_check "$k"
done
acked=$(($(sort -u "$T/acked.persons" | wc -l) + $(sort -u "$T/acked.grants" | wc -l)))
echo "kill loop: whole runs took person ${ms[person]} ms, grant ${ms[grant]}, import of 200 ${ms[import]}, demo of 300 ${ms[demo]}, backup ${ms[backup]}"
echo "kill loop: $KILLS rounds, $killed killed mid-way, $finished finished first;" \
	"$acked acknowledged writes, $lost lost; $fail failures"
[ "$fail" = 0 ]
