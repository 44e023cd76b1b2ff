#!/usr/bin/env bash
# The counselor's screen, timed: tests/bench/tui.sh [PERSONS] (default 1000000; ROUNDS, default 20).
# On the demo database (tests/bench/lib.sh: bench_db), as the counselor with the most cases, in
# zh_CN: key to repaint when paging (PgDn) and when typing a search (w, l), and the screen's peak
# memory (VmHWM; Pss), each beside an sqlite3 shell on its own pseudo-terminal running the same
# statements (traced from caseload_page() and search_run()), in turn (tests/bench/tui_bench.py).
set -euo pipefail
BENCH_NAME=tui
. "$(dirname "$0")/lib.sh"
bench_init python3 cc pkg-config
n=${1:-1000000}
rounds=${ROUNDS:-20}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-tui.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$(readlink -f "$(bench_db "$n")")  # jobdesk refuses to open a database through a symbolic link
user=$(sqlite3 "$db" "SELECT counselor FROM person WHERE merged_into IS NULL AND stage <> 'closed'
	GROUP BY counselor ORDER BY count(*) DESC, counselor LIMIT 1")
bench_zh

bench_cc county_writer.c "$tmp/county_writer"
"$tmp/county_writer" --page-sql "$db" "$user" >"$tmp/page.sql"
# the search screen's limit at 80x24 is 19 rows (src/tui/ui-search.c: rows - 5)
"$tmp/county_writer" --search-sql "$db" 19 w wl >"$tmp/search.sql"
if [ "$(wc -l <"$tmp/page.sql")" != 2 ] || [ "$(wc -l <"$tmp/search.sql")" != 2 ]; then
	say "could not trace the page and search statements"
	exit 70
fi

python3 "$root/tests/bench/tui_bench.py" "$bin" "$db" "$user" "$tmp/page.sql" "$tmp/search.sql" "$rounds" \
	>"$tmp/out"
r() { awk -v k="$1" -v i="$2" '$1 == "result" && $2 == k { print $(2 + i) }' "$tmp/out"; }
echo "tui bench: $n persons, as $user ($locale), $rounds rounds; screen and shell in turn"
bench_row "paging repaint p50 (PgDn)" "$(r paging_p50 1)" ms "sqlite3 shell, next page" "$(r paging_p50 2)" "-"
bench_row "paging repaint p95 (PgDn)" "$(r paging_p95 1)" ms "sqlite3 shell, next page" "$(r paging_p95 2)" "<16 ms"
bench_row "typing a search, repaint p50" "$(r typing_p50 1)" ms "sqlite3 shell, same search" "$(r typing_p50 2)" "-"
bench_row "typing a search, repaint p95" "$(r typing_p95 1)" ms "sqlite3 shell, same search" "$(r typing_p95 2)" "<16 ms"
bench_row "screen peak memory (VmHWM)" "$(r vmhwm 1)" KiB "sqlite3 shell VmHWM" "$(r vmhwm 2)" "<32768 KiB"
