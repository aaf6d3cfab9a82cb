"""Front matter: every error a writer can make, with its exact file, line, column and message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.pages.front_matter import (
    FrontMatter,
    FrontMatterError,
    check_front_matter,
    is_article,
    load_tags,
    parse_front_matter,
)
from sitebuilder import ROOT, build_site

TAGS = {"billing": "Bills", "payments": "Payments", "migration": "Migration"}
PAGES = {"index.md", "billing/index.md", "billing/send-an-invoice.md", "billing/set-up-trust-ledgers.md"}
PATH = "docs/billing/new.md"

GOOD = """\
---
title: Creating a bill
description: How to bill an imported balance.
tags:
  - billing
related:
  - billing/send-an-invoice.md
reviewed: 2026-11-25
---

Body.
"""


def check(source: str, src_path: str = "billing/new.md") -> list[str]:
    try:
        parsed = parse_front_matter(source)
    except FrontMatterError as error:
        return [str(error.finding(f"docs/{src_path}"))]
    findings = check_front_matter(parsed, path=f"docs/{src_path}", src_path=src_path, tags=TAGS, pages=PAGES)
    return [str(finding) for finding in findings]


def test_a_correct_article_has_no_findings() -> None:
    assert check(GOOD) == []


def test_every_allowed_key_passes_together() -> None:
    source = GOOD.replace(
        "reviewed: 2026-11-25\n",
        "reviewed: '2026-11-25'\nfaq: true\nhide:\n  - toc\n  - feedback\nsearch:\n  boost: 2\n",
    )
    assert check(source) == []


def test_missing_front_matter() -> None:
    assert check("# Title\n\nBody.\n") == [
        f"{PATH}:1:1: front-matter-missing this page has no front matter -> start the file with a '---' line, "
        "then 'title:' and 'description:', then another '---' line (see WRITING-REFERENCE.md#front-matter)"
    ]


def test_unclosed_front_matter() -> None:
    assert check("---\ntitle: A\n\nBody.\n") == [
        f"{PATH}:1:1: front-matter-unclosed the front matter never ends -> add a line '---' after its last key"
    ]


def test_invalid_yaml_is_located_on_its_line() -> None:
    source = "---\ntitle: A\ndescription: Billing: the basics\nreviewed: 2026-11-25\n---\n"
    assert check(source) == [
        f"{PATH}:3:21: front-matter-yaml the front matter cannot be read: the value of `description:` contains ': ',"
        ' which YAML reads as another key -> put the value in quotes: description: "Billing: the basics"'
    ]


def test_front_matter_that_is_not_a_mapping() -> None:
    assert check("---\n- a\n- b\n---\n") == [
        f"{PATH}:2:1: front-matter-yaml the front matter must be 'key: value' lines -> write e.g. 'title: ...'"
    ]


def test_duplicate_key() -> None:
    source = GOOD.replace("reviewed: 2026-11-25\n", "reviewed: 2026-11-25\ntitle: Again\n")
    assert check(source) == [
        f"{PATH}:9:1: front-matter-duplicate 'title' is set twice -> keep one of them (only the last one would count)"
    ]


def test_missing_title_and_description_point_at_the_opening_line() -> None:
    source = "---\nreviewed: 2026-11-25\n---\n"
    assert check(source) == [
        f"{PATH}:1:1: front-matter-missing 'title' is missing -> add it, e.g. 'title: How to export your contacts'",
        f"{PATH}:1:1: front-matter-missing 'description' is missing -> add it,"
        " e.g. 'description: One sentence, at most 160 characters.'",
    ]


def test_empty_front_matter_reports_every_required_key() -> None:
    assert [line.split(" ", 2)[1] for line in check("---\n---\nBody\n")] == [
        "front-matter-missing",
        "front-matter-missing",
        "reviewed-missing",
    ]


def test_description_of_161_characters_is_too_long() -> None:
    source = GOOD.replace("How to bill an imported balance.", "x" * 161)
    assert check(source) == [
        f"{PATH}:3:1: description-too-long the description is 161 characters long -> shorten it to at most 160"
        " (search results cut off the rest)"
    ]
    assert check(GOOD.replace("How to bill an imported balance.", "x" * 160)) == []


def test_unknown_key_suggests_the_closest_key() -> None:
    source = GOOD.replace("tags:\n", "tag:\n")
    assert check(source) == [
        f"{PATH}:4:1: front-matter-unknown-key 'tag' is not a front-matter key -> remove it or correct it"
        " (did you mean 'tags'?)"
    ]


def test_unknown_key_without_a_close_match_points_to_the_guide() -> None:
    source = GOOD.replace("reviewed:", "author: Sam\nreviewed:")
    assert check(source) == [
        f"{PATH}:8:1: front-matter-unknown-key 'author' is not a front-matter key -> remove it or correct it"
        " (WRITING-REFERENCE.md#front-matter lists the keys a page may use)"
    ]


def test_unknown_nested_search_key() -> None:
    source = GOOD.replace("reviewed:", "search:\n  exlude: true\nreviewed:")
    assert check(source) == [
        f"{PATH}:9:3: front-matter-unknown-key 'search.exlude' is not a front-matter key -> remove it or correct it"
        " (did you mean 'exclude'?)"
    ]


def test_unknown_tag_is_located_on_the_tag_and_suggests_one() -> None:
    source = GOOD.replace("  - billing\n", "  - billing\n  - biling\n")
    assert check(source) == [
        f"{PATH}:6:5: unknown-tag the tag 'biling' is not in data/tags.yml -> use a tag listed there"
        " (did you mean 'billing'?), or add it to that file with a one-line meaning"
    ]


def test_tags_must_be_a_list() -> None:
    source = GOOD.replace("tags:\n  - billing\n", "tags: billing\n")
    assert check(source) == [
        f"{PATH}:4:1: front-matter-type 'tags' must be a list -> put each entry on its own line, starting with '  - '"
    ]


def test_related_page_that_does_not_exist() -> None:
    source = GOOD.replace("billing/send-an-invoice.md", "billing/send-invoices.md")
    assert check(source) == [
        f"{PATH}:7:5: related-not-found the related page 'billing/send-invoices.md' does not exist -> give its path"
        " under docs/, as the nav of mkdocs.yml writes it (did you mean 'billing/send-an-invoice.md'?)"
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("docs/billing/index.md", "billing/index.md"), ("set-up-trust-ledgers.md", "billing/set-up-trust-ledgers.md")],
)
def test_related_written_relative_to_the_page_or_with_docs_suggests_the_right_form(written: str, meant: str) -> None:
    source = GOOD.replace("billing/send-an-invoice.md", written)
    assert check(source) == [
        f"{PATH}:7:5: related-not-found the related page '{written}' does not exist -> give its path"
        f" under docs/, as the nav of mkdocs.yml writes it (did you mean '{meant}'?)"
    ]


def test_related_to_itself() -> None:
    source = GOOD.replace("billing/send-an-invoice.md", "billing/set-up-trust-ledgers.md")
    assert check(source, "billing/set-up-trust-ledgers.md") == [
        "docs/billing/set-up-trust-ledgers.md:7:5: related-not-found 'billing/set-up-trust-ledgers.md' is this page"
        " itself -> list other pages"
    ]


def test_article_without_reviewed_date() -> None:
    source = GOOD.replace("reviewed: 2026-11-25\n", "")
    assert check(source) == [
        f"{PATH}:1:1: reviewed-missing this article has no 'reviewed' date -> add 'reviewed: YEAR-MONTH-DAY',"
        " the day you last checked it"
    ]


@pytest.mark.parametrize("src_path", ["index.md", "billing/index.md", "404.md"])
def test_home_section_index_and_404_pages_need_no_reviewed_date(src_path: str) -> None:
    assert not is_article(src_path)
    assert check(GOOD.replace("reviewed: 2026-11-25\n", ""), src_path) == []


@pytest.mark.parametrize("written", ["25/11/2026", "20261125", "last week"])
def test_reviewed_must_be_a_date(written: str) -> None:
    source = GOOD.replace("reviewed: 2026-11-25", f"reviewed: {written}")
    assert check(source) == [
        f"{PATH}:8:1: front-matter-value 'reviewed' is not a date -> write it as YEAR-MONTH-DAY, e.g. 2026-01-31"
    ]


def test_hide_value_must_be_a_layout_part() -> None:
    source = GOOD.replace("reviewed:", "hide:\n  - navigaton\nreviewed:")
    assert check(source) == [
        f"{PATH}:9:5: front-matter-value 'hide' cannot be 'navigaton' -> use one of 'navigation', 'toc', 'footer',"
        " 'path', 'tags' or 'feedback' (did you mean 'navigation'?)"
    ]


def test_faq_must_be_true_or_false() -> None:
    source = GOOD.replace("reviewed:", "faq: sometimes\nreviewed:")
    assert check(source) == [
        f"{PATH}:8:1: front-matter-type 'faq' must be true or false (got 'sometimes') -> write true or false"
    ]


def test_title_must_be_text() -> None:
    source = GOOD.replace("title: Creating a bill", "title: 2026")
    assert check(source) == [
        f"{PATH}:2:1: front-matter-type 'title' must be text (got 2026) -> write text, in quotes if needed"
    ]


def test_empty_title() -> None:
    source = GOOD.replace("title: Creating a bill", "title: ''")
    assert check(source) == [f"{PATH}:2:1: front-matter-empty 'title' is empty -> write a value, or remove the key"]


def test_windows_line_endings_keep_the_same_lines() -> None:
    source = GOOD.replace("tags:\n", "tag:\n").replace("\n", "\r\n")
    assert check(source)[0].startswith(f"{PATH}:4:1: front-matter-unknown-key 'tag'")


def test_every_key_is_documented_in_the_writers_reference() -> None:
    guide = (ROOT / "WRITING-REFERENCE.md").read_text(encoding="utf-8")
    section = guide.split("## Front matter", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
    assert documented == set(FrontMatter.model_fields)


def test_real_tag_list_loads(tmp_path: Path) -> None:
    assert "billing" in load_tags(ROOT / "data" / "tags.yml", "data/tags.yml")
    broken = tmp_path / "tags.yml"
    broken.write_text("- billing\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"^data/tags.yml: the tag list must be 'tag: what it means' lines"):
        load_tags(broken, "data/tags.yml")


# --- through a real strict build ------------------------------------------------


def test_build_reports_front_matter_problems_on_their_lines(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {
            "index.md": "---\ntitle: Home\ndescription: Home page.\n---\n\nHello.\n",
            "billing/new.md": GOOD.replace("  - billing\n", "  - biling\n").replace("reviewed: 2026-11-25\n", ""),
        },
    )
    assert not result.ok
    assert result.problems == [
        "docs/billing/new.md:1:1: reviewed-missing this article has no 'reviewed' date -> add"
        " 'reviewed: YEAR-MONTH-DAY', the day you last checked it",
        "docs/billing/new.md:5:5: unknown-tag the tag 'biling' is not in data/tags.yml -> use a tag listed there"
        " (did you mean 'billing'?), or add it to that file with a one-line meaning",
        "docs/billing/new.md:7:5: related-not-found the related page 'billing/send-an-invoice.md' does not exist"
        " -> give its path under docs/, as the nav of mkdocs.yml writes it",
    ]


def test_build_reports_broken_yaml_instead_of_ignoring_the_front_matter(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": "---\ntitle: Home: welcome\ndescription: Home page.\n---\n\nHello.\n"})
    assert result.problems[0] == (
        "docs/index.md:2:12: front-matter-yaml the front matter cannot be read: the value of `title:` contains ': ',"
        ' which YAML reads as another key -> put the value in quotes: title: "Home: welcome"'
    )


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "search:\n  boost: 20\n",
            "5:3: front-matter-value 'search.boost' must be at most 10.0 (got 20) -> correct the number",
        ),
        (
            "search:\n  boost: high\n",
            "5:3: front-matter-value 'search.boost' must be a number (got 'high') -> write digits only, e.g. 2",
        ),
        ("faq: maybe\n", "4:1: front-matter-type 'faq' must be true or false (got 'maybe') -> write true or false"),
        (
            "tags: billing\n",
            "4:1: front-matter-type 'tags' must be a list -> put each entry on its own line, starting with '  - '",
        ),
    ],
)
def test_every_schema_problem_is_in_plain_english(front_matter: str, expected: str) -> None:
    parsed = parse_front_matter(f"---\ntitle: T\ndescription: D.\n{front_matter}reviewed: 2026-01-01\n---\n\nx\n")
    findings = check_front_matter(parsed, path="docs/a.md", src_path="a.md", tags={"billing": "x"}, pages=[])
    assert [str(finding) for finding in findings] == [f"docs/a.md:{expected}"]
    assert "Input should" not in expected and "pydantic" not in expected
