#!/usr/bin/env bash
# Migration 0008 (four eyes on money) on a database made by the release before it
# (tests/fixtures/schema7_fe.sql: two rural training subsidies with an amount and one
# employment-difficulty status without, all proposed), loaded with the sqlite3 shell, then
# `jobdesk init` migrates it in place: rows kept, db check ok (a baseline audit row per copied
# decision), the decision without an amount decided. Then the four eyes through the command line,
# as two people: one's own proposal refused (in Chinese under zh_CN), approved by another,
# approving twice refused, rejected with a reason (the once-only slot freed: granted again),
# paid from finance's file (all or nothing, FILE:LINE), and the payments report for finance.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_USER=counselor1 JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
export JOBDESK_DB=$T/v7.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema7_fe.sql"
sql_is "schema 7 before" "PRAGMA user_version" 7
before=$(sql_value "SELECT group_concat(id || policy_id || amount_fen || facts_json, '|') FROM (SELECT * FROM decision ORDER BY id)")
audits=$(sql_value "SELECT count(*) FROM audit")
check "init migrates" 0 "$J" --user admin init
has "init says version 19" "$T/out" "schema version 19"
sql_is "schema 19" "PRAGMA user_version" 19
check "db check" 0 "$J" db check
has "db check ok" "$T/out" "schema: version 19 of 19, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
has "db check chain ok" "$T/out" "verify, ok"
eq "rows kept" "$(sql_value "SELECT group_concat(id || policy_id || amount_fen || facts_json, '|') FROM (SELECT * FROM decision ORDER BY id)")" "$before"
sql_is "a baseline row per decision, one update for the status" "SELECT count(*) FILTER (WHERE op = 'baseline') || ' ' || count(*) FILTER (WHERE op = 'update') FROM audit WHERE seq > $audits" "3 1"
sql_is "the status without an amount is decided" "SELECT group_concat(status, ' ') FROM (SELECT status FROM decision ORDER BY amount_fen IS NULL, amount_fen)" "proposed proposed decided"
sql_is "the indexes are back" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('decision_person', 'decision_status', 'decision_once', 'decision_policy_set', 'decision_month', 'decision_paid')" 6
sql_is "the slot is held by a live decision" "SELECT sql LIKE '%''proposed'', ''approved'', ''decided'', ''paid''%' FROM sqlite_schema WHERE name = 'decision_once'" 1

big=$(sql_value "SELECT id FROM decision WHERE amount_fen = 96000")
small=$(sql_value "SELECT id FROM decision WHERE amount_fen = 64000")
status=$(sql_value "SELECT id FROM decision WHERE amount_fen IS NULL")
num() { echo "${1: -8:4}-${1: -4}"; }
# one's own proposal: refused, in Chinese under zh_CN, nothing written
unchanged "own proposal" 65 "$J" decision approve "$(num "$big")"
has "own proposal" "$T/err" "your own proposal"
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	unchanged "own proposal zh" 65 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" decision approve "$(num "$big")"
	has "own proposal zh" "$T/err" "是您本人提出的"
	lacks "own proposal zh" "$T/err" "proposal"
fi
unchanged "paid before approval" 65 "$J" --user boss decision paid "$big" --on 2018-03-01
has "paid before approval" "$T/err" "not approved yet"
check "approve" 0 "$J" --user boss decision approve "$(num "$big")"
has "approve says" "$T/out" "approved"
unchanged "approve twice" 65 "$J" --user boss2 decision approve "$big"
has "approve twice" "$T/err" "already approved by boss"
unchanged "decided needs no approval" 65 "$J" --user boss decision approve "$status"
has "decided needs no approval" "$T/err" "pays nothing"
unchanged "reject without reason" 64 "$J" --user boss decision reject "$small"
check "reject" 0 "$J" --user boss decision reject "$small" --reason 培训证明不全
sql_is "rejected with the reason" "SELECT status || ' ' || reason || ' ' || rejected_by FROM decision WHERE id = '$small'" "rejected 培训证明不全 boss"
# the slot is free: the same training subsidy again
person=$(sql_value "SELECT person_id FROM decision WHERE id = '$small'")
check "granted again after the rejection" 0 "$J" grant "$person" rural-training-subsidy
has "granted again" "$T/out" "proposed"
# finance's file: a bad line names FILE:LINE and nothing is written; then the good file
printf '决定编号,发放日期,付款凭证号\n%s,2018-03-01,CZ-0001\n%s,2018-03-01,CZ-0002\n' "$(num "$big")" "$(num "$small")" >"$T/paid.csv"
unchanged "file with a rejected decision" 65 "$J" --user boss decision paid --file "$T/paid.csv"
has "file names the line" "$T/err" "paid.csv:3:"
sql_is "nothing paid" "SELECT count(*) FROM decision WHERE status = 'paid'" 0
printf '决定编号,发放日期,付款凭证号\n%s,2018-03-01,CZ-0001\n' "$(num "$big")" >"$T/paid.csv"
check "file" 0 "$J" --user boss decision paid --file "$T/paid.csv"
has "file says" "$T/out" "recorded 1 payment"
unchanged "paid twice" 65 "$J" --user boss decision paid "$big" --on 2018-03-01
has "paid twice" "$T/err" "already paid on 2018-03-01"
# the batch finance needs: person, ID number whole, policy, amount, decision number
check "payments csv" 0 "$J" report payments --from 2018-03-01 --to 2018-03-31 --format csv
has "payments csv header" "$T/out" "PAID ON,NAME,ID NUMBER,BENEFIT,YUAN,DECISION,PAYMENT REFERENCE"
has "payments csv row" "$T/out" "2018-03-01,王丽,\"	220102199503070028\",Rural skills-training subsidy,960.00,$(num "$big"),CZ-0001"
check "payments table masks" 0 "$J" report payments
has "payments table masks" "$T/out" "220102********0028"
check "list paid" 0 "$J" decision list --status paid --format json
has "list paid" "$T/out" "\"paid_on\":\"2018-03-01\""
has "list paid ref" "$T/out" "\"payment_ref\":\"CZ-0001\""
check "db check after" 0 "$J" db check
has "db check after" "$T/out" "rows of the audited tables are as their audit recorded, ok"
# the threshold: below 1000 yuan approved at once
check "threshold" 0 "$J" decision threshold 1000
has "threshold says" "$T/out" "amounts below 1000.00 yuan are approved at once"
sql_is "threshold stored" "SELECT value FROM setting WHERE key = 'approval_threshold_fen'" 100000
finish migrate_fe
