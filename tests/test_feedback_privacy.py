"""Readers' privacy on the server: personal details masked before they are stored, whatever the client;
a reader's text found in any case and script when they ask for it to be deleted; files only their owner reads.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from feedback_kit import ARTICLE, SITE, api_client, command, rows, write_manifest
from feedback_service.privacy import fold, mask
from feedback_service.settings import Settings
from feedback_service.store import SearchRow, Store, VoteRow, migrate, open_engine


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Write to jane.doe@example.com please", "Write to [email] please"),
        ("mail: <a@b.co>.", "mail: <[email]>."),
        ("Call me on +1 (555) 010-4477 today", "Call me on [number] today"),
        ("call 555.010.4477 or 0151 2345678", "call [number] or [number]"),
        ("account 12345678901234", "account [number]"),
        ("٠١٢٣٤٥٦٧٨٩ in Arabic-Indic digits", "[number] in Arabic-Indic digits"),
        # What must stay: step numbers, years, amounts, dates, a mention.
        ("Step 3 of 12, in 2026, costs 1,250.00", "Step 3 of 12, in 2026, costs 1,250.00"),
        ("since 2026-01-31 and 31/01/2026", "since 2026-01-31 and 31/01/2026"),
        ("order 123456 failed", "order 123456 failed"),
        ("ask @support or a@", "ask @support or a@"),
    ],
)
def test_mask(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    ("needle", "haystack"),
    [
        ("ZOË MÜLLER", "zoë müller"),
        ("zoe\u0308", "ZOË"),  # a combining diaeresis finds the precomposed letter
        ("STRASSE", "straße"),
        ("ΣΊΣΥΦΟΣ", "σίσυφος"),
        ("ﬁle", "FILE"),  # a ligature
    ],
)
def test_fold_finds_any_case_and_form(needle: str, haystack: str) -> None:
    assert fold(needle) in fold(haystack)


@pytest.fixture
def settings(database: str, tmp_path: Path) -> Settings:
    return Settings(database=database, pages=str(write_manifest(tmp_path / "pages.json")), per_page=0)


def test_comments_and_queries_are_masked_before_they_are_stored(settings: Settings) -> None:
    # curl: no Origin, no browser to mask anything first.
    with api_client(settings) as client:
        vote = {"url": SITE + ARTICLE, "vote": "no", "comment": "I am jane@example.com, call +44 20 7946 0958"}
        assert client.post("/api/votes", json=vote).status_code == 201
        search = {"query": "Refund for JANE@EXAMPLE.COM 4111 1111 1111 1111", "url": SITE}
        assert client.post("/api/searches", json=search).status_code == 201
    assert [row["comment"] for row in rows(settings.database, "votes")] == ["I am [email], call [number]"]
    assert [row["query"] for row in rows(settings.database, "searches")] == ["refund for [email] [number]"]


@pytest.mark.parametrize(
    ("path", "body", "field", "limit"),
    [
        ("/api/searches", {"query": "İ" * 150, "url": SITE}, "query", 200),  # 300 characters once lower-cased
        ("/api/searches", {"query": "a@b " * 45 + "x", "url": SITE}, "query", 200),  # masking lengthens it
        ("/api/votes", {"url": SITE + ARTICLE, "vote": "no", "comment": "a@b " * 249}, "comment", 1000),
    ],
)
def test_too_long_once_normalised_is_a_422_on_every_database(
    settings: Settings, path: str, body: dict[str, str], field: str, limit: int
) -> None:
    with api_client(settings) as client:
        response = client.post(path, json=body)
    assert (response.status_code, response.json()) == (
        422,
        {"reason": f"{field} is longer than {limit} characters once normalised", "field": field},
    )
    assert rows(settings.database, "searches") == [] and rows(settings.database, "votes") == []


def test_purge_finds_a_readers_text_in_any_case_and_script(database: str, tmp_path: Path) -> None:
    import datetime as dt

    engine = open_engine(database)
    migrate(engine)
    store = Store(engine)
    when = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    for comment in ["I am zoë müller, my bill is wrong", "Zoe Muller here", "ZOË MÜLLER again", None]:
        store.add_vote(VoteRow(when, ARTICLE, "An article", "no", None, comment, None))
    for query in ["zoë müller invoice", "invoice"]:
        store.add_search(SearchRow(when, query, ""))
    engine.dispose()
    completed = command("purge", "--containing", "ZOË MÜLLER", database=database, cwd=tmp_path)
    assert (completed.returncode, completed.stderr) == (0, "")
    assert completed.stdout.startswith("Deleted 2 comments and 1 search query containing 'ZOË MÜLLER' from ")
    assert [row["comment"] for row in rows(database, "votes")] == [None, "Zoe Muller here", None, None]
    assert [row["query"] for row in rows(database, "searches")] == ["invoice"]
    empty = command("purge", "--containing", " ", database=database, cwd=tmp_path)
    assert (empty.returncode, empty.stderr) == (
        2,
        "feedback service: the text to delete is empty -> e.g. make feedback-purge MATCH='Jane Doe'\n",
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_and_folders_are_the_owners_only(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "feedback"
    database = f"sqlite:///{folder / 'feedback.db'}"
    settings = Settings(database=database, pages=str(write_manifest(tmp_path / "pages.json")))
    old = os.umask(0o022)  # the usual umask, which would give 0644 and 0755
    try:
        with api_client(settings) as client:
            assert client.post("/api/votes", json={"url": SITE + ARTICLE, "vote": "yes"}).status_code == 201
            created = sorted(path.name for path in folder.iterdir())
            assert created == ["feedback.db", "feedback.db-shm", "feedback.db-wal", "feedback.db.migrate-lock"]
            assert {name: mode(folder / name) for name in created} == dict.fromkeys(created, 0o600)
        assert (mode(folder), mode(folder.parent)) == (0o700, 0o700)
        report = command("report", "--out", "out", database=database, cwd=tmp_path)
        assert report.returncode == 0, report.stderr
    finally:
        os.umask(old)
    out = tmp_path / "out"
    assert {path.name: mode(path) for path in out.iterdir()} == {
        name: 0o600 for name in ("articles.csv", "comments.csv", "searches.csv", "report.json")
    }
    assert mode(out) == 0o700
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"][0]["yes"] == 1
