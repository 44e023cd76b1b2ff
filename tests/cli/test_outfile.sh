#!/usr/bin/env bash
# End to end: the files jobdesk creates (export, db backup, notice --output) are its own. A
# FILE.partial another account left (mode 0666) and a link at FILE.partial are never written
# into or followed; the file made is mode 0600 under umask 0; a full disk (a 64 KiB tmpfs when
# mount works, else a file-size limit) fails with 74/73 and leaves nothing behind.
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/o.db JOBDESK_USER=tester JOBDESK_TODAY=2018-03-01 LC_ALL=C.UTF-8
unset LANGUAGE
umask 0

"$J" init >/dev/null || { echo "FAIL init"; exit 1; }
"$J" demo --persons 400 --seed 1 >/dev/null 2>&1 || { echo "FAIL demo"; exit 1; }
"$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural >/dev/null
"$J" progress add 220102199503070028 --kind training --status completed --start-date 2017-11-01 \
	--end-date 2017-12-15 --class-hours 120 --training-kind employment_skills >/dev/null
"$J" grant 220102199503070028 rural-training-subsidy >"$T/grant" || { echo "FAIL grant"; exit 1; }
id=$(cut -f1 "$T/grant")
other=nobody
printf 'secret\n' >"$T/victim"
chmod 644 "$T/victim"

# leftovers NAME DIR PREFIX: nothing named PREFIX.partial-* is left in DIR
leftovers() {
	eq "$1" "$(find "$2" -maxdepth 1 -name "$3.partial-*" | wc -l)" 0
}
# premade NAME FILE COMMAND...: with a 0666 FILE.partial of another account there, the command
# succeeds, FILE is 0600, the other file stays empty, 0666 and theirs
premade() {
	local name=$1 file=$2; shift 2
	: >"$file.partial"
	chmod 666 "$file.partial"
	[ "$(id -u)" = 0 ] && chown "$other" "$file.partial"
	check "$name" 0 "$@"
	eq "$name-mode" "$(stat -c %a "$file")" 600
	eq "$name-owner" "$(stat -c %U "$file")" "$(id -un)"
	eq "$name-partial-untouched" "$(stat -c '%a %s' "$file.partial")" "666 0"
	leftovers "$name-no-temp" "$(dirname "$file")" "$(basename "$file")"
	rm -f "$file.partial"
}
# linked NAME FILE COMMAND...: with FILE.partial a link to the victim, the victim is untouched
linked() {
	local name=$1 file=$2; shift 2
	ln -s "$T/victim" "$file.partial"
	check "$name" 0 "$@"
	eq "$name-victim" "$(cat "$T/victim"; stat -c %a "$T/victim")" "secret
644"
	eq "$name-mode" "$(stat -c %a "$file")" 600
	eq "$name-link-kept" "$(readlink "$file.partial")" "$T/victim"
	rm -f "$file.partial"
}

premade export-premade "$T/e.csv" "$J" export "$T/e.csv"
has export-premade-data "$T/e.csv" 220102199503070028
linked export-linked "$T/e2.csv" "$J" export "$T/e2.csv" --labels
premade backup-premade "$T/b.db" "$J" db backup "$T/b.db"
linked backup-linked "$T/b2.db" "$J" db backup "$T/b2.db"
premade notice-premade "$T/n.html" "$J" notice "$id" --format html --output "$T/n.html"
linked notice-linked "$T/n.txt" "$J" notice "$id" --output "$T/n.txt"
# an export over a file that is there replaces it with one of its own (0600), never writes into it
printf 'old\n' >"$T/e3.csv"
chmod 666 "$T/e3.csv"
check export-over 0 "$J" export "$T/e3.csv"
eq export-over-mode "$(stat -c %a "$T/e3.csv")" 600
# an export to a link replaces the link, never the file it points to
ln -s "$T/victim" "$T/e4.csv"
check export-to-link 0 "$J" export "$T/e4.csv"
eq export-to-link-victim "$(cat "$T/victim")" secret
eq export-to-link-file "$(stat -c %F "$T/e4.csv")" "regular file"

# init never fills an empty database file another account made first (0666): refused, left empty
: >"$T/pre.db"
chmod 666 "$T/pre.db"
[ "$(id -u)" = 0 ] && chown "$other" "$T/pre.db"
check init-premade 73 "$J" --db "$T/pre.db" init
has init-premade-why "$T/err" 'an empty file made by another account or readable by others'
eq init-premade-empty "$(stat -c '%s %a' "$T/pre.db")" "0 666"
check init-new 0 "$J" --db "$T/new.db" init
eq init-new-mode "$(stat -c %a "$T/new.db")" 600

# a full disk: nothing left behind, the status says it
full=$T/full
mkdir -p "$full"
mounted=
[ -z "${NO_MOUNT:-}" ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null && mounted=1
# on_full NAME WANT COMMAND...: run the command writing into $full, a 64 KiB file system
on_full() {
	local name=$1 want=$2; shift 2
	if [ -n "$mounted" ]; then
		unshare -m bash -c 'dir=$1; shift; mount -t tmpfs -o size=64k tmpfs "$dir" || exit 99
			cat /dev/zero >"$dir/filler" 2>/dev/null; "$@"; rc=$?
			ls -A "$dir" >"$dir.ls"; exit $rc' on_full "$full" "$@" >"$T/out" 2>"$T/err"
	else
		# no mount here: the file-size limit makes the write fail the same way
		(trap '' XFSZ; ulimit -f 48; "$@"; rc=$?; ls -A "$full" >"$full.ls"; exit $rc) \
			>"$T/out" 2>"$T/err"
	fi
	local got=$?
	eq "$name" "$got" "$want"
	eq "$name-nothing-left" "$(grep -v '^filler$' "$full.ls" | tr '\n' ' ')" ""
}
on_full full-export 74 "$J" export "$full/e.csv"
has full-export-why "$T/err" "$full/e.csv"
on_full full-backup 74 "$J" db backup "$full/b.db"
if [ -n "$mounted" ]; then  # a notice is smaller than the -shm file the limit must allow
	on_full full-notice 74 "$J" notice "$id" --format html --output "$full/n.html"
	has full-notice-why "$T/err" "$full/n.html"
fi
eq full-db-untouched "$("$J" db check >/dev/null 2>&1; echo $?)" 0

finish outfile
