"""Votes that count once: one client cannot move a page's figures, whatever it sends, however many workers.

The red team's attack, repeated: 26 "no" votes in a row from one address, with
curl (no Origin) and a different comment each time. The first counts; the next
ones are kept for their comments but not counted; then they are refused. The
limits live in the database, so they hold with two real uvicorn workers and
across a kill -9 and restart, on SQLite and on PostgreSQL, and `make stale`
does not flag the article. Each test runs on both databases.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from feedback_kit import ARTICLE, SITE, Clock, api_client, dump, rows, write_manifest
from feedback_server import FeedbackServer
from feedback_service.limits import quota_keys
from feedback_service.settings import Settings
from feedback_service.store import Limits, Outcome, Pending, Store, VoteRow, judge, migrate, open_engine
from sitebuilder import ROOT, make_site

URL = SITE + ARTICLE
OTHER = SITE + "guides/second-article/"
RECORDED = (201, {"status": "recorded"})
NOT_COUNTED = (
    201,
    {"status": "not counted", "detail": "stored, but not counted: this address already answered about this page today"},
)
OVER_PAGE = "too many answers about this page from this address today; try again tomorrow"
ATTACK = 26  # what the red team sent


@pytest.fixture
def settings(database: str, tmp_path: Path) -> Settings:
    # The defaults: one counted answer per client, page and day, five more kept, 500 a day in all.
    return Settings(database=database, pages=str(write_manifest(tmp_path / "pages.json")), rate_per_minute=0)


def vote(client: Any, number: int, url: str = URL, answer: str = "no") -> tuple[int, dict[str, Any]]:
    response = client.post("/api/votes", json={"url": url, "vote": answer, "comment": f"attempt {number}"})
    return response.status_code, response.json()


def counted(database: str, page: str = ARTICLE) -> list[str]:
    return [row["vote"] for row in rows(database, "votes") if row["page"] == page and row["counted"]]


@pytest.mark.parametrize(
    ("on_target", "in_all", "outcome"),
    [
        (1, 1, Outcome.COUNTED),
        (2, 2, Outcome.CAPPED),
        (6, 6, Outcome.CAPPED),
        (7, 7, Outcome.OVER_TARGET),
        (1, 501, Outcome.OVER_DAY),
    ],
)
def test_what_becomes_of_the_nth_answer(on_target: int, in_all: int, outcome: Outcome) -> None:
    assert judge(Limits(counted=1, kept=5, daily=500), on_target, in_all) is outcome


def test_limits_switched_off_count_everything() -> None:
    assert judge(Limits(counted=0, kept=5, daily=0), 1000, 1000) is Outcome.COUNTED


def test_answers_committed_together_are_judged_in_their_order(database: str) -> None:
    """The service writes answers in batches: one statement counts them all, each judged as if alone."""
    engine = open_engine(database)
    migrate(engine)
    store = Store(engine, Limits(counted=1, kept=2, daily=5))
    day = dt.date(2026, 11, 20)
    when = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    salt = store.salt(day)
    one, other = (quota_keys(salt, day, client, "vote", ARTICLE) for client in ("203.0.113.7", "203.0.113.8"))
    elsewhere = quota_keys(salt, day, "203.0.113.7", "vote", "guides/second-article/")
    batch = [one, other, one, one, one, elsewhere, other, elsewhere]
    answers = [Pending(VoteRow(when, ARTICLE, "A", "no", None, None, None), quota) for quota in batch]
    assert store.add_many(answers[:3]) + store.add_many(answers[3:]) == [
        Outcome.COUNTED,  # one's first here
        Outcome.COUNTED,  # other's first
        Outcome.CAPPED,
        Outcome.CAPPED,
        Outcome.OVER_TARGET,  # one's fourth answer here: over 1 counted + 2 kept
        Outcome.COUNTED,  # one's first on another page, its fifth answer today
        Outcome.CAPPED,
        Outcome.OVER_DAY,  # one's sixth answer today: over 5 in all
    ]
    engine.dispose()


def test_one_client_counts_once_per_page_and_day(settings: Settings) -> None:
    clock = Clock(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC).timestamp())
    with api_client(settings, clock, client=("203.0.113.7", 40000)) as client:
        answers = [vote(client, number) for number in range(ATTACK)]
        assert answers[0] == RECORDED
        assert answers[1:6] == [NOT_COUNTED] * 5
        for status, body in answers[6:]:
            assert (status, body) == (429, {"reason": OVER_PAGE})
        refused = client.post("/api/votes", json={"url": URL, "vote": "no", "comment": "once more"})
        assert refused.headers["retry-after"] == str(15 * 3600)  # until midnight UTC
        # Another page is another question; another address is another reader.
        assert vote(client, 100, OTHER) == RECORDED
    with api_client(settings, clock, client=("203.0.113.8", 40000)) as other_reader:
        assert vote(other_reader, 101, answer="yes") == RECORDED
    assert counted(settings.database) == ["no", "yes"]
    assert len(rows(settings.database, "votes")) == 1 + 5 + 1 + 1  # the refused ones are not stored at all
    # The next day the same reader may answer again, and yesterday's quotas and salt are gone.
    clock.advance(24 * 3600)
    with api_client(settings, clock, client=("203.0.113.7", 40000)) as client:
        assert vote(client, 200) == RECORDED
        client.app.state.api.purge_old()
    assert counted(settings.database) == ["no", "yes", "no"]
    tables = dump(settings.database)
    assert [row["day"] for row in tables["salts"]] == [dt.date(2026, 11, 21)]
    assert {row["day"] for row in tables["quotas"]} == {dt.date(2026, 11, 21)}


def test_a_search_counts_once_per_client_and_day(settings: Settings) -> None:
    no_repeat_window = Settings(**{**settings.__dict__, "repeat_seconds": 0})
    with api_client(no_repeat_window, client=("203.0.113.7", 40000)) as client:
        answers = [
            client.post("/api/searches", json={"query": query, "url": SITE})
            for query in ["Trust account", *["trust  ACCOUNT"] * 7]  # the same query, once normalised
        ]
    assert [(answer.status_code, answer.json().get("status")) for answer in answers[:6]] == [
        (201, "recorded"),
        *[(201, "not counted")] * 5,
    ]
    assert answers[1].json()["detail"] == "stored, but not counted: this address already reported this search today"
    assert [(answer.status_code, answer.json()) for answer in answers[6:]] == [
        (429, {"reason": "this search was reported too many times from this address today; try again tomorrow"})
    ] * 2
    assert [(row["query"], row["counted"]) for row in rows(settings.database, "searches")] == [
        ("trust account", True),
        *[("trust account", False)] * 5,
    ]


def test_a_client_has_a_daily_limit_over_all_pages(settings: Settings, tmp_path: Path) -> None:
    pages = {f"page-{number}/": f"Page {number}" for number in range(4)}
    manifest = write_manifest(tmp_path / "several.json", pages=pages)
    limited = Settings(**{**settings.__dict__, "per_day": 3, "pages": str(manifest)})
    with api_client(limited, client=("203.0.113.7", 40000)) as client:
        answers = [vote(client, number, SITE + page) for number, page in enumerate(pages)]
    assert answers[:3] == [RECORDED] * 3
    assert answers[3] == (429, {"reason": "too many answers from this address today; try again tomorrow"})


# --- two real workers, a restart, and `make stale` -------------------------------------------


def hammer(server: FeedbackServer, numbers: range) -> list[int]:
    """The red team's curl loop, from eight connections at once so that both workers take requests."""

    def one(number: int) -> int:
        return server.post("/api/votes", {"url": URL, "vote": "no", "comment": f"curl {number}"})[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, numbers))


def workers_of(server: FeedbackServer) -> list[int]:
    """uvicorn's worker processes (multiprocessing children of the service's main process)."""
    assert server.process is not None
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    return [int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def stale_lines(database: str, tmp_path: Path) -> list[str]:
    """`make stale` on a fixture site whose one article has the address of the page under attack."""
    page = "---\ntitle: {title}\ndescription: About it.\nreviewed: 2026-11-01\n---\n\nBody.\n"
    pages = {"index.md": page.format(title="Home"), ARTICLE.rstrip("/") + ".md": page.format(title="An article")}
    config = make_site(tmp_path / "site", pages)
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stale.py"), "-f", str(config), "--today", "2026-11-25"],
        capture_output=True,
        text=True,
        env={**os.environ, "HELPCENTER_FEEDBACK_DB": database},
        check=True,
        timeout=120,
    )
    return completed.stdout.splitlines()


def test_one_client_cannot_flag_an_article_with_two_workers_and_a_restart(database: str, tmp_path: Path) -> None:
    env = {
        "HELPCENTER_FEEDBACK_DB": database,
        "HELPCENTER_FEEDBACK_PAGES": str(write_manifest(tmp_path / "pages.json")),
        "HELPCENTER_FEEDBACK_RATE": "0",  # the per-minute guard is per worker: out of the way here
    }
    server = FeedbackServer(env, workers=2, log=tmp_path / "service.log").start()
    try:
        assert len(workers_of(server)) == 2, server.log_text()
        first = hammer(server, range(ATTACK))
        server.kill()  # kill -9: whatever a worker kept in memory is gone
        server.start()
        second = hammer(server, range(ATTACK, 2 * ATTACK))
    finally:
        server.stop()
    assert sorted(first) == [201] * 6 + [429] * (ATTACK - 6)
    assert second == [429] * ATTACK
    assert counted(database) == ["no"]
    assert len(rows(database, "votes")) == 6
    assert stale_lines(database, tmp_path) == [
        "No article is more than 365 days past its review (today is 2026-11-25).",
        "No other article is unhelpful to readers (under 50% of at least 5 votes say it helped).",
    ]
    # The control: four more readers say "no" as well, and now the article is flagged as it should be.
    engine = open_engine(database)
    store = Store(engine)
    for _ in range(4):
        store.add_vote(VoteRow(dt.datetime.now(dt.UTC), ARTICLE, "An article", "no", None, None, None))
    engine.dispose()
    assert stale_lines(database, tmp_path)[-1].endswith("[UNHELPFUL: 0 of 5 readers found it helpful (0%)]")
