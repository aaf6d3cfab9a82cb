"""How fast search answers on a large help center: ours against Material's own (lunr) worker.

Builds the synthetic help center (benchmarks/synthetic.py) twice, as ours and
as "nohooks" (the same site without the project's hooks, so with Material's
index and worker), serves each like a static host and, in Chromium:

- first results: from opening a page to the first result of a word typed at
  once (index download, the worker's setup, one search); median of three loads;
- per key: the time from each key press of a longer query to its results;
- ours only: the search bytes a page load fetches, the index files focusing the
  box and a first search fetch, and that search's time from the focus.

And our engine alone: how long a first search takes once its files have
arrived (parsing them included), and the next key's. Figures only, no pass/fail:

    .venv/bin/python benchmarks/search_speed.py                # 2,000 articles
    .venv/bin/python benchmarks/search_speed.py --articles 500
    .venv/bin/python benchmarks/search_speed.py --articles 5000 --ours-only
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from search_fetches import CHROMIUM, CHROMIUM_ARGS, first_search
from site_tools import run_build, serve
from synthetic import write_site

WORD = "billing"
QUERY = "how do i create a bill"
TIMEOUT_MS = 20_000
ENGINE_QUERIES = ["bill", "billing", "invoyce", QUERY, "matter numbering settings"]


def first_results(page: Page, url: str) -> float:
    """Seconds from navigation to the first rendered result of WORD, typed as soon as the page is there."""
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type(WORD)
    page.locator(".md-search-result__list > li").first.wait_for(timeout=120_000)
    return time.perf_counter() - started


def per_key(page: Page) -> list[float]:
    """Seconds from each key press of QUERY to the next re-rendering of the result list."""
    box = page.get_by_role("textbox", name="Search")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_timeout(500)
    page.evaluate(
        """() => {
            window.renders = [];
            // Material rewrites the count line on every answer, also "No matching documents" again.
            const observer = new MutationObserver(() => window.renders.push(performance.now()));
            for (const selector of [".md-search-result__list", ".md-search-result__meta"]) {
                observer.observe(document.querySelector(selector), { childList: true });
            }
        }"""
    )
    times = []
    for key in QUERY:
        if key == " ":
            page.keyboard.type(key)  # nothing new to search for
            page.wait_for_timeout(200)
            continue
        pressed = page.evaluate("performance.now()")
        page.keyboard.type(key)
        try:
            page.wait_for_function(
                "pressed => window.renders.some(at => at > pressed)", arg=pressed, timeout=TIMEOUT_MS
            )
        except PlaywrightTimeout:
            times.append(float("inf"))  # no results within TIMEOUT_MS: later keys overtake this one
            continue
        rendered = page.evaluate("pressed => window.renders.find(at => at > pressed)", pressed)
        times.append((rendered - pressed) / 1000)
        page.wait_for_timeout(200)
    return times


def engine(page: Page, url: str) -> dict[str, list[float]]:
    """Our engine alone on the served site's index: for each query, a first search's fetched bytes' compute.

    The files a first search of the query fetches are read first; then fresh engines (as a reader's first
    search) answer it from them in memory, so the time is what follows the bytes' arrival: parsing, scoring,
    rendering. And a second search (the query with one more letter) on the same engine. Five runs each.
    """
    page.goto(url)
    page.add_script_tag(url=f"{url}assets/javascripts/search-worker.js")  # the site's CSP allows no inline script
    timings: dict[str, list[float]] = page.evaluate(
        """async (queries) => {
            const manifest = await (await fetch("search/search_index.json")).json();
            const folder = `search/${manifest.config.hc.index}/`;
            const texts = {};
            const load = async (name) => {
                texts[name] ??= await (await fetch(folder + name)).text();
                return JSON.parse(texts[name]);
            };
            const found = {};
            for (const query of queries) {
                await new HelpCenterSearch.Engine(load).search(query); // its files, fetched once
                found[query] = [];
                found[query + " (next key)"] = [];
                for (let run = 0; run < 5; run++) {
                    const engine = new HelpCenterSearch.Engine(load);
                    let started = performance.now();
                    await engine.search(query);
                    found[query].push(performance.now() - started);
                    started = performance.now();
                    await engine.search(query + "s");
                    found[query + " (next key)"].push(performance.now() - started);
                }
            }
            return found;
        }""",
        ENGINE_QUERIES,
    )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--ours-only", action="store_true", help="skip Material's search (its build and its worker take long)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpcenter-search-speed-") as scratch:
        configs = write_site(Path(scratch) / "project", options.articles, git=False)
        sites = {}
        variants = [("ours", "ours"), ("nohooks", "Material's")][: 1 if options.ours_only else 2]
        for variant, label in variants:
            site = Path(scratch) / f"site-{variant}"
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(configs[variant])]
            run_build([*command, "-d", str(site)], configs[variant])
            sites[label] = site
        print(f"synthetic help center of {options.articles:,} articles, Chromium on this machine:")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for label, site in sites.items():
                    with serve(site) as url:
                        loads = []
                        for _ in range(3):
                            page = browser.new_page(viewport={"width": 1280, "height": 800})
                            loads.append(first_results(page, url))
                            page.wait_for_load_state("networkidle")  # closing mid-download upsets the server
                            page.close()
                        page = browser.new_page(viewport={"width": 1280, "height": 800})
                        page.goto(url)
                        first_results(page, url)
                        keys = per_key(page)
                        page.close()
                    print(
                        f"  {label:<11} first results {statistics.median(loads):.2f} s;"
                        f" per key of {QUERY!r}: median {statistics.median(keys) * 1000:.0f} ms,"
                        f" slowest {max(keys) * 1000:.0f} ms ({sum(k == float('inf') for k in keys)} keys without"
                        f" results within {TIMEOUT_MS / 1000:.0f} s)",
                        flush=True,
                    )
                first = first_search(browser, sites["ours"], WORD)
                print(
                    f"  ours: search files fetched by the page load {first.sent(first.before_focus) / 1000:.1f} kB;"
                    f" focusing and a first search of {WORD!r} fetch {len(first.first_query)} files,"
                    f" {first.sent(first.first_query) / 1000:.1f} kB; results {first.answer_s * 1000:.0f} ms"
                    " after the key that sent it (gzip -6 sizes)"
                )
                page = browser.new_page()
                with serve(sites["ours"]) as url:
                    figures = engine(page, url)
                page.close()
            finally:
                browser.close()
    print("  our engine alone, once a first search's files have arrived (median of five, first, slowest):")
    for query, times in figures.items():
        print(f"    {query!r:<40} {statistics.median(times):.0f} ms ({times[0]:.0f}, {max(times):.0f})")


if __name__ == "__main__":
    main()
