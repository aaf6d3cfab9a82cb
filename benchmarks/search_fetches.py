"""What a reader's browser fetches for search, measured in Chromium on a served site (benchmarks/weight.py and
benchmarks/search_speed.py use it).

Opens the home page, waits for the page load to settle, then focuses the search
box and types a query as a reader would; records every request under
``search/`` (and the worker), before the focus and for the first query, and the
time from the key that sends the query (pasted into the focused box) to the first rendered result.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser
from site_tools import ROOT, serve, transfer_size

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from chromium import CHROMIUM, CHROMIUM_ARGS

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "FirstSearch", "first_search"]


@dataclass(frozen=True)
class FirstSearch:
    before_focus: list[Path]  # search files (manifest, worker) fetched by the page load
    first_query: list[Path]  # index files fetched on focus and for the first query
    answer_s: float  # from the key that sends the (pasted) query to its first rendered result

    def sent(self, files: list[Path]) -> int:
        return sum(transfer_size(path) for path in files)


def first_search(browser: Browser, site: Path, query: str) -> FirstSearch:
    with serve(site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        fetched: list[str] = []
        page.context.on("request", lambda request: fetched.append(urlsplit(request.url).path))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        loaded = len(fetched)
        box = page.get_by_role("textbox", name="Search")
        box.click()
        box.fill(query)
        page.evaluate(
            """() => {
                const list = document.querySelector(".md-search-result__list");
                window.hcShown = null;
                new MutationObserver(() => {
                    if (list.children.length && window.hcShown === null) window.hcShown = performance.now();
                }).observe(list, { childList: true });
            }"""
        )
        pressed = page.evaluate("performance.now()")
        page.keyboard.press("End")  # Material searches on keyup: the whole query at once, as a paste would
        page.locator(".md-search-result__list > li").first.wait_for(timeout=120_000)
        answer = (page.evaluate("window.hcShown") - pressed) / 1000
        page.wait_for_load_state("networkidle")
        page.close()

    def search_files(paths: list[str]) -> list[Path]:
        found: list[Path] = []
        for path in paths:
            target = site / urlsplit(path).path.lstrip("/")
            is_search = "/search/" in path or path.endswith("search-worker.js")
            if is_search and target.is_file() and target not in found:
                found.append(target)
        return found

    before = search_files(fetched[:loaded])
    after = [path for path in search_files(fetched[loaded:]) if path not in before]
    return FirstSearch(before, after, answer)
