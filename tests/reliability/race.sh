#!/usr/bin/env bash
# Concurrent writers and readers (issue 14 b): WRITERS processes add persons and notes in loops
# while READERS processes search and list, for SECONDS; no command may surface "busy" or "locked"
# (each waits its turn), every write acknowledged is there, and db check passes. Then the
# once-only race: for PAIRS persons, two processes grant the same once-only subsidy for the same
# training at the same moment, and it lands once.
#
#   usage: race.sh JOBDESK [SECONDS [WRITERS [READERS [PAIRS]]]]    (default 10 4 2 20)
set -u
J=$1 SECONDS_=${2:-10} WRITERS=${3:-4} READERS=${4:-2} PAIRS=${5:-20}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE JOBDESK_DB
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$(cd "$(dirname "$0")/../../policies" && pwd)}
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

"$J" --db "$db" init >/dev/null || exit 1
"$J" --db "$db" demo --persons 2000 --seed 7 >/dev/null 2>&1 || { rm -f "$db"*; "$J" --db "$db" init >/dev/null; }

given=伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平
# a writer: persons (ID numbers of its own range) and a note on each, until the stop file
writer() {
	local w=$1 n=0 id
	ids $((22010219700101001 + w * 100000)) 100000 2>/dev/null | while read -r id; do
		[ -e "$T/stop" ] && break
		if "$J" --db "$db" person add --name "并发${given:$((n % 20)):1}${given:$((n / 20 % 20)):1}" --id-number "$id" >>"$T/w$w.keys" 2>>"$T/w$w.err"; then
			echo "$id" >>"$T/w$w.acked"
			"$J" --db "$db" note add "$id" --text "回访$n" >>"$T/w$w.notes" 2>>"$T/w$w.err" &&
				echo "$id" >>"$T/w$w.noted"
		fi
		n=$((n + 1))
	done
}
# a reader: searches and lists, until the stop file
reader() {
	local r=$1
	while [ ! -e "$T/stop" ]; do
		"$J" --db "$db" search 并发 >/dev/null 2>>"$T/r$r.err"
		"$J" --db "$db" search wl >/dev/null 2>>"$T/r$r.err"
		"$J" --db "$db" person list >/dev/null 2>>"$T/r$r.err"
		echo x >>"$T/r$r.rounds"
	done
}
pids=()
for w in $(seq 1 "$WRITERS"); do writer "$w" & pids+=("$!"); done
for r in $(seq 1 "$READERS"); do reader "$r" & pids+=("$!"); done
sleep "$SECONDS_"
touch "$T/stop"
wait "${pids[@]}"

acked=$(cat "$T"/w*.acked 2>/dev/null | wc -l)
noted=$(cat "$T"/w*.noted 2>/dev/null | wc -l)
reads=$(cat "$T"/r*.rounds 2>/dev/null | wc -l)
errors=$(cat "$T"/w*.err "$T"/r*.err 2>/dev/null | grep -v "likely duplicate\|nobody matches" | wc -l)
busy=$(cat "$T"/w*.err "$T"/r*.err 2>/dev/null | grep -ci "busy\|locked")
[ "$busy" = 0 ] || { bad "$busy commands surfaced busy or locked:"; cat "$T"/w*.err "$T"/r*.err | grep -i "busy\|locked" | head -5; }
[ "$errors" = 0 ] || { bad "$errors error lines:"; cat "$T"/w*.err "$T"/r*.err | grep -v "likely duplicate\|nobody matches" | head -5; }
[ "$acked" -gt 0 ] || bad "no write went through"
cat "$T"/w*.acked >"$T/acked"
got=$(sqlite3 :memory: "CREATE TABLE a(id TEXT)" ".import $T/acked a" "ATTACH '$db' AS d" \
	"SELECT count(*) FROM a JOIN d.person p ON p.id_number = a.id")
[ "$got" = "$acked" ] || bad "$got of $acked acknowledged persons are there"
cat "$T"/w*.noted >"$T/noted" 2>/dev/null
got=$(sqlite3 :memory: "CREATE TABLE a(id TEXT)" ".import $T/noted a" "ATTACH '$db' AS d" \
	"SELECT count(DISTINCT a.id) FROM a JOIN d.person p ON p.id_number = a.id JOIN d.note n ON n.person_id = p.id")
[ "$got" = "$noted" ] || bad "$got of $noted acknowledged notes are there"

# the once-only race: the same subsidy for the same training, granted twice at once
ids 22010219900101001 "$PAIRS" >"$T/grantees"
while read -r g; do
	"$J" --db "$db" person add --name 待审 --id-number "$g" --hukou-type rural --hukou-province 22 \
		--registered-unemployed yes --registered-unemployed-from 2017-09-01 >/dev/null 2>&1 &&
	"$J" --db "$db" progress add "$g" --kind training --status completed \
		--training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 \
		--class-hours 120 >/dev/null 2>&1 || { bad "setting up $g"; break; }
done <"$T/grantees"
while read -r g; do
	"$J" --db "$db" grant "$g" rural-training-subsidy >"$T/g1.$g" 2>&1 &
	"$J" --db "$db" grant "$g" rural-training-subsidy >"$T/g2.$g" 2>&1 &
	wait
done <"$T/grantees"
once=$(sqlite3 :memory: "CREATE TABLE a(id TEXT)" ".import $T/grantees a" "ATTACH '$db' AS d" \
	"SELECT count(*) FROM a JOIN d.person p ON p.id_number = a.id WHERE (SELECT count(*) FROM
	 d.decision x WHERE x.person_id = p.id AND x.status IN ('proposed', 'approved')) = 1")
[ "$once" = "$PAIRS" ] || bad "the subsidy landed once for $once of $PAIRS persons"
twice=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT 1 FROM decision GROUP BY person_id, policy_id,
	subject_key HAVING count(*) > 1)")
[ "$twice" = 0 ] || bad "$twice subsidies were recorded twice"
busy=$(cat "$T"/g1.* "$T"/g2.* | grep -ci "busy\|locked")
[ "$busy" = 0 ] || bad "$busy grants surfaced busy or locked"

"$J" --db "$db" db check >"$T/check" 2>&1 || { bad "db check:"; cat "$T/check"; }
echo "race: $WRITERS writers and $READERS readers for $SECONDS_ s: $acked persons and $noted notes" \
	"acknowledged, $reads reader rounds, $busy busy; once-only: $once of $PAIRS pairs landed once;" \
	"$fail failures"
[ "$fail" = 0 ]
