"""A writer's common mistakes, each reported at the line to change, in plain words, with the fix.

One fixture site holds one mistake per page, so a single strict build shows the
whole list a writer would see; the facts file's mistakes stop the build before
any page, so they are built on their own. Each assertion names the exact file,
line, column and message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.yamlsource import YamlProblem, load_located
from sitebuilder import FIXTURE_FACTS, BuildResult, build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
TARGET = (
    "---\ntitle: Target\ndescription: A page to link to.\nreviewed: 2026-01-01\n---\n\n## Steps {#steps}\n\nText.\n"
)


def article(body: str, *, front: str = "") -> str:
    """A page whose front matter is valid unless ``front`` breaks it; its body starts on line 7."""
    front = front or f"title: Article {len(body)}\n"
    return f"---\n{front}description: An article for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


MISTAKES = {
    "fact-typo.md": article("Call {{ support.phnoe }}.\n"),
    "unclosed.md": article("Intro.\n\nCall {{ support.phone for help.\n\n## Next {#next}\n\nText.\n"),
    "typed-phone.md": article("Call 1 800 555 2546 now.\n"),
    "broken-link.md": article("Read [the target](targt.md).\n"),
    "broken-anchor.md": article("Read [the steps](target.md#step).\n"),
    "colon-in-title.md": article("Text.\n", front="title: Billing: the basics\n"),
    "bold-title.md": article("Text.\n", front="title: The <b>new</b> bill\n"),
    "repeated-heading.md": article("## Steps {#steps}\n\nOne.\n\n## Steps {#more-steps}\n\nTwo.\n"),
    "tab-in-list.md": article("- One\n\t- Two\n"),
    "unknown-key.md": article("Text.\n", front="title: Unknown key\nreviewd: 2026-01-01\n"),
}


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build_site(tmp_path_factory.mktemp("mistakes"), {"index.md": HOME, "target.md": TARGET, **MISTAKES})
    assert not result.ok
    assert "Traceback" not in result.output, result.output
    return result


EXPECTED = {
    "fact-typo.md": "docs/fact-typo.md:7:9: template-error unknown fact 'support.phnoe' -> use a name defined in"
    " data/facts.yml (did you mean 'support.phone'?)",
    "unclosed.md": "docs/unclosed.md:9:6: template-error this {{ has no }} -> end it with }} on the same line, as in"
    " {{ support.phone }} (to show braces to readers, put them in `code`)",
    "typed-phone.md": 'docs/typed-phone.md:7:6: fact-drift "1 800 555 2546" is the support phone fact'
    " -> write {{ support.phone }}",
    "broken-link.md": "docs/broken-link.md:7:6: page-not-found `targt.md` points to targt.md, which does not exist"
    " -> fix the path, or create the page (did you mean `target.md`?)",
    "broken-anchor.md": "docs/broken-anchor.md:7:6: anchor-not-found `target.md#step`: target.md has no anchor"
    " `#step` -> link to an existing heading or {#id} (did you mean `target.md#steps`?)",
    "colon-in-title.md": "docs/colon-in-title.md:2:15: front-matter-yaml the front matter cannot be read: the value"
    " of `title:` contains ': ', which YAML reads as another key -> put the value in quotes:"
    ' title: "Billing: the basics"',
    "bold-title.md": "docs/bold-title.md:2:1: markup-in-text the title contains <b>: titles cannot be formatted"
    " -> remove the tags",
    "repeated-heading.md": "docs/repeated-heading.md:11:1: duplicate-heading the heading 'Steps' is already used on"
    " line 7, in the same section -> give this one other words: readers see both in the table of contents and"
    " in search",
    "tab-in-list.md": "docs/tab-in-list.md:8:1: tab-character a tab indents this line -> indent with spaces: four per"
    " level of a list, box or tab (Markdown counts a tab as four spaces, so what you see is not what nests)",
    "unknown-key.md": "docs/unknown-key.md:3:1: front-matter-unknown-key 'reviewd' is not a front-matter key"
    " -> remove it or correct it (did you mean 'reviewed'?)",
}


@pytest.mark.parametrize("page", sorted(MISTAKES))
def test_each_mistake_gets_one_located_plain_message(mistakes: BuildResult, page: str) -> None:
    found = [problem for problem in mistakes.problems if problem.startswith(f"docs/{page}:")]
    assert found == [EXPECTED[page]]


def test_the_build_reports_nothing_else(mistakes: BuildResult) -> None:
    assert sorted(mistakes.problems) == sorted(EXPECTED.values())


# --- the facts file ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("  length: 4\n", "  length: 4\n   unit: business days\n"),
            "{line}:4: the facts file is not valid YAML: `unit:` is not lined up with the lines above it -> check"
            " the indentation under `review_window:`: the keys or '- ' items of one group start in the same column",
        ),
        (
            ("  length: 4\n", "  length: 4\n\tunit: business days\n"),
            "{line}:1: the facts file is not valid YAML: a tab indents this line -> indent with spaces only"
            " (two per level)",
        ),
    ],
    ids=["indentation", "tab"],
)
def test_a_facts_file_mistake_names_the_key_to_check(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    text = FIXTURE_FACTS.read_text(encoding="utf-8")
    old, new = edit
    broken = text.replace(old, new, 1)
    line = text[: text.index(old)].count("\n") + 2
    result = build_site(tmp_path, {"index.md": HOME}, facts=broken)
    assert not result.ok
    assert "Traceback" not in result.output
    assert f"data/facts.yml:{expected.format(line=line)}" in result.output


# --- YAML, in any file a writer edits: the key to check, at the line to change ----------------

UNDER = "the keys or '- ' items of one group start in the same column"
WINDOW = f"check the indentation under `review_window:`: {UNDER}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: Billing: the basics\n",
            (1, 15, "the value of `title:` contains ': ', which YAML reads as another key"),
        ),
        (
            "review_window:\n  length: 3\n   unit: days\n",
            (
                3,
                4,
                f"`unit:` is not lined up with the lines above it -> {WINDOW}",
            ),
        ),
        (
            "review_window:\n  length: 3\n unit: days\n",
            (
                3,
                2,
                f"`unit:` is not lined up with the lines above it -> {WINDOW}",
            ),
        ),
        (
            "tags:\n  - a\n - b\n",
            (
                3,
                2,
                f"this '- ' item is not lined up with the lines above it -> check the indentation under `tags:`:"
                f" {UNDER}",
            ),
        ),
        ("support:\n\tteam: x\n", (2, 1, "a tab indents this line -> indent with spaces only (two per level)")),
        (
            'title: "Billing\ndescription: x\n',
            (1, 8, 'this quote is never closed -> end the value with the same quote mark (") on this line'),
        ),
        (
            "tags: [a, b\ndescription: x\n",
            (
                1,
                7,
                "this [ is never closed -> end the list with ] on the same line, or write one '- ' item per line"
                " instead",
            ),
        ),
        (
            "title:Billing\ndescription: x\n",
            (1, 7, "`title:` has no space after its colon -> write a space after it: title: Billing"),
        ),
        (
            "title: - x\n",
            (
                1,
                8,
                "the value of `title:` starts with '- ', which YAML reads as a list -> put the value in quotes:"
                ' title: "- x"',
            ),
        ),
        (
            "title: *bold*\n",
            (
                1,
                8,
                "the value of `title:` starts with '*' or '&', which YAML reads as a reference -> put the value in"
                ' quotes: title: "*bold*"',
            ),
        ),
    ],
    ids=[
        "colon-in-value",
        "indented-too-far",
        "indented-too-little",
        "list-item",
        "tab",
        "quote",
        "bracket",
        "no-space",
        "dash",
        "star",
    ],
)
def test_yaml_syntax_errors_name_the_key_and_the_fix(text: str, expected: tuple[int, int, str]) -> None:
    with pytest.raises(YamlProblem) as raised:
        load_located(text)
    problem = raised.value
    line, column, message = expected
    shown = f"{problem.reason} -> {problem.fix}" if " -> " in message else problem.reason
    assert (problem.line, problem.column, shown) == (line, column, message)


def test_lint_leaves_tabs_and_repeated_headings_on_pages_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build says it in a writer's words (above); lint would say it again as MD010 and MD024."""
    import lint_markdown

    monkeypatch.setattr(lint_markdown, "ROOT", tmp_path)
    text = "---\ntitle: T\ndescription: D.\n---\n\n## Steps\n\nOne.\n\n## Steps\n\nTwo.\n\n- One\n\t- Two\n"
    for folder in ("docs", "notes"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.md").write_text(text, encoding="utf-8")
    page = lint_markdown.lint([tmp_path / "docs" / "page.md"])
    other = lint_markdown.lint([tmp_path / "notes" / "page.md"])
    assert [problem for problem in page if " MD010 " in problem or " MD024 " in problem] == []
    assert any(" MD010 " in problem for problem in other) and any(" MD024 " in problem for problem in other)


def test_tabs_on_many_lines_are_one_finding_that_counts_them() -> None:
    from helpcenter.pages.headings import tab_characters

    body = "Intro.\n\n- One\n\t- Two\n\t\t- Three\n\nA\tgap.\n```\n\tcode keeps its tabs\n```\n"
    (finding,) = tab_characters(body, path="docs/a.md", line_offset=6)
    assert (finding.line, finding.column) == (10, 1)
    assert finding.message.startswith("a tab indents this line (and 2 more lines) -> indent with spaces")
