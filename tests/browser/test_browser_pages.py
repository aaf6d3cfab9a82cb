"""Every page of the real site loads cleanly: nothing leaves 127.0.0.1, no console error, no missing file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import Browse

pytestmark = pytest.mark.browser


def test_every_page_loads_cleanly(browse: Browse, site_url: str, real_site_dir: Path) -> None:
    pages = sorted(path.parent.relative_to(real_site_dir).as_posix() for path in real_site_dir.rglob("index.html"))
    assert len(pages) >= 10
    page, guard = browse()
    for path in pages:
        address = site_url if path == "." else f"{site_url}{path}/"
        response = page.goto(address)
        assert response is not None and response.status == 200, address
        expect(page.locator("article h1")).to_have_count(1)
        page.wait_for_load_state("networkidle")
    # The guard (checked after the test) saw every request; this proves it was listening.
    assert any(url.endswith("/assets/javascripts/feedback.js") for url in guard.requests)


def test_the_guard_catches_what_it_should(browse: Browse) -> None:
    """The checks the other tests rely on can fail: an outside request and a console error are caught.

    (On the site itself the Content-Security-Policy already stops both; a bare page does not.)
    """
    page, guard = browse()
    page.set_content('<img src="https://example.com/pixel.png" alt=""><script>console.error("boom")</script>')
    page.wait_for_load_state("networkidle")
    assert guard.external_requests == ["GET https://example.com/pixel.png"]
    assert any(text.startswith("boom") for text in guard.console_errors)
    # Clear them, so this deliberate misbehaviour does not fail the test afterwards.
    guard.external_requests.clear()
    guard.console_errors.clear()
