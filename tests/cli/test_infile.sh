#!/usr/bin/env bash
# End to end: files that are not files. A FIFO, a device, a folder or a symbolic link given to
# import or policy eval --facts, or among the policies, is refused (66) without being read
# (a FIFO with no writer never blocks), saying what it is; a binary or non-UTF-8 CSV or YAML file
# is named as such (65) and no line of it is printed; every reader's cap is named when passed.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/i.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
"$J" init >/dev/null || { echo "FAIL init"; exit 1; }
"$J" person add --name 王丽 --id-number 220102199503070028 >/dev/null
"$J" person facts 220102199503070028 >"$T/facts.yaml" || { echo "FAIL facts"; exit 1; }
printf '身份证号,姓名\r\n220102199503070036,李四\r\n' >"$T/good.csv"

mkfifo "$T/fifo"
ln -s "$T/good.csv" "$T/link.csv"
ln -s "$T/facts.yaml" "$T/link.yaml"
mkdir "$T/dir.csv"
# refused NAME STATUS WORDS COMMAND...: the command ends (never blocks) with STATUS, saying WORDS
refused() {
	local name=$1 want=$2 words=$3; shift 3
	check "$name" "$want" timeout 20 "$@"
	has "$name-why" "$T/err" "$words"
}
refused import-fifo 66 'a named pipe (FIFO)' "$J" import "$T/fifo"
refused import-link 66 'a symbolic link' "$J" import "$T/link.csv"
refused import-dir 66 'a folder' "$J" import "$T/dir.csv"
refused import-device 66 'a device' "$J" import /dev/zero
refused facts-fifo 66 'a named pipe (FIFO)' "$J" policy eval --facts "$T/fifo"
refused facts-link 66 'a symbolic link' "$J" policy eval --facts "$T/link.yaml"
refused facts-device 66 'a device' "$J" policy eval --facts /dev/zero
check facts-real 0 "$J" policy eval --facts "$T/facts.yaml"
sql_is nothing-imported "SELECT count(*) FROM person" 1

# among the policies: each kind refused by name, the rest still checked
pol=$T/pol
mkdir "$pol"
cp "$JOBDESK_POLICIES"/*.yaml "$pol/"
# policy_refused NAME WORDS: with zz.yaml made by the commands on stdin, policy check says WORDS
policy_refused() {
	rm -rf "$pol/zz.yaml"
	(cd "$pol" && bash)
	check "$1" 65 timeout 20 "$J" --policies "$pol" policy check
	has "$1-why" "$T/err" "zz.yaml: $2"
	rm -rf "$pol/zz.yaml"
}
policy_refused policy-fifo 'a named pipe (FIFO)' <<<'mkfifo zz.yaml'
policy_refused policy-link 'a symbolic link' <<<"ln -s $(ls "$pol" | grep -v -e groups -e local -e facts-schema | head -1) zz.yaml"
policy_refused policy-dir 'a folder' <<<'mkdir zz.yaml'
if [ "$(id -u)" = 0 ]; then
	policy_refused policy-device 'a device' <<<'mknod zz.yaml c 1 5'
fi
rm -f "$pol/groups.yaml"
ln -s "$JOBDESK_POLICIES/groups.yaml" "$pol/groups.yaml"
check policy-groups-link 65 timeout 20 "$J" --policies "$pol" policy check
has policy-groups-link-why "$T/err" 'groups.yaml: a symbolic link'

# not the expected kind: said, never shown
secret='秘密的一行'
{ printf 'id_number,name\r\n'; printf '%s\0\1\2\r\n' "$secret"; } >"$T/bin.csv"
check csv-binary 65 "$J" import "$T/bin.csv"
has csv-binary-why "$T/err" 'bin.csv:2: a NUL byte: this is a binary file'
lacks csv-binary-quiet "$T/err" "$secret"
# a whole file in GBK (WPS's "CSV" in Chinese Windows): refused at its header, never quoted
printf '\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5,\xd0\xd5\xc3\xfb\r\n220102199503070036,\xc0\xee\xcb\xc4\r\n' >"$T/gbk.csv"
check csv-gbk 65 "$J" import "$T/gbk.csv"
has csv-gbk-why "$T/err" 'gbk.csv:1: not UTF-8 text (a byte 0xC9)'
lacks csv-gbk-quiet "$T/err" "$(printf '\xc9\xed')"
# a data row's text that is no UTF-8 is that row's problem, named, not shown
{ printf 'id_number,name\r\n'; printf '220102199503070036,"%s\n\n' "$secret"; printf '\xff\xfe"\r\n'; } >"$T/late.csv"
check csv-late-line 65 "$J" import "$T/late.csv"
has csv-late-line-where "$T/err" 'late.csv:2: name: is not valid UTF-8'
lacks csv-late-line-quiet "$T/err" "$secret"
{ printf 'person:\n  name: %s\n' "$secret"; printf '  x: \xff\n'; } >"$T/bad.yaml"
check facts-not-utf8 65 "$J" policy eval --facts "$T/bad.yaml"
has facts-not-utf8-why "$T/err" 'bad.yaml:3: not UTF-8 text (a byte 0xFF)'
lacks facts-not-utf8-quiet "$T/err" "$secret"
printf 'id: x\n\0\0\0' >"$pol/zz.yaml"
check policy-binary 65 "$J" --policies "$pol" policy check
has policy-binary-why "$T/err" 'zz.yaml:2: a NUL byte'
rm -f "$pol/zz.yaml"

# a text file of another kind (no comma in its first line): said, not quoted
printf '%s\tsecret\n' "$secret" >"$T/tabs.csv"
check csv-not-csv 65 "$J" import "$T/tabs.csv"
has csv-not-csv-why "$T/err" 'tabs.csv:1: the first line has no comma, so this is no CSV file'
lacks csv-not-csv-quiet "$T/err" "$secret"

# the caps, each named
truncate -s 1100M "$T/huge.csv"   # sparse: never read, refused by its size
check csv-cap 65 timeout 20 "$J" import "$T/huge.csv"
has csv-cap-why "$T/err" 'a CSV file to import may have at most 1 GiB (its cap)'
python3 -c "print('id_number,name'); print('220102199503070036,' + 'a' * 1200000)" >"$T/row.csv"
check csv-row-cap 65 "$J" import "$T/row.csv"
has csv-row-cap-why "$T/err" 'row.csv:2: a row over the cap of 1 MiB on one CSV row'
head -c 300000 /dev/zero | tr '\0' '#' >"$T/big.yaml"
check facts-cap 65 "$J" policy eval --facts "$T/big.yaml"
has facts-cap-why "$T/err" 'a policy or facts file may have at most 256 KiB (its cap)'
finish infile
