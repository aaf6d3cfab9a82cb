"""Every page has a time budget: a page that takes longer to render stops the build at its location.

Python-Markdown's raw HTML goes through CPython's html.parser, which is
quadratic on ``<x <x <x ...`` (8,000 of them took 46 s); its inline processing
grows faster than the text on backticks and brackets; a template loop over a
long text runs for hours. One watchdog per page stops all of these, and whatever else is slow,
with one message; only single calls into C (``'x' * 10**9``) need their own
checks (tests/test_template_bounds.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import markdown
import pytest

from helpcenter.rendering.page_budget import Overrun, Watchdog
from sitebuilder import build_site, real_config

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
SECONDS = 2.0
MARKDOWN = (
    "look for a long run of one thing (thousands of '<', '`', '[', '*' or nested lists in a row): put such text in a"
    " code block, or split the page"
)
TEMPLATES = "simplify the loops and macros on this page; pages show facts, they do not compute"


def article(body: str) -> str:
    """The body starts on line 7."""
    return f"---\ntitle: Slow\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


def _with_budget(seconds: float) -> dict[str, object]:
    extra = real_config()["extra"]
    extra["helpcenter"]["page_seconds"] = seconds
    return {"extra": extra}


# page body -> (line of the finding or 0 for the page, what was running, the fix)
SLOW_PAGES = {
    "raw-html-tags": ("Intro.\n\n" + "<x " * 8000 + "\n", 0, "in Python-Markdown", MARKDOWN),
    # Sizes that take several times the budget here (2 cores): 8 s and more unbounded, for a faster machine too.
    "backticks": ("Intro.\n\n" + "`a " * 150_000 + "\n", 0, "in Python-Markdown", MARKDOWN),
    "open-brackets": ("Intro.\n\n" + "[" * 8000 + "x" + "]" * 8000 + "\n", 0, "in Python-Markdown", MARKDOWN),
    "nested-loops": (
        "Intro.\n\n{% set s = 'x' * 100000 %}\n{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}\n",
        10,
        "its templates were running",
        TEMPLATES,
    ),
    "recursion": (
        "Intro.\n\n{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}\n{{ f(19) }}\n",
        9,
        "its templates were running",
        TEMPLATES,
    ),
}


@pytest.mark.parametrize("case", SLOW_PAGES)
def test_a_slow_page_stops_the_build_at_its_budget(tmp_path: Path, case: str) -> None:
    body, line, doing, fix = SLOW_PAGES[case]
    started = time.perf_counter()
    result = build_site(tmp_path, {"index.md": HOME, "slow.md": article(body)}, config=_with_budget(SECONDS))
    elapsed = time.perf_counter() - started
    assert not result.ok
    assert "Traceback" not in result.output
    where = f"docs/slow.md:{line}" if line else "docs/slow.md"
    assert result.problems == [
        "Error reading page 'slow.md':",
        f"{where}: page-too-slow this page took more than 2 s to render ({doing}) -> {fix}",
    ]
    assert elapsed < 30  # the budget, and a plain build of two pages (a few seconds on an idle machine)


def test_the_default_budget_leaves_ordinary_pages_alone(tmp_path: Path) -> None:
    body = "Intro with *emphasis*, `code` and [a link](index.md).\n\n" + "- item\n" * 200
    result = build_site(tmp_path, {"index.md": HOME, "page.md": article(body)})
    assert result.ok, result.output


# --- the watchdog alone ----------------------------------------------------------------------------


class Late(Exception):
    pass


def _watchdog(seconds: float) -> Watchdog:
    # As in the build: the page's frame is the first outside the code that starts the watchdog (here `hook`).
    return Watchdog(seconds, lambda overrun: Late, lambda code: code.co_name == "hook")


def _convert(watchdog: Watchdog, text: str) -> tuple[str, float]:
    started = time.perf_counter()
    watchdog.start("markdown")
    try:
        markdown.markdown(text)
        outcome = "done"
    except Late:
        outcome = "stopped"
    watchdog.stop()
    return outcome, time.perf_counter() - started


@pytest.mark.parametrize("text", ["<x " * 8000, "`a " * 40000], ids=["html.parser", "backticks"])
def test_the_watchdog_interrupts_python_markdown_s_quadratic_paths(text: str) -> None:
    watchdog = _watchdog(0.5)
    outcome, elapsed = _convert(watchdog, text)
    assert outcome == "stopped"
    assert elapsed < 5  # unbounded, each takes half a minute or more
    assert watchdog.overrun == Overrun("markdown", None)


def test_a_page_that_ends_in_time_is_never_interrupted_later() -> None:
    watchdog = _watchdog(0.3)
    assert _convert(watchdog, "A *short* page.")[0] == "done"
    assert watchdog.overrun is None
    time.sleep(0.6)  # past the budget: the stopped timer must not fire into whatever runs now


def test_a_page_that_ended_with_an_error_is_not_interrupted_afterwards() -> None:
    """A page whose frame has returned (an exception of its own ended it) never gets the watchdog's exception."""
    watchdog = _watchdog(0.3)

    def hook() -> None:
        watchdog.start("markdown")

    def page() -> None:
        hook()
        raise ValueError("the page's own error")

    with pytest.raises(ValueError):
        page()
    deadline = time.monotonic() + 0.8
    while time.monotonic() < deadline:  # Late would be raised here if the watchdog fired into this frame
        sum(range(1000))
    assert watchdog.overrun is None
    watchdog.stop()


def test_the_exception_is_raised_again_when_code_swallows_it() -> None:
    watchdog = _watchdog(0.3)
    swallowed = 0
    watchdog.start("markdown")
    with pytest.raises(Late):
        for _ in range(50):
            try:
                time.sleep(0.05)
                while True:
                    sum(range(1000))
            except Late:
                swallowed += 1
                if swallowed > 1:
                    raise
    watchdog.stop()
    assert swallowed == 2
