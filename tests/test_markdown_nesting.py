"""Markdown nested deeper than Python-Markdown can take is a located error, never a RecursionError.

A thousand list markers on one line, ``<div markdown>`` blocks or ``*`` in a
row make Python-Markdown recurse until Python gives up, with a traceback and no
line. The page is checked before Markdown sees it (and its snippets, and what
its templates write), in one pass. Nesting that is only slow ('[' left open
thousands of times) is the page budget's (tests/test_page_budget.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from helpcenter.pages.nesting import NestingProblem, nesting_problems
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
BLOCKS = "-> flatten them: split the list, or start a new section"


def blocks(depth: int) -> str:
    return f"lists, quotes and indented blocks are nested {depth} levels deep here (at most 20) {BLOCKS}"


HTML = "HTML elements with a markdown attribute are nested more than 20 deep -> flatten them"


def marks(count: int) -> str:
    return f"{count:,} '*' and '_' marks in a row (at most 50) -> remove them, or put literal ones in `code`"


BOMBS: dict[str, tuple[str, list[tuple[int, int, str]]]] = {
    # Tabs: a thousand levels indented with spaces is 2 MB, which the file-size bound refuses first.
    "nested-list": ("".join("\t" * level + "- item\n" for level in range(1000)), [(21, 23, blocks(21))]),
    "nested-list-spaces": ("".join("    " * level + "- item\n" for level in range(300)), [(21, 83, blocks(21))]),
    "ordered-list": ("".join("    " * level + "1. item\n" for level in range(300)), [(21, 84, blocks(21))]),
    "list-on-one-line": ("- " * 1000 + "x\n", [(1, 2001, blocks(1000))]),
    "quotes": (">" * 1000 + " x\n", [(1, 1002, blocks(1000))]),
    "spaced-quotes": ("> " * 1000 + "x\n", [(1, 2001, blocks(1000))]),
    "quoted-lists": ("> - " * 30 + "x\n", [(1, 121, blocks(60))]),
    "admonitions": (
        "".join("    " * level + "!!! note\n\n" for level in range(300)) + "    " * 300 + "x\n",
        [(43, 85, blocks(21))],
    ),
    "tabs-in-tabs": ("".join("    " * level + '=== "Tab"\n\n' for level in range(30)), [(43, 85, blocks(21))]),
    "div-markdown": ('<div markdown="1">\n' * 1000 + "x\n" + "</div>\n" * 1000, [(21, 1, HTML)]),
    "strong": ("**" * 1000 + "x" + "**" * 1000 + "\n", [(1, 1, marks(2000))]),
    "emphasis": ("Intro " + "_" * 3000 + "x" + "_" * 3000 + "\n", [(1, 7, marks(3000))]),
}

FINE = {
    "a real article": (
        "Intro with *emphasis*, **strong**, `code`, [a link](x.md) and [^1].\n\n"
        "- one\n    - two\n        - three\n            1. four\n\n"
        '!!! note\n\n    > Quoted\n    > - item\n\n=== "Tab"\n\n    Content.\n\n'
        '<div markdown="1">\n<div markdown="1">\nx\n</div>\n</div>\n\n'
        "* * *\n\n" + "_" * 80 + "\n\n[^1]: A note.\n"
    ),
    "deep code is code": "```text\n" + "    " * 100 + "- x\n" + "[" * 100 + "\n```\n",
    "in backticks": "`" + "*" * 200 + "` and ``" + "[" * 100 + "``\n",
    "escaped brackets": "\\[" * 100 + "\n",
    "paragraphs reset brackets": "[a\n\n" * 100,
    "closed tags": '<div markdown="1">x</div>\n' * 100,
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_each_bomb_is_found_in_one_quick_pass(bomb: str) -> None:
    text, expected = BOMBS[bomb]
    started = time.perf_counter()
    assert nesting_problems(text) == [NestingProblem(*problem) for problem in expected]
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("name", FINE)
def test_what_writers_write_is_fine(name: str) -> None:
    assert nesting_problems(FINE[name]) == []


def test_the_pass_is_linear_on_hostile_lines() -> None:
    # Unmatched backtick runs and unclosed tags are where a regular expression would backtrack.
    text = "` `` " * 100_000 + "\n" + '<a "' * 100_000 + "\n" + "\\[" * 100_000 + "\n"
    started = time.perf_counter()
    assert nesting_problems(text) == []
    assert time.perf_counter() - started < 5


def article(body: str, title: str = "Deep") -> str:
    return f"---\ntitle: {title}\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


def test_the_build_reports_each_bomb_at_its_line_without_a_traceback(tmp_path: Path) -> None:
    chosen = ["nested-list", "list-on-one-line", "quotes", "admonitions", "div-markdown", "strong"]
    names = {bomb: f"{bomb}.md" for bomb in chosen}
    pages = {names[bomb]: article(BOMBS[bomb][0], bomb) for bomb in chosen}
    started = time.perf_counter()
    result = build_site(tmp_path, {"index.md": HOME, **pages})
    assert time.perf_counter() - started < 30
    assert not result.ok
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    # The body starts on line 7 of each file. The tab-indented list is also told about its tabs, once.
    tabs = (
        "docs/nested-list.md:8:1: tab-character a tab indents this line (and 998 more lines) -> indent with spaces:"
        " four per level of a list, box or tab (Markdown counts a tab as four spaces, so what you see is not what"
        " nests)"
    )
    assert sorted(result.problems) == sorted(
        [
            tabs,
            *(
                f"docs/{names[bomb]}:{line + 6}:{column}: nesting-too-deep {message}"
                for bomb in chosen
                for line, column, message in BOMBS[bomb][1]
            ),
        ]
    )


def test_nesting_in_a_snippet_is_found_at_the_snippet_line(tmp_path: Path) -> None:
    snippet = "Shared.\n\n" + "> " * 1000 + "x\n"
    result = build_site(
        tmp_path,
        {"index.md": HOME, "page.md": article('Intro.\n\n--8<-- "deep.md"\n'), "_snippets/deep.md": snippet},
        nav=["index.md", "page.md"],
        config={"not_in_nav": "_snippets/*", "exclude_docs": "_snippets/"},
    )
    assert "Traceback" not in result.output
    assert result.problems == [f"docs/_snippets/deep.md:3:2001: nesting-too-deep {blocks(1000)}"]


def test_nesting_written_by_templates_is_found(tmp_path: Path) -> None:
    body = "Intro.\n\n{% for c in 'x' * 300 %}{{ '    ' * loop.index0 }}- item\n{% endfor %}\n"
    result = build_site(tmp_path, {"index.md": HOME, "page.md": article(body)})
    assert "Traceback" not in result.output
    assert result.problems == [
        "docs/page.md:9:1: nesting-too-deep lists, quotes and indented blocks are nested 21 levels deep here (at"
        " most 20), in the Markdown the templates of this page write -> flatten them: split the list, or start a"
        " new section"
    ]
