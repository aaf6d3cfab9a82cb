"""Content cannot run code: classic template-injection payloads fail, each with its own located message.

Pages are Jinja templates (mkdocs-macros). hooks/jobs/macros.py renders them in
a sandbox whose only names are the facts and the project's macros. Each payload
below is tried twice: against the sandbox directly (fast, exact message) and in
one real strict build, which must fail and name every page, line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.rendering.sandbox import TemplateProblem
from jobs.macros import PageInfo
from sandboxkit import fixture_facts, render
from sitebuilder import build_site

UNSAFE = "-> pages may only use facts and the project's macros"


def unknown(name: str, hint: str = "") -> str:
    return f"unknown fact or macro '{name}' -> use a name defined in data/facts.yml or a project macro{hint}"


def unsafe(attribute: str, owner: str) -> str:
    return f"unsafe template expression: access to attribute '{attribute}' of '{owner}' object is unsafe {UNSAFE}"


# payload -> (column, message). The payload is alone on its line.
PAYLOADS: dict[str, tuple[int, str]] = {
    # Python internals through any object.
    "{{ ''.__class__.__mro__ }}": (7, unsafe("__class__", "str")),
    "{{ support.phone.__class__ }}": (18, unsafe("__class__", "PhoneView")),
    "{{ support.phone | attr('__class__') }}": (26, unsafe("__class__", "PhoneView")),
    "{{ '{0.__class__}'.format(support) }}": (8, unsafe("__class__", "SupportView")),
    "{{ page.__init__.__globals__ }}": (9, unsafe("__init__", "PageInfo")),
    # Methods of fact objects are not for pages (pydantic's model_*, a view's constructor).
    "{{ migration.not_migrated[0].model_dump() }}": (30, unsafe("model_dump", "NotMigratedItem")),
    "{{ support.phone.of }}": (18, unsafe("of", "PhoneView")),
    # Facts cannot be changed by a page.
    "{{ page.meta.update(title='x') }}": (14, unsafe("update", "dict")),
    # mkdocs-macros' own variables and macros: configuration, paths, git identities.
    "{{ config }}": (4, unknown("config")),
    "{{ config.site_dir }}": (4, unknown("config")),
    "{{ environment }}": (4, unknown("environment")),
    "{{ macros_info() }}": (4, unknown("macros_info")),
    "{{ git.author_email }}": (4, unknown("git")),
    "{{ plugin }}": (4, unknown("plugin")),
    "{{ extra }}": (4, unknown("extra")),
    "{{ navigation }}": (4, unknown("navigation", " (did you mean 'migration'?)")),
    "{{ files }}": (4, unknown("files", " (did you mean 'title'?)")),
    "{{ now() }}": (4, unknown("now")),
    # Jinja's own globals, the usual way out of a template.
    "{{ range.__globals__ }}": (4, unknown("range", " (did you mean 'page'?)")),
    "{{ cycler.__init__.__globals__ }}": (4, unknown("cycler")),
    "{{ lipsum.__globals__ }}": (4, unknown("lipsum")),
    "{{ joiner }}": (4, unknown("joiner")),
    "{{ namespace }}": (4, unknown("namespace")),
    "{{ dict(a=1) }}": (4, unknown("dict")),
    # Other files.
    "{% include 'mkdocs.yml' %}": (
        1,
        "pages cannot include, import or extend templates ('mkdocs.yml') -> put shared text in docs/_snippets/"
        ' and insert it with --8<-- "name.md"',
    ),
    "{% import 'main.html' as theme %}": (
        1,
        "pages cannot include, import or extend templates ('main.html') -> put shared text in docs/_snippets/"
        ' and insert it with --8<-- "name.md"',
    ),
    "{% extends 'base.html' %}": (
        1,
        "pages cannot include, import or extend templates ('base.html') -> put shared text in docs/_snippets/"
        ' and insert it with --8<-- "name.md"',
    ),
    # Python reprs never reach readers.
    "{{ self }}": (1, "'self' has no text to show (TemplateReference) -> use a fact or macro that is text"),
    "{{ support }}": (
        1,
        "'support' is a group of facts, not text -> write one of its parts: support.does, support.phone, support.team",
    ),
    "{{ not_migrated }}": (1, "'not_migrated' is a macro, not text -> call it: {{ not_migrated() }}"),
    "{{ migration.not_migrated }}": (
        1,
        "'migration.not_migrated' is a list, not text -> write one of its items, or use a macro that formats it",
    ),
    # One expression cannot stall the build.
    "{{ 'x' * 1000000 }}": (1, f"unsafe template expression: repeating 1 items 1000000 times is too long {UNSAFE}"),
    "{{ 2 ** 100000 }}": (1, f"unsafe template expression: 2 ** 100000 is too large a number {UNSAFE}"),
}


@pytest.fixture(scope="module")
def facts() -> dict[str, object]:
    return fixture_facts()


@pytest.mark.parametrize(("payload", "expected"), PAYLOADS.items(), ids=list(PAYLOADS))
def test_payload_is_refused_with_its_own_message(
    payload: str, expected: tuple[int, str], facts: dict[str, object]
) -> None:
    # mkdocs-macros also passes each front-matter key as a variable.
    meta = {"title": "X", "description": "A page for a test.", "reviewed": "2026-01-01"}
    variables = {**facts, "page": PageInfo(title="X", url="x/", meta=meta), **meta}
    problem = render(f"Intro.\n\n{payload}\n", variables)
    assert problem == TemplateProblem(3, *expected)


def test_the_facts_still_render(facts: dict[str, object]) -> None:
    source = "{{ product }} | {{ support.phone }} | {{ review_window }} | {{ not_migrated() }} | {{ 3 * 2 }}"
    assert render(source, facts) == (
        "Lawdesk | [1-800-555-2546 ext. 2](tel:+1-800-555-2546;ext=2) | four business days | - Documents | 6"
    )


def test_a_macro_called_wrongly_names_the_macro_not_its_python_name(facts: dict[str, object]) -> None:
    assert render("A\n{{ not_migrated(1) }}", facts) == TemplateProblem(
        2,
        4,
        "macro 'not_migrated' failed: TypeError: not_migrated() takes 0 positional arguments but 1 was given"
        " -> check its arguments",
    )


def test_absurd_nesting_is_a_finding_not_a_crash(facts: dict[str, object]) -> None:
    problem = render("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", facts)
    assert problem == TemplateProblem(1, 1, "brackets are nested more than 20 deep -> split the expression")


def article(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


def test_every_payload_fails_the_real_build_at_its_page_line_and_column(tmp_path: Path) -> None:
    names = {payload: f"p{number:02d}.md" for number, payload in enumerate(PAYLOADS)}
    pages = {name: article(f"Payload {name}", f"Intro.\n\n{payload}\n") for payload, name in names.items()}
    pages["index.md"] = "---\ntitle: Home\ndescription: Home page.\n---\n\nHome.\n"
    result = build_site(tmp_path, pages)
    assert not result.ok
    assert "Traceback" not in result.output
    # Front matter is 5 lines, then a blank line and "Intro."; the payload is on line 9.
    assert result.problems == [
        f"docs/{names[payload]}:9:{column}: template-error {message}" for payload, (column, message) in PAYLOADS.items()
    ]
