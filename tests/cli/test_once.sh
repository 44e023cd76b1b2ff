#!/usr/bin/env bash
# One payment per thing, end to end: one training is paid under the rural training subsidy (十三)
# or the vocational training subsidy (十九), never both, even when two counselors grant them at the
# same moment from two processes; the evaluation then says which one was paid and why the other is
# now ineligible. One startup subsidy per person, whatever the number of businesses.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
# the policies with both training subsidies' standards set (the shipped local.yaml leaves 十九 unset)
cp -r "$JOBDESK_POLICIES" "$T/pol"
python3 - "$T/pol/local.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
key = "  vocational_training_subsidy:\n"
i = s.index(key); j = s.index("values: []", i)
s = s[:j] + "values:\n      - {from: 2017-10-12, fen: 60000}" + s[j + len("values: []"):]
open(p, 'w', encoding='utf-8').write(s)
PY
export JOBDESK_POLICIES=$T/pol
check init 0 "$J" init

# persons: rural, registered unemployed since before the training, one completed training each
ids="220102199001010017 220102199002020022 220102199003030038 220102199004040043 220102199005050059
220102199006060064 22010219900707007X 220102199008080085 220102199009090090 220102199010100006"
n=0
for id in $ids; do
	n=$((n + 1))
	check "add $n" 0 "$J" person add --name "测试$n" --id-number "$id" --hukou-type rural --hukou-province 22 \
	    --registered-unemployed yes --registered-unemployed-from 2017-09-01
	check "training $n" 0 "$J" progress add "$id" --kind training --status completed \
	    --training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 --class-hours 120
done
# before any grant, both subsidies are eligible for the one training
check eval-both 0 "$J" policy eval --person 220102199001010017 --format json
python3 - "$T/out" <<'PY' || exit 1
import json, sys
r = {x['policy']: x for x in json.load(open(sys.argv[1]))['results'] if x['subject'] == 'trainings[0]'}
assert r['rural-training-subsidy']['outcome'] == 'eligible', r['rural-training-subsidy']
assert r['rural-training-subsidy']['amount_fen'] == 96000
assert r['vocational-training-subsidy']['outcome'] == 'eligible', r['vocational-training-subsidy']
assert r['vocational-training-subsidy']['amount_fen'] == 60000
PY

# two processes grant the two subsidies for the same training at once, for every person
for id in $ids; do
	"$J" grant "$id" rural-training-subsidy >"$T/r.$id" 2>&1 &
	"$J" grant "$id" vocational-training-subsidy >"$T/v.$id" 2>&1 &
done
wait
sql_is one-per-training "SELECT count(*) FROM (SELECT person_id FROM decision WHERE status IN ('proposed', 'approved') GROUP BY person_id, subject_key HAVING count(*) = 1)" 10
sql_is none-twice "SELECT count(*) FROM (SELECT person_id FROM decision GROUP BY person_id, subject_key HAVING count(*) > 1)" 0
refused=0
for id in $ids; do
	for f in "$T/r.$id" "$T/v.$id"; do
		grep -q "is not eligible\|already paid\|not paid twice\|once" "$f" && refused=$((refused + 1))
	done
done
eq refusals-say-why "$refused" 10

# the evaluation names the subsidy that was paid
first=220102199001010017
paid=$(sql_value "SELECT policy_id FROM decision WHERE person_id = (SELECT id FROM person WHERE id_number = '$first')")
check eval-after 0 "$J" policy eval --person "$first" --format json
python3 - "$T/out" "$paid" <<'PY' || exit 1
import json, sys
paid = sys.argv[2]
other = 'vocational-training-subsidy' if paid == 'rural-training-subsidy' else 'rural-training-subsidy'
r = {x['policy']: x for x in json.load(open(sys.argv[1]))['results'] if x['subject'] == 'trainings[0]'}
assert r[paid]['outcome'] == 'ineligible', r[paid]
assert r[other]['outcome'] == 'ineligible', r[other]
assert any('already paid under' in t for t in r[other]['reasons']), r[other]['reasons']
PY
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 check eval-after-zh 0 "$J" policy eval --person "$first"
has zh-names-the-paid-one "$T/out" "享受过，同一项只补贴一次"

# one startup subsidy per person, whatever the number of businesses
check grad 0 "$J" person add --name 赵敏 --id-number 220102199311110021 --education bachelor \
    --graduation-date 2015-07-01
for lic in 2018-10-20 2018-11-05; do
	check "startup $lic" 0 "$J" progress add 220102199311110021 --kind startup --status active \
	    --startup-kind micro_enterprise --first-time yes --license-date "$lic" --operating yes \
	    --social-insurance yes --start-date "$lic"
done
check startups 0 "$J" policy eval --person 220102199311110021 --on 2019-12-01 --format json
python3 - "$T/out" <<'PY' || exit 1
import json, sys
r = [x for x in json.load(open(sys.argv[1]))['results'] if x['policy'] == 'startup-subsidy']
assert [x['outcome'] for x in r] == ['eligible', 'ineligible'], r
assert r[0]['amount_fen'] == 500000 and r[1]['amount_fen'] is None, r
PY
check startup-grant 0 "$J" grant 220102199311110021 startup-subsidy --on 2019-12-01 --subject 'startups[0]'
check startup-second 65 "$J" grant 220102199311110021 startup-subsidy --on 2019-12-01 --subject 'startups[1]'
sql_is one-startup "SELECT count(*) FROM decision WHERE policy_id = 'startup-subsidy'" 1
finish once
