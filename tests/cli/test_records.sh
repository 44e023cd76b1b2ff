#!/usr/bin/env bash
# End to end: the counselor's records on the command line (person edit, person add's counselor,
# likely duplicates, progress add | fix | remove, the employment status after a startup or job,
# ID numbers masked in lists).
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester LANG=C.UTF-8 LC_ALL=C.UTF-8


check init 0 "$J" init
# person add: the acting user is the counselor unless --counselor says otherwise
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural
id=$(cat "$T/out")
sql_is add-counselor "SELECT counselor FROM person WHERE id = '$id'" tester
check add-other 0 "$J" --user zhao person add --name 张伟 --id-number 220104198805120033 \
	--counselor li
zw=$(cat "$T/out")
sql_is add-other-counselor "SELECT counselor FROM person WHERE id = '$zw'" li
sql_is add-no-province "SELECT hukou_province IS NULL FROM person WHERE id = '$id'" 1
# a likely duplicate by pinyin (王莉, same birth date) is saved and named, its ID masked
check add-pinyin-dup 0 "$J" person add --name 王莉 --id-number 220102199503070044
dup=$(cat "$T/out")
has add-pinyin-dup "$T/err" "likely duplicate"
has add-pinyin-dup-names "$T/err" "$id"
has add-pinyin-dup-masked "$T/err" "220102********0028"
lacks add-pinyin-dup-not-whole "$T/err" "220102199503070028"
check add-initials-only 0 "$J" person add --name 吴磊 --id-number 220102199503070060
lacks add-initials-only "$T/err" "likely duplicate"

# progress add: prints the id; stage follows; a startup hints at the employment status
check progress-add 0 "$J" progress add "$id" --kind startup --status active --start-date 2018-01-02 \
	--startup-kind individual_business --unit-name 王丽小吃店
eid=$(cat "$T/out")
sql_is progress-add-stage "SELECT stage FROM person WHERE id = '$id'" startup
has progress-add-hint "$T/err" "jobdesk person edit $id --employment-status self_employed --registered-unemployed false"
check progress-add-bad 65 "$J" progress add "$id" --kind startup --status active --class-hours lots
check progress-add-nostatus 65 "$J" progress add "$id" --kind training
check progress-add-nofield 64 "$J" progress add "$id" --kind training --status active --colour blue
check progress-add-cert-nodate 64 "$J" progress add "$id" --kind training --status completed --level 4
check progress-add-nobody 65 "$J" progress add 220102199001010000 --kind training --status active
check progress-add-cert 0 "$J" progress add "$id" --kind training --status completed \
	--start-date 2017-09-01 --end-date 2017-11-30 --class-hours 120 \
	--training-kind employment_skills --level 4 --issued-on 2017-12-20 \
	--occupation 电工
tid=$(cat "$T/out")
cid=$(sqlite3 "$JOBDESK_DB" "SELECT id FROM certificate WHERE enrollment_id = '$tid'")
sql_is progress-add-cert-level "SELECT level || ' ' || occupation FROM certificate WHERE id = '$cid'" "4 电工"
# progress list: the ids that fix and remove take
check progress-list 0 "$J" progress list "$id"
has progress-list-training "$T/out" "$tid"
has progress-list-cert "$T/out" "$cid"
has progress-list-words "$T/out" "intermediate (level 4) certificate of 2017-12-20, 电工"
check progress-list-json 0 "$J" progress list 220102199503070028 --format json
has progress-list-json-id "$T/out" "\"id\":\"$tid\",\"table\":\"enrollment\""
has progress-list-json-cert "$T/out" "\"id\":\"$cid\",\"table\":\"certificate\",\"level\":4"
check progress-list-nobody 65 "$J" progress list 220102199001010000
# person show's text says the records in words, never the facts' YAML
check show-text 0 "$J" person show "$id"
has show-text-progress "$T/out" "Progress"
has show-text-cert "$T/out" "intermediate (level 4) certificate of 2017-12-20, 电工"
lacks show-text-no-yaml "$T/out" "trainings:"
lacks show-text-no-kind "$T/out" "- kind:"
# --update-status records it at once
check progress-add-job 0 "$J" progress add "$zw" --kind employment --status active \
	--start-date 2018-02-01 --unit-name 一汽 --update-status
sql_is progress-add-job-status "SELECT employment_status || ' ' || registered_unemployed FROM person WHERE id = '$zw'" "employed 0"
lacks progress-add-job-nohint "$T/err" "hint"
check progress-add-update-training 64 "$J" progress add "$zw" --kind training --status active --update-status

# person edit: the fields given, the others kept; stage, follow-up and counselor refused
check edit 0 "$J" person edit "$id" --phone 13912345678 --education bachelor
sql_is edit-saved "SELECT phone || ' ' || education || ' ' || hukou_type FROM person WHERE id = '$id'" \
	"13912345678 bachelor rural"
sql_is edit-stage-kept "SELECT stage || ' ' || counselor FROM person WHERE id = '$id'" "startup tester"
check edit-stage 64 "$J" person edit "$id" --stage registered
has edit-stage "$T/err" "progress add"
check edit-followup 64 "$J" person edit "$id" --next-followup 2018-05-01
check edit-counselor 64 "$J" person edit "$id" --counselor wang
has edit-counselor "$T/err" "case transfer"
check edit-nothing 64 "$J" person edit "$id"
check edit-bad 65 "$J" person edit "$id" --phone 123
check edit-nobody 65 "$J" person edit 220102199001010000 --phone 13912345678
sql_is edit-refused-nothing "SELECT stage || ' ' || counselor || ' ' || coalesce(next_followup, '-') FROM person WHERE id = '$id'" "startup tester -"
# a new ID number brings its birth date and sex; a likely duplicate is named
check edit-idnum 0 "$J" person edit "$dup" --id-number 220102199503080023
sql_is edit-idnum-birth "SELECT birth_date || ' ' || sex FROM person WHERE id = '$dup'" "1995-03-08 female"
check edit-name-dup 0 "$J" person edit "$dup" --name 王力 --id-number 220102199503070087
has edit-name-dup "$T/err" "$id"
check edit-idnum-bad 65 "$J" person edit "$dup" --id-number 220102199503070027
has edit-idnum-bad "$T/err" "id-number"

# progress fix: details set, a correction with the reason, the stage again
check fix 0 "$J" progress fix "$eid" --status completed --end-date 2018-02-20 --reason "店已关闭，录入时填错"
sql_is fix-saved "SELECT status || ' ' || end_date FROM enrollment WHERE id = '$eid'" "completed 2018-02-20"
sql_is fix-stage "SELECT stage FROM person WHERE id = '$id'" registered
sql_is fix-correction "SELECT tbl || ' ' || op || ' ' || reason FROM correction WHERE row_key = '$eid'" \
	"enrollment fix 店已关闭，录入时填错"
check fix-cert 0 "$J" progress fix "$cid" --level 3 --reason 等级录错
sql_is fix-cert-saved "SELECT level FROM certificate WHERE id = '$cid'" 3
check fix-noreason 64 "$J" progress fix "$eid" --status active
check fix-nothing 64 "$J" progress fix "$eid" --reason x
check fix-wrong-table 65 "$J" progress fix "$cid" --class-hours 10 --reason x
check fix-end-before 65 "$J" progress fix "$eid" --end-date 2017-01-01 --reason x
check fix-nosuch 65 "$J" progress fix nosuch --status active --reason x
has fix-nosuch "$T/err" "nosuch"
sql_is fix-refused-nothing "SELECT count(*) FROM correction" 2

# progress remove: refused while a live decision rests on it, naming it
check grant 0 "$J" grant "$id" rural-training-subsidy
dec=$(cut -f1 "$T/out")
sql_is grant-on-training "SELECT subject_key || ' ' || status FROM decision WHERE id = '$dec'" "$tid proposed"
check remove-decided 65 "$J" progress remove "$tid" --reason 重复录入
has remove-decided "$T/err" "${dec: -8:4}-${dec: -4}"  # the number its notice prints
sql_is remove-decided-kept "SELECT count(*) FROM enrollment WHERE id = '$tid'" 1
check remove-noreason 64 "$J" progress remove "$tid"
check remove-field 64 "$J" progress remove "$tid" --status active --reason x
check remove-cert 0 "$J" progress remove "$cid" --reason 证书是别人的
sql_is remove-cert-gone "SELECT count(*) FROM certificate WHERE id = '$cid'" 0
check remove 0 "$J" progress remove "$eid" --reason 重复录入
sql_is remove-gone "SELECT count(*) FROM enrollment WHERE id = '$eid'" 0
sql_is remove-correction "SELECT op || ' ' || reason FROM correction WHERE row_key = '$eid' AND op = 'remove'" "remove 重复录入"
sql_is remove-audited "SELECT count(*) FROM audit WHERE tbl = 'correction'" 4

# lists mask the ID number; show, facts and json keep it whole
check search-table 0 "$J" search 王丽
has search-table-masked "$T/out" "220102********0028"
lacks search-table-whole "$T/out" "220102199503070028"
check search-json 0 "$J" search 王丽 --format json
has search-json-whole "$T/out" "220102199503070028"
check list-table 0 "$J" person list
lacks list-table-whole "$T/out" "220102199503070028"
check list-csv 0 "$J" person list --format csv
has list-csv-masked "$T/out" "220102********0028"
lacks list-csv-whole "$T/out" "220102199503070028"
check list-json 0 "$J" person list --format json
has list-json-whole "$T/out" "220102199503070028"
check show 0 "$J" person show "$id"
has show-whole "$T/out" "220102199503070028"
check facts 0 "$J" person facts "$id"
has facts-whole "$T/out" "220102199503070028"
check export 0 "$J" export "$T/all.csv"
has export-whole "$T/all.csv" "220102199503070028"

# Chinese first: a refusal under zh_CN says it in Chinese
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 check zh-edit-stage 64 "$J" person edit "$id" --stage registered
lacks zh-edit-stage-english "$T/err" "follows from"

finish records
