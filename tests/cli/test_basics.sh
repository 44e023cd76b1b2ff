#!/usr/bin/env bash
# End to end: the jobdesk command line on a temporary database, as a script would use it.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester


check version 0 "$J" --version
has version "$T/out" "jobdesk "
check help 0 "$J" --help
has help "$T/out" "person add"
check no-such-command 64 "$J" frobnicate
check show-before-init 66 "$J" person show 220102199503070028
check add-before-init 66 "$J" person add --name 王丽 --id-number 220102199503070028
has add-before-init "$T/err" "jobdesk init"
if [ -e "$T/a.db" ]; then fail=$((fail + 1)); echo "FAIL add-before-init created the database"; else pass=$((pass + 1)); fi
check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --phone 13912345678 \
	--hukou-type rural --education bachelor --low-income true --unemployment-months 40
id=$(cat "$T/out")
check add-duplicate 65 "$J" person add --name 王莉 --id-number 220102199503070028
has add-duplicate "$T/err" "$id"
check bad-check-char 65 "$J" person add --name 张三 --id-number 220102199503070027
has bad-check-char "$T/err" "id-number"
check bad-phone 65 "$J" person add --name 张三 --id-number 11010519491231002X --phone 12345
has bad-phone "$T/err" "phone"
check bad-field 64 "$J" person add --name 张三 --id-number 11010519491231002X --colour blue
check bad-enum 65 "$J" person add --name 张三 --id-number 11010519491231002X --hukou-type farm
has bad-enum "$T/err" "rural|urban"
check missing-name 64 "$J" person add --id-number 11010519491231002X
check likely-dup 0 "$J" person add --name 王丽 --id-number 220102199503070044
has likely-dup "$T/err" "likely duplicate"
check show 0 "$J" person show 220102199503070028 --format json
has show-json "$T/out" '"name":"王丽"'
has show-json "$T/out" '"low_income":true'
check show-by-id 0 "$J" person show "$id"
has show-text "$T/out" "王丽"
check facts 0 "$J" person facts 220102199503070028
has facts "$T/out" 'id_number: "220102199503070028"'
has facts "$T/out" "unemployment_months: 40"
has facts "$T/out" "hukou_type: rural"
"$J" person facts 220102199503070028 >"$T/facts.yaml"
check facts-evaluate 0 "$J" policy eval --facts "$T/facts.yaml" --on 2018-03-01 --format json
has facts-evaluate "$T/out" '"policy":"rural-training-subsidy"'
check eval-person 0 "$J" policy eval --person 220102199503070028 --on 2018-03-01 --format json
check grant-ineligible 65 "$J" grant 220102199503070028 startup-subsidy --on 2018-03-01
has grant-ineligible "$T/err" "not eligible"
check search-initials 0 "$J" search wl
has search-initials "$T/out" "王丽"
check search-suffix 0 "$J" search 0028 --format json
has search-suffix "$T/out" '"id_number":"220102199503070028"'
check search-short 64 "$J" search 28
check list 0 "$J" person list
has list-masked "$T/out" "220102********0028"
if grep -q 220102199503070028 "$T/out"; then fail=$((fail + 1)); echo "FAIL list shows a full ID"; else pass=$((pass + 1)); fi
check list-csv 0 "$J" person list --format csv
check list-bad-stage 64 "$J" person list --stage nowhere
# person list: each filter, both together, and each format, compared whole (ordered by the
# pinyin of the name: li na before zhang wei)
check list-add-zw 0 "$J" person add --name 张伟 --id-number 220104198805120033 --counselor li
zw=$(cat "$T/out")
check list-add-zw-stage 64 "$J" person add --name 张伟 --id-number 220104198805120033 --stage training
check list-add-zw-training 0 "$J" progress add "$zw" --kind training --status active --start-date 2018-02-01
check list-add-zw-note 0 "$J" note add "$zw" --text 电话回访 --followup 2018-04-01
check list-add-ln 0 "$J" person add --name 李娜 --id-number 220203197001010116 --counselor li \
	--phone 13912345679 --low-income true --unemployment-months 12
ln=$(cat "$T/out")
check list-counselor 0 "$J" person list --counselor li
same list-counselor "$T/out" <<EOF
CASE ID                      NAME          ID NUMBER           STAGE       FOLLOW-UP
$ln  李娜          220203********0116  registered  -
$zw  张伟          220104********0033  training    2018-04-01
EOF
check list-stage-json 0 "$J" person list --stage training --format json
same list-stage-json "$T/out" <<EOF
[{"id":"$zw","id_number":"220104198805120033","name":"张伟","sex":"male","birth_date":"1988-05-12","phone":null,"hukou_province":null,"hukou_type":null,"education":null,"graduation_date":null,"continuing_study":null,"disabled":null,"student_loan":null,"veteran":null,"registered_unemployed":null,"employment_difficulty":null,"overcapacity_worker":null,"rural_transfer_worker":null,"returnee_entrepreneur":null,"job_seeking":null,"employment_status":null,"employer_kind":null,"counselor":"li","stage":"training","next_followup":"2018-04-01","low_income":null,"poor_disabled":null,"registered_poor":null,"extremely_poor":null,"zero_employment":null,"unemployment_months":null,"social_insurance":null,"able_to_work":null,"registered_unemployed_from":null,"registered_unemployed_until":null,"employer_size":null,"hired_on":null,"receiving_benefit":null,"benefit_until":null}]
EOF
check list-both-csv 0 "$J" person list --counselor li --stage registered --format csv
tab=$(printf '\t')
printf '%s\r\n' "id_number,name,sex,birth_date,phone,hukou_province,hukou_type,education,graduation_date,continuing_study,disabled,student_loan,veteran,registered_unemployed,employment_difficulty,overcapacity_worker,rural_transfer_worker,returnee_entrepreneur,job_seeking,employment_status,employer_kind,counselor,stage,next_followup,low_income,poor_disabled,registered_poor,extremely_poor,zero_employment,unemployment_months,social_insurance,able_to_work,registered_unemployed_from,registered_unemployed_until,employer_size,hired_on,receiving_benefit,benefit_until" \
	"\"${tab}220203********0116\",李娜,male,1970-01-01,\"${tab}13912345679\",,,,,,,,,,,,,,,,,li,registered,,true,,,,,12,,,,,,,," |
	same list-both-csv "$T/out"
check list-none 0 "$J" person list --counselor nobody
same list-none "$T/out" <<EOF
CASE ID                      NAME          ID NUMBER           STAGE       FOLLOW-UP
EOF
check db-check 0 "$J" db check
has db-check "$T/out" "integrity_check: ok"
check backup 0 "$J" db backup "$T/copy.db"
check backup-bad 73 "$J" db backup /nonexistent-dir/copy.db
check backup-over-itself 64 "$J" db backup "$T/a.db"
check backup-over-wal 64 "$J" db backup "$T/a.db-wal"
JOBDESK_DB=$T/copy.db check backup-readable 0 "$J" person show 220102199503070028

finish basics
