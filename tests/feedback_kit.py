"""Helpers for the feedback service's tests: a page manifest, a controllable clock, fresh databases."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from starlette.testclient import TestClient

from feedback_service.app import create_app
from feedback_service.settings import Settings, database_url
from feedback_service.tables import metadata, searches, votes
from helpcenter.article_end.feedback import REASONS

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://help.example.com/"
ARTICLE = "guides/first-article/"
PAGES = {
    ARTICLE: "A first article",
    "guides/second-article/": "A second article",
    "faq/common-questions/": "Common questions",
}


# The widget's words for each reason, as the build writes them into the manifest.
LABELS = {reason.value: reason.label for reason in REASONS}


def write_manifest(path: Path, *, site_url: str = SITE, pages: Mapping[str, str] = PAGES) -> Path:
    entries = [{"url": url, "title": title, "src": url.rstrip("/") + ".md"} for url, title in pages.items()]
    reasons = [{"value": value, "label": label} for value, label in LABELS.items()]
    manifest = {"format": 1, "site_url": site_url, "pages": entries, "reasons": reasons}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


class Clock:
    """Seconds since the epoch, moved by the test (wall time and monotonic time alike)."""

    def __init__(self, start: float = 1_780_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fresh_database(kind: str, tmp_path: Path, postgres_url: str | None) -> str:
    """An empty database: a new SQLite file, or the test server's database with every table dropped."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'feedback.db'}"
    assert postgres_url is not None
    url = database_url(postgres_url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS votes, searches, quotas, salts, alembic_version"))
    engine.dispose()
    return url


@contextlib.contextmanager
def api_client(
    settings: Settings, clock: Clock | None = None, *, client: tuple[str, int] = ("testclient", 50000), **headers: str
) -> Iterator[TestClient]:
    """The app in this process; ``client`` is the address it sees (a reader's, or a proxy's forwarded one)."""
    options: dict[str, Any] = {"clock": clock, "monotonic": clock} if clock else {}
    app = create_app(settings, **options)
    with TestClient(app, raise_server_exceptions=False, headers=headers, client=client) as test_client:
        yield test_client


def dump(database: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as stored."""
    engine = create_engine(database)
    with engine.connect() as connection:
        found = {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in metadata.sorted_tables
        }
    engine.dispose()
    return found


def rows(database: str, table: str) -> list[dict[str, Any]]:
    engine = create_engine(database)
    chosen = {"votes": votes, "searches": searches}[table]
    with engine.connect() as connection:
        found = [dict(row._mapping) for row in connection.execute(select(chosen).order_by(chosen.c.id))]
    engine.dispose()
    for row in found:
        row.pop("id")
    return found


def command(
    *args: str, database: str, cwd: Path, pages: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m feedback_service ARGS`` as `make` runs it; ``pages``: the build's manifest (reason labels)."""
    environ = {
        **os.environ,
        "HELPCENTER_FEEDBACK_DB": database,
        "HELPCENTER_FEEDBACK_PAGES": str(pages or cwd / "not-built-yet.json"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "feedback_service", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd,
        check=False,
        timeout=120,
    )
