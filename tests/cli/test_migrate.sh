#!/usr/bin/env bash
# End to end: a database made by the first release (schema version 1, tests/fixtures) is
# migrated by jobdesk init through every step and reads right: the checks pass, search still finds persons, and a
# case closed before step 2 has a reason and no open follow-up.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/old.db JOBDESK_USER=counselor01 JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
FIXTURE=$(dirname "$0")/../fixtures/schema1-demo.sql

sqlite3 "$JOBDESK_DB" <"$FIXTURE"
sql_is made-v1 "PRAGMA user_version" 1
sql_is closed-before "SELECT count(*) FROM person WHERE stage = 'closed' AND next_followup IS NOT NULL" 1
persons=$(sql_value "SELECT count(*) FROM person")
check init 0 "$J" init
has init-says "$T/out" "schema version 19"
check db-check 0 "$J" db check
has db-check-ok "$T/out" "schema: version 19 of 19, ok"
sql_is sort-keys "SELECT count(*) FROM person WHERE name_sort IS NULL" 0
sql_is persons-kept "SELECT count(*) FROM person" "$persons"
sql_is closed-reason "SELECT count(*) FROM person WHERE stage = 'closed' AND (closed_reason IS NULL OR closed_on IS NULL)" 0
sql_is closed-no-followup "SELECT count(*) FROM person WHERE stage = 'closed' AND next_followup IS NOT NULL" 0
sql_is closed-notes-cancelled "SELECT count(*) FROM note n JOIN person p ON p.id = n.person_id WHERE p.stage = 'closed' AND n.done = 0 AND n.followup_date IS NOT NULL" 0
sql_is notes-open "SELECT count(*) > 0 FROM note WHERE done = 0 AND cancelled = 0 AND followup_date IS NOT NULL" 1
# the search index made by the old release still answers, and a change reaches it
name=$(sql_value "SELECT name FROM person WHERE stage <> 'closed' ORDER BY id LIMIT 1")
key=$(sql_value "SELECT id FROM person WHERE stage <> 'closed' ORDER BY id LIMIT 1")
check search-old 0 "$J" search "$name"
has search-old-found "$T/out" "$key"
check edit 0 "$J" person edit "$key" --phone 13900001111
check search-phone 0 "$J" search 13900001111
has search-phone-found "$T/out" "$key"
# the records of step 2 work on the old rows
check note-add 0 "$J" note add "$key" --text 电话回访 --followup 2018-03-20
check close 0 "$J" case close "$key" --reason employed
sql_is close-cancels "SELECT count(*) FROM note WHERE person_id = '$key' AND done = 0 AND followup_date IS NOT NULL" 0
check reopen 0 "$J" case reopen "$key"
check init-again 0 "$J" init
has init-again-says "$T/out" "schema version 19"
finish migrate
