#!/usr/bin/env bash
# Lists scoped by office (issue 15 point 5): in a county's database holding two townships' cases,
# a counselor of township A finds, lists and evaluates only A's persons, B's counselor only B's,
# the county's supervisor and the administrator every office's (search, person list, policy
# eval --all; the caseload's office view is tests/core/test_role.c's and the screens').
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/c.db JOBDESK_TODAY=2018-03-01
unset JOBDESK_USER

check init 0 "$J" init --office 220102 --office-name 南关区就业局 --level county
check admin 0 "$J" user add boss --name 王主任 --role admin --office 220102
a=$("$J" --user boss person add --name 王一 --id-number 220102199001010017) || echo "FAIL add a"
b=$("$J" --user boss person add --name 王二 --id-number 220102199001010025) || echo "FAIL add b"
c=$("$J" --user boss person add --name 王三 --id-number 220102199001010041) || echo "FAIL add c"

# The townships' rows and cases, as a bundle from each will bring them (issue 17): written
# beside jobdesk with the triggers of those two tables set aside and put back as they were
sqlite3 "$JOBDESK_DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND
	tbl_name IN ('office', 'person')" >"$T/triggers.sql"
{
	echo "BEGIN;"
	sqlite3 "$JOBDESK_DB" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE
		type = 'trigger' AND tbl_name IN ('office', 'person')"
	echo "INSERT INTO office VALUES ('22010201', '22010201', '永吉街道', 'township', '220102', 'x', 'x', 't');"
	echo "INSERT INTO office VALUES ('22010202', '22010202', '南岭街道', 'township', '220102', 'x', 'x', 't');"
	echo "UPDATE person SET office_id = '22010201' WHERE id = '$a';"
	echo "UPDATE person SET office_id = '22010202' WHERE id = '$b';"
	cat "$T/triggers.sql"
	echo "COMMIT;"
} | sqlite3 "$JOBDESK_DB" || echo "FAIL setting the townships up"
sql_is triggers-back "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN
	('office', 'person')" "$(grep -c '^CREATE' "$T/triggers.sql")"
check user-a 0 "$J" --user boss user add wanga --name 王甲 --role counselor --office 22010201
check user-b 0 "$J" --user boss user add wangb --name 王乙 --role counselor --office 22010202
check user-sa 0 "$J" --user boss user add suna --name 孙站长 --role supervisor --office 22010201
check user-county 0 "$J" --user boss user add zhaomin --name 赵敏 --role supervisor --office 220102

# sees LOGIN WANT: search 王, person list (table and JSON) and policy eval --all show exactly
# the cases WANT names (a, b, c: their ids), in each
sees() {
	local login=$1 want=$2 k id
	check "$login search" 0 "$J" --user "$login" search 王 --format json
	cp "$T/out" "$T/search"
	check "$login list" 0 "$J" --user "$login" person list --format json
	cp "$T/out" "$T/list"
	check "$login eval" 0 "$J" --policies "$JOBDESK_POLICIES" --user "$login" policy eval --all
	cp "$T/out" "$T/eval"
	for k in a b c; do
		id=${!k}
		for f in search list eval; do
			if [[ $want == *$k* ]]; then has "$login $f has $k" "$T/$f" "$id"
			else lacks "$login $f lacks $k" "$T/$f" "$id"; fi
		done
	done
}
sees wanga a
sees suna a
sees wangb b
sees zhaomin abc
sees boss abc
# an export holds the office's persons and those of the offices below (the ID numbers)
check suna-export 0 "$J" --user suna export "$T/suna.csv"
has suna-export-a "$T/suna.csv" 220102199001010017
lacks suna-export-b "$T/suna.csv" 220102199001010025
lacks suna-export-c "$T/suna.csv" 220102199001010041
has suna-export-says "$T/out" "1 "
check zhaomin-export 0 "$J" --user zhaomin export "$T/zhaomin.csv"
for n in 220102199001010017 220102199001010025 220102199001010041; do
	has "zhaomin-export-$n" "$T/zhaomin.csv" "$n"
done
# a whole ID number finds no one of another township
check wanga-idnum 0 "$J" --user wanga search 220102199001010025 --format json
lacks wanga-idnum-b "$T/out" "$b"

# a counselor registers onto their own caseload only; a supervisor onto another's
unchanged add-onto-other 77 "$J" --user wanga person add --name 王四 --id-number 220102199001010068 --counselor wangb
has add-onto-other "$T/err" "wangb"
check add-own 0 "$J" --user wanga person add --name 王四 --id-number 220102199001010068 --counselor wanga
check add-by-supervisor 0 "$J" --user suna person add --name 王五 --id-number 220102199001010076 --counselor wanga
# a case goes to an account that is not disabled, of an office the supervisor reaches
check user-a2 0 "$J" --user boss user add wangc --name 王丙 --role counselor --office 22010201
check disable-c 0 "$J" --user boss user disable wangc
unchanged transfer-disabled 65 "$J" --user suna case transfer "$a" --to wangc
has transfer-disabled "$T/err" "disabled"
unchanged transfer-other-township 65 "$J" --user suna case transfer "$a" --to wangb
has transfer-other-township "$T/err" "南岭街道"
check transfer-county 0 "$J" --user zhaomin case transfer "$b" --to wanga

finish scope
