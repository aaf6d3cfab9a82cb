"""Services a test starts end with the test run, however it ends.

Each service runs in its own process group (its workers and children with it).
A normal end stops it in the fixture's ``finally``; `weakref.finalize` stops it
when the interpreter exits first; and `Lifeline` covers the rest (pytest killed
with SIGKILL or SIGTERM, a crash): a small watchdog process holds the read end of
a pipe whose write end only this process has. When this process ends, the pipe
closes, the watchdog wakes up and signals the whole group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import weakref

_WATCHDOG = """
import os, signal, sys
sys.stdin.buffer.read()  # returns when the test process has ended: its end of the pipe is closed
try:
    os.killpg(int(sys.argv[1]), int(sys.argv[2]))
except ProcessLookupError:
    pass
"""


def _signal_group(group: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, number)


class Lifeline:
    """Signals process group ``group`` with ``number`` when this process ends without calling `release`."""

    def __init__(self, group: int, number: int = signal.SIGKILL) -> None:
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(group), str(int(number))],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a signal to the test run's process group (Ctrl-C, a CI timeout) spares it
        )
        # The interpreter's own exit (after an error outside any fixture's finally) stops the group too.
        self._finalizer = weakref.finalize(self, _signal_group, group, number)

    def release(self) -> None:
        """The group was stopped in order: the watchdog goes (killed, so it never signals a reused group id)."""
        self._finalizer.detach()
        self._watchdog.kill()
        self._watchdog.wait()
        if self._watchdog.stdin is not None:
            self._watchdog.stdin.close()
