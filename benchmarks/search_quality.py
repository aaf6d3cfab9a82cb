"""How well the site's search finds what customers type: the query set of tests/search_queries.yml, typed key by
key into the real search box in Chromium, and the rendered results read back.

Prints, for each query, where the right page came, then top-1 / top-3 (and the
right section first) overall and by kind. Figures only, no pass/fail (the test
tests/browser/test_browser_search_queries.py holds the targets):

    .venv/bin/python benchmarks/search_quality.py               # builds the real site first
    .venv/bin/python benchmarks/search_quality.py --site site/  # an already built site
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from site_tools import ROOT, build_real_site, serve

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from chromium import CHROMIUM, CHROMIUM_ARGS
from searchui import KINDS, QUERY_SET, Outcome, figures, load_cases, run_cases


def measure(site: Path, query_set: Path) -> list[Outcome]:
    cases = load_cases(query_set)
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            return run_cases(page, url, cases)
        finally:
            browser.close()


def report(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        mark = {1: "1st"}.get(outcome.rank or 0, f"{outcome.rank}." if outcome.rank else "--")
        print(f"  {mark:>4}  {'' if outcome.anchor_hit else '(section) '}{outcome.describe()}")
    print(f"\nall: {figures(outcomes).line()}")
    for kind in KINDS:
        subset = [outcome for outcome in outcomes if outcome.case.kind == kind]
        if subset:
            print(f"  {kind:<9} {figures(subset).line()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site; default: build the real site strictly first")
    parser.add_argument("--queries", type=Path, default=QUERY_SET, help="a query set in the same YAML form")
    options = parser.parse_args()
    if options.site:
        report(measure(options.site, options.queries))
        return
    with tempfile.TemporaryDirectory(prefix="helpcenter-search-") as scratch:
        report(measure(build_real_site(Path(scratch) / "site"), options.queries))


if __name__ == "__main__":
    main()
