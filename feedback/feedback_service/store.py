"""Where answers are kept: SQLAlchemy Core over SQLite (the default) or PostgreSQL.

SQLite runs in WAL mode with ``synchronous=FULL``: a committed answer survives
the service being killed and the machine losing power. Writes within one
process take a lock first, so threads queue in Python instead of in SQLite's
sleeping busy handler. PostgreSQL needs nothing special: workers on many
machines share one database.

The schema is created and changed only by the Alembic migrations in
``migrations/``; ``tables`` below must describe what they produce.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: PostgreSQL advisory lock that lets one worker at a time run the migrations.
_MIGRATION_LOCK = 7_140_001

metadata = MetaData()
_ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite's rowid alias must be INTEGER

votes = Table(
    "votes",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("page", String(2048), nullable=False),  # address relative to the site, e.g. billing/generate-a-bill/
    Column("title", String(300), nullable=False),  # the page's title when the vote came in
    Column("vote", String(3), nullable=False),
    Column("reason", String(40)),
    Column("comment", Text),  # set to NULL after the retention period
    Column("version", String(64)),  # the build (git commit) the reader saw
    CheckConstraint("vote IN ('yes', 'no')", name="ck_votes_vote"),
    Index("ix_votes_page", "page"),
    Index("ix_votes_created_at", "created_at"),
)

searches = Table(
    "searches",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("query", String(200), nullable=False),  # normalised: trimmed, single spaces, lower case
    Column("page", String(2048), nullable=False),  # where the reader searched
    Index("ix_searches_query", "query"),
    Index("ix_searches_created_at", "created_at"),
)


@dataclass(frozen=True)
class VoteRow:
    created_at: dt.datetime
    page: str
    title: str
    vote: str
    reason: str | None
    comment: str | None
    version: str | None


@dataclass(frozen=True)
class SearchRow:
    created_at: dt.datetime
    query: str
    page: str


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")  # other processes (a report, a second worker) may hold the lock
    cursor.close()


def open_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A database restart must not break the workers for good: check a pooled connection before use.
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One process at a time runs the migrations (several workers start together)."""
    if is_sqlite(engine):
        database = engine.url.database
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.migrate-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic); safe to run from every worker at once."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(engine), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_version(connection: Connection) -> str | None:
    """The applied migration, or None for a database the service never set up."""
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


class Store:
    """Inserts, purges and reads; every method is synchronous (the web app calls them in worker threads)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite allows one writer: queue in-process writers here rather than in its busy handler.
        self._write_lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if is_sqlite(engine) else contextlib.nullcontext()
        )

    def add_vote(self, row: VoteRow) -> None:
        self.add_many([row])

    def add_search(self, row: SearchRow) -> None:
        self.add_many([row])

    def add_many(self, rows: list[VoteRow | SearchRow]) -> None:
        """Store answers in one transaction: all of them, or (an exception) none."""
        vote_rows = [row.__dict__ for row in rows if isinstance(row, VoteRow)]
        search_rows = [row.__dict__ for row in rows if isinstance(row, SearchRow)]
        with self._write_lock, self.engine.begin() as connection:
            if vote_rows:
                connection.execute(insert(votes), vote_rows)
            if search_rows:
                connection.execute(insert(searches), search_rows)

    def purge(self, before: dt.datetime, *, containing: str | None = None) -> tuple[int, int]:
        """Delete comments and search queries older than ``before`` (or, with ``containing``, only
        those whose text contains it, whatever their age). Returns (comments, searches) deleted."""
        comment_filter = [votes.c.comment.is_not(None)]
        search_filter = []
        if containing is None:
            comment_filter.append(votes.c.created_at < before)
            search_filter.append(searches.c.created_at < before)
        else:
            pattern = "%" + containing.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            comment_filter.append(votes.c.comment.ilike(pattern, escape="\\"))
            search_filter.append(searches.c.query.ilike(pattern, escape="\\"))
        with self._write_lock, self.engine.begin() as connection:
            comments = connection.execute(update(votes).where(*comment_filter).values(comment=None)).rowcount
            removed = connection.execute(delete(searches).where(*search_filter)).rowcount
        return comments, removed

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
