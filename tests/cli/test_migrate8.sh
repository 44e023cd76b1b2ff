#!/usr/bin/env bash
# Migration 0008 (identity: app_user's disabled, password_set_at, failed_logins, locked_until)
# on a database made by the release before it (tests/fixtures/schema7.sql: a demo by maker, seven
# users, an edit and a note by lina), loaded with the sqlite3 shell, then `jobdesk init`
# migrates it in place: a baseline audit row per user, db check ok, the new triggers keep the
# password hash out of before and after; the users act as before (the maker; the owner as lina,
# both recorded); a supervisor sets a password, which then guards lina's changes; a new
# database is checked too.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_USER=maker JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
me=$(id -un)

export JOBDESK_DB=$T/v7.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema7.sql"
sql_is "schema 7 before" "PRAGMA user_version" 7
sql_is "no disabled before" "SELECT count(*) FROM pragma_table_info('app_user') WHERE name = 'disabled'" 0
audits=$(sql_value "SELECT count(*) FROM audit")
users=$(sql_value "SELECT count(*) FROM app_user")
eq "seven users" "$users" 7
check "init migrates" 0 "$J" init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
for c in disabled password_set_at failed_logins locked_until; do
	sql_is "app_user.$c" "SELECT count(*) FROM pragma_table_info('app_user') WHERE name = '$c'" 1
done
sql_is "defaults" "SELECT count(*) FROM app_user WHERE disabled = 0 AND failed_logins = 0 AND locked_until IS NULL AND password_set_at IS NULL" 7
sql_is "a baseline row per user" "SELECT count(*) FROM audit WHERE seq > $audits AND op = 'baseline' AND tbl = 'app_user'" 7
sql_is "nothing else written (but the compact audit's row, step 11)" "SELECT count(*) FROM audit" $((audits + 8))
check "db check" 0 "$J" db check
has "db check ok" "$T/out" "schema: version 19 of 19, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
# the triggers: the hash is in row_hash, never in before or after
sql_is "row_hash covers the password hash" "SELECT count(*) FROM sqlite_schema WHERE name IN ('app_user_audit_i', 'app_user_audit_u') AND instr(sql, 'new.password_hash, ') > 0" 2
sql_is "no copy of the password hash" "SELECT count(*) FROM sqlite_schema WHERE name IN ('app_user_audit_u', 'app_user_audit_d') AND instr(sql, '''password_hash''') > 0" 0
sql_is "failed logins not audited" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'app_user_audit_%' AND (instr(sql, 'failed_logins') OR instr(sql, 'locked_until'))" 0

# the users act as they did: the maker, and the owner as lina (both names recorded)
key=$(sql_value "SELECT id FROM person ORDER BY id LIMIT 1")
check "maker edits" 0 "$J" person edit "$key" --phone 13812345679
check "owner as lina" 0 "$J" --user lina note add "$key" --text 第二次回访
sql_is "lina acting_as the owner" "SELECT actor || ',' || acting_as FROM audit WHERE tbl = 'note' ORDER BY seq DESC LIMIT 1" "lina,$me"
unchanged "not a user" 77 "$J" --user tester search 13812345679
# a supervisor sets lina's password: her changes then ask it, her reads do not
check "zhaomin sets it" 0 sh -c "printf 'lina-secret-1\n' | '$J' --user zhaomin user passwd lina"
check "lina reads" 0 "$J" --user lina search 13812345679 </dev/null
unchanged "lina writes without" 66 "$J" --user lina note add "$key" --text 再次 </dev/null
check "lina writes with" 0 sh -c "printf 'lina-secret-1\n' | '$J' --user lina note add '$key' --text 再次"
sql_is "no hash in the audit" "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || coalesce(after, ''), 'argon2')" 0
check "db check after" 0 "$J" db check
has "db check ok after" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# a new database: the same schema, checked
export JOBDESK_DB=$T/new.db
check "init new" 0 "$J" init
has "new is version 19" "$T/out" "schema version 19"
check "demo" 0 "$J" demo --persons 30 --seed 3
check "db check new" 0 "$J" db check
has "db check new ok" "$T/out" "schema: version 19 of 19, ok"
finish migrate8
