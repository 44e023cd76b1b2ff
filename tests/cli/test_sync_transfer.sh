#!/usr/bin/env bash
# Issue 17: cases moving between offices. A county (2201) and townships A (220101), B (220102)
# and C (220103) from one demo. Cases registered at A, with training, a grant and notes, go up
# and the acknowledgements come back until every outbox is pruned: those rows are nowhere to
# be re-sent. Then one case moves to B at the county (case transfer KEY --to 220102: the
# county's outbox carries a snapshot of its rows), another at A itself (relayed through the
# county, which makes the snapshot). B ends with both cases whole, A learns they left, C gets
# nothing, the county's copy and B's agree and every outbox empties. Refusals: an office no
# one knows (65, naming the valid codes), the office the case is already in, a counselor.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sync.sh"
export JOBDESK_USER=tester LC_ALL=C.UTF-8 JOBDESK_TODAY=2018-03-01
unset LANGUAGE JOBDESK_DB
TOWNS="a b c3"

# code OFFICE: its office code.
code() {
	case $1 in c) echo 2201 ;; a) echo 220101 ;; b) echo 220102 ;; c3) echo 220103 ;; esac
}
# rows DB KEY: every synced row of the case with that ID number, as the database holds it.
rows() {
	local p
	p=$(sqlite3 "$1" "SELECT id FROM person WHERE id_number = '$2'")
	sqlite3 "$1" "SELECT id, name, id_number, phone, office_id, coalesce(counselor, '-'),
	    stage, household_id FROM person WHERE id = '$p';
	    SELECT id, kind, status, start_date, unit_id FROM enrollment WHERE person_id = '$p' ORDER BY id;
	    SELECT id, policy_id, status, amount_fen FROM decision WHERE person_id = '$p' ORDER BY id;
	    SELECT id, body, followup_date, done FROM note WHERE person_id = '$p' ORDER BY id;
	    SELECT id FROM certificate WHERE person_id = '$p' ORDER BY id;
	    SELECT id FROM insurance WHERE person_id = '$p' ORDER BY id"
}

sync_offices

# long ago at A: two cases, each with training, a grant and a note
k1=$(idnum 1)
k2=$(idnum 2)
for k in "$k1" "$k2"; do
	check "add-$k" 0 at a person add --name "甲$k" --id-number "$k" --hukou-type rural \
	    --hukou-province 22
	check "training-$k" 0 at a progress add "$k" --kind training --status completed \
	    --training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 \
	    --class-hours 120
	check "grant-$k" 0 at a grant "$k" rural-training-subsidy
	check "note-$k" 0 at a note add "$k" --text "电话回访 $k" --followup 2018-04-20
done
xchg
xchg
xchg
for o in c $TOWNS; do
	eq "outbox $o pruned" "$(sqlite3 "$T/$o.db" "SELECT count(*) FROM outbox")" 0
done
eq "B never had them" "$(sqlite3 "$T/b.db" "SELECT count(*) FROM person WHERE id_number IN ('$k1', '$k2')")" 0
rows "$T/a.db" "$k1" >"$T/a-k1.txt"
eq "A's case has its rows" "$(wc -l <"$T/a-k1.txt")" 4

# refusals: an office no one knows, the office it is in, a counselor's refusal
export JOBDESK_TODAY=2018-03-10
unchanged_c() {
	local before; before=$(sqlite3 "$T/c.db" "SELECT count(*) FROM audit")
	check "$1" "$2" at c "${@:3}"
	eq "$1: nothing written" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM audit")" "$before"
}
unchanged_c unknown-office 65 case transfer "$k1" --to 220199
has unknown-office-names "$T/err" "220199 is not the code of an office this database knows"
has unknown-office-valid "$T/err" "2201, 220101, 220102, 220103"
unchanged_c same-office 65 case transfer "$k1" --to 220101
has same-office-says "$T/err" "is already a case of office 220101"
counselor=$(sqlite3 "$T/c.db" "SELECT login FROM app_user WHERE role = 'counselor' ORDER BY login LIMIT 1")
if [ -n "$counselor" ]; then
	before=$(sqlite3 "$T/c.db" "SELECT count(*) FROM outbox")
	check counselor-refused 77 env JOBDESK_USER="$counselor" JOBDESK_DB="$T/c.db" "$J" case transfer "$k1" --to 220102
	eq "counselor: nothing written" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM outbox")" "$before"
fi
check unknown-office-zh 65 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 JOBDESK_DB="$T/c.db" "$J" \
    case transfer "$k1" --to 220199
has unknown-office-zh-says "$T/err" "不是本库已知机构的代码"

# at the county: the first case to B, in one transaction with its snapshot
before=$(sqlite3 "$T/c.db" "SELECT coalesce(max(seq), 0) FROM outbox")
abefore=$(sqlite3 "$T/c.db" "SELECT max(seq) FROM audit")
check county-transfer 0 at c case transfer "$k1" --to 220102
eq county-transfer-prints "$(cut -f2 "$T/out")" 220102
eq "county: case now B's, counselor cleared" "$(sqlite3 "$T/c.db" "SELECT office_id || ' ' || coalesce(counselor, '-') FROM person WHERE id_number = '$k1'")" "220102 -"
eq "county: two outbox rows, the snapshot first" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM outbox WHERE seq > $before")" 2
eq "county: the move is audited" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM audit WHERE seq > $abefore AND tbl = 'person' AND after LIKE '%220102%'")" 1

# at A: the second case to B; the county relays it with a snapshot of its own
check town-transfer 0 at a case transfer "$k2" --to 220102
eq "A: case now B's" "$(sqlite3 "$T/a.db" "SELECT office_id FROM person WHERE id_number = '$k2'")" 220102
eq "A: no snapshot (the county holds the rows)" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM outbox")" 1
xchg
check b-replay 0 at b sync import "$T/lastdown-b.jdb"
has b-replay-nothing "$T/out" "was received already; nothing changed"
xchg
xchg
for k in "$k1" "$k2"; do
	rows "$T/c.db" "$k" >"$T/c-$k.txt"
	rows "$T/b.db" "$k" >"$T/b-$k.txt"
	eq "B holds the case whole: $k" "$(wc -l <"$T/b-$k.txt")" 4
	if cmp -s "$T/c-$k.txt" "$T/b-$k.txt"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL county and B differ on $k"; diff "$T/c-$k.txt" "$T/b-$k.txt"; fi
	eq "A learns it left: $k" "$(sqlite3 "$T/a.db" "SELECT office_id FROM person WHERE id_number = '$k'")" 220102
	eq "C never gets it: $k" "$(sqlite3 "$T/c3.db" "SELECT count(*) FROM person WHERE id_number = '$k'")" 0
done
eq "B: the grant is B's to pay" "$(sqlite3 "$T/b.db" "SELECT count(*) FROM decision d JOIN person p ON p.id = d.person_id WHERE p.office_id = '220102'")" 2
eq "no conflict held" "$(sqlite3 "$T/b.db" "SELECT count(*) FROM sync_conflict" 2>/dev/null || echo 0)" 0
eq "no conflict held at the county" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM sync_conflict" 2>/dev/null || echo 0)" 0
for o in c $TOWNS; do
	eq "outbox $o empty at the end" "$(sqlite3 "$T/$o.db" "SELECT count(*) FROM outbox")" 0
done
# B works the case: a note goes up, and the county's copy follows
check b-note 0 at b note add "$k1" --text "转入后首次回访"
check b-phone 0 at b person edit "$k1" --phone 13600000001
xchg
eq "the county has B's note" "$(sqlite3 "$T/c.db" "SELECT count(*) FROM note WHERE body = '转入后首次回访'")" 1
# the case comes back to A: its rows there are equal, nothing held, the new note arrives
check back-to-a 0 at c case transfer "$k1" --to 220101
xchg
xchg
eq "A has it back" "$(sqlite3 "$T/a.db" "SELECT office_id FROM person WHERE id_number = '$k1'")" 220101
eq "A has B's note" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM note WHERE body = '转入后首次回访'")" 1
eq "A has B's phone over its old copy" "$(sqlite3 "$T/a.db" "SELECT phone FROM person WHERE id_number = '$k1'")" 13600000001
eq "A: nothing held" "$(sqlite3 "$T/a.db" "SELECT count(*) FROM sync_conflict" 2>/dev/null || echo 0)" 0
rows "$T/c.db" "$k1" >"$T/c-back.txt"
rows "$T/a.db" "$k1" >"$T/a-back.txt"
if cmp -s "$T/c-back.txt" "$T/a-back.txt"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL county and A differ"; diff "$T/c-back.txt" "$T/a-back.txt"; fi
# an import at A (households, insurance) goes up as one outbox row for A's cases, and the
# county's copy of every imported row is A's (the import's changeset is made from the written
# rows, not by the session)
{
	echo "id_number,name,phone,low_income,zero_employment,unemployment_months,social_insurance"
	echo "$(idnum 41),周晓梅,13900000041,true,,6,true"
	echo "$(idnum 42),吴刚,,,,,"
	echo "$(idnum 43),欧阳娜娜,13900000043,false,true,,false"
} >"$T/in.csv"
check a-import 0 at a import "$T/in.csv"
eq "the import's outbox row names A" "$(sqlite3 "$T/a.db" "SELECT reach FROM outbox ORDER BY seq DESC LIMIT 1")" "|220101|"
up a
imported() {
	sqlite3 "$1" "SELECT p.id, p.name, p.id_number, coalesce(p.phone, '-'), p.office_id, p.stage,
	    p.name_sort, coalesce(p.household_id, '-'), coalesce(p.low_income, '-'),
	    coalesce(p.zero_employment, '-'), p.created_at, p.created_by
	    FROM person p WHERE p.id_number IN ('$(idnum 41)', '$(idnum 42)', '$(idnum 43)') ORDER BY p.id;
	    SELECT h.id, coalesce(h.low_income, '-'), coalesce(h.zero_employment, '-'), h.created_at
	    FROM household h JOIN person p ON p.household_id = h.id WHERE p.id_number IN
	    ('$(idnum 41)', '$(idnum 42)', '$(idnum 43)') ORDER BY h.id;
	    SELECT i.id, i.person_id, coalesce(i.unemployment_months, '-'), coalesce(i.social_insurance, '-')
	    FROM insurance i JOIN person p ON p.id = i.person_id WHERE p.id_number IN
	    ('$(idnum 41)', '$(idnum 42)', '$(idnum 43)') ORDER BY i.id"
}
imported "$T/a.db" >"$T/a-imported.txt"
imported "$T/c.db" >"$T/c-imported.txt"
eq "A imported 3 persons, 2 households, 2 insurance records" "$(wc -l <"$T/a-imported.txt")" 7
if cmp -s "$T/c-imported.txt" "$T/a-imported.txt"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the county's copy of A's import differs"; diff "$T/c-imported.txt" "$T/a-imported.txt"; fi
finish sync_transfer
