#!/usr/bin/env bash
# End to end, as root: a county server (issue 15, jobdesk(1) SERVER SET-UP). tools/jobdesk-server-
# setup makes a group, the data folder (2770) and a set-group-id jobdesk under ROOT; two system
# accounts (made here, removed at the end) both use jobdesk, and neither can read the database, its
# -wal or -shm with sqlite3 or cat, even the account that owns the -wal; --db, --policies, --user
# and JOBDESK_DB/POLICIES/USER/TODAY/LOCALEDIR are ignored; a file the person names is read and
# written as the person (export, backup, CSV, facts); a broken configuration exits 78.
# Arguments: the server jobdesk (built to read ROOT/etc/jobdesk.conf), the ordinary jobdesk, ROOT,
# the set-up script, the policy folder, the build's catalogue folder.
set -u
S=$1 J=$2 ROOT=$3 SETUP=$4 POLICIES=$5
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP server: needs root (it makes system accounts and a set-group-id program); CI runs it as root"
	exit 77
fi
case $ROOT in */server-root) ;; *) echo "FAIL server: $ROOT is not a server-root folder"; exit 1 ;; esac
mkdir -p "$(dirname "$ROOT")"
case ,$(findmnt -n -o OPTIONS -T "$(dirname "$ROOT")"), in
*,nosuid,*)
	echo "SKIP server: $(dirname "$ROOT") is on a file system mounted nosuid, where no program runs" \
	    "set-group-id; run it where the build folder allows set-id programs (a Debian 12 VM as root)"
	exit 77 ;;
esac
for tool in useradd userdel groupdel runuser tmux sqlite3 msgfmt; do
	command -v "$tool" >/dev/null || { echo "SKIP server: no $tool here"; exit 77; }
done

G=jdsrvt A=jdsrvta B=jdsrvtb
TAG="jobdesk test_server.sh"
TM="tmux -L jdsrvt-$$"
# gone USER: wait (up to 10 s) until the account runs nothing (the screen ends on tmux's hangup)
gone() {
	for _ in $(seq 100); do pgrep -u "$1" >/dev/null || return 0; sleep 0.1; done
	return 1
}
# cleanup: the accounts, the group, the tmux server and ROOT, whatever happened
cleanup() {
	$TM kill-server 2>/dev/null
	for u in $A $B; do
		if getent passwd "$u" >/dev/null; then gone "$u" || { pgrep -u "$u" | xargs -r kill; gone "$u"; }; userdel "$u" ||
			echo "FAIL cleanup: userdel $u; remove the account by hand"; fi
	done
	getent group $G >/dev/null && groupdel $G
	rm -rf "$ROOT" "$T"
}
# accounts a killed run left (and only those: named by TAG) are removed first
for u in $A $B; do
	if getent passwd "$u" >/dev/null; then
		if [ "$(getent passwd "$u" | cut -d: -f5)" = "$TAG" ]; then userdel "$u"; else
			echo "SKIP server: an account $u is there already, not this test's"; exit 77; fi
	fi
done
if getent group $G >/dev/null; then
	if [ -z "$(getent group $G | cut -d: -f4)" ]; then groupdel $G; else
		echo "SKIP server: a group $G with members is there already"; exit 77; fi
fi
trap cleanup EXIT
rm -rf "$ROOT"
mkdir -p "$ROOT/home" "$ROOT/pub" "$ROOT/usr/share/jobdesk"
chmod 755 "$ROOT" "$ROOT/home" "$ROOT/pub"
cp -r "$POLICIES" "$ROOT/usr/share/jobdesk/policies"
chmod -R a+rX "$ROOT/usr"
for u in $A $B; do
	useradd -U -M -d "$ROOT/home/$u" -s /bin/sh -c "$TAG" "$u" || { echo "FAIL useradd $u"; exit 1; }
	install -d -o "$u" -g "$u" -m 700 "$ROOT/home/$u"
done
HA=$ROOT/home/$A HB=$ROOT/home/$B

# as USER [VAR=VALUE ...] COMMAND...: run it as the account, in a clean environment plus the
# variables given (LeakSanitizer cannot trace a set-id process, so it is off)
as() {
	local u=$1; shift
	runuser -u "$u" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	    ASAN_OPTIONS=detect_leaks=0 HOME="$ROOT/home/$u" "$@"
}
# denied NAME COMMAND...: the command fails (status not 0)
denied() {
	local name=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then fail=$((fail + 1)); echo "FAIL $name: it worked"; cat "$T/out"
	else pass=$((pass + 1)); fi
}
# mode_of FILE: owner:group mode
mode_of() {
	stat -c '%U:%G %a' "$1"
}
if ! as $A test -x "$ROOT/home"; then
	echo "SKIP server: $ROOT cannot be reached by other accounts (a folder above it is not" \
	    "searchable by them: umask 077 when the build folder was made?)"
	exit 77
fi

# --- set-up: refused when not root; as root it makes the group, the folder, the program ---
check setup-not-root 77 as $A sh "$SETUP" --root "$ROOT" --prefix /usr --group $G
has setup-not-root "$T/err" "run it as root"
eq setup-not-root-nothing "$(getent group $G >/dev/null && echo made)" ""
check setup 0 "$SETUP" --root "$ROOT" --prefix /usr --group $G --binary "$S" --admin $A \
    --name 甲管理员 --office 220102
has setup-admin "$T/out" "$A is the administrator"
bin=$ROOT/usr/bin/jobdesk data=$ROOT/var/lib/jobdesk db=$ROOT/var/lib/jobdesk/jobdesk.db
# the administrator adds the other account as a counselor of the office (issue 15: the
# account is the identity; a name given with --user is not read)
check admin-adds-b 0 as $A "$bin" user add $B --name 乙 --role counselor --office 220102
check root-acts-as-itself 0 "$bin" search 王
eq setup-binary "$(mode_of "$bin")" "root:$G 2755"
eq setup-data "$(mode_of "$data")" "root:$G 2770"
eq setup-db "$(mode_of "$db")" "root:$G 660"
# the office's own policy set beside the database, the group's as the database is
eq setup-policies "$(mode_of "$db.policies")" "root:$G 770"
eq setup-policies-file "$(mode_of "$db.policies/groups.yaml")" "root:$G 660"
eq setup-conf "$(mode_of "$ROOT/etc/jobdesk.conf")" "root:root 644"
# the office's own set is the one read (a county's bundle replaces it), not the configuration's
check policies-in-use 0 as $A "$bin" policy check
has policies-in-use "$T/out" "policies in use: $db.policies (the office's own set)"
has setup-conf "$ROOT/etc/jobdesk.conf" "database = $db"
JOBDESK_DB=$db sql_is setup-schema "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'person'" 1

# --- both accounts use jobdesk ---
check a-add 0 as $A "$bin" person add --name 王丽 --id-number 220102199503070028 --phone 13912345678
check b-add 0 as $B "$bin" person add --name 李娜 --id-number 220102199503070044
check b-search 0 as $B "$bin" search 王丽
has b-search "$T/out" "王丽"
check a-search 0 as $A "$bin" search 李娜
has a-search "$T/out" "李娜"
check b-show 0 as $B "$bin" person show 220102199503070028
has b-show "$T/out" "13912345678"
export JOBDESK_DB=$db
sql_is who-a "SELECT actor FROM audit WHERE row_key IN (SELECT id FROM person WHERE
    id_number = '220102199503070028') ORDER BY seq LIMIT 1" $A
sql_is who-b "SELECT actor FROM audit WHERE row_key IN (SELECT id FROM person WHERE
    id_number = '220102199503070044') ORDER BY seq LIMIT 1" $B
unset JOBDESK_DB

# --- neither reads the files outside jobdesk, even the -wal an account made while its screen is
# open (B's screen creates the -wal and -shm: B owns them; the folder keeps B out) ---
$TM -f /dev/null new-session -d -x 80 -y 24 "runuser -u $B -- env -i TERM=screen LANG=C.UTF-8 \
    ASAN_OPTIONS=detect_leaks=0 $bin"
for _ in $(seq 100); do [ -e "$db-wal" ] && [ -e "$db-shm" ] && break; sleep 0.1; done
eq wal-by-screen "$(mode_of "$db-wal")" "$B:$G 660"
eq shm-by-screen "$(mode_of "$db-shm")" "$B:$G 660"
for u in $A $B; do
	denied "$u-sqlite3" as $u sqlite3 "$db" "SELECT count(*) FROM person"
	for f in "$db" "$db-wal" "$db-shm"; do
		denied "$u-cat-${f##*.}" as $u cat "$f"
	done
	denied "$u-ls" as $u ls "$data"
done
# while B's screen holds the database, A writes into the -wal B owns
check a-add-beside-screen 0 as $A "$bin" person add --name 张伟 --id-number 220104198805120033
check b-search-beside-screen 0 as $B "$bin" search 张伟
has b-search-beside-screen "$T/out" "张伟"
# leave the screen (q q); a screen whose terminal went away spins instead of ending (tui, left
# alone here), so the test ends its own screen by its process id if it has not gone
$TM send-keys q; sleep 0.3; $TM send-keys q
gone $B || { pgrep -u $B | xargs -r kill; gone $B; }
$TM kill-server 2>/dev/null

# --- what the caller says is ignored: --db, --policies, --user, JOBDESK_* ---
check db-option 0 as $A "$bin" --db "$HA/mine.db" person add --name 赵敏 --id-number 220102199503070036
has db-option "$T/err" "--db is ignored"
eq db-option-not-made "$(ls "$HA")" ""
check db-env 0 as $A JOBDESK_DB="$HA/mine.db" "$bin" person add --name 钱军 \
    --id-number 220102199503070060
eq db-env-not-made "$(ls "$HA")" ""
JOBDESK_DB=$db sql_is db-both-in-server "SELECT count(*) FROM person" 5
check policies-option 0 as $A "$bin" --policies /nonexistent policy list
has policies-option "$T/err" "--policies is ignored"
check policies-env 0 as $A JOBDESK_POLICIES=/nonexistent "$bin" policy list
check user-option 0 as $A "$bin" --user mallory person edit 220102199503070028 --phone 13912345679
has user-option "$T/err" "--user is ignored"
check user-env 0 as $A JOBDESK_USER=mallory "$bin" person edit 220102199503070028 --phone 13912345670
JOBDESK_DB=$db sql_is user-not-chosen "SELECT count(*) FROM audit WHERE actor = 'mallory'" 0
JOBDESK_DB=$db sql_is user-is-account "SELECT actor FROM audit ORDER BY seq DESC LIMIT 1" $A
# JOBDESK_TODAY: not a date is an error for the ordinary jobdesk, and ignored here; a date does
# not back-date (a follow-up "after" 2010's today is in the past on the real one)
check today-ordinary 64 env -i JOBDESK_TODAY=garbage "$J" --db "$T/x.db" search 王丽
check today-ignored 0 as $A JOBDESK_TODAY=garbage "$bin" search 王丽
check today-no-backdating 65 as $A JOBDESK_TODAY=2010-01-01 "$bin" note add 220102199503070028 \
    --text 回访 --followup 2011-01-01
# JOBDESK_LOCALEDIR: a catalogue of the caller's is never loaded (its translations are formats)
mkdir -p "$T/loc/zh_CN/LC_MESSAGES"
cat >"$T/loc.po" <<'EOF'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid "English"
msgstr "中文"

msgid "jobdesk: '%s' is not a command\n"
msgstr "PWNED %s\n"
EOF
msgfmt -o "$T/loc/zh_CN/LC_MESSAGES/jobdesk.mo" "$T/loc.po"
cp -r "$T/loc" "$HA/loc" && chown -R $A:$A "$HA/loc"
check localedir-ordinary 64 env -i LANG=zh_CN.UTF-8 JOBDESK_LOCALEDIR="$T/loc" "$J" bogus
has localedir-ordinary "$T/err" "PWNED"
check localedir-ignored 64 as $A LANG=zh_CN.UTF-8 JOBDESK_LOCALEDIR="$HA/loc" "$bin" bogus
lacks localedir-ignored "$T/err" "PWNED"
rm -rf "$HA/loc"
# descriptors 0-2: a closed stdin is not where the database lands
check stdin-closed 0 as $A "$bin" search 王丽 <&-

# --- files the person names are the person's: written and read as the person ---
check export 0 as $A "$bin" export "$HA/out.csv"
eq export-owner "$(mode_of "$HA/out.csv")" "$A:$A 600"
has export-rows "$HA/out.csv" "220102199503070044"
install -d -o root -g $G -m 2770 "$ROOT/grp"
check export-group-folder 73 as $A "$bin" export "$ROOT/grp/out.csv"
eq export-group-folder-empty "$(ls -A "$ROOT/grp")" ""
check export-data-folder 73 as $A "$bin" export "$data/out.csv"
eq export-data-folder-clean "$(ls -A "$data" | grep -c out)" 0
check backup 0 as $A "$bin" db backup "$HA/copy.db"
eq backup-owner "$(mode_of "$HA/copy.db")" "$A:$A 600"
check backup-readable 0 as $A sqlite3 "$HA/copy.db" "SELECT count(*) FROM person"
check backup-group-folder 73 as $A "$bin" db backup "$ROOT/grp/copy.db"
eq backup-group-folder-empty "$(ls -A "$ROOT/grp")" ""
# generations in the data directory's DB.backups/: one counselor's jobdesk makes the folder, the
# others' back up, prune and restore there too (the group's, as the database)
check generation-a 0 as $A "$bin" db backup
check b-supervises 0 as $A "$bin" user edit $B --role supervisor
check generation-b 0 as $B "$bin" db backup
eq backups-folder-mode "$(( $(stat -c 0%a "$db.backups") & 0777 ))" 504
eq generations-group "$(stat -c '%a' "$db.backups"/*.db | sort -u | tr '\n' ' ')" "660 "
lacks generations-b-says "$T/err" "cannot"
genb=$(ls -t "$db.backups"/*.db | head -1)
check restore-from-b 0 as $A "$bin" db restore "$genb"
check b-counsels 0 as $A "$bin" user edit $B --role counselor
printf 'name,id_number\n孙丽,220102199503070052\n' >"$HA/in.csv"
chown $A:$A "$HA/in.csv" && chmod 600 "$HA/in.csv"
check import-own 0 as $A "$bin" import "$HA/in.csv"
cp "$HA/in.csv" "$ROOT/pub/group.csv" && chown root:$G "$ROOT/pub/group.csv" && chmod 640 "$ROOT/pub/group.csv"
check import-group-file 66 as $A "$bin" import "$ROOT/pub/group.csv"
has import-group-file "$T/err" "Permission denied"
# SQLite's temporary files would be the person's (their uid, in /var/tmp): set-group-id, an
# import large enough to spill its stage keeps it in memory. Root watches the import's open files.
python3 - "$HA/big.csv" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
given = "伟丽娜芳敏静强磊洋艳军杰勇涛明超秀霞平刚"
with open(sys.argv[1], "w") as out:
	out.write("name,id_number\n")
	for i in range(30000):
		s = "220103%04d%02d%02d%03d" % (1960 + i // 3000, 1 + i // 250 % 12, 1 + i // 10 % 25, i % 10 * 2 + 100)
		c = "10X98765432"[sum(int(a) * b for a, b in zip(s, w)) % 11]
		out.write("孙%s%s,%s%s\n" % (given[i % 20], given[i // 20 % 20], s, c))
PY
chown $A:$A "$HA/big.csv"
as $A "$bin" import "$HA/big.csv" >"$T/big.out" 2>&1 &
big=$!
: >"$T/temps"
while kill -0 $big 2>/dev/null; do
	for p in $(pgrep -u $A -x jobdesk); do ls -l /proc/$p/fd 2>/dev/null | grep etilqs >>"$T/temps"; done
	sleep 0.05
done
wait $big
eq import-big "$?" 0
has import-big-count "$T/big.out" "imported 30000 persons"
eq import-no-temp-file "$(sort -u "$T/temps")" ""
as $A "$bin" person facts 220102199503070028 >"$T/facts.yaml"
cp "$T/facts.yaml" "$HA/facts.yaml" && chown $A:$A "$HA/facts.yaml"
check facts-own 0 as $A "$bin" policy eval --facts "$HA/facts.yaml"
cp "$T/facts.yaml" "$ROOT/pub/facts.yaml" && chown root:$G "$ROOT/pub/facts.yaml" && chmod 640 "$ROOT/pub/facts.yaml"
check facts-group-file 66 as $A "$bin" policy eval --facts "$ROOT/pub/facts.yaml"
has facts-group-file "$T/err" "Permission denied"
check db-check 0 as $B "$bin" db check
lacks db-check-no-warning "$T/out" "warning"

# --- the set-up again changes nothing; the configuration is strict ---
before=$(JOBDESK_DB=$db sql_value "SELECT count(*) FROM audit")
check setup-again 0 "$SETUP" --root "$ROOT" --prefix /usr --group $G --binary "$S"
has setup-again "$T/out" "kept as it is"
eq setup-again-binary "$(mode_of "$bin")" "root:$G 2755"
eq setup-again-data "$(mode_of "$data")" "root:$G 2770"
eq setup-again-db "$(mode_of "$db")" "root:$G 660"
eq setup-again-audit "$(JOBDESK_DB=$db sql_value "SELECT count(*) FROM audit")" "$before"
conf=$ROOT/etc/jobdesk.conf
cp "$conf" "$T/conf.good"
echo "colour = blue" >>"$conf"
check conf-unknown 78 as $A "$bin" search 王丽
has conf-unknown "$T/err" "jobdesk.conf:5: 'colour' is not a setting; expected database or policies"
cp "$T/conf.good" "$conf" && echo "database = $db" >>"$conf"
check conf-twice 78 as $A "$bin" search 王丽
has conf-twice "$T/err" "jobdesk.conf:5: database is set twice (first on line 3)"
cp "$T/conf.good" "$conf" && chmod 666 "$conf"
check conf-writable 78 as $A "$bin" search 王丽
has conf-writable "$T/err" "others may change it"
rm -f "$conf"
check conf-missing 78 as $A "$bin" search 王丽
has conf-missing "$T/err" "no configuration file"
cp "$T/conf.good" "$conf" && chmod 644 "$conf"
check conf-restored 0 as $A "$bin" search 王丽

# --- identity (issue 15's users, with the identity work): `user add` lines go here ---

finish server
