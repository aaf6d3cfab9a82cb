"""The search box in a real browser: the empty state, failed searches reported, and what Material's search did before.

Every test types into the site's real search box, key by key. The browse
fixture fails a test on any console error or request to another host.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from searchui import rendered_results, type_query
from siteserver import QuietServer, StaticSiteHandler, free_port

from conftest import Browse
from helpcenter.facts import parse_facts, template_variables
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


@dataclass
class Receiver:
    """A feedback service stand-in on the site's own origin: it records each JSON body POSTed to it."""

    url: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def received(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.posts)

    def wait_for(self, page: Page, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        # page.wait_for_timeout, not time.sleep: Playwright's routing (the guard) runs while it waits.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received()) < count:
            page.wait_for_timeout(50)
        return self.received()


@pytest.fixture
def reporting_site(real_site_dir: Path, tmp_path: Path) -> Iterator[tuple[str, Receiver]]:
    """The real site with a feedback endpoint in every page's head (as issue 14's build publishes it)."""
    site = tmp_path / "site"
    shutil.copytree(real_site_dir, site)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    receiver = Receiver(url)
    meta = f'<meta name="helpcenter:feedback-endpoint" content="{url}feedback">'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("<head>", f"<head>{meta}", 1), encoding="utf-8")

    class Handler(StaticSiteHandler):
        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length") or 0), 4096)
            body = self.rfile.read(length)
            if urlsplit(self.path).path != "/feedback/api/searches":
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            with receiver.lock:
                receiver.posts.append(
                    {
                        "body": json.loads(body),
                        "type": self.headers.get("Content-Type"),
                        "cookie": self.headers.get("Cookie"),
                    }
                )
            self.send_response(HTTPStatus.CREATED)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = QuietServer(("127.0.0.1", port), lambda *args: Handler(*args, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url, receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_final_failed_query_is_reported_once_after_a_pause(
    browse: Browse, reporting_site: tuple[str, Receiver]
) -> None:
    url, receiver = reporting_site
    page, _ = browse()
    page.goto(url + "billing/")
    type_query(page, FAILING)  # every key press searched; only the last search counts
    assert rendered_results(page, url) == []
    expect(empty_state(page)).to_be_visible()
    posts = receiver.wait_for(page, 1)
    assert posts == [{"body": {"query": FAILING, "url": url + "billing/"}, "type": "application/json", "cookie": None}]
    # The same search again is not a new report; a search that finds something is none.
    type_query(page, "bank accounts")
    expect(results(page).first).to_be_visible()
    type_query(page, FAILING)
    expect(empty_state(page)).to_be_visible()
    page.wait_for_timeout(2500)
    assert len(receiver.received()) == 1


def test_enter_reports_at_once_and_personal_details_are_masked(
    browse: Browse, reporting_site: tuple[str, Receiver]
) -> None:
    url, receiver = reporting_site
    page, _ = browse()
    page.goto(url)
    type_query(page, "zzqx xq@zzqx.zq 555 123 4567")
    # Each key searched ("... 1" finds the phone number's 1): wait for the last search's results.
    assert rendered_results(page, url) == []
    expect(empty_state(page)).to_be_visible()
    pressed = page.evaluate("performance.now()")
    page.keyboard.press("Enter")
    posts = receiver.wait_for(page, 1)
    assert [post["body"] for post in posts] == [{"query": "zzqx [email] [number]", "url": url}]
    # The browser's own clock: the report left at Enter, not after the pause (1.5 s) that ends typing.
    (sent,) = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(entry => entry.name.endsWith('/api/searches')).map(entry => entry.startTime)"
    )
    assert 0 <= sent - pressed < 1000, sent - pressed


def test_a_search_with_results_is_never_reported(browse: Browse, reporting_site: tuple[str, Receiver]) -> None:
    url, receiver = reporting_site
    page, _ = browse()
    page.goto(url)
    type_query(page, "who do i call")
    expect(results(page).first).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(2500)
    assert receiver.received() == []


def test_without_an_endpoint_nothing_is_sent(browse: Browse, site_url: str) -> None:
    page, guard = browse()
    page.goto(site_url)
    type_query(page, FAILING)
    assert rendered_results(page, site_url) == []  # the last key's search, not an earlier one
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
    assert page.locator("#__search").is_checked()


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
    found = Axe().run(page, context={"include": [[".md-search"]]}, options=WCAG_21_AA).response["violations"]
    assert [f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in found] == []
