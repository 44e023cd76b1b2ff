#!/usr/bin/env python3
"""The county server, driven (tests/bench/county.sh runs it): SESSIONS counselor screens (the
real jobdesk on pseudo-terminals of 80x24, one counselor each, in turn from USERS) and, in the
same loop, SHELLS sqlite3 shells on pseudo-terminals running the page query the screen runs
(PAGE_SQL: the first page, then the page after a row, as county_writer --page-sql printed
them). Once every screen is up, the writers' command lines (WRITERS, one a line) are started and
for SECONDS each screen is sent a page key (PgDn, every fifth PgUp) and each shell its next page,
at random intervals around KEY_S seconds (half to one and a half of it). A repaint is from the
key's write to the last byte of the output it brought; it is over when QUIET seconds pass
without a byte (that wait is not counted); screens and shells are timed by the same rule in
the same loop. Everything the screens draw is searched for a busy or locked database.

usage: county.py JOBDESK DB USERS PAGE_SQL WRITERS STOP SESSIONS SHELLS SECONDS KEY_S
Prints "result NAME VALUE" lines (times in ms, memory in KiB) and the writers' lines.
"""
import fcntl
import os
import pty
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

QUIET = 0.030
PGDN, PGUP = b'\x1b[6~', b'\x1b[5~'
# what a screen shows for a busy or locked database, in English and in Chinese
BUSY = [b'busy', b'locked', '正忙'.encode(), '锁定'.encode()]


def now():
    """Seconds on the monotonic clock."""
    return time.perf_counter()


class Term:
    """One process on a pseudo-terminal of 80x24, its key schedule and its repaint times."""

    def __init__(self, argv, env, kind):
        self.kind = kind
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
        if kind == 'shell':  # no echo of the statements sent
            a = termios.tcgetattr(self.fd)
            a[3] &= ~termios.ECHO
            termios.tcsetattr(self.fd, termios.TCSANOW, a)
        self.buf = b''        # output kept until the first screen, and the shell's last page
        self.sent = None      # when the key of the repaint under way was written
        self.last = None      # when its last byte came
        self.due = None       # when the next key is to be sent
        self.times = []
        self.timeouts = 0
        self.busy = 0
        self.tail = b''
        self.keys = 0
        self.after = None     # a shell's last row: (name_sort, rowid)

    def read(self, t):
        """Read what the process wrote; note the time; look for a busy database."""
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b''
        if not data:
            return False
        if self.sent is not None:
            self.last = t
        if self.kind == 'screen' and self.due is None:
            self.buf += data
        elif self.kind == 'shell':
            self.buf = (self.buf + data)[-8192:]
        seen = self.tail + data
        self.busy += sum(seen.count(b) for b in BUSY) - sum(self.tail.count(b) for b in BUSY)
        self.tail = data[-16:]
        return True


def q(s):
    """s as an SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def shell_page(sql_first, sql_next, after):
    """The statements a shell is sent for its next page."""
    if after is None:
        return sql_first + '\n'
    return '.parameter set ?4 %s\n.parameter set ?5 %d\n%s\n' % (q(after[0]), after[1], sql_next)


def last_row(buf):
    """(name_sort, rowid) of the last row of a page the shell printed (its last two columns,
    migration 0016), or None at the end."""
    rows = [l for l in buf.decode('utf-8', 'replace').replace('\r', '').split('\n') if '|' in l]
    if len(rows) < 20:
        return None
    f = rows[-1].split('|')
    return (f[-2], int(f[-1]))


def memory(pid):
    """(VmHWM, Pss) of a process in KiB."""
    hwm = pss = -1
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    hwm = int(line.split()[1])
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for line in f:
                if line.startswith('Pss:'):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return hwm, pss


def pct(xs, p):
    """The p-th percentile (nearest rank) of xs, or -1."""
    if not xs:
        return -1
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(len(xs) * p / 100 + 0.999999) - 1))]


def main():
    (jobdesk, db, users_file, page_sql, writers_file, stop, sessions, shells, seconds,
     key_s) = sys.argv[1:]
    sessions, shells, seconds, key_s = int(sessions), int(shells), float(seconds), float(key_s)
    users = [u.strip() for u in open(users_file, encoding='utf-8') if u.strip()]
    sql_first, sql_next = [l.strip().rstrip(';') + ';' for l in open(page_sql, encoding='utf-8')
                           if l.strip()][:2]
    writers = [l.strip().split('\t') for l in open(writers_file, encoding='utf-8') if l.strip()]
    rnd = random.Random(1)
    base = dict(os.environ, TERM='xterm-256color')
    terms = []

    # the screens, four starting at a time, each up when its bottom line is drawn
    starting, started, t_start = [], 0, now()
    up_times = []
    while started < sessions or starting:
        while started < sessions and len(starting) < 4:
            env = dict(base, JOBDESK_USER=users[started % len(users)])
            t = Term([jobdesk, '--db', db], env, 'screen')
            t.t0 = now()
            terms.append(t)
            starting.append(t)
            started += 1
        r, _, _ = select.select([t.fd for t in starting], [], [], 30)
        if not r:
            sys.exit('county: a screen did not come up within 30 s')
        for t in list(starting):
            if t.fd in r and t.read(now()) and (b'help' in t.buf or '帮助'.encode() in t.buf):
                up_times.append(now() - t.t0)
                t.buf = b''
                t.due = 0
                starting.remove(t)
            elif t.fd in r and not t.buf.strip() and os.waitpid(t.pid, os.WNOHANG)[0]:
                sys.exit('county: a screen ended before its first screen')
    print('result sessions_up_s %.1f' % (now() - t_start))
    print('result first_screen_p50_ms %.1f' % (statistics.median(up_times) * 1000))
    for i in range(shells):
        t = Term(['/usr/bin/env', 'sqlite3', '-batch', '-separator', '|', db], base, 'shell')
        t.due = 0
        os.write(t.fd, ('.parameter init\n.parameter set ?1 %s\n.parameter set ?6 20\n'
                        % q(users[i % len(users)])).encode())
        terms.append(t)
    # drain whatever the screens and shells still write
    end = now() + 0.5
    while now() < end:
        r, _, _ = select.select([t.fd for t in terms], [], [], 0.1)
        for t in terms:
            if t.fd in r:
                t.read(now())

    procs = []
    for i, argv in enumerate(writers):
        procs.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True))
    t_begin = now()
    for t in terms:
        t.due = t_begin + rnd.uniform(0, key_s)
    by_fd = {t.fd: t for t in terms}
    while True:
        t_now = now()
        if t_now >= t_begin + seconds and all(t.sent is None for t in terms):
            break
        wake = t_now + 0.1
        for t in terms:
            if t.sent is None:
                if t_now >= t.due and t_now < t_begin + seconds:
                    if t.kind == 'screen':
                        t.keys += 1
                        key = PGUP if t.keys % 5 == 0 else PGDN
                        os.write(t.fd, key)
                    else:
                        t.buf = b''
                        os.write(t.fd, shell_page(sql_first, sql_next, t.after).encode())
                    t.sent, t.last = now(), None
                else:
                    wake = min(wake, t.due)
            elif t.last is not None and t_now - t.last >= QUIET:
                t.times.append(t.last - t.sent)
                if t.kind == 'shell':
                    t.after = last_row(t.buf)
                t.sent = None
                t.due = t_now + key_s * rnd.uniform(0.5, 1.5)
            elif t.last is not None:
                wake = min(wake, t.last + QUIET)
            elif t_now - t.sent > 2:  # nothing came back (the last page): not a repaint
                t.timeouts += 1
                t.sent = None
                t.after = None
                t.due = t_now + key_s * rnd.uniform(0.5, 1.5)
            else:
                wake = min(wake, t.sent + 2)
        r, _, _ = select.select(list(by_fd), [], [], max(0.0, wake - now()))
        t_read = now()
        for fd in r:
            by_fd[fd].read(t_read)
    t_end = now()

    # memory of every screen and shell, still running, then the writers stopped
    mem = {'screen': [], 'shell': []}
    for t in terms:
        mem[t.kind].append(memory(t.pid))
    open(stop, 'w').close()
    for p in procs:
        out, err = p.communicate()
        print('writer ' + out.strip())
        for line in err.splitlines():
            print('writer-error ' + line)
    for t in terms:
        try:
            os.kill(t.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for t in terms:
        os.waitpid(t.pid, 0)
        os.close(t.fd)

    for kind in ('screen', 'shell'):
        ts = [x * 1000 for t in terms if t.kind == kind for x in t.times]
        hwm = [m[0] for m in mem[kind] if m[0] >= 0]
        pss = [m[1] for m in mem[kind] if m[1] >= 0]
        print('result %s_repaints %d' % (kind, len(ts)))
        print('result %s_p50_ms %.2f' % (kind, pct(ts, 50)))
        print('result %s_p95_ms %.2f' % (kind, pct(ts, 95)))
        print('result %s_max_ms %.2f' % (kind, max(ts) if ts else -1))
        print('result %s_timeouts %d' % (kind, sum(t.timeouts for t in terms if t.kind == kind)))
        print('result %s_busy %d' % (kind, sum(t.busy for t in terms if t.kind == kind)))
        print('result %s_vmhwm_p50_kib %d' % (kind, pct(hwm, 50)))
        print('result %s_vmhwm_max_kib %d' % (kind, max(hwm) if hwm else -1))
        print('result %s_pss_p50_kib %d' % (kind, pct(pss, 50)))
        print('result %s_pss_sum_kib %d' % (kind, sum(pss)))
    print('result window_s %.1f' % (t_end - t_begin))


if __name__ == '__main__':
    main()
