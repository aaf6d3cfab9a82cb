"""Loading data/facts.yml: every mistake names the file, line, column and key, and says what to do.

Unit tests of `parse_facts` / `load_facts` (no MkDocs), then the same mistakes
in a real strict build, which must stop with that one line and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.facts.model import Facts, FactsError, load_facts, parse_facts, parse_facts_document
from sitebuilder import FIXTURE_FACTS, ROOT, build_site

NAME = "data/facts.yml"
# The frozen copy: these tests edit known values (tests/fixtures/facts.yml).
REAL = FIXTURE_FACTS.read_text(encoding="utf-8")
HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nHello.\n"


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (the facts file changes; the rule does not)."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def error_of(text: str) -> str:
    with pytest.raises(FactsError) as caught:
        parse_facts(text, NAME)
    return str(caught.value)


def edited(old: str, new: str) -> str:
    assert old in REAL, f"the fixture facts file no longer contains {old!r}: update this test"
    return REAL.replace(old, new, 1)


def test_the_real_facts_file_is_valid() -> None:
    assert isinstance(parse_facts((ROOT / NAME).read_text(encoding="utf-8"), NAME), Facts)
    assert isinstance(parse_facts(REAL, NAME), Facts)


def test_malformed_yaml_names_line_and_column() -> None:
    text = edited("  team: Lawdesk Support\n", "  team: [Lawdesk Support\n")
    # PyYAML fails at the ':' after "phone", inside the unclosed flow list: the mistake is the '['.
    assert error_of(text) == (
        f"{NAME}:{line_of(text, '  team:')}:9: the facts file is not valid YAML:"
        " this [ is never closed -> end the list with ] on the same line, or write one '- ' item per line instead"
    )


def test_a_tab_in_indentation_names_line_and_column() -> None:
    text = edited("product: Lawdesk\n", "product: Lawdesk\n\tsupport_hours: 9-5\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'support_hours')}:1: the facts file is not valid YAML:"
        " a tab indents this line -> indent with spaces only (two per level)"
    )


def test_missing_file() -> None:
    with pytest.raises(FactsError) as caught:
        load_facts(ROOT / "data" / "no-such-facts.yml", NAME)
    assert str(caught.value) == f"{NAME}: the facts file does not exist -> create it, or fix `facts_file` in mkdocs.yml"


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "facts.yml"
    path.write_bytes(b"product: Cl\xe9o\n")
    with pytest.raises(FactsError) as caught:
        load_facts(path, NAME)
    assert str(caught.value) == (
        f"{NAME}: the facts file is not UTF-8 (invalid continuation byte at byte 11) -> save it as UTF-8"
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n- of things\n", "just text\n"])
def test_a_document_that_is_not_a_mapping(text: str) -> None:
    assert error_of(text) == f"{NAME}:1:1: the facts file must be a mapping of fact names to values"


def test_wrong_type_names_the_key_and_the_value() -> None:
    text = edited("  length: 4\n", "  length: three\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'length: three')}:3: fact 'review_window.length': must be a whole number"
        " (got 'three') -> write digits only, e.g. 3"
    )


def test_a_number_where_text_is_expected() -> None:
    text = edited('extension: "2"', "extension: 2")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'extension: 2')}:5: fact 'support.phone.extension': must be text, but 2 is a"
        ' number -> put it in quotes: "2"'
    )


def test_a_phone_number_without_quotes_says_to_quote_it() -> None:
    text = edited('number: "+18005552546"', "number: 18005552546")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'number: 1800')}:5: fact 'support.phone.number': 18005552546 is read as a number,"
        ' not a phone number -> put the number in quotes: "+18005552546"'
    )


def test_a_list_item_without_its_key_says_what_to_write() -> None:
    text = edited("    - item: Groups\n", "    - Groups\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, '- Groups')}:7: fact 'migration.not_migrated[4]': must be a group of"
        " 'key: value' lines -> write `- item: Groups`"
    )


def test_a_misspelt_key_is_one_problem_with_a_suggestion() -> None:
    text = edited("  length: 4\n", "  lenght: 4\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'lenght')}:3: fact 'review_window.lenght': `lenght` is not a known fact; did you"
        " mean `length`? -> remove it, or add it to the schema in hooks/helpcenter/facts/model.py"
    )


def test_a_value_outside_its_choices() -> None:
    text = edited("unit: business days", "unit: weeks")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'unit: weeks')}:3: fact 'review_window.unit': cannot be 'weeks' -> use one of"
        " 'business days' or 'calendar days'"
    )


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("+15550100", "'+15550100' is not a valid phone number -> check the digits, for example \"+18005550123\""),
        ("+1 800 555 2546", "'+1 800 555 2546' has spaces or signs in it -> write it as \"+18005552546\""),
        (
            "1-800-555-2546",
            "'1-800-555-2546' is not a phone number this build can read -> write it with a plus sign and the"
            ' country code, digits only, for example "+18005550123"',
        ),
        (
            "call us",
            "'call us' is not a phone number this build can read -> write it with a plus sign and the country"
            ' code, digits only, for example "+18005550123"',
        ),
    ],
)
def test_invalid_phone(number: str, reason: str) -> None:
    text = edited('"+18005552546"', f'"{number}"')
    assert error_of(text) == f"{NAME}:{line_of(text, number)}:5: fact 'support.phone.number': {reason}"


def test_unknown_top_level_fact() -> None:
    text = edited("product: Lawdesk\n", "product: Lawdesk\nprodcut: Lawdesk\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'prodcut')}:1: fact 'prodcut': `prodcut` is not a known fact; did you mean"
        " `product`? -> remove it, or add it to the schema in hooks/helpcenter/facts/model.py"
    )


def test_unknown_nested_fact() -> None:
    text = edited("  team: Lawdesk Support\n", "  team: Lawdesk Support\n  email: help@example.com\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'email:')}:3: fact 'support.email': `email` is not a known fact -> remove it,"
        " or add it to the schema in hooks/helpcenter/facts/model.py (known here: team, does, phone)"
    )


def test_missing_fact() -> None:
    text = edited("  outstanding_balances: draft time entries\n", "")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'migration:')}:1: fact 'migration.outstanding_balances': is missing -> add it"
        " (see WRITING-REFERENCE.md#facts)"
    )


def test_a_key_written_twice_is_an_error_not_a_silent_override() -> None:
    text = REAL + "product: Acme\n"
    assert error_of(text) == (
        f"{NAME}:{len(text.splitlines())}:1: fact 'product' is written twice (first on line"
        f" {line_of(REAL, 'product: Lawdesk')}) -> keep one of them"
    )


def test_every_problem_is_reported_at_once() -> None:
    text = edited("  length: 4\n", "  length: 0\n").replace("unit: business days", "unit: weeks")
    assert error_of(text).splitlines() == [
        f"{NAME}:{line_of(text, 'length: 0')}:3: fact 'review_window.length': must be more than 0 (got 0)"
        " -> correct the number",
        f"{NAME}:{line_of(text, 'unit: weeks')}:3: fact 'review_window.unit': cannot be 'weeks' -> use one of"
        " 'business days' or 'calendar days'",
    ]


# --- the same mistakes in a real build: one located line, no traceback ------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "  length: 4\n",
            "  length: three\n",
            "length: three",
            "3: fact 'review_window.length': must be a whole number (got 'three') -> write digits only, e.g. 3",
        ),
        (
            "product: Lawdesk\n",
            "product: Lawdesk\nprodcut: Lawdesk\n",
            "prodcut",
            "1: fact 'prodcut': `prodcut` is not a known fact; did you mean `product`? -> remove it, or add it to"
            " the schema in hooks/helpcenter/facts/model.py",
        ),
    ],
    ids=["wrong-type", "unknown-fact"],
)
def test_a_bad_facts_file_stops_the_build_with_one_located_line(
    tmp_path: Path, old: str, new: str, needle: str, expected: str
) -> None:
    facts = edited(old, new)
    result = build_site(tmp_path, {"index.md": HOME}, facts=facts)
    assert not result.ok
    assert result.problems == [f"{NAME}:{line_of(facts, needle)}:{expected}"]
    assert "Traceback" not in result.output


def test_a_missing_facts_file_stops_the_build(tmp_path: Path) -> None:
    result = build_site(
        tmp_path, {"index.md": HOME}, config={"extra": {"helpcenter": {"facts_file": "data/missing.yml"}}}
    )
    assert not result.ok
    assert result.problems == [
        "data/missing.yml: the facts file does not exist -> create it, or fix `facts_file` in mkdocs.yml"
    ]
    assert "Traceback" not in result.output


# --- placeholders: facts whose real value is not known yet -------------------------


def test_placeholders_name_facts_and_say_where_each_fact_is_written() -> None:
    document = parse_facts_document(REAL, NAME)
    listed = REAL.split("\nplaceholders:\n", 1)[1]
    assert document.placeholders == tuple(line.strip()[2:] for line in listed.splitlines() if line.strip())
    assert document.where("training.signup_url") == (line_of(REAL, "  signup_url:"), 3)
    assert document.where("announcement") == (line_of(REAL, "announcement:"), 1)
    assert document.where("support.phone.number") == (line_of(REAL, "    number:"), 5)
    assert document.is_placeholder("announcement.url")
    assert not document.is_placeholder("announcement.title")
    assert not document.is_placeholder("training")
    with pytest.raises(KeyError):
        document.where("placeholders")  # the list itself is not a fact


def test_a_placeholder_for_a_whole_fact_covers_its_parts() -> None:
    document = parse_facts_document(edited("  - announcement.url\n", "  - announcement\n"), NAME)
    assert document.is_placeholder("announcement.url") and document.is_placeholder("announcement.title")
    assert not document.is_placeholder("announcement_other")


def test_without_placeholders_nothing_is_a_placeholder() -> None:
    text = REAL.split("\nplaceholders:", 1)[0] + "\n"
    assert parse_facts_document(text, NAME).placeholders == ()


def test_a_placeholder_that_names_no_fact() -> None:
    text = edited("  - announcement.url\n", "  - announcement.ur\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'announcement.ur')}:5: placeholder 'announcement.ur' names no fact in this file"
        " -> write the dotted path of a fact in this file, or remove the entry (did you mean 'announcement.url'?)"
    )


def test_a_placeholder_for_a_list_item_or_far_from_any_fact() -> None:
    text = edited("  - announcement.url\n", "  - migration.not_migrated.0\n  - meetup\n")
    assert error_of(text).splitlines() == [
        f"{NAME}:{line_of(text, 'not_migrated.0')}:5: placeholder 'migration.not_migrated.0' names no fact in this"
        " file -> write the dotted path of a fact in this file, or remove the entry"
        " (did you mean 'migration.not_migrated'?)",
        f"{NAME}:{line_of(text, '- meetup')}:5: placeholder 'meetup' names no fact in this file"
        " -> write the dotted path of a fact in this file, or remove the entry",
    ]


def test_a_placeholder_written_twice() -> None:
    text = edited("  - announcement.expires\n", "  - announcement.expires\n  - training.signup_url\n")
    first = line_of(text, "  - training.signup_url")
    second = len(text.splitlines())
    assert error_of(text) == (
        f"{NAME}:{second}:5: placeholder 'training.signup_url' is written twice (first on line {first})"
        " -> keep one of them"
    )


@pytest.mark.parametrize(
    ("entry", "shown"),
    [("3", "'3'"), ("true", "'true'"), ("[training, signup_url]", "a list or mapping"), ('""', "''")],
)
def test_a_placeholder_that_is_not_a_path(entry: str, shown: str) -> None:
    text = edited("  - announcement.url\n", f"  - {entry}\n")
    assert error_of(text) == (
        f"{NAME}:{line_of(text, f'  - {entry}')}:5: placeholder entry {shown} is not a fact path"
        " -> write one fact's dotted path, like 'training.signup_url'"
    )


def test_placeholders_must_be_a_list() -> None:
    text = REAL.split("\nplaceholders:", 1)[0] + "\nplaceholders: training.signup_url\n"
    assert error_of(text) == (
        f"{NAME}:{line_of(text, 'placeholders: training')}:15: 'placeholders' must be a list of fact paths"
        " -> write one fact per line, like '  - training.signup_url'"
    )


def test_placeholder_problems_and_fact_problems_come_together_in_file_order() -> None:
    text = edited("  length: 4\n", "  length: 0\n").replace("  - announcement.url\n", "  - announcement.uri\n")
    assert error_of(text).splitlines() == [
        f"{NAME}:{line_of(text, 'length: 0')}:3: fact 'review_window.length': must be more than 0 (got 0)"
        " -> correct the number",
        f"{NAME}:{line_of(text, 'announcement.uri')}:5: placeholder 'announcement.uri' names no fact in this file"
        " -> write the dotted path of a fact in this file, or remove the entry (did you mean 'announcement.url'?)",
    ]


def test_a_bad_placeholder_stops_the_build_with_one_located_line(tmp_path: Path) -> None:
    facts = edited("  - training.signup_url\n", "  - training.sign_up_url\n")
    result = build_site(tmp_path, {"index.md": HOME}, facts=facts)
    assert not result.ok
    assert result.problems == [
        f"{NAME}:{line_of(facts, 'sign_up_url')}:5: placeholder 'training.sign_up_url' names no fact in this file"
        " -> write the dotted path of a fact in this file, or remove the entry (did you mean 'training.signup_url'?)"
    ]
    assert "Traceback" not in result.output


def test_a_placeholder_value_still_renders_in_the_preview(tmp_path: Path) -> None:
    page = "---\ntitle: Home\ndescription: The home page.\n---\n\n[Sign up]({{ training.signup_url }}).\n"
    result = build_site(tmp_path, {"index.md": page})
    assert result.ok, result.output
    document = parse_facts_document(REAL, NAME)
    assert f'href="{document.facts.training.signup_url}"' in (result.site_dir / "index.html").read_text()
