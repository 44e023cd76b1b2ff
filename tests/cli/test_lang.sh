#!/usr/bin/env bash
# End to end: one language per run. Under zh_CN every message, the core's and the policies' too, is
# Chinese; under C English; under a Chinese locale the catalogue does not serve (zh_TW) every command
# answers in English, the C library's messages and the policy page too.
set -u
J=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FACTS=$(cd "$(dirname "$0")/../policy/fixtures/facts" && pwd)/good.yaml
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester
unset LC_ALL LC_MESSAGES LANGUAGE
pass=0 fail=0

if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	echo "SKIP: no zh_CN.UTF-8 locale (./dev test makes it)"
	exit 77
fi

# run ENV... -- COMMAND...: run with the environment given, output in $T/out and $T/err.
run() {
	local envs=()
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" "$@" >"$T/out" 2>"$T/err"
	status=$?
}
# want NAME STATUS: the last run's exit status.
want() {
	if [ "$status" = "$2" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: status $status, want $2"; cat "$T/err"; fi
}
# has NAME FILE TEXT: the file contains the text.
has() {
	if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: '$3' not in:"; cat "$2"; fi
}
# lacks NAME FILE TEXT: the file does not contain the text.
lacks() {
	if ! grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: '$3' in:"; cat "$2"; fi
}
# chinese NAME FILE: Chinese, with no English word but the command's own (names, options) and paths.
chinese() {
	local words
	words=$(sed -E 's#[A-Za-z0-9_.-]*/[A-Za-z0-9_./-]*##g; s#--[a-z-]+##g' "$2" | grep -oE '[A-Za-z]{2,}' |
	    grep -vxE 'jobdesk|person|show|add|list|init|import|search|id|number|format|table|csv|json|xml' ||
	    true)
	if [ -z "$words" ] && grep -qP '\p{Han}' "$2"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: not all Chinese:"; cat "$2"; fi
}

run LANG=C.UTF-8 -- "$J" init
run LANG=C.UTF-8 -- "$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural

zh=(LANG=zh_CN.UTF-8)
run "${zh[@]}" -- "$J" --db /nonexistent/x.db person show 1
want zh-no-db 66
has zh-no-db "$T/err" "没有这个数据库"
chinese zh-no-db "$T/err"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 220102199503070027
want zh-bad-id 65
has zh-bad-id "$T/err" "校验码"
chinese zh-bad-id "$T/err"
run "${zh[@]}" -- "$J" person list --format xml
want zh-bad-format 64
chinese zh-bad-format "$T/err"
run "${zh[@]}" -- "$J" search 12
want zh-search-short 64
has zh-search-short "$T/err" "后 4 位"
run "${zh[@]}" -- "$J" import "$T/none.csv"
want zh-import-missing 66
chinese zh-import-missing "$T/err"
run "${zh[@]}" -- "$J" --help
has zh-help "$T/out" "用法"
run "${zh[@]}" -- "$J" policy eval --facts "$FACTS" --on 2018-03-01
want zh-eval 0
has zh-eval "$T/out" "就业创业扶持政策评估单"
has zh-eval "$T/out" "结论："
lacks zh-eval "$T/out" "Outcome:"
run "${zh[@]}" -- "$J" person list
has zh-person-list "$T/out" "个案编号"
has zh-person-list "$T/out" "已登记"
lacks zh-person-list "$T/out" "registered"
run "${zh[@]}" -- "$J" person show 220102199503070028
has zh-person-show "$T/out" "农业户口"
lacks zh-person-show "$T/out" "rural"
run "${zh[@]}" -- "$J" policy list
has zh-policy-list "$T/out" "有效期"
has zh-policy-list "$T/out" "农村劳动力技能培训补贴"
has zh-policy-list "$T/out" "资金补贴"
lacks zh-policy-list "$T/out" "money"

# Each class of message, from a real failing input, under zh_CN: Chinese, fields by their labels,
# no column name, fact path, subject path or English enum value.
# an option with no value or no such option: our own line, in Chinese, never getopt's English
run "${zh[@]}" -- "$J" search wl --limit
want zh-option-no-value 64
has zh-option-no-value "$T/err" "--limit 需要一个值"
lacks zh-option-no-value "$T/err" "requires an argument"
run "${zh[@]}" -- "$J" grant 220102199503070028 startup-subsidy --bogus
want zh-no-such-option 64
has zh-no-such-option "$T/err" "--bogus 不是这里的选项"
lacks zh-no-such-option "$T/err" "unrecognized"
run "${zh[@]}" -- "$J" --db
want zh-main-option 64
has zh-main-option "$T/err" "--db 需要一个值"
lacks zh-main-option "$T/err" "requires an argument"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 020102199503070028
want zh-bad-region 65
has zh-bad-region "$T/err" "不是行政区划代码"
chinese zh-bad-region "$T/err"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 220102199513070028
has zh-bad-birth "$T/err" "出生日期 1995-13-07 不存在"
chinese zh-bad-birth "$T/err"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 220102199503070036 --birth-date 1995-03-08
want zh-birth-disagrees 65
has zh-birth-disagrees "$T/err" "出生日期：1995-03-08 与身份证号中的 1995-03-07 不一致"
lacks zh-birth-disagrees "$T/err" "birth_date"
chinese zh-birth-disagrees "$T/err"
run "${zh[@]}" -- "$J" person add --name 王丽 --id-number 220102199503070028
want zh-duplicate 65
has zh-duplicate "$T/err" "身份证号 220102199503070028 已登记为 王丽"
lacks zh-duplicate "$T/err" "id_number"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 220102199503070036 --hukou-type 农场
want zh-bad-enum 65
has zh-bad-enum "$T/err" "农业户口、非农业户口"
lacks zh-bad-enum "$T/err" "rural"
chinese zh-bad-enum "$T/err"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 220102199503070036 --disabled 也许
has zh-bad-flag "$T/err" "应填 是 或 否"
lacks zh-bad-flag "$T/err" "true"
run "${zh[@]}" -- "$J" person add --name 张三 --id-number 220102199503070036 --graduation-date 2017-13-01
has zh-bad-date "$T/err" "年-月-日"
lacks zh-bad-date "$T/err" "YYYY"
run "${zh[@]}" -- "$J" progress add 220102199503070028 --kind training --status completed \
    --start-date 2017-01-01 --training-kind 做饭
want zh-bad-progress-enum 65
has zh-bad-progress-enum "$T/err" "--training-kind: “做饭”不是 就业技能培训、"
lacks zh-bad-progress-enum "$T/err" "employment_skills"
# a reason's missing facts: the item and the fact in words (the training has no end date, which
# dates the subsidy, no kind, no hours)
run LANG=C.UTF-8 -- "$J" progress add 220102199503070028 --kind training --status completed \
    --start-date 2017-06-01 --unit-name 长春职业技能学校
run "${zh[@]}" -- "$J" grant 220102199503070028 rural-training-subsidy --on 2018-03-01
want zh-grant-missing 65
has zh-grant-missing "$T/err" "培训（2017-06-01起，长春职业技能学校）：缺少 结束日期、缺少 培训类别"
lacks zh-grant-missing "$T/err" "trainings"
lacks zh-grant-missing "$T/err" "needs"
run "${zh[@]}" -- "$J" grant 220102199503070028 startup-subsidy --on 2018-03-01
has zh-grant-no-item "$T/err" "没有登记任何创办的企业或个体经营"
lacks zh-grant-no-item "$T/err" "startups"
# the evaluation page names what it still needs by the question, never by the fact's path
printf 'person: {name: 王丽, hukou_type: rural}\ntrainings: [{status: completed}]\n' >"$T/f.yaml"
run "${zh[@]}" -- "$J" policy eval --facts "$T/f.yaml" --on 2018-03-01
has zh-eval-missing "$T/out" "最高学历是什么？"
lacks zh-eval-missing "$T/out" "person.education"
lacks zh-eval-missing "$T/out" "trainings[0]"
# policy test and policy check: in Chinese, a policy by its title; libyaml's words in parentheses
run "${zh[@]}" -- "$J" policy test
want zh-policy-test 0
has zh-policy-test "$T/out" "失败 0 项"
lacks zh-policy-test "$T/out" "passed"
mkdir "$T/pol"
cp "$JOBDESK_POLICIES"/*.yaml "$T/pol/"
sed -i '0,/outcome: eligible, amount_fen: 500000/s//outcome: ineligible, amount_fen: 500000/' \
    "$T/pol/startup-subsidy.yaml"
run "${zh[@]}" JOBDESK_POLICIES="$T/pol" -- "$J" policy test
want zh-policy-test-fails 65
has zh-policy-test-fails "$T/out" "失败 $T/pol/startup-subsidy.yaml"
has zh-policy-test-fails "$T/out" "一次性初创企业补贴（startup-subsidy）"
has zh-policy-test-fails "$T/out" "结论为“符合条件”，应为“不符合条件”"
has zh-policy-test-fails "$T/out" "失败 1 项"
lacks zh-policy-test-fails "$T/out" "outcome"
echo 'bad: [' >>"$T/pol/startup-subsidy.yaml"
run "${zh[@]}" JOBDESK_POLICIES="$T/pol" -- "$J" policy check
want zh-policy-check 65
has zh-policy-check "$T/err" "YAML 语法错误：请改正文件中该行该列处（libyaml："
# SQLite's words: in parentheses after what jobdesk was doing and what to do
cp "$JOBDESK_DB" "$T/broken.db"
root=$(sqlite3 "$T/broken.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'person'")
printf '\r%0200d' 0 | dd of="$T/broken.db" bs=4096 seek=$((root - 1)) conv=notrunc status=none
run "${zh[@]}" -- "$J" --db "$T/broken.db" person list
want zh-db-damaged 65
has zh-db-damaged "$T/err" "数据库文件已损坏；请运行 jobdesk db check"
has zh-db-damaged "$T/err" "（SQLite："

en=(LANG=C.UTF-8)
run "${en[@]}" -- "$J" --db /nonexistent/x.db person show 1
want en-no-db 66
has en-no-db "$T/err" "/nonexistent/x.db: no such database (create it with: jobdesk init)"
run "${en[@]}" -- "$J" person add --name 张三 --id-number 220102199503070027
has en-bad-id "$T/err" "check character is 7 but the first 17 digits give 8"
run "${en[@]}" -- "$J" person list --format xml
has en-bad-format "$T/err" "expected one of table|csv|json"
run "${en[@]}" -- "$J" policy eval --facts "$FACTS" --on 2018-03-01
has en-eval "$T/out" "Outcome:"
lacks en-eval "$T/out" "结论"

# A Chinese locale with no catalogue: English throughout, in every command. zh_TW.UTF-8 itself
# when it is installed; always zh_CN.UTF-8 with LANGUAGE=zh_TW, which points gettext (ours and
# the C library's) at the missing zh_TW catalogue while LANG still says zh.
tw_runs=("LANG=zh_CN.UTF-8 LANGUAGE=zh_TW")
if locale -a 2>/dev/null | grep -qix 'zh_TW\.utf-\?8'; then
	tw_runs+=("LANG=zh_TW.UTF-8")
else
	echo "note: no zh_TW.UTF-8 locale installed; zh_TW checked through LANGUAGE only"
fi
for tw in "${tw_runs[@]}"; do
	read -ra e <<<"$tw"
	run "${e[@]}" -- "$J" --db /nonexistent/x.db person show 1
	has "$tw no-db" "$T/err" "no such database"
	run "${e[@]}" -- "$J" person add --name 张三 --id-number 220102199503070027
	has "$tw bad-id" "$T/err" "check character is 7"
	run "${e[@]}" -- "$J" import "$T/none.csv"
	has "$tw import-missing" "$T/err" "cannot read: No such file or directory"
	run "${e[@]}" -- "$J" policy eval --facts "$FACTS" --on 2018-03-01
	has "$tw eval" "$T/out" "Employment and startup support"
	lacks "$tw eval" "$T/out" "结论"
	run "${e[@]}" -- "$J" policy list
	has "$tw policy-list" "$T/out" "IN FORCE"
	has "$tw policy-list" "$T/out" "Rural skills-training subsidy"
	run "${e[@]}" -- "$J" grant 220102199503070028 startup-subsidy --on 2018-03-01
	has "$tw grant" "$T/err" "is not eligible"
	lacks "$tw grant" "$T/err" "缺少"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
