#!/usr/bin/env bash
# End to end: jobdesk notice prints a decision's notice as text or HTML, by its id or its short
# number; --output writes a new file of mode 0600 and refuses one that exists (73) leaving it as
# it was; an unknown decision is 65 naming it; the HTML is well formed (python3's html.parser,
# every tag closed in order), escapes the stored text and carries its A4 print stylesheet.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/notice.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE

"$J" init >/dev/null || { echo "FAIL init"; exit 1; }
"$J" person add --name '<b>&王丽' --id-number 220102199503070028 --hukou-type rural >/dev/null
"$J" progress add 220102199503070028 --kind training --status completed --start-date 2017-11-01 \
	--end-date 2017-12-15 --class-hours 120 --training-kind employment_skills >/dev/null
"$J" grant 220102199503070028 rural-training-subsidy >"$T/grant" || { echo "FAIL grant"; exit 1; }
id=$(cut -f1 "$T/grant")
short=$(printf '%s' "$id" | tail -c 8 | sed 's/^\(....\)/\1-/')

check text 0 "$J" notice "$id"
cp "$T/out" "$T/text"
for want in 'Notice of a decision on an employment benefit' "No. $short" '<b>&王丽' \
	220102199503070028 'Handling office' 'not set' tester 'Rural skills-training subsidy' \
	'measure (十三) of 吉政发〔2017〕32号' '降低职业培训补贴门槛' 'training from 2017-11-01' \
	'960.00 yuan' '(the job seeker)' 'Decided on' 'awaiting approval' '[met]' \
	'Job seeker (signature):' 'Counselor (signature):' 'Reviewer (signature):'; do
	has text-field "$T/text" "$want"
done
eq text-80-columns "$(python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max(w(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$T/text")" 80

# the short number, typed in lower case, names the same decision
check short 0 "$J" notice "$(printf '%s' "$short" | tr 'A-Z' 'a-z')"
same short-same-notice "$T/out" <"$T/text"
check unknown 65 "$J" notice ZZZZ-ZZZZ
has unknown-named "$T/err" 'no decision ZZZZ-ZZZZ'
check unknown-id 65 "$J" notice 000000-NOSUCH
has unknown-id-named "$T/err" 'no decision 000000-NOSUCH'
check no-decision 64 "$J" notice
check bad-format 64 "$J" notice "$id" --format pdf

# HTML to a new file: mode 0600, well formed, escaped, A4
check html-file 0 "$J" notice "$id" --format html --output "$T/n.html"
eq html-nothing-on-stdout "$(cat "$T/out")" ""
eq html-mode "$(stat -c %a "$T/n.html")" 600
has html-escaped "$T/n.html" '&lt;b&gt;&amp;王丽'
lacks html-raw-name "$T/n.html" '<b>&'
has html-a4 "$T/n.html" '@page { size: A4;'
has html-fonts "$T/n.html" '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"'
has html-status "$T/n.html" 'awaiting approval'
lacks html-external "$T/n.html" 'http'
python3 - "$T/n.html" >"$T/parse" 2>&1 <<'PY'
import sys
from html.parser import HTMLParser
VOID = {'meta', 'br', 'hr', 'img', 'link', 'input'}
class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.seen = [], [], set()
    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append('</%s> closes <%s>' % (tag, self.stack[-1] if self.stack else ''))
        else:
            self.stack.pop()
p = Balance()
text = open(sys.argv[1], encoding='utf-8').read()
p.feed(text)
p.close()
if not text.startswith('<!DOCTYPE html>'):
    p.errors.append('no doctype')
for t in ('html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'table', 'tr', 'th', 'td'):
    if t not in p.seen:
        p.errors.append('no <%s>' % t)
if p.stack:
    p.errors.append('not closed: %s' % p.stack)
print('\n'.join(p.errors) or 'balanced')
PY
has html-balanced "$T/parse" balanced

# an existing file is refused and left as it was; a link is not followed
printf 'keep me\n' >"$T/exists.txt"
check output-exists 73 "$J" notice "$id" --output "$T/exists.txt"
has output-exists-why "$T/err" 'exists already'
eq output-exists-kept "$(cat "$T/exists.txt")" "keep me"
ln -s "$T/elsewhere.txt" "$T/link.txt"
check output-link 73 "$J" notice "$id" --output "$T/link.txt"
eq output-link-not-followed "$(test -e "$T/elsewhere.txt" && echo made || echo none)" none
check output-no-folder 73 "$J" notice "$id" --output "$T/no/such/folder/n.txt"
check output-text 0 "$J" notice "$id" --output "$T/n.txt"
same output-text-as-stdout "$T/n.txt" <"$T/text"
eq output-text-mode "$(stat -c %a "$T/n.txt")" 600
# an unknown decision writes no file
check output-unknown 65 "$J" notice ZZZZ-ZZZZ --output "$T/none.txt"
eq output-unknown-no-file "$(test -e "$T/none.txt" && echo made || echo none)" none

# in Chinese: the notice in Chinese, a proposal awaiting approval, never paid
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	check zh 0 env LC_ALL=zh_CN.UTF-8 "$J" notice "$id"
	has zh-title "$T/out" '就业扶持政策享受决定告知书'
	has zh-status "$T/out" '待审批'
	has zh-office "$T/out" '未设置'
	has zh-payee "$T/out" '（本人）'
	lacks zh-paid "$T/out" '已发放'
	lacks zh-policy-id "$T/out" 'rural-training-subsidy'
	check zh-html 0 env LC_ALL=zh_CN.UTF-8 "$J" notice "$id" --format html
	has zh-html-lang "$T/out" '<html lang="zh-CN">'
fi
finish notice
