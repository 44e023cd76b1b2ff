#!/usr/bin/env bash
# The county server benchmark (issue 15). Not a test: it prints figures.
#
#   usage: tests/bench/server.sh [PERSONS]        (default 100000)
#
# What running set-group-id costs: the same reading commands through the privileged jobdesk (the
# build's jobdesk-server-test, installed mode 2755 to the group nogroup in a folder of its own:
# the environment cleaned, the configuration file read, the person's ids taken around the file an
# export writes) and through the ordinary jobdesk naming the same database with --db, alternating
# which runs first, ROUNDS rounds (default 5), medians of the wall time of the whole process:
# `search` (one page of hits), `person show` and `export` of every person. Root only (a set-group-id
# program); both run as root, so the database's own modes play no part. The privileged jobdesk
# reads its configuration from build/tests/cli/server-root/etc/jobdesk.conf: do not run it while
# the server test runs.
set -euo pipefail

BENCH_NAME=server
. "$(dirname "$0")/lib.sh"
bench_init findmnt
persons=${1:-100000}
rounds=${ROUNDS:-5}
if ! [[ $persons =~ ^[1-9][0-9]*$ ]] || ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 3 ]; then
	echo "usage: server.sh [PERSONS] (a whole number, default 100000; ROUNDS at least 3)" >&2
	exit 64
fi
if [ "$(id -u)" != 0 ]; then
	say "needs root (it installs a set-group-id program); nothing measured"
	exit 77
fi
srv=$build/tests/cli/jobdesk-server-test
sroot=$build/tests/cli/server-root
[ -x "$srv" ] || { say "$srv is not built (ninja -C $build)"; exit 69; }
[ ! -e "$sroot" ] || { say "$sroot is there: is the server test running? remove it first"; exit 69; }
getent group nogroup >/dev/null || { say "no group nogroup here"; exit 69; }
db=$(bench_db "$persons")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
trap 'rm -rf "$tmp" "$sroot"' EXIT
case ,$(findmnt -n -o OPTIONS -T "$tmp"), in
*,nosuid,*) say "$tmp is mounted nosuid: no set-group-id program runs there"; exit 77 ;;
esac
chmod 755 "$tmp"
cp "$srv" "$tmp/jobdesk"
chown root:nogroup "$tmp/jobdesk"
chmod 2755 "$tmp/jobdesk"
mkdir -p "$sroot/etc"
printf 'database = %s\npolicies = %s\n' "$db" "$root/policies" >"$sroot/etc/jobdesk.conf"
chmod 644 "$sroot/etc/jobdesk.conf"
key=$(sqlite3 "$db" "SELECT id_number FROM person ORDER BY rowid LIMIT 1")
name=$(sqlite3 "$db" "SELECT substr(name, 1, 1) FROM person ORDER BY rowid LIMIT 1")
# the privileged one must really be privileged: --db is ignored, and it says so
"$tmp/jobdesk" --db /nonexistent search "$name" >/dev/null 2>"$tmp/err"
grep -q -- '--db is ignored' "$tmp/err" || { say "the copy does not run privileged"; exit 70; }
unset JOBDESK_DB

# time_of WHICH COMMAND...: the wall time of one run, through the privileged or ordinary jobdesk
time_of() {
	local which=$1 t0 t1; shift
	rm -f "$tmp/out.csv"
	t0=$(now)
	if [ "$which" = srv ]; then "$tmp/jobdesk" "$@" >/dev/null; else "$bin" --db "$db" "$@" >/dev/null; fi
	t1=$(now)
	secs "$t0" "$t1"
}
declare -A got
for r in $(seq "$rounds"); do
	order="srv ord"; [ $((r % 2)) = 0 ] && order="ord srv"
	for w in $order; do
		got[search-$w]+="$(time_of "$w" search "$name" --limit 20) "
		got[show-$w]+="$(time_of "$w" person show "$key") "
		got[export-$w]+="$(time_of "$w" export "$tmp/out.csv") "
	done
	say "round $r done"
done
med() { tr ' ' '\n' | grep . | median; }
for m in search show export; do
	s=$(echo "${got[$m-srv]}" | med)
	o=$(echo "${got[$m-ord]}" | med)
	case $m in
	search) label="search (20 hits), set-group-id" ;;
	show) label="person show, set-group-id" ;;
	export) label="export $persons persons, set-group-id" ;;
	esac
	bench_row "$label" "$s" s "ordinary jobdesk --db" "$o" "~1.0x"
done
