#!/usr/bin/env bash
# Migration 0003 (names sort by pinyin) on a database made by the release before it: the schema-2
# fixture loaded with the sqlite3 shell, then `jobdesk init` migrates it, `db check` passes, every
# row has its sort key, no audit row is written for it, and lists come in pinyin order; a person
# added or renamed afterwards gets the key by the triggers.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_DB=$T/old.db JOBDESK_USER=tester
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema2.sql"
sql_is "fixture is schema 2" "PRAGMA user_version" 2
sql_is "fixture has no name_sort" "SELECT count(*) FROM pragma_table_info('person') WHERE name = 'name_sort'" 0
audits=$(sql_value "SELECT count(*) FROM audit")

check "init migrates" 0 "$J" init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
check "db check" 0 "$J" db check
has "db check ok" "$T/out" "schema: version 19 of 19, ok"
sql_is "every row keyed" "SELECT count(*) FROM person WHERE name_sort IS NULL" 0
sql_is "key of 张三" "SELECT name_sort = 'zhang san' || char(9) || '张三' FROM person WHERE name = '张三'" 1
sql_is "no audit rows for the key" "SELECT count(*) FROM audit WHERE op = 'legacy'" "$audits"
sql_is "old indexes gone" "SELECT count(*) FROM sqlite_schema WHERE name IN ('person_name', 'person_counselor_name')" 0
sql_is "new indexes" "SELECT count(*) FROM sqlite_schema WHERE name IN ('person_name_sort', 'person_counselor_name_sort')" 2

check "person list" 0 "$J" person list
awk 'NR > 1 { print $2 }' "$T/out" >"$T/names"
same "pinyin order" "$T/names" <<'LIST'
阿明
刘洋
卢伟
吕布
单雪梅
Smith
张三
章三
赵四
LIST
check "search still finds" 0 "$J" search zs
has "search 张三" "$T/out" "张三"

# after the migration: a new person and a renamed one keyed by the triggers, one audit row each
audits=$(sql_value "SELECT count(*) FROM audit")
check "add 艾四" 0 "$J" person add --name 艾四 --id-number 110101199003070011
sql_is "key of 艾四" "SELECT name_sort = 'ai si' || char(9) || '艾四' FROM person WHERE name = '艾四'" 1
check "rename Smith" 0 "$J" person edit 220102199001031029 --name 白雪
sql_is "key of 白雪" "SELECT name_sort = 'bai xue' || char(9) || '白雪' FROM person WHERE name = '白雪'" 1
sql_is "one audit row each" "SELECT count(*) FROM audit" $((audits + 2))
check "person list again" 0 "$J" person list
awk 'NR > 1 { print $2 }' "$T/out" | head -3 >"$T/names"
same "new names in order" "$T/names" <<'LIST'
阿明
艾四
白雪
LIST
check "db check after" 0 "$J" db check
finish migrate2
