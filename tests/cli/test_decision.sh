#!/usr/bin/env bash
# End to end: grant says which item and which amount, refuses to choose among several items
# and to record an unknown amount; decision list shows the decisions newest first, ID numbers
# masked in the table and whole in the JSON for scripts.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/demo.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE


# 1000 persons: the training subsidies pay only trainings that ended from 2017-10-12, which few of
# a smaller caseload have
"$J" demo --persons 1000 --seed 4 >/dev/null || { echo "FAIL demo"; exit 1; }
check empty 0 "$J" decision list
has empty-header "$T/out" "DECISION"
"$J" policy eval --all --format json >"$T/all.jsonl" || { echo "FAIL eval --all"; exit 1; }
# pick: a rural training subsidy with its amount; a money policy eligible with no amount (its
# local standard is not set)
python3 - "$T/all.jsonl" >"$T/picks" <<'PY'
import json, sys
paid = unknown = None
for line in open(sys.argv[1], encoding='utf-8'):
    p = json.loads(line)
    for r in p['results']:
        if r['outcome'] != 'eligible':
            continue
        if paid is None and r['policy'] == 'rural-training-subsidy' and r['amount_fen']:
            paid = (p['person'], r['subject'], r['amount_fen'])
        if unknown is None and r['policy'] == 'vocational-training-subsidy' and r['amount_fen'] is None:
            unknown = (p['person'], r['subject'])
print(*(paid or ('-',))); print(*(unknown or ('-',)))
PY
{ read -r paid_key paid_subject paid_fen; read -r unk_key unk_subject; } <"$T/picks"
[ -n "${unk_subject:-}" ] && [ -n "${paid_fen:-}" ] ||
	{ echo "FAIL the demo caseload has not the cases this test needs"; cat "$T/picks"; exit 1; }
# a policy with two eligible items: a graduate with two internships, each paid to its host unit
# (the demo's internships under way have no end date, which the months served need)
sev_key=220102199503070036 sev_policy=internship-subsidy sev_a='internships[0]' sev_b='internships[1]'
"$J" person add --name 李明 --id-number "$sev_key" --education bachelor --graduation-date 2017-07-01 >/dev/null &&
"$J" progress add "$sev_key" --kind internship --status completed --start-date 2017-08-01 \
    --end-date 2018-01-31 --unit-name 长春某某科技有限公司 >/dev/null &&
"$J" progress add "$sev_key" --kind internship --status active --start-date 2018-02-01 \
    --end-date 2018-07-31 --unit-name 吉林某某公司 >/dev/null || { echo "FAIL add the graduate intern"; exit 1; }

check several 64 "$J" grant "$sev_key" "$sev_policy"
has several "$T/err" "items are eligible; choose one with --subject"
has several "$T/err" "$sev_a ("
has several "$T/err" "$sev_b ("
lacks several "$T/err" "$sev_policy:"
check unknown-amount 65 "$J" grant "$unk_key" vocational-training-subsidy --subject "$unk_subject"
has unknown-amount "$T/err" "the amount is not known, so nothing is recorded"
has unknown-amount "$T/err" "Vocational-training subsidy"
check grant 0 "$J" grant "$paid_key" rural-training-subsidy
yuan=$(printf '%d.%02d yuan' $((paid_fen / 100)) $((paid_fen % 100)))
has grant-title "$T/out" "Rural skills-training subsidy"
has grant-item "$T/out" "training from "
has grant-amount "$T/out" "$yuan"
has grant-status "$T/out" "proposed"
lacks grant-no-id "$T/out" "rural-training-subsidy"
decision=$(cut -f1 "$T/out")
check again 65 "$J" grant "$paid_key" rural-training-subsidy --subject "$paid_subject"
lacks nothing-unknown "$T/out" "- ?"

check list 0 "$J" decision list
has list-id "$T/out" "$decision"
has list-title "$T/out" "Rural skills-training subsidy"
has list-amount "$T/out" "${yuan% yuan}"
has list-status "$T/out" "proposed"
has list-item "$T/out" "training from "
if grep -qE '[0-9]{17}[0-9X]' "$T/out"; then fail=$((fail + 1)); echo "FAIL list shows a whole ID number"; cat "$T/out"
else pass=$((pass + 1)); fi
grep -qE '[0-9]{6}\*{8}[0-9X]{4}' "$T/out" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL list: no masked ID number"; }
check list-person 0 "$J" decision list --person "$paid_key" --format json
python3 - "$T/out" "$decision" "$paid_fen" <<'PY' && pass=$((pass + 1)) || fail=$((fail + 1))
import json, re, sys
rows = json.load(open(sys.argv[1], encoding='utf-8'))
assert len(rows) == 1, rows
r = rows[0]
assert r['id'] == sys.argv[2] and r['amount_fen'] == int(sys.argv[3]), r
assert r['policy'] == 'rural-training-subsidy' and r['status'] == 'proposed', r
assert re.fullmatch(r'\d{17}[\dX]', r['id_number']), r
assert r['item'].startswith('training from ') and r['subject'].startswith('trainings['), r
assert r['policy_title_zh'] and r['policy_title_en'] == 'Rural skills-training subsidy', r
PY
check list-approved 0 "$J" decision list --status approved --format json
has list-approved "$T/out" "[]"
check list-bad-status 64 "$J" decision list --status granted
has list-bad-status "$T/err" "proposed|approved|rejected|revoked|decided|paid"
check list-nobody 65 "$J" decision list --person 110105194912310021
check list-bad-format 64 "$J" decision list --format csv

if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	LC_ALL= LANG=zh_CN.UTF-8 "$J" decision list >"$T/out" 2>&1
	has zh-list "$T/out" "农村劳动力技能培训补贴"
	has zh-list "$T/out" "待审批"
	lacks zh-list "$T/out" "training from"
	LC_ALL= LANG=zh_CN.UTF-8 "$J" grant "$sev_key" "$sev_policy" 2>"$T/err"
	has zh-several "$T/err" "个项目符合条件"
	lacks zh-several "$T/err" "eligible"
fi

finish decision
