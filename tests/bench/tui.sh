#!/usr/bin/env bash
# The counselor's screen, timed on a demo database: tests/bench/tui.sh [PERSONS] (default 1000000).
# Builds the database once (kept as bench-tui-N.db under ${BENCH_DIR:-/tmp}), then runs tui_bench.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jobdesk=$root/${BUILD:-build}/jobdesk
# the source tree's policies and the build tree's catalogue (nothing is baked into the binary)
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$root/policies} JOBDESK_LOCALEDIR=${JOBDESK_LOCALEDIR:-$root/${BUILD:-build}/po}
n=${1:-1000000}
db=${BENCH_DIR:-/tmp}/bench-tui-$n.db
if [ ! -f "$db" ]; then
	echo "tui bench: building a $n-person demo database in $db" >&2
	"$jobdesk" --db "$db" demo --persons "$n" --seed 1 >&2
fi
db=$(readlink -f "$db")  # jobdesk refuses to open a database through a symbolic link
user=$(sqlite3 "$db" "SELECT counselor FROM person GROUP BY counselor ORDER BY count(*) DESC LIMIT 1")
BENCH_USER=$user python3 "$here/tui_bench.py" "$jobdesk" "$db" "${ROUNDS:-20}"
