#!/usr/bin/env bash
# The cost of a password (issue 15). Not a test: it prints figures.
#
#   usage: tests/bench/login.sh [PERSONS]        (default 1000; a small demo is enough)
#
# On a demo of PERSONS persons (made here, seed 1), lina is given a password. Alternating, ROUNDS
# rounds: `jobdesk --user lina note add` with her password on stdin (resolving who acts, the
# Argon2id verify, the login's audit row, then the note), the same command by wangfang, who has no
# password (the owner acting as her: no verify), and tests/bench/pwhash_verify.c, a process that
# only verifies the same password against the same hash with libsodium (the floor of a login).
# Medians of wall time.
#
# Environment: BUILD  build folder (default build)   ROUNDS rounds (default 5, at least 3)
set -euo pipefail

BENCH_NAME=login
. "$(dirname "$0")/lib.sh"
bench_init cc pkg-config sqlite3
persons=${1:-1000}
rounds=${ROUNDS:-5}
if ! [[ $persons =~ ^[1-9][0-9]*$ ]] || ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 3 ]; then
	echo "usage: login.sh [PERSONS] (a whole number; ROUNDS at least 3)" >&2
	exit 64
fi
[ "$persons" -gt 20000 ] && persons=20000   # the cost does not grow with the caseload
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export JOBDESK_DB=$tmp/login.db JOBDESK_USER=bench
say "a demo of $persons persons"
"$bin" init >/dev/null
"$bin" demo --persons "$persons" --seed 1 >/dev/null
printf 'lina-bench-1\n' | JOBDESK_USER=zhaomin "$bin" user passwd lina >/dev/null
hash=$(sqlite3 "$JOBDESK_DB" "SELECT password_hash FROM app_user WHERE login = 'lina'")
key=$(sqlite3 "$JOBDESK_DB" "SELECT id FROM person ORDER BY id LIMIT 1")
bench_cc pwhash_verify.c "$tmp/pwhash_verify"

: >"$tmp/pw"; : >"$tmp/nopw"; : >"$tmp/floor"
for ((r = 1; r <= rounds; r++)); do
	for side in pw nopw floor; do
		a=$(now)
		case $side in
		pw) printf 'lina-bench-1\n' | JOBDESK_USER=lina "$bin" note add "$key" --text 回访 >/dev/null ;;
		nopw) JOBDESK_USER=wangfang "$bin" note add "$key" --text 回访 >/dev/null ;;
		floor) printf 'lina-bench-1\n' | "$tmp/pwhash_verify" "$hash" ;;
		esac
		echo "$(secs "$a" "$(now)")" >>"$tmp/$side"
	done
done
pw=$(median <"$tmp/pw"); nopw=$(median <"$tmp/nopw"); floor=$(median <"$tmp/floor")
logins=$(sqlite3 "$JOBDESK_DB" "SELECT count(*) FROM audit WHERE op = 'login' AND json_extract(after, '\$.outcome') = 'ok'")
[ "$logins" = "$rounds" ] || { say "expected $rounds logins in the audit, found $logins"; exit 70; }
bench_row "note add with a password (s)" "$pw" s "same, user without password" "$nopw" "-"
bench_row "note add with a password (s)" "$pw" s "Argon2id verify process" "$floor" "-"
