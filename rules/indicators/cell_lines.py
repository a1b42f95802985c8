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


def _is_cell(cell: str) -> bool:
    """A cell of a row after its label: empty, a value, pending, or a status or direction word."""
    return not cell or _is_value(cell) or _is_word_cell(cell)


def _is_word_cell(cell: str) -> bool:
    rules = indicator_pack()
    words = [rules.scorecard.status_words] + ([rules.text_rows.cells.get("direction", "(?!)")] if rules.text_rows else [])
    return any(re.fullmatch(w, cell, re.IGNORECASE) for w in words)


def _row_spans(cells: list[str]) -> list[tuple[int, int]]:
    """Rows: a label (a cell of words) and the run of value cells after it, one of them a number."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(cells):
        label = cells[i]
        j = i + 1
        while j < len(cells) and _is_cell(cells[j]):
            j += 1
        if label and not _is_cell(label) and re.search(r"[A-Za-z]{2,}", label) and parse_period(label) is None \
                and any(numeric(c) is not None for c in cells[i + 1:j]):
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def _table(run: list[tuple[str, tuple[int, int, int]]], section: str | None, document: Document, strict: bool,
           report_period: Period | None) -> list[Found]:
    """Every table of a run of cells: rows of one width one after the other, each group under
    the header cells printed before it (as many names as the rows are wide)."""
    cells = [c for c, _k in run]
    groups: list[list[tuple[int, int]]] = []
    for span in _row_spans(cells):
        last = groups[-1][-1] if groups else None
        if last and last[1] == span[0] and last[1] - last[0] == span[1] - span[0]:
            groups[-1].append(span)
        else:
            groups.append([span])
    rules = indicator_pack().cell_lines
    found: list[Found] = []
    before = 0
    for group in groups:
        first, width = group[0][0], group[0][1] - group[0][0]
        header = [c for c in cells[before:first] if c]
        before = group[-1][1]
        periods = [c for c in header if parse_period(c) is not None]
        names = [c for c in header if c not in periods]
        if width < 2 or len(names) != width or (len(group) < rules.min_rows and width < rules.min_single_row_width):
            continue
        rows = [cells[a:b] for a, b in group]
        pages = [run[a][1][0] for a, _b in group]
        # a summary of measures by status ("RAG Rating | Green | Amber | Red" over "KPIs | 1 | 2 | 1"):
        # its counts are the report's, measured whatever period it names
        summary = sum(1 for n in names[1:] if _is_word_cell(n)) * 2 > len(names) - 1
        title = " ".join([section or "", *periods]).strip()
        period = next((p.period for p in find_periods(" ".join(periods))), None) or report_period
        grid = Grid(title, [list(names)], rows, pages, pages[0], None, sorted(set(pages)))
        got = list(grid_values(grid, section, document, TableContext(period, strict and not summary)))
        if summary:
            status = indicator_pack().scorecard.status_words
            for f in got:  # each count is of the measures of its column's status ("..., Green")
                column = f.indicator.rsplit(", ", 1)[-1]
                if re.fullmatch(status, column, re.IGNORECASE):
                    f.status = column
                elif _is_word_cell(column):
                    f.direction = column
        found += got
    return found
