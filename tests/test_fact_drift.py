"""Fact drift: shared facts typed by hand are found in every common spelling, and nothing else is."""

from __future__ import annotations

from pathlib import Path

import jinja2
import phonenumbers
import pytest

from gitrepo import commit_all, init
from helpcenter.facts.drift import DriftChecker, prose_only
from helpcenter.facts.model import Facts, load_facts, not_migrated_markdown, parse_facts, template_variables
from sitebuilder import FIXTURE_FACTS, ROOT, build, build_site, make_site

FACTS = load_facts(FIXTURE_FACTS, "data/facts.yml")
CHECKER = DriftChecker.from_facts(FACTS)
PATH = "docs/page.md"
FRONT = "---\ntitle: A page\ndescription: A page.\n---\n\n"  # the body starts on line 6

PHONE = "is the support phone fact -> write {{ support.phone }}"
WINDOW = "is the review window fact -> write {{ review_window }}"
LIST = "is the not-migrated list fact -> write {{ not_migrated() }} (or link to the page that shows it)"


def drift(body: str, checker: DriftChecker = CHECKER) -> list[str]:
    return [str(finding) for finding in checker.check(FRONT + body, PATH)]


@pytest.mark.parametrize(
    "written",
    [
        "1 800 555 2546",
        "1-800-555-2546",
        "1.800.555.2546",
        "(800) 555-2546",
        "800-555-2546",
        "800.555.2546",
        "8005552546",
        "+1 800 555 2546",
        "+18005552546",
        "+1 (800) 555-2546",
        "001 800 555 2546",
        "1 (800) 555 2546",
        "1\u2011800\u2011555\u20112546",  # non-breaking hyphens
        "1-800-555-2546 x2",
        "800-555-2546 x 2",
        "1-800-555-2546 ext. 2",
        "1-800-555-2546, extension 2",
        "+1-800-555-2546;ext=2",
        "1 800 555 2546,2",
    ],
)
def test_phone_number_in_any_common_format(written: str) -> None:
    assert drift(f"Call us on {written} today.\n") == [f'{PATH}:6:12: fact-drift "{written}" {PHONE}']


def test_phone_in_a_tel_link_is_found_on_its_line_and_column() -> None:
    body = "Intro.\n\nOr [call us](tel:+18005552546) now.\n"
    assert drift(body) == [f'{PATH}:8:18: fact-drift "+18005552546" {PHONE}']


@pytest.mark.parametrize("written", ["1 800 555 25460", "18005552546123", "1 800 555 2547", "858 2546", "800 555"])
def test_other_numbers_are_not_the_phone_fact(written: str) -> None:
    assert drift(f"Order number {written}.\n") == []


@pytest.mark.parametrize(
    "written",
    [
        "4 business days",
        "four business days",
        "Four Business Days",
        "4 working days",
        "four working days",
        "four-business-day",
        "4-day period",
        "four day period",
        "four-day window",
        "four-day review window",
        "4 days to review",
        "four days to report",
    ],
)
def test_review_window_in_digits_and_words(written: str) -> None:
    assert drift(f"You have {written} for it.\n") == [f'{PATH}:6:10: fact-drift "{written}" {WINDOW}']


@pytest.mark.parametrize(
    "written",
    [
        "four days",  # could be anything: shipping, a trial, ...
        "14 business days",
        "4 business hours",
        "three reviews",
        "two business days",
    ],
)
def test_other_durations_are_not_the_review_window(written: str) -> None:
    assert drift(f"It takes {written}.\n") == []


def test_window_split_across_a_line_break_is_found_where_it_starts() -> None:
    assert drift("You have four\nbusiness days.\n") == [f'{PATH}:6:10: fact-drift "four business days" {WINDOW}']


@pytest.mark.parametrize(
    "sentence",
    [
        "Documents are not migrated",
        "documents aren't migrated",
        "Groups are never imported",
        "Access rights won't be brought over",
        "Fee schedules do not come across",
        "Trust transfers are not carried over",
        "We don't migrate your access rights",
        "The team does not import documents",
        "Bills sent earlier are left out",
    ],
)
def test_not_migrated_item_in_a_statement(sentence: str) -> None:
    found = drift(f"Note: {sentence}.\n")
    literal = sentence.removeprefix("We ").removeprefix("The team ")
    assert found == [f'{PATH}:6:{7 + len(sentence) - len(literal)}: fact-drift "{literal}" {LIST}']


def test_not_migrated_list_typed_as_an_enumeration() -> None:
    body = "Documents, fee schedules and groups stay behind.\n"
    assert drift(body) == [f'{PATH}:6:1: fact-drift "Documents, fee schedules and groups" {LIST}']


def test_not_migrated_list_typed_as_bullets() -> None:
    body = "Left behind:\n\n- **Documents**\n- Fee schedules\n\n- Access rights.\n- Groups\n\nThat is all.\n"
    assert drift(body) == [f'{PATH}:8:5: fact-drift "Documents / Fee schedules / Access rights / Groups" {LIST}']


@pytest.mark.parametrize(
    "prose",
    [
        "Upload your documents to the matter, then share them with groups of colleagues.",
        "Create bank accounts and invoice payments follow.",
        "Documents are migrated by your own team later.",
        "Groups are not excluded: they come across.",
        "Groups, documents: both live in the sidebar.",
        "- Documents\n- Fee schedules\n- Calendars",
        "- Documents\n- Fee schedules",
        "Access rights decide who sees what.",
        "Banking details are not carried over in a migration.",
    ],
)
def test_ordinary_prose_about_listed_items_is_not_drift(prose: str) -> None:
    assert drift(prose + "\n") == []


def test_other_named_facts() -> None:
    body = (
        "Ask Lawdesk Support.\n"
        "Join the FirstSteps Training Program.\n"
        "Sign up at https://example.com/firststeps-sign-up or example.com/firststeps-sign-up.\n"
        "It starts with the message from your migration specialist that says your import is done.\n"
    )
    assert drift(body) == [
        f'{PATH}:6:5: fact-drift "Lawdesk Support" is the support team fact -> write {{{{ support.team }}}}',
        f'{PATH}:7:10: fact-drift "FirstSteps Training Program" is the training program fact'
        " -> write {{ training.program }}",
        f'{PATH}:8:12: fact-drift "https://example.com/firststeps-sign-up" is the training sign-up address fact'
        " -> write {{ training.signup_url }}",
        f'{PATH}:8:54: fact-drift "example.com/firststeps-sign-up" is the training sign-up address fact'
        " -> write {{ training.signup_url }}",
        f'{PATH}:9:16: fact-drift "the message from your migration specialist that says your import is done"'
        " is the review window start fact -> write {{ review_window.starts }}",
    ]


def test_team_name_in_lower_case_is_ordinary_prose() -> None:
    assert drift("Read the clio support forum.\n") == []


# --- what is never flagged --------------------------------------------------------


def test_macros_code_comments_and_front_matter_are_not_prose() -> None:
    source = (
        "---\ntitle: Call 1 800 555 2546\ndescription: Four business days.\n---\n\n"
        "Call {{ support.phone }} within {{ review_window }}.\n"
        "{{ not_migrated() }}\n"
        "Write `1 800 555 2546` as ``{{ support.phone }}`` in pages.\n"
        "{## old number: 1 800 555 2546 ##}\n"
        "<!-- four business days -->\n"
        "```text\nCall 1 800 555 2546\nFour business days\n```\n"
        "!!! note\n\n    ~~~~\n    - Documents\n    - Fee schedules\n    - Groups\n    ~~~~\n"
    )
    assert CHECKER.check(source, PATH) == []
    assert len(prose_only(source)) == len(source)
    assert prose_only(source).count("\n") == source.count("\n")


def test_a_line_marked_fact_ok_keeps_its_literal() -> None:
    body = "The old number, 1 800 555 2546, no longer works. {## fact-ok: history ##}\nCall 1 800 555 2546.\n"
    assert drift(body) == [f'{PATH}:7:6: fact-drift "1 800 555 2546" {PHONE}']


@pytest.mark.content
def test_the_real_site_has_no_drift() -> None:
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert pages
    real = DriftChecker.from_facts(load_facts(ROOT / "data" / "facts.yml", "data/facts.yml"))
    findings = [str(f) for page in pages for f in real.check(page.read_text(encoding="utf-8"), page.name)]
    assert findings == []


# --- the patterns come from the facts, not from this file ----------------------------


def _rendered(template: str, facts: Facts) -> str:
    return jinja2.Template(template).render(
        **template_variables(facts), not_migrated=lambda: not_migrated_markdown(facts)
    )


@pytest.mark.parametrize(
    ("macro", "fact"),
    [
        ("{{ support.phone }}", "the support phone"),
        ("{{ support.phone.text }}", "the support phone"),
        ("{{ review_window }}", "the review window"),
        ("{{ not_migrated() }}", "the not-migrated list"),
        ("{{ support.team }}", "the support team"),
        ("{{ training.program }}", "the training program"),
        ("{{ training.signup_url }}", "the training sign-up address"),
        ("{{ review_window.starts }}", "the review window start"),
    ],
)
def test_what_each_macro_renders_is_recognised_when_typed_by_hand(macro: str, fact: str) -> None:
    typed = _rendered(macro, FACTS)
    found = drift(f"Copied from the site:\n\n{typed}\n")
    # A phone link holds the number twice: in its text and in its tel: address.
    assert 1 <= len(found) <= 2, found
    assert all(f" is {fact} fact -> write " in finding for finding in found)


OTHER_FACTS = """
product: Other
support:
  team: Acme Helpdesk
  phone:
    number: "+442079460958"
    extension: "14"
  does: answers questions
review_window:
  length: 5
  unit: calendar days
  starts: the day your account opens
roles:
  migration_specialist:
    name: data consultant
    does: sends the welcome email
  migration_team:
    name: conversion crew
    does: fixes what you find
    reached_by_readers: true
  onboarding_specialist:
    name: success guide
    does: calls you after a week
migration:
  not_migrated:
    - item: Calendars
    - item: Templates
    - item: Custom fields
  outstanding_balances: open invoices
  default_numbering: manual
training:
  program: Foundations Course
  signup_url: https://example.org/learn/
"""


def test_changed_facts_change_what_is_recognised() -> None:
    other = DriftChecker.from_facts(parse_facts(OTHER_FACTS, "data/facts.yml"))
    body = (
        "Ring 020 7946 0958 ext. 14 or +44 20 7946 0958.\n"
        "You have five calendar days, a 5-day window.\n"
        "Calendars, templates and custom fields stay behind.\n"
        "Call 1 800 555 2546 within four business days.\n"
    )
    assert drift(body, other) == [
        f'{PATH}:6:6: fact-drift "020 7946 0958 ext. 14" {PHONE}',
        f'{PATH}:6:31: fact-drift "+44 20 7946 0958" {PHONE}',
        f'{PATH}:7:10: fact-drift "five calendar days" {WINDOW}',
        f'{PATH}:7:32: fact-drift "5-day window" {WINDOW}',
        f'{PATH}:8:1: fact-drift "Calendars, templates and custom fields" {LIST}',
    ]


# --- through a real strict build ------------------------------------------------------


def test_build_fails_on_a_typed_phone_number_and_names_the_macro(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {
            "index.md": "---\ntitle: Home\ndescription: Home page.\n---\n\nCall {{ support.phone }}.\n",
            "support.md": "---\ntitle: Support\ndescription: Reach us.\nreviewed: 2026-11-25\n---\n\n"
            "Intro.\n\nCall 1 800 555 2546 or use `{{ support.phone }}`.\n",
        },
    )
    assert not result.ok
    assert result.problems == [f'docs/support.md:9:6: fact-drift "1 800 555 2546" {PHONE}']


def test_build_checks_snippets_that_are_excluded_from_the_site(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {"index.md": '---\ntitle: Home\ndescription: Home page.\n---\n\n--8<-- "contact.md"\n'},
        extra_files={"docs/_snippets/contact.md": "Call four business days ahead.\n"},
        config={"exclude_docs": "_snippets/\n"},
    )
    assert result.problems == [f'docs/_snippets/contact.md:1:6: fact-drift "four business days" {WINDOW}']


# --- the writers' reference lists every fact name (what each renders: tests/test_facts_table.py) -------


def _names(value: object, prefix: str) -> list[str]:
    if isinstance(value, dict):
        return [name for key, item in value.items() for name in _names(item, f"{prefix}.{key}")]
    fields = getattr(value, "__dataclass_fields__", None)
    if not fields:
        return [prefix]
    printable = hasattr(type(value), "__str__") and type(value).__str__ is not object.__str__
    names = [prefix] if printable else []
    for field in fields:
        part = getattr(value, field)
        # Not for pages: a flag the build reads, or the same text the fact itself prints.
        if isinstance(part, bool) or (printable and isinstance(part, str) and part == str(value)):
            continue
        names.extend(_names(part, f"{prefix}.{field}"))
    return names


def test_the_reference_documents_every_fact_name() -> None:
    """Every name the real facts give pages has a row in WRITING-REFERENCE.md (a new fact needs one)."""
    guide = (ROOT / "WRITING-REFERENCE.md").read_text(encoding="utf-8")
    section = guide.split("\n## Facts", 1)[1].split("\n## ", 1)[0]
    real = load_facts(ROOT / "data" / "facts.yml", "data/facts.yml")
    names = [name for key, value in template_variables(real).items() for name in _names(value, key)]
    assert "support.phone.e164" in names  # the walk reaches nested facts
    assert [name for name in names if f"{name} " not in section and f"{name}`" not in section] == []


# --- a fact's previous value (the last committed one that differs) typed by hand --------------------------------

NEW_PHONE = "+14155550123"  # a valid number unlike the fixture's


def changed_phone(text: str) -> str:
    facts = parse_facts(text, "data/facts.yml")
    return text.replace(f'"{facts.support.phone.number}"', f'"{NEW_PHONE}"', 1)


def old_phone_page(facts_text: str) -> str:
    old = parse_facts(facts_text, "data/facts.yml").support.phone
    typed = phonenumbers.format_number(phonenumbers.parse(old.number, None), phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"---\ntitle: A page\ndescription: A page.\nreviewed: 2026-01-01\n---\n\nCall {typed} today.\n"


@pytest.mark.parametrize("committed", [False, True], ids=["change not committed", "change committed"])
def test_the_previous_value_typed_by_hand_gets_the_same_message(tmp_path: Path, committed: bool) -> None:
    original = FIXTURE_FACTS.read_text(encoding="utf-8")
    home = "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n"
    make_site(tmp_path, {"index.md": home, "a.md": old_phone_page(original)}, facts=original)
    init(tmp_path)
    commit_all(tmp_path, "the site", "2025-01-02T10:00:00+00:00")
    (tmp_path / "data" / "facts.yml").write_text(changed_phone(original), encoding="utf-8")
    if committed:
        commit_all(tmp_path, "a new phone number", "2025-01-03T10:00:00+00:00")
    result = build(tmp_path / "mkdocs.yml")
    assert not result.ok
    typed = old_phone_page(original).splitlines()[-1].removeprefix("Call ").removesuffix(" today.")
    assert f'docs/a.md:7:6: fact-drift "{typed}" {PHONE}' in result.problems, result.output


def test_without_history_only_the_current_values_count(tmp_path: Path) -> None:
    original = FIXTURE_FACTS.read_text(encoding="utf-8")
    home = "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n"
    page = old_phone_page(original)
    result = build_site(tmp_path, {"index.md": home, "a.md": page}, facts=changed_phone(original))
    assert result.ok, result.output  # no git here: the old number is just a number
