"""Servers the tests start: each on a port held from the OS, and each stopped when the test run stops.

A port found free and let go (bind, read, close) can be taken by another process
before the server binds it. `held_port` keeps the port bound, not listening, with
SO_REUSEADDR, until the test ends: a server that sets SO_REUSEADDR too (Python's
http.server and socketserver, uvicorn, MkDocs' preview) binds it, nothing else
can. That is Linux's rule; elsewhere the port is let go just before it is used.

A child process started with `dies_with_parent` gets SIGTERM when the test
process ends, even killed with SIGKILL (Linux); `stop_on_termination` turns the
SIGTERM or SIGHUP that stops a test run into the interruption pytest cleans up
after, so every fixture stops what it started. A service with children of its own
(uvicorn's workers, PostgreSQL's processes) runs in its own process group, and a
`Lifeline` signals the whole group when the test process ends however it ends:
a small watchdog holds the read end of a pipe whose write end only this process
has; when this process ends, the pipe closes and the watchdog wakes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from feedback_service.lifecycle import death_signal


@contextmanager
def held_port() -> Iterator[int]:
    """A port of 127.0.0.1, held for a server this test starts, until the block ends."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", 0))
    port = int(holder.getsockname()[1])
    if not sys.platform.startswith("linux"):
        holder.close()  # another system's SO_REUSEADDR would keep the server out
    try:
        yield port
    finally:
        holder.close()


# For Popen's preexec_fn: the child gets SIGTERM when the test process is gone (Linux); the same arming the
# preview script uses for its children.
dies_with_parent = death_signal(signal.SIGTERM)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def stop_on_termination() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: pytest tears every fixture down."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)


# --- services with children of their own (uvicorn's workers, PostgreSQL's processes) ---------------------
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
