#!/usr/bin/env bash
# The supervisor's reports at scale (issue 16, point 4): each report of `jobdesk report` (the
# whole office, and one office's cases over six months) timed as a process, `jobdesk report KIND
# --format json`, beside the sqlite3 shell's fresh process running the very same statements
# (core/report.c report_sql, printed by tests/bench/report_sql.c) with the same parameters,
# alternating jobdesk and shell, ROUNDS rounds (default 3), warm; medians and ratios.
# The database: a copy of the demo of PERSONS (default 1,000,000) migrated by this build, with
# an office holding a tenth of the persons and decisions of every status for a third of them
# (amounts, months and payments following from each id, as tests/core/test_report.c makes
# them), and a user bench (an administrator: reports are for supervisors and administrators;
# the owner acts as bench) written through the sqlite3 shell with jobdesk's own jd_* functions loaded
# (tests/bench/import_ext.c) so that the audit triggers run. REPORT_DB=FILE: a copy of the demo
# of your own, migrated and filled on first use, then reused (never the shared demo itself);
# without it the copy is made in a temporary folder and removed at the end (REPORT_KEEP=1 keeps
# it at REPORT_DB).
# usage: tests/bench/report.sh [PERSONS]
set -euo pipefail
BENCH_NAME=report
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config
persons=${1:-1000000}
rounds=${ROUNDS:-3}
today=2018-03-01
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

bench_cc report_sql.c "$tmp/report_sql"
ext=$tmp/import_ext.so
# shellcheck disable=SC2046  # pkg-config output is meant to split
cc -O2 -shared -fPIC -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I"$root/include" -I"$build" \
	"$root/tests/bench/import_ext.c" "$build/libjd-core.a" "$build/libjd-policy.a" \
	"$build/libjd-util.a" $(pkg-config --cflags --libs sqlite3 libsodium yaml-0.1) -lunistring -lm -o "$ext"

if [ -n "${REPORT_DB:-}" ] && [ -f "$REPORT_DB" ]; then
	db=$REPORT_DB
	say "using $db"
else
	demo=$(bench_db "$persons")
	db=${REPORT_DB:-$tmp/report.db}
	say "copying $demo to $db"
	cp "$demo" "$db"
	[ "${REPORT_KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp" "$db" "$db-wal" "$db-shm"' EXIT
fi
if [ "$(sqlite3 "$db" "SELECT count(*) FROM office WHERE code = '220102'")" = 0 ]; then
	t0=$(now)
	"$bin" --db "$db" init >/dev/null
	say "migrated in $(secs "$t0" "$(now)") s"
	t0=$(now)
	sqlite3 -bail "$db" >/dev/null <<SQL
.load $ext sqlite3_importext_init
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
INSERT INTO app_user (id, login, display_name, role, created_at, updated_at, created_by)
  VALUES ('bench-u1', 'bench', 'bench', 'admin', jd_now_ms(), jd_now_ms(), 'bench');
INSERT INTO office (id, code, name, level, created_at, updated_at, created_by) VALUES
  ('bench-o1', '220102', '南关区', 'county', jd_now_ms(), jd_now_ms(), 'bench');
UPDATE person SET office_id = 'bench-o1' WHERE substr(id, -2, 1) IN ('0', '1', '2');
INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, outcome, amount_fen,
  facts_json, reasons_json, counselor, status, created_at, updated_at, created_by, approved_by,
  paid_on)
SELECT 'D' || id, id, CASE unicode(substr(id, -2, 1)) % 3 WHEN 0 THEN 'rural-training-subsidy'
  WHEN 1 THEN 'skill-upgrade-subsidy' ELSE 'employment-difficulty' END, 'h',
  '2017-' || printf('%02d', 1 + unicode(substr(id, -3, 1)) % 12) || '-1' || (unicode(substr(id, -4, 1)) % 9),
  'eligible', CASE WHEN unicode(substr(id, -2, 1)) % 3 = 2 THEN NULL ELSE
  1000 * (1 + unicode(substr(id, -5, 1)) % 50) END, '{}', '[]', coalesce(counselor, 'bench'),
  CASE WHEN unicode(substr(id, -2, 1)) % 3 = 2 THEN 'decided' ELSE CASE unicode(substr(id, -1)) % 5
  WHEN 0 THEN 'proposed' WHEN 1 THEN 'approved' WHEN 2 THEN 'paid' WHEN 3 THEN 'rejected'
  ELSE 'revoked' END END, jd_now_ms(), jd_now_ms(), 'bench', 'boss',
  CASE WHEN unicode(substr(id, -2, 1)) % 3 <> 2 AND unicode(substr(id, -1)) % 5 = 2
  THEN '2018-0' || (1 + unicode(substr(id, -4, 1)) % 3) || '-1' || (unicode(substr(id, -3, 1)) % 9) END
FROM person WHERE merged_into IS NULL AND unicode(substr(id, -6, 1)) % 3 = 0;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
	say "office and decisions written in $(secs "$t0" "$(now)") s"
fi
say "$(sqlite3 "$db" "SELECT count(*) || ' persons, ' || (SELECT count(*) FROM decision) || ' decisions, ' || (SELECT count(*) FROM decision WHERE status = 'paid') || ' paid, ' || (SELECT count(*) FROM person WHERE office_id = 'bench-o1') || ' in the office' FROM person")"

# run_jobdesk KIND [office]: the report as a process; its output to $tmp/j.out
run_jobdesk() {
	if [ "${2:-}" = office ]; then
		JOBDESK_TODAY=$today JOBDESK_USER=bench "$bin" --db "$db" report "$1" --office 220102 --from 2017-10-01 \
			--to 2018-03-31 --format json >"$tmp/j.out"
	else
		JOBDESK_TODAY=$today JOBDESK_USER=bench "$bin" --db "$db" report "$1" --format json >"$tmp/j.out"
	fi
}
# run_shell KIND [office]: the same statements in the shell with the same parameters
run_shell() {
	local from=0000-01-01 to=9999-12-30 office=NULL
	if [ "${2:-}" = office ]; then from=2017-10-01 to=2018-03-31 office="'220102'"; fi
	{
		echo ".parameter init"
		# the shell evaluates a value as SQL: a date is quoted twice (else 2018-03-01 is 2014)
		echo ".parameter set ?1 \"$office\""
		echo ".parameter set ?2 \"'$from'\""
		echo ".parameter set ?3 \"'$to'\""
		echo ".parameter set ?4 \"'$today'\""
		echo ".parameter set ?5 \"'$(date -d "$today - 30 days" +%F)'\""
		echo ".parameter list"
		"$tmp/report_sql" "$1" ${2:+office}
	} >"$tmp/s.sql"
	sqlite3 -readonly "$db" ".read $tmp/s.sql" >"$tmp/s.all"
	grep -q "^?2 '$from'$" "$tmp/s.all" ||
		{ say "the shell did not take the dates as text: $(head -6 "$tmp/s.all")"; exit 70; }
	tail -n +6 "$tmp/s.all" >"$tmp/s.out"
}

kinds="caseload followups weekly decisions money payments pending"
for scope in all office; do
	for k in $kinds; do
		o=; [ $scope = office ] && o=office
		run_jobdesk "$k" $o; run_shell "$k" $o  # warm the cache, once, untimed
		# both found the same number of rows (a caseload row of jobdesk is a counselor's stages)
		jr=$({ grep -o '},{' "$tmp/j.out" || true; } | wc -l); sr=$(wc -l <"$tmp/s.out")
		: >"$tmp/jt"; : >"$tmp/st"
		for _ in $(seq "$rounds"); do
			t0=$(now); run_jobdesk "$k" $o; t1=$(now); run_shell "$k" $o; t2=$(now)
			echo "$(secs "$t0" "$t1")" >>"$tmp/jt"; echo "$(secs "$t1" "$t2")" >>"$tmp/st"
		done
		jm=$(median <"$tmp/jt"); sm=$(median <"$tmp/st")
		say "$k ($scope): jobdesk $((jr + 1)) rows, shell $sr lines; medians $jm s and $sm s"
		bench_row "report $k ($scope)" "$jm" s "sqlite3 shell, same SQL" "$sm" "-"
	done
done
say "database $(stat -c %s "$db") bytes; load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
