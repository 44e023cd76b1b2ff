#!/usr/bin/env bash
# Start-up, timed: from starting `jobdesk` (the counselor's screen, in a pseudo-terminal of 80x24)
# to its first caseload screen drawn, against the sqlite3 shell's fresh process running the same
# page query (traced from caseload_page() by tests/bench/county_writer.c --page-sql: "my cases"
# by name, the 20 rows of an 80x24 screen) with the same bound values on the same database.
# Rounds alternate jobdesk and the shell; medians; then as many cold (the database file evicted
# from the page cache before each turn, posix_fadvise, as caseload.sh does). The screen is stopped
# by SIGTERM, which leaves at once: quitting with q would make the day's first backup.
#
# Measured 2026-11-29 23:36 (1,000,000 demo, 9 rounds, load 2-3; before = 8caa3e0): warm 18.4 ->
# 16.5 ms (shell 15.7 / 13.6: 1.17x -> 1.21x), cold 28.7 -> 26.7 ms (shell 24.5 / 24.2: 1.17x ->
# 1.10x); start-up reads 416 KiB of the database before and after (the shell's page query 408:
# the user's account and the settings, which the screen needs to know who acts and when it locks).
# usage: tests/bench/startup.sh [PERSONS] (default 1000000; ROUNDS=N, default 9, at least 5)
# The demo database (seed 1) is tests/bench/lib.sh's bench_db. Before timing, the script checks
# that the screen shows the rows the shell's query returns (tmux at 80x24), and with strace it
# counts what start-up opens and reads: policy files, and bytes of the database against its size.
set -euo pipefail
BENCH_NAME=startup
. "$(dirname "$0")/lib.sh"
bench_init python3 tmux cc pkg-config
jobdesk=$bin
n=${1:-1000000}
rounds=${ROUNDS:-9}
if [ "$rounds" -lt 5 ]; then
	echo "startup bench: ROUNDS must be at least 5" >&2
	exit 64
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$(readlink -f "$(bench_db "$n")")  # jobdesk refuses to open a database through a symbolic link
# the counselor with the most persons: the first screen of their cases is the one timed
user=$(sqlite3 "$db" "SELECT counselor FROM person GROUP BY counselor ORDER BY count(*) DESC LIMIT 1")

# The page query as jobdesk runs it (caseload_page(), traced): my cases by name, the first page;
# ?1 the counselor, ?6 the rows that fit (24 - 4).
bench_cc county_writer.c "$tmp/county_writer"
# (to a file first: head ending the pipe early would stop the writer with SIGPIPE under pipefail)
"$tmp/county_writer" --page-sql "$db" "$user" >"$tmp/traced"
page_sql=$(head -n 1 "$tmp/traced")
[ -n "$page_sql" ] || { echo "startup bench: could not trace the page query" >&2; exit 70; }
# the shell's input: the same statement with the same values bound
printf ".parameter init\n.parameter set ?1 '%s'\n.parameter set ?6 20\n.separator |\n%s;\n" \
	"$user" "$page_sql" >"$tmp/page.sql"
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
import os, pty, re, sys, time, select, fcntl, termios, signal, struct
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
if b'help' not in buf:
    sys.exit('startup bench: no first screen within 30 s under strace')
time.sleep(0.2)
# the screen stopped by SIGTERM, which leaves at once: the trace holds start-up alone, and no
# day's first backup (a copy of the whole file, made when the screen is left by q) is made
kids = open('/proc/%d/task/%d/children' % (pid, pid)).read().split()
for k in kids:
    os.kill(int(k), signal.SIGTERM)
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
open(trace + '.counts', 'w').write('%d %d %d\n' % (opened, nread, shell_read))
print('start-up opened %d policy files and read %d bytes of the database (%.3f%% of its %d; '
      'the shell\'s page query reads %d)' % (opened, nread, 100.0 * nread / size, size, shell_read))
PY
	read -r opened nread shell_read <"$tmp/trace.counts"
	bench_row "policy files opened at start" "$opened" files "-" "" "0"
	bench_row "database bytes read at start" "$((nread / 1024))" KiB "sqlite3 shell, same page query" "$((shell_read / 1024))" "-"
fi

# the rounds: jobdesk to its first screen, then the shell, alternating
python3 - "$jobdesk" "$db" "$user" "$tmp/page.sql" "$rounds" "$n" >"$tmp/medians" <<'PY'
import fcntl, os, pty, select, signal, statistics, struct, subprocess, sys, termios, time
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
    os.kill(pid, signal.SIGTERM)  # leaves at once: no day's first backup made by the bench
    os.waitpid(pid, 0)
    os.close(fd)
    return t

def shell():
    """Seconds for a fresh sqlite3 shell to run the page query and exit."""
    with open(page, 'rb') as f:
        t0 = time.perf_counter()
        subprocess.run(['sqlite3', db], stdin=f, check=True, stdout=subprocess.PIPE)
        return time.perf_counter() - t0

def evict():
    """The database's pages out of the page cache (this file alone; nobody writes it here)."""
    fd = os.open(db, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)

screen(); shell()  # one unmeasured round of each: the file in the page cache for both
js, ss = [], []
for _ in range(rounds):
    js.append(screen())
    ss.append(shell())
# cold: the file evicted before each turn, so that both open it and read their page from disk
jc, sc = [], []
for _ in range(rounds):
    evict()
    jc.append(screen())
    evict()
    sc.append(shell())
print('%.1f %.1f %.1f %.1f' % tuple(statistics.median(v) * 1000 for v in (js, ss, jc, sc)))
PY
read -r jms sms jcold scold <"$tmp/medians"
echo "startup bench: $n persons, $rounds alternating rounds, medians (warm page cache; cold: the file evicted before each turn)"
bench_row "start to first caseload screen" "$jms" ms "sqlite3 shell, same page query" "$sms" "<=1.5x"
bench_row "start to first caseload screen, cold" "$jcold" ms "sqlite3 shell, same page query" "$scold" "<=1.5x"
