"""Benchmark-only MkDocs hook: wall time per build phase, without a profiler's overhead.

benchmarks/scale.py adds it (``--phases``) to a copy of the config. Each phase is
the time between two events, taken with the highest priority on one side and the
lowest on the other, so it includes every plugin's and hook's handler for that
event. The totals are written as JSON to the file named by $PHASE_TIMES.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from typing import Any

from mkdocs.plugins import CombinedEvent, event_priority

FIRST, LAST = 10_000, -10_000

# PHASE_CLOCK=cpu measures this process's CPU time instead, steadier on a busy machine.
_clock = time.process_time if os.environ.get("PHASE_CLOCK") == "cpu" else time.perf_counter
_marks: dict[str, float] = {}
_totals: dict[str, float] = defaultdict(float)


def _mark(name: str) -> None:
    _marks[name] = _clock()


def _add(phase: str, since: str) -> None:
    _totals[phase] += _clock() - _marks[since]


@event_priority(FIRST)
def on_config(config: Any) -> None:
    _marks.clear()
    _totals.clear()
    _mark("config")


@event_priority(LAST)
def on_pre_build(config: Any) -> None:
    _add("config and pre_build events", "config")
    _mark("pre_build")


@event_priority(LAST)
def on_nav(nav: Any, *, config: Any, files: Any) -> None:
    _add("files and nav", "pre_build")


@event_priority(FIRST)
def on_pre_page(page: Any, *, config: Any, files: Any) -> None:
    _mark("pre_page")


@event_priority(FIRST)
def _page_markdown_first(markdown: str, *, page: Any, config: Any, files: Any) -> None:
    _add("read source", "pre_page")
    _mark("markdown")


@event_priority(LAST)
def _page_markdown_last(markdown: str, *, page: Any, config: Any, files: Any) -> None:
    _add("page_markdown events (macros, hooks)", "markdown")
    _mark("convert")


@event_priority(FIRST)
def _page_content_first(html: str, *, page: Any, config: Any, files: Any) -> None:
    _add("Markdown -> HTML", "convert")
    _mark("content")


@event_priority(LAST)
def _page_content_last(html: str, *, page: Any, config: Any, files: Any) -> None:
    _add("page_content events (hooks)", "content")


@event_priority(FIRST)
def _page_context_first(context: Any, *, page: Any, config: Any, nav: Any) -> None:
    _mark("context")


@event_priority(LAST)
def _page_context_last(context: Any, *, page: Any, config: Any, nav: Any) -> None:
    _add("page_context events (search index, hooks)", "context")
    _mark("template")


@event_priority(FIRST)
def _post_page_first(output: str, *, page: Any, config: Any) -> None:
    _add("page template (theme, nav, toc)", "template")
    _mark("post_page")


@event_priority(LAST)
def _post_page_last(output: str, *, page: Any, config: Any) -> None:
    _add("post_page events (hooks)", "post_page")


@event_priority(FIRST)
def _post_build_first(config: Any) -> None:
    _mark("post_build")


@event_priority(LAST)
def _post_build_last(config: Any) -> None:
    _add("post_build events (search index file, hooks)", "post_build")
    _add("total from on_config", "config")
    target = os.environ.get("PHASE_TIMES")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(_totals, handle)


# One module, two handlers per event (MkDocs runs them by priority).
on_page_markdown = CombinedEvent(_page_markdown_first, _page_markdown_last)
on_page_content = CombinedEvent(_page_content_first, _page_content_last)
on_page_context = CombinedEvent(_page_context_first, _page_context_last)
on_post_page = CombinedEvent(_post_page_first, _post_page_last)
on_post_build = CombinedEvent(_post_build_first, _post_build_last)
