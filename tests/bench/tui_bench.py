#!/usr/bin/env python3
"""The counselor's screen, timed: key to repaint when paging and when typing a search, and peak
memory, beside an sqlite3 shell on a pseudo-terminal of its own running the statements the screen
runs (the page query after the last row shown, the search statement of the text typed so far:
PAGE_SQL and SEARCH_SQL, as tests/bench/county_writer.c traced them), in turn: a key to the
screen, then the statement to the shell, ROUNDS times over. Screen and shell are timed by the
same rule: from the write to the last byte it brought, over when QUIET seconds pass without a
byte (that wait is not counted).

usage: tui_bench.py JOBDESK DB USER PAGE_SQL SEARCH_SQL [ROUNDS]
Prints "result NAME VALUE" lines: times in ms, memory in KiB.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from county import Term, last_row, memory, now, pct, q, shell_page  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402

QUIET = 0.030
PGDN = b'\x1b[6~'


def repaint(t, data):
    """Write data to the terminal; seconds until the last byte it brought (None: nothing came)."""
    t.buf = b''
    t0 = now()
    os.write(t.fd, data)
    last = None
    while True:
        r, _, _ = select.select([t.fd], [], [], QUIET if last else 5.0)
        if not r:
            break
        t.read(now())
        last = now()
    return None if last is None else last - t0


def settle(t):
    """Read until the terminal has been quiet for a while."""
    while select.select([t.fd], [], [], 0.2)[0]:
        t.read(now())


def main():
    jobdesk, db, user, page_sql, search_sql = sys.argv[1:6]
    rounds = int(sys.argv[6]) if len(sys.argv) > 6 else 20
    first, after = [l.strip().rstrip(';') + ';' for l in open(page_sql, encoding='utf-8')][:2]
    searches = [l.strip() for l in open(search_sql, encoding='utf-8') if l.strip()]
    env = dict(os.environ, TERM='xterm-256color', JOBDESK_USER=user)
    screen = Term([jobdesk, '--db', db], env, 'screen')
    while b'help' not in screen.buf and '帮助'.encode() not in screen.buf:
        if not select.select([screen.fd], [], [], 30)[0]:
            sys.exit('tui bench: no first screen within 30 s')
        screen.read(now())
    settle(screen)
    screen.due = 0  # up: keep no more output
    shell = Term(['/usr/bin/env', 'sqlite3', '-batch', '-separator', '|', db], env, 'shell')
    os.write(shell.fd, ('.parameter init\n.parameter set ?1 %s\n.parameter set ?6 20\n'
                        % q(user)).encode())
    settle(shell)
    # the shell starts on the page the screen shows: the first
    repaint(shell, shell_page(first, after, None).encode())
    shell.after = last_row(shell.buf)

    pages, spages, types, stypes = [], [], [], []
    for _ in range(rounds * 3):
        pages.append(repaint(screen, PGDN))
        spages.append(repaint(shell, shell_page(first, after, shell.after).encode()))
        shell.after = last_row(shell.buf)
    repaint(screen, b'/')
    for _ in range(rounds):
        for ch, sql in zip((b'w', b'l'), searches):
            types.append(repaint(screen, ch))
            stypes.append(repaint(shell, (sql + '\n').encode()))
        repaint(screen, b'\x7f')
        repaint(screen, b'\x7f')
    hwm, pss = memory(screen.pid)
    shwm, spss = memory(shell.pid)
    for t in (screen, shell):
        os.kill(t.pid, signal.SIGTERM)
        os.waitpid(t.pid, 0)
        os.close(t.fd)
    ms = lambda xs, p: '%.2f' % (pct([x * 1000 for x in xs if x is not None], p))
    print('result pages %d %d' % (len([x for x in pages if x]), len([x for x in spages if x])))
    for name, a, b in (('paging', pages, spages), ('typing', types, stypes)):
        print('result %s_p50 %s %s' % (name, ms(a, 50), ms(b, 50)))
        print('result %s_p95 %s %s' % (name, ms(a, 95), ms(b, 95)))
    print('result vmhwm %d %d' % (hwm, shwm))
    print('result pss %d %d' % (pss, spss))


if __name__ == '__main__':
    main()
