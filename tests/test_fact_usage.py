"""The fact-usage map: what each page read while it rendered, at the line a writer would change; `make fact-usage`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
import yaml

from helpcenter.facts.reads import FactRecorder
from helpcenter.rendering.sandbox import sandboxed_copy
from helpcenter.review.usage import FactUsage, PageUsage
from sandboxkit import fixture_facts
from sitebuilder import FIXTURE_FACTS, ROOT, build, make_site

GUIDE = """\
---
title: Calling {{ support.team }}
description: How to call us.
reviewed: 2026-01-01
---

Call {{ support.phone }} today.

{% if false %}{{ training.program }}{% endif %}

You have {{ review_window }} to check.

{{ not_migrated() }}

[Sign up]({{ training.signup_url }}).
"""
# The same page, with the line of each read a writer would change.
GUIDE_READS = {
    ("support.team", 2),  # the title, rendered on its own
    ("support.phone", 7),  # support.phone.text and .tel: both made from the number and the extension
    ("review_window.length", 11),  # printed whole: "four business days" is made of these two
    ("review_window.unit", 11),
    ("migration.not_migrated", 13),  # read by the macro, at the macro call
    ("training.signup_url", 15),
}
TEAM = yaml.safe_load(FIXTURE_FACTS.read_text(encoding="utf-8"))["support"]["team"]
HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome to {{ product }}.\n"
WINDOW = (
    "---\ntitle: The window\ndescription: About the window.\nreviewed: 2026-01-01\nabout_review_window: true\n"
    "---\n\nCheck everything.\n"
)


@pytest.fixture(scope="module")
def usage(tmp_path_factory: pytest.TempPathFactory) -> FactUsage:
    root = tmp_path_factory.mktemp("usage")
    config = make_site(root, {"index.md": HOME, "guide.md": GUIDE, "window.md": WINDOW})
    target = root / "usage.json"
    result = build(config, env={"HELPCENTER_FACT_USAGE": str(target)})
    assert result.ok, result.output
    return FactUsage.from_json(target.read_text(encoding="utf-8"), str(target))


def fixture_line(start: str) -> int:
    """The line of the fixture facts file that starts with ``start``."""
    lines = FIXTURE_FACTS.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def page(usage: FactUsage, url: str) -> PageUsage:
    (found,) = [page for page in usage.pages if page.url == url]
    return found


def test_a_page_records_what_it_read_at_the_line_of_each_read(usage: FactUsage) -> None:
    guide = page(usage, "guide/")
    assert guide.src == "docs/guide.md"
    assert {(use.fact, use.line) for use in guide.uses if not use.theme} == GUIDE_READS
    assert {use.file for use in guide.uses if not use.theme} == {"docs/guide.md"}
    assert [(use.fact, use.where) for use in page(usage, "").uses if not use.theme] == [("product", "docs/index.md:6")]


def test_a_fact_behind_a_condition_that_did_not_hold_is_not_read_and_is_flagged_unused(usage: FactUsage) -> None:
    entries = {entry.fact: entry for entry in usage.entries()}
    assert entries["training.program"].unused
    assert entries["training.program"].line == fixture_line("  program:")
    assert not entries["training.signup_url"].unused
    # A yes/no rule for the build's checks is never shown on a page, and never called unused for it.
    rule = entries["roles.migration_team.reached_by_readers"]
    assert (rule.setting, rule.unused, rule.pages) == (True, False, ())
    # A fact read through a view it makes (support.phone.text) is listed as the fact, not as its parts.
    assert "support.phone.number" not in entries and "support.phone" in entries


def test_the_theme_reads_facts_for_every_page_it_renders_at_its_template_lines(usage: FactUsage) -> None:
    urls = {page.url for page in usage.pages}
    assert urls == {"", "guide/", "window/", "404.html"}
    phone = {entry.fact: entry for entry in usage.entries()}["support.phone"]
    # The theme reads the phone on every page, 404.html included ("Still stuck? Call ...")
    assert {page.url for page in phone.pages} == urls
    theme = [use for use in phone.uses if use.theme]
    assert theme and all(use.file.startswith("overrides/") for use in theme)
    assert "overrides/partials/hc-help.html" in {use.file for use in theme}  # "Still need help?" on articles
    for use in theme:  # each named line is where the template reads it
        assert "phone" in (ROOT / use.file).read_text(encoding="utf-8").splitlines()[use.line - 1], use
    # The migration team shows in "Still need help?" only on pages about the review window.
    team = {entry.fact: entry for entry in usage.entries()}["roles.migration_team.name"]
    assert [page.url for page in team.pages] == ["window/"]
    assert {use.file for use in team.uses} == {"overrides/partials/hc-help.html"}


def test_the_map_survives_json() -> None:
    usage = FactUsage("data/facts.yml", {"product": 1}, (PageUsage("a/", "<A>", "docs/a.md", ()),))
    assert FactUsage.from_json(usage.to_json(), "x") == usage


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("{{ support.phone.e164 }}", ["support.phone.e164"]),
        ("{{ roles.migration_team }}", ["roles.migration_team.name"]),
        ("{{ roles['migration_team'].does }}", ["roles.migration_team.does"]),
        (
            "{% for key in guides %}{{ guides[key].url }}{% endfor %}",
            ["guides.send_an_invoice.url", "guides.open_a_ledger.url", "guides.case_numbers.url"],
        ),
        ("{{ review_window.text | upper }}", ["review_window.length", "review_window.unit"]),
        ("{% for item in migration.not_migrated %}{{ item.item }}{% endfor %}", ["migration.not_migrated"]),
        ("{% set p = product %}{% if false %}{{ p }}{% endif %}", ["product"]),  # the set reads it
        ("{% if false %}{{ product }}{% endif %}", []),
        ("{% if support.phone == support.phone %}yes{% endif %}", ["support.phone"]),
    ],
)
def test_the_sandbox_records_what_a_render_reads(text: str, reads: list[str]) -> None:
    recorder = FactRecorder(fixture_facts())
    env = sandboxed_copy(jinja2.Environment(undefined=jinja2.StrictUndefined), {})
    env.report = lambda error, source, names: (_ for _ in ()).throw(error)
    env.recorder = recorder
    env.from_string(f"line one\n{text}").render(**recorder.views)
    (rendered,) = recorder.take_renders()
    assert rendered[0] == f"line one\n{text}"
    assert [read.path for read in rendered[1]] == reads
    assert {read.line for read in rendered[1]} <= {2}


def test_a_recording_view_renders_and_fails_as_the_view_does() -> None:
    views = fixture_facts()
    recorder = FactRecorder(views)
    env = sandboxed_copy(jinja2.Environment(undefined=jinja2.StrictUndefined), {})
    problems: list[str] = []
    env.report = lambda error, source, names: problems.append(f"{type(error).__name__}: {error}") or "(failed)"
    for text in ("{{ support.phone }} {{ review_window }}", "{{ support.phone.__class__ }}", "{{ support }}"):
        plain = env.from_string(text).render(**views)
        env.recorder = recorder
        recorded = env.from_string(text).render(**recorder.views)
        env.recorder = None
        assert recorded == plain
    assert problems[0::2] == problems[1::2]  # the same message with either view


def run_fact_usage(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fact_usage.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_fact_usage_lists_the_uses_and_pages_of_one_fact(tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": HOME, "guide.md": GUIDE})
    done = run_fact_usage(tmp_path, "--fact", "support.phone")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"support.phone  (data/facts.yml:{fixture_line('  phone:')})"
    assert "    docs/guide.md:7" in lines
    reach = lines[lines.index("  reaches all 3 pages:") + 1 : -2]
    assert reach == ["    /  Home", "    /404.html", f"    /guide/  Calling {TEAM}"]
    assert lines[-1] == "1 fact, 0 unused."


def test_make_fact_usage_names_an_unknown_fact_with_a_suggestion(tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": HOME})
    done = run_fact_usage(tmp_path, "--fact", "suport.phone")
    assert done.returncode == 2
    assert done.stderr == (
        "data/facts.yml: no fact 'suport.phone' -> write a fact's dotted path as pages do, e.g. support.phone"
        " (did you mean 'support.phone'?)\n"
    )
    assert not (tmp_path / ".cache").exists()  # answered before anything was built
