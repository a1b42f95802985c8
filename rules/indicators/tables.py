"""Values in ruled tables: data tables (rows × columns, nested tables included, rows the
extractor left outside their table) and KPI tables read by their columns' roles
(``rules.scorecards``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractor.model import BBox, Block, Document
from extractor.outline import is_contents_table
from rules.indicators.boxes import box_values
from rules.indicators.records import TABLE_RULE, Found, locate, normalise
from rules.indicators.sentences import found_in_text, values_in_text
from rules.periods import Period, financial_quarter, find_periods, parse_period
from rules.quantities import _compiled as _quantity_patterns
from rules.quantities import _kind, pack
from rules.scorecards import assess, column_roles, is_pending, name_unit, polarity_of, split_stacked

# A cell that is one value: "52.1%", "£45.2m", "3,289 tonnes", "7 working days"; a target may
# say when it is due ("5% by March 2024").
_NUMERIC = re.compile(r"^\s*(£)?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(%|m|k)?"
                      r"(?:\s?(?:working\s+|calendar\s+)?([A-Za-z]+))?"
                      r"(?:\s+by\s+(?:the\s+end\s+of\s+)?(?:[A-Za-z]+\s+)?(?:19|20)\d\d(?:\s*[/-]\s*\d\d)?)?\s*$")


def numeric(cell: str) -> tuple[float, str] | None:
    """A cell that is one value: "52.1%", "£45.2m", "3,289 tonnes", "104 kg", "18.2 days"."""
    m = _NUMERIC.match(cell or "")
    if not m or parse_period(cell) is not None:
        return None
    value = float(m.group(2).replace(",", ""))
    if m.group(4):  # a unit word after the number
        unit = pack().scorecard.cell_units.get(m.group(4).lower())
        if unit is None or m.group(1) or m.group(3):
            return None
        return value, unit
    if m.group(1) and m.group(3) == "m":
        return value, "£m"
    if m.group(1):
        return value * (1000 if m.group(3) == "k" else 1), "£"
    if m.group(3) == "%":
        return value, "%"
    if m.group(3):
        return None
    return value, "count"


def valueish(cell: str) -> bool:
    """A cell of values: one value, or one per line (the rows of a table printed without
    rulings between them, which the extractor gives as one row)."""
    if numeric(cell) is not None:
        return True
    lines = [ln for ln in cell.split("\n") if ln.strip()]
    return len(lines) >= 2 and all(numeric(ln) is not None or is_pending(ln, pack().scorecard) for ln in lines) \
        and any(numeric(ln) is not None for ln in lines)


# A column headed by a quarter alone ("Q3", "Quarter 2 actual"): its year is the report's.
_BARE_QUARTER = re.compile(r"^(?:q|qtr\.?|quarter)\s*([1-4])(?:\s+(?:actual|result|outturn|performance|value|data))?$",
                           re.IGNORECASE)


@dataclass
class TableContext:
    """What a table is read with: the period its section or report is about (for columns that
    name a quarter without its year, and KPI columns that name no period), and whether every
    value must have a period (a performance report's tables: a number with no period in a table
    that is not a KPI table measures nothing the report tracks)."""

    period: Period | None = None
    strict: bool = False


def column_period(header: str, title: Period | None, context: TableContext) -> Period | None:
    """The period a column's header names: in full ("Q2 2024/25", "2023/24 outturn"), or a
    quarter alone ("Q3"), of the financial year of the table's title or of its report."""
    found = parse_period(header) or next((p.period for p in find_periods(header)), None)
    if found is not None:
        return found
    m = _BARE_QUARTER.match(header.strip())
    base = title if title is not None and title.start is not None else context.period
    if m and base is not None and base.start is not None:
        year = base.start.year if base.start.month >= 4 else base.start.year - 1
        return financial_quarter(int(m.group(1)), year)
    return None


@dataclass
class Grid:
    """A data table: header rows and data rows of cell strings, with where it was printed."""

    title: str
    header: list[list[str | None]]
    rows: list[list[str]] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    page: int = 1
    bbox: BBox | None = None
    pages: list[int] = field(default_factory=list)


def _column_headers(header: list[list[str | None]], width: int) -> list[str]:
    cols = [""] * width
    for row in header:
        last = ""
        for j in range(width):
            cell = row[j] if j < len(row) else None
            text = last if cell is None else normalise(cell)
            last = text
            if text and text not in cols[j]:
                cols[j] = f"{cols[j]} {text}".strip()
    return cols


def grid_values(grid: Grid, section: str | None, document: Document,
                context: TableContext | None = None) -> Iterator[Found]:
    context = context or TableContext()
    if not grid.rows:
        return
    width = max(len(r) for r in grid.rows + [list(h) for h in grid.header])
    cols = _column_headers(grid.header, width)
    title_period = find_periods(grid.title)
    title = title_period[0].period if len(title_period) == 1 else None
    rules = pack().scorecard
    roles = column_roles(cols, rules)
    rows, origin = split_stacked(grid.rows, grid.page, grid.bbox, document, numeric, rules)
    if "name" in roles:
        yield from kpi_values(grid, cols, roles, rows, origin, section, document, context)
        return
    for i, row in zip(origin, rows, strict=True):
        cells = [normalise(c) for c in row] + [""] * (width - len(row))
        label_j = next((j for j, c in enumerate(cells) if c and numeric(c) is None), None)
        if label_j is None:
            continue
        label = cells[label_j]
        row_period = parse_period(label)
        quote = " ".join(c for c in cells if c)
        page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
        for j, cell in enumerate(cells):
            if j <= label_j or not cell:
                continue
            parsed = numeric(cell)
            if parsed is None:
                continue
            value, unit = parsed
            header = cols[j] if j < len(cols) else ""
            if unit == "count" and header.endswith("%"):
                unit = "%"
            col_period = column_period(header, title, context)
            period = row_period or col_period or title
            if context.strict and (period is None or not re.search(r"[A-Za-z]{3,}", label)):
                continue  # a number with no period, or no name, measures nothing the report tracks
            name_parts = [grid.title]
            label_head = cols[label_j] if label_j < len(cols) else ""
            if row_period is None:
                name_parts.append(f"{label_head} {label}".strip() if label_head and len(label) < 12 else label)
            if col_period is None and header:
                name_parts.append(header)
            elif col_period is not None:
                rest = normalise(header.replace(col_period.text, " "))
                if rest:
                    name_parts.append(rest)
            indicator = ": ".join(p for p in [name_parts[0], ", ".join(p for p in name_parts[1:] if p)] if p)
            kind = _kind(f"{header} {label}", "", _quantity_patterns())
            where = locate(document, [page, *grid.pages], [quote, f"{label} {cell}"], (page, grid.bbox))
            yield Found(indicator, value, unit, period, kind, quote, "table", where[0], where[1], section, TABLE_RULE)


def kpi_values(grid: Grid, cols: list[str], roles: dict[str, int], rows: list[list[str]], origin: list[int],
               section: str | None, document: Document, context: TableContext | None = None) -> Iterator[Found]:
    """A KPI table's rows: each value named by the row's measure, its period from its column (or
    the table's title, or the report's), target, status and direction from their columns onto
    the latest value."""
    context = context or TableContext()
    rules = pack().scorecard
    title_period = find_periods(grid.title)
    title = title_period[0].period if len(title_period) == 1 else None
    skip = {roles[r] for r in ("ref", "status", "direction", "polarity", "unit", "not_values") if r in roles}
    for i, row in zip(origin, rows, strict=True):
        cells = [normalise(c) for c in row] + [""] * (len(cols) - len(row))
        name = cells[roles["name"]]
        if not name or numeric(name) is not None:
            continue
        unit_hint = name_unit(name, rules) or (cells[roles["unit"]].strip() or None if "unit" in roles else None)
        quote = " ".join(c for c in cells if c)
        page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
        found: list[Found] = []
        target: float | None = None
        for j, cell in enumerate(cells):
            if j == roles["name"] or j in skip or not cell or is_pending(cell, rules):
                continue
            parsed = numeric(cell)
            if parsed is None:
                continue
            value, unit = parsed
            header = cols[j] if j < len(cols) else ""
            if unit == "count" and (header.endswith("%") or unit_hint == "%"):
                unit = "%"
            elif unit == "count" and unit_hint:
                unit = unit_hint
            col_period = column_period(header, title, context)
            period = col_period or title or context.period
            kind = "target" if j == roles.get("target") else _kind(header, "", _quantity_patterns())
            if kind == "target" and target is None:
                target = value
            where = locate(document, [page, *grid.pages], [f"{name[:40]}", cell], (page, grid.bbox))
            found.append(Found(name, value, unit, period, kind, quote, "table", where[0], where[1], section, TABLE_RULE))
        status = cells[roles["status"]] if "status" in roles and cells[roles["status"]] else None
        direction = cells[roles["direction"]] if "direction" in roles and cells[roles["direction"]] else None
        polarity = polarity_of(cells[roles["polarity"]], rules) if "polarity" in roles else None
        assess(found, target, status, direction, polarity or polarity_of(name, rules))
        yield from found


def _row_text(row: list[str | None]) -> str:
    return normalise(" ".join(c for c in row if c))


def _header_rows(rows: list[list[str | None]]) -> int:
    n = 0
    for row in rows:
        if any(valueish(c or "") for c in row[1:]):
            break
        n += 1
    return min(n, 3)


def _title_before(lines: list[str], first_row: str, occurrence: int = 0, rows: frozenset[str] = frozenset(),
                  max_lines: int = 3) -> str:
    """The title printed just above a nested table's first row in the cell text.

    Two tables in one cell often share a header row ("Sep '20 - Mar '21 | Sep '21 - Mar '22"),
    so the n-th table with that first row takes the n-th place it is printed. A title wraps
    ("... No. Children with at" / "least one"), so lines are gathered upwards until a blank
    line, a row of a table, a line ending a sentence or ``max_lines``.
    """
    seen = 0
    for i, line in enumerate(lines):
        if not (normalise(line) == first_row or (first_row and normalise(line).startswith(first_row[:30]))):
            continue
        if seen < occurrence:
            seen += 1
            continue
        title: list[str] = []
        for back in range(i - 1, -1, -1):
            text = normalise(lines[back])
            if not text or text in rows or (title and text.endswith((".", ":", ";"))) or len(title) == max_lines:
                break
            title.insert(0, text)
        return " ".join(title)
    return ""


def _vertical_rows(lines: list[str], after: str, width: int) -> tuple[list[list[str]], set[int]]:
    """Rows printed one cell per line ("19/20", "3297", "26%", ...) after the header line."""
    rows: list[list[str]] = []
    used: set[int] = set()
    try:
        start = next(i for i, ln in enumerate(lines) if normalise(ln) == after) + 1
    except StopIteration:
        return rows, used
    i = start
    while i + width <= len(lines):
        chunk = [normalise(ln) for ln in lines[i : i + width]]
        if len(chunk[0].split()) > 3 or not all(numeric(c) for c in chunk[1:]):
            break
        rows.append(chunk)
        used.update(range(i, i + width))
        i += width
    return rows, used


def table_values(block: Block, document: Document, section: str | None,
                 context: TableContext | None = None) -> Iterator[Found]:
    table = block.table
    assert table is not None
    rows = table.rows
    if is_contents_table(rows):
        return  # a table of contents: its numbers are page references
    in_boxes = box_values(rows, table.page, table.bbox, section, (context or TableContext()).period,
                          pack().scorecard, numeric)
    if in_boxes:
        yield from in_boxes  # KPI boxes: every fact is labelled in its cell
        return
    nested = list(table.nested)
    grids: list[Grid] = []
    # Nested tables: their title is the line above them in the cell that holds them.
    cell_lines = [(i, j, (c or "").split("\n")) for i, r in enumerate(rows) for j, c in enumerate(r) if c]
    skip_lines: dict[tuple[int, int], set[int]] = defaultdict(set)
    all_rows = frozenset(_row_text(r) for t in nested for r in t.rows)
    first_rows_seen: Counter[str] = Counter()
    for t in nested:
        head = _header_rows(t.rows)
        first = _row_text(t.rows[0]) if t.rows else ""
        occurrence = first_rows_seen[first]
        first_rows_seen[first] += 1
        title, host = "", None
        for i, j, lines in cell_lines:
            title = _title_before(lines, first, occurrence, all_rows)
            if title:
                host = (i, j)
                break
        grid = Grid(title, t.rows[:head], [[c or "" for c in r] for r in t.rows[head:]], [t.page] * (len(t.rows) - head),
                    t.page, t.bbox, t.pages)
        texts = {_row_text(r) for r in t.rows}
        if host is not None:
            lines = dict(((i, j), ls) for i, j, ls in cell_lines)[host]
            skip_lines[host].update(k for k, ln in enumerate(lines) if normalise(ln) in texts)
            vertical, used = _vertical_rows(lines, _row_text(t.rows[head - 1]) if head else first,
                                            max(len(r) for r in t.rows))
            grid.rows += vertical
            grid.row_pages += [t.page] * len(vertical)
            skip_lines[host].update(used)
        grids.append(grid)
    # Rows of the outer table whose leading cells are empty and which hold numbers belong to
    # the last nested table (the extractor puts rows that follow a page break there).
    form = [r for r in rows if (r[0] or "").strip()]
    loose = [(i, r) for i, r in enumerate(rows) if not (r[0] or "").strip() and any(numeric(c or "") for c in r)]
    if loose and grids and form:
        for i, r in loose:
            cells = [c for c in r if (c or "").strip()]
            grids[-1].rows.append([c or "" for c in cells])
            grids[-1].row_pages.append(table.row_pages[i] if i < len(table.row_pages) else table.page)
    elif any(valueish(c or "") for r in rows for c in r[1:]):
        head = _header_rows(rows)
        grids.append(Grid(section or "", rows[:head], [[c or "" for c in r] for r in rows[head:]],
                          table.row_pages[head:], table.page, table.bbox, table.pages))
    host_section = section
    if form and len(form[0]) > 1 and form[0][1] and len((form[0][0] or "").split()) <= 3:
        host_section = normalise(form[0][1])
    for grid in grids:
        yield from grid_values(grid, host_section, document, context)
    # A KPI table's words are its measures' names and commentary: its values are in its
    # value columns ("Calls answered within 60 seconds" holds no value of 60).
    head = _header_rows(rows)
    if head and "name" in column_roles(_column_headers(rows[:head], max(len(r) for r in rows)), pack().scorecard):
        return
    # Text cells: sentences, minus the lines that are rows of a nested table.
    for i, j, lines in cell_lines:
        kept = [ln for k, ln in enumerate(lines) if k not in skip_lines[(i, j)]]
        text = "\n".join(kept)
        if len(text.split()) < 4:
            continue
        page = table.row_pages[i] if i < len(table.row_pages) else table.page
        pages = [page, *[p for p in table.pages if p > page]]
        for quote, q in values_in_text(text):
            where = locate(document, pages, [quote[max(0, quote.find(q.text) - 20) : quote.find(q.text) + len(q.text)], q.text],
                            (page, table.bbox))
            yield found_in_text(q, quote, where, host_section, "text")

