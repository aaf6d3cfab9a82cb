"""Each page's time budget (``extra.helpcenter.page_seconds``): macros, Markdown and the checks of its HTML.

A page over its budget stops the build with a located finding, whatever made
it slow (helpcenter/rendering/page_budget.py). The exception raised in the
rendering thread is a `PluginError`, so MkDocs ends the build cleanly with the
finding as its message, never a traceback.
"""

from __future__ import annotations

import os
from types import CodeType

import mkdocs.plugins
from mkdocs.exceptions import PluginError

from helpcenter.findings import Finding
from helpcenter.pages.source import PageSource
from helpcenter.rendering.page_budget import PHASES, Overrun, PageOverrun, PageTiming, Watchdog
from jobs.build import Setup

_HOOKS = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_EVENTS = os.path.abspath(mkdocs.plugins.__file__)
_DOING = {
    "templates": "its templates were running",
    "markdown": "in Python-Markdown",
    "checks": "in the build's checks",
}


class PageTooSlow(PluginError, PageOverrun):
    """A page went over its budget; each one gets a subclass whose ``finding`` says where."""

    finding: Finding

    def __init__(self) -> None:
        super().__init__(str(self.finding))


def _dispatch(code: CodeType) -> bool:
    # MkDocs' event dispatch and these hooks: the page's own frame is the first one outside them.
    return code.co_filename == _EVENTS or code.co_filename.startswith(_HOOKS)


def configure(setup: Setup) -> PageTiming:
    seconds = setup.settings.helpcenter.page_seconds
    timing = PageTiming(Watchdog(seconds, lambda overrun: _exception(timing, overrun), _dispatch))
    return timing


def _exception(timing: PageTiming, overrun: Overrun) -> type[PageTooSlow]:
    source = timing.page
    path = source.path if source is not None else "(a page)"
    line = overrun.template_line + source.body_offset if source is not None and overrun.template_line else 0
    seconds = timing.watchdog.seconds
    finding = Finding(
        path,
        line,
        None,
        "page-too-slow",
        f"this page took more than {seconds:g} s to render ({_DOING[overrun.phase]}) -> {PHASES[overrun.phase]}",
    )
    if os.environ.get("GITHUB_ACTIONS") == "true":  # raised, not reported: annotate it here
        print(finding.github_annotation(), flush=True)
    return type("PageTooSlow", (PageTooSlow,), {"finding": finding})


def start(timing: PageTiming, source: PageSource, phase: str = "templates") -> None:
    timing.page = source
    timing.watchdog.start(phase)


def phase(timing: PageTiming, name: str) -> None:
    timing.watchdog.phase(name)


def stop(timing: PageTiming) -> None:
    """The page is done: one that finished over its budget (an exception swallowed on the way) stops here."""
    overrun = timing.watchdog.stop()
    if overrun is not None:
        raise _exception(timing, overrun)()
