#!/usr/bin/env bash
# Migration 0011 (the compact audit, issue 11) on a database made by the release before it
# (tests/fixtures/schema10.sql: the old trail's 'legacy' rows, the chain's start and baselines,
# inserts, updates, a delete, a wrong password and a full ID number shown), loaded with the sqlite3
# shell: `jobdesk init` migrates it; every row keeps its number, its values and its hash (op and
# tbl now codes, read by name through the view audit), one 'compact' row says how many were kept,
# and db check verifies the old rows and the new ones chained after them. Renaming a code is found
# where it is used; the removed training is in the person's history; the triggers make no
# temporary table.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER

export JOBDESK_DB=$T/v10.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema10.sql"
sql_is "schema 10 before" "PRAGMA user_version" 10
kinds=$(sql_value "SELECT group_concat(op || ':' || n, ' ') FROM (SELECT op, count(*) AS n FROM audit GROUP BY op ORDER BY op)")
eq "every old kind is there" "$kinds" "baseline:7 chain_start:1 delete:1 insert:7 legacy:9 login:1 update:4 view_id:1"
rows=$(sql_value "SELECT count(*) FROM audit")
sqlite3 "$JOBDESK_DB" "SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, hex(row_hash), hex(hash) FROM audit ORDER BY seq" >"$T/before"

check "init migrates" 0 "$J" --user boss init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
sql_is "audit is a view" "SELECT type FROM sqlite_schema WHERE name = 'audit'" view
sqlite3 "$JOBDESK_DB" "SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, hex(row_hash), hex(hash) FROM audit WHERE seq <= $rows ORDER BY seq" >"$T/after"
if cmp -s "$T/before" "$T/after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL old rows kept as they were:"; diff "$T/before" "$T/after"; fi
sql_is "one compact row after them" "SELECT seq || ' ' || after FROM audit WHERE op = 'compact'" "$((rows + 1)) {\"converted\":$rows}"
sql_is "op and tbl stored as codes" "SELECT count(*) FROM audit_log WHERE typeof(op) <> 'integer' OR (tbl IS NOT NULL AND typeof(tbl) <> 'integer')" 0
sql_is "no old row key index" "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_row'" 0
check "db check" 0 "$J" --user boss db check
has "db check schema ok" "$T/out" "schema: version 19 of 19, ok"
has "db check chain ok" "$T/out" "chain: $((rows + 1)) rows from row 1 verify, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# new rows chain on, in the new shape; a login and a view are events as before
check "edit after" 0 "$J" --user boss person edit 220102199001010017 --phone 13900000003
sql_is "the edit's row" "SELECT op || ' ' || tbl || ' ' || actor || ' ' || json_extract(after, '\$.phone') FROM audit WHERE seq = $((rows + 2))" "update person boss 13900000003"
check "show after" 0 "$J" --user boss person show 220102199001010017
sql_is "the view's row" "SELECT op || ' ' || coalesce(tbl, '-') FROM audit ORDER BY seq DESC LIMIT 1" "view_id -"
echo wrong | "$J" --user lina note add 220102199001010017 --text x >/dev/null 2>&1
sql_is "the login's row" "SELECT op || ' ' || tbl || ' ' || json_extract(after, '\$.outcome') FROM audit ORDER BY seq DESC LIMIT 1" "login app_user failed"
check "db check after" 0 "$J" --user boss db check
has "db check after ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
lacks "db check after finds nothing" "$T/out" "does not verify"

# the person's history: the training added and removed before the migration, and the compact row
# not shown
check "history" 0 "$J" --user boss audit --person 220102199001010017
has "history shows the removal" "$T/out" "removed progress"
has "history shows the edit" "$T/out" "changed phone: 13900000002 → 13900000003"
lacks "history leaves the compact row out" "$T/out" "audit made compact"
check "all rows" 0 "$J" --user boss audit --limit 1000
has "the trail shows the compact row" "$T/out" "audit made compact"
check "zh" 0 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" --user boss audit --limit 1000
has "zh compact row" "$T/out" "审计记录已改为紧凑格式"

# a code renamed behind jobdesk's back breaks the chain where it is used
cp "$JOBDESK_DB" "$T/renamed.db"
sqlite3 "$T/renamed.db" "UPDATE audit_code SET name = 'insert' WHERE kind = 'op' AND name = 'delete'" 2>/dev/null ||
	sqlite3 "$T/renamed.db" "UPDATE audit_code SET name = 'remove' WHERE kind = 'op' AND name = 'delete'"
first_delete=$(sql_value "SELECT min(seq) FROM audit WHERE op = 'delete'")
check "renamed code" 65 env JOBDESK_DB="$T/renamed.db" "$J" --user boss db check
has "renamed code found" "$T/out" "chain: row $first_delete is the first that does not verify"

# the triggers append without a temporary table: the statement they run, explained
plan=$(sqlite3 "$JOBDESK_DB" "EXPLAIN INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash) VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1, 1, 'a', NULL, 24, 'k', 1, NULL, NULL, NULL, (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1))" | grep -c OpenEphemeral)
eq "no temporary table" "$plan" 0
sql_is "each trigger appends with VALUES" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_audit_%' AND (instr(sql, 'LIMIT -1 OFFSET 0') OR NOT instr(sql, 'INSERT INTO audit_log'))" 0
finish migrate11
