"""A page with its snippets is bounded like a page: the include that makes it too large stops it, at its line.

The red team included a 210 KB snippet ten times in a snippet included ten
times: a 21 MB page, 103 s and 450 MB, and no finding. Each level of includes
multiplies the size by ten; the scan of the includes must not multiply with it.
"""

from __future__ import annotations

import time
from pathlib import Path

from markdown import Markdown

from helpcenter.rendering.snippets import MAX_PAGE_CHARACTERS, Resolver, check_includes
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
SNIPPETS = {"exclude_docs": "_snippets/\n"}
BIG = "A line of shared text that a writer repeated many times over.\n" * 3400  # 214,200 characters
TOO_LARGE = (
    "page-too-large with its snippets this page would be more than 1,000,000 characters long (the includes up to"
    " this one make {total:,}) -> include smaller snippets, or fewer, or split the page"
)


def article(body: str) -> str:
    """The body starts on line 7."""
    return f"---\ntitle: A page\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


def test_snippet_amplification_stops_at_the_page_s_include_line_quickly(tmp_path: Path) -> None:
    page = article('Intro.\n\n--8<-- "fine.md"\n\n--8<-- "ten.md"\n\nEnd.\n')
    started = time.perf_counter()
    result = build_site(
        tmp_path,
        {"index.md": HOME, "page.md": page},
        nav=["index.md", "page.md"],
        extra_files={
            "docs/_snippets/fine.md": "A short note.\n",
            "docs/_snippets/big.md": BIG,
            "docs/_snippets/ten.md": '--8<-- "big.md"\n' * 10,
        },
        config=SNIPPETS,
    )
    elapsed = time.perf_counter() - started
    assert not result.ok
    assert "Traceback" not in result.output
    # The page (75 characters) and fine.md (14), then ten.md (160) and big.md five times over the bound.
    total = len(page) + 14 + 160 + 5 * len(BIG)
    assert result.problems == [f"docs/page.md:11:9: {TOO_LARGE.format(total=total)}"]
    assert elapsed < 30  # unbounded, this page took 103 s and 450 MB


def _resolver(base: Path) -> Resolver:
    parser = Markdown(
        extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": {"base_path": [str(base)]}}
    )
    return parser.preprocessors["snippet"]  # type: ignore[return-value]


def test_ten_levels_of_ten_includes_are_scanned_in_bounded_time(tmp_path: Path) -> None:
    """10**10 includes if every one were visited: the scan stops once the page is over the bound."""
    (tmp_path / "level0.md").write_text("x" * 1000 + "\n")
    for level in range(1, 11):
        (tmp_path / f"level{level}.md").write_text(f'--8<-- "level{level - 1}.md"\n' * 10)
    started = time.perf_counter()
    problems = check_includes(
        'Intro.\n\n--8<-- "level10.md"\n', "docs/page.md", _resolver(tmp_path), bases=[tmp_path], display=str
    )
    assert time.perf_counter() - started < 10
    assert [(problem.top_line, problem.finding.code, problem.finding.line) for problem in problems] == [
        (3, "page-too-large", 3)
    ]


def test_a_section_counts_only_its_own_lines(tmp_path: Path) -> None:
    """Many sections of one large snippet file make a small page."""
    sections = "".join(f"--8<-- [start:s{n}]\nPart {n}.\n--8<-- [end:s{n}]\n" + BIG for n in range(10))
    (tmp_path / "parts.md").write_text(sections)
    page = "".join(f'--8<-- "parts.md:s{n}"\n' for n in range(10))
    assert check_includes(page, "docs/page.md", _resolver(tmp_path), bases=[tmp_path], display=str) == []
    assert len(sections) > MAX_PAGE_CHARACTERS
