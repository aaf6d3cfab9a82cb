"""Stale articles: those whose `reviewed` date is older than the configured age.

Nothing here knows about MkDocs. `make stale` prints `stale_report`; the stale
hook turns the same judgement into build warnings when `warn_in_build` is on.
With readers' votes from the feedback service, the report also flags the
articles readers find unhelpful: they need a review whatever their date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, StrictBool, ValidationError, conint

from helpcenter.findings import Finding
from helpcenter.front_matter import FrontMatterError, is_article, parse_front_matter


class StaleSettings(BaseModel):
    """``extra.helpcenter.stale`` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    after_days: PositiveInt = Field(default=365, description="an article is stale this many days after its review")
    warn_in_build: StrictBool = Field(default=False, description="also warn in every build (strict builds then fail)")
    unhelpful_min_votes: PositiveInt = Field(default=5, description="votes an article needs before it can be judged")
    unhelpful_below_percent: conint(strict=True, ge=1, le=100) = Field(  # type: ignore[valid-type]
        default=50, description="an article is unhelpful when fewer of its votes than this say 'yes'"
    )


def stale_settings(raw: Mapping[str, Any] | None) -> StaleSettings:
    """Validate the settings; raise ValueError with a message naming the key."""
    try:
        return StaleSettings.model_validate(raw or {})
    except ValidationError as error:
        issue = error.errors()[0]
        key = ".".join(str(part) for part in issue["loc"])
        raise ValueError(
            f"mkdocs.yml: extra.helpcenter.stale.{key}: {issue['msg']} (got {issue.get('input')!r})"
            " -> after_days and unhelpful_min_votes are whole numbers, unhelpful_below_percent is 1 to 100,"
            " warn_in_build is true or false"
        ) from None


@dataclass(frozen=True)
class Review:
    """When one article was last reviewed, and where that date is written."""

    path: str  # docs/billing/x.md
    line: int
    reviewed: dt.date | None  # None: the article has no usable date


def review_of(source: str, *, path: str, src_path: str) -> Review | None:
    """The review of an article, or None for pages that are not articles or cannot be read."""
    if not is_article(src_path):
        return None
    try:
        parsed = parse_front_matter(source)
    except FrontMatterError:
        return None  # the front-matter check reports it
    value = parsed.data.get("reviewed")
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        value = None
    line = parsed.where(("reviewed",))[0] if "reviewed" in parsed.data else 1
    return Review(path, line, value)


def _age_key(review: Review) -> tuple[dt.date, str]:
    return (review.reviewed or dt.date.min, review.path)


def stale_reviews(reviews: Iterable[Review], *, today: dt.date, after_days: int) -> list[Review]:
    """Articles not reviewed within ``after_days`` days, oldest first; undated ones come first of all."""
    limit = today - dt.timedelta(days=after_days)
    return sorted((review for review in reviews if review.reviewed is None or review.reviewed < limit), key=_age_key)


def stale_finding(review: Review, *, today: dt.date, after_days: int) -> Finding:
    """The build warning for one stale article."""
    assert review.reviewed is not None
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
