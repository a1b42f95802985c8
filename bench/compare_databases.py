"""Are two builds' records the same? Every table's rows, compared as sets (row order aside).

    .venv/bin/python bench/compare_databases.py before.db after.db [--ignore builds]

For checking that a change meant to make the build faster changes no record: build the same
corpus before and after (``plans build --force``) and compare. Prints, per table, the rows only
one of the two databases holds (at most ``--show`` of each), and exits 1 when any table differs.
Full-text index shadow tables (``*_fts_*``) are left out: they follow from their tables. Tables
that describe the build itself rather than the documents (its time, its cache) can be left out
with ``--ignore``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from pathlib import Path


def tables(db: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [n for n in names if "_fts" not in n and not n.startswith("sqlite_")]


def rows(db: sqlite3.Connection, table: str) -> Counter[tuple]:
    columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
    select = ", ".join(f'"{c}"' for c in sorted(columns))
    return Counter(tuple(r) for r in db.execute(f'SELECT {select} FROM "{table}"'))


def compare(a: Path, b: Path, ignore: set[str], show: int = 3) -> int:
    """The number of tables that differ (printing what differs)."""
    da, db = sqlite3.connect(a), sqlite3.connect(b)
    ta, tb = set(tables(da)) - ignore, set(tables(db)) - ignore
    differing = 0
    for name in sorted(ta ^ tb):
        print(f"{name}: only in {a if name in ta else b}")
        differing += 1
    total = 0
    for name in sorted(ta & tb):
        ra, rb = rows(da, name), rows(db, name)
        total += sum(ra.values())
        if ra == rb:
            continue
        differing += 1
        only_a, only_b = ra - rb, rb - ra
        print(f"{name}: {sum(only_a.values())} rows only in {a}, {sum(only_b.values())} only in {b}")
        for label, only in (("-", only_a), ("+", only_b)):
            for row in list(only)[:show]:
                print(f"  {label} {str(row)[:400]}")
    print(f"{len(ta & tb)} tables, {total} rows compared: "
          + ("identical" if not differing else f"{differing} tables differ"))
    return differing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--ignore", nargs="*", default=[], help="tables to leave out")
    ap.add_argument("--show", type=int, default=3, help="rows shown per side of a differing table")
    args = ap.parse_args()
    sys.exit(1 if compare(args.before, args.after, set(args.ignore), args.show) else 0)


if __name__ == "__main__":
    main()
