"""KPI tables stored one cell per line: a web page's table kept as text, each cell a line that
ends in a separator ("Percentage of priority 1 enforcement cases dealt with in time |",
"100% |", an empty cell "|", three empty cells "|||"), row after row, and typeset as such.

The cells are read as one stream in row-major order. A row opens with its measure (a cell of
words followed by a value cell); the table's width is the distance from one measure to the
next. The cells before the first measure are the header: its period cells ("Q2 2019/20") are
the table's period, its other non-empty cells name the columns, and there must be as many as
the table is wide (a header that cannot be aligned is not read). The rows are then a ruled
KPI table's (``rules.indicators.tables.grid_values``): value, target, status and direction by
their column's name. The separator is the pack's (``cell_lines`` in
``rules/packs/indicators.yaml``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from extractor.model import Document
from rules.indicators.records import Found, normalise
from rules.indicators.tables import Grid, TableContext, grid_values, numeric
from rules.periods import Period, find_periods, parse_period
from rules.quantities import pack as indicator_pack
from rules.scorecards import is_pending


def _cells(line: str, separator: str) -> list[str] | None:
    """The cells of one stored line: its text and one cell per further separator; None when
    the line is not a cell line."""
    m = re.fullmatch(rf"\s*([^|]*?)\s*((?:{separator})+)\s*", line)
    if m is None:
        return None
    count = len(re.findall(separator, m.group(2)))
    return [normalise(m.group(1))] + [""] * (count - 1)


def _is_value(cell: str) -> bool:
    return bool(cell) and (numeric(cell) is not None or is_pending(cell, indicator_pack().scorecard))


def _is_measure(cell: str, nxt: str | None) -> bool:
    return bool(nxt) and _is_value(nxt or "") and numeric(cell) is None and not is_pending(
        cell, indicator_pack().scorecard) and len(re.findall(r"[A-Za-z]{2,}", cell)) >= 2 \
        and parse_period(cell) is None


def cell_line_values(document: Document, strict: bool, report_period: Period | None
                     ) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """Values of KPI tables stored one cell per line, and the (page, block, line) of every line read."""
    rules = indicator_pack().cell_lines
    if rules is None:
        return [], set()
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    run: list[tuple[str, tuple[int, int, int]]] = []
    section: str | None = None
    run_section: str | None = None

    def flush() -> None:
        if len(run) >= rules.min_cells:
            got = _table(run, run_section, document, strict, report_period)
            if got:
                found.extend(got)
                used.update(k for _c, k in run)
        run.clear()

    for page in document.pages:
        for b, block in enumerate(page.blocks):
            if block.kind in ("heading", "table"):
                flush()
                if block.kind == "heading":
                    section = normalise(block.text.split("\n")[0])
                continue
            for k, line in enumerate(block.text.split("\n")):
                cells = _cells(line, rules.separator)
                if cells is None:
                    flush()
                    continue
                if not run:
                    run_section = section
                run.extend((c, (page.number, b, k)) for c in cells)
    flush()
    return found, used


def _table(run: list[tuple[str, tuple[int, int, int]]], section: str | None, document: Document, strict: bool,
           report_period: Period | None) -> list[Found]:
    cells = [c for c, _k in run]
    starts = [i for i in range(len(cells) - 1) if _is_measure(cells[i], cells[i + 1])]
    if len(starts) < 2:
        return []
    width = Counter(b - a for a, b in pairwise(starts)).most_common(1)[0][0]
    first = starts[0]
    header = [c for c in cells[:first] if c]
    periods = [c for c in header if parse_period(c) is not None]
    names = [c for c in header if c not in periods]
    if width < 2 or len(names) != width:
        return []
    rows: list[list[str]] = []
    pages: list[int] = []
    for i in range(first, len(cells) - width + 1, width):
        row = cells[i:i + width]
        if not _is_measure(row[0], row[1]) and not any(_is_value(c) for c in row[1:]):
            break
        if numeric(row[0]) is not None or any(c and not _is_value(c) and len(c.split()) > 3 for c in row[1:]):
            break  # the next row is not of this table
        rows.append(row)
        pages.append(run[i][1][0])
    if len(rows) < indicator_pack().cell_lines.min_rows:
        return []
    title = " ".join([section or "", *periods]).strip()
    period = next((p.period for p in find_periods(" ".join(periods))), None) or report_period
    grid = Grid(title, [list(names)], rows, pages, pages[0], None, sorted(set(pages)))
    return list(grid_values(grid, section, document, TableContext(period, strict)))
