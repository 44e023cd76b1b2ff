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
