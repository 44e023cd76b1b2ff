#!/usr/bin/env bash
# The policy benchmark (issue 3, item 9). Not a test: it prints figures.
#
#   usage: tests/bench/policy.sh [PERSONS]        (default 1000000)
#
# Over one demo database (PERSONS persons, seed 1, kept as $BENCH_DIR/bench-policy-PERSONS.db and built
# with `jobdesk demo` only when missing: that takes a while) it times, side by side:
#   (a) jobdesk: `policy eval --all --on 2018-03-01 --format json > /dev/null`, the thirteen policies for
#       every person with their reasons, in one process on one core;
#   (b) the peer: the same thirteen policies written for the npm package json-rules-engine
#       (tests/bench/policy_peer/rules.js), evaluated by Node over the same persons' facts exported as
#       JSON Lines (policy_peer/export_facts.c: the same core/facts.c iterator and tree). The peer gives
#       outcomes and amounts, not reason sentences. Its decisions are first checked against jobdesk's on
#       the first CHECK persons;
#   (c) the floor: the sqlite3 shell reading the rows that iterator reads (the four ordered queries of
#       src/core/facts.c) to /dev/null.
# and prints seconds, CPU seconds, persons per second, the ratios and the goals of the issue: the
# 1,000,000-person database in under 10 s, at least 20x the peer, within 3x of the floor.
#
# Environment: BUILD        build folder, relative to the repository root or absolute (default build)
#              BENCH_DIR    where the database, the exported facts and the npm package are kept (/tmp)
#              PEER_PERSONS evaluate only the first this many persons with the peer (default: all)
#              CHECK        persons whose peer decisions are compared with jobdesk's (default 2000)
#              ON           the evaluation date (default 2018-03-01)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/jobdesk
persons=${1:-1000000}
bench_dir=${BENCH_DIR:-/tmp}
on=${ON:-2018-03-01}
check=${CHECK:-2000}
peer_dir=$root/tests/bench/policy_peer
jre_version=7.3.1

if ! [[ $persons =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: policy.sh [PERSONS] (a whole number, default 1000000)" >&2
	exit 64
fi
peer_persons=${PEER_PERSONS:-$persons}
if ! [[ $peer_persons =~ ^[1-9][0-9]*$ && $check =~ ^[0-9]+$ ]]; then
	echo "policy: PEER_PERSONS must be a whole number above 0 and CHECK a whole number" >&2
	exit 64
fi
[ "$peer_persons" -gt "$persons" ] && peer_persons=$persons
[ "$check" -gt "$persons" ] && check=$persons
if [ ! -x "$bin" ] || [ ! -f "$build/libjd-core.a" ]; then
	echo "policy: $bin is not built; build it with: ninja -C $build (or set BUILD)" >&2
	exit 69
fi
for tool in sqlite3 node npm cc pkg-config awk; do
	if ! command -v "$tool" >/dev/null; then
		echo "policy: $tool is missing (apt-get install sqlite3 nodejs npm gcc pkg-config)" >&2
		exit 69
	fi
done
mkdir -p "$bench_dir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-policy-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export JOBDESK_USER=bench
unset JOBDESK_DB
export JOBDESK_POLICIES=$root/policies

db=$bench_dir/bench-policy-$persons.db
facts=$bench_dir/bench-policy-$persons.facts.jsonl
jre=$bench_dir/jobdesk-policy-peer-npm

# Log a step on stderr.
say() { echo "policy: $*" >&2; }
# x / y with d decimals ("n/a" when y is 0).
div() { awk -v x="$1" -v y="$2" -v d="${3:-1}" 'BEGIN { if (y + 0 == 0) print "n/a"; else printf "%.*f", d, x / y }'; }
# a + b, two decimals.
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }
# Run a command with its stdout to /dev/null; prints "wall user sys" seconds (stderr kept in $tmp/err).
timed() {
	local TIMEFORMAT='%R %U %S'
	{ time "$@" >/dev/null 2>"$tmp/err"; } 2>&1
}

# ---- the database ----
if [ ! -f "$db" ]; then
	say "building $db: demo --persons $persons --seed 1 (slow: about 1500 persons/s)"
	"$bin" --db "$db.part" demo --persons "$persons" --seed 1 >&2
	sqlite3 "$db.part" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	mv "$db.part" "$db"
	rm -f "$db.part-wal" "$db.part-shm"
fi
db=$(readlink -f "$db")   # jobdesk opens no symbolic link (SQLITE_OPEN_NOFOLLOW)
rows=$(sqlite3 "$db" 'SELECT count(*) FROM person;')
if [ "$rows" != "$persons" ]; then
	say "$db has $rows persons, not $persons; remove it to build it again"
	exit 65
fi
cat "$db" >/dev/null   # into the page cache: each contender reads it warm

# ---- the peer's inputs: json-rules-engine and the facts as JSON ----
if [ ! -f "$jre/node_modules/json-rules-engine/package.json" ]; then
	say "npm install json-rules-engine@$jre_version into $jre"
	mkdir -p "$jre"
	(cd "$jre" && npm init -y >/dev/null && npm install --no-audit --no-fund "json-rules-engine@$jre_version" >&2)
fi
# shellcheck disable=SC2046  # pkg-config output is meant to split
cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I"$root/include" -I"$build" \
	"$peer_dir/export_facts.c" "$build/libjd-core.a" "$build/libjd-policy.a" "$build/libjd-util.a" \
	$(pkg-config --cflags --libs sqlite3 libsodium yaml-0.1) -lm -o "$tmp/export_facts"
if [ ! -f "$facts" ] || [ "$facts" -ot "$db" ]; then
	say "exporting the facts of $persons persons to $facts"
	"$tmp/export_facts" "$db" >"$facts.part"
	mv "$facts.part" "$facts"
fi
export NODE_PATH=$jre/node_modules

# ---- the peer decides as jobdesk does ----
agree="not checked"
if [ "$check" -gt 0 ]; then
	say "checking the peer's decisions against jobdesk's on the first $check persons"
	"$bin" --db "$db" policy eval --all --on "$on" --format json | head -n "$check" >"$tmp/jobdesk.check" || true
	node "$peer_dir/peer.js" "$facts" "$on" "$check" >"$tmp/peer.check" 2>/dev/null
	if agree=$(node "$peer_dir/compare.js" "$tmp/jobdesk.check" "$tmp/peer.check"); then
		agree="agree: $(tail -1 <<<"$agree")"
	else
		say "the peer decides differently:"
		echo "$agree" >&2
		agree="DISAGREE: $(tail -1 <<<"$agree")"
	fi
fi

# ---- (c) the floor: the four ordered queries of src/core/facts.c (person.c's person_select_sql,
# progress.c's progress_columns) ----
floor_sql="SELECT p.id, p.id_number, p.name, p.sex, p.birth_date, p.phone, p.hukou_province, \
p.hukou_type, p.education, p.graduation_date, p.continuing_study, p.disabled, \
p.student_loan, p.veteran, p.registered_unemployed, p.employment_difficulty, \
p.overcapacity_worker, p.rural_transfer_worker, p.returnee_entrepreneur, p.job_seeking, \
p.employment_status, p.employer_kind, p.counselor, p.stage, p.next_followup, \
h.low_income, h.poor_disabled, h.registered_poor, h.extremely_poor, h.zero_employment, \
i.unemployment_months, i.social_insurance \
FROM person p LEFT JOIN household h ON h.id = p.household_id \
LEFT JOIN insurance i ON i.person_id = p.id ORDER BY p.id;
SELECT person_id, id, kind, status, start_date, end_date, \
coalesce(unit_name, (SELECT name FROM unit WHERE unit.id = enrollment.unit_id)), \
training_kind, class_hours, startup_kind, license_date, operating, social_insurance, program, \
assessed_pass, first_time, employer_kind \
FROM enrollment ORDER BY person_id, kind, start_date, id;
SELECT person_id, id, level, issued_on, occupation FROM certificate ORDER BY person_id, issued_on, id;
SELECT person_id, policy_id, decided_on, subject, subject_key FROM decision \
WHERE status IN ('proposed', 'approved') AND outcome = 'eligible' ORDER BY person_id, decided_on, id;"

say "(c) floor: sqlite3 reading the same rows"
read -r floor_wall floor_user floor_sys < <(timed sqlite3 "$db" "$floor_sql")

# ---- (a) jobdesk ----
say "(a) jobdesk policy eval --all --on $on --format json > /dev/null"
read -r jd_wall jd_user jd_sys < <(timed "$bin" --db "$db" policy eval --all --on "$on" --format json)
if [ -s "$tmp/err" ]; then
	say "jobdesk wrote to stderr: $(head -3 "$tmp/err")"
fi

# ---- (b) the peer ----
say "(b) the peer: node policy_peer/peer.js over $peer_persons persons (about 2500 persons/s)"
read -r peer_wall peer_user peer_sys < <(timed node "$peer_dir/peer.js" "$facts" "$on" "$peer_persons")
peer_inner=$(awk '/^peer:/ { print $(NF - 1) }' "$tmp/err")

# ---- the figures ----
jd_cpu=$(add "$jd_user" "$jd_sys")
peer_cpu=$(add "$peer_user" "$peer_sys")
floor_cpu=$(add "$floor_user" "$floor_sys")
jd_rate=$(div "$persons" "$jd_wall" 0)
jd_cpu_rate=$(div "$persons" "$jd_cpu" 0)
peer_rate=$(div "$peer_persons" "$peer_wall" 0)
peer_cpu_rate=$(div "$peer_persons" "$peer_cpu" 0)
floor_rate=$(div "$persons" "$floor_wall" 0)
floor_cpu_rate=$(div "$persons" "$floor_cpu" 0)
projected=$(div 1000000 "$jd_rate" 1)

cat <<EOF

policy eval --all over $persons persons (demo seed 1), on $on; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)
                                          wall s    CPU s   persons/s (wall)   persons/s (CPU)
  (a) jobdesk, with reasons            $(printf '%9s %9s %18s %17s' "$jd_wall" "$jd_cpu" "$jd_rate" "$jd_cpu_rate")
  (b) peer: json-rules-engine $jre_version   $(printf '%9s %9s %18s %17s' "$peer_wall" "$peer_cpu" "$peer_rate" "$peer_cpu_rate")
      ($peer_persons persons; no reason sentences; ${peer_inner:-?} s inside Node after start-up; decisions $agree)
  (c) floor: sqlite3 reading the rows  $(printf '%9s %9s %18s %17s' "$floor_wall" "$floor_cpu" "$floor_rate" "$floor_cpu_rate")

  jobdesk vs peer:  $(div "$jd_rate" "$peer_rate" 1)x faster by wall time, $(div "$jd_cpu_rate" "$peer_cpu_rate" 1)x by CPU time   (goal: at least 20x)
  jobdesk vs floor: $(div "$jd_wall" "$floor_wall" 2)x the floor's wall time, $(div "$jd_cpu" "$floor_cpu" 2)x its CPU time   (goal: within 3x)
  1,000,000 persons at this rate: $projected s   (goal: under 10 s on one core)
EOF
