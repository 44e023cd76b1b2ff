#!/usr/bin/env bash
# Migration 0019 (who acted, interned: issue 11 point 5) on a database made by the release before
# it (tests/fixtures/schema18.sql: a demo made by the owner acting as boss, two counselors'
# changes; loaded with the sqlite3 shell, `jobdesk init` migrates it). Each audit row holds the
# id of its (actor, acting_as) pair in audit_who, one row per pair in the order they first
# acted; the view audit shows each row as it did before (read by the sqlite3 shell), no row is
# added, every hash is the one it was, and db check verifies the chain and every row. Afterwards
# a change and an event reuse their pair's id, a new pair is added once, `audit --user` finds a
# user's rows as actor or as the owner acting, and a name changed in audit_who is found.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER

P=000000-01M8MQADCVTEY6SKNM5V   # 黄琴玉: lina changed her phone, added a note
export JOBDESK_DB=$T/v18.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema18.sql"
sql_is "schema 18 before" "PRAGMA user_version" 18
audit_of >"$T/audit.before"
audit0=$(sql_value "SELECT count(*) FROM audit_log")
lina0=$(sql_value "SELECT count(*) FROM audit_log WHERE actor = 'lina' OR acting_as = 'lina'")
root0=$(sql_value "SELECT count(*) FROM audit_log WHERE actor = 'root' OR acting_as = 'root'")

check "init migrates" 0 "$J" --user boss init
sql_is "schema 19" "PRAGMA user_version" 19
audit_of >"$T/audit.after"
if cmp -s "$T/audit.before" "$T/audit.after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the audit as it was:"; diff "$T/audit.before" "$T/audit.after" | head; fi
sql_is "no audit row added" "SELECT count(*) FROM audit_log" "$audit0"
sql_is "the pairs, in the order they first acted" "SELECT group_concat(id || ':' || actor || ':' || coalesce(nullif(acting_as, x''), '-'), ' ') FROM (SELECT * FROM audit_who ORDER BY id)" \
    "1:boss:- 2:boss:root 3:lina:root 4:zhangwei:root"
sql_is "no name left in audit_log" "SELECT count(*) FROM pragma_table_info('audit_log') WHERE name IN ('actor', 'acting_as')" 0
sql_is "who as a small integer" "SELECT count(*) FROM audit_log WHERE typeof(who) <> 'integer'" 0
check "db check" 0 "$J" --user boss db check
has "db check schema ok" "$T/out" "schema: version 19 of 19, ok"
has "db check schema as made" "$T/out" "schema: every table, trigger and index as the migrations made it, ok"
has "db check chain ok" "$T/out" "chain: $audit0 rows from row 1 verify, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# a user's rows, as actor or as the owner acting as someone
check "audit --user lina" 0 "$J" --user boss audit --user lina --format json --limit 1000
eq "lina's rows" "$(grep -o '"seq":' "$T/out" | wc -l)" "$lina0"
has "lina by name" "$T/out" '"actor":"lina","acting_as":"root"'
check "audit --user root" 0 "$J" --user boss audit --user root --format json --limit 1000
eq "the owner's rows" "$(grep -o '"seq":' "$T/out" | wc -l)" "$root0"
check "audit --user nobody" 0 "$J" --user boss audit --user nobody --format json
eq "nobody's rows" "$(grep -o '"seq":' "$T/out" | wc -l)" 0

# a change after: the pair's id again, chained over the names
check "a change" 0 "$J" --user lina person edit "$P" --phone 13900000000
sql_is "the change by lina's pair" "SELECT who FROM audit_log ORDER BY seq DESC LIMIT 1" 3
sql_is "shown by name" "SELECT actor || ' ' || acting_as FROM audit ORDER BY seq DESC LIMIT 1" "lina root"
sql_is "no pair added" "SELECT count(*) FROM audit_who" 4
# an event (core/audit.c audit_append) by a pair not seen before: added once
check "an event" 0 "$J" --user zhaomin user idle-lock 5
check "another event" 0 "$J" --user zhaomin user idle-lock 6
sql_is "the new pair once" "SELECT count(*) FROM audit_who WHERE actor = 'zhaomin' AND acting_as = 'root'" 1
sql_is "the events by it" "SELECT count(*) FROM audit WHERE actor = 'zhaomin' AND acting_as = 'root' AND op = 'lockout'" 2
check "db check after" 0 "$J" --user boss db check
has "chain ok after" "$T/out" "chain: $((audit0 + 3)) rows from row 1 verify, ok"

# audit_who refuses UPDATE and DELETE; a name changed with its trigger dropped (as a program
# writing the file might) is found by the chain at the first row that names it
check "rename refused" 19 sqlite3 "$JOBDESK_DB" "UPDATE audit_who SET actor = 'x' WHERE id = 3"
has "rename refused says" "$T/err" "audit rows cannot be changed"
check "delete refused" 19 sqlite3 "$JOBDESK_DB" "DELETE FROM audit_who WHERE id = 3"
has "delete refused says" "$T/err" "audit rows cannot be deleted"
sql_is "the pair kept" "SELECT actor FROM audit_who WHERE id = 3" lina
first=$(sql_value "SELECT min(seq) FROM audit_log WHERE who = 3")
cp "$JOBDESK_DB" "$T/bad.db"
sqlite3 "$T/bad.db" "DROP TRIGGER audit_who_no_update; UPDATE audit_who SET actor = 'wangfang' WHERE id = 3"
check "a renamed actor found" 65 "$J" --db "$T/bad.db" --user boss db check
has "the first row named" "$T/out" "chain: row $first is the first that does not verify (4 rows do not)"
finish
