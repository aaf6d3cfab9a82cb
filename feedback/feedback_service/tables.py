"""The database's tables, defined once (SQLAlchemy metadata).

The Alembic migrations in ``migrations/versions/`` create what this describes;
``tests/test_feedback_schema.py`` (and ``alembic check``, see feedback/README.md)
fails when they drift apart. A change here needs a new migration.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    true,
)

# Lengths the answers' checks share (feedback_service.answers), so nothing longer ever reaches a column.
PAGE_LENGTH = 2048
TITLE_LENGTH = 300
VERSION_LENGTH = 64
QUERY_LENGTH = 200

metadata = MetaData()
_ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite's rowid alias must be INTEGER

votes = Table(
    "votes",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("page", String(PAGE_LENGTH), nullable=False),  # address relative to the site, e.g. billing/generate-a-bill/
    Column("title", String(TITLE_LENGTH), nullable=False),  # the page's title when the vote came in
    Column("vote", String(3), nullable=False),
    Column("reason", String(40)),
    Column("comment", Text),  # masked before it is stored; set to NULL after the retention period
    Column("version", String(VERSION_LENGTH)),  # the build (git commit) the reader saw
    # False: the same client had already answered about this page that day; kept for its comment, never counted.
    Column("counted", Boolean(create_constraint=False), nullable=False, server_default=true()),
    CheckConstraint("vote IN ('yes', 'no')", name="ck_votes_vote"),
    Index("ix_votes_page", "page"),
    Index("ix_votes_created_at", "created_at"),
)

searches = Table(
    "searches",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("query", String(QUERY_LENGTH), nullable=False),  # normalised and masked: single spaces, lower case
    Column("page", String(PAGE_LENGTH), nullable=False),  # where the reader searched
    Column("counted", Boolean(create_constraint=False), nullable=False, server_default=true()),
    Index("ix_searches_query", "query"),
    Index("ix_searches_created_at", "created_at"),
)

# How many answers one client sent today, per page (or query) and in all. The key is an HMAC of the
# client's address with the day's salt: never the address, and unlinkable once the salt is deleted.
quotas = Table(
    "quotas",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("day", Date, nullable=False),
    Column("answers", Integer, nullable=False),
    Index("ix_quotas_day", "day"),
)

# One random salt per (UTC) day, shared by every worker; yesterday's is deleted with its quotas.
salts = Table(
    "salts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("salt", String(64), nullable=False),
)
