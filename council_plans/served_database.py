"""The database as the site serves it: read-only, reopened when a build replaces the file, and
with SQLite's limits on what one query may cost.

``plans build`` writes a new file and swaps it in with one rename, so a running server that
holds the old file open would serve the old data until restarted. :class:`ServedDatabase`
notices a new file (its inode, size or modification time changed) at the next query and gives
every SQL thread a fresh connection to it; caches the site's pages keep are emptied with it
(:meth:`ServedDatabase.cached`). The file is still opened ``immutable=1``: SQLite then skips
locking, which is right for a file nothing writes to in place.

:func:`limit_connection` bounds a query's memory: no string or blob longer than
:data:`MAX_VALUE_BYTES` (so ``printf('%.*c', 300000000, 'x')`` gives NULL instead of
allocating 300 MB), and short LIKE patterns. With arbitrary SQL allowed (``plans serve
--allow-sql``) a SELECT has at most :data:`MAX_COLUMNS` columns, and each query's rows are
counted as they are fetched: a result over :data:`MAX_RESULT_BYTES` is refused, which bounds
what long strings in many columns over many rows could take.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from datasette.database import Database, connections

# The largest value a query may make or read. Stored values are far smaller (a page's text is
# at most a few KB); arbitrary SQL could otherwise build strings of any length in memory.
MAX_VALUE_BYTES = 1_000_000
# LIKE patterns of the canned queries are a name or a few words; SQLite's default allows 50,000
# bytes, and its "Defense against the dark arts" advises a small limit for untrusted patterns.
MAX_LIKE_PATTERN_BYTES = 250
# With --allow-sql: columns a SELECT may have (the widest table has about 30), and text and
# blobs one query may return (Datasette caps rows at max_returned_rows). One row is built
# before it is counted, so the most a query can hold is about MAX_COLUMNS * MAX_VALUE_BYTES
# on top of MAX_RESULT_BYTES.
MAX_COLUMNS = 64
MAX_RESULT_BYTES = 20_000_000


class ResultTooLarge(sqlite3.DataError):
    """A query's result passed MAX_RESULT_BYTES (a DatabaseError, so Datasette reports it as
    the query's error)."""


def limit_connection(conn: sqlite3.Connection, *, count_result_bytes: bool = False) -> None:
    """SQLite's length limits on ``conn``; with ``count_result_bytes``, a cap on each query's
    result (installed as the row factory, which sees every row fetched)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN_BYTES)
    if count_result_bytes:
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)
        conn.row_factory = _budgeted_rows(conn.row_factory)


def _budgeted_rows(make_row: Any) -> Callable[[sqlite3.Cursor, tuple], Any]:
    spent: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()

    def row_factory(cursor: sqlite3.Cursor, row: tuple) -> Any:
        size = spent.get(cursor, 0) + sum(len(v) for v in row if isinstance(v, (str, bytes)))
        if size > MAX_RESULT_BYTES:
            raise ResultTooLarge(f"The result is larger than {MAX_RESULT_BYTES // 1_000_000} MB: "
                                 "ask for fewer rows or shorter columns")
        spent[cursor] = size
        return make_row(cursor, row) if make_row is not None else row

    return row_factory


def file_identity(path: str) -> tuple[int, ...] | None:
    """What changes when the file at ``path`` is replaced or rewritten; None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class ServedDatabase(Database):
    """An immutable Datasette database that follows its file: a new file at the same path
    (a finished rebuild) is opened at the next query, without a restart."""

    def __init__(self, ds: Any, path: str):
        super().__init__(ds, path=path, is_mutable=False)
        self.identity = file_identity(path)
        self.generation = 0
        self._cache: dict[str, Any] = {}
        self._cache_generation = 0

    def refresh(self) -> int:
        """Check the file (one stat) and move to a new generation when it was replaced; the
        generation. A file that vanished is not a new one: the open connections still hold
        the old data, which is better than an error."""
        identity = file_identity(self.path)
        if identity is not None and identity != self.identity:
            self.identity = identity
            self.generation += 1
            # Datasette's caches of the file's hash, size and table counts belong to the old file.
            self.cached_hash = self.cached_size = self._cached_table_counts = None
            print(f"{self.path} was replaced: serving the new file", file=sys.stderr, flush=True)
        return self.generation

    async def cached(self, key: str, compute: Callable[[], Awaitable[Any]]) -> Any:
        """``compute()``'s value, kept until the file is replaced (counts and lists the
        site's pages would otherwise make again for each request)."""
        generation = self.refresh()
        if generation != self._cache_generation:
            self._cache, self._cache_generation = {}, generation
        if key not in self._cache:
            self._cache[key] = await compute()
        return self._cache[key]

    def _connection(self, held: tuple[int, sqlite3.Connection] | None, generation: int) -> tuple[int, sqlite3.Connection]:
        if held is not None and held[0] == generation:
            return held
        if held is not None:
            held[1].close()
            if held[1] in self._all_file_connections:
                self._all_file_connections.remove(held[1])
        conn = self.connect()
        self.ds._prepare_connection(conn, self.name)
        return generation, conn

    async def execute_fn(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        # Datasette's own execute_fn keeps one connection per thread for the life of the
        # process; here each connection is tagged with the file generation it was opened on.
        generation = self.refresh()
        if self.ds.executor is None:  # Datasette run without SQL threads
            self._held = self._connection(getattr(self, "_held", None), generation)
            return fn(self._held[1])
        key = f"served:{self.name}"

        def in_thread() -> Any:
            held = self._connection(getattr(connections, key, None), generation)
            setattr(connections, key, held)
            return fn(held[1])

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)
