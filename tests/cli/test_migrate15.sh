#!/usr/bin/env bash
# Migration 0015 (the size, issue 11 point 5) on a database made by the release before it
# (tests/fixtures/schema13.sql: a 40-person demo, a person renamed with a new phone, a household
# made low-income, a note with a follow-up), loaded with the sqlite3 shell: `jobdesk init`
# migrates it. household, insurance and certificate become WITHOUT ROWID with every row as it was
# (so every audit row still verifies, and none is added), the search tokens are no longer stored
# (person_fts made again from the persons: the new name and phone found, the old ones not), and
# the index no statement read is gone. Afterwards the triggers of the rebuilt tables work: the
# household's flag still reaches its person, a certificate's removal and an insurance change are
# audited, and db check verifies it all.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER

export JOBDESK_DB=$T/v13.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema13.sql"
sql_is "schema 13 before" "PRAGMA user_version" 13
rows_of() {
	sqlite3 "$JOBDESK_DB" "SELECT * FROM household ORDER BY id; SELECT * FROM insurance ORDER BY id;
	    SELECT * FROM certificate ORDER BY id; SELECT * FROM person ORDER BY id;
	    SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, hex(row_hash), hex(hash)
	    FROM audit ORDER BY seq; SELECT count(*) FROM outbox"
}
rows_of >"$T/before"
audit0=$(sql_value "SELECT count(*) FROM audit_log")

check "init migrates" 0 "$J" --user boss init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
# step 17 made the times integers: a scratch copy with them as the text they were (the shell's
# own conversion) is compared
cp "$JOBDESK_DB" "$T/texts.db"
times_as_text "$T/texts.db" household insurance certificate person
JOBDESK_DB=$T/texts.db rows_of >"$T/after"
if cmp -s "$T/before" "$T/after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL rows, audit and outbox as they were:"; diff "$T/before" "$T/after" | head; fi
sql_is "no audit row added" "SELECT count(*) FROM audit_log" "$audit0"
sql_is "three tables without rowid" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('household', 'insurance', 'certificate', 'person', 'enrollment', 'note') AND sql LIKE '%WITHOUT ROWID' ORDER BY name)" "certificate household insurance"
sql_is "their key indexes gone" "SELECT count(*) FROM sqlite_schema WHERE name IN ('sqlite_autoindex_household_1', 'sqlite_autoindex_insurance_1', 'sqlite_autoindex_certificate_1')" 0
sql_is "no scratch copies left" "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%\_v14' ESCAPE '\'" 0
sql_is "tokens not stored" "SELECT count(*) FROM pragma_table_info('person_search') WHERE name = 'tokens'" 0
sql_is "every person in the index again" "SELECT count(*) FROM person_search WHERE pending" 0
sql_is "no sizes kept" "SELECT count(*) FROM sqlite_schema WHERE name IN ('person_fts_docsize', 'person_name_birth')" 0
sql_is "note_created on the date alone" "SELECT group_concat(name) FROM pragma_index_info('note_created')" created_at
sql_is "the foreign keys hold" "SELECT count(*) FROM pragma_foreign_key_check" 0
check "db check" 0 "$J" --user boss db check
has "db check schema ok" "$T/out" "schema: version 19 of 19, ok"
has "db check schema as made" "$T/out" "schema: every table, trigger and index as the migrations made it, ok"
has "db check chain ok" "$T/out" "chain: $audit0 rows from row 1 verify, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# the search index made again from the persons: the new name and phone, not the old
check "search new initials" 0 "$J" --user boss search sfm
has "search new initials finds her" "$T/out" 孙凤梅
check "search new name" 0 "$J" --user boss search 孙凤梅
has "search new name finds her" "$T/out" 孙凤梅
check "search old name" 0 "$J" --user boss search 孙凤敏
lacks "search old name finds nobody" "$T/out" 孙凤
check "search new phone" 0 "$J" --user boss search 9870
has "search new phone finds her" "$T/out" 孙凤梅
check "search old phone" 0 "$J" --user boss search 13572879877
lacks "search old phone finds nobody" "$T/out" 孙凤
check "search id tail" 0 "$J" --user boss search 2438
has "search id tail" "$T/out" 林胜
sqlite3 "$JOBDESK_DB" "INSERT INTO person_fts(person_fts) VALUES ('integrity-check')" 2>"$T/err"
eq "fts integrity" "$(cat "$T/err")" ""

# the rebuilt tables' triggers: the household's flag reaches the person, each change is audited
check "household flag off" 0 "$J" --user boss person edit 220182196501262438 --low-income no --unemployment-months 30
sql_is "the person's copy follows" "SELECT low_income FROM person WHERE id_number = '220182196501262438'" 0
sql_is "household and insurance audited" "SELECT group_concat(tbl, ' ') FROM (SELECT tbl FROM audit WHERE seq > $audit0 AND op = 'update' ORDER BY tbl)" "household insurance person"
cert=$(sql_value "SELECT id FROM certificate ORDER BY id LIMIT 1")
check "certificate removed" 0 "$J" --user boss progress remove "$cert" --reason 重复录入
sql_is "certificate gone" "SELECT count(*) FROM certificate WHERE id = '$cert'" 0
sql_is "its delete audited" "SELECT count(*) FROM audit WHERE op = 'delete' AND tbl = 'certificate' AND row_key = '$cert'" 1
check "person added" 0 "$J" --user boss person add --name 赵敏 --id-number 220102199503070028 --hukou-type rural --low-income yes --unemployment-months 3
sql_is "added with a household and insurance" "SELECT p.low_income || h.low_income || i.unemployment_months FROM person p JOIN household h ON h.id = p.household_id JOIN insurance i ON i.person_id = p.id WHERE p.id_number = '220102199503070028'" 113
check "search added" 0 "$J" --user boss search zm
has "search added finds her" "$T/out" 赵敏
check "db check after" 0 "$J" --user boss db check
has "db check after rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
lacks "db check after finds nothing" "$T/out" "does not verify"

# step 14 widens audit_log's CHECK on op only when it is the text step 11 wrote: an audit table
# changed by hand is refused, named, and the database left at version 13 as it was
export JOBDESK_DB=$T/odd13.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema13.sql"
sqlite3 "$JOBDESK_DB" "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (op BETWEEN 1 AND 13)', 'CHECK (op BETWEEN 1 AND 12 OR op = 13)') WHERE name = 'audit_log';
    PRAGMA writable_schema = OFF;" >/dev/null
sql_is "odd check made" "SELECT instr(sql, 'op = 13') > 0 FROM sqlite_schema WHERE name = 'audit_log'" 1
check "odd audit table refused" 65 "$J" --user boss init
has "odd audit table named" "$T/err" "the audit's table is not as step 11 made it"
has "odd audit table: which step" "$T/err" "0014"
sql_is "odd: still version 13" "PRAGMA user_version" 13
sql_is "odd: check text as it was" "SELECT instr(sql, 'op = 13') > 0 FROM sqlite_schema WHERE name = 'audit_log'" 1
sql_is "odd: no resolution table" "SELECT count(*) FROM sqlite_schema WHERE name = 'sync_resolution'" 0
finish migrate15
