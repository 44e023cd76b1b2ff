#!/usr/bin/env bash
# jobdesk user add | list | edit | disable | passwd | idle-lock, and who acts (issue 15): with no
# users the owner is admin and may act as a name (acting_as recorded); with users an unknown
# name is refused with whom to ask; a user with a password gives it (first line of stdin here)
# for every change, reads do not ask; five wrong passwords lock for 15 minutes, an admin
# unlocks and resets; every event is in the audit and no password hash is; a stranger account
# (nobody, through setpriv, when the tests run as root) cannot choose a name.
J=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE JOBDESK_USER
me=$(id -un)
events() { sql_value "SELECT count(*) FROM audit WHERE op = '$1' AND json_extract(after, '\$.$2') = '$3'"; }

# no users: the owner is admin, and may act as a name with both recorded
check init 0 "$J" init
check "owner adds a person as tester" 0 "$J" --user tester person add --name 王丽 --id-number 220102199503070028
sql_is "actor and acting_as" "SELECT actor || ',' || acting_as FROM audit WHERE tbl = 'person' AND op = 'insert'" "tester,$me"
# the first users; the owner is told that only users act from now on
unchanged "first user a counselor" 65 "$J" user add lina --name 李娜 --role counselor --office JL01
has "first user must be an admin" "$T/err" "first user must be an administrator"
check "add admin" 0 "$J" user add boss --name 王主任 --role admin --office JL01
has "add says" "$T/out" "boss: added"
has "first user: only users act now" "$T/err" "only they act in"
check "add counselor with a password" 0 sh -c "printf 'lina-secret-1\n' | '$J' --user boss user add lina --name 李娜 --role counselor --office JL01 --password"
check "add supervisor" 0 "$J" --user boss user add zhaomin --name 赵敏 --role supervisor --office JL01
check "list" 0 "$J" --user boss user list
has "list lina" "$T/out" "password set"
check "list json" 0 "$J" --user boss user list --format json
has "json lina" "$T/out" '"login":"lina","name":"李娜","role":"counselor","office":"JL01","disabled":false,"password":true'
check "list csv" 0 "$J" --user boss user list --format csv
has "csv header" "$T/out" "login,name,role,office,disabled,password,locked_until,failed_logins"
# refused: a user already there, a bad login, a bad role, an office code not known, no --office
unchanged "twice" 65 "$J" --user boss user add lina --name 李娜 --role counselor --office JL01
unchanged "bad login" 65 "$J" --user boss user add "li!na" --name 李娜 --role counselor --office JL01
unchanged "bad role" 65 "$J" --user boss user add wangf --name 王芳 --role boss --office JL01
unchanged "unknown office" 65 "$J" --user boss user add wangf --name 王芳 --role counselor --office JL09
has "unknown office names the known" "$T/err" "expected one of JL01"
unchanged "no office" 64 "$J" --user boss user add wangf --name 王芳 --role counselor
unchanged "password as an option" 64 "$J" --user boss user add wangf --name 王芳 --role counselor --office JL01 --password=x

# users recorded: the owner's own login is not one, nor is a made-up name
unchanged "owner not a user" 77 "$J" search 王丽
has "whom to ask" "$T/err" "ask a supervisor or administrator of the office to add you: 赵敏 (zhaomin), 王主任 (boss)"
unchanged "unknown name" 77 "$J" --user nobody42 search 王丽
# a password user: reads do not ask, a change does (the first line of stdin)
check "lina reads" 0 "$J" --user lina search 王丽 </dev/null
has "lina found" "$T/out" "王丽"
unchanged "lina writes without a password" 66 "$J" --user lina note add 220102199503070028 --text 回访 </dev/null
before=$(sql_value "SELECT count(*) FROM note")
check "lina writes wrong" 77 sh -c "printf 'wrong-pass\n' | '$J' --user lina note add 220102199503070028 --text 回访"
has "tries left" "$T/err" "wrong password for lina; 4 tries left"
sql_is "nothing written" "SELECT count(*) FROM note" "$before"
sql_is "the failure is recorded though" "SELECT failed_logins FROM app_user WHERE login = 'lina'" 1
check "lina writes right" 0 sh -c "printf 'lina-secret-1\n' | '$J' --user lina note add 220102199503070028 --text 回访"
sql_is "written as lina, no acting_as" "SELECT created_by || ',' || coalesce((SELECT acting_as FROM audit WHERE tbl = 'note' ORDER BY seq DESC LIMIT 1), '-') FROM note ORDER BY created_at DESC LIMIT 1" "lina,-"
sql_is "a good login clears the count" "SELECT failed_logins FROM app_user WHERE login = 'lina'" 0
eq "login ok recorded" "$(events login outcome ok)" 1
# five wrong: locked for 15 minutes, the right password refused while locked
for i in 1 2 3 4; do
	check "wrong $i" 77 sh -c "printf 'wrong-pass\n' | '$J' --user lina note add 220102199503070028 --text x"
done
check "wrong 5 locks" 77 sh -c "printf 'wrong-pass\n' | '$J' --user lina note add 220102199503070028 --text x"
has "locked says" "$T/err" "lina is locked after 5 wrong passwords until"
check "right while locked" 77 sh -c "printf 'lina-secret-1\n' | '$J' --user lina note add 220102199503070028 --text x"
has "still locked" "$T/err" "is locked"
eq "lock recorded" "$(events lockout event lock)" 1
eq "locked login recorded" "$(events login outcome locked)" 1
check "list shows the lock" 0 "$J" --user boss user list
has "locked until" "$T/out" "locked until"
# the admin unlocks and resets
check "unlock" 0 "$J" --user boss user edit lina --unlock
eq "unlock recorded" "$(events lockout event unlock)" 1
check "reset" 0 sh -c "printf 'lina-secret-2\n' | '$J' --user boss user passwd lina"
eq "reset recorded" "$(events lockout event password_reset)" 1
check "old password gone" 77 sh -c "printf 'lina-secret-1\n' | '$J' --user lina note add 220102199503070028 --text x"
# lina changes her own: the old one first, then the new
check "own change" 0 sh -c "printf 'lina-secret-2\nlina-secret-3\n' | '$J' --user lina user passwd"
eq "change recorded" "$(events lockout event password_changed)" 1
# a counselor may not reset another's password; a short one is refused
check "counselor resets another" 77 sh -c "printf 'lina-secret-3\nzhaomin-pass-1\n' | '$J' --user lina user passwd zhaomin"
unchanged "short password" 65 sh -c "printf 'short\n' | '$J' --user boss user passwd zhaomin"
sql_is "no hash in the audit" "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || coalesce(after, ''), 'argon2') OR instr(coalesce(before, '') || coalesce(after, ''), 'password_hash')" 0
# a password removed (it failed before step 17: updated_at was set to the NULL password_set_at)
check "remove a password" 0 "$J" --user boss user passwd zhaomin --remove
sql_is "removed" "SELECT password_hash IS NULL AND password_set_at IS NULL AND typeof(updated_at) = 'integer' FROM app_user WHERE login = 'zhaomin'" 1
eq "removal recorded" "$(events lockout event password_removed)" 1
# edit, disable, never the last admin
check "edit" 0 "$J" --user boss user edit zhaomin --name 赵敏敏 --role 主管
sql_is "edited" "SELECT display_name || ',' || role FROM app_user WHERE login = 'zhaomin'" "赵敏敏,supervisor"
unchanged "last admin" 65 "$J" --user boss user disable boss
has "last admin says" "$T/err" "last administrator"
check "disable" 0 "$J" --user boss user disable zhaomin
unchanged "disabled refused" 77 "$J" --user zhaomin search 王丽
has "disabled says" "$T/err" "zhaomin is disabled"
# the audit names the account's flag, not a person's disability (残疾)
check "disable in the audit" 0 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" --user boss audit --limit 1
has "disable in words" "$T/out" "账号停用: 否 → 是"
lacks "not a disability" "$T/out" "残疾"
# the idle lock
check "idle default" 0 "$J" --user boss user idle-lock
has "15 minutes" "$T/out" "the screen locks after 15 idle minutes"
check "idle set" 0 "$J" --user boss user idle-lock 5
sql_is "idle stored" "SELECT value FROM setting WHERE key = 'idle_lock_minutes'" 5
unchanged "idle out of range" 65 "$J" --user boss user idle-lock 2000
# zh_CN: the refusal in Chinese
check "zh refusal" 77 env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$J" --user nobody42 search 王丽
has "zh whom to ask" "$T/err" "不是"
check "db check" 0 "$J" db check
has "audit rows ok" "$T/out" "rows of the audited tables are as their audit recorded, ok"

# another account (not the owner) may not pick a name, on a file with no users
nobody_runs() { setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$J"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 && ! nobody_runs; then
	echo "SKIP: the stranger account: nobody may not run $J (a folder on its path is closed to others)"
elif [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	chmod 711 "$T"; mkdir -m 777 "$T/s"
	export JOBDESK_DB=$T/s/b.db
	check "init b" 0 "$J" init
	chmod 644 "$JOBDESK_DB"; chmod 777 "$T/s"
	check "stranger picks a name" 77 setpriv --reuid=nobody --regid=nogroup --clear-groups env JOBDESK_USER=boss JOBDESK_DB="$JOBDESK_DB" "$J" search 王丽
	has "stranger told" "$T/err" "only the owner of"
else
	echo "SKIP: the stranger account (needs root, setpriv and nobody)"
fi
finish user
