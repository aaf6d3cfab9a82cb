"""'Still need help?' at the end of every article: the support phone, the feedback widget, the migration team."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from helpcenter.article_end.still_need_help import (
    REVIEW_WINDOW_ANCHOR,
    REVIEW_WINDOW_PAGE,
    StillNeedHelp,
    still_need_help,
)
from sitebuilder import FIXTURE_FACTS, build_site

# --- which pages get it --------------------------------------------------------------


def test_articles_get_it_listings_do_not() -> None:
    assert still_need_help("billing/bill.md", is_homepage=False, meta={}) == StillNeedHelp(review_window=False)
    assert still_need_help("index.md", is_homepage=True, meta={}) is None
    assert still_need_help("billing/index.md", is_homepage=False, meta={}) is None
    assert still_need_help("README.md", is_homepage=False, meta={}) is None


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False), ("yes", False), (1, False)])
def test_only_a_true_flag_adds_the_migration_team(value: object, expected: bool) -> None:
    # Anything but true is a front-matter error (test_front_matter.py); the block stays as it is.
    found = still_need_help("faq.md", is_homepage=False, meta={"about_review_window": value})
    assert found is not None and found.review_window is expected
    assert (found.definition_page, found.definition_anchor) == (REVIEW_WINDOW_PAGE, REVIEW_WINDOW_ANCHOR)


# --- a fixture site --------------------------------------------------------------------

# Facts cannot hold markup (test_facts.py), but "&" and quotes are text the theme must escape.
AMPERSAND_FACTS = (
    FIXTURE_FACTS.read_text(encoding="utf-8")
    .replace("  team: Lawdesk Support\n", "  team: Lawdesk Support & co\n")
    .replace("    name: migration team\n", '    name: "\\"migration\\" team"\n')
)


def article(title: str, extra: str = "", body: str = "Text.") -> str:
    return f"---\ntitle: {title}\ndescription: A test page.\nreviewed: 2026-01-01\n{extra}---\n\n{body}\n"


PAGES = {
    "index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n",
    "billing/index.md": "---\ntitle: Billing\ndescription: Billing.\n---\n\n[Bill](bill.md)\n",
    "billing/bill.md": article("Sending the bills"),
    "quiet.md": article("Quiet", "hide:\n  - feedback\n"),
    "window.md": article("Window", "about_review_window: true\n"),
    REVIEW_WINDOW_PAGE: article("Reviewing", "about_review_window: true\n", "## The window {#review-window}\n\nText."),
}


def block(site_dir: Path, page: str) -> lxml.html.HtmlElement | None:
    root = lxml.html.parse(str(site_dir / page)).getroot()
    found = root.xpath('//section[contains(@class, "hc-help")]')
    return found[0] if found else None


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_site(tmp_path_factory.mktemp("help"), PAGES, facts=AMPERSAND_FACTS)
    assert result.ok, result.output
    return result.site_dir


def test_an_article_gets_the_phone_and_the_widget(site_dir: Path) -> None:
    found = block(site_dir, "billing/bill/index.html")
    assert found is not None
    assert found.findtext("h2") == "Still need help?"
    (link,) = found.xpath('.//p[contains(@class, "hc-help__phone")]/a')
    assert (link.get("href"), link.text_content()) == ("tel:+1-800-555-2546;ext=2", "1-800-555-2546 ext. 2")
    assert found.xpath(".//*[@data-hc-feedback]")
    assert not found.xpath('.//*[contains(@class, "hc-help__migration")]')


def test_fact_values_are_escaped(site_dir: Path) -> None:
    html = (site_dir / "window" / "index.html").read_text(encoding="utf-8")
    assert "Call Lawdesk Support &amp; co at" in html
    assert "your &#34;migration&#34; team" in html


def test_listing_pages_get_nothing(site_dir: Path) -> None:
    assert block(site_dir, "index.html") is None
    assert block(site_dir, "billing/index.html") is None


def test_a_page_that_hides_feedback_still_gets_the_phone(site_dir: Path) -> None:
    found = block(site_dir, "quiet/index.html")
    assert found is not None
    assert found.xpath('.//a[starts-with(@href, "tel:")]')
    assert not found.xpath(".//*[@data-hc-feedback]")


def test_a_review_window_page_adds_the_team_and_links_to_the_definition(site_dir: Path) -> None:
    found = block(site_dir, "window/index.html")
    assert found is not None
    (migration,) = found.xpath('.//*[contains(@class, "hc-help__migration")]')
    assert " ".join(migration.text_content().split()) == (
        'Is something wrong in your imported data? Raise it with your "migration" team before the review window ends.'
    )
    (link,) = migration.xpath(".//a")
    assert link.get("href") == f"../{REVIEW_WINDOW_PAGE.removesuffix('.md')}/#{REVIEW_WINDOW_ANCHOR}"


def test_without_the_definition_page_the_window_is_named_without_a_link(tmp_path: Path) -> None:
    pages = {name: text for name, text in PAGES.items() if name != REVIEW_WINDOW_PAGE}
    result = build_site(tmp_path, pages)
    assert result.ok, result.output
    found = block(result.site_dir, "window/index.html")
    assert found is not None
    (migration,) = found.xpath('.//*[contains(@class, "hc-help__migration")]')
    assert migration.xpath(".//a") == []
    assert " ".join(migration.text_content().split()).endswith("before the review window ends.")


def test_the_flag_must_be_true_or_false(tmp_path: Path) -> None:
    result = build_site(tmp_path, {**PAGES, "window.md": article("Window", 'about_review_window: "true"\n')})
    assert not result.ok
    assert result.problems == [
        "docs/window.md:5:1: front-matter-type 'about_review_window' must be true or false (got 'true')"
        " -> write true or false"
    ]
