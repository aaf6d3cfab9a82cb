"""A time budget per page: a page that takes longer to render stops the build, whatever makes it slow.

Nothing here knows about MkDocs. Some text costs far more than its length:
CPython's ``html.parser`` (behind Python-Markdown's raw HTML) and
Python-Markdown's inline processing go quadratic on long runs of ``<x `` or
backticks, a template loop can run for hours. Rather than a pre-check for each
known path, one `Watchdog` times each page: while the page renders, a timer
thread waits; past the budget it raises the page's exception in the thread
that renders it (``PyThreadState_SetAsyncExc``, CPython's documented way to
raise in another thread, delivered between two bytecodes), again every tenth
of a second until the page gives up, so code that swallows one exception (a
garbage-collector callback that runs at that moment, a bare ``except``) cannot
keep the page going. `stop` disarms it and clears an exception not yet delivered.

What no budget can interrupt is one long call into C (``'x' * 10**9``, one
giant ``format``): the template sandbox refuses those before making them
(template_bounds.py).
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType

from helpcenter.pages.source import PageSource

# Python-Markdown's own work, and the build's checks of the HTML: what the message tells the writer to look for.
PHASES = {
    "templates": "simplify the loops and macros on this page; pages show facts, they do not compute",
    "markdown": (
        "look for a long run of one thing (thousands of '<', '`', '[', '*' or nested lists in a row): put such"
        " text in a code block, or split the page"
    ),
    "checks": "split the page into smaller ones, and tell a developer which page it was",
}
REPEAT_SECONDS = 0.1  # how often the exception is raised again while the page goes on


class PageOverrun(Exception):
    """The exception a page's `Watchdog` raises is one of these: code that turns errors into messages lets it
    through (the page stops; its message says the time ran out, not what happened to be running)."""


@dataclass(frozen=True)
class Overrun:
    """Where a page was when its time ran out."""

    phase: str
    template_line: int | None  # the line of the page's template then running, if a template was


ExceptionMaker = Callable[[Overrun], type[BaseException]]


class Watchdog:
    """Times one page at a time; past ``seconds``, raises ``make_exception(overrun)`` in the page's thread.

    ``make_exception`` turns an `Overrun` into the exception type to raise (a type, not an instance: that is
    what CPython raises in another thread); it is called in the timer thread. ``dispatch`` tells the code
    that calls `start` (the plugin events, the hooks): the first frame outside it is the page's, and the
    exception is raised only while that frame is still running, so a page that ended with an error of its
    own never gets it late, in whatever its thread does next.
    """

    def __init__(self, seconds: float, make_exception: ExceptionMaker, dispatch: Callable[[CodeType], bool]) -> None:
        self.seconds = seconds
        self._make_exception = make_exception
        self._dispatch = dispatch
        self._lock = threading.Lock()
        self._thread: int | None = None
        self._page_frame: FrameType | None = None
        self._phase = ""
        self._started = 0.0
        self._generation = 0  # a timer of an earlier page never fires on a later one
        self.overrun: Overrun | None = None

    def start(self, phase: str) -> None:
        frame: FrameType | None = sys._getframe(1)
        while frame is not None and self._dispatch(frame.f_code):
            frame = frame.f_back
        with self._lock:
            self._generation += 1
            self._thread = threading.get_ident()
            self._page_frame = frame
            self._phase = phase
            self._started = time.monotonic()
            self.overrun = None
            self._arm(self.seconds, self._generation)

    def phase(self, phase: str) -> None:
        self._phase = phase

    def stop(self) -> Overrun | None:
        """Disarm; the page's `Overrun` if its time ran out (whether or not the exception got through)."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._page_frame = None
            self._generation += 1
        if thread is not None:
            _raise_in(thread, None)  # clears an exception raised but not yet delivered
        overrun = self.overrun
        if overrun is None and thread is not None and time.monotonic() - self._started > self.seconds:
            overrun = Overrun(self._phase, None)  # a page can finish late between two checks of the timer
        return overrun

    def _arm(self, delay: float, generation: int) -> None:
        timer = threading.Timer(delay, self._fire, args=(generation,))
        timer.daemon = True  # never keeps a stopped build's process alive
        timer.start()

    def _fire(self, generation: int) -> None:
        with self._lock:
            thread = self._thread
            if generation != self._generation or thread is None or not _running(thread, self._page_frame):
                return
            if self.overrun is None:
                self.overrun = Overrun(self._phase, _template_line(thread) if self._phase == "templates" else None)
            _raise_in(thread, self._make_exception(self.overrun))
            self._arm(REPEAT_SECONDS, generation)


def _running(thread: int, page_frame: FrameType | None) -> bool:
    frame: FrameType | None = sys._current_frames().get(thread)
    while frame is not None:
        if frame is page_frame:
            return True
        frame = frame.f_back
    return False


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), target)


def _template_line(thread: int) -> int | None:
    """The line of the Jinja template the thread is running, from its innermost template frame."""
    frame: FrameType | None = sys._current_frames().get(thread)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and frame.f_code.co_filename == "<template>":
            line = template.get_corresponding_lineno(frame.f_lineno)
            return int(line) if line else None
        frame = frame.f_back
    return None


@dataclass
class PageTiming:
    """The build's watchdog, and the page it times."""

    watchdog: Watchdog
    page: PageSource | None = None
