"""Servers the tests start: each on a port held from the OS, and each stopped when the test run stops.

A port found free and let go (bind, read, close) can be taken by another process
before the server binds it. `held_port` keeps the port bound, not listening, with
SO_REUSEADDR, until the test ends: a server that sets SO_REUSEADDR too (Python's
http.server and socketserver, uvicorn, MkDocs' preview) binds it, nothing else
can. That is Linux's rule; elsewhere the port is let go just before it is used.

A child process started with `dies_with_parent` gets SIGTERM when the test
process ends, even killed with SIGKILL (Linux); `stop_on_termination` turns the
SIGTERM or SIGHUP that stops a test run into the interruption pytest cleans up
after, so every fixture stops what it started.
"""

from __future__ import annotations

import ctypes
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_PR_SET_PDEATHSIG = 1


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


def dies_with_parent() -> None:
    """For Popen's preexec_fn: the child gets SIGTERM when the test process is gone (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def stop_on_termination() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: pytest tears every fixture down."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
