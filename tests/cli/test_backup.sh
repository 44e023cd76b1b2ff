#!/usr/bin/env bash
# End to end: db backup (generations in DB.backups/), db backup --to-usb (the encrypted copy, the
# passphrase from stdin and from the terminal with echo off), db restore (plain and encrypted,
# refusals), and the start-up check that names the newest generation and the exact command.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester
B=$T/a.db.backups
PASS='吉林 春天 2018 passphrase'

check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --phone 13912345678
check generation 0 "$J" db backup
gen1=$(ls "$B"/2018-03-01_*.db)
has generation "$T/out" "$gen1 (checked)"
eq generation-mode "$(stat -c %a "$gen1")" 600
eq folder-mode "$(stat -c %a "$B")" 700
eq generation-persons "$(sqlite3 "$gen1" "SELECT name FROM person")" 王丽
check backup-file 0 "$J" db backup "$T/copy.db"
check usage-two 64 "$J" db backup a b
check usage-usb 64 "$J" db backup --to-usb
check usage-restore 64 "$J" db restore
check usage-restore-opt 64 "$J" db restore --force

# the encrypted copy: the passphrase from stdin's first line; refused when short or missing
mkdir "$T/usb"
check usb-short 65 "$J" db backup --to-usb "$T/usb" <<<"short"
check usb-none 64 "$J" db backup --to-usb "$T/usb" </dev/null
check usb-nodir 73 "$J" db backup --to-usb "$T/nowhere" <<<"$PASS"
eq usb-nothing "$(ls "$T/usb" | wc -l)" 0
check usb 0 "$J" db backup --to-usb "$T/usb" <<<"$PASS"
enc=$(ls "$T/usb"/jobdesk-000000-2018-03-01_*.jdbackup)
has usb "$T/out" "$enc (read back and checked)"
eq usb-mode "$(stat -c %a "$enc")" 600
eq usb-magic "$(head -c 8 "$enc")" JDBACKUP
if grep -qa 220102199503070028 "$enc" || grep -qa "SQLite format" "$enc"; then
	fail=$((fail + 1)); echo "FAIL usb: the copy is readable"; else pass=$((pass + 1)); fi

# restore the encrypted copy over a later change; wrong passphrase and a changed byte refused
check add2 0 "$J" person add --name 赵敏 --id-number 11010519491231002X
check restore-wrong 65 "$J" db restore "$enc" <<<"not the passphrase at all"
has restore-wrong "$T/err" "passphrase"
sql_is restore-wrong-unchanged "SELECT count(*) FROM person" 2
cp "$enc" "$T/changed.jdbackup"
printf 'x' | dd of="$T/changed.jdbackup" bs=1 seek=2000 conv=notrunc status=none
check restore-changed 65 "$J" db restore "$T/changed.jdbackup" <<<"$PASS"
has restore-changed "$T/err" "changed"
sql_is restore-changed-unchanged "SELECT count(*) FROM person" 2
check restore-enc 0 "$J" db restore "$enc" <<<"$PASS"
has restore-enc "$T/out" "1 persons"
has restore-enc "$T/out" "before-restore_2018-03-01_"
has restore-enc "$T/out" "sync epoch 1"
sql_is restore-enc-persons "SELECT count(*) FROM person" 1
sql_is restore-epoch "SELECT value FROM setting WHERE key = 'sync_epoch'" 1
kept=$(ls "$B"/before-restore_*.db)
eq restore-kept "$(sqlite3 "$kept" "SELECT count(*) FROM person")" 2
check restore-check 0 "$J" db check
check restore-missing 66 "$J" db restore "$T/none.db"
echo "not a database" >"$T/notdb.txt"
check restore-notdb 65 "$J" db restore "$T/notdb.txt"

# the start-up check: garbage over the header; every command refuses, naming the newest
# generation and the exact command, which then works
check gen2 0 "$J" db backup
newest=$(ls "$B"/2018-03-01_*.db | sort | tail -1)
printf 'garbage garbage garbage garbage' | dd of="$T/a.db" conv=notrunc status=none
check damaged 65 "$J" person list
has damaged "$T/err" "start-up check"
has damaged "$T/err" "jobdesk --db $T/a.db db restore $newest"
LANG=zh_CN.UTF-8 check damaged-zh 65 "$J" person show 220102199503070028
has damaged-zh "$T/err" "启动检查"
has damaged-zh "$T/err" "db restore $newest"
lacks damaged-zh "$T/err" "restore its newest"
check damaged-restore 0 "$J" --db "$T/a.db" db restore "$newest"
has damaged-restore "$T/out" "damaged_2018-03-01_"
check damaged-after 0 "$J" person show 220102199503070028
sql_is damaged-epoch "SELECT value FROM setting WHERE key = 'sync_epoch'" 2
# removed: the same
rm -f "$T/a.db" "$T/a.db-wal" "$T/a.db-shm"
check removed 66 "$J" person list
has removed "$T/err" "db restore $newest"
check removed-restore 0 "$J" db restore "$newest"
sql_is removed-epoch "SELECT value FROM setting WHERE key = 'sync_epoch'" 3

# the passphrase from the terminal: asked twice, never echoed
python3 - "$J" "$T/usb" "$PASS" >"$T/tty.out" 2>&1 <<'EOF'
import os, pty, select, sys, time
j, usb, pw = sys.argv[1], sys.argv[2], sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.execv(j, [j, 'db', 'backup', '--to-usb', usb])
seen = b''
def until(text, timeout=30):
    global seen
    end = time.time() + timeout
    while text not in seen and time.time() < end:
        if not select.select([fd], [], [], max(0, end - time.time()))[0]:
            break
        try:
            seen += os.read(fd, 4096)
        except OSError:
            break
    return text in seen
ok = until(b'Passphrase: ')
os.write(fd, pw.encode() + b'\n')
ok = ok and until(b'again: ')
os.write(fd, pw.encode() + b'\n')
if not until(b'checked); keep', 60):
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print('asked-twice' if ok else 'not-asked')
print('echoed' if pw.encode() in seen else 'not-echoed')
print('status', os.waitstatus_to_exitcode(status))
EOF
has tty-asked "$T/tty.out" "asked-twice"
has tty-echo "$T/tty.out" "not-echoed"
has tty-status "$T/tty.out" "status 0"
eq tty-copies "$(ls "$T/usb"/*.jdbackup | wc -l)" 2

# roles (issue 15): once users are recorded, a counselor neither backs up nor restores, a
# supervisor backs up but does not restore, an administrator does both; the day's own
# generation is the office's, whoever's session it was (core/backup.c backup_daily)
export JOBDESK_DB=$T/roles.db
check roles-init 0 "$J" init
check roles-admin 0 "$J" user add boss --name 王主任 --role admin --office 220102
check roles-sup 0 "$J" --user boss user add zhaomin --name 赵敏 --role supervisor --office 220102
check roles-cou 0 "$J" --user boss user add wang --name 王芳 --role counselor --office 220102
check roles-cou-backup 77 "$J" --user wang db backup
has roles-cou-backup-says "$T/err" "ask"
check roles-sup-backup 0 "$J" --user zhaomin db backup
gen=$(ls "$T/roles.db.backups"/*.db | head -1)
check roles-sup-restore 77 "$J" --user zhaomin db restore "$gen"
check roles-cou-restore 77 "$J" --user wang db restore "$gen"
check roles-admin-restore 0 "$J" --user boss db restore "$gen"
has roles-admin-restored "$T/out" "restored from"

finish backup
