"""Votes on articles and searches that found nothing.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("page", sa.String(2048), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("vote", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(40)),
        sa.Column("comment", sa.Text()),
        sa.Column("version", sa.String(64)),
        sa.CheckConstraint("vote IN ('yes', 'no')", name="ck_votes_vote"),
    )
    op.create_index("ix_votes_page", "votes", ["page"])
    op.create_index("ix_votes_created_at", "votes", ["created_at"])
    op.create_table(
        "searches",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("page", sa.String(2048), nullable=False),
    )
    op.create_index("ix_searches_query", "searches", ["query"])
    op.create_index("ix_searches_created_at", "searches", ["created_at"])


def downgrade() -> None:
    op.drop_table("searches")
    op.drop_table("votes")
