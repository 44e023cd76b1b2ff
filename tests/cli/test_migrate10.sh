#!/usr/bin/env bash
# Migration 0008 (the outbox) and init --office (issue 17, points 1 and 2) on a database made by
# the release before it (tests/fixtures/schema7_outbox.sql: three persons, a note, a training, a closed
# case), loaded with the sqlite3 shell: `jobdesk init` migrates it and records nothing of the
# migration in the outbox; init --office gives it its office once (the same code again changes
# nothing, another is refused in Chinese under zh_CN); keys made from then on carry the code and
# every new case its office (person add, import, demo); each command's changes are one outbox row
# naming its rows; db check is ok throughout. init with no options on a new database is as before.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
# in_outbox KEY: how many outbox rows name the key (a changeset holds a row's key as its bytes)
in_outbox() {
	sql_value "SELECT count(*) FROM outbox WHERE instr(changeset, CAST('$1' AS BLOB)) > 0"
}

export JOBDESK_DB=$T/v7.db
sqlite3 "$JOBDESK_DB" <"$here/../fixtures/schema7_outbox.sql"
sql_is "schema 7 before" "PRAGMA user_version" 7
sql_is "no outbox before" "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'" 0
audits=$(sql_value "SELECT count(*) FROM audit")
check "init migrates" 0 "$J" init
has "init says version 8" "$T/out" "schema version 19"
lacks "init without --office says no office" "$T/out" "office"
sql_is "schema 19" "PRAGMA user_version" 19
sql_is "the migration is not in the outbox" "SELECT count(*) FROM outbox" 0
sql_is "no audit row for the migration (but the compact audit's, step 11)" "SELECT count(*) FROM audit" "$((audits + 1))"
check "db check" 0 "$J" db check
has "db check ok" "$T/out" "schema: version 19 of 19, ok"
has "db check rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"
wang=$(sql_value "SELECT id FROM person WHERE name = '王丽'")
case $wang in 000000-*) eq "old key" ok ok ;; *) eq "old key" "$wang" "000000-..." ;; esac

# refused: nothing written, not even the office
unchanged "office options without --office" 64 "$J" init --office-name 朝阳街道 --level township
has "says to give --office" "$T/err" "--office CODE"
unchanged "--office without --level" 64 "$J" init --office 220102001 --office-name 朝阳街道
unchanged "bad level" 65 "$J" init --office 220102001 --office-name 朝阳街道 --level province
has "bad level named" "$T/err" "--level 'province'"
unchanged "bad code" 65 "$J" init --office 2201-02 --office-name 朝阳街道 --level township
unchanged "name with an escape" 65 "$J" init --office 220102001 --office-name $'朝阳\e[31m' --level township
unchanged "an argument" 64 "$J" init 220102001
sql_is "no office yet" "SELECT count(*) FROM office" 0
sql_is "no outbox row from refusals" "SELECT count(*) FROM outbox" 0

# the office, once
check "init --office" 0 "$J" init --office 220102001 --office-name 朝阳街道就业服务站 --level 乡镇 \
	--parent 220102 --parent-name 朝阳区就业局
has "says the code" "$T/out" "office 220102001: new keys begin with its code"
sql_is "the office" "SELECT code || '|' || name || '|' || level || '|' || parent_id FROM office WHERE id = '220102001'" \
	"220102001|朝阳街道就业服务站|township|220102"
sql_is "the office above" "SELECT name || '|' || level FROM office WHERE id = '220102'" "朝阳区就业局|county"
sql_is "the code kept" "SELECT value FROM setting WHERE key = 'office_code'" 220102001
sql_is "one outbox row: the two offices" "SELECT count(*) FROM outbox" 1
eq "the office in it" "$(in_outbox 朝阳街道就业服务站)" 1
check "the same again" 0 "$J" init --office 220102001 --office-name 朝阳街道就业服务站 --level township
has "says nothing changed" "$T/out" "office 220102001 already; nothing changed"
sql_is "still one outbox row" "SELECT count(*) FROM outbox" 1
unchanged "another code" 65 "$J" init --office 220103001 --office-name 南关街道 --level township
has "says which office it is" "$T/err" "is office 220102001's database (朝阳街道就业服务站) already"
has "says what to do" "$T/err" "jobdesk --db NEWFILE init --office 220103001"
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" init --office 220103001 --office-name 南关街道 \
		--level township >"$T/out" 2>"$T/err"
	eq "zh: another code refused" $? 65
	has "zh: says what to do" "$T/err" "一个数据库只属于一个机构"
	lacks "zh: no English" "$T/err" "database"
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" init --office 220102001 --office-name 朝阳 \
		--level 省 >"$T/out" 2>"$T/err"
	eq "zh: bad level refused" $? 65
	has "zh: levels in Chinese" "$T/err" "应为 乡镇、县区 或 市"
	lacks "zh: no English level" "$T/err" "township"
fi

# new keys and cases carry the office; each command is one outbox row of its rows
check "person add" 0 "$J" person add --name 赵敏 --id-number 22010219930303003X --phone 13912345670
zhao=$(cat "$T/out")
case $zhao in 220102001-*) eq "new key" ok ok ;; *) eq "new key" "$zhao" "220102001-..." ;; esac
sql_is "new case's office" "SELECT office_id FROM person WHERE id = '$zhao'" 220102001
sql_is "old cases keep no office" "SELECT count(*) FROM person WHERE office_id IS NULL" 3
sql_is "two outbox rows" "SELECT count(*) FROM outbox" 2
eq "the new person in one" "$(in_outbox "$zhao")" 1
check "edit an old case" 0 "$J" person edit "$wang" --phone 13812345678
sql_is "three outbox rows" "SELECT count(*) FROM outbox" 3
eq "the old person's key in its row" "$(sql_value "SELECT instr(changeset, CAST('$wang' AS BLOB)) > 0 FROM outbox ORDER BY seq DESC LIMIT 1")" 1
cat >"$T/in.csv" <<'CSV'
id_number,name,low_income
110101199205050019,郑导入,是
110101199306060013,冯导入,no
CSV
check "import" 0 "$J" import "$T/in.csv"
sql_is "imported cases' office" "SELECT count(*) FROM person WHERE name LIKE '%导入' AND office_id = '220102001' AND id LIKE '220102001-%'" 2
sql_is "import is one outbox row" "SELECT count(*) FROM outbox" 4
for k in $(sql_value "SELECT id FROM person WHERE name LIKE '%导入'") $(sql_value "SELECT household_id FROM person WHERE name = '郑导入'"); do
	eq "imported $k in the import's row" "$(sql_value "SELECT instr(changeset, CAST('$k' AS BLOB)) > 0 FROM outbox WHERE seq = (SELECT max(seq) FROM outbox)")" 1
done
unchanged "a refused import" 65 "$J" import "$T/in.csv"
sql_is "no outbox row from it" "SELECT count(*) FROM outbox" 4
sql_is "no audit or search table in the outbox" "SELECT count(*) FROM outbox WHERE instr(changeset, CAST('person_search' AS BLOB)) OR instr(changeset, CAST('audit' AS BLOB)) OR instr(changeset, CAST('search_gone' AS BLOB))" 0
check "db check after" 0 "$J" db check
has "db check ok after" "$T/out" "schema: version 19 of 19, ok"

# a new database: init as before; a demo's cases carry the office and are not in the outbox
# (issue 17's bundles: synthetic cases never travel to another office; the demo records none)
export JOBDESK_DB=$T/new.db
check "init new" 0 "$J" init
same "init new says only the version" "$T/out" <<EOT
$T/new.db: schema version 19
EOT
check "init --office new" 0 "$J" init --office 220102 --office-name 朝阳区就业局 --level county
check "demo" 0 "$J" demo --persons 60 --seed 3
sql_is "demo cases' office" "SELECT count(*) FROM person WHERE office_id = '220102' AND id LIKE '220102-%'" 60
sql_is "no demo case in the outbox" "SELECT count(*) FROM person p WHERE EXISTS (SELECT 1 FROM outbox o WHERE instr(o.changeset, CAST(p.id AS BLOB)) > 0)" 0
sql_is "no demo record in the outbox" "SELECT count(*) FROM (SELECT id FROM enrollment UNION ALL SELECT id FROM note UNION ALL SELECT id FROM decision) r WHERE EXISTS (SELECT 1 FROM outbox o WHERE instr(o.changeset, CAST(r.id AS BLOB)) > 0)" 0
check "db check new" 0 "$J" db check
finish migrate10
