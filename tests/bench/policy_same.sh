#!/usr/bin/env bash
# Whether this build's `policy eval` writes what another build writes, byte for byte (issue 12,
# item 4: a faster evaluator must not change a single byte). Not a test of the suite: it needs a
# second build and a demo database.
#
#   usage: tests/bench/policy_same.sh OTHER_JOBDESK DB [PERSONS]
#
# OTHER_JOBDESK is the build to compare with (/tmp/base/jobdesk, the main worktree's build/jobdesk,
# or a copy of this build taken before a change); DB a demo database of this build's schema (only
# read). It compares the sha256 of `policy eval --all --format json` over the whole database, then
# `policy eval --person KEY` for PERSONS persons (default 300, spread over the database, the
# first ones included) in text under C and under zh_CN, and in JSON. Exit 0 when all are the
# same, 1 naming the first difference.
#
# Environment: BUILD (default build), ON (default 2018-03-01); OTHER_LOCALEDIR the other build's
# po folder (default: this build's).
set -euo pipefail

BENCH_NAME=policy_same
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_init sha256sum

if [ $# -lt 2 ] || [ ! -x "$1" ] || [ ! -f "$2" ]; then
	echo "usage: policy_same.sh OTHER_JOBDESK DB [PERSONS]" >&2
	exit 64
fi
other=$1
db=$(readlink -f "$2")
n=${3:-300}
on=${ON:-2018-03-01}
export JOBDESK_USER=bench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-policy-same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Run a build with its own po folder.
run_other() { JOBDESK_LOCALEDIR=${OTHER_LOCALEDIR:-$JOBDESK_LOCALEDIR} "$other" "$@"; }

say "policy eval --all over $db"
a=$("$bin" --db "$db" policy eval --all --on "$on" --format json | tee "$tmp/all.this" | sha256sum | cut -c1-64)
b=$(run_other --db "$db" policy eval --all --on "$on" --format json | sha256sum | cut -c1-64)
lines=$(wc -l <"$tmp/all.this")
echo "policy eval --all: $lines lines, this $a, other $b"
if [ "$a" != "$b" ]; then
	say "the --all output differs"
	exit 1
fi

total=$(sqlite3 -readonly "$db" "SELECT count(*) FROM person")
step=$((total / n > 0 ? total / n : 1))
sqlite3 -readonly "$db" "SELECT id_number FROM person WHERE rowid % $step = 1 OR rowid <= 20 LIMIT $n" >"$tmp/keys"
count=0
while read -r key; do
	for lang in C zh_CN.UTF-8; do
		for fmt in text json; do
			LANG=$lang LC_ALL=$lang "$bin" --db "$db" policy eval --person "$key" --on "$on" --format "$fmt" \
				>"$tmp/this" 2>&1 || echo "exit $?" >>"$tmp/this"
			LANG=$lang LC_ALL=$lang run_other --db "$db" policy eval --person "$key" --on "$on" --format "$fmt" \
				>"$tmp/other" 2>&1 || echo "exit $?" >>"$tmp/other"
			if ! cmp -s "$tmp/this" "$tmp/other"; then
				say "policy eval --person $key ($lang, $fmt) differs:"
				diff "$tmp/other" "$tmp/this" | head -20 >&2
				exit 1
			fi
		done
	done
	count=$((count + 1))
done <"$tmp/keys"
echo "policy eval --person: $count persons, text and JSON under C and zh_CN: the same"
