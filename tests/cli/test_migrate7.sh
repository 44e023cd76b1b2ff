#!/usr/bin/env bash
# Migration 0007 (the household flags the caseload filters by, copied onto person) on a database
# made by the release before it (tests/fixtures/schema6.sql: four persons with household flags,
# one merged), loaded with the sqlite3 shell, then `jobdesk init` migrates it in place: the copies
# are their households', db check is ok, no audit row is written for them; then an import, an
# edit and a merge through the command line keep them, and a new database is checked too.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
flags="low_income poor_disabled registered_poor extremely_poor zero_employment"
astray="SELECT count(*) FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE
  (p.low_income, p.poor_disabled, p.registered_poor, p.extremely_poor, p.zero_employment) IS NOT
  (h.low_income, h.poor_disabled, h.registered_poor, h.extremely_poor, h.zero_employment)"
# copies KEY: the person's copies as 1, 0 or - each
copies() {
	sql_value "SELECT coalesce(low_income, '-') || coalesce(poor_disabled, '-') ||
	  coalesce(registered_poor, '-') || coalesce(extremely_poor, '-') ||
	  coalesce(zero_employment, '-') FROM person WHERE id = '$1'"
}

export JOBDESK_DB=$T/v6.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema6.sql"
sql_is "schema 6 before" "PRAGMA user_version" 6
for c in $flags; do
	sql_is "no person.$c before" "SELECT count(*) FROM pragma_table_info('person') WHERE name = '$c'" 0
done
audits=$(sql_value "SELECT count(*) FROM audit")
check "init migrates" 0 "$J" init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
check "db check" 0 "$J" db check
has "db check ok" "$T/out" "schema: version 19 of 19, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
sql_is "no audit row for the copies (one, the compact audit's, step 11)" "SELECT count(*) FROM audit" "$((audits + 1))"
sql_is "copies are the households'" "$astray" 0
tekun=$(sql_value "SELECT id FROM person WHERE name = '孙特困'")
dibao=$(sql_value "SELECT id FROM person WHERE name = '钱低保'")
wuhu=$(sql_value "SELECT id FROM person WHERE name = '周无户'")
eq "孙特困 copied" "$(copies "$tekun")" "1--1-"
eq "钱低保 copied" "$(copies "$dibao")" "11-10"
eq "周无户 (merged 吴建档's household) copied" "$(copies "$wuhu")" "--1--"
sql_is "the office's 特困 index lists two" "SELECT count(*) FROM person INDEXED BY person_extremely_poor_name WHERE extremely_poor = 1 AND merged_into IS NULL" 2
sql_is "the merged record is in no page index" "SELECT count(*) FROM person INDEXED BY person_name_sort WHERE merged_into IS NULL" 3
sql_is "the old page indexes are gone" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'person' AND sql LIKE '%(counselor, name_sort, id)%'" 0

# an edit through the command line: the copies follow; the flags audited on household only
lastseq=$(sql_value "SELECT max(seq) FROM audit")
check "edit" 0 "$J" person edit "$tekun" --extremely-poor no --zero-employment yes
eq "孙特困 edited" "$(copies "$tekun")" "1--01"
sql_is "edit audited on household" "SELECT count(*) FROM audit WHERE seq > $lastseq AND tbl = 'household' AND json_extract(after, '$.extremely_poor') = 0 AND json_extract(after, '$.zero_employment') = 1" 1
sql_is "no person audit row names a copy" "SELECT count(*) FROM audit WHERE seq > $lastseq AND tbl = 'person' AND (instr(coalesce(before, '') || coalesce(after, ''), 'extremely_poor') OR instr(coalesce(before, '') || coalesce(after, ''), 'zero_employment'))" 0
# an import: the copies come with the rows
cat >"$T/in.csv" <<'CSV'
id_number,name,low_income,extremely_poor,registered_poor
110101199205050019,郑导入,是,是,否
110101199306060013,冯导入,no,,yes
CSV
check "import" 0 "$J" import "$T/in.csv"
has "import says two" "$T/out" "imported 2 persons"
zheng=$(sql_value "SELECT id FROM person WHERE name = '郑导入'")
feng=$(sql_value "SELECT id FROM person WHERE name = '冯导入'")
eq "郑导入 copied" "$(copies "$zheng")" "1-01-"
eq "冯导入 copied" "$(copies "$feng")" "0-1--"
# a merge: the kept record takes the other's unknown flags
check "merge" 0 "$J" case merge "$zheng" "$feng" --force
eq "郑导入 after the merge" "$(copies "$zheng")" "1-01-"
sql_is "copies still the households'" "$astray" 0
check "db check after" 0 "$J" db check
has "db check ok after" "$T/out" "schema: version 19 of 19, ok"

# a new database: the same schema, checked
export JOBDESK_DB=$T/new.db
check "init new" 0 "$J" init
has "new is version 19" "$T/out" "schema version 19"
check "demo" 0 "$J" demo --persons 60 --seed 3
sql_is "demo copies are the households'" "$astray" 0
check "db check new" 0 "$J" db check
has "db check new ok" "$T/out" "schema: version 19 of 19, ok"
finish migrate7
