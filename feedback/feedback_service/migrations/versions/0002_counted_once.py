"""Votes that count once: per-client daily quotas (hashed with a daily salt) and a counted flag.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("votes", "searches"):
        op.add_column(table, sa.Column("counted", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_table(
        "quotas",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
    )
    op.create_index("ix_quotas_day", "quotas", ["day"])
    op.create_table(
        "salts",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("salts")
    op.drop_table("quotas")
    for table in ("searches", "votes"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("counted")
