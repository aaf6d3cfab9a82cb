"""Fact drift: shared facts typed by hand into a page's source, reported with the macro to write instead."""

from __future__ import annotations

from helpcenter.facts.drift import DriftChecker
from helpcenter.facts.history import previous_text
from helpcenter.facts.model import Facts, FactsError, parse_facts
from jobs.build import Build


def configure(build: Build) -> None:
    if build.facts is not None:
        build.drift = DriftChecker.from_facts(build.facts, _previous_facts(build))


def _previous_facts(build: Build) -> Facts | None:
    """The facts before their last change, if git has them and they are valid today (a schema change ends it)."""
    name = build.settings.helpcenter.facts_file
    text = previous_text(build.project.root, name, build.facts_text)
    if text is None:
        return None
    try:
        return parse_facts(text, name)
    except FactsError:
        return None


def check_sources(build: Build) -> None:
    # Every Markdown source, excluded ones too: snippets are pasted into pages.
    if build.drift is None:
        return
    for source in build.sources.values():
        build.report.add(build.drift.check(source.text, source.path))
