"""axe-core finds no WCAG 2.1 A/AA violation on the pages readers land on, in light and dark."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import Browse
from realpages import an_article, faq_pages, url_of

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = {
    "home": "",
    **({"faq": url_of(faq_pages()[0])} if faq_pages() else {}),
    "how-to": url_of(an_article()),
    "404": "no/such/page/",
}
SCHEMES = {"light": "default", "dark": "slate"}


def violations(page: Page) -> list[str]:
    found = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')}"
        for violation in found
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_wcag_violations(browse: Browse, site_url: str, name: str, scheme: str) -> None:
    page, guard = browse(scheme=scheme)
    path = PAGES[name]
    if name == "404":
        guard.expect_status(f"/{path}", 404)
    page.goto(site_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    expect(page.locator('[data-md-component="announce"] .hc-announce')).to_have_count(1)
    assert violations(page) == []


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_wcag_violations_in_the_open_feedback_form(browse: Browse, variant_url: str, scheme: str) -> None:
    page, _ = browse(scheme=scheme)
    page.goto(variant_url + PAGES["how-to"])  # the variant has a feedback service, so the vote is offered
    page.locator("[data-hc-feedback]").get_by_role("button", name="No").click()
    expect(page.locator("[data-hc-feedback] form")).to_be_visible()
    assert violations(page) == []
