"""A section's page lists its articles from the nav, with their descriptions: no list is kept by hand.

A fixture site checks the order, the nested topic, the escaping and that a
new nav entry is listed without any other edit; the real site checks that
every section page lists exactly its section's pages (what holds for any content).
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml

from sitebuilder import ROOT, build_site


def page(title: str, description: str, *, article: bool = True) -> str:
    reviewed = "reviewed: 2026-01-01\n" if article else ""
    return f"---\ntitle: {title}\ndescription: {description}\n{reviewed}---\n\nText.\n"


PAGES = {
    "index.md": page("Home", "The home page.", article=False),
    "guides/index.md": page("Guides", "All the guides.", article=False),
    "guides/second.md": page("Second", "Comes second in the folder, first in the nav."),
    "guides/first.md": page("First", "Bills & payments, in one place."),
    "guides/topic/index.md": page("A topic", "A topic inside the section.", article=False),
    "guides/topic/deep.md": page("Deep", "An article of the topic."),
}
NAV = [
    "index.md",
    {
        "Guides": [
            "guides/index.md",
            "guides/second.md",
            "guides/first.md",
            {"A topic": ["guides/topic/index.md", "guides/topic/deep.md"]},
        ]
    },
]


def listed(site_dir: Path, page: str) -> list[tuple[str, str, str]]:
    root = lxml.html.parse(str(site_dir / page)).getroot()
    return [
        (item.find("a").text_content(), item.find("a").get("href"), " ".join(item.text_content().split()))
        for item in root.xpath('//article//ul[@class="hc-section-list"]/li')
    ]


def test_a_section_page_lists_its_articles_in_nav_order_with_their_descriptions(tmp_path: Path) -> None:
    result = build_site(tmp_path, PAGES, nav=NAV)
    assert result.ok, result.output
    assert listed(result.site_dir, "guides/index.html") == [
        ("Second", "second/", "Second: Comes second in the folder, first in the nav."),
        ("First", "first/", "First: Bills & payments, in one place."),
        ("A topic", "topic/", "A topic: A topic inside the section."),
    ]
    assert "Bills &amp; payments" in (result.site_dir / "guides/index.html").read_text(encoding="utf-8")
    assert listed(result.site_dir, "guides/topic/index.html") == [("Deep", "deep/", "Deep: An article of the topic.")]
    # Articles and the home page carry no such list.
    assert listed(result.site_dir, "guides/first/index.html") == []
    assert listed(result.site_dir, "index.html") == []


def test_a_new_nav_entry_is_listed_with_no_other_edit(tmp_path: Path) -> None:
    pages = {**PAGES, "guides/third.md": page("Third", "The newest article.")}
    nav = [NAV[0], {"Guides": [*NAV[1]["Guides"][:3], "guides/third.md", NAV[1]["Guides"][3]]}]
    result = build_site(tmp_path, pages, nav=nav)
    assert result.ok, result.output
    assert [title for title, _, _ in listed(result.site_dir, "guides/index.html")] == [
        "Second",
        "First",
        "Third",
        "A topic",
    ]


# --- the real site -------------------------------------------------------------------------------


def entry_page(item: object) -> str | None:
    """The page a nav entry shows in its section's list: a page, or a nested topic's index page."""
    value = next(iter(item.values())) if isinstance(item, dict) else item
    if isinstance(value, list):
        return next((page for page in map(entry_page, value) if page and page.endswith("index.md")), None)
    return value if isinstance(value, str) and value.endswith(".md") else None


def nav_sections() -> list[tuple[str, list[str]]]:
    """(section index page, the pages its list shows) for each nav section with an index page."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    sections = []
    for entry in nav:
        if isinstance(entry, dict) and isinstance(next(iter(entry.values())), list):
            (items,) = entry.values()
            pages = [page for page in map(entry_page, items) if page]
            index = next((page for page in pages if page.endswith("index.md")), None)
            if index is not None:
                sections.append((index, [page for page in pages if page != index]))
    return sections


@pytest.mark.parametrize(("index", "pages"), nav_sections(), ids=[index for index, _ in nav_sections()])
def test_every_real_section_page_lists_its_sections_pages(real_site_dir: Path, index: str, pages: list[str]) -> None:
    built = real_site_dir / index.replace(".md", ".html")
    folder = index.rsplit("/", 1)[0]
    hrefs = [href for _, href, _ in listed(real_site_dir, built.relative_to(real_site_dir).as_posix())]
    expected = [
        (path.removeprefix(f"{folder}/").removesuffix(".md") + "/")
        if path.startswith(f"{folder}/")
        else "../" + path.removesuffix(".md") + "/"
        for path in pages
    ]
    assert hrefs == expected
