"""Writers' YAML is bounded: no anchors or aliases, a depth and a size limit, located and fast.

A "billion laughs" alias bomb is nine short lines that every walk over the
data (locations, validation, mkdocs-macros printing page.meta) expands into
nine to the ninth items. It is refused at its first anchor before any node is
built, in front matter, the facts file and the tag list alike.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from helpcenter.facts.model import FactsError, parse_facts
from helpcenter.pages.front_matter import FrontMatterError, TagsError, load_tags, parse_front_matter
from helpcenter.yamlsource import YamlProblem, duplicate_keys, key_locations, load_located
from sitebuilder import FIXTURE_FACTS, ROOT, build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
ANCHORS = "anchors and aliases can expand a few lines into gigabytes"


def laughs(levels: int = 9, indent: str = "") -> str:
    """The classic alias bomb: each level lists the one before nine times."""
    lines = [f'{indent}lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"{indent}lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _problem(text: str) -> tuple[int, int, str, str | None]:
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as raised:
        load_located(text)
    assert time.perf_counter() - started < 1
    return raised.value.line, raised.value.column, raised.value.reason, raised.value.fix


@pytest.mark.parametrize(
    ("text", "line", "column", "written"),
    [
        (laughs(), 1, 7, "the anchor '&lol0'"),
        ("a: 1\nb: *undefined\n", 2, 4, "the alias '*undefined'"),
        ("base: &base {x: 1}\nother:\n  <<: *base\n", 1, 7, "the anchor '&base'"),
        ("- &item x\n", 1, 3, "the anchor '&item'"),
        ("key: !!str &a value\n", 1, 6, "the anchor '&a'"),
    ],
)
def test_anchors_and_aliases_are_refused_where_they_are_written(
    text: str, line: int, column: int, written: str
) -> None:
    assert _problem(text) == (line, column, f"{written} is not allowed: {ANCHORS}", "write each value out in full")


def test_ampersands_and_asterisks_in_text_are_fine() -> None:
    assert load_located('title: "Billing & payments *new*"\nnote: R&D, 5 * 3\n')[1] == {
        "title": "Billing & payments *new*",
        "note": "R&D, 5 * 3",
    }


def test_nesting_is_bounded_at_its_line() -> None:
    text = "top:\n" + "".join("  " * level + f"k{level}:\n" for level in range(1, 25)) + "  " * 25 + "v\n"
    assert _problem(text)[:3] == (21, 41, "values are nested more than 20 levels deep")
    assert _problem("x: " + "[" * 100_000)[:3] == (1, 23, "values are nested more than 20 levels deep")


def test_size_is_bounded() -> None:
    assert _problem("x: " + "a" * 250_000) == (
        1,
        1,
        "it is 250,003 characters long, more than the 250,000 allowed",
        "split it or shorten it",
    )


def test_locations_are_linear_in_the_document() -> None:
    text = "".join(f"k{index}:\n  a: [1, 2]\n  b: {{c: d}}\n" for index in range(6_000))
    started = time.perf_counter()
    document, data = load_located(text)
    locations = key_locations(document)
    assert duplicate_keys(document) == []
    assert time.perf_counter() - started < 5
    assert len(data) == 6_000
    assert locations[("k5999", "b", "c")] == (18_000, 7)
    assert locations[("k0", "a", 1)] == (2, 10)


def test_a_bomb_in_the_facts_file_is_located() -> None:
    text = FIXTURE_FACTS.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    started = time.perf_counter()
    with pytest.raises(FactsError) as raised:
        parse_facts(text + laughs(), "data/facts.yml")
    assert time.perf_counter() - started < 1
    assert str(raised.value) == (
        f"data/facts.yml:{line}:7: the facts file is not valid YAML: the anchor '&lol0' is not allowed: {ANCHORS}"
        " -> write each value out in full"
    )


def test_a_bomb_in_front_matter_is_located() -> None:
    with pytest.raises(FrontMatterError) as raised:
        parse_front_matter("---\ntitle: A\n" + laughs(indent="") + "---\n\nText.\n")
    assert (raised.value.line, raised.value.column, raised.value.message) == (
        3,
        7,
        f"the front matter cannot be read: the anchor '&lol0' is not allowed: {ANCHORS}"
        " -> write each value out in full",
    )


def test_a_bomb_in_the_tag_list_is_located(tmp_path: Path) -> None:
    tags = tmp_path / "tags.yml"
    tags.write_text("billing: Bills\n" + laughs())
    with pytest.raises(TagsError) as raised:
        load_tags(tags, "data/tags.yml")
    assert str(raised.value) == (
        f"data/tags.yml:2:7: the tag list is not valid YAML (the anchor '&lol0' is not allowed: {ANCHORS})"
        " -> write each value out in full"
    )


# --- whole builds: a located error within seconds, and nothing else ---------------------------


def test_a_build_with_a_bomb_in_front_matter_fails_fast(tmp_path: Path) -> None:
    page = "---\ntitle: Bomb\ndescription: A page.\nreviewed: 2026-01-01\n" + laughs() + "---\n\nText.\n"
    started = time.perf_counter()
    result = build_site(tmp_path, {"index.md": HOME, "bomb.md": page})
    assert time.perf_counter() - started < 10
    assert not result.ok
    assert result.problems == [
        f"docs/bomb.md:5:7: front-matter-yaml the front matter cannot be read: the anchor '&lol0' is not"
        f" allowed: {ANCHORS} -> write each value out in full"
    ]


def test_a_build_with_a_bomb_in_the_facts_file_fails_fast(tmp_path: Path) -> None:
    facts = FIXTURE_FACTS.read_text(encoding="utf-8")
    started = time.perf_counter()
    result = build_site(tmp_path, {"index.md": HOME}, facts=facts + laughs())
    assert time.perf_counter() - started < 10
    assert not result.ok
    assert result.problems == [
        f"data/facts.yml:{facts.count(chr(10)) + 1}:7: the facts file is not valid YAML: the anchor '&lol0' is not"
        f" allowed: {ANCHORS} -> write each value out in full"
    ]


def test_a_build_with_a_bomb_in_the_tag_list_fails_fast(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "tags.yml", tmp_path / "data" / "tags.yml")
    tags = (tmp_path / "data" / "tags.yml").read_text(encoding="utf-8")
    (tmp_path / "data" / "tags.yml").write_text(tags + laughs())
    started = time.perf_counter()
    result = build_site(tmp_path, {"index.md": HOME})
    assert time.perf_counter() - started < 10
    assert result.problems == [
        f"data/tags.yml:{tags.count(chr(10)) + 1}:7: the tag list is not valid YAML (the anchor '&lol0' is not"
        f" allowed: {ANCHORS}) -> write each value out in full"
    ]
