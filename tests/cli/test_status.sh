#!/usr/bin/env bash
# The facts of schema step 4 on the command line: person add and edit take them (labels too),
# a bad date names the option and the form, a registration that ends before it began is refused
# with nothing written, person show says them in words (in Chinese under zh_CN), person facts and
# JSON carry them, unknown stays unknown, and export --labels / import carry them back.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
check init 0 "$J" init

# unknown until asked: a person added without them has none
check add-plain 0 "$J" person add --name 张伟 --id-number 220104198805120033
zw=$(cat "$T/out")
check facts-plain 0 "$J" person facts "$zw"
for k in able_to_work registered_unemployed_from registered_unemployed_until employer_size hired_on \
    receiving_benefit benefit_until; do
	lacks "plain: no $k" "$T/out" "$k"
done
sql_is plain-null "SELECT count(*) FROM person WHERE able_to_work IS NULL AND registered_unemployed_from IS NULL AND registered_unemployed_until IS NULL AND employer_size IS NULL AND hired_on IS NULL" 1

# a bad date names the option and the form; nothing is written
check bad-date 65 "$J" person add --name 王丽 --id-number 220102199503070028 --hired-on 2017-02-30
has bad-date-option "$T/err" "--hired-on"
has bad-date-form "$T/err" "YYYY-MM-DD"
check bad-date-from 65 "$J" person add --name 王丽 --id-number 220102199503070028 --registered-unemployed-from 2017/09/01
has bad-date-from-option "$T/err" "--registered-unemployed-from"
check bad-benefit-until 65 "$J" person add --name 王丽 --id-number 220102199503070028 --benefit-until soon
has bad-benefit-until-option "$T/err" "--benefit-until"
check bad-flag 65 "$J" person add --name 王丽 --id-number 220102199503070028 --able-to-work maybe
has bad-flag-option "$T/err" "--able-to-work"
check bad-size 65 "$J" person add --name 王丽 --id-number 220102199503070028 --employer-size huge
has bad-size-values "$T/err" "micro|small|medium|large"
# the registration cannot end before it began (the same day is fine)
check until-before-from 65 "$J" person add --name 王丽 --id-number 220102199503070028 \
    --registered-unemployed-from 2017-09-01 --registered-unemployed-until 2017-08-31
has until-before-from-says "$T/err" "registered until: 2017-08-31 is before registered from (2017-09-01)"
sql_is nothing-written "SELECT count(*) FROM person WHERE id_number = '220102199503070028'" 0

# every new fact by option, enumerations and flags by their labels too
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --able-to-work 是 \
    --registered-unemployed-from ２０１７－０９－０１ --registered-unemployed-until 2017-09-01 \
    --employer-size 小型企业 --hired-on 2018-01-02 --employment-status employed \
    --receiving-benefit no --benefit-until 2018-06-30 --unemployment-months 14
wl=$(cat "$T/out")
sql_is stored "SELECT able_to_work || '/' || registered_unemployed_from || '/' || registered_unemployed_until || '/' || employer_size || '/' || hired_on FROM person WHERE id = '$wl'" "1/2017-09-01/2017-09-01/small/2018-01-02"
sql_is stored-insurance "SELECT unemployment_months || '/' || receiving_benefit || '/' || benefit_until FROM insurance WHERE person_id = '$wl'" "14/0/2018-06-30"
check facts 0 "$J" person facts "$wl"
# the ID number (issued in Jilin) never fills the hukou province: unknown until asked
lacks facts-no-province "$T/out" "hukou_province"
sql_is no-province "SELECT count(*) FROM person WHERE hukou_province IS NOT NULL" 0
has facts-able "$T/out" "  able_to_work: true"
has facts-from "$T/out" "  registered_unemployed_from: 2017-09-01"
has facts-until "$T/out" "  registered_unemployed_until: 2017-09-01"
has facts-size "$T/out" "    employer_size: small"
has facts-hired "$T/out" "    hired_on: 2018-01-02"
has facts-receiving "$T/out" "  receiving_benefit: false"
has facts-benefit "$T/out" "  benefit_until: 2018-06-30"
check show-json 0 "$J" person show "$wl" --format json
has json-able "$T/out" '"able_to_work":true'
has json-size "$T/out" '"employer_size":"small"'
has json-benefit "$T/out" '"benefit_until":"2018-06-30"'

# shown in words, in English and in Chinese
check show 0 "$J" person show "$wl"
has show-able "$T/out" "able to work                   yes"
has show-size "$T/out" "employer size                  small-sized"
has show-from "$T/out" "registered from                2017-09-01"
has show-receiving "$T/out" "receiving benefit              no"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 check show-zh 0 "$J" person show "$wl"
has show-zh-able "$T/out" "有劳动能力                     是"
has show-zh-size "$T/out" "用人单位规模                   小型企业"
has show-zh-until "$T/out" "失业登记注销日期               2017-09-01"
has show-zh-receiving "$T/out" "领取失业保险金                 否"
lacks show-zh-no-code "$T/out" "small"

# edit: one fact changed, the others kept; an edit that would end the registration before it
# began is refused and changes nothing; an empty value makes a fact unknown again
check edit-size 0 "$J" person edit "$wl" --employer-size medium
sql_is edit-size-kept "SELECT employer_size || '/' || hired_on FROM person WHERE id = '$wl'" "medium/2018-01-02"
check edit-bad-until 65 "$J" person edit "$wl" --registered-unemployed-until 2017-08-01
has edit-bad-until-says "$T/err" "is before registered from"
sql_is edit-bad-until-kept "SELECT registered_unemployed_until FROM person WHERE id = '$wl'" "2017-09-01"
check edit-bad-from 65 "$J" person edit "$wl" --registered-unemployed-from 2017-10-01
check edit-clear 0 "$J" person edit "$wl" --registered-unemployed-until "" --receiving-benefit ""
sql_is edit-cleared "SELECT registered_unemployed_until IS NULL FROM person WHERE id = '$wl'" 1
sql_is edit-cleared-insurance "SELECT receiving_benefit IS NULL AND benefit_until = '2018-06-30' FROM insurance WHERE person_id = '$wl'" 1
sql_is edit-audited "SELECT count(*) FROM audit WHERE tbl = 'person' AND row_key = '$wl' AND json_extract(before, '$.employer_size') = 'small' AND json_extract(after, '$.employer_size') = 'medium'" 1
check edit-bad-date 65 "$J" person edit "$wl" --hired-on 2018-1-2
has edit-bad-date-option "$T/err" "--hired-on"

# export with Chinese headers, and import reads them back
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 check export 0 "$J" export "$T/x.csv" --labels
has export-headers "$T/x.csv" "有劳动能力,失业登记日期,失业登记注销日期,用人单位规模,现单位录用日期,领取失业保险金,失业保险金期限"
has export-row "$T/x.csv" "是,2017-09-01,,中型企业,2018-01-02,,2018-06-30"
JOBDESK_DB=$T/b.db check init-b 0 "$J" init
JOBDESK_DB=$T/b.db check import 0 "$J" import "$T/x.csv"
JOBDESK_DB=$T/b.db check facts-b 0 "$J" person facts 220102199503070028
has import-size "$T/out" "employer_size: medium"
has import-from "$T/out" "registered_unemployed_from: 2017-09-01"
lacks import-until "$T/out" "registered_unemployed_until"
finish status
