#!/usr/bin/env bash
# End to end: a database with no users (one person's laptop) has no roles (core/role.c): every
# command works for its owner and for any --user, the full ID number is shown where it was, and
# no view_id event is recorded. (Roles are set once identity is resolved: the refusals and the
# walk-in recording are tests/core/test_role.c's until then.)
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=lina JOBDESK_TODAY=2018-03-01

check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural
a=$(cat "$T/out")
eq add-counselor "$(sql_value "SELECT counselor FROM person WHERE id = '$a'")" lina

# another login works the case as before: no role, nothing refused
check show-other-user 0 "$J" --user wang person show "$a"
has show-whole-id "$T/out" 220102199503070028
check show-json 0 "$J" --user wang person show "$a" --format json
has show-json-whole "$T/out" '"id_number":"220102199503070028"'
check note-other-user 0 "$J" --user wang note add "$a" --text 来访咨询
check progress-other-user 0 "$J" --user wang progress add "$a" --kind training --status active \
	--start-date 2018-02-01
check transfer 0 "$J" --user wang case transfer "$a" --to zhao
check close 0 "$J" --user zhao case close "$a" --reason employed
check reopen 0 "$J" --user wang case reopen "$a"
check search-json 0 "$J" --user wang search 0028 --format json
has search-json-whole "$T/out" 220102199503070028
check list-json 0 "$J" --user wang person list --format json
has list-json-whole "$T/out" 220102199503070028
check export 0 "$J" --user wang export "$T/all.csv"
has export-whole "$T/all.csv" 220102199503070028
check backup 0 "$J" --user wang db backup "$T/copy.db"
check audit 0 "$J" --user wang audit
check facts 0 "$J" --user wang person facts "$a"

# no role: no walk-in and no showing recorded, and the chain still checks
sql_is no-view-events "SELECT count(*) FROM audit WHERE op = 'view_id'" 0
check dbcheck 0 "$J" db check

finish roles
