#!/usr/bin/env bash
# End to end: `decision replay` evaluates a stored decision again under the policy files it was
# made under (archived with it) and under today's. A rural training subsidy is granted; the
# policies are copied and the rate changed; the replay still matches the record (exit 0) and says
# that today's files would pay a different amount, in English and in Chinese (no internal names);
# the JSON says the same for scripts; a record that no longer matches its files is exit 65; a
# decision recorded by the release before (the schema-2 fixture, migrated) cannot be replayed and
# says why (exit 66); no temporary folder is left behind.
set -u
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_DB=$T/replay.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
export TMPDIR=$T/tmp
unset LANGUAGE
mkdir "$TMPDIR"
POL=$JOBDESK_POLICIES

check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural
key=$(cat "$T/out")
check training 0 "$J" progress add "$key" --kind training --status completed \
	--training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 --class-hours 120
check grant 0 "$J" grant "$key" rural-training-subsidy
has grant-amount "$T/out" "960.00 yuan"
decision=$(cut -f1 "$T/out")
sql_is archived "SELECT count(*) FROM decision WHERE id = '$decision' AND policy_set IN (SELECT hash FROM policy_set)" 1

# under the files it was made under, which are still today's
check same 0 "$J" decision replay "$decision"
has same-archived "$T/out" "Under the policy files it was made under: the same outcome, amount and reasons as recorded."
has same-today "$T/out" "Today's policy files are the same files: they decide the same way."
has same-title "$T/out" "Rural skills-training subsidy"
has same-item "$T/out" "training from 2017-11-01"
lacks same-no-star "$T/out" "*"

# today's files pay 10 yuan per class hour instead of 8
cp -r "$POL" "$T/pol"
sed -i 's/^        fen: 800$/        fen: 1000/' "$T/pol/rural-training-subsidy.yaml"
if cmp -s "$POL/rural-training-subsidy.yaml" "$T/pol/rural-training-subsidy.yaml"; then
	echo "FAIL the rate of rural-training-subsidy.yaml was not found to change"; exit 1
fi
number=$(JOBDESK_POLICIES=$T/pol "$J" decision replay "$decision" --format json |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["number"])')
check changed 0 env JOBDESK_POLICIES="$T/pol" "$J" decision replay "$number"
has changed-archived "$T/out" "Under the policy files it was made under: the same outcome, amount and reasons as recorded."
has changed-today "$T/out" "Today's policy files would decide differently (see below)."
has changed-then "$T/out" "960.00 yuan"
has changed-now "$T/out" "1200.00 yuan *"
has changed-legend "$T/out" "* not as recorded"
has changed-reason-then "$T/out" "8.00 yuan per class hour x 120 = 960.00 yuan"
has changed-reason-now "$T/out" "10.00 yuan per class hour x 120 = 1200.00 yuan"
check changed-json 0 env JOBDESK_POLICIES="$T/pol" "$J" decision replay "$decision" --format json
python3 - "$T/out" >"$T/json-check" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
a, c = r['archived'], r['current']
print(r['replayed'], r['same'], a['state'], a['amount_fen'], c['state'], c['same_outcome'],
      c['same_amount'], c['amount_fen'], r['recorded']['amount_fen'], r['policy_set'] != r['current_set'])
PY
eq changed-json "$(cat "$T/json-check")" "True True same 96000 different True False 120000 96000 True"

# the same in Chinese: sentences and titles, never an internal name
check zh 0 env JOBDESK_POLICIES="$T/pol" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" decision replay "$decision"
has zh-head "$T/out" "农村劳动力技能培训补贴"
has zh-archived "$T/out" "按作出决定时的政策文件重新评估：结论、金额和理由与记录相同。"
has zh-today "$T/out" "按现行政策文件会有不同的决定（见下）。"
has zh-amount "$T/out" "1200.00 元 *"
has zh-reasons "$T/out" "按现行政策文件，理由与记录不同之处："
for word in rural-training-subsidy trainings per_class_hour eligible policy_set .yaml; do
	lacks "zh-no-$word" "$T/out" "$word"
done

# a record that its own files no longer give (as if the record had been altered) is exit 65
cp "$JOBDESK_DB" "$T/altered.db"
sqlite3 "$T/altered.db" "DROP TRIGGER decision_audit_u; UPDATE decision SET amount_fen = 90000"
check altered 65 env JOBDESK_DB="$T/altered.db" "$J" decision replay "$decision"
has altered-says "$T/out" "Under the policy files it was made under: NOT as recorded (see below)."
has altered-star "$T/out" "960.00 yuan *"

# the usage
check no-id 64 "$J" decision replay
check no-such 65 "$J" decision replay ZZZZ-ZZZZ
has no-such "$T/err" "no decision ZZZZ-ZZZZ"
check bad-format 64 "$J" decision replay "$decision" --format html

# a decision recorded by the release before: the schema-2 fixture with one decision (its times
# as the text they were then, schema step 17), migrated
export JOBDESK_DB=$T/old.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema2.sql"
sql_is old-is-2 "PRAGMA user_version" 2
old=000000-01M8JT0OLDDECISI0NXX
person=$(sql_value "SELECT id FROM person WHERE name = '张三'")
sqlite3 "$JOBDESK_DB" "ATTACH '$T/replay.db' AS new; DROP TRIGGER decision_audit_i;
INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, subject, subject_key,
  outcome, amount_fen, facts_json, reasons_json, once_key, counselor, status, created_at,
  updated_at, created_by)
  SELECT '$old', '$person', policy_id, policy_hash, decided_on, NULL, NULL, outcome, amount_fen,
  facts_json, reasons_json, NULL, counselor, status,
  strftime('%Y-%m-%dT%H:%M:%S', created_at / 1000, 'unixepoch') || printf('.%03dZ', created_at % 1000),
  strftime('%Y-%m-%dT%H:%M:%S', updated_at / 1000, 'unixepoch') || printf('.%03dZ', updated_at % 1000),
  created_by FROM new.decision WHERE id = '$decision';"
check old-init 0 "$J" init
sql_is old-migrated "PRAGMA user_version" "$(sqlite3 "$T/replay.db" 'PRAGMA user_version')"
sql_is old-no-set "SELECT count(*) FROM decision WHERE id = '$old' AND policy_set IS NULL" 1
sql_is old-audit-triggers "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'decision_audit_%'" 3
check old-db-check 0 "$J" db check
check old-replay 66 "$J" decision replay "$old"
has old-says "$T/out" "It cannot be replayed: it was recorded before jobdesk kept the policy files with each decision, so the files it was made under are not known."
check old-replay-zh 66 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" decision replay "$old"
has old-says-zh "$T/out" "无法重新评估：此决定作出时，jobdesk 尚未随决定存档政策文件，因此不知道当时依据的政策文件。"
check old-replay-json 66 "$J" decision replay "$old" --format json
has old-json "$T/out" '"replayed":false'
has old-json-state "$T/out" '"state":"no_archive"'
# a grant after the migration is archived
check old-add 0 "$J" person add --name 李强 --id-number 220102199001011239 --hukou-type rural
key2=$(cat "$T/out")
check old-training 0 "$J" progress add "$key2" --kind training --status completed \
	--training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 --class-hours 40
check old-grant 0 "$J" grant "$key2" rural-training-subsidy
new=$(cut -f1 "$T/out")
check old-new-replay 0 "$J" decision replay "$new"
# its audit row hashes the row with its set (db check compares them)
sql_is old-audit-names-set "SELECT count(*) FROM audit a JOIN decision d ON d.id = a.row_key WHERE a.tbl = 'decision' AND a.row_key = '$new' AND a.op = 'insert' AND a.row_hash IS NOT NULL AND d.policy_set IS NOT NULL" 1
check old-db-check-after 0 "$J" db check

# nothing left in the temporary folder
eq no-leftovers "$(ls -A "$TMPDIR")" ""
finish replay
