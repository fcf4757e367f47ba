"""The index's database: engine, migrations, checkpoint, and the writes the
follower makes in one transaction each (a batch of events, a rollback).

SQLite (the default, a file) and PostgreSQL (by URL) behave the same: the
schema comes from the Alembic migrations in frontend/migrations/, applied
when the service starts.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, Dialect, Engine, Table, create_engine, delete, event, insert, select, union
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from frontend.index import models

__all__ = ["BulkStatement", "Store", "bulk_insert", "make_engine", "migrate", "open_database"]

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL and a busy timeout so the
    API reads while the follower writes."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10)


def open_database(url: str) -> Engine:
    """`make_engine` and `migrate`; a database that cannot be opened (a
    PostgreSQL server that does not answer or refuses the user, a SQLite
    file in a directory that cannot be made) is a `ConfigError` saying so
    in one line, with the URL's password hidden."""
    from frontend.config import ConfigError

    try:
        engine = make_engine(url)
        migrate(engine)
    except (SQLAlchemyError, OSError) as err:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = " ".join(str(getattr(err, "orig", None) or err).split())
        raise ConfigError(f"HARVEST_DATABASE_URL: cannot open the database {shown} ({reason[:300]})") from err
    return engine


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration (programmatically, on this engine)."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class BulkStatement:
    """A statement run with many rows through the driver's `executemany`.

    SQLAlchemy's `conn.execute(stmt, rows)` builds each row's parameters
    through its compiler (about 20 µs a row, most of a catch-up's database
    time). This compiles the statement once per dialect and applies, per
    row, only the bind processors SQLAlchemy itself would apply (JSON
    serializer, `Uint256`, booleans on SQLite, ...), so the database gets
    exactly the same values. `keys` maps each bind name to the key it is
    read from in a row (a dict). A bind named in `as_text` takes its value
    as already written (JSON text the caller wrote exactly as the column's
    serializer would), so its bind processor is skipped.
    """

    def __init__(
        self,
        stmt: ClauseElement,
        keys: Mapping[str, str],
        column_keys: list[str] | None = None,
        as_text: Collection[str] = (),
    ):
        self.stmt = stmt
        self.keys = dict(keys)
        self.column_keys = column_keys
        self.as_text = frozenset(as_text)
        self._plans: weakref.WeakKeyDictionary[Dialect, _Plan] = weakref.WeakKeyDictionary()

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect)
        if plan is None:
            compiled = self.stmt.compile(dialect=dialect, column_keys=self.column_keys)
            assert isinstance(compiled, SQLCompiler)
            names = list(compiled.positiontup or []) if compiled.positional else list(compiled.binds)
            names = [n for n in names if n in self.keys]
            processors: list[tuple[int, Callable[[Any], Any]]] = []
            for i, name in enumerate(names):
                if name in self.as_text:
                    continue
                processor = compiled.binds[name].type._cached_bind_processor(dialect)
                if processor is not None:
                    processors.append((i, processor))
            plan = self._plans[dialect] = _Plan(compiled.string, names, processors, compiled.positional)
            plan.getters = [itemgetter(self.keys[n]) for n in names]
        return plan

    def execute(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        plan = self._plan(conn.dialect)
        # Column by column (map and zip run in C): each column's values, its
        # bind processor over them, then the rows again as tuples.
        columns: list[Any] = [list(map(get, rows)) for get in plan.getters]
        for i, processor in plan.processors:
            columns[i] = list(map(processor, columns[i]))
        params: list[Any] = list(zip(*columns, strict=True))
        if plan.positional:
            conn.exec_driver_sql(plan.sql, params)
        else:
            names = plan.names
            conn.exec_driver_sql(plan.sql, [dict(zip(names, v, strict=True)) for v in params])


class _Plan:
    def __init__(
        self, sql: str, names: list[str], processors: list[tuple[int, Callable[[Any], Any]]], positional: bool
    ) -> None:
        self.sql = sql
        self.names = names
        self.processors = processors
        self.positional = positional
        self.getters: list[Callable[[Mapping[str, Any]], Any]] = []


_INSERTS: dict[tuple[Table, frozenset[str]], BulkStatement] = {}


def bulk_insert(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], as_text: Collection[str] = ()
) -> None:
    """Insert `rows` (dicts by column name) into `table` in one `executemany`;
    a column left to the database (an autoincrement id) is never sent; the
    JSON columns named in `as_text` come as their JSON text already."""
    key = (table, frozenset(as_text))
    statement = _INSERTS.get(key)
    if statement is None:
        columns = [c.name for c in table.columns if c is not table.autoincrement_column]
        statement = _INSERTS[key] = BulkStatement(insert(table), {c: c for c in columns}, columns, as_text)
    statement.execute(conn, rows)


class Store:
    """Reads and writes of the index that are not handlers' business."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- meta and checkpoint -------------------------------------------------------

    @staticmethod
    def get_meta(conn: Connection, key: str) -> str | None:
        value = conn.execute(select(models.meta.c.value).where(models.meta.c.key == key)).scalar()
        return None if value is None else str(value)

    @staticmethod
    def set_meta(conn: Connection, key: str, value: str) -> None:
        conn.execute(delete(models.meta).where(models.meta.c.key == key))
        conn.execute(insert(models.meta).values(key=key, value=value))

    def checkpoint(self, conn: Connection) -> tuple[int, str] | None:
        """(block number, block hash) of the last block indexed, if any."""
        number = self.get_meta(conn, "checkpoint_number")
        block_hash = self.get_meta(conn, "checkpoint_hash")
        if number is None or block_hash is None:
            return None
        return int(number), block_hash

    def set_checkpoint(self, conn: Connection, number: int, block_hash: str) -> None:
        self.set_meta(conn, "checkpoint_number", str(number))
        self.set_meta(conn, "checkpoint_hash", block_hash)

    # -- blocks and events -----------------------------------------------------------

    @staticmethod
    def save_blocks(conn: Connection, headers: list[dict[str, Any]]) -> None:
        """Insert block headers not stored yet."""
        if not headers:
            return
        numbers = [h["number"] for h in headers]
        number = models.blocks.c.number
        known = set(conn.execute(select(number).where(number.between(min(numbers), max(numbers)))).scalars())
        fresh = {h["number"]: h for h in headers if h["number"] not in known}
        bulk_insert(conn, models.blocks, list(fresh.values()))

    @staticmethod
    def stored_blocks_below(conn: Connection, number: int, limit: int) -> list[tuple[int, str]]:
        """Known (number, hash) at or below `number`, newest first: the
        checkpoints' rows in `blocks` and the block of every stored event."""
        checkpoints = select(
            models.blocks.c.number.label("number"), models.blocks.c.hash.label("hash")
        ).where(models.blocks.c.number <= number)
        with_events = select(
            models.events.c.block_number.label("number"), models.events.c.block_hash.label("hash")
        ).where(models.events.c.block_number <= number)
        known = union(checkpoints, with_events).subquery()
        rows = conn.execute(select(known.c.number, known.c.hash).order_by(known.c.number.desc()).limit(limit))
        return [(int(n), str(h)) for n, h in rows]

    @staticmethod
    def truncate_above(conn: Connection, number: int) -> int:
        """Delete events and blocks above `number`; the events deleted."""
        deleted = conn.execute(delete(models.events).where(models.events.c.block_number > number)).rowcount
        conn.execute(delete(models.blocks).where(models.blocks.c.number > number))
        return int(deleted or 0)

    @staticmethod
    def clear_derived(conn: Connection) -> None:
        for table in reversed(models.DERIVED):
            conn.execute(delete(table))

    def wipe(self, conn: Connection) -> None:
        """Forget the whole chain (another chain behind the same URL)."""
        self.clear_derived(conn)
        conn.execute(delete(models.offers))
        conn.execute(delete(models.events))
        conn.execute(delete(models.blocks))
        conn.execute(delete(models.meta))
