"""Records → SQLite, written to a temporary file and swapped in only when complete.

Tables come from the record classes themselves (``Record.table``, field types and
descriptions), so a new record type is published without touching this module. Every
table of every known record type exists even when empty, so queries (and the scorer) never
meet a missing table. Full-text search is enabled last: ``table.transform()`` would drop
its triggers.
"""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import types
import typing
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from rules.records import Record

# The modules whose record types are published, one table per type. A new record type is
# published by naming its module here.
RECORD_MODULES = (
    "rules.records", "rules.meetings.records", "rules.plans.records", "rules.activities", "rules.indicators",
    "rules.decision_checks", "graph.build", "graph.editions", "graph.plan_links",
)


def record_classes() -> list[type[Record]]:
    """Every concrete record type of the record modules, parents before children, one per table."""
    seen: dict[str, type[Record]] = {}
    for name in RECORD_MODULES:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if (isinstance(cls, type) and issubclass(cls, Record) and cls.__module__ == name and cls.table
                    and cls.table not in seen):
                seen[cls.table] = cls
    return list(seen.values())


def column_types(cls: type[Record]) -> dict[str, type]:
    out: dict[str, type] = {}
    for name, info in cls.model_fields.items():
        out[name] = _sql_type(info.annotation)
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


def publish(records: list[Record], db_path: str | Path) -> dict[str, int]:
    """Write ``records`` to ``db_path`` atomically; returns the row count of each table."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    try:
        counts = _write(records, tmp)
        os.replace(tmp, db_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return counts


def pdf_link(file: str | None, page: int | None) -> str | None:
    """Where the site links a record: the PDF served under /corpus/, opened at its page."""
    if not file:
        return None
    return f"/corpus/{quote(file)}" + (f"#page={page}" if page else "")


def _write(records: list[Record], path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    classes = record_classes()
    by_table: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_table[r.table].append(r)
    files = {r.document_id: getattr(r, "file", None) for r in by_table.get("documents", [])}
    counts = {}
    with conn:
        for cls in classes:
            rows = {}
            linked = "page" in cls.model_fields and cls.table != "errors"
            for r in by_table.get(cls.table, []):
                row = {k: _value(v) for k, v in r.row().items()}
                if linked:
                    row["pdf"] = pdf_link(files.get(r.document_id), r.page)
                rows[r.id] = row  # last one wins: ids are hashes of identifying fields
            table = db.table(cls.table)
            columns = column_types(cls)
            if linked:
                columns["pdf"] = str
            table.create(columns, pk="id", not_null={"id"}, if_not_exists=True)
            if rows:
                table.insert_all(rows.values(), pk="id", replace=True, batch_size=500)
            counts[cls.table] = len(rows)
    for cls in classes:
        table = db.table(cls.table)
        for column, other, other_column in cls.foreign_keys:
            if db.table(other).exists():
                table.add_foreign_key(column, other, other_column, ignore=True)
        for col in ("document_id", "page"):
            if col in table.columns_dict:
                table.create_index([col], if_not_exists=True)
    for cls in classes:
        if cls.fts:
            db.table(cls.table).enable_fts(list(cls.fts), create_triggers=True, replace=True)
    db.index_foreign_keys()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return counts
