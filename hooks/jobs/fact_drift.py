"""Fact drift: shared facts typed by hand into a page's source, reported with the macro to write instead."""

from __future__ import annotations

from helpcenter.facts.drift import DriftChecker
from jobs.build import Build


def configure(build: Build) -> None:
    if build.facts is not None:
        build.drift = DriftChecker.from_facts(build.facts)


def check_sources(build: Build) -> None:
    # Every Markdown source, excluded ones too: snippets are pasted into pages.
    if build.drift is None:
        return
    for source in build.sources.values():
        build.report.add(build.drift.check(source.text, source.path))
