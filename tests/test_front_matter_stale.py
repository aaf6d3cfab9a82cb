"""Stale articles: `make stale` lists them oldest first; the build warns only when switched on."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from feedback_service.store import Store, VoteRow, migrate, open_engine
from helpcenter.pages.source import read_page
from helpcenter.pages.stale import Review, review_of, stale_report, stale_reviews
from sitebuilder import ROOT, build_site, make_site

TODAY = dt.date(2026, 11, 25)
# SOURCE_DATE_EPOCH for TODAY, so the build's "today" is fixed.
EPOCH = str(int(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC).timestamp()))


def source(text: str, src_uri: str = "x.md") -> object:
    return read_page(text.encode(), src_uri=src_uri, path=f"docs/{src_uri}")


def article(reviewed: str | None, title: str = "An article") -> str:
    line = f"reviewed: {reviewed}\n" if reviewed else ""
    return f"---\ntitle: {title}\ndescription: About something.\n{line}---\n\nBody.\n"


def test_reviews_older_than_the_limit_are_listed_oldest_first() -> None:
    reviews = [
        Review("docs/b.md", 4, dt.date(2025, 1, 1)),
        Review("docs/a.md", 4, dt.date(2024, 6, 1)),
        Review("docs/fresh.md", 4, dt.date(2026, 1, 1)),
        Review("docs/edge.md", 4, TODAY - dt.timedelta(days=365)),
        Review("docs/undated.md", 1, None),
    ]
    stale = stale_reviews(reviews, today=TODAY, after_days=365)
    assert [review.path for review in stale] == ["docs/undated.md", "docs/a.md", "docs/b.md"]
    assert stale_report(reviews, today=TODAY, after_days=365) == [
        "3 articles not reviewed in the last 365 days (today is 2026-11-25), oldest first:",
        "docs/undated.md:1: no valid 'reviewed' date",
        "docs/a.md:4: reviewed 2024-06-01, 907 days ago",
        "docs/b.md:4: reviewed 2025-01-01, 693 days ago",
    ]


def test_nothing_stale() -> None:
    reviews = [Review("docs/a.md", 4, TODAY)]
    assert stale_report(reviews, today=TODAY, after_days=30) == [
        "No article is more than 30 days past its review (today is 2026-11-25)."
    ]


def test_review_of_reads_the_date_and_its_line() -> None:
    assert review_of(source(article("2025-02-03"))) == Review("docs/x.md", 4, dt.date(2025, 2, 3))
    assert review_of(source(article("'2025-02-03'"))) == Review("docs/x.md", 4, dt.date(2025, 2, 3))
    assert review_of(source(article(None))) == Review("docs/x.md", 1, None)
    assert review_of(source(article("someday"))) == Review("docs/x.md", 4, None)
    # Section index pages are not articles.
    assert review_of(source(article(None), "a/index.md")) is None


SITE = {
    "index.md": "---\ntitle: Home\ndescription: Home page.\n---\n\nHello.\n",
    "old.md": article("2024-06-01", "Old"),
    "older.md": article("2023-06-01", "Older"),
    "new.md": article("2026-11-01", "New"),
}


def test_the_build_does_not_warn_by_default(tmp_path: Path) -> None:
    result = build_site(tmp_path, SITE, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.ok, result.output


def test_the_build_warns_when_switched_on(tmp_path: Path) -> None:
    config = {"extra": {"helpcenter": {"stale": {"after_days": 365, "warn_in_build": True}}}}
    result = build_site(tmp_path, SITE, config=config, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert not result.ok
    assert result.problems == [
        "docs/old.md:4: stale-article last reviewed 2024-06-01, 907 days ago (the limit is 365) -> check the article"
        " against the product, then set 'reviewed' to today's date",
        "docs/older.md:4: stale-article last reviewed 2023-06-01, 1273 days ago (the limit is 365) -> check the"
        " article against the product, then set 'reviewed' to today's date",
    ]


def test_make_stale_script_lists_the_sites_stale_articles(tmp_path: Path) -> None:
    config_file = make_site(tmp_path, SITE)
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stale.py"), "-f", str(config_file), "--today", "2026-11-25"],
        capture_output=True,
        text=True,
        # A build pins dates to SOURCE_DATE_EPOCH; `make stale` counts from the given day regardless.
        env={"SOURCE_DATE_EPOCH": "0", "PATH": ""},
        check=True,
    )
    assert completed.stdout.splitlines() == [
        "2 articles not reviewed in the last 365 days (today is 2026-11-25), oldest first:",
        "docs/older.md:4: reviewed 2023-06-01, 1273 days ago",
        "docs/old.md:4: reviewed 2024-06-01, 907 days ago",
        "Readers' votes: none yet (.cache/feedback/feedback.db does not exist); `make serve` and the feedback"
        " service collect them.",
    ]
    assert completed.stderr == ""


def test_make_stale_flags_articles_readers_find_unhelpful(tmp_path: Path) -> None:
    config_file = make_site(tmp_path, {**SITE, "clear.md": article("2026-10-01", "Clear")})
    database = f"sqlite:///{tmp_path / 'votes.db'}"
    engine = open_engine(database)
    migrate(engine)
    store = Store(engine)
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for page, yes, no in [("old/", 1, 5), ("new/", 2, 3), ("clear/", 9, 1), ("older/", 1, 1)]:
        for vote in ["yes"] * yes + ["no"] * no:
            store.add_vote(VoteRow(when, page, page, vote, None, None, None))
    engine.dispose()
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stale.py"), "-f", str(config_file), "--today", "2026-11-25"],
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": "0", "PATH": "", "HELPCENTER_FEEDBACK_DB": database},
        check=True,
    )
    assert completed.stdout.splitlines() == [
        "2 articles not reviewed in the last 365 days (today is 2026-11-25), oldest first:",
        "docs/older.md:4: reviewed 2023-06-01, 1273 days ago",  # 2 votes: too few to judge
        "docs/old.md:4: reviewed 2024-06-01, 907 days ago [UNHELPFUL: 1 of 6 readers found it helpful (17%)]",
        "1 more article readers find unhelpful (under 50% of at least 5 votes say it helped), least helpful first:",
        "docs/new.md:4: reviewed 2026-11-01, 24 days ago [UNHELPFUL: 2 of 5 readers found it helpful (40%)]",
    ]
    assert completed.stderr == ""
