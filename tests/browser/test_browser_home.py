"""The home page at desktop and phone width: no topic card sits alone in a row; the h1 is there but not shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, Browse
from sitebuilder import real_config

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "per_row"), [(DESKTOP, 2), (PHONE, 1)], ids=["desktop", "phone"])
def test_topic_cards_fill_their_rows(browse: Browse, site_url: str, viewport: dict[str, int], per_row: int) -> None:
    page, _ = browse(viewport=viewport)
    page.goto(site_url)
    cards = page.locator(".hc-topics > ul > li")
    expect(cards.first).to_be_visible()
    count = cards.count()
    assert count % 2 == 0, "an odd number of topic cards leaves one alone in a row"
    rows: dict[float, int] = {}
    for index in range(count):
        box = cards.nth(index).bounding_box()
        assert box is not None
        rows[round(box["y"])] = rows.get(round(box["y"]), 0) + 1
    assert list(rows.values()) == [per_row] * (count // per_row)


def test_the_h1_names_the_site_for_screen_readers_only(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(real_config()["site_name"])
    box = heading.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    expect(page).to_have_title(real_config()["site_name"])
