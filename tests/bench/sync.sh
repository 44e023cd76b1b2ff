#!/usr/bin/env bash
# What a bundle costs (issue 17, point 3). Not a test: it prints figures.
#
#   usage: tests/bench/sync.sh [PERSONS [CHANGED]]    (defaults 100000 and 100000)
#
# A county and a township, each a copy of one demo of PERSONS persons (seed 1, made here),
# offices set, keys exchanged and a first exchange made. Then two workloads at the township, each measured ROUNDS times
# (default 3), alternating which goes first, beside the baseline: the sqlite3 shell's `.backup`
# of the same township database (what carrying the whole database on a stick would cost):
#   month    a month of a township's work: DAYS (default 22) days, each REGS registrations
#            (default 10) with a completed training for half of them and a note on the other
#            half, one jobdesk process per action, JOBDESK_TODAY a day at a time
#   changed  CHANGED persons registered in one `jobdesk import` (one outbox row), made from the
#            demo's own export with another division code (so new ID numbers), after the month
#            was acknowledged (so the bundle holds only them)
# For each: `sync export` (wall), `sync import` at a fresh copy of the county (wall; the copy is
# made before the clock starts), the bundle's bytes beside the backup's, and the outbox rows.
# Medians and ratios over the rounds, of wall time and of CPU time (user + system, which a busy
# machine disturbs less: an import's wall time there is mostly its fsyncs waiting).
# Measured 2026-11-29 (100,000 demo persons, 3 rounds, 2 CPUs at load 16-19: walls scatter):
#   month    220 registrations, 440 outbox rows: bundle 165,124 bytes (.backup 360 MB); export
#            0.26 s wall, 0.01 s CPU; import 7.9 s wall (0.99x .backup's 8.0 s), 0.80 s CPU
#   changed  100,000 registrations, one outbox row of 64.8 MB: bundle 64,790,673 bytes (0.11x
#            .backup's 600.8 MB); export 3.5 s wall (0.29x .backup's 12.1 s), 0.91 s CPU;
#            import 168 s wall, 42.8 s CPU (27x .backup's 1.58 s CPU; the township's own
#            jobdesk import of the same rows took 115-332 s wall)
# Environment: BUILD, BENCH_DIR (lib.sh); ROUNDS; DAYS; REGS; WORK (a folder with room for five
# copies of the database, default $TMPDIR or /tmp); KEEP=1 keeps the folder.
set -euo pipefail
BENCH_NAME=sync
. "$(dirname "$0")/lib.sh"

persons=${1:-100000}
changed=${2:-100000}
rounds=${ROUNDS:-3}
days=${DAYS:-22}
regs=${REGS:-10}
for v in "$persons" "$changed" "$rounds" "$days" "$regs"; do
	if ! [[ $v =~ ^[1-9][0-9]*$ ]]; then
		echo "usage: sync.sh [PERSONS [CHANGED]] (whole numbers; ROUNDS, DAYS, REGS likewise)" >&2
		exit 64
	fi
done
bench_init python3 sqlite3
export JOBDESK_USER=bench JOBDESK_POLICIES=${JOBDESK_POLICIES:-$root/policies}

tmp=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/jobdesk-bench-sync.XXXXXX")
# Remove the temporary folder unless KEEP=1.
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# the demo, made here by the bench user (its administrator: the kept demos of BENCH_DIR were
# made by others, and keys and trust need an administrator)
say "making a demo of $persons persons in $tmp"
start=$(now)
"$bin" --db "$tmp/base.db" demo --persons "$persons" --seed 1 >/dev/null
say "the demo took $(secs "$start" "$(now)") s"
JOBDESK_TODAY=2018-03-01 "$bin" --db "$tmp/base.db" init >/dev/null
"$bin" --db "$tmp/base.db" export "$tmp/persons.csv" >/dev/null 2>&1
cp "$tmp/base.db" "$tmp/c.db"
mv "$tmp/base.db" "$tmp/t.db"
rm -f "$tmp"/base.db-*
at() { local o=$1; shift; "$bin" --db "$tmp/$o.db" "$@"; }
export JOBDESK_TODAY=2018-03-01
at c init --office 2201 --office-name 朝阳区就业服务局 --level county >/dev/null
at t init --office 220101 --office-name 第一镇 --level township --parent 2201 >/dev/null
at c sync key "$tmp/c.key" >/dev/null
at t sync key "$tmp/t.key" >/dev/null
at c sync trust "$tmp/t.key" >/dev/null
at t sync trust "$tmp/c.key" >/dev/null
at t sync export "$tmp/first.jdb" >/dev/null
at c sync import "$tmp/first.jdb" >/dev/null
at c sync export --to 220101 "$tmp/first-ack.jdb" >/dev/null
at t sync import "$tmp/first-ack.jdb" >/dev/null

# the new persons: the demo's rows with division 220103 and the check digit made again
python3 - "$tmp/persons.csv" "$tmp" "$changed" "$days" "$regs" <<'PY'
import csv, sys
src, out, changed, days, regs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s):
    return s + '10X98765432'[sum(int(c) * k for c, k in zip(s, w)) % 11]
rows = list(csv.DictReader(open(src, newline='', encoding='utf-8-sig')))
# the month's registrations: division 110108 (which no demo person has), born 1990-01-01 plus
# the day of the month, numbered within the day
with open(out + '/month', 'w', encoding='utf-8') as f:
    for i in range(days * regs):
        r = rows[i % len(rows)]
        f.write('%s\t%s\n' % (r['name'], idnum('11010819900%03d%03d' % (101 + i // 1000, i % 1000))))
fields = list(rows[0].keys())
with open(out + '/changed.csv', 'w', newline='', encoding='utf-8') as f:
    wr = csv.DictWriter(f, fieldnames=fields)
    wr.writeheader()
    for i in range(changed):
        r = dict(rows[i % len(rows)])
        r['id_number'] = idnum('110109' + r['id_number'].lstrip('\t')[6:17])
        if 'id' in r:
            r['id'] = ''
        wr.writerow(r)
PY

# the month's work, a day at a time
say "a month at the township: $days days of $regs registrations"
start=$(now)
n=0
while IFS=$'\t' read -r name id; do
	d=$((n / regs))
	export JOBDESK_TODAY=$(date -u -d "2018-03-01 + $d days" +%F)
	at t person add --name "$name" --id-number "$id" --hukou-type rural >/dev/null 2>&1
	if [ $((n % 2)) = 0 ]; then
		at t progress add "$id" --kind training --status completed --training-kind employment_skills \
		    --start-date 2017-11-01 --end-date 2017-12-15 --class-hours 120 >/dev/null
	else
		at t note add "$id" --text "电话回访" --followup 2018-04-20 >/dev/null
	fi
	n=$((n + 1))
done <"$tmp/month"
say "the month took $(secs "$start" "$(now)") s"
export JOBDESK_TODAY=2018-03-31

# cpu_of CMD...: run it (stdout to $tmp/cpu.out); its user + system seconds in $cpu
cpu_of() {
	local t0 t1
	t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	"$@" >"$tmp/cpu.out"
	t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
}

# measure WHAT: ROUNDS of export, import at a fresh county copy, and .backup; rows printed
measure() {
	local what=$1 r e i b
	local -a ex im bk exc imc bkc
	sqlite3 "$tmp/c.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$tmp/c.db" "$tmp/c-keep.db"
	for r in $(seq 1 "$rounds"); do
		cp "$tmp/c-keep.db" "$tmp/c.db"
		rm -f "$tmp/c.db-wal" "$tmp/c.db-shm" "$tmp/b.jdb" "$tmp/backup.db"
		sync
		if [ $((r % 2)) = 1 ]; then
			b=$(now); cpu_of sqlite3 "$tmp/t.db" ".backup '$tmp/backup.db'"; bk+=("$(secs "$b" "$(now)")"); bkc+=("$cpu")
		fi
		e=$(now); cpu_of at t sync export "$tmp/b.jdb"; ex+=("$(secs "$e" "$(now)")"); exc+=("$cpu")
		i=$(now); cpu_of at c sync import "$tmp/b.jdb"; im+=("$(secs "$i" "$(now)")"); imc+=("$cpu")
		cp "$tmp/cpu.out" "$tmp/import.out"
		if [ $((r % 2)) = 0 ]; then
			b=$(now); cpu_of sqlite3 "$tmp/t.db" ".backup '$tmp/backup.db'"; bk+=("$(secs "$b" "$(now)")"); bkc+=("$cpu")
		fi
		say "$what round $r: export ${ex[-1]} s (CPU ${exc[-1]}), import ${im[-1]} s (CPU ${imc[-1]}), .backup ${bk[-1]} s"
	done
	local mex mim mbk
	mex=$(printf '%s\n' "${ex[@]}" | median)
	mim=$(printf '%s\n' "${im[@]}" | median)
	mbk=$(printf '%s\n' "${bk[@]}" | median)
	bench_row "$what: sync export (s)" "$mex" s ".backup of the database" "$mbk" -
	bench_row "$what: sync import (s)" "$mim" s ".backup of the database" "$mbk" -
	local mbkc
	mbkc=$(printf '%s\n' "${bkc[@]}" | median)
	bench_row "$what: sync export CPU (s)" "$(printf '%s\n' "${exc[@]}" | median)" s ".backup's CPU" "$mbkc" -
	bench_row "$what: sync import CPU (s)" "$(printf '%s\n' "${imc[@]}" | median)" s ".backup's CPU" "$mbkc" -
	bench_row "$what: bundle size (bytes)" "$(stat -c %s "$tmp/b.jdb")" B ".backup's file" \
	    "$(stat -c %s "$tmp/backup.db")" -
	bench_row "$what: outbox rows carried" "$(sqlite3 "$tmp/t.db" "SELECT count(*) FROM outbox")" rows - - -
	grep -q applied "$tmp/import.out" || { say "the import did not apply: $(cat "$tmp/import.out")"; exit 70; }
	rm -f "$tmp/c-keep.db"
}

measure month
# acknowledge the month, so that the next bundle holds only the changed persons
at c sync export --to 220101 "$tmp/ack.jdb" >/dev/null
at t sync import "$tmp/ack.jdb" >/dev/null
say "registering $changed persons in one import"
start=$(now)
at t import "$tmp/changed.csv" --skip-bad >/dev/null 2>&1
say "the import took $(secs "$start" "$(now)") s; outbox: $(sqlite3 "$tmp/t.db" "SELECT count(*) || ' rows, ' || sum(length(changeset)) || ' bytes' FROM outbox")"
measure "$changed changed persons"
