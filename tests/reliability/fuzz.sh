#!/usr/bin/env bash
# libFuzzer over the readers of untrusted text (issue 14 c): the YAML loader, the expression
# parser, a policy file, the facts reader, the ID number parser and CSV import, each built by
# clang with AddressSanitizer and UndefinedBehaviorSanitizer in a build folder of its own, each
# started from its seed corpus in tests/reliability/fuzz/corpus/ and run for SECONDS. A crash,
# a leak, undefined behaviour or a timeout fails the run and leaves the input that caused it in
# the fuzz build folder (its path is printed).
#
#   usage: fuzz.sh FUZZ-BUILD-DIR [SECONDS [TARGET ...]]     (default 10 s each, every target)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$1 SECS=${2:-10}
shift 2 2>/dev/null || shift $#
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(yaml expr policy facts idnum csv)
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$root/policies}

if ! command -v clang >/dev/null; then
	echo "fuzz: clang is missing; install it with: apt-get install clang libclang-rt-14-dev (./dev does)" >&2
	exit 69
fi
# configure once, then build what changed
if [ ! -f "$B/build.ninja" ]; then
	CC=clang meson setup "$B" "$root" -Dfuzz=true -Dtests=disabled -Dwerror=false \
		-Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fsanitize=fuzzer-no-link >"$B.setup.log" 2>&1 ||
		{ cat "$B.setup.log" >&2; echo "fuzz: meson setup failed" >&2; exit 70; }
fi
ninja -C "$B" $(printf 'tests/reliability/fuzz_%s ' "${targets[@]}") >"$B/fuzz-build.log" 2>&1 ||
	{ tail -n 30 "$B/fuzz-build.log" >&2; echo "fuzz: the build failed" >&2; exit 70; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
fail=0
for t in "${targets[@]}"; do
	work=$B/corpus-$t
	mkdir -p "$work"
	log=$B/fuzz-$t.log
	"$B/tests/reliability/fuzz_$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -artifact_prefix="$B/crash-$t-" -print_final_stats=1 \
		"$work" "$root/tests/reliability/fuzz/corpus/$t" >"$log" 2>&1
	st=$?
	runs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	if [ "$st" = 0 ]; then
		echo "fuzz $t: ${runs:-?} inputs in $SECS s, coverage ${cov:-?} edges, no crash"
	else
		fail=$((fail + 1))
		echo "FAIL fuzz $t: status $st after ${runs:-?} inputs; the input: $(ls "$B"/crash-$t-* 2>/dev/null | head -n 1)"
		grep -m 1 -A 12 'ERROR\|runtime error' "$log"
	fi
	rm -f /dev/shm/jobdesk-fuzz-* /tmp/jobdesk-fuzz-* 2>/dev/null
done
[ "$fail" = 0 ]
