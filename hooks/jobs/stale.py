"""Stale articles: with `stale.warn_in_build: true`, a warning for each article reviewed too long ago."""

from __future__ import annotations

from helpcenter.pages.source import PageSource
from helpcenter.pages.stale import review_of, stale_finding, stale_reviews
from jobs.build import Build


def check(build: Build, source: PageSource) -> None:
    settings = build.settings.helpcenter.stale
    if not settings.warn_in_build:
        return
    review = review_of(source)
    # A missing or invalid date is the front-matter check's finding, not a stale one.
    if review is not None and review.reviewed is not None:
        stale = stale_reviews([review], today=build.today, after_days=settings.after_days)
        build.report.add(stale_finding(item, today=build.today, after_days=settings.after_days) for item in stale)
