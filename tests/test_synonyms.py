"""data/synonyms.yml: every mistake a writer can make is named with its file, line and column, and what to do.

Unit tests of `parse_synonyms` / `load_synonyms` (no MkDocs), then the same
mistakes in a real strict build, which must stop with those lines and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.search.synonyms import MAX_BYTES, SynonymGroup, SynonymsError, load_synonyms, parse_synonyms
from sitebuilder import ROOT, build_site

NAME = "data/synonyms.yml"
HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nHello.\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(SynonymsError) as caught:
        parse_synonyms(text, NAME)
    return caught.value.problems


def test_the_real_synonyms_file_is_valid() -> None:
    groups = parse_synonyms((ROOT / NAME).read_text(encoding="utf-8"), NAME)
    terms = {term for group in groups for term in group.terms}
    # The issue's pairs: our word and the customers' word for it.
    for ours, theirs in [("matter", "case"), ("trust", "retainer"), ("bill", "invoice"), ("client", "contact")]:
        assert any({ours, theirs} <= set(group.terms) for group in groups), (ours, theirs)
    assert {"call", "phone", "support", "deadline", "review window"} <= terms


def test_groups_are_read_in_order_lower_case_with_single_spaces() -> None:
    text = "# readers' words\n- [Bill, invoice]\n\n- [ 'Review   Window', deadline ]\n"
    assert parse_synonyms(text, NAME) == (
        SynonymGroup(2, ("bill", "invoice")),
        SynonymGroup(4, ("review window", "deadline")),
    )


def test_an_empty_file_has_no_groups() -> None:
    assert parse_synonyms("# nothing yet\n", NAME) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- [bill, invoice\n- [case, matter]\n",
            "1:3: the synonyms file is not valid YAML: this [ is never closed -> end the list with ] on the same line,"
            " or write one '- ' item per line instead",
        ),
        (
            "bill: invoice\n",
            '1:1: the synonyms file must be a list of groups, one per line, like "- [bill, invoice]"'
            ' -> start each group with "- "',
        ),
        (
            "- [bill, invoice]\n- bill, statement\n",
            "2:3: this group is one piece of text, 'bill, statement' -> write its words in brackets,"
            " separated by commas, like [bill, invoice]",
        ),
        (
            "- {bill: invoice}\n",
            "1:3: this group is not a list of words -> write it in brackets, like [bill, invoice]",
        ),
        ("- []\n", "1:3: this group is empty -> write two or more words that mean the same, or delete it"),
        (
            "- [bill]\n",
            "1:3: this group has only one word, 'bill'"
            " -> add a word or phrase that means the same, or delete the group",
        ),
        ("- [yes, agree]\n", "1:4: 'yes' is read as yes/no, not as a word -> put it in quotes: \"yes\""),
        ("- [1099, tax form]\n", "1:4: '1099' is read as a number, not as a word -> put it in quotes: \"1099\""),
        ("- [bill, ~]\n", "1:10: this entry is empty -> write a word there, or delete it and its comma"),
        (
            "- [bill, [invoice]]\n",
            "1:10: this entry is not a word or phrase -> write plain words, like [bill, invoice]",
        ),
        ("- [bill, '--']\n", "1:10: '--' has no letters or digits to search for -> delete it"),
        (
            "- [call, someone who can answer my questions]\n",
            "1:10: 'someone who can answer my questions' is 6 words long; a synonym is a word or a phrase"
            " of at most 5 words -> shorten it",
        ),
        (
            f"- [call, {'x' * 61}]\n",
            f"1:10: '{'x' * 20}...' is 61 characters long, more than 60 -> shorten it",
        ),
        ("- [Bill, invoice, bill]\n", "1:19: 'bill' is already in this group -> delete one of them"),
        (
            "- [bill, invoice]\n- [statement, BILL]\n",
            "2:15: 'bill' is also in the group on line 1 -> merge the two groups into one",
        ),
    ],
    ids=[
        "yaml-syntax",
        "not-a-list",
        "group-as-text",
        "group-as-mapping",
        "empty-group",
        "one-word",
        "yes-no",
        "number",
        "empty-entry",
        "nested-list",
        "no-letters",
        "too-many-words",
        "too-long",
        "twice-in-a-group",
        "in-two-groups",
    ],
)
def test_each_mistake_is_located_and_explained(text: str, expected: str) -> None:
    assert problems_of(text) == [f"{NAME}:{expected}"]


def test_anchors_and_aliases_are_refused_where_they_are() -> None:
    # The first one stops the reading (as in every writers' file): an alias could expand into gigabytes.
    assert problems_of("- &words [bill, invoice]\n- [case, matter]\n- *words\n") == [
        f"{NAME}:1:3: the synonyms file is not valid YAML: the anchor '&words' is not allowed: anchors and aliases"
        " can expand a few lines into gigabytes -> write each value out in full",
    ]


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    assert problems_of("- [bill]\n- [case, matter]\n- [yes, sure]\n- [matter, file]\n") == [
        f"{NAME}:1:3: this group has only one word, 'bill' -> add a word or phrase that means the same,"
        " or delete the group",
        f"{NAME}:3:4: 'yes' is read as yes/no, not as a word -> put it in quotes: \"yes\"",
        f"{NAME}:4:4: 'matter' is also in the group on line 2 -> merge the two groups into one",
    ]


def test_a_file_larger_than_a_build_reads_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yml"
    path.write_text("- [bill, invoice]\n" * (MAX_BYTES // 18 + 1), encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(SynonymsError) as caught:
        load_synonyms(path, NAME)
    assert caught.value.problems == [
        f"{NAME}:1:1: the synonyms file is {size:,} bytes, more than the 65,536 a build reads"
        " -> keep the groups readers need and delete the rest"
    ]


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yml"
    path.write_bytes("- [caf\u00e9, coffee]\n".encode("latin-1"))
    with pytest.raises(SynonymsError) as caught:
        load_synonyms(path, NAME)
    assert caught.value.problems == [
        f"{NAME}: the synonyms file is not UTF-8 (invalid continuation byte at byte 6) -> save it as UTF-8"
    ]


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SynonymsError) as caught:
        load_synonyms(tmp_path / "synonyms.yml", NAME)
    assert caught.value.problems == [
        f"{NAME}: the synonyms file does not exist -> create it (see WRITING-REFERENCE.md#search-and-synonyms),"
        " or fix `extra.helpcenter.search.synonyms_file` in mkdocs.yml"
    ]


def test_a_bad_synonyms_file_stops_the_build_at_its_lines(tmp_path: Path) -> None:
    text = "- &w [bill, invoice]\n- [case, matter]\n- [Case, file]\n"
    result = build_site(tmp_path, {"index.md": HOME}, extra_files={NAME: text})
    assert not result.ok
    assert result.problems == [
        f"{NAME}:1:3: the synonyms file is not valid YAML: the anchor '&w' is not allowed: anchors and aliases"
        " can expand a few lines into gigabytes -> write each value out in full"
    ]
    assert "Traceback" not in result.output
    result = build_site(tmp_path / "second", {"index.md": HOME}, extra_files={NAME: text.replace("&w ", "")})
    assert result.problems == [f"{NAME}:3:4: 'case' is also in the group on line 2 -> merge the two groups into one"]
    assert "Traceback" not in result.output
