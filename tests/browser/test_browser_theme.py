"""The reader's chrome: announcement bar, dark mode, icons and print."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from siteserver import serve

from conftest import Browse
from realpages import an_article, url_of
from sitebuilder import ROOT, build, make_site

pytestmark = pytest.mark.browser

ARTICLE = url_of(an_article())  # any article: these are the theme's parts


def scheme(page: Page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_announcement_shows_dismisses_and_stays_dismissed(browse: Browse, variant_url: str) -> None:
    page, _ = browse()
    page.goto(variant_url)
    bar = page.locator('[data-md-component="announce"]')
    expect(bar.locator(".hc-announce")).to_be_visible()
    expect(bar.get_by_role("link")).to_have_attribute("href", re.compile(r"^https://"))
    bar.get_by_role("button", name="Don't show this again").click()
    expect(bar).to_be_hidden()
    page.reload()
    expect(bar).to_be_hidden()
    page.goto(variant_url + ARTICLE)
    expect(page.locator('[data-md-component="announce"]')).to_be_hidden()
    # Another reader (fresh storage) still sees it.
    other, _ = browse()
    other.goto(variant_url + ARTICLE)
    expect(other.locator('[data-md-component="announce"] .hc-announce')).to_be_visible()


def test_dark_mode_toggle_works_and_persists(browse: Browse, site_url: str) -> None:
    page, _ = browse(scheme="light")
    page.goto(site_url)
    assert scheme(page) == "default"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    page.reload()
    assert scheme(page) == "slate"
    page.goto(site_url + ARTICLE)
    assert scheme(page) == "slate"
    page.get_by_title("Switch to light mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.reload()
    assert scheme(page) == "default"


def test_dark_preference_starts_dark(browse: Browse, site_url: str) -> None:
    page, _ = browse(scheme="dark")
    page.goto(site_url)
    assert scheme(page) == "slate"


def test_icons_are_served_and_favicon_ico_exists(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url + ARTICLE)
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and icon.endswith(".svg")
    for address in (page.evaluate("document.querySelector('link[rel=icon]').href"), site_url + "favicon.ico"):
        response = page.request.get(address)
        assert response.status == 200, f"{address}: {response.status}"
        assert response.body(), address
    assert page.request.get(site_url + "favicon.ico").headers["content-type"] in (
        "image/x-icon",
        "image/vnd.microsoft.icon",
    )
    logo = page.locator("header .md-logo img")
    expect(logo).to_be_visible()
    assert logo.evaluate("image => image.complete && image.naturalWidth > 0")


# A page with what printing treats apart: a link to another site, a link within the page, related articles.
PRINTED = {
    "index.md": "---\ntitle: Home\ndescription: Home.\n---\n\n[Topics](topics/index.md).\n",
    "topics/index.md": "---\ntitle: Topics\ndescription: Every topic.\n---\n\nThe topics.\n",
    "topics/guide.md": "---\ntitle: Guide\ndescription: A guide.\nreviewed: 2026-01-01\nrelated:\n  - topics/more.md\n"
    "---\n\nRead [the ABA](https://www.americanbar.org/) and [the steps](#steps).\n\n## Steps {#steps}\n\nText.\n",
    "topics/more.md": "---\ntitle: More\ndescription: More.\nreviewed: 2026-01-01\n---\n\n[The guide](guide.md).\n",
}
PRINTED_NAV = ["index.md", {"Topics": ["topics/index.md", "topics/guide.md", "topics/more.md"]}]


@pytest.fixture(scope="module")
def printed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("printed")
    config = make_site(root, PRINTED, nav=PRINTED_NAV)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")  # the theme's own files
    result = build(config)
    assert result.ok, result.output
    with serve(result.site_dir) as url:
        yield url


def test_print_shows_the_article_without_controls(browse: Browse, printed_site: str) -> None:
    page, _ = browse()
    page.goto(printed_site + "topics/guide/")
    page.emulate_media(media="print")
    for selector in (
        "header.md-header",
        ".md-search",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-path",
        "[data-md-component=announce] .md-banner",
        ".hc-feedback",
        ".hc-pagelist",
        "footer.md-footer",
    ):
        assert page.locator(selector).count(), f"{selector} is not on the page at all"
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    external = page.locator('article a[href^="https://"]').first
    href = external.get_attribute("href")
    after = external.evaluate("link => getComputedStyle(link, '::after').content")
    assert after == f'" ({href})"'
    internal = page.locator('article p a[href$="#steps"]').first  # instant navigation makes it absolute
    assert internal.evaluate("link => getComputedStyle(link, '::after').content") in ("none", "normal")


SMALL_PHONE = {"width": 375, "height": 667}


def test_announcement_takes_one_line_on_a_small_phone(browse: Browse, variant_url: str) -> None:
    page, _ = browse(viewport=SMALL_PHONE)
    page.goto(variant_url)
    bar = page.locator('[data-md-component="announce"] .hc-announce')
    expect(bar).to_be_visible()
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.hc-announce')).lineHeight)")
    box = bar.bounding_box()
    assert box is not None and box["height"] < 1.5 * line, f"the announcement wraps: {box} (line {line})"
    link = bar.locator("a")
    expect(link).to_be_visible()
    link_box = link.bounding_box()
    assert link_box is not None and link_box["x"] + link_box["width"] <= SMALL_PHONE["width"], "the link is cut off"


def test_no_phone_number_breaks_across_lines(browse: Browse, site_url: str, real_site_dir: Path) -> None:
    page, _ = browse(viewport=SMALL_PHONE)
    checked = 0
    for index in sorted(real_site_dir.rglob("index.html")):
        path = index.parent.relative_to(real_site_dir).as_posix().removeprefix(".") + "/"
        page.goto(site_url + path.lstrip("/"))
        for link in page.locator('article a[href^="tel:"]').all():
            if not link.is_visible():
                continue
            rects = link.evaluate("(element) => element.getClientRects().length")
            assert rects == 1, f"{path}: the phone link {link.inner_text()!r} breaks across lines"
            checked += 1
    assert checked > 0, "no visible phone link on the site"


def test_every_search_box_shows_where_the_keyboard_is(browse: Browse, site_url: str) -> None:
    page, _ = browse()
    page.goto(site_url)  # the home page: its own search form, and the header's box
    boxes = page.locator(".hc-search input, input.md-search__input")
    assert boxes.count() >= 2
    for box in boxes.all():
        page.keyboard.press("Escape")  # closes Material's search dialog, opened by the header box's focus
        box.focus()
        style, width = box.evaluate(
            "(element) => [getComputedStyle(element).outlineStyle, getComputedStyle(element).outlineWidth]"
        )
        assert style != "none" and float(width.removesuffix("px")) >= 2, (box.get_attribute("class"), style, width)
