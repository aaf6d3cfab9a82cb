"""Alembic's entry point. `feedback_service.store.migrate` passes its connection in; Alembic's own command
line (``alembic -c feedback/alembic.ini check``, feedback/README.md) connects to HELPCENTER_FEEDBACK_DB.

The migrations target `feedback_service.tables.metadata`: autogenerate and ``alembic check`` compare it
with what the migrations built.
"""

from __future__ import annotations

import os

from alembic import context

from feedback_service.settings import from_env
from feedback_service.store import open_engine
from feedback_service.tables import metadata


def run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite changes a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = open_engine(from_env(os.environ).database)
    with engine.begin() as connection:
        run(connection)
    engine.dispose()
