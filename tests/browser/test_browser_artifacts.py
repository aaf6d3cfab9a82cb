"""Screenshots for reviewers (test-artifacts/, git-ignored) and the weight of an article's first load."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Response

from conftest import ARTIFACTS, DESKTOP, PHONE, Browse
from realpages import an_article, faq_pages, url_of

pytestmark = pytest.mark.browser

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
PAGES = {"home": "", **({"faq": url_of(faq_pages()[0])} if faq_pages() else {})}
FIRST_LOAD_BUDGET = 80 * 1024  # bytes, gzipped as a static host would serve them


def is_for_search(url: str) -> bool:
    """Search's own downloads, outside the budget as in the stock figure it is compared with (about 60 KB)."""
    path = urlsplit(url).path
    return path.endswith(("/search/search_index.json", "/assets/javascripts/search-worker.js")) or (
        "/assets/javascripts/workers/" in path
    )


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshot(browse: Browse, site_url: str, name: str, screen: str) -> None:
    page, _ = browse(viewport=SCREENS[screen])
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    target = ARTIFACTS / "screenshots" / f"{name}-{screen}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    page.screenshot(path=target, full_page=True)
    png = target.read_bytes()
    assert png.startswith(b"\x89PNG")
    assert int.from_bytes(png[16:20], "big") == SCREENS[screen]["width"]


def test_article_first_load_fits_the_budget(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(site_url + url_of(an_article()))
    page.wait_for_load_state("networkidle")
    sizes = {
        response.url.removeprefix(site_url): len(gzip.compress(response.body(), 9))
        for response in responses
        if response.ok and not is_for_search(response.url)
    }
    total = sum(sizes.values())
    print(f"article first load: {total / 1024:.1f} KB gzipped", *sorted(sizes.items()), sep="\n  ")
    assert "assets/stylesheets/helpcenter.css" in sizes and "assets/javascripts/feedback.js" in sizes
    assert total <= FIRST_LOAD_BUDGET, f"{total} bytes: {sizes}"
