#!/usr/bin/env bash
# Bad inputs across every command (issue 14 e): each row of bad_inputs.tsv is a command line that
# must be refused with its exit status (sysexits, CONTRACT.md) and a message containing the given
# text, on a fresh copy of one small database, writing nothing: the database's content (its
# .dump) is the same after, and no file appears beside it.
#
#   usage: bad_inputs.sh JOBDESK [TABLE]      (default: bad_inputs.tsv beside this script)
#          bad_inputs.sh JOBDESK --draft      print each row's actual status and message
#
# A row: STATUS <tab> MESSAGE <tab> ARGUMENTS. ARGUMENTS are shell words (quoted as in a shell)
# that may use $K (a registered person's ID number), $E (their training), $N (a note), $D (a
# decision), $DB (the database), $T (the folder of fixtures: good.csv, bad_id.csv ... made here);
# a leading env:NAME=VALUE sets a variable for that one run.
set -u
J=$1 TABLE=${2:-$(dirname "$0")/bad_inputs.tsv}
draft=0
[ "$TABLE" = --draft ] && { draft=1; TABLE=$(dirname "$0")/bad_inputs.tsv; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export JOBDESK_USER=li JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE JOBDESK_DB
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$(cd "$(dirname "$0")/../../policies" && pwd)}
T=$W/files
mkdir -p "$T"
base=$W/base.db
K=220102199001010017
"$J" --db "$base" init >/dev/null || exit 1
"$J" --db "$base" person add --name 李强 --id-number "$K" --hukou-type rural --hukou-province 22 \
	--registered-unemployed yes --registered-unemployed-from 2017-09-01 >/dev/null || exit 1
E=$("$J" --db "$base" progress add "$K" --kind training --status completed \
	--training-kind employment_skills --start-date 2017-11-01 --end-date 2017-12-15 \
	--class-hours 120 | head -n 1 | cut -f1) || exit 1
N=$("$J" --db "$base" note add "$K" --text 电话回访 --followup 2018-03-05) || exit 1
D=$("$J" --db "$base" grant "$K" rural-training-subsidy | cut -f1) || exit 1
"$J" --db "$base" person add --name 王芳 --id-number 22010219920304002X >/dev/null || exit 1
sqlite3 "$base" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
KID=$K

# the fixtures
H=name,id_number,hukou_type,education
printf '%s\n张伟,220104198805120033,urban,bachelor\n' "$H" >"$T/good.csv"
: >"$T/empty.csv"
printf '%s\n' "$H" >"$T/header_only.csv"
printf '%s\n张伟,220104198805120034,urban,bachelor\n' "$H" >"$T/bad_id.csv"
printf 'name,id_numbr,hukou_type\n张伟,220104198805120033,urban\n' >"$T/bad_header.csv"
printf 'name,id_number,name\n张伟,220104198805120033,张伟\n' >"$T/dup_header.csv"
printf '%s\n张伟,220104198805120033,urban,bachelor\n张伟,220104198805120033,urban,bachelor\n' "$H" >"$T/dup_rows.csv"
printf '%s\n李强,%s,rural,bachelor\n' "$H" "$K" >"$T/existing.csv"
printf '%s\n张伟,220104198805120033,town,bachelor\n' "$H" >"$T/bad_enum.csv"
printf 'name,id_number,graduation_date\n张伟,220104198805120033,2017-02-30\n' >"$T/bad_date.csv"
printf '%s\n张伟,220104198805120033\n' "$H" >"$T/short_row.csv"
printf '%s\n张伟,220104198805120033,urban,bachelor,extra\n' "$H" >"$T/long_row.csv"
printf '%s\n"张伟,220104198805120033,urban,bachelor\n' "$H" >"$T/unterminated.csv"
head -c 3000 /bin/sh >"$T/binary.csv"
printf 'name,id_number\n\xd5\xc5\xce\xb0,220104198805120033\n' >"$T/latin1.csv"
printf 'name,id_number\n\xe5\xbc\xa0\x00\xe4\xbc\x9f,220104198805120033\n' >"$T/nul.csv"
printf 'name,id_number\n,220104198805120033\n' >"$T/no_name.csv"
printf 'name,id_number,stage\n张伟,220104198805120033,heaven\n' >"$T/stage.csv"
printf 'person:\n  birth_date: 1990-02-30\n' >"$T/bad_facts.yaml"
printf 'person:\n  hukou_type: [unclosed\n' >"$T/bad_facts2.yaml"
printf 'person:\n  hukou_type: rural\n' >"$T/f.yaml"
cp -r "$JOBDESK_POLICIES" "$T/badpol"
printf 'id: [broken\n' >"$T/badpol/$(ls "$T/badpol" | grep '\.yaml$' | grep -v local | head -n 1)"
echo "not a database, only text" >"$T/notadb.db"
sqlite3 "$T/future.db" "PRAGMA user_version = 999; CREATE TABLE x(y)"

pass=0 fail=0 n=0
while IFS=$'\t' read -r want msg args; do
	case $want in '' | '#'*) continue ;; esac
	n=$((n + 1))
	DB=$W/run.db
	rm -f "$DB" "$DB-wal" "$DB-shm"
	cp "$base" "$DB"
	before=$(sqlite3 "$DB" .dump | sha256sum)
	ls -A "$T" >"$W/files.before"
	envs=()
	while [[ $args == env:* ]]; do
		envs+=("${args%% *}")
		envs[-1]=${envs[-1]#env:}
		args=${args#* }
	done
	eval "set -- $args"
	if [[ " $args " == *" --db "* ]]; then
		env "${envs[@]}" "$J" "$@" >"$W/out" 2>"$W/err" </dev/null
	else
		env "${envs[@]}" "$J" --db "$DB" "$@" >"$W/out" 2>"$W/err" </dev/null
	fi
	got=$?
	if [ "$draft" = 1 ]; then
		printf '%s\t%s\t%s\n' "$got" "$(head -n 3 "$W/err" | tr '\n\t' '  ' | cut -c1-200)" "$args"
		continue
	fi
	why=
	[ "$got" = "$want" ] || why="status $got, want $want"
	[ "$msg" = "?" ] || grep -qF -- "$msg" "$W/err" || why="$why; no '$msg' in the message"
	after=$(sqlite3 "$DB" .dump 2>/dev/null | sha256sum)
	[ "$before" = "$after" ] || why="$why; the database changed"
	ls -A "$T" >"$W/files.after"
	cmp -s "$W/files.before" "$W/files.after" || why="$why; files appeared: $(comm -13 "$W/files.before" "$W/files.after" | tr '\n' ' ')"
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL row $n ($args): ${why#; }"
		head -n 3 "$W/err"
	fi
	# leave the fixtures as they were for the next row
	comm -13 "$W/files.before" "$W/files.after" | while read -r f; do rm -rf "${T:?}/$f"; done
done <"$TABLE"
[ "$draft" = 1 ] && exit 0
echo "bad inputs: $n rows, $pass refused as expected with nothing written, $fail failures"
[ "$fail" = 0 ] && [ "$n" -ge 200 ]
