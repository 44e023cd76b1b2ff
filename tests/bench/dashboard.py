#!/usr/bin/env python3
"""The office at a glance, timed: from D on the caseload to the last byte of the repaint (the
five reports read and drawn), beside an sqlite3 shell on a pseudo-terminal of its own running
the very statements of those reports (core/report.c report_sql, in SQL_FILE, parameters bound
as the screen binds them), in turn, ROUNDS times; q between rounds closes the screen again.
Both timed by the same rule as tui_bench.py: from the write to the last byte it brought, over
when QUIET seconds pass without a byte (that wait is not counted).

usage: dashboard.py JOBDESK DB SQL_FILE [ROUNDS]
Prints "result NAME VALUE VALUE" lines (screen, shell): times in ms.
"""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from county import Term, now, pct  # noqa: E402
from tui_bench import repaint, settle  # noqa: E402
import select  # noqa: E402


def main():
    jobdesk, db, sql_file = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    sql = open(sql_file, encoding='utf-8').read()
    env = dict(os.environ, TERM='xterm-256color')
    screen = Term([jobdesk, '--db', db], env, 'screen')
    while b'help' not in screen.buf and '帮助'.encode() not in screen.buf:
        if not select.select([screen.fd], [], [], 60)[0]:
            sys.exit('dashboard bench: no first screen within 60 s')
        screen.read(now())
    settle(screen)
    screen.due = 0
    shell = Term(['/usr/bin/env', 'sqlite3', '-batch', '-readonly', db], env, 'shell')
    settle(shell)
    opens, shells = [], []
    repaint(screen, b'D')          # warm both once, untimed
    repaint(screen, b'q')
    repaint(shell, sql.encode())
    for _ in range(rounds):
        opens.append(repaint(screen, b'D'))
        shells.append(repaint(shell, sql.encode()))
        repaint(screen, b'q')
    for t in (screen, shell):
        os.kill(t.pid, signal.SIGTERM)
        os.waitpid(t.pid, 0)
        os.close(t.fd)
    ms = lambda xs, p: '%.2f' % (pct([x * 1000 for x in xs if x is not None], p))
    print('result open_p50 %s %s' % (ms(opens, 50), ms(shells, 50)))
    print('result open_p95 %s %s' % (ms(opens, 95), ms(shells, 95)))


if __name__ == '__main__':
    main()
