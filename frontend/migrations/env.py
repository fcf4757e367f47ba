"""Alembic environment: the index's tables, on the connection the service
passes in (`frontend.index.store.migrate`), or on HARVEST_DATABASE_URL when
run from the command line (`alembic -c frontend/alembic.ini upgrade head`)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from frontend.config import Config
from frontend.index.models import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from frontend.index.store import make_engine

    engine = make_engine(Config.from_env().resolved().database)
    with engine.begin() as conn:
        _run(conn)
