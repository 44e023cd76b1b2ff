#!/usr/bin/env bash
# sync conflicts and sync resolve (issue 17, point 4): what applying another office's changes
# held aside (core/syncapply.c; its rows are written here with the sqlite3 shell as applying
# writes them, the applying itself is tests/core/test_syncapply.c), listed in words (the
# history's labels: 手机 under zh_CN, no table or column name) and as JSON; a supervisor keeps
# mine or theirs (an ordinary write: audited and in the outbox), once; a counselor may do
# neither (77); bad usage is 64 and writes nothing.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE

check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --phone 13912345678
pid=$(sql_value "SELECT id FROM person")
check add2 0 "$J" person add --name 李强 --id-number 220102199001010017
pid2=$(sql_value "SELECT id FROM person WHERE name = '李强'")
check note 0 "$J" note add "$pid2" --text 电话
n1=$(sql_value "SELECT id FROM note")
# as applying holds them: the phone changed in both offices; a note deleted there, changed here
sqlite3 "$JOBDESK_DB" "INSERT INTO sync_conflict (kind, tbl, row_key, person_id, fields, mine,
  theirs, change, mine_by, mine_at, theirs_at, from_office, bundle, held_at) VALUES
  ('field', 'person', '$pid', '$pid', '[\"phone\"]', '{\"phone\":\"13912345678\"}',
   '{\"phone\":\"13800000000\"}', X'54', 'tester', '2018-03-01T02:00:00.000Z',
   '2018-03-02T01:00:00.000Z', '220102001', '220102001-1', '2018-03-03T00:00:00.000Z'),
  ('delete', 'note', '$n1', '$pid2', '[\"body\"]', '{\"body\":\"电话\"}', NULL, X'54', 'tester',
   '2018-03-01T02:00:00.000Z', NULL, '220102001', '220102001-1', '2018-03-03T00:00:00.000Z')"

check list 0 "$J" sync conflicts
has list-name "$T/out" "王丽"
has list-office "$T/out" "220102001"
has list-why "$T/out" "personal details changed in both offices (here → there)"
has list-values "$T/out" "phone: 13912345678 → 13800000000"
has list-delete "$T/out" "note and follow-up deleted there, changed here"
has list-who "$T/out" "here: tester"
check list-json 0 "$J" sync conflicts --format json
has json-kind "$T/out" '"kind":"field"'
has json-theirs "$T/out" '"theirs":{"phone":"13800000000"}'
has json-deleted "$T/out" '"theirs":null'
check list-zh 0 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" sync conflicts
has zh-phone "$T/out" "手机: 13912345678 → 13800000000"
lacks zh-no-table "$T/out" "person"
lacks zh-no-column "$T/out" "phone"
lacks zh-no-english "$T/out" "changed"

# usage: nothing written
unchanged usage-nokeep 64 "$J" sync resolve 1
unchanged usage-keep 64 "$J" sync resolve 1 --keep both
unchanged usage-id 64 "$J" sync resolve x --keep mine
unchanged usage-cmd 64 "$J" sync mend
unchanged usage-format 64 "$J" sync conflicts --format csv
unchanged none 65 "$J" sync resolve 99 --keep mine
has none-says "$T/err" "no conflict 99 is held"

# keeping theirs writes their value, as an ordinary write (audited, into the outbox)
audits=$(sql_value "SELECT count(*) FROM audit")
outbox=$(sql_value "SELECT count(*) FROM outbox")
check resolve 0 "$J" sync resolve 1 --keep theirs
sql_is resolved-phone "SELECT phone FROM person WHERE id = '$pid'" 13800000000
sql_is resolved-status "SELECT status || ' ' || kept || ' ' || resolved_by FROM sync_conflict WHERE id = 1" "resolved theirs tester"
sql_is resolved-audited "SELECT count(*) > $audits FROM audit" 1
sql_is resolved-sent "SELECT count(*) FROM outbox" $((outbox + 1))
# the resolution itself travels (sync_resolution, synced) and is an audit event in words
sql_is resolution-kept "SELECT kind || ' ' || tbl || ' ' || kept || ' ' || chosen || ' ' || resolved_by FROM sync_resolution" 'field person theirs {"phone":"13800000000"} tester'
sql_is resolution-audited "SELECT count(*) FROM audit WHERE op = 'resolve' AND row_key = '$pid'" 1
check audit-resolve 0 "$J" audit
has audit-resolve-words "$T/out" "resolved a conflict a sync held"
check audit-resolve-zh 0 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" audit
has audit-resolve-zh-words "$T/out" "处理了同步暂存的冲突"
lacks audit-resolve-zh-no-op "$T/out" "resolve"
unchanged again 65 "$J" sync resolve 1 --keep mine
has again-says "$T/err" "was resolved already"
# the deletion: keeping theirs deletes the note here
check resolve-delete 0 "$J" sync resolve 2 --keep theirs
sql_is deleted "SELECT count(*) FROM note WHERE id = '$n1'" 0
check empty 0 "$J" sync conflicts
has empty-says "$T/out" "no conflicts are held"
check all 0 "$J" sync conflicts --all
has all-kept "$T/out" "kept the other office's by tester"
check db-check 0 "$J" db check

# roles: a counselor neither lists nor resolves; a supervisor does
export JOBDESK_DB=$T/roles.db
check roles-init 0 "$J" init
check roles-admin 0 "$J" user add boss --name 王主任 --role admin --office 220102
check roles-sup 0 "$J" --user boss user add zhaomin --name 赵敏 --role supervisor --office 220102
check roles-cou 0 "$J" --user boss user add wang --name 王芳 --role counselor --office 220102
check roles-cou-list 77 "$J" --user wang sync conflicts
has roles-cou-says "$T/err" "resolve the conflicts of a sync"
check roles-cou-resolve 77 "$J" --user wang sync resolve 1 --keep mine
check roles-sup-list 0 "$J" --user zhaomin sync conflicts
has roles-sup-none "$T/out" "no conflicts are held"

finish sync_conflicts
