#!/usr/bin/env bash
# What the outbox costs (issue 17, point 2). Not a test: it prints figures.
#
#   usage: tests/bench/outbox.sh [PERSONS [ADDS]]    (defaults 100000 and 200)
#
# The baseline is the build before the outbox (BASE_BIN, default /tmp/base/build/jobdesk: the
# main branch's build), the same commands on the same rows: no switch in the binary turns the
# outbox off. The rows are the demo of PERSONS persons (seed 1: the kept one when it is under the
# baseline's schema) exported to CSV once by the baseline. ROUNDS times (default 3), alternating
# which binary goes first, each on a fresh database its own `init` made before the clock starts:
#   import   `jobdesk import FILE.csv`: one transaction, its changeset one outbox row
#   add      ADDS `jobdesk person add` processes one after another (the first ADDS rows of the
#            file: name, ID number, phone, hukou type, education), each its own transaction and
#            outbox row: a counselor's writes, start-up included
# and then, from the last round's databases, the outbox's bytes per person (the changesets'
# length over the persons written) beside the database's own bytes per person (page_count *
# page_size, after a checkpoint), for the import and for the adds.
# Medians of wall and CPU time (user + system, which a busy machine disturbs less), ratios.
#
# Measured 2026-11-29 (100,000 demo persons, 200 adds, 3 alternating rounds, BASE_BIN the build of
# 4b20ff6 just before the outbox; 2 CPUs at load 13-17, so the wall times scatter):
#   import      CPU 24.8 s with the outbox, 21.8 s before: 1.14x (rounds 1.09, 1.14, 1.26);
#               wall 132.8 s, 104.3 s: 1.27x
#   200 adds    CPU 2.75 s, 2.58 s: 1.07x; wall 20.7 s, 19.9 s: 1.04x
#   bytes       the import's one outbox row 717 bytes a person (the database grew 2,595 bytes a
#               person with it, 1,899 before: 1.37x); a person add's row 300 bytes
# Environment: BUILD, BENCH_DIR (lib.sh); BASE_BIN; ROUNDS (default 3); KEEP=1 keeps the folder.
set -euo pipefail
BENCH_NAME=outbox
. "$(dirname "$0")/lib.sh"

persons=${1:-100000}
adds=${2:-200}
rounds=${ROUNDS:-3}
if ! [[ $persons =~ ^[1-9][0-9]*$ && $adds =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: outbox.sh [PERSONS [ADDS]] (whole numbers, defaults 100000 and 200; ROUNDS=N)" >&2
	exit 64
fi
bench_init python3
base=${BASE_BIN:-/tmp/base/build/jobdesk}
if [ ! -x "$base" ]; then
	echo "$BENCH_NAME: $base (BASE_BIN) is not built: build the main branch there" >&2
	exit 69
fi
export JOBDESK_USER=bench  # no JOBDESK_TODAY: the demo is dated today, as bench_db makes it

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench-outbox.XXXXXX")
# Remove the temporary folder unless KEEP=1.
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# ---- the rows, once: the demo under the baseline's schema, exported by the baseline ----
# The kept demo (BENCH_DIR) is read when it is the baseline's (its schema, seed 1, PERSONS
# persons); otherwise the baseline makes one of its own here: a kept demo is never moved aside
# or replaced from this script (the other benchmarks keep it under this build's schema).
demo=${BENCH_DIR:-/tmp/jobdesk-bench}/demo-$persons-seed1.db
"$base" --db "$tmp/probe.db" demo --persons 1 --seed 1 >/dev/null
bschema=$(sqlite3 "$tmp/probe.db" "PRAGMA user_version")
bfirst=$(sqlite3 "$tmp/probe.db" "SELECT id_number FROM person ORDER BY rowid LIMIT 1")
if ! [ -f "$demo" ] || [ "$(sqlite3 "$demo" "PRAGMA user_version")" != "$bschema" ] ||
   [ "$(sqlite3 "$demo" "SELECT id_number FROM person ORDER BY rowid LIMIT 1")" != "$bfirst" ] ||
   [ "$(sqlite3 "$demo" "SELECT count(*) FROM person WHERE id_number NOT LIKE '110101%'")" != "$persons" ]; then
	say "making the baseline's demo of $persons persons in $tmp (no kept one under schema $bschema)"
	demo=$tmp/demo.db
	"$base" --db "$demo" demo --persons "$persons" --seed 1 >/dev/null
fi
csv=$tmp/persons.csv
"$base" --db "$demo" export "$csv" >/dev/null 2>&1
csv_rows() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig"))))' "$1"; }
rows=$(csv_rows "$csv")
say "exported $rows persons to $csv ($(stat -c %s "$csv") bytes)"
# the person add command lines: one a line, NUL-separated arguments
python3 - "$csv" "$adds" "$tmp/adds" <<'PY'
import csv, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(src, newline='', encoding='utf-8-sig') as f, open(out, 'w', encoding='utf-8') as o:
    for i, r in enumerate(csv.DictReader(f)):
        if i == n:
            break
        args = ['--name', r['name'], '--id-number', r['id_number'].lstrip('\t')]
        for k in ('phone', 'hukou_type', 'education'):
            if r.get(k, '').strip('\t'):
                args += ['--' + k.replace('_', '-'), r[k].lstrip('\t')]
        o.write('\t'.join(args) + '\n')
PY

# timed CMD...: run it (stdout, stderr to $tmp/run.out, .err); "WALL CPU" in $tmp/run.time
timed() {
	python3 - "$tmp/run" "$@" <<'PY'
import resource, subprocess, sys, time
base, cmd = sys.argv[1], sys.argv[2:]
t = time.monotonic()
with open(base + '.out', 'wb') as out, open(base + '.err', 'wb') as err:
    rc = subprocess.call(cmd, stdout=out, stderr=err)
wall = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(base + '.time', 'w') as f:
    f.write('%.3f %.3f\n' % (wall, u.ru_utime + u.ru_stime))
sys.exit(rc)
PY
}
# add_loop BIN DB: every person add of $tmp/adds, one process each
add_loop() {
	local b=$1 db=$2 line
	while IFS= read -r line; do
		IFS=$'\t' read -r -a a <<<"$line"
		"$b" --db "$db" person add "${a[@]}" >/dev/null || return 1
	done <"$tmp/adds"
}
export -f add_loop
export tmp

# bytes DB: the database's size after a checkpoint (page_count * page_size)
bytes() { sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null; sqlite3 "$1" "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"; }
# per BYTES N [MINUS]: (BYTES - MINUS) / N, whole bytes
per() { awk -v b="$1" -v n="$2" -v m="${3:-0}" 'BEGIN { printf "%.0f", (b - m) / n }'; }

declare -a wi_jd wi_b ci_jd ci_b wa_jd wa_b ca_jd ca_b
for ((r = 1; r <= rounds; r++)); do
	for k in jd b; do
		rm -f "$tmp/$k-imp.db"* "$tmp/$k-add.db"*
	done
	"$bin" --db "$tmp/jd-imp.db" init >/dev/null
	"$bin" --db "$tmp/jd-add.db" init >/dev/null
	"$base" --db "$tmp/b-imp.db" init >/dev/null
	"$base" --db "$tmp/b-add.db" init >/dev/null
	sync
	fresh_jd=$(bytes "$tmp/jd-imp.db")
	fresh_b=$(bytes "$tmp/b-imp.db")
	order="jd b"
	[ $((r % 2)) = 0 ] && order="b jd"
	for k in $order; do
		b=$bin
		[ "$k" = b ] && b=$base
		timed "$b" --db "$tmp/$k-imp.db" import "$csv" ||
			{ say "$k import failed: $(head -3 "$tmp/run.err")"; exit 1; }
		read -r w c <"$tmp/run.time"
		if [ "$k" = jd ]; then wi_jd+=("$w"); ci_jd+=("$c"); else wi_b+=("$w"); ci_b+=("$c"); fi
	done
	for k in $order; do
		b=$bin
		[ "$k" = b ] && b=$base
		timed bash -c 'add_loop "$1" "$2"' _ "$b" "$tmp/$k-add.db" ||
			{ say "$k person add failed: $(head -3 "$tmp/run.err")"; exit 1; }
		read -r w c <"$tmp/run.time"
		if [ "$k" = jd ]; then wa_jd+=("$w"); ca_jd+=("$c"); else wa_b+=("$w"); ca_b+=("$c"); fi
	done
	say "round $r ($order first; wall s / cpu s): import jobdesk ${wi_jd[-1]} / ${ci_jd[-1]}, before ${wi_b[-1]} / ${ci_b[-1]}; $adds adds jobdesk ${wa_jd[-1]} / ${ca_jd[-1]}, before ${wa_b[-1]} / ${ca_b[-1]}"
done

# ---- the check: the same persons; the outbox holds every imported person, one row the import ----
for k in imp add; do
	a=$(sqlite3 "$tmp/jd-$k.db" "SELECT count(*) FROM person")
	bb=$(sqlite3 "$tmp/b-$k.db" "SELECT count(*) FROM person")
	[ "$a" = "$bb" ] || { say "$k: $a persons with the outbox, $bb before"; exit 1; }
done
[ "$(sqlite3 "$tmp/jd-imp.db" "SELECT count(*) FROM outbox")" = 1 ] ||
	{ say "the import is not one outbox row"; exit 1; }
[ "$(sqlite3 "$tmp/jd-add.db" "SELECT count(*) FROM outbox")" = "$adds" ] ||
	{ say "the adds are not one outbox row each"; exit 1; }
"$bin" --db "$tmp/jd-imp.db" db check >"$tmp/check" 2>&1 ||
	{ say "db check failed after the import: $(tail -3 "$tmp/check")"; exit 1; }

# bytes per person: the outbox's, and what the database grew by with and without it
ob_imp=$(sqlite3 "$tmp/jd-imp.db" "SELECT sum(length(changeset)) FROM outbox")
ob_add=$(sqlite3 "$tmp/jd-add.db" "SELECT sum(length(changeset)) FROM outbox")
np=$(sqlite3 "$tmp/jd-imp.db" "SELECT count(*) FROM person")

med() { printf '%s\n' "$@" | median; }
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
bench_row "import $rows rows with the outbox, wall (median)" "$(med "${wi_jd[@]}")" s "before the outbox" "$(med "${wi_b[@]}")" "-"
bench_row "import $rows rows with the outbox, CPU (median)" "$(med "${ci_jd[@]}")" s "before the outbox" "$(med "${ci_b[@]}")" "-"
bench_row "$adds person adds with the outbox, wall (median)" "$(med "${wa_jd[@]}")" s "before the outbox" "$(med "${wa_b[@]}")" "-"
bench_row "$adds person adds with the outbox, CPU (median)" "$(med "${ca_jd[@]}")" s "before the outbox" "$(med "${ca_b[@]}")" "-"
bench_row "import: database growth a person" "$(per "$(bytes "$tmp/jd-imp.db")" "$np" "$fresh_jd")" B "before the outbox" "$(per "$(bytes "$tmp/b-imp.db")" "$np" "$fresh_b")" "-"
bench_row "import: outbox bytes a person" "$(per "$ob_imp" "$np")" B "database growth a person" "$(per "$(bytes "$tmp/jd-imp.db")" "$np" "$fresh_jd")" "-"
bench_row "person add: outbox bytes a person" "$(per "$ob_add" "$adds")" B "database growth a person" "$(per "$(bytes "$tmp/jd-add.db")" "$adds" "$fresh_jd")" "-"
