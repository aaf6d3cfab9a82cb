"""Page templates are bounded in size and recursion, and never print a Python repr.

Each template below would fill memory in one call (which no time budget can
interrupt), recurse until Python gives up, or put a Python object's repr on the
page without the bounds in helpcenter/rendering/template_bounds.py. Each is tried
against the sandbox (exact line, column and message, fast) and in real builds,
which must fail at the page's line within seconds. Templates that are only slow
are stopped by the page budget (tests/test_page_budget.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from helpcenter.rendering.sandbox import TemplateProblem
from helpcenter.rendering.template_bounds import could_nest_too_deeply
from sandboxkit import fixture_facts, render
from sitebuilder import build_site

SHORTER = "(at most 1,000,000) -> make it shorter"
DEPTH = "macros call each other more than 20 levels deep -> a macro that calls itself must stop after a few levels"
GROUP = "is a group of facts, not text -> write one of its parts: support.does, support.phone, support.team"


def wide(what: str, width: str) -> str:
    return f"the {what} {width} is too wide (at most 1,000 characters) -> use a smaller {what}"


# template (alone on line 3 of the page body) -> (column, message)
CASES: dict[str, tuple[str, int, str]] = {
    # String widths: padding is made before any length check could see it.
    "format-width": ("{{ '{:>1000000000}'.format('a') }}", 1, wide("width", "1,000,000,000")),
    "format-nested-width": ("{{ '{:>{}}'.format('a', 10**9) }}", 1, wide("width", "1,000,000,000")),
    "format-digits": (
        "{{ '{:>" + "9" * 30 + "}'.format('a') }}",
        1,
        "the width written with 30 digits is too wide (at most 1,000 characters) -> use a smaller width",
    ),
    "percent-width": ("{{ '%01000000000d' % 1 }}", 1, wide("width", "1,000,000,000")),
    "percent-star": (
        "{{ '%*d' % (1000000000, 1) }}",
        1,
        "a '*' width in % formatting is not allowed -> write the width as a number in the text",
    ),
    "format-filter": ("{{ '%01000000000d'|format(1) }}", 1, wide("width", "1,000,000,000")),
    "center-filter": ("{{ 'a'|center(100000000) }}", 1, wide("width", "100,000,000")),
    "center-method": ("{{ 'a'.center(100000000) }}", 1, wide("width", "100,000,000")),
    "ljust": ("{{ 'a'.ljust(100000000) }}", 1, wide("width", "100,000,000")),
    "rjust": ("{{ 'a'.rjust(100000000, '-') }}", 1, wide("width", "100,000,000")),
    "zfill": ("{{ '1'.zfill(100000000) }}", 1, wide("width", "100,000,000")),
    "indent": ("{{ 'a'|indent(100000000) }}", 1, wide("indent", "100,000,000")),
    "wordwrap": (
        "{{ ('a' * 100000)|wordwrap(1, wrapstring='-' * 1000) }}",
        1,
        f"this would make a text of 100,100,000 characters {SHORTER}",
    ),
    # Texts grown by repeating, replacing, joining and adding.
    "replace": (
        "{{ ('a' * 100000)|replace('a', 'b' * 100) }}",
        1,
        f"this would make a text of 10,000,000 characters {SHORTER}",
    ),
    "join": ("{{ ('a' * 100000)|join('b' * 100) }}", 1, f"this would make a text of 10,099,900 characters {SHORTER}"),
    "plus": (
        "{% set s = 'a' * 100000 %}{{ s + s + s + s + s + s + s + s + s + s + s }}",
        1,
        f"this would make a text of 1,100,000 characters {SHORTER}",
    ),
    "tilde": (
        "{% set s = 'a' * 100000 %}{{ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s }}",
        1,
        f"this would make a text of 1,100,000 characters {SHORTER}",
    ),
    # Recursion (loops and calls that only take long are the page budget's: tests/test_page_budget.py).
    "deep-recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", 1, DEPTH),
    "recursive-loop": ("{% for c in 'ab' recursive %}{{ loop('ab') }}{% endfor %}", 1, DEPTH),
    "output": (
        "{% set s = 'a' * 1000 %}{% for c in 'x' * 2000 %}{{ s }}{% endfor %}",
        1,
        "the page would be more than 1,000,000 characters long -> split it into several pages",
    ),
    "batch": (
        "{{ [1]|batch(1000000000, 0)|list|length }}",
        1,
        "'batch' into 1,000,000,000 parts is too many (at most 10,000) -> use fewer parts",
    ),
    "to-bytes": (
        "{{ (1).to_bytes(1000000000, 'big') }}",
        8,
        "unsafe template expression: access to attribute 'to_bytes' of 'int' object is unsafe -> pages may only"
        " use facts and the project's macros",
    ),
    # Python reprs: every way a value becomes text checks that it is text.
    "string-filter": ("{{ support|string }}", 4, f"'support' {GROUP}"),
    "pprint": (
        "{{ support|pprint }}",
        12,
        "the filter 'pprint' is not available in pages -> write the fact itself, or a part of it (did you mean 'int'?)",
    ),
    "tojson": (
        "{{ migration|tojson }}",
        14,
        "the filter 'tojson' is not available in pages -> write the fact itself, or a part of it"
        " (did you mean 'join'?)",
    ),
    "list-filter": (
        "{{ migration.not_migrated|list }}",
        4,
        "'migration.not_migrated' is a list, not text -> write one of its items, or use a macro that formats it",
    ),
    "join-of-groups": (
        "{{ migration.not_migrated|join(', ') }}",
        4,
        "'migration.not_migrated[0]' is a group of facts, not text -> write one of its parts:"
        " migration.not_migrated[0].includes, migration.not_migrated[0].item",
    ),
    "concat": ("{{ 'Call ' ~ support }}", 14, f"'support' {GROUP}"),
    "percent": ("{{ 'Call %s' % support }}", 16, f"'support' {GROUP}"),
    "format": ("{{ 'Call {}'.format(support) }}", 21, f"'support' {GROUP}"),
    "format-repr": ("{{ '{!r}'.format(support) }}", 18, f"'support' {GROUP}"),
    "upper": ("{{ support|upper }}", 4, f"'support' {GROUP}"),
    "macro": ("{{ not_migrated|string }}", 4, "'not_migrated' is a macro, not text -> call it: {{ not_migrated() }}"),
    "self": (
        "{{ self|string }}",
        4,
        "'self' has no text to show (TemplateReference) -> use a fact or macro that is text",
    ),
    "loop": (
        "{% for x in [1] %}{{ loop|string }}{% endfor %}",
        22,
        "'loop' has no text to show (LoopContext) -> use a fact or macro that is text",
    ),
    "page-macro": (
        "{% macro f() %}{% endmacro %}{{ f|string }}",
        33,
        "'f' is a macro, not text -> call it: {{ f() }}",
    ),
    "dict": (
        "{{ '%s' % {'a': 1} }}",
        1,
        "''%s' % {'a': 1}' is a group of values, not text -> write one of its values",
    ),
    # Nesting Jinja's parser (and Python's compiler) would recurse into.
    "parentheses": (
        "{{ " + "(" * 100 + "1" + ")" * 100 + " }}",
        1,
        "brackets are nested more than 20 deep -> split the expression",
    ),
    "blocks": (
        "{% if 1 %}" * 11 + "x" + "{% endif %}" * 11,
        1,
        "{% %} blocks are nested more than 10 deep -> flatten them",
    ),
}


@pytest.fixture(scope="module")
def facts() -> dict[str, object]:
    return fixture_facts()


@pytest.mark.parametrize("case", CASES)
def test_each_bomb_is_refused_at_its_line_fast(case: str, facts: dict[str, object]) -> None:
    template, column, message = CASES[case]
    started = time.perf_counter()
    problem = render(f"Intro.\n\n{template}\n", facts)
    assert time.perf_counter() - started < 2
    assert problem == TemplateProblem(3, column, message)


def test_nesting_is_reported_where_it_goes_too_deep(facts: dict[str, object]) -> None:
    parentheses = "{{ 1 +\n" + "(\n" * 30 + "1" + ")" * 30 + " }}"
    assert render(f"A\n{parentheses}", facts) == TemplateProblem(
        23, 1, "brackets are nested more than 20 deep -> split the expression"
    )
    blocks = "".join(f"{'  ' * depth}{{% if 1 %}}\n" for depth in range(12))
    assert render(f"A\n\n{blocks}", facts) == TemplateProblem(
        13, 21, "{% %} blocks are nested more than 10 deep -> flatten them"
    )


# Each hides deep nesting from a count that stops at the first end delimiter: template -> line.
HIDDEN_NESTING = {
    "a string holds the end delimiter": ("{{ '}}' ~ " + "(" * 25 + "1" + ")" * 25 + " }}", 3),
    "after a comment that opens a tag": ("{## {{ ##}\n{{ " + "[" * 25 + "]" * 25 + " }}", 4),
    "in a block tag": ("{% set x = " + "{" * 25 + "}" * 25 + " %}", 3),
}


@pytest.mark.parametrize("case", HIDDEN_NESTING)
def test_nesting_hidden_from_the_quick_count_is_still_found(case: str, facts: dict[str, object]) -> None:
    template, line = HIDDEN_NESTING[case]
    problem = render(f"Intro.\n\n{template}\n", facts)
    assert problem == TemplateProblem(line, 1, "brackets are nested more than 20 deep -> split the expression")


def test_links_and_shallow_tags_are_not_lexed_twice() -> None:
    links = "[a](b) " * 100 + "{{ support.phone }} {{ [1, (2, 3)]|length }} {% if x %}{% endif %}"
    assert not could_nest_too_deeply(links, ("{{", "{%"), ("}}", "%}"))


def test_a_lone_carriage_return_does_not_shift_the_line(facts: dict[str, object]) -> None:
    assert render("a\r\rb\n{{ product.x }}", facts) == TemplateProblem(
        2, 4, "unknown fact 'product.x' -> use a name defined in data/facts.yml"
    )


def test_what_writers_do_still_works(facts: dict[str, object]) -> None:
    source = (
        "{{ product|upper }} {{ product ~ '!' }} {{ '%05d' % 42 }} {{ '{:>5}'.format('ab') }}"
        " {{ ['a', product]|join(', ') }} {{ 'x'|center(5) }}|{{ product|replace('a', '4') }}"
        " {% for item in migration.not_migrated %}{{ item.item }};{% endfor %}"
        " {% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{{ twice(product) }} {{ [1, 2, 3]|sum }}"
        " {{ product.lower().startswith('l') }}"
    )
    assert render(source, facts) == (
        "LAWDESK Lawdesk! 00042    ab a, Lawdesk   x  |L4wdesk Documents;Ledgers and financial records;Fee schedules;"
        "Access rights;Groups; LawdeskLawdesk 6 True"
    )


def article(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


def test_every_bomb_fails_the_real_build_at_its_page_line_within_seconds(tmp_path: Path) -> None:
    names = {case: f"b{number:02d}.md" for number, case in enumerate(CASES)}
    pages = {names[case]: article(f"Bomb {case}", f"Intro.\n\n{CASES[case][0]}\n") for case in CASES}
    pages["index.md"] = "---\ntitle: Home\ndescription: Home page.\n---\n\nHome.\n"
    started = time.perf_counter()
    result = build_site(tmp_path, pages)
    elapsed = time.perf_counter() - started
    assert not result.ok
    assert "Traceback" not in result.output
    # Front matter is 5 lines, then a blank line and "Intro."; the template is on line 9.
    assert result.problems == [
        f"docs/{names[case]}:9:{column}: template-error {message}" for case, (_, column, message) in CASES.items()
    ]
    assert elapsed < 10 + 2 * len(CASES) / 10  # a plain build of this many pages takes a few seconds
