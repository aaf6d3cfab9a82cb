"""The site's real search box, driven as a reader does, and the query set it is judged on.

The query set names the pages that answer each query as they were when the
query was written. A page moved or deleted since with `make move` or `make
delete INSTEAD=...` left a redirect in mkdocs.yml: the expected page is the one
the redirect leads to. A page deleted with no replacement no longer answers. An
anchor that is gone (a rewritten or replaced page) only lowers the "right
section first" figure: the targets are pages.

Shared by tests/browser/test_browser_search_queries.py (which asserts the
targets) and benchmarks/search_quality.py (which prints the figures for any
built site, e.g. before and after a change).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page

from realpages import nav_pages, redirect_maps, url_of
from sitebuilder import ROOT

QUERY_SET = Path(__file__).resolve().parents[1] / "search_queries.yml"
KINDS = ("question", "fragment", "typo", "synonym", "seed")


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    expect: tuple[str, ...]  # "page/#anchor" or "page/", site-relative

    @property
    def pages(self) -> set[str]:
        return {target.split("#", 1)[0] for target in self.expect}


@dataclass(frozen=True)
class Shown:
    """One rendered result: a page and the sections listed under it, in the order shown."""

    page: str  # site-relative, e.g. "billing/generate-a-bill/" ("" is the home page)
    sections: tuple[str, ...]  # anchors, without "#"


@dataclass(frozen=True)
class Outcome:
    case: Case
    shown: tuple[Shown, ...]

    @property
    def rank(self) -> int | None:
        """1-based position of the first expected page among the results, None if absent."""
        for position, result in enumerate(self.shown, 1):
            if result.page in self.case.pages:
                return position
        return None

    @property
    def anchor_hit(self) -> bool:
        """The best section shown for the first expected page is an expected one (or the page was the target)."""
        position = self.rank
        if position is None:
            return False
        result = self.shown[position - 1]
        best = f"{result.page}#{result.sections[0]}" if result.sections else result.page
        return best in self.case.expect or result.page in self.case.expect

    def describe(self) -> str:
        pages = ", ".join(f"{result.page or '(home)'}" for result in self.shown[:3]) or "no results"
        return f"{self.case.query!r} ({self.case.kind}): rank {self.rank}; first three: {pages}"


def load_cases(path: Path = QUERY_SET, config_file: Path = ROOT / "mkdocs.yml") -> list[Case]:
    """The query set, each expected page followed through the site's redirects; a query none of whose pages
    exists any more is left out."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    follow = _current_addresses(config_file)
    cases = []
    for entry in entries:
        expect = entry["expect"]
        written = expect if isinstance(expect, list) else [expect]
        assert entry["kind"] in KINDS, f"{path}: {entry['query']!r}: unknown kind {entry['kind']!r}"
        targets = tuple(dict.fromkeys(target for target in map(follow, written) if target is not None))
        if targets:
            cases.append(Case(str(entry["query"]), entry["kind"], targets))
    return cases


def _current_addresses(config_file: Path) -> Callable[[str], str | None]:
    """A target as written ("page/#anchor") -> where it is now, or None when its page is gone."""
    urls = {url_of(page): page for page in nav_pages(config_file)}
    moves = {url_of(old): new for old, new in redirect_maps(config_file).items() if new.endswith(".md")}

    def follow(target: str) -> str | None:
        url, hash_, anchor = target.partition("#")
        for _ in range(len(moves)):  # a page may have moved more than once; a loop of redirects ends here
            if url in urls or url not in moves:
                break
            url = url_of(moves[url])
        return (url + hash_ + anchor) if url in urls else None

    return follow


def type_query(page: Page, query: str) -> None:
    """Click the header's search box, clear it, and type ``query`` one key at a time."""
    box = page.get_by_role("textbox", name="Search")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)


def rendered_results(page: Page, site_url: str, *, settle_s: float = 0.4, timeout_s: float = 10.0) -> list[Shown]:
    """The results once the list stops changing (each key press starts a new search)."""
    container = page.locator("[data-md-component=search-result]")
    deadline = time.monotonic() + timeout_s
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        current = container.inner_html()
        if current != last:
            last, stable_since = current, time.monotonic()
        elif time.monotonic() - stable_since >= settle_s:
            break
        page.wait_for_timeout(50)
    base = urlsplit(site_url).path
    groups = page.locator(".md-search-result__list > li.md-search-result__item").evaluate_all(
        "items => items.map(item => [...item.querySelectorAll('a.md-search-result__link')].map(a => a.href))"
    )
    shown = []
    for hrefs in groups:
        parts = [urlsplit(href) for href in hrefs]
        if not parts:
            continue
        page_path = parts[0].path.removeprefix(base)
        shown.append(Shown(page_path, tuple(part.fragment for part in parts[1:] if part.fragment)))
    return shown


def run_cases(page: Page, site_url: str, cases: list[Case]) -> list[Outcome]:
    page.goto(site_url)
    outcomes = []
    for case in cases:
        type_query(page, case.query)
        outcomes.append(Outcome(case, tuple(rendered_results(page, site_url))))
    return outcomes


@dataclass(frozen=True)
class Figures:
    total: int
    top1: int
    top3: int
    anchors: int

    def line(self) -> str:
        return (
            f"{self.total} queries: right page first {self.top1} ({self.top1 / self.total:.0%}),"
            f" in the first three {self.top3} ({self.top3 / self.total:.0%}),"
            f" right section first {self.anchors} ({self.anchors / self.total:.0%})"
        )


def figures(outcomes: list[Outcome]) -> Figures:
    return Figures(
        total=len(outcomes),
        top1=sum(1 for outcome in outcomes if outcome.rank == 1),
        top3=sum(1 for outcome in outcomes if outcome.rank is not None and outcome.rank <= 3),
        anchors=sum(1 for outcome in outcomes if outcome.anchor_hit),
    )
