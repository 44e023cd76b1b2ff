#!/usr/bin/env bash
# End to end: notes and their follow-ups on the command line: note add prints the id, done /
# move / cancel clear or move the follow-up, the person's next follow-up is the earliest open
# one, and dates in the past or notes without an open follow-up are refused with the reason.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE

# next NAME DATE: the person's next follow-up is DATE ("-" for none).
next() {
	"$J" person show 220102199503070028 --format json >"$T/show" 2>&1
	if [ "$2" = "-" ]; then has "$1" "$T/show" '"next_followup":null'
	else has "$1" "$T/show" "\"next_followup\":\"$2\""; fi
}

check init 0 "$J" init
check add-person 0 "$J" person add --name 王丽 --id-number 220102199503070028
check add-past 65 "$J" note add 220102199503070028 --text 电话回访 --followup 2018-02-28
has add-past "$T/err" "2018-02-28 is in the past (today is 2018-03-01)"
check add-bad-date 65 "$J" note add 220102199503070028 --text 电话回访 --followup 2018-02-30
has add-bad-date "$T/err" "expected YYYY-MM-DD"
check add-no-text 64 "$J" note add 220102199503070028
check add-nobody 65 "$J" note add 110105194912310021 --text x --followup 2018-03-05
next nothing-yet -
check add-late 0 "$J" note add 220102199503070028 --text 电话回访 --followup 2018-03-20
late=$(cat "$T/out")
check add-early 0 "$J" note add 220102199503070028 --text 约定面试 --followup 2018-03-05
early=$(cat "$T/out")
check add-plain 0 "$J" note add 220102199503070028 --text 来访咨询
plain=$(cat "$T/out")
[ -n "$late" ] && [ -n "$early" ] && [ "$late" != "$early" ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "FAIL note add printed no id"; }
next earliest 2018-03-05
check done 0 "$J" note done "$early"
next after-done 2018-03-20
check done-again 65 "$J" note done "$early"
has done-again "$T/err" "was done on 2018-03-01"
check done-plain 65 "$J" note done "$plain"
has done-plain "$T/err" "has no follow-up date"
check done-nothing 65 "$J" note done no-such-note
check move-past 65 "$J" note move "$late" --to 2018-01-01
has move-past "$T/err" "is in the past"
next move-past-kept 2018-03-20
check move-no-to 64 "$J" note move "$late"
check move 0 "$J" note move "$late" --to 2018-03-02
next after-move 2018-03-02
check cancel 0 "$J" note cancel "$late"
next after-cancel -
check cancel-again 65 "$J" note cancel "$late"
has cancel-again "$T/err" "was cancelled on 2018-03-01"
check bad-sub 64 "$J" note frob
check done-option 64 "$J" note done "$late" --to 2018-03-09

# Chinese: the reason in Chinese, no English left
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	LC_ALL= LANG=zh_CN.UTF-8 "$J" note add 220102199503070028 --text 回访 --followup 2018-02-01 \
	    2>"$T/err"
	has zh-past "$T/err" "已经过去"
	if grep -q "in the past" "$T/err"; then fail=$((fail + 1)); echo "FAIL zh-past: English"; fi
fi

finish note
