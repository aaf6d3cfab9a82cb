"""The query set of tests/search_queries.yml, typed into the real search box: the right page first for at least
90% of the queries, and among the first three for all of them.

benchmarks/search_quality.py prints the same figures for any built site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from searchui import figures, load_cases, run_cases

from conftest import ARTIFACTS, Browse

pytestmark = pytest.mark.browser

TOP1 = 0.90
TOP3 = 1.00


def test_the_query_set_is_large_and_varied() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    assert {case.kind for case in cases} == {"question", "fragment", "typo", "synonym", "seed"}
    assert len({case.query.lower() for case in cases}) == len(cases), "a query is listed twice"


def test_every_expected_page_and_anchor_exists(real_site_dir: Path) -> None:
    for case in load_cases():
        for target in case.expect:
            page, _, anchor = target.partition("#")
            html = (real_site_dir / page / "index.html").read_text(encoding="utf-8")
            assert not anchor or f'id="{anchor}"' in html, f"{case.query!r}: {target} does not exist"


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
