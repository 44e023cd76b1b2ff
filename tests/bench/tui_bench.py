#!/usr/bin/env python3
"""The counselor's screen, timed: start to the first full caseload screen, key to repaint when
paging and when typing a search, and resident memory, on a database you give it. Beside each
figure, the floor: the sqlite3 shell running the same page or search query in a fresh process.

usage: tui_bench.py JOBDESK DB [ROUNDS]
The screen runs in a pseudo-terminal of 80x24; a repaint is over when the terminal has been
quiet for QUIET seconds after the last byte (that wait is subtracted).
"""
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time

QUIET = 0.030


def spawn(jobdesk, db):
    """Start jobdesk on a pty of 80x24; return (pid, fd, start time)."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM='xterm-256color', LANG='C.UTF-8', LC_ALL='C.UTF-8',
                   JOBDESK_USER=os.environ.get('BENCH_USER', 'zhangwei'))
        os.execve(jobdesk, [jobdesk, '--db', db], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    return pid, fd, t0


def read_until(fd, needle, timeout=20.0):
    """Read output until needle has been seen; return (bytes, time the needle arrived)."""
    buf = b''
    end = time.perf_counter() + timeout
    while needle not in buf:
        r, _, _ = select.select([fd], [], [], max(0.0, end - time.perf_counter()))
        if not r:
            raise SystemExit('bench: timed out waiting for %r' % needle)
        buf += os.read(fd, 65536)
    return buf, time.perf_counter()


def repaint(fd, key):
    """Send a key; return seconds until the repaint's last byte."""
    t0 = time.perf_counter()
    os.write(fd, key)
    last = None
    while True:
        r, _, _ = select.select([fd], [], [], QUIET if last else 5.0)
        if not r:
            break
        os.read(fd, 65536)
        last = time.perf_counter()
    return (last or time.perf_counter()) - t0


def rss_kib(pid):
    """Resident memory of a process in KiB."""
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return -1


def shell(db, sql, rounds):
    """Median seconds for the sqlite3 shell to run sql in a fresh process."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(['sqlite3', db, sql], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def p95(xs):
    """The 95th percentile."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * 0.95))]


def main():
    jobdesk, db = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    starts, pages, types, rss = [], [], [], 0
    for i in range(rounds):
        pid, fd, t0 = spawn(jobdesk, db)
        _, t1 = read_until(fd, b'help')
        starts.append(t1 - t0)
        if i == 0:
            for _ in range(rounds * 3):
                pages.append(repaint(fd, b' '))          # Space: next page
            repaint(fd, b'/')
            for _ in range(rounds):
                for ch in (b'w', b'l'):
                    types.append(repaint(fd, ch))
                repaint(fd, b'\x7f')
                repaint(fd, b'\x7f')
            rss = rss_kib(pid)
        os.write(fd, b'\x1b')
        time.sleep(0.05)
        os.write(fd, b'q')
        os.waitpid(pid, 0)
        os.close(fd)
    user = os.environ.get('BENCH_USER', 'zhangwei')
    page_sql = ("SELECT p.id, p.name, p.id_number FROM person p LEFT JOIN household h ON "
                "h.id = p.household_id WHERE p.counselor = '%s' AND p.stage <> 'closed' "
                "ORDER BY p.name_sort, p.id LIMIT 20"
                % user)
    search_sql = ("SELECT p.id, p.name FROM person_fts JOIN person_search s ON "
                  "s.docid = person_fts.rowid JOIN person p ON p.id = s.person_id "
                  "WHERE person_fts MATCH 'wl*' LIMIT 19")
    floor_page = shell(db, page_sql, rounds)
    floor_search = shell(db, search_sql, rounds)
    ms = lambda s: '%.1f' % (s * 1000)
    print('tui bench: %s, %d rounds, quiet gap %.0f ms subtracted' % (db, rounds, QUIET * 1000))
    print('%-34s %10s %10s %22s' % ('what', 'p50 ms', 'p95 ms', 'sqlite3 shell p50 ms'))
    print('%-34s %10s %10s %22s' % ('start to first caseload screen', ms(statistics.median(starts)),
                                    ms(p95(starts)), ms(floor_page)))
    print('%-34s %10s %10s %22s' % ('key to repaint, paging', ms(statistics.median(pages)),
                                    ms(p95(pages)), ms(floor_page)))
    print('%-34s %10s %10s %22s' % ('key to repaint, typing a search', ms(statistics.median(types)),
                                    ms(p95(types)), ms(floor_search)))
    print('%-34s %10d KiB' % ('resident memory after paging', rss))
    print('goals: first screen < 100 ms, repaint < 16 ms, resident < 32768 KiB')


if __name__ == '__main__':
    main()
