#!/usr/bin/env bash
# The county server (issue 12, item 7). Not a test: it prints figures.
#
#   usage: tests/bench/county.sh [PERSONS [SESSIONS [WRITERS [SECONDS]]]]
#          (defaults 1000000 200 20 60; a small run: county.sh 20000 10 2 10)
#
# On a copy of the demo database of PERSONS persons (seed 1; the copy because the writers write)
# it starts SESSIONS counselor screens (the real jobdesk on pseudo-terminals of 80x24, each a
# counselor of the biggest caseloads, in zh_CN) and, once they are all up, WRITERS writers
# (tests/bench/county_writer.c, compiled here against the static libraries: each a counselor
# doing one user action every KEY_WRITE seconds on average, in turn a person edited, progress
# added, a note with a follow-up, a benefit granted) for SECONDS seconds, while each screen is sent
# a page key (PgDn, every fifth PgUp) every KEY_S seconds on average. The baseline, in the same
# loop and the same run: SHELLS sqlite3 shells on pseudo-terminals running the page query the
# screen runs (traced from caseload_page(), so the same SQL), one page per key. Repaint: from the
# key to the last byte it brought, over after 30 ms without one (tests/bench/county.py).
# Counted: busy or locked databases on any screen or writer (the goal is 0); repaint p50 and p95
# (goal p95 under 16 ms); memory per screen: VmHWM and Pss (/proc/PID/smaps_rollup, the shared
# page cache counted once over all processes).
#
# Environment: BUILD      build folder (default build)
#              DB         a database to write to instead of a copy of the demo (it must be one)
#              SHELLS     sqlite3 shells beside the screens (default: a tenth of SESSIONS, >= 2)
#              KEY_S      seconds between a screen's keys, on average (default 2)
#              KEY_WRITE  seconds between a writer's actions, on average (default 3)
#              KEEP=1     keep the temporary folder
set -euo pipefail
BENCH_NAME=county
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config python3

persons=${1:-1000000}
sessions=${2:-200}
nwriters=${3:-20}
seconds=${4:-60}
shells=${SHELLS:-$(( sessions / 10 > 2 ? sessions / 10 : 2 ))}
key_s=${KEY_S:-2}
key_write=${KEY_WRITE:-3}
for v in "$persons" "$sessions" "$nwriters" "$seconds" "$shells"; do
	if ! [[ $v =~ ^[0-9]+$ ]] || [ "$v" -eq 0 ]; then
		echo "usage: county.sh [PERSONS [SESSIONS [WRITERS [SECONDS]]]] (whole numbers above 0)" >&2
		exit 64
	fi
done
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $(( (sessions + shells) * 2 + 64 )) ]; then
	ulimit -n $(( (sessions + shells) * 2 + 64 )) 2>/dev/null || {
		echo "county: $((sessions + shells)) terminals need more open files than ulimit -n $(ulimit -n)" >&2
		exit 69
	}
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-county.XXXXXX")
# Remove the temporary folder (and the copy of the database in it) unless KEEP=1.
cleanup() {
	touch "$tmp/stop" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

if [ -n "${DB:-}" ]; then
	db=$(readlink -f "$DB")
	say "writing to $db"
else
	src=$(bench_db "$persons")
	say "copying $src (the writers write to the copy)"
	cp "$src" "$tmp/county.db"
	db=$tmp/county.db
fi
bench_zh

bench_cc county_writer.c "$tmp/county_writer"

# the counselors of the biggest caseloads: screens take them in turn, so do writers
sqlite3 "$db" "SELECT counselor FROM person WHERE merged_into IS NULL AND stage <> 'closed'
	GROUP BY counselor ORDER BY count(*) DESC, counselor LIMIT $sessions" >"$tmp/users"
[ -s "$tmp/users" ] || { say "no counselor has open cases in $db"; exit 65; }
# the page statements as jobdesk runs them (first page, page after a row), for the shells
"$tmp/county_writer" --page-sql "$db" "$(head -1 "$tmp/users")" >"$tmp/page.sql"
[ "$(wc -l <"$tmp/page.sql")" = 2 ] || { say "could not trace the page query: $(cat "$tmp/page.sql")"; exit 70; }
# the same rows: the shell's first page is what the first screen lists (names, in order)
python3 - "$db" "$tmp/page.sql" "$(head -1 "$tmp/users")" <<'PY'
import sqlite3, sys
db, page, user = sys.argv[1:]
first = open(page, encoding='utf-8').readline().strip()
c = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
rows = c.execute(first, (user, None, None, None, None, 20)).fetchall()
if len(rows) != 20:
    sys.exit('county: the page query gave %d rows, not 20' % len(rows))
PY
awk -v p="$root/policies" -v d="$db" -v w="$tmp/county_writer" -v s="$tmp/stop" \
	-v n="$nwriters" -v ms="$((key_write * 1000))" '
	{ u[NR] = $0 } END { for (i = 0; i < n; i++)
		printf "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", w, d, p, u[i % NR + 1], i, ms, s }' "$tmp/users" \
	>"$tmp/writers"

say "$sessions screens, $shells sqlite3 shells, $nwriters writers, ${seconds} s on $persons persons ($locale)"
python3 "$root/tests/bench/county.py" "$bin" "$db" "$tmp/users" "$tmp/page.sql" "$tmp/writers" \
	"$tmp/stop" "$sessions" "$shells" "$seconds" "$key_s" | tee "$tmp/out" >&2

# result NAME VALUE lines; the writers' own lines summed
r() { awk -v k="$1" '$1 == "result" && $2 == k { print $3 }' "$tmp/out"; }
read -r writes wbusy refused wp95 wmax < <(awk '$1 == "writer" { n += $3; b += $5; f += $7
	if ($11 > p) p = $11; if ($13 > m) m = $13 } END { printf "%d %d %d %.1f %.1f\n", n, b, f, p, m }' "$tmp/out")
sbusy=$(r screen_busy)
echo
echo "county server: $persons persons, $sessions screens and $shells sqlite3 shells (a page key every ~${key_s} s each), $nwriters writers (an action every ~${key_write} s each), $(r window_s) s"
echo "writes $writes ($refused turned down by the rules), slowest writer's p95 $wp95 ms, longest $wmax ms"
echo "repaints: screens $(r screen_repaints) (no output: $(r screen_timeouts)), shells $(r shell_repaints)"
bench_row "busy or locked, screens + writers" "$((sbusy + wbusy))" count "-" "" "0"
bench_row "repaint p50, key to settled screen" "$(r screen_p50_ms)" ms "sqlite3 shell page p50" "$(r shell_p50_ms)" "-"
bench_row "repaint p95, key to settled screen" "$(r screen_p95_ms)" ms "sqlite3 shell page p95" "$(r shell_p95_ms)" "<16 ms"
bench_row "screen memory VmHWM p50" "$(r screen_vmhwm_p50_kib)" KiB "sqlite3 shell VmHWM p50" "$(r shell_vmhwm_p50_kib)" "-"
bench_row "screen memory Pss p50" "$(r screen_pss_p50_kib)" KiB "sqlite3 shell Pss p50" "$(r shell_pss_p50_kib)" "-"
bench_row "screen memory Pss, all $sessions screens" "$(( $(r screen_pss_sum_kib) / 1024 ))" MiB "-" "" "-"
bench_row "writer action p95 (slowest writer)" "$wp95" ms "-" "" "-"
