"""Records → SQLite, written to a temporary file and swapped in only when complete.

Tables come from the record classes themselves (``Record.table``, field types and
descriptions), and the record classes are found, not listed: every subclass of
:class:`~rules.records.Record` with a table, in any module of the packages families register
from (``rules``, ``graph``: all imported, as the engine imports them). So a new record type is
published wherever it is defined, without touching this module. Every table of every known
record type exists even when empty, so queries (and the scorer) never meet a missing table. Full-text search is enabled last: ``table.transform()`` would drop
its triggers.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import types
import typing
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from rules.records import Record

# Tables that hold their council themselves (or are the councils): the others get a
# ``council_id`` column, their document's council (see _with_councils).
OWN_COUNCIL_TABLES = ("councils", "council_completeness", "documents")


def record_classes() -> list[type[Record]]:
    """Every concrete record type of the rule and graph packages, one per table: where a
    subclass shares its parent's table, the parent. In a fixed order (:func:`_defined_at`),
    so the tables are made in the same order on every build."""
    from rules.registry import FAMILY_PACKAGES, load_families

    load_families()
    by_table: dict[str, type[Record]] = {}
    for cls in _subclasses(Record):
        if not cls.table or cls.__module__.split(".")[0] not in FAMILY_PACKAGES:
            continue
        other = by_table.get(cls.table)
        if other is None or issubclass(other, cls):
            by_table[cls.table] = cls
        elif not issubclass(cls, other):
            raise ValueError(f"record types {other.__module__}.{other.__name__} and {cls.__module__}.{cls.__name__} "
                             f"both claim table {cls.table!r}")
    return sorted(by_table.values(), key=lambda cls: _defined_at(cls, FAMILY_PACKAGES))


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _defined_at(cls: type, packages: tuple[str, ...]) -> tuple[int, bool, str, int]:
    """Package (rules before graph), the base record module first, module name, place in it."""
    names = list(vars(sys.modules[cls.__module__]))
    return (packages.index(cls.__module__.split(".")[0]), cls.__module__ != Record.__module__, cls.__module__,
            names.index(cls.__name__) if cls.__name__ in names else len(names))


def column_types(cls: type[Record]) -> dict[str, type]:
    out: dict[str, type] = {}
    for name in cls.columns():
        out[name] = _sql_type(cls.model_fields[name].annotation)
    return out


def _sql_type(annotation: Any) -> type:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if annotation is bool:
        return int
    if annotation in (int, float, str):
        return annotation
    return str


def _value(v: Any) -> Any:
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, ensure_ascii=False)
    return v


def publish(records: list[Record], db_path: str | Path, before_swap: Callable[[], None] | None = None
            ) -> dict[str, int]:
    """Write ``records`` to ``db_path`` atomically; returns the row count of each table.
    ``before_swap`` runs when the new database is complete, just before it replaces the old
    one: an exception there (the build was stopped) leaves the old one in place."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    _remove_stale(db_path)
    if tmp.exists():
        tmp.unlink()
    try:
        counts = _write(records, tmp)
        if before_swap is not None:
            before_swap()
        os.replace(tmp, db_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return counts


def _referenced_first(classes: list[type[Record]]) -> list[type[Record]]:
    """Record types ordered so that a table comes after the tables its foreign keys name
    (sqlite-utils checks them at creation), otherwise in their usual order."""
    ordered: list[type[Record]] = []
    placed: set[str] = set()
    pending = list(classes)
    while pending:
        for cls in pending:
            needs = {other for _, other, _ in cls.foreign_keys if other != cls.table}
            if needs <= placed | (needs - {c.table for c in pending}):
                break
        else:  # a cycle: take the first, its missing keys are added afterwards
            cls = pending[0]
        pending.remove(cls)
        ordered.append(cls)
        placed.add(cls.table)
    return ordered


def _remove_stale(db_path: Path) -> None:
    """Temporary files left by builds that were killed (their process no longer exists)."""
    for stale in db_path.parent.glob(f".{db_path.name}.*.tmp"):
        try:
            pid = int(stale.name.rsplit(".", 2)[-2])
            os.kill(pid, 0)
        except ProcessLookupError:
            stale.unlink(missing_ok=True)
        except (ValueError, PermissionError, OSError):
            continue


def pdf_link(file: str | None, page: int | None) -> str | None:
    """Where the site links a record: the PDF served under /corpus/, opened at its page."""
    if not file:
        return None
    return f"/corpus/{quote(file)}" + (f"#page={page}" if page else "")


def _councils_by_document(documents: list[Record]) -> dict[str, str]:
    return {d.document_id: getattr(d, "council_id", None) or "unknown" for d in documents}


def _council_of(record: Record, councils: dict[str, str]) -> str:
    """A record's council is its document's; a record of no document (a build error about a
    pack) is the unknown council's, never another's."""
    return councils.get(record.document_id or "", "unknown")


def _write(records: list[Record], path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    # The file is private until it is swapped in whole, so a journal and a sync per commit buy
    # nothing: a crash leaves a temporary file that the next build replaces. Off, the write
    # takes a tenth of the time; the file is synced once, before the swap.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    db = sqlite_utils.Database(conn)
    # The councils first: every other table's council_id refers to them.
    classes = sorted(_referenced_first(record_classes()), key=lambda c: c.table != "councils")
    tables = {cls.table for cls in classes}
    by_table: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_table[r.table].append(r)
    files = {r.document_id: getattr(r, "file", None) for r in by_table.get("documents", [])}
    councils = _councils_by_document(by_table.get("documents", []))
    counts = {}
    late_keys: list[tuple[str, str, str, str]] = []  # only when record types refer to each other in a cycle
    with conn:
        for cls in classes:
            rows = {}
            linked = "page" in cls.model_fields and cls.table != "errors" and cls.linked
            with_council = cls.table not in OWN_COUNCIL_TABLES
            for r in by_table.get(cls.table, []):
                row = {k: _value(v) for k, v in r.row().items()}
                if linked:
                    row["pdf"] = pdf_link(files.get(r.document_id), r.page)
                if with_council:
                    row["council_id"] = _council_of(r, councils)
                rows[r.id] = row  # last one wins: ids are hashes of identifying fields
            table = db.table(cls.table)
            columns = column_types(cls)
            if linked:
                columns["pdf"] = str
            if with_council:
                columns["council_id"] = str
            # Foreign keys are declared when the table is created: adding them afterwards
            # (table.add_foreign_key) copies the table and vacuums the database each time.
            foreign_keys = [fk for fk in cls.foreign_keys if (fk[1] in tables and db.table(fk[1]).exists())
                            or fk[1] == cls.table]
            if "council_id" in columns and cls.table != "councils" and db.table("councils").exists() \
                    and not any(fk[0] == "council_id" for fk in foreign_keys):
                foreign_keys.append(("council_id", "councils", "id"))
            table.create(columns, pk="id", not_null={"id"}, foreign_keys=foreign_keys, if_not_exists=True)
            late_keys += [(cls.table, *fk) for fk in cls.foreign_keys if fk not in foreign_keys and fk[1] in tables]
            if rows:
                table.insert_all(rows.values(), pk="id", replace=True, batch_size=500)
            counts[cls.table] = len(rows)
        for cls in classes:
            table = db.table(cls.table)
            for col in ("document_id", "page", "council_id"):
                if col in table.columns_dict:
                    table.create_index([col], if_not_exists=True)
    if late_keys:
        db.add_foreign_keys(late_keys)
    for cls in classes:
        if cls.fts:
            db.table(cls.table).enable_fts(list(cls.fts), create_triggers=True, replace=True)
    db.index_foreign_keys()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())
    return counts
