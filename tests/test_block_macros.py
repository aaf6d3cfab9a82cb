"""A macro that writes a block (the not-migrated list) stays one block, wherever a writer puts it."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
ITEMS = ["Documents", "Ledgers and financial records", "Fee schedules", "Access rights", "Groups"]


def article(body: str, title: str = "Block") -> str:
    return f"---\ntitle: {title}\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


PLACES = {
    "after-a-list": ("- one\n- two\n\n{{ not_migrated() }}\n", "//article"),
    "in-an-admonition": (
        '!!! note "Not migrated"\n\n    Before.\n\n    {{ not_migrated() }}\n\n    After.\n',
        "//div[contains(@class, 'admonition')]",
    ),
    "in-a-tab": ('=== "One"\n\n    {{ not_migrated() }}\n\n=== "Two"\n\n    Two.\n', "//div[@class='tabbed-block'][1]"),
    "in-a-list-item": ("1. Step\n\n    {{ not_migrated() }}\n\n2. Next\n", "//ol/li[1]"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = {f"{name}.md": article(body, name) for name, (body, _) in PLACES.items()}
    result = build_site(tmp_path_factory.mktemp("blocks"), {"index.md": HOME, **pages})
    assert result.ok, result.output
    return result.site_dir


@pytest.mark.parametrize("name", PLACES)
def test_the_list_is_its_own_list_inside_its_container(site: Path, name: str) -> None:
    root = lxml.html.parse(str(site / name / "index.html")).getroot()
    (container,) = root.xpath(PLACES[name][1])
    lists = [
        ul
        for ul in container.iter("ul")
        if [li.text_content().split("\n")[0].strip() for li in ul.xpath("./li")] == ITEMS
    ]
    assert len(lists) == 1, lxml.html.tostring(container, encoding="unicode")
    # Nothing of the writer's Markdown around it ended up in it, and it holds only the facts.
    assert "one" not in lists[0].text_content() and "After." not in lists[0].text_content()


def test_the_writers_list_keeps_only_its_own_items(site: Path) -> None:
    root = lxml.html.parse(str(site / "after-a-list" / "index.html")).getroot()
    first = root.xpath("//article//ul")[0]
    assert [li.text_content().strip() for li in first.xpath("./li")] == ["one", "two"]


def test_a_block_macro_inside_a_sentence_is_located(tmp_path: Path) -> None:
    result = build_site(
        tmp_path, {"index.md": HOME, "a.md": article("Text.\n\nWe leave out {{ not_migrated() }} today.\n")}
    )
    assert not result.ok
    assert result.problems == [
        "docs/a.md:9:14: block-macro-inline {{ not_migrated() }} writes a list, which cannot sit inside a sentence"
        " -> put it on a line of its own"
    ]
