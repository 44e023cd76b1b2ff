#!/usr/bin/env bash
# Migration 0004 (the facts of a status's time) on databases made by the releases before it: the
# schema-2 fixture and the first release's demo caseload (with insurance rows), loaded with the
# sqlite3 shell, then `jobdesk init` migrates them. The new columns are there, every one NULL
# (unknown: nothing is inferred from the old facts), no audit row is written for them, and a
# change of each new fact afterwards is audited (person and insurance), shown and in the facts.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_USER=counselor01 JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
new_person="able_to_work registered_unemployed_from registered_unemployed_until employer_size hired_on"
new_insurance="receiving_benefit benefit_until"

for fixture in schema2.sql schema1-demo.sql; do
	export JOBDESK_DB=$T/$fixture.db
	sqlite3 "$JOBDESK_DB" <"$here/../fixtures/$fixture"
	for c in $new_person; do
		sql_is "$fixture: no $c before" "SELECT count(*) FROM pragma_table_info('person') WHERE name = '$c'" 0
	done
	audits=$(sql_value "SELECT count(*) FROM audit")
	check "$fixture: init migrates" 0 "$J" init
	has "$fixture: init says version 19" "$T/out" "schema version 19"
	sql_is "$fixture: schema 19" "PRAGMA user_version" 19
	check "$fixture: db check" 0 "$J" db check
	has "$fixture: db check ok" "$T/out" "schema: version 19 of 19, ok"
	for c in $new_person; do
		sql_is "$fixture: person.$c there" "SELECT count(*) FROM pragma_table_info('person') WHERE name = '$c'" 1
		sql_is "$fixture: person.$c unknown" "SELECT count(*) FROM person WHERE $c IS NOT NULL" 0
	done
	for c in $new_insurance; do
		sql_is "$fixture: insurance.$c there" "SELECT count(*) FROM pragma_table_info('insurance') WHERE name = '$c'" 1
		sql_is "$fixture: insurance.$c unknown" "SELECT count(*) FROM insurance WHERE $c IS NOT NULL" 0
	done
	# steps 2 and 3 write none on the schema-2 fixture, step 4 none on either
	[ "$fixture" = schema2.sql ] && sql_is "$fixture: no audit rows" "SELECT count(*) FROM audit WHERE op = 'legacy'" "$audits"
	for c in $new_person $new_insurance; do
		sql_is "$fixture: no audit row names $c" "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || coalesce(after, ''), '\"$c\"') > 0" 0
	done
	# the database's own checks refuse what core refuses
	key=$(sql_value "SELECT id FROM person WHERE stage <> 'closed' AND merged_into IS NULL ORDER BY id LIMIT 1")
	if sqlite3 "$JOBDESK_DB" "UPDATE person SET hired_on = '2017-02-30' WHERE id = '$key'" 2>/dev/null; then
		fail=$((fail + 1)); echo "FAIL $fixture: hired_on 2017-02-30 taken"; else pass=$((pass + 1)); fi
	if sqlite3 "$JOBDESK_DB" "UPDATE person SET employer_size = 'huge' WHERE id = '$key'" 2>/dev/null; then
		fail=$((fail + 1)); echo "FAIL $fixture: employer_size huge taken"; else pass=$((pass + 1)); fi

	# the new facts set on an old row: each change audited, in the person's and insurance's rows
	audits=$(sql_value "SELECT count(*) FROM audit")
	lastseq=$(sql_value "SELECT max(seq) FROM audit")
	check "$fixture: edit" 0 "$J" person edit "$key" --able-to-work yes \
	    --registered-unemployed-from 2017-09-01 --registered-unemployed-until 2018-01-15 \
	    --employer-size 小型企业 --hired-on 2018-01-16 --receiving-benefit no \
	    --benefit-until 2018-01-15
	sql_is "$fixture: stored" "SELECT able_to_work || registered_unemployed_from || registered_unemployed_until || employer_size || hired_on FROM person WHERE id = '$key'" \
	    "12017-09-012018-01-15small2018-01-16"
	sql_is "$fixture: insurance stored" "SELECT receiving_benefit || benefit_until FROM insurance WHERE person_id = '$key'" "02018-01-15"
	sql_is "$fixture: person change audited" "SELECT count(*) FROM audit WHERE tbl = 'person' AND row_key = '$key' AND op = 'update' AND json_extract(after, '$.able_to_work') = 1 AND json_extract(after, '$.registered_unemployed_from') = '2017-09-01' AND json_extract(after, '$.registered_unemployed_until') = '2018-01-15' AND json_extract(after, '$.employer_size') = 'small' AND json_extract(after, '$.hired_on') = '2018-01-16'" 1
	# (an insurance row added by the edit: its insert keeps no copy, the row's hash instead)
	sql_is "$fixture: insurance change audited" "SELECT count(*) FROM audit a JOIN insurance i ON i.id = a.row_key WHERE a.tbl = 'insurance' AND a.seq > $lastseq AND length(a.row_hash) = 32 AND i.receiving_benefit = 0 AND i.benefit_until = '2018-01-15' AND (a.op = 'insert' OR (json_extract(a.after, '$.receiving_benefit') = 0 AND json_extract(a.after, '$.benefit_until') = '2018-01-15'))" 1
	check "$fixture: db check after the edit" 0 "$J" db check
	check "$fixture: facts" 0 "$J" person facts "$key"
	has "$fixture: facts able" "$T/out" "able_to_work: true"
	has "$fixture: facts from" "$T/out" "registered_unemployed_from: 2017-09-01"
	has "$fixture: facts size" "$T/out" "employer_size: small"
	has "$fixture: facts benefit" "$T/out" "benefit_until: 2018-01-15"
	# a later change of one fact: audited with its value before
	check "$fixture: edit again" 0 "$J" person edit "$key" --registered-unemployed-until ""
	sql_is "$fixture: clearing audited" "SELECT count(*) FROM audit WHERE tbl = 'person' AND row_key = '$key' AND json_extract(before, '$.registered_unemployed_until') = '2018-01-15' AND json_type(after, '$.registered_unemployed_until') = 'null'" 1
	check "$fixture: db check after" 0 "$J" db check
done
finish migrate4
