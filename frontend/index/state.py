"""The derived tables in memory while the follower applies events.

The follower is the only writer of the derived tables, so it keeps them as
dictionaries keyed by primary key (each table read once, on first use),
lets the handlers change rows in place, and writes back only the rows that
changed, in the same database transaction as the events that changed them.
A failed transaction drops the whole cache (it is read again), so memory
never runs ahead of the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, select, update

from frontend.index import models
from frontend.index.store import BulkStatement, bulk_insert

__all__ = ["State", "TableCache"]

Row = dict[str, Any]


_UPDATES: dict[Table, BulkStatement] = {}


def _update_of(table: Table) -> BulkStatement:
    """UPDATE of every other column of a row by its primary key (compiled once)."""
    statement = _UPDATES.get(table)
    if statement is None:
        pk = [c.name for c in table.primary_key.columns]
        others = [c.name for c in table.columns if c.name not in pk]
        statement = _UPDATES[table] = BulkStatement(
            update(table)
            .where(and_(*(table.c[c] == bindparam(f"k_{c}") for c in pk)))
            .values({c: bindparam(f"v_{c}") for c in others}),
            {**{f"k_{c}": c for c in pk}, **{f"v_{c}": c for c in others}},
        )
    return statement


class TableCache:
    """One derived table: rows by primary key, and which of them changed."""

    def __init__(self, table: Table, append_only: bool = False) -> None:
        self.table = table
        self.pk = [c.name for c in table.primary_key.columns]
        self.append_only = append_only
        self.rows: dict[tuple[Any, ...], Row] = {}
        self.persisted: set[tuple[Any, ...]] = set()
        self.dirty: set[tuple[Any, ...]] = set()
        self.loaded = append_only
        self._update = _update_of(table)
        if len(self.pk) == 1:
            only = self.pk[0]
            self._key: Callable[[Row], tuple[Any, ...]] = lambda row: (row[only],)
        else:
            self._key = itemgetter(*self.pk)

    def key(self, row: Row) -> tuple[Any, ...]:
        return self._key(row)

    def load(self, conn: Connection) -> None:
        if self.loaded:
            return
        for row in conn.execute(select(self.table)).mappings():
            plain = dict(row)
            k = self.key(plain)
            self.rows[k] = plain
            self.persisted.add(k)
        self.loaded = True

    def get(self, *key: Any) -> Row | None:
        return self.rows.get(tuple(key))

    def put(self, row: Row) -> Row:
        """Add or replace a row (marked changed)."""
        k = self._key(row)
        self.rows[k] = row
        self.dirty.add(k)
        return row

    def touch(self, row: Row) -> Row:
        """Mark a row changed in place."""
        self.dirty.add(self._key(row))
        return row

    def values(self) -> Iterator[Row]:
        return iter(self.rows.values())

    def flush(self, conn: Connection) -> int:
        """Write the changed rows; the number written."""
        if not self.dirty:
            return 0
        new = [self.rows[k] for k in self.dirty if k not in self.persisted]
        old = [self.rows[k] for k in self.dirty if k in self.persisted]
        bulk_insert(conn, self.table, new)
        self._update.execute(conn, old)
        written = len(self.dirty)
        if self.append_only:
            self.rows.clear()
        else:
            self.persisted.update(self.dirty)
        self.dirty.clear()
        return written


class State:
    """Every derived table's cache."""

    def __init__(self) -> None:
        self.tables: dict[str, TableCache] = {
            t.name: TableCache(t, append_only=t.name in ("journey", "votes", "pool_flows"))
            for t in models.DERIVED
        }
        self.conn: Connection | None = None
        # Votes of an account whose MemberJoined comes later in the same transaction.
        self.pending_votes: dict[tuple[str, str], int] = {}

    def table(self, name: str) -> TableCache:
        cache = self.tables[name]
        if not cache.loaded:
            if self.conn is None:
                raise RuntimeError("the state is not bound to a connection")
            cache.load(self.conn)
        return cache

    def bind(self, conn: Connection) -> None:
        self.conn = conn

    def flush(self) -> int:
        if self.conn is None:
            return 0
        return sum(cache.flush(self.conn) for cache in self.tables.values())

    def reset(self) -> None:
        """Forget everything (after a failed transaction or a rebuild)."""
        self.__init__()  # type: ignore[misc]
