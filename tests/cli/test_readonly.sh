#!/usr/bin/env bash
# End to end: read-only is readable (issue 13, point 5). A database this account may only read
# (mode 0400), or a WAL database in a folder it may not write (0500: opened as an immutable=1
# URI, and said so), opens read-only for person show, search, export, db check and db backup:
# no WAL pragma, no migration, nothing written; every write is refused (73) with the reason.
# The tests run as root, who may write any file, so jobdesk runs here as nobody (setpriv), in
# folders nobody may enter; without setpriv or a nobody account the test is skipped.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LANG=C.UTF-8
unset LC_ALL LANGUAGE

AS=()
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null || ! id nobody >/dev/null 2>&1; then
		echo "SKIP: running as root without setpriv or a nobody account: root may write any file"
		exit 77
	fi
	AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	# nobody needs to reach the binary, the policies and the catalogue
	if ! "${AS[@]}" test -x "$J"; then
		echo "SKIP: nobody may not run $J"
		exit 77
	fi
fi
chmod 755 "$T"
mkdir -m 777 "$T/o"       # where nobody writes its outputs

export JOBDESK_DB=$T/w/a.db
mkdir -m 755 "$T/w"
check init 0 "$J" init
check add 0 "$J" person add --name 王丽 --id-number 220102199503070028 --phone 13912345678
id=$(cat "$T/out")
check note 0 "$J" note add 220102199503070028 --text 电话回访
chmod 755 "$T/w"
chown -R 0:0 "$T/w" 2>/dev/null

# asnobody NAME STATUS COMMAND...: run as the account that may only read
asnobody() {
	local name=$1 want=$2; shift 2
	# not the owner: nobody acts as itself (only the owner of a file picks a name)
	check "$name" "$want" "${AS[@]}" env -u JOBDESK_USER JOBDESK_DB="$JOBDESK_DB" "$@"
}
# the files' bytes and names before, to hold them to nothing written
snapshot() { (cd "$(dirname "$JOBDESK_DB")" && ls -lA --time-style=+%s.%N && sha256sum ./*) 2>/dev/null; }

# 1. a file this account may only read (0400 would be root's own; 0444 lets nobody read it),
# in a folder it may not write either (so the rollback journal or -wal could not be made)
sqlite3 "$JOBDESK_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f "$JOBDESK_DB-wal" "$JOBDESK_DB-shm"
sqlite3 "$JOBDESK_DB" "PRAGMA journal_mode = DELETE" >/dev/null
chmod 444 "$JOBDESK_DB"
before=$(snapshot)
asnobody show 0 "$J" person show 220102199503070028 --format json
has show "$T/out" '"name":"王丽"'
asnobody search 0 "$J" search 0028
has search "$T/out" "王丽"
asnobody export 0 "$J" export "$T/o/out.csv"
has export "$T/o/out.csv" "220102199503070028"
asnobody check 0 "$J" db check
has check "$T/out" "integrity_check: ok"
asnobody backup 0 "$J" db backup "$T/o/copy.db"
eq backup-copy "$(sqlite3 "$T/o/copy.db" "SELECT name FROM person")" "王丽"
asnobody edit 73 "$J" person edit 220102199503070028 --phone 13812345678
has edit "$T/err" "is open read-only: this account may only read the file; nothing was written"
asnobody add 73 "$J" person add --name 李娜 --id-number 220102199001010025
asnobody note-add 73 "$J" note add 220102199503070028 --text 又一次回访
asnobody close 73 "$J" case close 220102199503070028 --reason employed
printf 'id_number,name\n220102199001010025,李娜\n' >"$T/o/new.csv"
asnobody import 73 "$J" import "$T/o/new.csv"
eq nothing-written "$(snapshot)" "$before"
sql_is journal-kept "PRAGMA journal_mode" "delete"
# under zh_CN the reason is in Chinese
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	asnobody edit-zh 73 env LANG=zh_CN.UTF-8 "$J" person edit 220102199503070028 --phone 13812345678
	has edit-zh "$T/err" "以只读方式打开：本账户对该文件只有读权限；未写入任何内容"
fi

# 2. a WAL database in a folder this account may not write: immutable=1, and said so
chmod 644 "$JOBDESK_DB"
sqlite3 "$JOBDESK_DB" "PRAGMA journal_mode = WAL" >/dev/null
rm -f "$JOBDESK_DB-wal" "$JOBDESK_DB-shm"
chmod 400 "$JOBDESK_DB"
chmod 444 "$JOBDESK_DB"
chmod 555 "$T/w"
before=$(snapshot)
asnobody wal-show 0 "$J" person show 220102199503070028
has wal-show "$T/out" "王丽"
has wal-immutable "$T/err" "opened as immutable"
asnobody wal-search 0 "$J" search wl
has wal-search "$T/out" "王丽"
asnobody wal-check 0 "$J" db check
has wal-check "$T/out" "chain:"
has wal-check-said "$T/err" "opened as immutable"
asnobody wal-edit 73 "$J" person edit 220102199503070028 --phone 13812345678
has wal-edit "$T/err" "is open read-only"
eq wal-nothing-written "$(snapshot)" "$before"
if [ -e "$JOBDESK_DB-wal" ] || [ -e "$JOBDESK_DB-shm" ]; then
	fail=$((fail + 1)); echo "FAIL wal-no-files: a -wal or -shm was made"; else pass=$((pass + 1)); fi

# 3. a read-only database of an older schema is not migrated: refused (73), the file as it was
mkdir -m 755 "$T/old"
sqlite3 "$T/old/o.db" <"$(dirname "$0")/../fixtures/schema5.sql"
chmod 444 "$T/old/o.db"
before=$(cd "$T/old" && sha256sum o.db && ls -A)
check old-schema 73 "${AS[@]}" env JOBDESK_DB="$T/old/o.db" "$J" search 王丽
has old-schema "$T/err" "its schema is version 5 and this jobdesk reads version 19"
has old-schema-init "$T/err" "run jobdesk init once with an account that may write it"
eq old-untouched "$(cd "$T/old" && sha256sum o.db && ls -A)" "$before"

# 4. a file the account may write opens read-write as before (no read-only said)
chmod 777 "$T/w"
chmod 666 "$JOBDESK_DB"
asnobody writable 0 "$J" person edit 220102199503070028 --phone 13812345678
lacks writable "$T/err" "read-only"

finish readonly
