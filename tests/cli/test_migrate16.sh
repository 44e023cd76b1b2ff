#!/usr/bin/env bash
# Migration 0016 (the caseload indexes without the text key, issue 11 point 5) on a database made
# by the release before it (tests/fixtures/schema15.sql: a 40-person demo and three persons of one
# name, 王伟, for zhangwei), loaded with the sqlite3 shell: `jobdesk init` migrates it. The 32
# caseload indexes are made again under their own names, each with its columns but the case id and
# its own WHERE; no row, trigger or audit row changes (audit_key: step 18 narrows it); persons of one name are listed once each in
# the order of their rowids; the indexes still serve each view (EXPLAIN QUERY PLAN through the
# shell on the page query as jobdesk runs it), and db check verifies the whole.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER

export JOBDESK_DB=$T/v15.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema15.sql"
sql_is "schema 15 before" "PRAGMA user_version" 15
caseload_indexes="type = 'index' AND tbl_name = 'person' AND (name LIKE '%name%' OR name LIKE '%followup')"
sql_is "32 caseload indexes before" "SELECT count(*) FROM sqlite_schema WHERE $caseload_indexes" 32
sql_is "each ends with the key before" "SELECT count(*) FROM sqlite_schema WHERE $caseload_indexes AND sql LIKE '%, id)%'" 32
# each index's name and WHERE, to compare after
shape() {
	sqlite3 "$JOBDESK_DB" "SELECT name, replace(sql, ', id)', ')') FROM sqlite_schema WHERE $caseload_indexes ORDER BY name"
}
shape >"$T/shape_before"
rows_of() {
	sqlite3 "$JOBDESK_DB" "SELECT rowid, * FROM person ORDER BY rowid; SELECT * FROM household ORDER BY id;
	    SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, hex(row_hash), hex(hash)
	    FROM audit ORDER BY seq; SELECT count(*) FROM outbox;
	    SELECT type, name, sql FROM sqlite_schema WHERE type = 'index' AND NOT ($caseload_indexes) AND name NOT IN ('audit_key', 'sqlite_autoindex_audit_who_1')
	    ORDER BY type, name"
}
rows_of >"$T/before"
audit0=$(sql_value "SELECT count(*) FROM audit_log")

check "init migrates" 0 "$J" --user boss init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
# step 17 (run by the same init) made the times integers and changed tables and triggers: a
# scratch copy with the times as the text they were is compared, and every other index
cp "$JOBDESK_DB" "$T/texts.db"
times_as_text "$T/texts.db" household person
JOBDESK_DB=$T/texts.db rows_of >"$T/after"
if cmp -s "$T/before" "$T/after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL rows, audit, outbox and other indexes as they were:"; diff "$T/before" "$T/after" | head; fi
sql_is "no audit row added" "SELECT count(*) FROM audit_log" "$audit0"
sql_is "32 caseload indexes after" "SELECT count(*) FROM sqlite_schema WHERE $caseload_indexes" 32
sql_is "none holds the key" "SELECT count(*) FROM sqlite_schema WHERE $caseload_indexes AND (sql LIKE '%, id)%' OR sql LIKE '%(id%')" 0
sql_is "none holds the key (index_info)" "SELECT count(*) FROM (SELECT name FROM sqlite_schema WHERE $caseload_indexes) s, pragma_index_info(s.name) i WHERE i.name = 'id'" 0
sql_is "name_sort page index columns" "SELECT group_concat(name, ' ') FROM pragma_index_info('person_counselor_name_sort')" "counselor stage name_sort"
shape >"$T/shape_after"
if cmp -s "$T/shape_before" "$T/shape_after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the same names, columns but id, and WHERE:"; diff "$T/shape_before" "$T/shape_after" | head; fi
check "db check" 0 "$J" --user boss db check
has "db check schema ok" "$T/out" "schema: version 19 of 19, ok"
has "db check schema as made" "$T/out" "schema: every table, trigger and index as the migrations made it, ok"
has "db check chain ok" "$T/out" "chain: $audit0 rows from row 1 verify, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# three of one name: listed once each, in rowid order, in person list (the same index order)
check "person list" 0 "$J" --user boss person list --counselor zhangwei --format json
eq "王伟 three times" "$(grep -o 王伟 "$T/out" | wc -l)" 3
want=$(sqlite3 "$JOBDESK_DB" "SELECT id FROM person WHERE counselor = 'zhangwei' AND merged_into IS NULL ORDER BY name_sort, rowid" | tr '\n' ' ')
got=$(python3 -c 'import json, sys; print(" ".join(p["id"] for p in json.load(open(sys.argv[1]))) + " ")' "$T/out")
eq "person list in (name_sort, rowid) order" "$got" "$want"

# the page query of a view after a row (as core/caseload.c writes it) seeks by the sort key and
# the rowid through its index, with no sort of its own
plan=$(sqlite3 "$JOBDESK_DB" "EXPLAIN QUERY PLAN SELECT p.id, p.name_sort, p.rowid AS person_rowid FROM person p
    WHERE p.counselor = 'zhangwei' AND p.merged_into IS NULL AND p.stage = 'registered'
    AND (p.name_sort, p.rowid) > ('wang wei' || char(9) || '王伟', 41 COLLATE BINARY)
    ORDER BY name_sort, person_rowid LIMIT 2")
case $plan in
*"SEARCH p USING INDEX person_counselor_name_sort (counselor=? AND stage=? AND (name_sort,rowid)>(?,?))"*)
	if [[ $plan == *"TEMP B-TREE"* ]]; then fail=$((fail + 1)); echo "FAIL plan sorts: $plan"; else pass=$((pass + 1)); fi ;;
*) fail=$((fail + 1)); echo "FAIL plan: $plan" ;;
esac
sql_is "the page after the first 王伟" "SELECT group_concat(rowid, ' ') FROM (SELECT p.rowid FROM person p
    WHERE p.counselor = 'zhangwei' AND p.merged_into IS NULL AND p.stage = 'registered'
    AND (p.name_sort, p.rowid) > ('wang wei' || char(9) || '王伟', 41 COLLATE BINARY)
    ORDER BY p.name_sort, p.rowid LIMIT 2)" "42 43"

# writes after the step keep the new indexes: a person added is listed, a case closed leaves
check "person added" 0 "$J" --user boss person add --name 王伟 --id-number 220102199503070028 --hukou-type rural --counselor zhangwei
check "person list after" 0 "$J" --user boss person list --counselor zhangwei --format json
eq "王伟 four times" "$(grep -o 王伟 "$T/out" | wc -l)" 4
sql_is "index and table agree" "SELECT (SELECT count(*) FROM person INDEXED BY person_counselor_name_sort WHERE counselor = 'zhangwei' AND stage = 'registered' AND merged_into IS NULL) = (SELECT count(*) FROM person NOT INDEXED WHERE counselor = 'zhangwei' AND stage = 'registered' AND merged_into IS NULL)" 1
sql_is "integrity" "PRAGMA integrity_check" ok
check "db check after" 0 "$J" --user boss db check
lacks "db check after finds nothing" "$T/out" "does not verify"
finish migrate16
