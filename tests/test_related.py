"""Related articles (front matter) and "Articles that link here" (the link graph)."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from helpcenter.article_end.related import PageRef, linking_articles, related_pages
from helpcenter.articles import is_article
from sitebuilder import build_site

PAGES = {
    ref.src_path: ref
    for ref in (
        PageRef("index.md", "Home", ""),
        PageRef("billing/index.md", "Billing", "billing/"),
        PageRef("billing/bill.md", "Sending the bills", "billing/bill/"),
        PageRef("billing/bank.md", "Creating trust ledgers", "billing/bank/"),
        PageRef("faq.md", "FAQ", "faq/"),
    )
}


# --- pure functions ---------------------------------------------------------


def test_related_pages_keep_the_writers_order() -> None:
    found = related_pages(["faq.md", "billing/bank.md"], src_path="billing/bill.md", pages=PAGES)
    assert found == [PAGES["faq.md"], PAGES["billing/bank.md"]]


def test_related_pages_skip_what_the_front_matter_check_reports() -> None:
    # Missing pages, the page itself, duplicates and non-strings are reported
    # by hooks/helpcenter/pages/front_matter.py; here they are simply not listed.
    entries = ["nope.md", "billing/bill.md", "faq.md", "faq.md", 3, None]
    assert related_pages(entries, src_path="billing/bill.md", pages=PAGES) == [PAGES["faq.md"]]
    assert related_pages("faq.md", src_path="billing/bill.md", pages=PAGES) == []
    assert related_pages(None, src_path="billing/bill.md", pages=PAGES) == []


def test_linking_articles_are_articles_sorted_by_title() -> None:
    sources = ["faq.md", "index.md", "billing/index.md", "billing/bank.md", "billing/bill.md", "gone.md", "faq.md"]
    found = linking_articles(sources, src_path="billing/bill.md", pages=PAGES)
    assert [page.title for page in found] == ["Creating trust ledgers", "FAQ"]


def test_linking_articles_leave_out_the_pages_listed_as_related() -> None:
    sources = ["faq.md", "billing/bank.md", "billing/index.md"]
    related = related_pages(["billing/bank.md"], src_path="billing/bill.md", pages=PAGES)
    found = linking_articles(sources, src_path="billing/bill.md", pages=PAGES, listed=related)
    assert [page.title for page in found] == ["FAQ"]
    everything = related_pages(["faq.md", "billing/bank.md"], src_path="billing/bill.md", pages=PAGES)
    assert linking_articles(sources, src_path="billing/bill.md", pages=PAGES, listed=everything) == []


def test_is_article() -> None:
    assert is_article("billing/bill.md")
    assert not is_article("billing/index.md")
    assert not is_article("index.md")
    assert not is_article("docs/README.md")


# --- fixture site -----------------------------------------------------------


def page(title: str, body: str = "Text.", related: list[str] | None = None) -> str:
    listed = "".join(f"\n  - {entry}" for entry in related or [])
    related_block = f"related:{listed}\n" if related else ""
    return f"---\ntitle: {title}\ndescription: A test page.\nreviewed: 2026-01-01\n{related_block}---\n\n{body}\n"


def page_lists(site_dir: Path, page_path: str) -> dict[str, list[tuple[str, str]]]:
    root = lxml.html.parse(str(site_dir / page_path)).getroot()
    lists = {}
    for nav in root.xpath('//nav[contains(@class, "hc-pagelist")]'):
        heading = nav.xpath(".//h2")[0].text_content().strip()
        lists[heading] = [(a.text_content(), a.get("href")) for a in nav.xpath(".//li/a")]
    return lists


def test_related_articles_render_with_titles_and_relative_links(tmp_path: Path) -> None:
    pages = {
        "index.md": page("Home"),
        "billing/index.md": page("Billing"),
        "billing/bill.md": page("Sending the bills", related=["faq.md", "billing/bank.md"]),
        "billing/bank.md": page("Creating trust ledgers"),
        "faq.md": page("First-weeks FAQ"),
    }
    result = build_site(tmp_path, pages)
    assert result.ok, result.output
    lists = page_lists(result.site_dir, "billing/bill/index.html")
    assert lists["Related articles"] == [("First-weeks FAQ", "../../faq/"), ("Creating trust ledgers", "../bank/")]
    assert "Related articles" not in page_lists(result.site_dir, "faq/index.html")


BACKLINK_PAGES = {
    "index.md": page("Home", body="[Guide](guide.md) and [Bill](billing/bill.md)"),
    "billing/index.md": page("Billing", body="[Bill](bill.md)"),
    "billing/bill.md": page("Sending the bills", body="See the [guide](../guide.md#top)."),
    "guide.md": page("Guide", body="## Top {#top}\n\nRead [how to bill](billing/bill.md) and [the FAQ](faq.md)."),
    "faq.md": page("FAQ", body='<a href="../billing/bill/">Billing</a> and [the guide](guide.md#top).'),
}


def test_articles_that_link_here_come_from_the_link_graph(tmp_path: Path) -> None:
    result = build_site(tmp_path, BACKLINK_PAGES)
    assert result.ok, result.output
    # Index pages (home, billing/) link to bill.md too, but are listings, not articles.
    assert page_lists(result.site_dir, "billing/bill/index.html")["Articles that link here"] == [
        ("FAQ", "../../faq/"),
        ("Guide", "../../guide/"),
    ]
    assert page_lists(result.site_dir, "guide/index.html")["Articles that link here"] == [
        ("FAQ", "../faq/"),
        ("Sending the bills", "../billing/bill/"),
    ]
    assert page_lists(result.site_dir, "faq/index.html")["Articles that link here"] == [("Guide", "../guide/")]
    # Index pages get no list of their own.
    assert page_lists(result.site_dir, "billing/index.html") == {}


def test_articles_that_link_here_are_not_listed_again_and_hide_when_none_is_left(tmp_path: Path) -> None:
    pages = {
        "index.md": page("Home"),
        "bill.md": page("Sending the bills", related=["bank.md", "faq.md"]),
        "bank.md": page("Creating trust ledgers", body="[Bill](bill.md)", related=["bill.md"]),
        "faq.md": page("FAQ", body="[Bill](bill.md) and [bank](bank.md)"),
        "guide.md": page("Guide", body="[Bill](bill.md)"),
    }
    result = build_site(tmp_path, pages)
    assert result.ok, result.output
    # bill.md: bank and the FAQ link to it and are related; the guide links to it and is not.
    assert page_lists(result.site_dir, "bill/index.html") == {
        "Related articles": [("Creating trust ledgers", "../bank/"), ("FAQ", "../faq/")],
        "Articles that link here": [("Guide", "../guide/")],
    }
    # bank.md: only the FAQ links to it, and it is not related: it stays.
    assert page_lists(result.site_dir, "bank/index.html")["Articles that link here"] == [("FAQ", "../faq/")]
    # guide.md: nothing links to it, so the heading is absent too, not an empty list.
    html = (result.site_dir / "guide" / "index.html").read_text(encoding="utf-8")
    assert page_lists(result.site_dir, "guide/index.html") == {}
    assert "Articles that link here" not in html
