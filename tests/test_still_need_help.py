"""'Still need help?' at the end of every article: the support phone, the feedback widget, the migration team.

The theme decides from each page's front matter: every article gets the block,
listings do not; a page with ``about_review_window: true`` adds the migration
team and links to the page whose ``defines_review_window`` names the heading
that defines the window. No content path is written anywhere in code.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from sitebuilder import FIXTURE_FACTS, build_site

# Facts cannot hold markup (test_facts.py), but "&" and quotes are text the theme must escape.
AMPERSAND_FACTS = (
    FIXTURE_FACTS.read_text(encoding="utf-8")
    .replace("  team: Lawdesk Support\n", "  team: Lawdesk Support & co\n")
    .replace("    name: migration team\n", '    name: "\\"migration\\" team"\n')
)


def article(title: str, extra: str = "", body: str = "Text.") -> str:
    return f"---\ntitle: {title}\ndescription: A test page.\nreviewed: 2026-01-01\n{extra}---\n\n{body}\n"


DEFINITION = "terms/the-window.md"
PAGES = {
    "index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n",
    "billing/index.md": "---\ntitle: Billing\ndescription: Billing.\n---\n\n[Bill](bill.md)\n",
    "billing/bill.md": article("Sending the bills"),
    "quiet.md": article("Quiet", "hide:\n  - feedback\n"),
    "window.md": article("Window", "about_review_window: true\n"),
    DEFINITION: article(
        "Reviewing",
        "about_review_window: true\ndefines_review_window: how-long\n",
        "## How long it lasts {#how-long}\n\nText.",
    ),
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


def test_a_readme_listing_gets_nothing(tmp_path: Path) -> None:
    pages = {name: text for name, text in PAGES.items() if name != "billing/index.md"}
    result = build_site(tmp_path, {**pages, "billing/README.md": PAGES["billing/index.md"]})
    assert result.ok, result.output
    assert block(result.site_dir, "billing/index.html") is None


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
    assert link.get("href") == "../terms/the-window/#how-long"


def test_without_a_definition_the_window_is_named_without_a_link(tmp_path: Path) -> None:
    pages = {name: text for name, text in PAGES.items() if name != DEFINITION}
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


def test_the_definition_must_name_a_heading_of_its_page(tmp_path: Path) -> None:
    definition = article("Reviewing", "defines_review_window: how-lng\n", "## How long it lasts {#how-long}\n")
    result = build_site(tmp_path, {**PAGES, DEFINITION: definition})
    assert not result.ok
    assert result.problems == [
        "docs/terms/the-window.md:5:1: anchor-not-found this page has no anchor `#how-lng`, which"
        ' `defines_review_window` names for the "Still need help?" link -> write the id of the heading that defines'
        " the review window"
    ]
    result = build_site(tmp_path / "hash", {**PAGES, DEFINITION: definition.replace("how-lng", "'#how-long'")})
    assert result.problems == [
        "docs/terms/the-window.md:5:1: front-matter-value 'defines_review_window' must be the id of a heading on this"
        " page (got '#how-long') -> write it without '#', e.g. my-heading"
    ]
