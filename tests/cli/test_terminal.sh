#!/usr/bin/env bash
# End to end: nothing from data reaches a terminal raw. A database that came from elsewhere holds
# a name, a note, an audit row and a login with ESC[2J, BEL, C1 CSI (0x9b), U+202E and a byte
# that is no UTF-8; search, person show, person list, policy eval, audit, and errors
# that quote a value, a CSV header or a file's line show them as ^[ ^G <U+009B> <U+202E> <0xFF>,
# and no output byte is ESC, BEL, 0x9b-as-C1 or U+202E. JSON keeps escaping them its way.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/t.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE

"$J" init >/dev/null || { echo "FAIL init"; exit 1; }
"$J" person add --name 王丽 --id-number 220102199503070028 --phone 13912345678 --hukou-type rural \
	>/dev/null || { echo "FAIL add"; exit 1; }
"$J" note add 220102199503070028 --text 电话回访 --followup 2018-03-05 >/dev/null
# what another office's database could hold: written beside jobdesk, its triggers set aside
hostile=$'王\e[2J丽\a\xc2\x9b31m\xe2\x80\xae伟\xff'
python3 - "$JOBDESK_DB" "$hostile" <<'PY' || { echo "FAIL plant"; exit 1; }
import sqlite3, sys
name = sys.argv[2].encode('utf-8', 'surrogateescape')
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.text_factory = bytes
trig = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").fetchall()
c.execute("BEGIN")
for n, _ in trig:
    c.execute('DROP TRIGGER "%s"' % n.decode())
c.execute("UPDATE person SET name = CAST(? AS TEXT) WHERE id_number = '220102199503070028'", (name,))
c.execute("UPDATE note SET body = CAST(? AS TEXT)", (name,))
c.execute("INSERT INTO audit_who (actor, acting_as) VALUES (CAST(? AS TEXT), x'')", (name,))
c.execute("""INSERT INTO audit_log (at, who, tbl, row_key, op, before, after)
    SELECT at + 1, last_insert_rowid(), 24, row_key, 2, '{"name":"王丽"}', CAST(? AS TEXT) FROM audit_log
    WHERE tbl = 24 ORDER BY seq DESC LIMIT 1""", (b'{"name":"' + name + b'"}',))
for _, s in trig:
    c.execute(s.decode())
c.execute("COMMIT")
PY

# raw NAME FILE: no ESC, BEL, C1 CSI, U+202E or stray byte in the file; the visible forms are
raw() {
	if LC_ALL=C grep -qP '\x1b|\x07|\xc2\x9b|\xe2\x80\xae|\xff' "$2"; then
		fail=$((fail + 1)); echo "FAIL $1: a control reached the output:"; od -c "$2" | head -20
	else pass=$((pass + 1)); fi
}
# shown NAME FILE: the hostile name is there in its visible form
shown() {
	raw "$1" "$2"
	has "$1-visible" "$2" '王^[[2J丽^G<U+009B>31m<U+202E>伟<0xFF>'
}

check search 0 "$J" search 0028
raw search "$T/out"
has search-visible "$T/out" '王^[[2J丽^G…'

check person-show 0 "$J" person show 220102199503070028
shown person-show "$T/out"
check person-list 0 "$J" person list
raw person-list "$T/out"
# the columns after the name stay in place: the fitted name is what the terminal shows
has person-list-aligned "$T/out" '王^[[2J丽^G…  220102********0028'

check person-list-csv 0 "$J" person list --format csv
raw person-list-csv "$T/out"
check policy-eval 0 "$J" policy eval --person 220102199503070028
raw policy-eval "$T/out"
has policy-eval-visible "$T/out" '王^[[2J丽^G<U+009B>31m<U+202E>伟<0xFF>'
check audit 0 "$J" audit
raw audit "$T/out"
has audit-visible "$T/out" '王^[[2J丽^G…'
# JSON keeps its own escapes, and they are all it has
check search-json 0 "$J" search 0028 --format json
raw search-json "$T/out"
has search-json-escaped "$T/out" '\u001b[2J'
has search-json-bidi "$T/out" '\u202e'

# errors that quote a value: typed, a CSV header, a line of a file
check search-none 0 "$J" search $'\e[2J\a\xe2\x80\xae'
raw search-none-err "$T/err"
has search-none-visible "$T/err" "'^[[2J^G<U+202E>'"
check show-none 65 "$J" person show $'\e[2Jnobody\xc2\x9b'
raw show-none-err "$T/err"
has show-none-visible "$T/err" '^[[2Jnobody<U+009B>'
check unknown-command 64 "$J" $'\e[2Jfoo'
raw unknown-command-err "$T/err"
printf '%s,姓名\r\n220102199503070036,李四\r\n' $'\e[2J\xe2\x80\xae身份证号' >"$T/bad.csv"
check csv-header 65 "$J" import "$T/bad.csv"
raw csv-header-err "$T/err"
has csv-header-visible "$T/err" '^[[2J<U+202E>'
printf '身份证号,姓名\r\n220102199503070036,%s\r\n' "$hostile" >"$T/bad2.csv"
check csv-cell 65 "$J" import "$T/bad2.csv"
raw csv-cell-err "$T/err"
mkdir -p "$T/pol"
cp "$JOBDESK_POLICIES"/*.yaml "$T/pol/"
# libyaml itself refuses C0 and C1 controls; U+202E it takes, and the key is quoted back
printf 'id: x\xe2\x80\xaey\nbogus\xe2\x80\xae: 1\n' >"$T/pol/zz-bad.yaml"
check policy-line 65 "$J" --policies "$T/pol" policy check
raw policy-line-err "$T/err"
has policy-line-visible "$T/err" "zz-bad.yaml:2:9: unknown key 'bogus<U+202E>'"
finish terminal
