"""Where answers are kept: SQLAlchemy Core over SQLite (the default) or PostgreSQL.

SQLite runs in WAL mode with ``synchronous=FULL``: a committed answer survives
the service being killed and the machine losing power. Writes within one
process take a lock first, so threads queue in Python instead of in SQLite's
sleeping busy handler. A new SQLite database and the folders made for it are
readable by their owner only (0600/0700). PostgreSQL needs nothing special:
workers on many machines share one database.

The tables are defined once, in `feedback_service.tables`; the Alembic
migrations in ``migrations/`` create them (`migrate`).

Every answer that comes with a `Quota` is counted against its client's daily
quotas in the same transaction that stores it, so the limits hold across
workers, machines and restarts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import fcntl
import os
import secrets
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, create_engine, delete, event, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, make_url

from feedback_service.privacy import fold
from feedback_service.tables import quotas, salts, searches, votes

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: PostgreSQL advisory lock that lets one worker at a time run the migrations.
_MIGRATION_LOCK = 7_140_001
PURGE_BATCH = 1000  # rows read at a time when looking for a reader's text


class SchemaError(RuntimeError):
    """The database cannot be used by this version of the service; the message says what to do."""


@dataclass(frozen=True)
class VoteRow:
    created_at: dt.datetime
    page: str
    title: str
    vote: str
    reason: str | None
    comment: str | None
    version: str | None
    counted: bool = True


@dataclass(frozen=True)
class SearchRow:
    created_at: dt.datetime
    query: str
    page: str
    counted: bool = True


@dataclass(frozen=True)
class Limits:
    """Per client (address) and UTC day. 0 switches a limit off."""

    counted: int = 1  # answers about one page (or one search query) that count
    kept: int = 5  # answers about it beyond those that are still stored, marked as not counted
    daily: int = 500  # answers about anything


@dataclass(frozen=True)
class Quota:
    """The quota keys of one answer: HMACs of the client's address with the day's salt (never the address)."""

    day: dt.date
    target: str  # this client, this page or query
    total: str  # this client, every answer


class Outcome(enum.Enum):
    COUNTED = "counted"
    CAPPED = "capped"  # stored, not counted: the client already answered about this today
    OVER_TARGET = "over-target"  # not stored: too many answers about this page or query today
    OVER_DAY = "over-day"  # not stored: too many answers today


def judge(limits: Limits, on_target: int, in_all: int) -> Outcome:
    """What becomes of an answer that is the client's ``on_target``-th today about its page and ``in_all``-th in all."""
    if limits.daily and in_all > limits.daily:
        return Outcome.OVER_DAY
    if not limits.counted or on_target <= limits.counted:
        return Outcome.COUNTED
    if on_target <= limits.counted + limits.kept:
        return Outcome.CAPPED
    return Outcome.OVER_TARGET


def describe(url: str) -> str:
    """The database as a person names it: a file's path, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")  # other processes (a report, a second worker) may hold the lock
    cursor.close()


def _private_file(path: Path) -> None:
    """Create ``path`` (and missing folders) readable by its owner only; SQLite's -wal and -shm files copy its mode."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another worker made it first
            folder.mkdir(mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def open_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_file(Path(parsed.database))
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
        descriptor = os.open(f"{database}.migrate-lock", os.O_CREAT | os.O_RDWR, 0o600)
        with open(descriptor, "r+b") as handle:
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


def alembic_config(connection: Connection | None = None) -> Any:
    """Alembic's configuration, made in code (feedback/alembic.ini is the same, for Alembic's own command line)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _check_known(connection: Connection, config: Any) -> None:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    scripts = ScriptDirectory.from_config(config)
    if current is None or current in {script.revision for script in scripts.walk_revisions()}:
        return
    raise SchemaError(
        f"the database {describe(str(connection.engine.url))} has schema version {current}, newer than this"
        f" service knows (up to {scripts.get_current_head()}) -> run the newer version of the service on it,"
        " or point HELPCENTER_FEEDBACK_DB at another database"
    )


def require_current(engine: Engine) -> None:
    """Raise `SchemaError` unless the database has exactly the schema this code reads (for the report and purge)."""
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        config = alembic_config(connection)
        _check_known(connection, config)
        current = schema_version(connection)
    head = ScriptDirectory.from_config(config).get_current_head()
    if current != head:
        raise SchemaError(
            f"the database {describe(str(engine.url))} has schema version {current}, older than this code reads"
            f" ({head}) -> make feedback-migrate (or start the service once) to bring it up to date"
        )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic); safe to run from every worker at once.

    A database migrated by a newer version of the service raises `SchemaError`, and is left alone.
    """
    from alembic import command

    with _migration_lock(engine), engine.begin() as connection:
        config = alembic_config(connection)
        _check_known(connection, config)
        command.upgrade(config, "head")


def schema_version(connection: Connection) -> str | None:
    """The applied migration, or None for a database the service never set up."""
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class Pending:
    """An answer to store, and the quotas it counts against (None: stored and counted as it is)."""

    row: VoteRow | SearchRow
    quota: Quota | None = None


def _insert_for(engine: Engine | Connection) -> Any:
    return sqlite.insert if engine.dialect.name == "sqlite" else postgresql.insert


def _counting(engine: Engine) -> Any:
    """Add ``n`` to each quota and return the new values: atomic, whatever runs beside it.

    Built once, with bound parameters, so SQLAlchemy compiles it once; run with a list of parameters, it
    becomes one multi-row statement per batch of answers ("insertmanyvalues"), the cheapest way measured.
    """
    statement = _insert_for(engine)(quotas).values(key=bindparam("key"), day=bindparam("day"), answers=bindparam("n"))
    return statement.on_conflict_do_update(
        index_elements=[quotas.c.key], set_={"answers": quotas.c.answers + statement.excluded.answers}
    ).returning(quotas.c.key, quotas.c.answers, sort_by_parameter_order=True)


class Store:
    """Inserts, purges and reads; every method is synchronous (the web app calls them in worker threads)."""

    def __init__(self, engine: Engine, limits: Limits | None = None) -> None:
        self.engine = engine
        self.limits = limits or Limits()
        self._salt: tuple[dt.date, bytes] | None = None
        self._counting = _counting(engine)
        # SQLite allows one writer: queue in-process writers here rather than in its busy handler.
        self._write_lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if is_sqlite(engine) else contextlib.nullcontext()
        )

    def add_vote(self, row: VoteRow) -> None:
        self.add_many([Pending(row)])

    def add_search(self, row: SearchRow) -> None:
        self.add_many([Pending(row)])

    def _keys(self, quota: Quota | None) -> list[str]:
        """The quotas an answer counts against (none for an answer without a quota, or with limits off)."""
        if quota is None:
            return []
        return [key for key, on in ((quota.total, self.limits.daily), (quota.target, self.limits.counted)) if on]

    def _outcomes(self, connection: Connection, answers: Sequence[Pending]) -> list[Outcome]:
        """Count a batch of answers against their quotas in one statement, then judge each in its order."""
        keyed = [(answer.quota, self._keys(answer.quota)) for answer in answers]
        added = Counter(key for _, keys in keyed for key in keys)
        days = {key: quota.day for quota, keys in keyed if quota is not None for key in keys}
        reached: dict[str, int] = {}
        if added:
            rows = connection.execute(self._counting, [{"key": k, "day": days[k], "n": n} for k, n in added.items()])
            reached = {key: int(total) - added[key] for key, total in rows}  # the counts before this batch
        outcomes = []
        for quota, keys in keyed:
            for key in keys:
                reached[key] += 1  # this answer's number on that quota
            if quota is None:
                outcomes.append(Outcome.COUNTED)
            else:
                outcomes.append(judge(self.limits, reached.get(quota.target, 0), reached.get(quota.total, 0)))
        return outcomes

    def add_many(self, answers: Sequence[Pending]) -> list[Outcome]:
        """Store answers in one transaction: all of them, or (an exception) none. One outcome per answer."""
        vote_rows: list[dict[str, Any]] = []
        search_rows: list[dict[str, Any]] = []
        with self._write_lock, self.engine.begin() as connection:
            outcomes = self._outcomes(connection, answers)
            for answer, outcome in zip(answers, outcomes, strict=True):
                if outcome in (Outcome.OVER_TARGET, Outcome.OVER_DAY):
                    continue
                # The fields as they are (dataclasses.asdict would deep-copy each value, at a cost per answer).
                values = {**vars(answer.row), "counted": answer.row.counted and outcome is Outcome.COUNTED}
                (vote_rows if isinstance(answer.row, VoteRow) else search_rows).append(values)
            if vote_rows:
                connection.execute(insert(votes), vote_rows)
            if search_rows:
                connection.execute(insert(searches), search_rows)
        return outcomes

    def known_salt(self, day: dt.date) -> bytes | None:
        """The day's salt if this process already has it (no database round trip)."""
        return self._salt[1] if self._salt is not None and self._salt[0] == day else None

    def salt(self, day: dt.date) -> bytes:
        """The day's salt, made by whichever worker needs it first and shared through the database."""
        known = self.known_salt(day)
        if known is not None:
            return known
        with self._write_lock, self.engine.begin() as connection:
            connection.execute(
                _insert_for(connection)(salts)
                .values(day=day, salt=secrets.token_hex(32))
                .on_conflict_do_nothing(index_elements=[salts.c.day])
            )
            value = connection.execute(select(salts.c.salt).where(salts.c.day == day)).scalar_one()
        self._salt = (day, bytes.fromhex(value))
        return self._salt[1]

    def forget_clients(self, today: dt.date) -> int:
        """Delete the quotas and salts of earlier days: what is left cannot be linked to anyone. Returns quotas."""
        with self._write_lock, self.engine.begin() as connection:
            removed = connection.execute(delete(quotas).where(quotas.c.day < today)).rowcount
            connection.execute(delete(salts).where(salts.c.day < today))
        return int(removed)

    def purge(self, before: dt.datetime, *, containing: str | None = None) -> tuple[int, int]:
        """Delete comments and search queries older than ``before`` (or, with ``containing``, only
        those whose text contains it, caselessly, whatever their age). Returns (comments, searches) deleted."""
        if containing is not None:
            return self._purge_matching(fold(containing))
        with self._write_lock, self.engine.begin() as connection:
            comments = connection.execute(
                update(votes).where(votes.c.comment.is_not(None), votes.c.created_at < before).values(comment=None)
            ).rowcount
            removed = connection.execute(delete(searches).where(searches.c.created_at < before)).rowcount
        return int(comments), int(removed)

    def _matching(self, connection: Connection, column: Any, key: Any, needle: str) -> list[int]:
        """Ids of the rows whose text holds ``needle`` (folded), read in batches: no database folds like Python."""
        found: list[int] = []
        last = -1
        while True:
            batch = connection.execute(
                select(key, column).where(key > last, column.is_not(None)).order_by(key).limit(PURGE_BATCH)
            ).all()
            if not batch:
                return found
            found += [row_id for row_id, value in batch if needle in fold(value)]
            last = batch[-1][0]

    def _purge_matching(self, needle: str) -> tuple[int, int]:
        with self._write_lock, self.engine.begin() as connection:
            comment_ids = self._matching(connection, votes.c.comment, votes.c.id, needle)
            search_ids = self._matching(connection, searches.c.query, searches.c.id, needle)
            for start in range(0, len(comment_ids), PURGE_BATCH):
                chunk = comment_ids[start : start + PURGE_BATCH]
                connection.execute(update(votes).where(votes.c.id.in_(chunk)).values(comment=None))
            for start in range(0, len(search_ids), PURGE_BATCH):
                chunk = search_ids[start : start + PURGE_BATCH]
                connection.execute(delete(searches).where(searches.c.id.in_(chunk)))
        return len(comment_ids), len(search_ids)

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
