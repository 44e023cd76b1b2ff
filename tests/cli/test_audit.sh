#!/usr/bin/env bash
# End to end: `jobdesk audit` lists the trail newest first, in words (English and zh_CN): the
# rows of one person (case id or ID number) and their records, of one login, of local dates, a
# page at a time with the next page named on stderr; JSON keeps the stored values (an insert
# without a copy of the row, its hash); the old trail of a database made before the chain reads
# as what it was; stored text never reaches the terminal raw; wrong options are refused (64).
set -u
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8 TZ=UTC
unset LANGUAGE LANG

check init 0 "$J" init
check add-a 0 "$J" person add --name 王丽 --id-number 220102199503070028
a=$(sql_value "SELECT id FROM person WHERE id_number = '220102199503070028'")
check add-b 0 "$J" person add --name 李强 --id-number 220102199001021015
b=$(sql_value "SELECT id FROM person WHERE id_number = '220102199001021015'")
check edit-a 0 "$J" person edit 220102199503070028 --phone 13912345678
check note-a 0 "$J" note add 220102199503070028 --text 电话回访 --followup 2018-03-05
note=$(cat "$T/out")
check edit-b 0 "$J" --user lina person edit 220102199001021015 --phone 13812345678

# the whole trail, newest first: the last change on top, the chain's start at the bottom
check all 0 "$J" audit
head -1 "$T/out" >"$T/head"
has all-heading "$T/head" "WHAT HAPPENED"
sed -n 2p "$T/out" >"$T/first"
has all-newest "$T/first" "lina"
has all-newest-words "$T/first" "changed phone: - → 13812345678"
tail -1 "$T/out" >"$T/last"
has all-oldest "$T/last" "audit chain started (0 earlier rows kept as they were)"
eq all-rows "$(($(wc -l <"$T/out") - 1))" "$(sql_value "SELECT count(*) FROM audit")"
awk 'NR > 1 { print $1 }' "$T/out" >"$T/seqs"
sort -rn "$T/seqs" | cmp -s - "$T/seqs"
eq all-by-seq-desc $? 0

# one person, by ID number or case id: theirs and their note's rows, nobody else's
check person 0 "$J" audit --person 220102199503070028
has person-added "$T/out" "added personal details"
has person-phone "$T/out" "changed phone: - → 13912345678"
has person-note "$T/out" "added note and follow-up"
has person-note-key "$T/out" "$note"
has person-followup "$T/out" "changed next follow-up: - → 2018-03-05"
lacks person-other "$T/out" "$b"
lacks person-other-phone "$T/out" "13812345678"
lacks person-chain "$T/out" "audit chain started"
eq person-rows "$(($(wc -l <"$T/out") - 1))" 4
check person-by-key 0 "$J" audit --person "$a"
eq person-by-key-rows "$(($(wc -l <"$T/out") - 1))" 4
check person-nobody 65 "$J" audit --person 110105194912310021

# one login; dates (local, both ends included)
check user 0 "$J" audit --user lina
eq user-rows "$(($(wc -l <"$T/out") - 1))" 1
has user-row "$T/out" "$b"
today=$(date -u +%Y-%m-%d)
check today 0 "$J" audit --from "$today" --to "$today"
eq today-rows "$(($(wc -l <"$T/out") - 1))" "$(sql_value "SELECT count(*) FROM audit")"
check long-ago 0 "$J" audit --to 2018-02-28
eq long-ago-rows "$(wc -l <"$T/out")" 1

# pages: --limit rows, the next page named on stderr, then the rest with --older-than
check page1 0 "$J" audit --limit 2
eq page1-rows "$(($(wc -l <"$T/out") - 1))" 2
second=$(awk 'NR == 3 { print $1 }' "$T/out")
has page1-next "$T/err" "add --older-than $second for the next page"
check page2 0 "$J" audit --older-than "$second" --limit 100
eq page2-first "$(awk 'NR == 2 { print $1 }' "$T/out")" "$((second - 1))"
eq page2-rest "$(($(wc -l <"$T/out") - 1))" "$((second - 1))"
eq page2-last-page "$(wc -c <"$T/err")" 0

# JSON: the stored values, an insert without a copy of the row, the hashes, and the words
check json 0 "$J" audit --person 220102199503070028 --format json
has json-insert "$T/out" '"op":"insert","at_ms":'
has json-no-copy "$T/out" '"before":null,"after":null,"row_hash":"'
has json-update "$T/out" '"after":{"phone":"13912345678"'
has json-words "$T/out" '"record":"personal details","what":"added personal details"'
python3 -c 'import json, sys; rows = json.load(open(sys.argv[1]))
assert len(rows) == 4, rows
assert [r["seq"] for r in rows] == sorted((r["seq"] for r in rows), reverse=True)
assert all(len(r["hash"]) == 64 for r in rows)' "$T/out"
eq json-parses $? 0

# under zh_CN: headings, records and changes in Chinese, no English word of jobdesk's own
check zh 0 env -u LC_ALL LANG=zh_CN.UTF-8 "$J" audit --limit 3
has zh-heading "$T/out" "操作内容"
has zh-phone "$T/out" "修改 手机: - → 13812345678"
has zh-record "$T/out" "个人信息"
has zh-by "$T/err" "加上 --older-than"
for w in changed added removed person note 'personal details' 'WHAT'; do
	lacks "zh-no-$w" "$T/out" "$w"
done

# refused: a date that is not one, --from after --to, a limit out of range, an unknown option
check bad-date 64 "$J" audit --from 2018-02-30
has bad-date-says "$T/err" "--from: '2018-02-30' is not a date; expected YYYY-MM-DD"
check from-after-to 64 "$J" audit --from 2018-03-02 --to 2018-03-01
has from-after-to-says "$T/err" "--from 2018-03-02 is after --to 2018-03-01"
check bad-limit 64 "$J" audit --limit 0
check bad-older 64 "$J" audit --older-than x
check bad-format 64 "$J" audit --format csv
check bad-option 64 "$J" audit --color
check extra 64 "$J" audit 220102199503070028

# stored text with a terminal's escape (a row written outside jobdesk) is cleaned; a row whose
# before or after is not JSON at all still reads, as a change with nothing named
sqlite3 "$JOBDESK_DB" "INSERT INTO audit_who (actor, acting_as) VALUES ('x' || char(27) || '[31m', x'');
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after)
  VALUES ((SELECT max(seq) + 1 FROM audit_log), 1519878600000, last_insert_rowid(), 24,
  '$a', 4, '{\"phone\":\"1\"}', '{\"phone\":\"2\\u001b]0;t\\u0007\"}')"
check escape 0 "$J" audit --limit 1
if grep -q $'\033' "$T/out" || grep -q $'\007' "$T/out"; then
	fail=$((fail + 1)); echo "FAIL escape: a control character reached the output"
else pass=$((pass + 1)); fi
has escape-legacy-as-update "$T/out" "changed phone: 1 → 2^[]0;t^G"
has escape-actor "$T/out" "x^[[31m"
sqlite3 "$JOBDESK_DB" "INSERT INTO audit_who (actor, acting_as) VALUES ('x', x'');
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after)
  VALUES ((SELECT max(seq) + 1 FROM audit_log), 1519878600000, last_insert_rowid(), 24, '$a', 2,
  '{\"phone\":', 'not json')"
check not-json 0 "$J" audit --limit 1
has not-json-says "$T/out" "changed personal details"
check not-json-json 0 "$J" audit --limit 1 --format json
has not-json-as-string "$T/out" '"before":"{\"phone\":","after":"not json"'

# the old trail of a database made before the chain (the schema-2 fixture): its rows kept, in
# their order, read as the inserts and updates they were; the chain starts after them
export JOBDESK_DB=$T/old.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema2.sql"
old=$(sql_value "SELECT count(*) FROM audit")
check old-init 0 "$J" init
check old-all 0 "$J" audit --limit 1000
has old-chain "$T/out" "audit chain started ($old earlier rows kept as they were)"
check old-person 0 "$J" audit --person 220102199001071063
has old-added "$T/out" "2026-11-29 04:46  root          personal details    000000-01M8JT0Z3CEPDQR7J4GP  added personal details"
has old-followup "$T/out" "changed next follow-up: - → 2018-03-08"
has old-stage "$T/out" "changed stage: registered → training"
has old-progress "$T/out" "added progress"
has old-note "$T/out" "added note and follow-up"
has old-baseline "$T/out" "personal details recorded as it was when the chain started"
lacks old-technical "$T/out" "updated_at"
# newest first: the baselines (after the conversion) above the old rows, the insert last
tail -1 "$T/out" >"$T/last"
has old-insert-last "$T/last" "added personal details"
sed -n 2p "$T/out" >"$T/first"
has old-baseline-first "$T/first" "recorded as it was when the chain started"

finish audit
