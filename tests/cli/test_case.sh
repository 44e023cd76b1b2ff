#!/usr/bin/env bash
# End to end: jobdesk case close | reopen | transfer | merge on a temporary database: exit
# statuses, nothing written by a refused command, and an audit row for each change.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01

check init 0 "$J" init
check add-a 0 "$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural
a=$(cat "$T/out")
check add-b 0 "$J" person add --name 王丽 --id-number 220102199503070044 --education bachelor \
	--phone 13912345678
b=$(cat "$T/out")

# close
unchanged close-no-reason 64 "$J" case close "$a"
unchanged close-bad-reason 64 "$J" case close "$a" --reason bored
has close-bad-reason "$T/err" "not_seeking"
unchanged close-other-no-note 65 "$J" case close "$a" --reason other
has close-other-no-note "$T/err" "note"
unchanged close-no-such 65 "$J" case close 110105194912310029 --reason employed
unchanged close-two-keys 64 "$J" case close "$a" "$b" --reason employed
check close 0 "$J" case close "$a" --reason moved-away
has close "$T/out" "closed	moved_away	2018-03-01"
eq close-stage "$(sql_value "SELECT stage || ' ' || closed_reason || ' ' || closed_on FROM person WHERE id = '$a'")" \
	"closed moved_away 2018-03-01"
eq close-audit "$(sql_value "SELECT count(*) FROM audit WHERE tbl = 'person' AND row_key = '$a' AND op = 'update' AND after LIKE '%moved_away%'")" 1
unchanged close-again 65 "$J" case close 220102199503070028 --reason employed
has close-again "$T/err" "already closed"
check person-list 0 "$J" person list --stage closed
has person-list "$T/out" "$a"
check search-closed 0 "$J" search 0028
has search-closed "$T/out" "王丽"

# reopen
check reopen 0 "$J" case reopen "$a"
has reopen "$T/out" "$a	registered"
eq reopen-cleared "$(sql_value "SELECT stage || ' ' || ifnull(closed_reason, '-') FROM person WHERE id = '$a'")" "registered -"
unchanged reopen-again 65 "$J" case reopen "$a"
has reopen-again "$T/err" "not closed"
check close-other 0 "$J" case close "$a" --reason other --note "去外地照顾老人"
eq close-note "$(sql_value "SELECT closed_note FROM person WHERE id = '$a'")" "去外地照顾老人"
check reopen-2 0 "$J" case reopen "$a"

# transfer
unchanged transfer-no-to 64 "$J" case transfer "$a"
unchanged transfer-empty 65 "$J" case transfer "$a" --to ""
unchanged transfer-bad 65 "$J" case transfer "$a" --to "li na"
check transfer 0 "$J" case transfer "$a" --to lina
eq transfer-counselor "$(sql_value "SELECT counselor FROM person WHERE id = '$a'")" lina
eq transfer-audit "$(sql_value "SELECT count(*) FROM audit WHERE tbl = 'person' AND row_key = '$a' AND op = 'update' AND after LIKE '%lina%'")" 1
unchanged transfer-self 65 "$J" case transfer "$a" --to lina
has transfer-self "$T/err" "already"

# merge
unchanged merge-self 65 "$J" case merge "$a" 220102199503070028
has merge-self "$T/err" "itself"
unchanged merge-one-key 64 "$J" case merge "$a"
check add-m 0 "$J" person add --name 王力 --id-number 220102199503080015
m=$(cat "$T/out")
unchanged merge-mismatch 65 "$J" case merge "$a" "$m"
has merge-mismatch "$T/err" "--force"
check merge 0 "$J" case merge "$a" 220102199503070044
has merge "$T/out" "$a	$b"
eq merge-filled "$(sql_value "SELECT education || ' ' || phone || ' ' || hukou_type FROM person WHERE id = '$a'")" \
	"bachelor 13912345678 rural"
eq merge-gone "$(sql_value "SELECT merged_into || ' ' || stage || ' ' || closed_reason FROM person WHERE id = '$b'")" \
	"$a closed duplicate"
eq merge-audit "$(sql_value "SELECT count(*) FROM audit WHERE tbl = 'person' AND row_key = '$b' AND after LIKE '%duplicate%'")" 1
# lists and the export show the person once: the survivor
check merge-list 0 "$J" person list --format json
has merge-list-survivor "$T/out" "\"id\":\"$a\""
lacks merge-list-gone "$T/out" "\"id\":\"$b\""
check merge-export 0 "$J" export "$T/x.csv"
lacks merge-export-gone "$T/x.csv" "220102********0044"
lacks merge-export-gone-id "$T/x.csv" "220102199503070044"
has merge-export-survivor "$T/x.csv" "220102199503070028"
check show-gone 0 "$J" person show 220102199503070044 --format json
has show-gone "$T/out" "\"id\":\"$a\""
check search-gone 0 "$J" search 0044
has search-gone "$T/out" "王丽"
unchanged merge-again 65 "$J" case merge "$a" "$b"
has merge-again "$T/err" "merged into"
unchanged close-gone 65 "$J" case close "$b" --reason employed
has close-gone "$T/err" "$a"
check merge-forced 0 "$J" case merge "$a" "$m" --force
unchanged case-nothing 64 "$J" case
unchanged case-frob 64 "$J" case frob "$a"

finish case
