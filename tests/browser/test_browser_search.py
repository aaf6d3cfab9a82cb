"""Search finds each FAQ answer from the words a customer would type, not the heading's words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from playwright.sync_api import Page, expect

from conftest import Browse
from searchindex import site_files

pytestmark = pytest.mark.browser

FAQ = "after-import/post-import-faq/"
# For each FAQ question (by anchor): how a customer might ask it, and the
# articles that answer it: the FAQ itself or the article dedicated to it.
READER_QUESTIONS = {
    "review-window": ("time limit for reporting data errors", {FAQ, "after-import/review-your-imported-data/"}),
    "training": ("who will train my staff", {FAQ, "support/training-and-onboarding/"}),
    "case-numbers": ("my old case numbers are missing", {FAQ, "matters/matter-numbering/"}),
    "invoices-unbilled": ("previous invoices show up as unbilled time", {FAQ, "billing/generate-a-bill/"}),
    "payments": ("clients cannot pay invoices online", {FAQ, "billing/create-bank-accounts/"}),
}
FIRST_RESULTS = 3  # the pages listed first (Material shows each with its best-matching sections)


def search(page: Page, phrase: str) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.click()
    page.keyboard.type(phrase)


def test_every_faq_question_has_a_reader_phrase(real_site_dir: Path) -> None:
    tree = lxml.html.parse(str(real_site_dir / FAQ / "index.html")).getroot()
    anchors = [a.get("href").lstrip("#") for a in tree.xpath('//nav[contains(@class, "faq-index")]//a')]
    assert sorted(anchors) == sorted(READER_QUESTIONS), "add a reader's phrase for each new FAQ question"


def shown_results(page: Page, site_url: str) -> list[str]:
    """The visible result links among the first result pages, as site paths without the highlight query."""
    first = f".md-search-result__list > li.md-search-result__item:nth-child(-n+{FIRST_RESULTS})"
    hrefs = (
        page.locator(f"{first} a.md-search-result__link")
        .filter(visible=True)
        .evaluate_all("links => links.map(link => link.href)")
    )
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs]


@pytest.mark.parametrize("anchor", sorted(READER_QUESTIONS))
def test_reader_phrase_finds_the_answer(browse: Browse, site_url: str, anchor: str) -> None:
    phrase, right_articles = READER_QUESTIONS[anchor]
    page, _ = browse()
    page.goto(site_url)
    search(page, phrase)
    # Results come from a web worker while the reader types: wait until a right one shows.
    first = f".md-search-result__list > li.md-search-result__item:nth-child(-n+{FIRST_RESULTS})"
    right = page.locator(
        ", ".join(f'{first} a.md-search-result__link[href*="/{path}"]' for path in sorted(right_articles))
    ).filter(visible=True)
    expect(right.first).to_be_visible()
    shown = shown_results(page, site_url)
    assert right_articles & set(shown), f"{phrase!r}: none of {sorted(right_articles)} among {shown}"
    right.first.click()
    expect(page).to_have_url(re.compile(r"\?h="))
    assert urlsplit(page.url).path.removeprefix(urlsplit(site_url).path) in right_articles


def test_404_search_box_opens_search_results(browse: Browse, site_url: str) -> None:
    page, guard = browse()
    guard.expect_status("/no/such/page/", 404)
    response = page.goto(site_url + "no/such/page/")
    assert response is not None and response.status == 404
    page.get_by_role("searchbox", name="Search the Help Center").fill("bank accounts")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(site_url + "?q=bank+accounts")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    expect(results.first).to_be_visible()
    expect(page.locator('.md-search-result__list a[href*="billing/create-bank-accounts/"]').first).to_be_visible()


def test_home_page_search_form_opens_search_results(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    page.get_by_role("searchbox", name="How can we help?").fill("case numbers")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(site_url + "?q=case+numbers")
    expect(page.locator('.md-search-result__list a[href*="matters/matter-numbering/"]').first).to_be_visible()


def test_the_index_is_fetched_only_when_the_reader_searches_and_only_in_part(
    browse: Browse, site_url: str, real_site_dir: Path
) -> None:
    """Every page fetches the small manifest; focusing the box, the core; a search, the files it needs."""
    page, _ = browse()
    fetched: list[str] = []
    # The worker's fetches too: they belong to the page's context.
    page.context.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    search_dir = urlsplit(site_url).path + "search/"
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert [path for path in fetched if path.startswith(search_dir)] == [search_dir + "search_index.json"]
    assert (real_site_dir / "search" / "search_index.json").stat().st_size < 1_000  # a manifest, not the index
    folder = f"{search_dir}{site_core_folder(real_site_dir)}/"
    page.get_by_role("textbox", name="Search").focus()
    page.wait_for_timeout(1_000)
    # Focusing the box fetches what every search needs, and nothing that depends on a query.
    assert [path for path in fetched if path.startswith(folder)] == [f"{folder}core.json"]
    page.keyboard.type("invoice")
    expect(page.locator(".md-search-result__list > li").first).to_be_visible()
    index_files = [path for path in fetched if path.startswith(search_dir) and not path.endswith("search_index.json")]
    assert f"{folder}core.json" in index_files
    assert len(set(index_files)) == len(index_files)  # each file once
    assert 0 < len(index_files) < len(site_files(real_site_dir)) / 2, index_files


def site_core_folder(site_dir: Path) -> str:
    manifest = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return str(manifest["config"]["hc"]["index"])
