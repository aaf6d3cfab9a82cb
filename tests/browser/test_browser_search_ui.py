"""The search box in a real browser: the empty state, failed searches reported, and what Material's search did before.

Every test types into the site's real search box, key by key. The browse
fixture fails a test on any console error or request to another host.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from searchui import rendered_results, type_query

from conftest import Browse
from feedback_kit import rows
from feedback_server import FeedbackServer
from helpcenter.facts.model import parse_facts, template_variables
from searchindex import site_docs
from sitebuilder import ROOT

pytestmark = pytest.mark.browser

FAILING = "invoyse zzzq"  # two letters off "invoice", and a word the site never uses
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def facts_phone() -> Any:
    facts = parse_facts((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"), "data/facts.yml")
    return template_variables(facts)["support"].phone


def results(page: Page) -> Any:
    return page.locator(".md-search-result__list > li.md-search-result__item")


def empty_state(page: Page) -> Any:
    return page.locator(".md-search-result .hc-search-help")


# --- the empty state ------------------------------------------------------------------------------


def test_a_search_that_finds_nothing_offers_a_correction_articles_and_the_phone(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url + "billing/")
    type_query(page, FAILING)
    assert rendered_results(page, site_url) == []  # the last key's search, not an earlier one
    help_box = empty_state(page)
    expect(help_box).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    expect(help_box.get_by_role("link", name="invoice", exact=True)).to_be_visible()
    expect(help_box.locator(".hc-search-help__suggestion")).to_have_text("Did you mean invoice?")
    articles = help_box.locator(".hc-search-help__articles a")
    assert 2 <= articles.count() <= 3
    for href in articles.evaluate_all("links => links.map(link => link.href)"):
        assert href.startswith(site_url) and not href.startswith(site_url + "billing/"), href
    phone = facts_phone()
    tel = help_box.locator('a[href^="tel:"]')
    expect(tel).to_have_attribute("href", phone.tel)
    expect(tel).to_have_text(phone.text)


def test_clicking_did_you_mean_runs_the_corrected_search_in_place(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    type_query(page, FAILING)
    assert rendered_results(page, site_url) == []  # the last key's search, not an earlier one
    empty_state(page).get_by_role("link", name="invoice", exact=True).click()
    box = page.get_by_role("textbox", name="Search")
    expect(box).to_have_value("invoice")
    expect(results(page).first).to_be_visible()
    expect(empty_state(page)).to_be_hidden()
    assert page.url.rstrip("/") == site_url.rstrip("/"), "the correction ran here, it did not navigate"
    assert page.locator("#__search").is_checked(), "the search box stayed open"


def test_did_you_mean_by_keyboard(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    type_query(page, FAILING)
    assert rendered_results(page, site_url) == []  # the last key's search, not an earlier one
    suggestion = empty_state(page).get_by_role("link", name="invoice", exact=True)
    expect(suggestion).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Search")).to_have_value("invoice")
    expect(results(page).first).to_be_visible()


def test_no_suggestion_when_nothing_is_close(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    type_query(page, "zzqx")
    assert rendered_results(page, site_url) == []  # the last key's search, not an earlier one
    expect(empty_state(page)).to_be_visible()
    expect(empty_state(page).locator(".hc-search-help__suggestion")).to_be_hidden()
    expect(empty_state(page).locator('a[href^="tel:"]')).to_be_visible()


# --- failed searches reach writers -------------------------------------------------------------------


def searches_stored(service: FeedbackServer, page: Page, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
    """The searches the real feedback service stored, once there are ``count`` (or the time is up)."""
    database = service.env["HELPCENTER_FEEDBACK_DB"]
    deadline = time.monotonic() + timeout
    # page.wait_for_timeout, not time.sleep: Playwright's routing (the guard) runs while it waits.
    while time.monotonic() < deadline and len(rows(database, "searches")) < count:
        page.wait_for_timeout(50)
    return rows(database, "searches")


def stored_queries(service: FeedbackServer) -> list[str]:
    return [row["query"] for row in rows(service.env["HELPCENTER_FEEDBACK_DB"], "searches")]


def test_the_final_failed_query_is_reported_once_after_a_pause(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    before = len(stored_queries(feedback_service))
    page, _ = browse()
    page.goto(variant_url + "billing/")
    type_query(page, FAILING)  # every key press searched; only the last search counts
    assert rendered_results(page, variant_url) == []
    expect(empty_state(page)).to_be_visible()
    stored = searches_stored(feedback_service, page, before + 1)[before:]
    assert [(row["query"], row["page"]) for row in stored] == [(FAILING.lower(), "billing/")]
    # The same search again is not a new report; a search that finds something is none.
    type_query(page, "bank accounts")
    expect(results(page).first).to_be_visible()
    type_query(page, FAILING)
    expect(empty_state(page)).to_be_visible()
    page.wait_for_timeout(2500)
    assert len(stored_queries(feedback_service)) == before + 1


def test_enter_reports_at_once_and_personal_details_are_masked(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    before = len(stored_queries(feedback_service))
    page, _ = browse()
    page.goto(variant_url)
    type_query(page, "zzqx xq@zzqx.zq 555 123 4567")
    # Each key searched ("... 1" finds the phone number's 1): wait for the last search's results.
    assert rendered_results(page, variant_url) == []
    expect(empty_state(page)).to_be_visible()
    pressed = dt.datetime.now(dt.UTC)
    page.keyboard.press("Enter")
    stored = searches_stored(feedback_service, page, before + 1)[before:]
    assert [row["query"] for row in stored] == ["zzqx [email] [number]"]
    # The service's clock (same machine): the report came at Enter, not after the pause (1.5 s) that ends typing.
    arrived = stored[0]["created_at"]
    arrived = arrived if arrived.tzinfo else arrived.replace(tzinfo=dt.UTC)
    assert (arrived - pressed).total_seconds() < 1.0, arrived - pressed


def test_a_search_with_results_is_never_reported(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    page, _ = browse()
    page.goto(variant_url)
    type_query(page, "who do i call")
    expect(results(page).first).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(2500)
    assert "who do i call" not in stored_queries(feedback_service)


def test_a_search_of_only_stop_words_and_single_letters_is_reported_as_failed(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    before = len(stored_queries(feedback_service))
    page, _ = browse()
    page.goto(variant_url)
    type_query(page, "how do i e")
    assert rendered_results(page, variant_url) == []
    expect(empty_state(page)).to_be_visible()
    page.keyboard.press("Enter")
    stored = searches_stored(feedback_service, page, before + 1)[before:]
    assert [row["query"] for row in stored] == ["how do i e"]


def test_a_search_the_index_could_not_answer_is_not_reported_and_the_next_one_retries(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    """The index comes in parts, when the reader searches: offline, a search finds nothing, but did not fail."""
    before = len(stored_queries(feedback_service))
    page, _ = browse()
    page.goto(variant_url)
    page.wait_for_load_state("networkidle")
    offline = re.compile(r"/search/[0-9a-f]{12}/")
    page.context.route(offline, lambda route: route.abort())
    type_query(page, "bank accounts")
    expect(empty_state(page)).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(2500)
    assert len(stored_queries(feedback_service)) == before
    page.context.unroute(offline)
    type_query(page, "bank account")
    expect(results(page).first).to_be_visible()


def test_a_very_long_query_is_reported_promptly_and_cut(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    """A shared ?q= link can carry any length: masking it once took 5.6 s at 50,000 characters, in the tab."""
    before = len(stored_queries(feedback_service))
    query = "zq" * 50_000
    page, _ = browse()
    page.goto(variant_url)
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.fill(query)
    page.keyboard.press("End")  # Material searches on a key, not on fill
    expect(empty_state(page)).to_be_visible(timeout=10_000)
    started = time.monotonic()
    page.keyboard.press("Enter")
    stored = searches_stored(feedback_service, page, before + 1)[before:]
    assert time.monotonic() - started < 3
    assert [row["query"] for row in stored] == [query[:200]]


def test_without_an_endpoint_nothing_is_sent(browse: Browse, no_endpoint_url: str) -> None:
    page, guard = browse()
    page.goto(no_endpoint_url)
    type_query(page, FAILING)
    assert rendered_results(page, no_endpoint_url) == []  # the last key's search, not an earlier one
    expect(empty_state(page)).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(2500)
    assert not [url for url in guard.requests if "/api/searches" in url]


# --- what Material's search did, it still does ------------------------------------------------------


def test_slash_focuses_the_search_box(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url + "billing/generate-a-bill/")
    page.locator("body").press("/")
    expect(page.get_by_role("textbox", name="Search")).to_be_focused()
    # Material opens the search dialog in answer to the focus, a moment after it.
    expect(page.locator("#__search")).to_be_checked()


def test_as_you_type_suggestion_and_sharing(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    type_query(page, "bank acc")
    expect(page.locator(".md-search__suggest")).to_have_text("bank accounts")
    expect(results(page).first.locator("a").first).to_have_attribute(
        "href", re.compile(r"billing/create-bank-accounts/\?h=")
    )
    share = page.locator("[data-md-component=search-share]")
    expect(share).to_have_attribute("href", re.compile(r"\?q=bank\+acc$"))
    # Right arrow takes the suggestion.
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("textbox", name="Search")).to_have_value("bank accounts")


def test_keyboard_picks_a_result_and_the_page_highlights_the_words(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    type_query(page, "invioce unbilled")  # a typo: the page highlights the site's word
    assert rendered_results(page, site_url)[0].page == "after-import/post-import-faq/"
    first = results(page).first.locator("a.md-search-result__link").first
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?h="))
    assert parse_qs(urlsplit(page.url).query)["h"] == ["invoices unbilled"]
    marks = page.locator("article mark[data-md-highlight]")
    expect(marks.first).to_be_visible()
    assert {text.lower() for text in marks.all_inner_texts()} >= {"invoices", "unbilled"}


def test_results_show_no_tag_slugs_and_no_synonyms(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    type_query(page, "retainer")  # the readers' word for trust: in data/synonyms.yml, on no page
    expect(results(page).first).to_be_visible()
    listing = page.locator(".md-search-result__list")
    assert "retainer" not in listing.inner_text().lower()
    assert "trust" in listing.inner_text().lower()
    type_query(page, "billing payments")
    expect(results(page).first).to_be_visible()
    expect(page.locator(".md-search-result .md-tag")).to_have_count(0)
    text = listing.inner_text()
    assert not re.search(r"\b(bank-accounts|getting-started)\b", text), text


def a_synonym_on_no_page(real_site_dir: Path) -> str:
    """A reader's word of data/synonyms.yml that no page uses: search finds its group's other words."""
    docs = site_docs(real_site_dir)
    words = {word.lower() for doc in docs for word in re.findall(r"\w+", doc["title"] + " " + doc["text"])}
    groups = yaml.safe_load((ROOT / "data" / "synonyms.yml").read_text(encoding="utf-8"))
    for group in groups:
        present = [term for term in group if term.lower() in words]
        absent = [term for term in group if " " not in term and not any(w.startswith(term.lower()) for w in words)]
        if present and absent:
            return str(absent[0])
    raise AssertionError("data/synonyms.yml has no word that is on no page")


def test_no_result_link_carries_an_empty_highlight(browse: Browse, site_url: str, real_site_dir: Path) -> None:
    """Results found through a synonym hold none of the reader's words: their links get no ?h= at all."""
    page, _ = browse()
    page.goto(site_url)
    type_query(page, a_synonym_on_no_page(real_site_dir))
    expect(results(page).first).to_be_visible()
    rendered_results(page, site_url)
    hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(link => link.href)")
    assert hrefs
    for href in hrefs:
        highlight = parse_qs(urlsplit(href).query, keep_blank_values=True).get("h")
        assert highlight is None or highlight[0].strip(), href


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("query", ["invoice", FAILING], ids=["results", "nothing-found"])
def test_no_wcag_violations_in_the_search_dialog(browse: Browse, site_url: str, scheme: str, query: str) -> None:
    page, _ = browse(scheme=scheme)
    page.goto(site_url + "billing/")
    type_query(page, query)
    if query == FAILING:
        expect(empty_state(page).get_by_role("link", name="invoice", exact=True)).to_be_visible()
    else:
        expect(results(page).first).to_be_visible()
    # Colours are judged as readers see them, not halfway through the results' fade-in.
    page.wait_for_function("() => document.getAnimations().every(animation => animation.playState !== 'running')")
    found = Axe().run(page, context={"include": [[".md-search"]]}, options=WCAG_21_AA).response["violations"]
    assert [f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in found] == []
