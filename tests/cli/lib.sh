# What the command-line tests share: sourced by tests/cli/test_*.sh after they set J (the
# jobdesk binary, their first argument). Makes T, a temporary directory removed on exit, and
# counts checks in pass and fail; a script ends with `finish NAME`.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

# check NAME EXPECTED-STATUS COMMAND...: run it (stdout to $T/out, stderr to $T/err), compare
# the exit status.
check() {
	local name=$1 want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $name: status $got, want $want"; cat "$T/err"; fi
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
# same NAME FILE: the file holds exactly what stdin gives, byte for byte.
same() {
	cat >"$T/want"
	if cmp -s "$T/want" "$2"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: not as expected:"; diff "$T/want" "$2"; fi
}
# eq NAME GOT WANT: two values are equal.
eq() {
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: '$2', want '$3'"; fi
}
# sql_value QUERY: what the query gives from $JOBDESK_DB, read beside jobdesk (not through it).
sql_value() {
	sqlite3 "$JOBDESK_DB" "$1"
}
# sql_is NAME QUERY WANT: the query gives WANT.
sql_is() {
	eq "$1" "$(sql_value "$2")" "$3"
}
# finish NAME: print the counts; the exit status says whether every check passed.
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
# unchanged NAME STATUS COMMAND...: a refused command exits with STATUS and writes no audit row.
unchanged() {
	local name=$1 want=$2; shift 2
	local before; before=$(sql_value "SELECT count(*) FROM audit")
	check "$name" "$want" "$@"
	eq "$name: nothing written" "$(sql_value "SELECT count(*) FROM audit")" "$before"
}
# ms_text COLUMN: the SQL (sqlite3 shell, no jd_ functions) giving an integer-millisecond time
# (schema step 17) as the ISO text jobdesk wrote before it.
ms_text() {
	echo "strftime('%Y-%m-%dT%H:%M:%S', $1 / 1000, 'unixepoch') || printf('.%03dZ', $1 % 1000)"
}
# times_as_text DB TABLE...: in DB (a scratch copy), each table's created_at and updated_at made
# the text they were before step 17, its update trigger dropped first (no audit row).
times_as_text() {
	local db=$1 t; shift
	for t in "$@"; do
		sqlite3 "$db" "DROP TRIGGER ${t}_audit_u; UPDATE $t SET created_at = $(ms_text created_at), updated_at = $(ms_text updated_at)"
	done
}
# audit_of: every audit row of $JOBDESK_DB as the view audit shows it (the sqlite3 shell, no jd_
# functions), in seq order: what a migration of the audit must leave as it was.
audit_of() {
	sqlite3 "$JOBDESK_DB" "SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after,
	    hex(row_hash), hex(hash) FROM audit ORDER BY seq"
}
