#!/usr/bin/env bash
# End to end: names are names (issue 13, point 4). Zero-width characters, bidirectional controls,
# a byte order mark, private use, noncharacters, tags and unassigned code points are refused in
# names and every text field (person add and edit, import, notes, case notes, progress text,
# reasons), naming the character as U+XXXX and its position in characters; text is stored in
# NFC; a look-alike name (NFKC, case-folded) born the same day is found by the duplicate check.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LANG=C.UTF-8

check init 0 "$J" init
zw=$'王\u200b丽' bidi=$'王\u202e丽' bom=$'\ufeff王丽' pua=$'王\ue000丽' nonchar=$'王丽\ufdd0'
tag=$'王\U000E0041丽' unassigned=$'王\u0378丽'
check zero-width 65 "$J" person add --name "$zw" --id-number 220102199503070028
has zero-width "$T/err" "U+200B, at character 2"
check bidi 65 "$J" person add --name "$bidi" --id-number 220102199503070028
has bidi "$T/err" "U+202E, at character 2"
check bom 65 "$J" person add --name "$bom" --id-number 220102199503070028
has bom "$T/err" "U+FEFF, at character 1"
check private-use 65 "$J" person add --name "$pua" --id-number 220102199503070028
has private-use "$T/err" "U+E000"
check noncharacter 65 "$J" person add --name "$nonchar" --id-number 220102199503070028
has noncharacter "$T/err" "U+FDD0, at character 3"
check tag 65 "$J" person add --name "$tag" --id-number 220102199503070028
has tag "$T/err" "U+E0041"
check unassigned 65 "$J" person add --name "$unassigned" --id-number 220102199503070028
has unassigned "$T/err" "U+0378"
sql_is nothing-written "SELECT count(*) FROM person" 0
# under zh_CN the kind of character is said in Chinese
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	check zh-zero-width 65 env LANG=zh_CN.UTF-8 "$J" person add --name "$zw" \
	    --id-number 220102199503070028
	has zh-zero-width "$T/err" "U+200B"
	has zh-zero-width "$T/err" "第 2 个字符"
	lacks zh-zero-width "$T/err" "character"
fi

# NFC: José typed as e and a combining accent is stored composed, and found either way
check nfc-add 0 "$J" person add --name $'Jose\u0301' --id-number 220102199503070028 \
    --counselor $'Rene\u0301e'
sql_is nfc-stored "SELECT hex(name) || ' ' || hex(counselor) FROM person" \
    "4A6F73C3A9 52656EC3A965"
check nfc-search 0 "$J" search $'Jose\u0301'
has nfc-search "$T/out" "José"
check nfc-search-composed 0 "$J" search José
has nfc-search-composed "$T/out" "José"
# a look-alike born the same day: full-width letters, another case
check look-alike 0 "$J" person add --name 'ＪＯＳÉ' --id-number 220102199503070044
has look-alike "$T/err" "likely duplicate: José born 1995-03-07"
check look-alike-2 0 "$J" person add --name 'josé' --id-number 220102199503070087
eq look-alike-2-each "$(grep -c '^jobdesk: warning: likely duplicate: ' "$T/err")" 2
check other-name 0 "$J" person add --name 'Joseph' --id-number 220102199503070060
lacks other-name "$T/err" "likely duplicate"

# edit, notes, case notes, progress text and reasons refuse them too
check edit-bidi 65 "$J" person edit 220102199503070028 --name "$bidi"
has edit-bidi "$T/err" "U+202E"
sql_is edit-nothing "SELECT name FROM person WHERE id_number = '220102199503070028'" "José"
check note-zw 65 "$J" note add 220102199503070028 --text $'电话\u200b回访'
has note-zw "$T/err" "U+200B, at character 3"
check note-line-ok 0 "$J" note add 220102199503070028 --text $'电话回访\n第二行 cafe\u0301'
sql_is note-nfc "SELECT hex(body) FROM note" "$(printf '电话回访\n第二行 café' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
check progress-unit 65 "$J" progress add 220102199503070028 --kind training --status active \
    --start-date 2018-02-01 --unit-name $'长春\u2066学校'
has progress-unit "$T/err" "U+2066, at character 3"
sql_is progress-nothing "SELECT count(*) FROM enrollment" 0
check close-note 65 "$J" case close 220102199503070028 --reason other --note $'搬\ue000走'
has close-note "$T/err" "U+E000"

# import: the whole file refused, the row and column named, nothing written
printf 'id_number,name\n11010519491231002X,%s\n' "$tag" >"$T/bad.csv"
check import-tag 65 "$J" import "$T/bad.csv"
has import-tag "$T/err" "U+E0041"
sql_is import-nothing "SELECT count(*) FROM person WHERE id_number = '11010519491231002X'" 0
printf 'id_number,name\n11010519491231002X,%s\n' $'Zoe\u0308' >"$T/nfc.csv"
check import-nfc 0 "$J" import "$T/nfc.csv"
sql_is import-nfc-stored "SELECT hex(name) FROM person WHERE id_number = '11010519491231002X'" \
    "5A6FC3AB"
# an imported look-alike born the same day is a likely duplicate, as one added by hand is
printf 'id_number,name\n220102199503070108,%s\n' 'ＪＯＳÉ' >"$T/alike.csv"
check import-look-alike 0 "$J" import "$T/alike.csv"
has import-look-alike "$T/err" "likely duplicate: José born 1995-03-07"

# the acting user, written into every audit row, is text like any other
check user-bidi 64 env JOBDESK_USER=$'bob\u202e' "$J" person show 220102199503070028
has user-bidi "$T/err" "the acting user (--user, JOBDESK_USER or the login name) has"
has user-bidi-char "$T/err" "U+202E, at character 4"
check user-option 64 "$J" --user $'\u200bbob' search José
has user-option "$T/err" "U+200B, at character 1"

finish names
