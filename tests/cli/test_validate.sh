#!/usr/bin/env bash
# End to end: tighter validation (issue 13, point 8). An ID number whose first two digits are no
# province or region, a graduation date far in the future, an empty value given to an option, an
# invalid JOBDESK_TODAY and a phone with stray separators are refused (nothing written), not
# turned into "unknown"; db check warns of a database file or -wal readable by others and of a
# folder others may write; the demo makes only valid ID numbers.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LANG=C.UTF-8
unset LC_ALL LANGUAGE

check init 0 "$J" init
chmod 600 "$JOBDESK_DB"
# the first two digits: a province-level code (11-15 ... 61-65) or 81/82/83, each with a correct
# check character
for bad in 990102199503070042 710102199503070040 160102199503070048 840000199503070041; do
	unchanged "region-$bad" 65 "$J" person add --name 张三 --id-number "$bad"
	has "region-$bad" "$T/err" "first two digits ${bad:0:2} are no province or region code"
	has "region-$bad-valid" "$T/err" "11-15, 21-23, 31-37, 41-46, 50-54 or 61-65"
done
check hk-permit 0 "$J" person add --name 陈大文 --id-number 810000199503070046
check tw-permit 0 "$J" person add --name 林小明 --id-number 83000019950307004X
check jilin 0 "$J" person add --name 王丽 --id-number 220102199503070028

# a graduation date at most 8 years from today (2026-03-01)
unchanged graduation-far 65 "$J" person add --name 李四 --id-number 220102199503070044 \
    --graduation-date 2030-07-01
has graduation-far "$T/err" "more than 8 years from today (2026-03-01)"
check graduation-student 0 "$J" person add --name 李四 --id-number 220102199503070044 \
    --graduation-date 2022-07-01

# empty values: refused, whatever the option; person edit clears a field with "" as documented
unchanged empty-phone 65 "$J" person add --name 赵五 --id-number 220102199503070060 --phone ""
has empty-phone "$T/err" "--phone was given an empty value"
unchanged empty-eq 65 "$J" person add --name 赵五 --id-number 220102199503070060 --hukou-type=
has empty-eq "$T/err" "--hukou-type was given an empty value"
unchanged blank-phone 65 "$J" person add --name 赵五 --id-number 220102199503070060 --phone "   "
has blank-phone "$T/err" "is only spaces"
unchanged empty-followup 65 "$J" note add 220102199503070028 --text 回访 --followup ""
has empty-followup "$T/err" "--followup was given an empty value"
unchanged empty-close-note 65 "$J" case close 220102199503070028 --reason employed --note ""
unchanged empty-key 65 "$J" person show ""
has empty-key "$T/err" "argument 2 is empty"
check empty-db 65 "$J" --db "" person show 220102199503070028
has empty-db "$T/err" "--db was given an empty value"
check edit-phone 0 "$J" person edit 220102199503070028 --phone 13912345678
check edit-clear 0 "$J" person edit 220102199503070028 --phone ""
sql_is edit-cleared "SELECT phone IS NULL FROM person WHERE id_number = '220102199503070028'" 1
unchanged edit-blank 65 "$J" person edit 220102199503070028 --phone " "

# JOBDESK_TODAY that is no date: refused before anything runs
check today-bad 64 env JOBDESK_TODAY=2018-02-30 "$J" person show 220102199503070028
has today-bad "$T/err" "JOBDESK_TODAY is '2018-02-30', not a date"
check today-word 64 env JOBDESK_TODAY=yesterday "$J" search 王丽

# a phone with stray separators
for phone in "139--1234-5678" "-13912345678" "13912345678-" "139 -1234 5678" "+86--13912345678"; do
	unchanged "phone-$phone" 65 "$J" person edit 220102199503070028 --phone "$phone"
	has "phone-$phone" "$T/err" "has a space or dash out of place"
done
for phone in "139 1234 5678" "139-1234-5678" "+86 139 1234 5678" "+86-13912345678"; do
	check "phone-ok-$phone" 0 "$J" person edit 220102199503070028 --phone "$phone"
done
sql_is phone-stored "SELECT phone FROM person WHERE id_number = '220102199503070028'" 13912345678

# db check: a database file or -wal readable by others, a folder others may write
check check-private 0 "$J" db check
lacks check-private "$T/out" "warning:"
chmod 644 "$JOBDESK_DB"
check check-readable 0 "$J" db check
has check-readable "$T/out" "warning: $JOBDESK_DB may be read by every account (mode 0644)"
has check-readable-fix "$T/out" "chmod 600 $JOBDESK_DB"
chmod 640 "$JOBDESK_DB"
check check-group 0 "$J" db check
has check-group "$T/out" "may be read by its group (mode 0640)"
chmod 600 "$JOBDESK_DB"
[ -e "$JOBDESK_DB-wal" ] || sqlite3 "$JOBDESK_DB" "PRAGMA journal_mode" >/dev/null
if [ -e "$JOBDESK_DB-wal" ]; then
	chmod 604 "$JOBDESK_DB-wal"
	check check-wal 0 "$J" db check
	has check-wal "$T/out" "warning: $JOBDESK_DB-wal may be read by every account"
	chmod 600 "$JOBDESK_DB-wal"
fi
mkdir -m 777 "$T/open" && cp "$JOBDESK_DB" "$T/open/b.db" && chmod 600 "$T/open/b.db"
check check-folder 0 env JOBDESK_DB="$T/open/b.db" "$J" db check
has check-folder "$T/out" "warning: the folder $T/open may be written by every account (mode 0777)"
chmod 1777 "$T/open"
check check-sticky 0 env JOBDESK_DB="$T/open/b.db" "$J" db check
lacks check-sticky "$T/out" "warning: the folder"
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	chmod 644 "$JOBDESK_DB"
	check check-zh 0 env LANG=zh_CN.UTF-8 "$J" db check
	has check-zh "$T/out" "警告：$JOBDESK_DB 可被所有账户读取（权限 0644）"
	chmod 600 "$JOBDESK_DB"
	check today-zh 64 env LANG=zh_CN.UTF-8 JOBDESK_TODAY=2018-02-30 "$J" search 王丽
	has today-zh "$T/err" "不是日期"
	check region-zh 65 env LANG=zh_CN.UTF-8 "$J" person add --name 张三 --id-number 990102199503070042
	has region-zh "$T/err" "前两位 99 不是行政区划代码中的省级代码"
fi

# the demo makes only valid ID numbers: its export imports into a new database, every row checked
check demo 0 env JOBDESK_DB="$T/demo.db" "$J" demo --persons 400 --seed 3
check demo-export 0 env JOBDESK_DB="$T/demo.db" "$J" export "$T/demo.csv"
check demo-new 0 env JOBDESK_DB="$T/fresh.db" "$J" init
check demo-ids-valid 0 env JOBDESK_DB="$T/fresh.db" "$J" import --dry-run "$T/demo.csv"
eq demo-regions "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM person WHERE CAST(substr(id_number, 1, 2) AS INTEGER) NOT BETWEEN 11 AND 15 AND CAST(substr(id_number, 1, 2) AS INTEGER) NOT BETWEEN 21 AND 23 AND CAST(substr(id_number, 1, 2) AS INTEGER) NOT BETWEEN 31 AND 37 AND CAST(substr(id_number, 1, 2) AS INTEGER) NOT BETWEEN 41 AND 46 AND CAST(substr(id_number, 1, 2) AS INTEGER) NOT BETWEEN 50 AND 54 AND CAST(substr(id_number, 1, 2) AS INTEGER) NOT BETWEEN 61 AND 65")" 0

finish validate
