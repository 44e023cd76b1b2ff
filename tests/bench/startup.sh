#!/usr/bin/env bash
# Start-up, timed: from starting `jobdesk` (the counselor's screen, in a pseudo-terminal of 80x24)
# to its first caseload screen drawn, against the sqlite3 shell's fresh process running the same
# page query (src/core/caseload.c, "my cases" by name, the 20 rows of an 80x24 screen) with the
# same bound values on the same database. Rounds alternate jobdesk and the shell; medians.
#
# usage: tests/bench/startup.sh [PERSONS] (default 200000; ROUNDS=N, default 9, at least 5)
# The demo database (seed 1) is kept as bench-startup-N.db under ${BENCH_DIR:-/tmp} and reused
# only while its seed and schema version match. Before timing, the script checks that the screen
# shows the rows the shell's query returns (tmux at 80x24), and with strace it counts what
# start-up opens and reads: policy files, and bytes of the database against its size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jobdesk=${JOBDESK:-$root/${BUILD:-build}/jobdesk}
export JOBDESK_POLICIES=${JOBDESK_POLICIES:-$root/policies} JOBDESK_LOCALEDIR=${JOBDESK_LOCALEDIR:-$root/${BUILD:-build}/po}
n=${1:-200000}
rounds=${ROUNDS:-9}
seed=1
if [ "$rounds" -lt 5 ]; then
	echo "startup bench: ROUNDS must be at least 5" >&2
	exit 64
fi
for tool in sqlite3 python3 tmux; do
	command -v "$tool" >/dev/null || { echo "startup bench: needs $tool" >&2; exit 69; }
done
dir=${BENCH_DIR:-/tmp}
db=$dir/bench-startup-$n.db
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the schema version this jobdesk makes, from a fresh database
"$jobdesk" --db "$tmp/fresh.db" init >/dev/null 2>&1
want="seed=$seed schema=$(sqlite3 "$tmp/fresh.db" 'PRAGMA user_version')"
if [ -f "$db" ] && [ "$(cat "$db.stamp" 2>/dev/null)" != "$want" ]; then
	echo "startup bench: $db is not of $want; building it again" >&2
	rm -f "$db" "$db-wal" "$db-shm" "$db.stamp"
fi
if [ ! -f "$db" ]; then
	echo "startup bench: building a $n-person demo database in $db" >&2
	"$jobdesk" --db "$db" demo --persons "$n" --seed "$seed" >&2
	echo "$want" >"$db.stamp"
fi
db=$(readlink -f "$db")  # jobdesk refuses to open a database through a symbolic link
# the counselor with the most persons: the first screen of their cases is the one timed
user=$(sqlite3 "$db" "SELECT counselor FROM person GROUP BY counselor ORDER BY count(*) DESC LIMIT 1")

# The page query of src/core/caseload.c (caseload_sql) for the first screen: my cases by name,
# not keyed, forward; ?1 the counselor, ?6 the rows that fit (24 - 4).
page_sql="SELECT p.id, p.name, p.id_number, p.birth_date, p.stage, p.next_followup, \
(coalesce(h.low_income, 0) * 1) | (coalesce(h.registered_poor, 0) * 2) | \
(coalesce(p.disabled, 0) * 4) | (coalesce(h.zero_employment, 0) * 8) | \
(coalesce(p.employment_difficulty, 0) * 16) | (coalesce(h.poor_disabled, 0) * 32) | \
(coalesce(h.extremely_poor, 0) * 64) AS flags, p.name_sort \
FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE 1 \
AND p.counselor = ?1 AND p.merged_into IS NULL AND p.stage <> 'closed' \
ORDER BY p.name_sort, p.id LIMIT ?6;"
# the shell's input: the same statement with the same values bound
printf ".parameter init\n.parameter set ?1 '%s'\n.parameter set ?6 20\n.separator |\n%s\n" \
	"$user" "$page_sql" >"$tmp/page.sql"
if ! grep -qF "AS flags, p.name_sort" "$root/src/core/caseload.c" ||
   ! grep -qF '"AND p.stage <> '"'"'closed'"'"' "' "$root/src/core/caseload.c"; then
	echo "startup bench: src/core/caseload.c no longer has this page query; update $0" >&2
	exit 70
fi
sqlite3 "$db" <"$tmp/page.sql" >"$tmp/rows"
[ "$(wc -l <"$tmp/rows")" -eq 20 ] || { echo "startup bench: the page query gave $(wc -l <"$tmp/rows") rows, not 20" >&2; exit 70; }

# the same work: the screen (tmux, 80x24) shows the names of the shell's rows, in that order
sock=$tmp/tmux.sock
env JOBDESK_USER="$user" LANG=C.UTF-8 LC_ALL=C.UTF-8 tmux -S "$sock" new-session -d -x 80 -y 24 \
	"$jobdesk --db $db; sleep 60"
for _ in $(seq 100); do
	tmux -S "$sock" capture-pane -p -t 0 >"$tmp/screen" 2>/dev/null || true
	grep -q "help" "$tmp/screen" && break
	sleep 0.1
done
tmux -S "$sock" kill-server 2>/dev/null || true
python3 - "$tmp/rows" "$tmp/screen" <<'PY'
import sys
names = [line.split('|')[1] for line in open(sys.argv[1], encoding='utf-8') if line.strip()]
screen = open(sys.argv[2], encoding='utf-8').read()
at = [screen.find(' ' + name + ' ') for name in names]
if -1 in at or at != sorted(at):
    sys.exit('startup bench: the first screen does not show the page query\'s rows in order\n' + screen)
PY

# what start-up opens and reads, up to the first screen, beside the shell's page query (strace;
# skipped without it)
if command -v strace >/dev/null; then
	strace -f -o "$tmp/shell.trace" -e trace=openat,read,pread64 sqlite3 "$db" <"$tmp/page.sql" >/dev/null
	python3 - "$jobdesk" "$db" "$user" "$JOBDESK_POLICIES" "$tmp/trace" "$tmp/shell.trace" <<'PY'
import os, pty, re, sys, time, select, fcntl, termios, struct
jobdesk, db, user, pol, trace, shell_trace = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM='xterm-256color', LANG='C.UTF-8', LC_ALL='C.UTF-8', JOBDESK_USER=user)
    os.execvpe('strace', ['strace', '-f', '-o', trace, '-e', 'trace=openat,read,pread64',
                          jobdesk, '--db', db], env)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
buf, end = b'', time.time() + 30
while b'help' not in buf and time.time() < end:
    if select.select([fd], [], [], 1)[0]:
        buf += os.read(fd, 65536)
time.sleep(0.2)
os.write(fd, b'qq')
os.waitpid(pid, 0)


def count(path):
    """Policy files opened and bytes read from the database in a trace."""
    fds, opened, nread = {}, 0, 0
    for line in open(path):
        m = re.search(r'openat\(AT_FDCWD, "([^"]*)".*= (\d+)$', line)
        if m:
            fds[m.group(2)] = m.group(1)
            if m.group(1).startswith(pol.rstrip('/') + '/') and m.group(1).endswith('.yaml'):
                opened += 1
            continue
        m = re.search(r'(?:read|pread64)\((\d+),.*\) = (\d+)$', line)
        if m and fds.get(m.group(1)) == db:
            nread += int(m.group(2))
    return opened, nread


size = os.path.getsize(db)
opened, nread = count(trace)
_, shell_read = count(shell_trace)
print('start-up opened %d policy files and read %d bytes of the database (%.3f%% of its %d; '
      'the shell\'s page query reads %d)' % (opened, nread, 100.0 * nread / size, size, shell_read))
PY
fi

# the rounds: jobdesk to its first screen, then the shell, alternating
python3 - "$jobdesk" "$db" "$user" "$tmp/page.sql" "$rounds" "$n" <<'PY'
import fcntl, os, pty, select, statistics, struct, subprocess, sys, termios, time
jobdesk, db, user, page, rounds, n = sys.argv[1:]
rounds = int(rounds)
env = dict(os.environ, TERM='xterm-256color', LANG='C.UTF-8', LC_ALL='C.UTF-8', JOBDESK_USER=user)

def screen():
    """Seconds from starting jobdesk on an 80x24 pty to its first caseload screen's last line."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(jobdesk, [jobdesk, '--db', db], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    buf, end = b'', t0 + 30
    while b'help' not in buf:  # the bottom line, drawn in the same refresh as the rows
        r, _, _ = select.select([fd], [], [], max(0.0, end - time.perf_counter()))
        if not r:
            sys.exit('startup bench: no first screen within 30 s')
        buf += os.read(fd, 65536)
    t = time.perf_counter() - t0
    os.write(fd, b'qq')
    os.waitpid(pid, 0)
    os.close(fd)
    return t

def shell():
    """Seconds for a fresh sqlite3 shell to run the page query and exit."""
    with open(page, 'rb') as f:
        t0 = time.perf_counter()
        subprocess.run(['sqlite3', db], stdin=f, check=True, stdout=subprocess.PIPE)
        return time.perf_counter() - t0

screen(); shell()  # one unmeasured round of each: the file in the page cache for both
js, ss = [], []
for _ in range(rounds):
    js.append(screen())
    ss.append(shell())
j, s = statistics.median(js), statistics.median(ss)
print('startup bench: %s persons, %d alternating rounds, medians (warm page cache)' % (n, rounds))
print('%-44s %9.1f ms' % ('jobdesk: start to first caseload screen', j * 1000))
print('%-44s %9.1f ms' % ('sqlite3 shell: fresh process, same page query', s * 1000))
print('%-44s %9.2fx  (goal: within 1.5x)' % ('ratio', j / s))
PY
