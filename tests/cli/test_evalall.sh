#!/usr/bin/env bash
# policy eval --all on several threads (one per processor it may run on, at most 4): batches of
# persons read in turn and evaluated side by side, written in the order read. The output is the
# one a single thread writes (taskset -c 0), byte for byte, in person order, in English and
# Chinese; a write that fails stops every thread with status 73 and one message.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/demo.db JOBDESK_USER=tester
on=2018-03-01
persons=1500   # 24 batches of 64: each thread takes many, in turns

"$J" demo --persons "$persons" --seed 5 >/dev/null || { echo "FAIL demo: status $?"; exit 1; }
cpus=$(nproc)
for lang in C.UTF-8 zh_CN.UTF-8; do
	check "eval --all ($lang)" 0 env LANG=$lang LC_ALL=$lang "$J" policy eval --all --on "$on" --format json
	mv "$T/out" "$T/all.jsonl"
	check "eval --all on one processor ($lang)" 0 env LANG=$lang LC_ALL=$lang taskset -c 0 "$J" policy eval --all --on "$on" --format json
	mv "$T/out" "$T/one.jsonl"
	if cmp -s "$T/all.jsonl" "$T/one.jsonl"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $lang: $cpus processors and one write differently:"
		cmp "$T/all.jsonl" "$T/one.jsonl"; fi
	# every person once, in person order, each line a whole JSON object of its own person
	python3 - "$T/all.jsonl" "$persons" >"$T/check" 2>&1 <<'PY'
import json, sys
ids = [json.loads(line)['person'] for line in open(sys.argv[1], encoding='utf-8')]
ok = len(ids) == int(sys.argv[2]) and ids == sorted(ids) and len(set(ids)) == len(ids)
print('in order' if ok else 'lines %d, sorted %s, distinct %d' % (len(ids), ids == sorted(ids), len(set(ids))))
PY
	has "every person once, in person order ($lang)" "$T/check" "in order"
done
# the persons of the last lines are those the database lists last
eq "the last person" "$(tail -1 "$T/all.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["person"])')" \
	"$(sql_value "SELECT id FROM person ORDER BY id DESC LIMIT 1")"
# a person's line is what the person's own evaluation decides (the same results)
key=$(sed -n 700p "$T/all.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["person"])')
"$J" policy eval --person "$key" --on "$on" --format json >"$T/person.json" || { echo "FAIL eval --person"; exit 1; }
python3 - "$T/all.jsonl" "$T/person.json" "$key" >"$T/check" 2>&1 <<'PY'
import json, sys
line = next(json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if json.loads(l)['person'] == sys.argv[3])
alone = json.load(open(sys.argv[2], encoding='utf-8'))
print('same results' if line['results'] == alone['results'] else 'differ')
PY
has "line 700 is its person's own evaluation" "$T/check" "same results"
# output that cannot be written: every thread stops, one message, status 73 (within 60 s)
timeout 60 "$J" policy eval --all --on "$on" --format json >/dev/full 2>"$T/err"
eq "a failed write: status" "$?" 73
eq "a failed write: one message" "$(wc -l <"$T/err")" 1
has "a failed write: says what" "$T/err" "writing the output"
[ "$cpus" -ge 2 ] || echo "note: $cpus processor here: one thread wrote both outputs"
finish "eval --all on $cpus processors"
