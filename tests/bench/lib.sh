# Shared by the benchmark scripts of tests/bench (sourced, not run): the binary, timing helpers,
# the demo database each script reuses only when it is the same demo under the same schema, and
# the result rows that `tests/bench/run` (`./dev bench`) gathers into one table.
#
# A script sets BENCH_NAME, sources this file, and calls bench_init. Environment:
#   BUILD      build folder, relative to the repository root or absolute (default build)
#   BENCH_DIR  where demo databases are kept between runs (default /tmp/jobdesk-bench)
#   BENCH_ROWS a file each result row is appended to (set by tests/bench/run)

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Check the build and the tools a script needs (arguments: more tools); set bin, build, root.
bench_init() {
	root=$bench_root
	build=${BUILD:-build}
	case $build in /*) ;; *) build=$root/$build ;; esac
	bin=$build/jobdesk
	if [ ! -x "$bin" ]; then
		echo "$BENCH_NAME: $bin is not built; build it with: ninja -C $build (or set BUILD)" >&2
		exit 69
	fi
	local tool
	for tool in sqlite3 awk "$@"; do
		if ! command -v "$tool" >/dev/null; then
			echo "$BENCH_NAME: $tool is missing (apt-get install sqlite3 gcc pkg-config)" >&2
			exit 69
		fi
	done
	unset JOBDESK_DB JOBDESK_USER JOBDESK_TODAY
	export JOBDESK_POLICIES=$root/policies JOBDESK_LOCALEDIR=$build/po
}

# Log a step on stderr.
say() { echo "$BENCH_NAME: $*" >&2; }
# Seconds since the epoch with microseconds, without a fork.
now() { echo "$EPOCHREALTIME"; }
# b - a, in seconds, three decimals.
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# The median of the numbers on stdin, one a line ("n/a" for none).
median() { sort -g | awk '{ v[NR] = $0 } END { print NR ? v[int((NR + 1) / 2)] : "n/a" }'; }
# The value at percentile P (0-100) of the numbers on stdin.
percentile() {
	sort -g | awk -v p="$1" '{ v[NR] = $0 } END {
		if (!NR) { print "n/a"; exit } i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i] }'
}
# x / y, two decimals ("n/a" when either is not a plain number or y is 0).
ratio() {
	awk -v x="$1" -v y="$2" 'BEGIN { if (x !~ /^[0-9.]+$/ || y !~ /^[0-9.]+$/ || y + 0 == 0)
		print "n/a"; else printf "%.2f", x / y }'
}
# Peak resident memory of a finished child in KiB is not kept by the kernel; this prints VmHWM of
# a running process (PID) in KiB, or n/a.
vmhwm() { awk '/^VmHWM:/ { print $2; f = 1 } END { if (!f) print "n/a" }' "/proc/$1/status" 2>/dev/null || echo n/a; }

# The schema version this build writes and the first ID number of the demo with seed 1.
bench_probe() {
	local p
	p=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-probe.XXXXXX")
	"$bin" --db "$p/p.db" demo --persons 1 --seed 1 >/dev/null
	want_schema=$(sqlite3 "$p/p.db" "PRAGMA user_version")
	want_first=$(sqlite3 "$p/p.db" "SELECT id_number FROM person ORDER BY rowid LIMIT 1")
	rm -rf "$p"
}

# Print the path of the demo database of PERSONS persons (seed 1) under this build's schema,
# made with `jobdesk demo` when missing. An existing file is reused only if its schema version,
# its first person and its count of demo persons (ID numbers outside 110101, which benchmark
# writers use) say it is that demo; one that is not is set aside, never measured.
bench_db() {
	local persons=$1 dir=${BENCH_DIR:-/tmp/jobdesk-bench}
	local db=$dir/demo-$persons-seed1.db
	mkdir -p "$dir"
	[ -n "${want_schema:-}" ] || bench_probe
	if [ -f "$db" ]; then
		if [ "$(sqlite3 "$db" "PRAGMA user_version")" = "$want_schema" ] &&
		   [ "$(sqlite3 "$db" "SELECT id_number FROM person ORDER BY rowid LIMIT 1")" = "$want_first" ] &&
		   [ "$(sqlite3 "$db" "SELECT count(*) FROM person WHERE id_number NOT LIKE '110101%'")" = "$persons" ]; then
			say "reusing $db (schema $want_schema, seed 1, $persons persons)"
			echo "$db"
			return 0
		fi
		say "$db is not the demo of $persons persons under schema $want_schema; moving it to $db.old"
		rm -rf "$db.old" "$db.old-wal" "$db.old-shm" "$db.old.policies"
		mv "$db" "$db.old"
		rm -f "$db-wal" "$db-shm"
		# the office's policy set that `jobdesk init` copied beside it goes with it
		[ ! -d "$db.policies" ] || mv "$db.policies" "$db.old.policies"
	fi
	say "making $db: demo --persons $persons --seed 1 (at a million, 15 minutes idle, an hour on a busy machine)"
	rm -rf "$db.part" "$db.part-wal" "$db.part-shm" "$db.part.policies" "$db.policies"
	# made by bench, the user the scripts act as (JOBDESK_USER=bench): the demo's administrator
	JOBDESK_USER=bench "$bin" --db "$db.part" demo --persons "$persons" --seed 1 >/dev/null
	sqlite3 "$db.part" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	mv "$db.part" "$db"
	rm -f "$db.part-wal" "$db.part-shm"
	[ ! -d "$db.part.policies" ] || mv "$db.part.policies" "$db.policies"
	echo "$db"
}

# Compile a benchmark's C program (SRC, under tests/bench) into OUT against the build's static
# libraries, as the command itself is linked.
bench_cc() {
	# shellcheck disable=SC2046  # pkg-config output is meant to split
	cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I"$root/include" -I"$build" \
		"$root/tests/bench/$1" "$build/libjd-core.a" "$build/libjd-policy.a" "$build/libjd-util.a" \
		$(pkg-config --cflags --libs sqlite3 libsodium yaml-0.1) -lunistring -lm -o "$2"
}

# Set LANG and LC_ALL to zh_CN.UTF-8 (a counselor's screen) when the locale exists, else C.UTF-8;
# the one chosen is in $locale.
bench_zh() {
	locale=C.UTF-8
	locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && locale=zh_CN.UTF-8
	export LANG=$locale LC_ALL=$locale
}

# Drop the page cache for a cold measurement (root only); returns 1 when it cannot.
bench_drop_caches() {
	sync
	{ echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null
}

# One result row: MEASURE VALUE UNIT BASELINE BASE_VALUE GOAL. The ratio is VALUE / BASE_VALUE;
# GOAL is what the issue asks ("<=1.5x", "<16 ms", "-"). Printed, and kept in $BENCH_ROWS for
# the table of `tests/bench/run`.
bench_row() {
	local r
	r=$(ratio "$2" "$5")
	printf '%-46s %10s %-6s  %-26s %10s  %6s  %s\n' "$1" "$2" "$3" "$4" "$5" "$r" "$6"
	if [ -n "${BENCH_ROWS:-}" ]; then
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$BENCH_NAME" "$1" "$2" "$3" "$4" "$5" "$r" "$6" \
			>>"$BENCH_ROWS"
	fi
}
