#!/usr/bin/env bash
# `jobdesk db check` on the audit (issue 11), driving the real binary: a database as jobdesk left
# it checks out and prints the chain head; a person renamed with the sqlite3 shell (its triggers
# dropped first) and a forged audit row are each found (status 65), named, in English and in
# Chinese; the report says what the chain cannot prove.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE

check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028
key=$(head -1 "$T/out")
check edit 0 "$J" person edit "$key" --phone 13912345678
check clean 0 "$J" db check
has clean-schema "$T/out" "schema: every table, trigger and index as the migrations made it, ok"
has clean-chain "$T/out" "chain: 4 rows from row 1 verify, ok"
has clean-rows "$T/out" "rows: 1 rows of the audited tables are as their audit recorded, ok"
head=$(sql_value "SELECT lower(hex(hash)) FROM audit WHERE seq = 4")
has clean-head "$T/out" "chain head: row 4, hash $head"
has clean-cannot "$T/out" "someone who can write the database file can rewrite rows"

# renamed behind jobdesk's back
cp "$JOBDESK_DB" "$T/renamed.db"
sqlite3 "$T/renamed.db" "DROP TRIGGER person_audit_u; DROP TRIGGER person_name_sort_u;
  DROP TRIGGER person_search_pu; UPDATE person SET name = '李四'"
check renamed 65 env JOBDESK_DB="$T/renamed.db" "$J" db check
has renamed-trigger "$T/out" "schema: the trigger person_audit_u is missing"
has renamed-row "$T/out" "rows: personal details $key is not as its last audit row recorded (changed outside jobdesk)"
has renamed-says "$T/err" "db check found problems in the audit: 4"
check renamed-zh 65 env JOBDESK_DB="$T/renamed.db" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" db check
has renamed-zh-row "$T/out" "数据：个人信息 $key 与其最后一条审计记录不符（在 jobdesk 之外被修改）"
has renamed-zh-head "$T/out" "链头：第 4 行，哈希 $head"
for word in "schema:" "chain:" "rows:" "ok" "What"; do
	lacks "renamed-zh-no-$word" "$T/out" "$word"
done

# an audit row put in by hand, at the end of the chain
cp "$JOBDESK_DB" "$T/forged.db"
sqlite3 "$T/forged.db" "INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  SELECT max(seq) + 1, max(at), (SELECT id FROM audit_who WHERE actor = 'tester' AND acting_as = x''), 24, '$key', 2, '{}', '{}', NULL, zeroblob(32) FROM audit_log"
check forged 65 env JOBDESK_DB="$T/forged.db" "$J" db check
has forged-row "$T/out" "chain: row 5 is the first that does not verify (1 rows do not)"
# a database of the release before: db check looks at it as it is and never migrates it (a
# migration would rebuild the chain it is asked to check); init does, then the check passes
sqlite3 "$T/v5.db" <"$(dirname "$0")/../fixtures/schema5.sql"
check old-schema 65 env JOBDESK_DB="$T/v5.db" "$J" db check
has old-schema-says "$T/out" "schema: version 5 of 19, out of date"
has old-schema-why "$T/err" "run jobdesk init, then db check"
eq old-schema-unchanged "$(sqlite3 "$T/v5.db" 'PRAGMA user_version')" 5
check old-schema-init 0 env JOBDESK_DB="$T/v5.db" "$J" init
check old-schema-after 0 env JOBDESK_DB="$T/v5.db" "$J" db check
finish dbcheck
