#!/bin/sh
# End to end: jobdesk import and export on temporary databases: exit statuses, nothing written
# from a bad file, --dry-run and --skip-bad, and a caseload surviving export then import.
set -eu
J=$1
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export JOBDESK_DB="$T/a.db" JOBDESK_USER=tester
pass=0
fail=0

# check NAME EXPECTED-STATUS COMMAND...: run it, compare the exit status.
check() {
	name=$1 want=$2
	shift 2
	got=0
	"$@" >"$T/out" 2>"$T/err" || got=$?
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: status $got, want $want"
		cat "$T/err"
	fi
}

# has NAME FILE TEXT: the file contains the text.
has() {
	if grep -qF -- "$3" "$2"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1: '$3' not in:"
		cat "$2"
	fi
}

# same NAME GOT WANT: two values are equal.
same() {
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1: got '$2', want '$3'"
	fi
}

# persons [DB]: how many persons a database holds (the CSV list less its header).
persons() {
	n=$("$J" --db "${1:-$JOBDESK_DB}" person list --format csv | wc -l)
	echo $((n - 1))
}

# Usage errors and a missing file; a missing file must not create the database.
check no-file 64 "$J" import
check two-files 64 "$J" import a.csv b.csv
check bad-option 64 "$J" import "$FIX/transfer_good.csv" --fast
check export-no-file 64 "$J" export
check missing-file 66 "$J" import "$T/no-such.csv"
has missing-file "$T/err" "no-such.csv"
same missing-file-no-db "$(test -e "$JOBDESK_DB" && echo created || echo absent)" absent
check export-no-db 66 "$J" export "$T/x.csv"

check init 0 "$J" init

# One bad row: status 65, the row named by file, line and field, nothing written.
check bad-file 65 "$J" import "$FIX/transfer_bad.csv"
has bad-file "$T/err" "transfer_bad.csv:4: id_number:"
has bad-file "$T/err" "nothing was imported"
same bad-file-wrote-nothing "$(persons)" 0
check bad-file-dry-run 65 "$J" import --dry-run "$FIX/transfer_bad.csv"
same bad-dry-run-wrote-nothing "$(persons)" 0

# A good file: the dry run writes nothing, the import writes every row, a second import none.
check dry-run 0 "$J" import "$FIX/transfer_good.csv" --dry-run
has dry-run "$T/out" "nothing written"
same dry-run-wrote-nothing "$(persons)" 0
check import 0 "$J" import "$FIX/transfer_good.csv"
has import "$T/out" "imported 4 persons from"
same import-wrote "$(persons)" 4
check import-again 65 "$J" import "$FIX/transfer_good.csv"
has import-again "$T/err" "already registered"
same import-again-wrote-nothing "$(persons)" 4
check show-imported 0 "$J" person show 220102199503070028 --format json
has show-imported "$T/out" '"counselor":"li, wei"'

# Import does not create a database (a mistyped --db would start an empty office).
check no-database 66 "$J" --db "$T/b.db" import "$FIX/transfer_good.csv"
has no-database "$T/err" "jobdesk init"
"$J" --db "$T/b.db" init >/dev/null
"$J" --db "$T/c.db" init >/dev/null

# --skip-bad imports the good rows and says how many were skipped.
check skip-bad 0 "$J" --db "$T/b.db" import "$FIX/transfer_bad.csv" --skip-bad
has skip-bad "$T/out" "imported 3 persons"
has skip-bad "$T/out" "1 bad row skipped"
has skip-bad "$T/err" "transfer_bad.csv:4:"
same skip-bad-wrote "$(persons "$T/b.db")" 3

# A header that names no known column.
printf 'name,id_number,colour\n王丽,220102199503070028,red\n' >"$T/header.csv"
check bad-header 65 "$J" --db "$T/b.db" import "$T/header.csv"
has bad-header "$T/err" "colour"

# Export: the codes without a byte order mark (export --labels has one: test_csv.sh), no
# partial file left, 73 where it cannot be created.
check export 0 "$J" export "$T/export.csv"
has export "$T/out" "exported 4 persons"
same export-no-bom "$(head -c 3 "$T/export.csv" | od -An -tx1 | tr -d ' ')" 69645f
same export-no-partial "$(test -e "$T/export.csv.partial" && echo left || echo gone)" gone
check export-cannot-create 73 "$J" export "$T/no-such-folder/x.csv"
has export-cannot-create "$T/err" "no-such-folder/x.csv"

# Round trip: export, import into a fresh database, export again: the same rows.
check round-trip-import 0 "$J" --db "$T/c.db" import "$T/export.csv"
same round-trip-count "$(persons "$T/c.db")" 4
check round-trip-export 0 "$J" --db "$T/c.db" export "$T/again.csv"
sort "$T/export.csv" >"$T/export.sorted"
sort "$T/again.csv" >"$T/again.sorted"
same round-trip-same "$(cmp -s "$T/export.sorted" "$T/again.sorted" && echo same || echo differ)" \
	same

# A bulk import is all or nothing (issue 12): 2,000 good rows and one bad row at the very end
# write nothing (no person, no audit row, no search token), and the error names the file, the
# line and the field and what is valid. Without the bad row every person is written, each
# inserted row with one chained audit row, found by search, and db check says ok.
"$J" --db "$T/d.db" demo --persons 2001 --seed 3 >/dev/null
"$J" --db "$T/d.db" export "$T/d.csv" >/dev/null 2>&1
head -n 2001 "$T/d.csv" >"$T/good.csv"
tail -n 1 "$T/d.csv" | sed 's/,urban,/,farm,/; s/,rural,/,farm,/' >"$T/last.csv"
cat "$T/good.csv" "$T/last.csv" >"$T/bad-last.csv"
"$J" --db "$T/e.db" init >/dev/null
audit0=$(sqlite3 "$T/e.db" "SELECT count(*) FROM audit")
check bad-last 65 "$J" --db "$T/e.db" import "$T/bad-last.csv"
has bad-last "$T/err" "bad-last.csv:2002: hukou_type:"
has bad-last "$T/err" "rural"
has bad-last "$T/err" "1 of 2001 rows are bad; nothing was imported"
same bad-last-no-person "$(sqlite3 "$T/e.db" "SELECT count(*) FROM person")" 0
same bad-last-no-audit "$(sqlite3 "$T/e.db" "SELECT count(*) FROM audit")" "$audit0"
same bad-last-no-token "$(sqlite3 "$T/e.db" "SELECT count(*) FROM person_search")" 0
same bad-last-no-stage "$(sqlite3 "$T/e.db" "SELECT count(*) FROM household") $(sqlite3 "$T/e.db" "SELECT count(*) FROM insurance")" "0 0"
check bad-last-db-check 0 "$J" --db "$T/e.db" db check
check good-2000 0 "$J" --db "$T/e.db" import "$T/good.csv"
has good-2000 "$T/out" "imported 2000 persons"
same good-2000-persons "$(persons "$T/e.db")" 2000
same good-2000-audit "$(sqlite3 "$T/e.db" "SELECT count(*) FROM audit WHERE op = 'insert'")" \
	"$(sqlite3 "$T/e.db" "SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM household) + (SELECT count(*) FROM insurance)")"
same good-2000-audit-persons "$(sqlite3 "$T/e.db" "SELECT count(*) FROM audit WHERE tbl = 'person' AND op = 'insert'")" 2000
check good-2000-db-check 0 "$J" --db "$T/e.db" db check
has good-2000-db-check "$T/out" "ok"
last=$(sqlite3 "$T/e.db" "SELECT name FROM person ORDER BY rowid DESC LIMIT 1")
ini=$(sqlite3 "$T/e.db" "SELECT name_sort FROM person ORDER BY rowid DESC LIMIT 1" |
	awk -F '\t' '{ n = split($1, w, " "); s = ""; for (i = 1; i <= n; i++) s = s substr(w[i], 1, 1); if (s ~ /^[a-z]+$/) print s }')
check good-2000-search 0 "$J" --db "$T/e.db" search "$ini" --limit 1000
has good-2000-search "$T/out" "$last"
# the last row alone, now that the file's persons are in: the sort key and search are its own
printf '%s\n' "$(head -n 1 "$T/d.csv")" >"$T/one.csv"
tail -n 1 "$T/d.csv" >>"$T/one.csv"
check one-more 0 "$J" --db "$T/e.db" import "$T/one.csv"
same one-more-sort "$(sqlite3 "$T/e.db" "SELECT count(*) FROM person WHERE name_sort IS NULL OR name_sort NOT LIKE '%' || char(9) || name")" 0
check one-more-db-check 0 "$J" --db "$T/e.db" db check

# A row the database itself refuses while the rows are written (here a trigger put there for the
# test) is named by its line too, and nothing is written.
"$J" --db "$T/f.db" init >/dev/null
refused=$(sed -n '1501p' "$T/good.csv" | cut -d, -f1 | tr -d '"\t')
sqlite3 "$T/f.db" "CREATE TRIGGER test_refuse BEFORE INSERT ON person WHEN new.id_number = '$refused' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
check refused-row 65 "$J" --db "$T/f.db" import "$T/good.csv"
has refused-row "$T/err" "good.csv:1501: "
has refused-row "$T/err" "refused by the test"
has refused-row "$T/err" "nothing was imported"
same refused-row-nothing "$(sqlite3 "$T/f.db" "SELECT count(*) FROM person") $(sqlite3 "$T/f.db" "SELECT count(*) FROM household") $(sqlite3 "$T/f.db" "SELECT count(*) FROM audit WHERE tbl <> 'office'")" "0 0 0"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
