"""Stale articles: those whose `reviewed` date is older than the configured age.

Nothing here knows about MkDocs. `make stale` prints `stale_report`; the build
turns the same judgement into warnings (`stale_findings`) when `warn_in_build` is on.
With readers' votes from the feedback service, the report also flags the
articles readers find unhelpful: they need a review whatever their date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from helpcenter.articles import is_article
from helpcenter.findings import Finding
from helpcenter.pages.source import PageSource
from helpcenter.settings import StaleSettings


@dataclass(frozen=True)
class Review:
    """When one article was last reviewed, and where that date is written."""

    path: str  # docs/billing/x.md
    line: int
    reviewed: dt.date | None  # None: the article has no usable date


def review_of(source: PageSource) -> Review | None:
    """The review of an article, or None for pages that are not articles or whose front matter is unreadable."""
    if not is_article(source.src_uri) or source.front_matter is None:
        return None  # the front-matter check reports a broken one
    value = source.front_matter.data.get("reviewed")
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        value = None
    return Review(source.path, source.key_line("reviewed"), value)


def _age_key(review: Review) -> tuple[dt.date, str]:
    return (review.reviewed or dt.date.min, review.path)


def stale_reviews(reviews: Iterable[Review], *, today: dt.date, after_days: int) -> list[Review]:
    """Articles not reviewed within ``after_days`` days, oldest first; undated ones come first of all."""
    limit = today - dt.timedelta(days=after_days)
    return sorted((review for review in reviews if review.reviewed is None or review.reviewed < limit), key=_age_key)


def stale_finding(review: Review, *, today: dt.date, after_days: int) -> Finding:
    """The build warning for one stale article."""
    if review.reviewed is None:
        raise ValueError(f"{review.path}: has no review date to measure")
    age = (today - review.reviewed).days
    return Finding(
        review.path,
        review.line,
        None,
        "stale-article",
        f"last reviewed {review.reviewed.isoformat()}, {age} days ago (the limit is {after_days})"
        " -> check the article against the product, then set 'reviewed' to today's date",
        severity="warning",
    )


def stale_findings(source: PageSource, settings: StaleSettings, *, today: dt.date) -> list[Finding]:
    """The build's warning for an article reviewed too long ago, with ``stale.warn_in_build: true``."""
    review = review_of(source) if settings.warn_in_build else None
    # A missing or invalid date is the front-matter check's finding, not a stale one.
    if review is None or review.reviewed is None:
        return []
    stale = stale_reviews([review], today=today, after_days=settings.after_days)
    return [stale_finding(item, today=today, after_days=settings.after_days) for item in stale]


@dataclass(frozen=True)
class Helpfulness:
    """Readers' votes on one article (feedback service)."""

    yes: int
    no: int

    @property
    def percent(self) -> int:
        return round(100 * self.yes / (self.yes + self.no)) if self.yes + self.no else 100

    def is_unhelpful(self, *, min_votes: int, below_percent: int) -> bool:
        return self.yes + self.no >= min_votes and self.percent < below_percent

    def __str__(self) -> str:
        total = self.yes + self.no
        return f"{self.yes} of {total} reader{'s' if total != 1 else ''} found it helpful ({self.percent}%)"


def _describe(review: Review, today: dt.date) -> str:
    if review.reviewed is None:
        return f"{review.path}:{review.line}: no valid 'reviewed' date"
    age = (today - review.reviewed).days
    return f"{review.path}:{review.line}: reviewed {review.reviewed.isoformat()}, {age} days ago"


def stale_report(
    reviews: Iterable[Review],
    *,
    today: dt.date,
    after_days: int,
    helpfulness: Mapping[str, Helpfulness] | None = None,
    min_votes: int = 5,
    below_percent: int = 50,
) -> list[str]:
    """The lines `make stale` prints. ``helpfulness`` maps an article's path (docs/...) to its votes."""
    reviews = list(reviews)
    votes = helpfulness or {}

    def unhelpful(review: Review) -> bool:
        found = votes.get(review.path)
        return found is not None and found.is_unhelpful(min_votes=min_votes, below_percent=below_percent)

    stale = stale_reviews(reviews, today=today, after_days=after_days)
    if not stale:
        lines = [f"No article is more than {after_days} days past its review (today is {today.isoformat()})."]
    else:
        lines = [
            f"{len(stale)} article{'s' if len(stale) != 1 else ''} not reviewed in the last {after_days} days"
            f" (today is {today.isoformat()}), oldest first:"
        ]
        for review in stale:
            flag = f" [UNHELPFUL: {votes[review.path]}]" if unhelpful(review) else ""
            lines.append(_describe(review, today) + flag)
    if helpfulness is None:
        return lines
    stale_paths = {review.path for review in stale}
    also = sorted(
        (review for review in reviews if unhelpful(review) and review.path not in stale_paths),
        key=lambda review: (votes[review.path].percent, -votes[review.path].no, review.path),
    )
    criterion = f"under {below_percent}% of at least {min_votes} votes say it helped"
    if not also:
        lines.append(f"No other article is unhelpful to readers ({criterion}).")
        return lines
    lines.append(
        f"{len(also)} more article{'s' if len(also) != 1 else ''} readers find unhelpful ({criterion}),"
        " least helpful first:"
    )
    lines.extend(f"{_describe(review, today)} [UNHELPFUL: {votes[review.path]}]" for review in also)
    return lines
