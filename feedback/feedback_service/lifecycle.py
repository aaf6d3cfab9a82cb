"""Processes that never outlive the one that started them.

A uvicorn worker whose supervisor was killed would keep serving, holding the
port and the database; so would a service started by `make serve` or a test
whose parent died. On Linux the kernel sends a signal when the parent dies
(prctl PR_SET_PDEATHSIG); elsewhere `die_with_parent` watches the parent from a
thread. SIGTERM is uvicorn's signal for a graceful shutdown.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    return prctl


def death_signal(number: int = signal.SIGTERM) -> Callable[[], None]:
    """For ``Popen(preexec_fn=...)``: the child gets signal ``number`` when this process ends (Linux only).

    Everything is looked up here, before the fork: the child only makes the one system call.
    """
    prctl = _prctl()

    def arm() -> None:
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, number, 0, 0, 0)

    return arm


def _watch(parent: int, number: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), number)


def die_with_parent(parent: int, number: int = signal.SIGTERM) -> None:
    """Get signal ``number`` when process ``parent`` (this process's parent) ends; at once if it already has."""
    prctl = _prctl()
    if prctl is not None:
        if prctl(_PR_SET_PDEATHSIG, number, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    else:
        threading.Thread(target=_watch, args=(parent, number), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it ended before the request above took effect
        os.kill(os.getpid(), number)
