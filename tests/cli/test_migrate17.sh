#!/usr/bin/env bash
# Migration 0017 (created_at and updated_at as unix milliseconds, issue 11 point 5) on a database
# made by the release before it (tests/fixtures/schema15t.sql: a 40-person demo of an office, a
# grant with its archived policy set, a phone changed, a note with a follow-up, a training fixed
# with a correction), loaded with the sqlite3 shell: `jobdesk init` migrates it. Every time is
# converted exactly (the shell turns each integer back into the text it held, milliseconds
# included), the declared types are INTEGER, no audit row changes or is added, and db check
# verifies the chain and every row (the triggers hash a time as the text it was). Afterwards a
# change is audited with its times as text (the old one as it was before the migration), the
# optimistic check still refuses a stale edit, the screen's and the JSON outputs show text, the
# weekly report counts the same weeks; a time not as jobdesk writes it, or a table whose
# definition is not the migrations', is refused (65) with nothing changed.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER

TABLES="office app_user household person unit enrollment certificate insurance note decision correction"
P=000000-01M8MDD5BGFQ7CQ0HYKW   # 程鑫军: granted, phone changed, a note, a training fixed
export JOBDESK_DB=$T/v15.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema15t.sql"
sql_is "schema 15 before" "PRAGMA user_version" 15

# every time as text: before, as stored; after, the integer written back as text by the shell
times_of() {
	for t in $TABLES; do
		sqlite3 "$JOBDESK_DB" "SELECT '$t', id, $1(created_at), $1(updated_at) FROM $t ORDER BY id"
	done
	sqlite3 "$JOBDESK_DB" "SELECT 'policy_set', hash, $1(created_at) FROM policy_set ORDER BY hash"
}
weeks_of() {
	sqlite3 "$JOBDESK_DB" "SELECT $1 AS week, count(*) FROM person WHERE merged_into IS NULL
	    GROUP BY week ORDER BY week"
}
times_of "" >"$T/times.before"
audit_of >"$T/audit.before"
weeks_of "date(created_at, 'weekday 0', '-6 days')" >"$T/weeks.before"
audit0=$(sql_value "SELECT count(*) FROM audit_log")
ms_kept=$(sql_value "SELECT count(*) FROM note WHERE created_at NOT LIKE '%.000Z'")
[ "$ms_kept" -gt 10 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL the fixture has milliseconds: $ms_kept"; }
old_updated=$(sql_value "SELECT updated_at FROM person WHERE id = '$P'")
phone=$(sql_value "SELECT phone FROM person WHERE id = '$P'")

# refused: a time not as jobdesk writes it (the trigger that would audit it dropped, as a
# program writing the file might); named by its row, the step before kept, nothing changed
cp "$JOBDESK_DB" "$T/bad.db"
note=$(sql_value "SELECT id FROM note ORDER BY id LIMIT 1")
sqlite3 "$T/bad.db" "DROP TRIGGER note_audit_u; UPDATE note SET created_at = '2018-03-01 08:00:00' WHERE id = '$note'"
check "a bad time refused" 65 "$J" --db "$T/bad.db" --user boss init
has "the row named" "$T/err" "the record $note holds a time that is not as jobdesk writes it"
eq "the step before kept" "$(sqlite3 "$T/bad.db" "PRAGMA user_version")" 16
eq "nothing converted" "$(sqlite3 "$T/bad.db" "SELECT typeof(created_at) FROM person LIMIT 1")" text
# refused: a table whose definition is not the one the migrations made
cp "$JOBDESK_DB" "$T/bad2.db"
sqlite3 "$T/bad2.db" "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, 'created_at TEXT NOT NULL', 'created_at TEXT') WHERE name = 'office'; PRAGMA writable_schema = OFF"
check "an unknown table text refused" 65 "$J" --db "$T/bad2.db" --user boss init
has "the table named in words" "$T/err" "the table of office is not as the migrations made it"
eq "bad2 the step before kept" "$(sqlite3 "$T/bad2.db" "PRAGMA user_version")" 16
eq "bad2 nothing converted" "$(sqlite3 "$T/bad2.db" "SELECT typeof(created_at) FROM person LIMIT 1")" text
check "refused in Chinese" 65 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" --db "$T/bad2.db" --user boss init
has "said in Chinese" "$T/err" "数据表与升级步骤建立时不一致"
lacks "no table name in Chinese" "$T/err" "office"

check "init migrates" 0 "$J" --user boss init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
# the shell's own conversion back: seconds by strftime, milliseconds by the remainder
{
	for t in $TABLES; do
		sqlite3 "$JOBDESK_DB" "SELECT '$t', id, $(ms_text created_at), $(ms_text updated_at) FROM $t ORDER BY id"
	done
	sqlite3 "$JOBDESK_DB" "SELECT 'policy_set', hash, $(ms_text created_at) FROM policy_set ORDER BY hash"
} >"$T/times.after"
if cmp -s "$T/times.before" "$T/times.after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL every time converted exactly:"; diff "$T/times.before" "$T/times.after" | head; fi
eq "times compared" "$(wc -l <"$T/times.after")" "$(wc -l <"$T/times.before")"
for t in $TABLES; do
	sql_is "$t: integers" "SELECT count(*) FROM $t WHERE typeof(created_at) <> 'integer' OR typeof(updated_at) <> 'integer'" 0
	sql_is "$t: declared INTEGER" "SELECT group_concat(type) FROM pragma_table_info('$t') WHERE name IN ('created_at', 'updated_at')" "INTEGER,INTEGER"
done
sql_is "policy_set: integer" "SELECT typeof(created_at) || ' ' || (SELECT type FROM pragma_table_info('policy_set') WHERE name = 'created_at') FROM policy_set" "integer INTEGER"
audit_of >"$T/audit.after"
if cmp -s "$T/audit.before" "$T/audit.after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the audit as it was:"; diff "$T/audit.before" "$T/audit.after" | head; fi
sql_is "no audit row added" "SELECT count(*) FROM audit_log" "$audit0"
sql_is "the foreign keys hold" "SELECT count(*) FROM pragma_foreign_key_check" 0
sql_is "the archive still refuses changes" "SELECT count(*) FROM sqlite_schema WHERE name = 'policy_set_no_u'" 1
check "db check" 0 "$J" --user boss db check
has "db check schema ok" "$T/out" "schema: version 19 of 19, ok"
has "db check schema as made" "$T/out" "schema: every table, trigger and index as the migrations made it, ok"
has "db check chain ok" "$T/out" "chain: $audit0 rows from row 1 verify, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# what a person and another program see: text times
check "report weekly" 0 "$J" --user boss report weekly --from 2000-01-01 --to 2099-12-31 --format csv
weeks_of "date(created_at / 1000, 'unixepoch', 'weekday 0', '-6 days')" >"$T/weeks.after"
if cmp -s "$T/weeks.before" "$T/weeks.after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the same weeks:"; diff "$T/weeks.before" "$T/weeks.after"; fi
week=$(head -1 "$T/weeks.before" | cut -d'|' -f1); n=$(head -1 "$T/weeks.before" | cut -d'|' -f2)
has "report weekly counts the week" "$T/out" "$week,$n"
check "decision list json" 0 "$J" --user boss decision list --format json
has "decision created_at as text" "$T/out" "\"created_at\":\"$(sql_value "SELECT $(ms_text created_at) FROM decision LIMIT 1")\""
check "person show" 0 "$J" --user boss person show "$P"
has "the note shown" "$T/out" 电话回访

# a change after: audited with its times as text, the old one exactly as it was stored
check "person edit" 0 "$J" --user boss person edit "$P" --phone 13912345670
sql_is "updated_at an integer" "SELECT typeof(updated_at) FROM person WHERE id = '$P'" integer
sql_is "the update's before: the old time as text" "SELECT json_extract(before, '$.updated_at') || ' ' || json_extract(before, '$.phone') FROM audit WHERE seq = (SELECT max(seq) FROM audit WHERE op = 'update' AND row_key = '$P')" "$old_updated $phone"
sql_is "the update's after: the new time as text" "SELECT json_extract(after, '$.updated_at') = (SELECT $(ms_text updated_at) FROM person WHERE id = '$P') FROM audit WHERE seq = (SELECT max(seq) FROM audit WHERE op = 'update' AND row_key = '$P')" 1
check "audit json" 0 "$J" --user boss audit --person "$P" --format json
has "audit shows the old time as text" "$T/out" "$old_updated"
check "note add" 0 "$J" --user boss note add "$P" --text 上门走访
sql_is "the note's times integers" "SELECT count(*) FROM note WHERE body = '上门走访' AND typeof(created_at) = 'integer' AND created_at = updated_at" 1
check "db check after" 0 "$J" --user boss db check
has "db check after rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
has "db check after chain ok" "$T/out" "verify, ok"
finish migrate17
