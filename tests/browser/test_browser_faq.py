"""The FAQ's question index: every entry lands on its answer, in view and not under the header."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import Browse
from realpages import faq_pages, url_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("faq", [url_of(page) for page in faq_pages()])
def test_each_index_entry_lands_on_its_answer(browse: Browse, site_url: str, faq: str) -> None:
    page, _ = browse()
    page.goto(site_url + faq)
    entries = page.locator("nav.faq-index a")
    count = entries.count()
    assert count == page.locator("article h2[id]").count() > 0
    for index in range(count):
        page.goto(site_url + faq)
        entry = entries.nth(index)
        # Material's instant navigation makes links absolute; the target is the fragment.
        text, href = entry.inner_text(), urlsplit(entry.get_attribute("href") or "")
        assert href.path.endswith(faq) and href.fragment
        entry.click()
        expect(page).to_have_url(f"{site_url}{faq}#{href.fragment}")
        heading = page.locator(f"h2#{href.fragment}")
        expect(heading).to_be_in_viewport()
        assert heading.inner_text().rstrip("¶").strip() == text
        # The heading is not hidden behind Material's sticky header.
        header_bottom = page.locator("header.md-header").bounding_box()["height"]
        box = heading.bounding_box()
        assert box is not None and box["y"] >= header_bottom - 1, f"#{href.fragment} is under the header"
        # Its answer follows right below.
        answer = heading.locator("xpath=following-sibling::*[1]")
        expect(answer).to_be_in_viewport()
