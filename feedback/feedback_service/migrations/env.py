"""Alembic's entry point: always run from `store.migrate`, which passes the connection in."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit(
        "run the migrations through the service: python -m feedback_service migrate (make feedback-migrate)"
    )
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
