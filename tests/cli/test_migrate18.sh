#!/usr/bin/env bash
# Migration 0018 (the audit's row keys packed, issue 11 point 5) on a database made by a release
# before it (tests/fixtures/schema15t.sql, loaded with the sqlite3 shell; `jobdesk init` takes it
# through steps 16, 17 and 18). Every key of jd_new_key's form is stored as 15 bytes, every
# other key (a login, an office code) as its text; the view audit shows each row as it did
# before (read by the sqlite3 shell: the unpacking is plain SQL), no row is added, every hash is
# the one it was, and db check verifies the chain and every row. A key found by its audit_key
# index (a seek, not a scan); a person's trail listed; an edited key is found.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER

P=000000-01M8MDD5BGFQ7CQ0HYKW   # 程鑫军: granted, phone changed, a note, a training fixed
export JOBDESK_DB=$T/v15.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema15t.sql"
sql_is "schema 15 before" "PRAGMA user_version" 15
audit_of >"$T/audit.before"
audit0=$(sql_value "SELECT count(*) FROM audit_log")
texts0=$(sql_value "SELECT count(*) FROM audit_log WHERE length(row_key) <> 27")

check "init migrates" 0 "$J" --user boss init
sql_is "schema 19" "PRAGMA user_version" 19
audit_of >"$T/audit.after"
if cmp -s "$T/audit.before" "$T/audit.after"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the audit as it was:"; diff "$T/audit.before" "$T/audit.after" | head; fi
sql_is "no audit row added" "SELECT count(*) FROM audit_log" "$audit0"
sql_is "no key of the form left as text" "SELECT count(*) FROM audit_log WHERE typeof(row_key) = 'text' AND length(row_key) = 27" 0
sql_is "the keys packed" "SELECT count(*) > 100 FROM audit_log WHERE typeof(row_key) = 'blob' AND length(row_key) = 15" 1
sql_is "other keys as text" "SELECT count(*) FROM audit_log WHERE typeof(row_key) = 'text'" "$texts0"
check "person trail after" 0 "$J" --user boss audit --person "$P" --format json --limit 1000
# the trail finds a packed key (the person's) and a key kept as text (a record made by an office
# of 9 digits: 30 characters, not jd_new_key's 6-digit form)
has "trail: the person's insert" "$T/out" '"row_key":"000000-01M8MDD5BGFQ7CQ0HYKW","op":"insert"'
has "trail: a record's text key" "$T/out" '"row_key":"220102001-01M8MDDBXWE2H7DSBB40","op":"insert"'
eq "trail: 14 rows" "$(grep -o '"seq":' "$T/out" | wc -l)" 14
check "db check" 0 "$J" --user boss db check
has "db check schema ok" "$T/out" "schema: version 19 of 19, ok"
has "db check schema as made" "$T/out" "schema: every table, trigger and index as the migrations made it, ok"
has "db check chain ok" "$T/out" "chain: $audit0 rows from row 1 verify, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
# a key is found by a seek on audit_key
plan=$(sqlite3 "$JOBDESK_DB" "EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE substr(row_key, -3) = substr(x'000000000000000000000000000000', -3)")
case $plan in *"USING INDEX audit_key"*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "FAIL audit_key not used: $plan" ;; esac

# a change after: stored packed, chained over its text
check "a change" 0 "$J" --user boss person edit "$P" --phone 13900000000
sql_is "the change's key packed" "SELECT typeof(row_key) FROM audit_log ORDER BY seq DESC LIMIT 1" blob
sql_is "shown as text" "SELECT row_key FROM audit ORDER BY seq DESC LIMIT 1" "$P"
check "db check after a change" 0 "$J" --user boss db check
has "chain ok after" "$T/out" "chain: $((audit0 + 1)) rows from row 1 verify, ok"

# tampering: a row's key edited (the refusing trigger dropped, as a program writing the file
# might) is found by the chain
cp "$JOBDESK_DB" "$T/bad.db"
sqlite3 "$T/bad.db" "DROP TRIGGER audit_no_update; UPDATE audit_log SET row_key = x'000000000000000000000000000001' WHERE seq = (SELECT max(seq) FROM audit_log)"
check "an edited key found" 65 "$J" --db "$T/bad.db" --user boss db check
lacks "the chain not ok" "$T/out" "chain: $((audit0 + 1)) rows from row 1 verify, ok"
finish
