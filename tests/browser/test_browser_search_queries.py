"""The query set of tests/search_queries.yml, typed into the real search box: the right page first for at least
90% of the queries, and among the first three for all of them.

benchmarks/search_quality.py prints the same figures for any built site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from searchui import figures, load_cases, run_cases

from conftest import ARTIFACTS, Browse
from realpages import is_redirect

pytestmark = pytest.mark.browser

TOP1 = 0.90
TOP3 = 1.00


def test_the_query_set_is_large_and_varied() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    assert {case.kind for case in cases} == {"question", "fragment", "typo", "synonym", "seed"}
    assert len({case.query.lower() for case in cases}) == len(cases), "a query is listed twice"


def test_every_expected_page_exists(real_site_dir: Path) -> None:
    """Anchors may go with a rewrite (the "right section first" figure shows it); the pages are where the
    query set, followed through the site's redirects, says."""
    for case in load_cases():
        for target in case.expect:
            page = target.partition("#")[0]
            built = real_site_dir / page / "index.html"
            assert built.is_file() and not is_redirect(built), f"{case.query!r}: {page} is not a page of the site"


def test_a_moved_or_replaced_page_is_followed_through_its_redirect(tmp_path: Path) -> None:
    queries = tmp_path / "queries.yml"
    queries.write_text(
        "- {query: one, kind: question, expect: [old/page/#why, kept/]}\n"
        "- {query: two, kind: fragment, expect: [gone/]}\n"
        "- {query: three, kind: typo, expect: [twice/#how]}\n",
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "nav:\n  - kept.md\n  - new/page.md\n  - last.md\n"
        "plugins:\n  - redirects:\n      redirect_maps:\n"
        "        old/page.md: new/page.md\n        twice.md: middle.md\n        middle.md: last.md\n"
        "        gone.md: https://example.com/\n",
        encoding="utf-8",
    )
    cases = load_cases(queries, config)
    assert [(case.query, case.expect) for case in cases] == [
        ("one", ("new/page/#why", "kept/")),
        ("three", ("last/#how",)),
    ]


def test_customers_queries_find_the_right_page(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    outcomes = run_cases(page, site_url, load_cases())
    result = figures(outcomes)
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [outcome.describe() for outcome in outcomes]
    (ARTIFACTS / "search-queries.txt").write_text("\n".join([*lines, "", result.line(), ""]), encoding="utf-8")
    misses = [outcome.describe() for outcome in outcomes if outcome.rank != 1]
    assert result.top3 >= TOP3 * result.total, "\n".join([result.line(), *misses])
    assert result.top1 >= TOP1 * result.total, "\n".join([result.line(), *misses])
