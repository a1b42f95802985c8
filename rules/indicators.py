"""Indicators: every measured value in a document, with unit, period and kind, reconciled
into one time series per indicator.

* the family ``indicators.values.v1`` reads values from the text of every paragraph, list item
  and table cell (``rules.quantities.analyse``) and from data tables (rows × columns, nested
  tables included, with rows the extractor left outside their table). Each value becomes an
  :class:`IndicatorValue`.
* ``@linker("indicators.canonical", after=("plans.activity_links",))`` gives each value its canonical :class:`Indicator` (the same
  measure written in two documents or two rows is one indicator) and links it to the activity
  of the same document whose updates quote it, and through that to the activity's mission.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import Field

from extractor.model import BBox, Block, Document
from rules.periods import Period, find_periods, parse_period
from rules.quantities import IndicatorPack, _kind, analyse, pack
from rules.quantities import _compiled as _quantity_patterns
from rules.reading import Reading
from rules.records import Record, TopicFields, bbox_text
from rules.registry import family, linker
from rules.scorecards import (
    Card,
    CardLine,
    assess,
    cards,
    column_roles,
    is_pending,
    name_unit,
    polarity_of,
    split_stacked,
)

TEXT_RULE = "indicators.text.v1"
TABLE_RULE = "indicators.table.v1"
GRID_RULE = "indicators.text_grid.v1"
LINK_RULE = "indicators.canonical.v1"


class IndicatorValue(Record):
    table: ClassVar[str] = "indicator_values"
    description: ClassVar[str] = (
        "Every measured value a document reports: the indicator as written, the number and its unit, the "
        "period it refers to (as written and as ISO dates; UK financial years run 1 April–31 March) and "
        "whether it is an actual, a baseline, a target or a comparator (another area's figure)."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page", "indicator", "value", "unit", "period", "kind", "quote")
    fts: ClassVar[tuple[str, ...]] = ("indicator", "quote")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("document_id", "documents", "id"), ("indicator_id", "indicators", "id"),
    )

    indicator: str = Field(description="The indicator as written near the value (for a table: title, row and column)")
    value: float = Field(description="The number as printed, thousands separators removed (£m values in millions)")
    unit: str = Field(description="%, £, £m, count, per 10,000, days, months, score, km, ...")
    period: str | None = Field(None, description="The period as written: 'June 21', 'Q1 22/23', 'end of Q4 2023', 'currently'")
    period_start: str | None = Field(None, description="First day of the period (ISO date); empty for 'currently' and the like")
    period_end: str | None = Field(None, description="Last day of the period (ISO date); a point in time has start = end")
    kind: str = Field(description="actual, baseline, target or comparator (England, regional or statistical-neighbour figure)")
    quote: str = Field(description="The sentence or table row the value was read from, white space normalised")
    source: str = Field(description="text (a sentence) or table (a cell of a data table)")
    section: str | None = Field(None, description="The heading or activity the value was printed under")
    target: float | None = Field(
        None, description="The target the report sets this value against, in the value's unit (a scorecard's target "
                          "column or 'Target:' line, 'against a target of 58%'); on the latest value of a series"
    )
    status: str | None = Field(
        None, description="The RAG or progress status the report gives the value, as printed (Green, Amber, Red, "
                          "On track ...); on the latest value of a series"
    )
    direction: str | None = Field(
        None, description="Direction of travel as printed (Improving, Worsening, No change, an arrow); on the latest "
                          "value of a series"
    )
    polarity: str | None = Field(
        None, description="Whether higher or lower is better, where the report says (higher is better / lower is better)"
    )
    indicator_id: str | None = Field(None, description="The canonical indicator the value belongs to (indicators.id)")
    activity_id: str | None = Field(None, description="The activity of the same document whose updates quote the value (activities.id)")
    mission_id: str | None = Field(None, description="The mission of that activity (missions.id), where known")


class Indicator(TopicFields, Record):
    table: ClassVar[str] = "indicators"
    description: ClassVar[str] = (
        "Canonical indicators: one row per measure, however many documents, rows or periods report it; "
        "its values are in indicator_values and charted at /-/indicator/<id>."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("key",)
    fts: ClassVar[tuple[str, ...]] = ("name",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("document_id", "documents", "id"),)

    key: str = Field(description="The normalised name that identifies the indicator (lower case, no stop words, singular)")
    name: str = Field(description="The indicator's name as most often written")
    unit: str = Field(description="The unit of most of its values")
    values: int = Field(description="How many values it has (indicator_values rows)")
    documents: int = Field(description="How many documents report it")
    period_first: str | None = Field(None, description="Earliest period_start of its values")
    period_last: str | None = Field(None, description="Latest period_end of its values")
    activity_ids: list[str] = Field(default_factory=list, description="Activities whose updates report it (JSON list of activities.id)")
    mission_ids: list[str] = Field(default_factory=list, description="Missions of those activities (JSON list of missions.id)")
    chart: str = Field(description="Site page charting its values over time")


# ------------------------------------------------------------------ text


_BULLETS = re.compile(r"[\uf0b7\uf0a7\uf0d8\u2022\u25aa\u25cf\uf076\uf0fc]")
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _WS.sub(" ", _BULLETS.sub(" ", text)).strip()


def segments(text: str) -> list[str]:
    """Lines of a cell or paragraph joined into runs of prose. A short line that does not end a
    sentence is a line of its own ("16-17 NEET June 21 – 1.9% June 22 – 2.1%"), not a wrap."""
    lines = [ln.strip() for ln in _BULLETS.sub("\n", text).split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return []
    longest = max(len(ln) for ln in lines)
    out: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        out[-1].append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        wraps = line.endswith(("-", ",", "–")) or (nxt[:1].islower() if nxt else False)
        if nxt and not wraps and (len(line) < 0.75 * longest or line.endswith(":")):
            out.append([])
    return [_join(seg) for seg in out if seg]


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text += line  # a word broken at the line end keeps its hyphen: year- + on-year
        else:
            text += (" " if text else "") + line
    return text


@dataclass
class Found:
    indicator: str
    value: float
    unit: str
    period: Period | None
    kind: str
    quote: str
    source: str
    page: int
    bbox: BBox | None
    section: str | None
    rule: str
    target: float | None = None
    status: str | None = None
    direction: str | None = None
    polarity: str | None = None


def _has_words(sentence: str, periods: list[str], quantities: list[str]) -> bool:
    rest = sentence
    for t in sorted(periods + quantities, key=len, reverse=True):
        rest = rest.replace(t, " ")
    rest = re.sub(r"\b(?:per|cent|of|and|to|the|Q[1-4])\b", " ", rest, flags=re.IGNORECASE)
    return re.search(r"[A-Za-z]{3,}", rest) is not None


def values_in_text(text: str, context: str = "") -> Iterator[tuple[str, Any]]:
    """(sentence, Mention) for every value in a run of text. ``context`` is the sentence that
    leads in to it ("At the end of quarter 4 (January to March 2025) there were 114 actions to
    be reported:" before the list item "64 are complete (55%)"): read with it, for the period
    and what is counted, its own values left to the text it belongs to."""
    for segment in segments(text):
        prefix = f"{context} " if context else ""
        for sentence in analyse(prefix + segment):
            sentence.quantities = [q for q in sentence.quantities if q.start >= len(prefix)]
            if not sentence.quantities:
                continue
            if not _has_words(sentence.text, [p.period.text for p in sentence.periods],
                              [q.text for q in sentence.quantities]):
                continue  # a row of bare numbers: read as a table or not at all
            quote = normalise(sentence.text)
            for q in sentence.quantities:
                yield quote, q


# ------------------------------------------------------------------ where on the page


def _locate(document: Document, pages: list[int], needles: list[str], fallback: tuple[int, BBox | None]) -> tuple[int, BBox | None]:
    """The page and line box of the first line on ``pages`` that contains one of ``needles``."""
    for needle in needles:
        n = normalise(needle)
        if len(n) < 2:
            continue
        for number in pages:
            if not 1 <= number <= document.page_count:
                continue
            for line in document.page(number).lines:
                if n in normalise(line.text):
                    return number, line.bbox
    return fallback


# ------------------------------------------------------------------ tables

_NUMERIC = re.compile(r"^\s*(£)?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(%|m|k)?(?:\s?([A-Za-z]+))?\s*$")


def _numeric(cell: str) -> tuple[float, str] | None:
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


def _valueish(cell: str) -> bool:
    """A cell of values: one value, or one per line (the rows of a table printed without
    rulings between them, which the extractor gives as one row)."""
    if _numeric(cell) is not None:
        return True
    lines = [ln for ln in cell.split("\n") if ln.strip()]
    return len(lines) >= 2 and all(_numeric(ln) is not None or is_pending(ln, pack().scorecard) for ln in lines) \
        and any(_numeric(ln) is not None for ln in lines)


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


def grid_values(grid: Grid, section: str | None, document: Document) -> Iterator[Found]:
    if not grid.rows:
        return
    width = max(len(r) for r in grid.rows + [list(h) for h in grid.header])
    cols = _column_headers(grid.header, width)
    title_period = find_periods(grid.title)
    rules = pack().scorecard
    roles = column_roles(cols, rules)
    rows, origin = split_stacked(grid.rows, grid.page, grid.bbox, document, _numeric, rules)
    if "name" in roles:
        yield from kpi_values(grid, cols, roles, rows, origin, section, document)
        return
    for i, row in zip(origin, rows, strict=True):
        cells = [normalise(c) for c in row] + [""] * (width - len(row))
        label_j = next((j for j, c in enumerate(cells) if c and _numeric(c) is None), None)
        if label_j is None:
            continue
        label = cells[label_j]
        row_period = parse_period(label)
        quote = " ".join(c for c in cells if c)
        page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
        for j, cell in enumerate(cells):
            if j <= label_j or not cell:
                continue
            parsed = _numeric(cell)
            if parsed is None:
                continue
            value, unit = parsed
            header = cols[j] if j < len(cols) else ""
            if unit == "count" and header.endswith("%"):
                unit = "%"
            col_period = parse_period(header) or next((p.period for p in find_periods(header)), None)
            period = row_period or col_period or (title_period[0].period if len(title_period) == 1 else None)
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
            where = _locate(document, [page, *grid.pages], [quote, f"{label} {cell}"], (page, grid.bbox))
            yield Found(indicator, value, unit, period, kind, quote, "table", where[0], where[1], section, TABLE_RULE)


def kpi_values(grid: Grid, cols: list[str], roles: dict[str, int], rows: list[list[str]], origin: list[int],
               section: str | None, document: Document) -> Iterator[Found]:
    """A KPI table's rows: each value named by the row's measure, its period from its column (or
    the table's title), target, status and direction from their columns onto the latest value."""
    rules = pack().scorecard
    title_period = find_periods(grid.title)
    skip = {roles[r] for r in ("ref", "status", "direction", "polarity", "unit", "not_values") if r in roles}
    for i, row in zip(origin, rows, strict=True):
        cells = [normalise(c) for c in row] + [""] * (len(cols) - len(row))
        name = cells[roles["name"]]
        if not name or _numeric(name) is not None:
            continue
        unit_hint = name_unit(name, rules) or (cells[roles["unit"]].strip() or None if "unit" in roles else None)
        quote = " ".join(c for c in cells if c)
        page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
        found: list[Found] = []
        target: float | None = None
        for j, cell in enumerate(cells):
            if j == roles["name"] or j in skip or not cell or is_pending(cell, rules):
                continue
            parsed = _numeric(cell)
            if parsed is None:
                continue
            value, unit = parsed
            header = cols[j] if j < len(cols) else ""
            if unit == "count" and (header.endswith("%") or unit_hint == "%"):
                unit = "%"
            elif unit == "count" and unit_hint:
                unit = unit_hint
            col_period = parse_period(header) or next((p.period for p in find_periods(header)), None)
            period = col_period or (title_period[0].period if len(title_period) == 1 else None)
            kind = "target" if j == roles.get("target") else _kind(header, "", _quantity_patterns())
            if kind == "target" and target is None:
                target = value
            where = _locate(document, [page, *grid.pages], [f"{name[:40]}", cell], (page, grid.bbox))
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
        if any(_valueish(c or "") for c in row[1:]):
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
        if len(chunk[0].split()) > 3 or not all(_numeric(c) for c in chunk[1:]):
            break
        rows.append(chunk)
        used.update(range(i, i + width))
        i += width
    return rows, used


def table_values(block: Block, document: Document, section: str | None) -> Iterator[Found]:
    table = block.table
    assert table is not None
    rows = table.rows
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
    loose = [(i, r) for i, r in enumerate(rows) if not (r[0] or "").strip() and any(_numeric(c or "") for c in r)]
    if loose and grids and form:
        for i, r in loose:
            cells = [c for c in r if (c or "").strip()]
            grids[-1].rows.append([c or "" for c in cells])
            grids[-1].row_pages.append(table.row_pages[i] if i < len(table.row_pages) else table.page)
    elif any(_valueish(c or "") for r in rows for c in r[1:]):
        head = _header_rows(rows)
        grids.append(Grid(section or "", rows[:head], [[c or "" for c in r] for r in rows[head:]],
                          table.row_pages[head:], table.page, table.bbox, table.pages))
    host_section = section
    if form and len(form[0]) > 1 and form[0][1] and len((form[0][0] or "").split()) <= 3:
        host_section = normalise(form[0][1])
    for grid in grids:
        yield from grid_values(grid, host_section, document)
    # Text cells: sentences, minus the lines that are rows of a nested table.
    for i, j, lines in cell_lines:
        kept = [ln for k, ln in enumerate(lines) if k not in skip_lines[(i, j)]]
        text = "\n".join(kept)
        if len(text.split()) < 4:
            continue
        page = table.row_pages[i] if i < len(table.row_pages) else table.page
        pages = [page, *[p for p in table.pages if p > page]]
        for quote, q in values_in_text(text):
            where = _locate(document, pages, [quote[max(0, quote.find(q.text) - 20) : quote.find(q.text) + len(q.text)], q.text],
                            (page, table.bbox))
            yield _found(q, quote, where, host_section, "text")


def _found(q: Any, quote: str, where: tuple[int, BBox | None], section: str | None, source: str) -> Found:
    return Found(q.name or section or "", q.value, q.unit, q.period, q.kind, quote, source, where[0], where[1], section,
                 TEXT_RULE, target=q.target)


def _block_text(block: Block) -> str:
    text = block.text
    if block.label and text.startswith(block.label):
        text = text[len(block.label) :]
    return text


# ------------------------------------------------------------------ text grids
#
# Scorecards printed without ruling come out of the extractor as short lines of text:
#
#     QUARTERS EXP. RANGES
#     21-22 21-22 21-22 22-23 Lower Higher        <- financial years, then range bounds
#     Q2 Q3 Q4 Q1 exp. range exp. range            <- quarters
#     8.2% 8.1% 9.1% 7.5% 7% 10%                   <- one value per column
#
# or, for comparators, a line of years and a line of who ("Wilts Eng SW Region SN O/S LAs").
# A line of three or more numbers under such headers is read column by column.

_GRID_ROW = re.compile(r"^(?:[A-Za-z.]+\s+){0,4}?((?:-?\d+(?:\.\d+)?%?\s+){2,}-?\d+(?:\.\d+)?%?)\s*$")
_GRID_YEAR = re.compile(r"(?<![\d/])(\d\d)\s?-\s?(\d\d)(?![\d/])")
_GRID_QUARTER = re.compile(r"\bQ([1-4])\b")
_GRID_BOUND = re.compile(r"\b(lower|higher|upper|min(?:imum)?|max(?:imum)?)\b", re.IGNORECASE)
_PROSE_END = re.compile(r"[.:;]\s*$")
_REPORT_EDITION = re.compile(r"^(?:previous|current|last|latest|this|next)\s+report\s*:?", re.IGNORECASE)


def _grid_header(lines: list[str]) -> bool:
    """Lines that head a grid: two or more financial years, nothing that reads as prose."""
    text = " ".join(lines)
    return len(_GRID_YEAR.findall(text)) >= 2 and not any(len(ln) > 90 for ln in lines)


def _names_measure(heading: str, flat: list, i: int) -> bool:
    """A heading that names what a grid measures: not a line of its header ("QUARTERS", years,
    "Previous report", "COMPARATORS 2020-21") and not the column names just above its values."""
    lines = [normalise(ln) for ln in heading.split("\n") if ln.strip()]
    after = i + len(lines)
    if after < len(flat) and _GRID_ROW.match(flat[after][3]):
        return False
    first = lines[0] if lines else ""
    return not (_is_grid_heading(heading) or _REPORT_EDITION.match(first)
                or re.search(r"(?i)\b(?:quarters|ranges?|comparators?)\b", first))


def _is_grid_heading(text: str) -> bool:
    return len(_GRID_YEAR.findall(text)) >= 2 or _GRID_ROW.match(normalise(text)) is not None


def _measure_name(text: str) -> str:
    """The name of a measure from the sentence that introduces it (see grid_name_cuts)."""
    name = _REPORT_EDITION.sub("", normalise(text)).strip()
    for cut in _quantity_patterns()["grid_name_cuts"]:  # type: ignore[union-attr]
        m = cut.search(name)
        if m:
            name = name[: m.start()]
    return name.strip(" -–,:;")[:200]


def _measure_named(block: Block) -> str | None:
    """The measure a paragraph or list item names for the grid printed below it: its first
    sentence when that starts like a measure ("% of ...", "Number of ..."), or a short line
    standing alone after its last sentence."""
    text = _block_text(block).strip()
    if text[:1].isupper() or text[:1] == "%":
        first = _REPORT_EDITION.sub("", text).lstrip()
        if any(r.match(first) for r in _quantity_patterns()["grid_measure_starts"]):  # type: ignore[union-attr]
            name = _measure_name(text)
            if len(name.split()) >= 3:
                return name
    lines = [normalise(ln) for ln in text.split("\n") if ln.strip()]
    if len(lines) >= 2 and lines[-2].endswith(".") and not lines[-1].endswith((".", ":", ";", ",")):
        last = lines[-1]
        if (last[:1].isupper() or last[:1] == "%") and 15 <= len(last) <= 120:
            name = _measure_name(last)
            if len(name.split()) >= 3:
                return name
    return None


def _column_names(words: list[str], columns: int) -> list[str]:
    """Column names of a comparator grid: a word that cannot name a column on its own joins
    the word before it ("SW" + "Region"), when that makes the names fit the columns."""
    if len(words) <= columns:
        return words
    joins = {w.lower() for w in pack().grid_column_continuations}
    names: list[str] = []
    for w in words:
        if names and w.lower() in joins:
            names[-1] = f"{names[-1]} {w}"
        else:
            names.append(w)
    return names if len(names) == columns else words


def text_grid_values(document: Document) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """Values of unruled scorecards, and the (page, block, line) of every line they used."""
    from rules.periods import financial_quarter, financial_year

    kinds = _quantity_patterns()
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    flat: list[tuple[int, int, int, str, Block]] = []
    measures: dict[int, str] = {}  # flat index from which a measure sentence names the grids below
    for page in document.pages:
        for b, block in enumerate(page.blocks):
            if block.kind in ("paragraph", "list_item"):
                measure = _measure_named(block)
                if measure:
                    measures[len(flat)] = measure
            if block.kind in ("heading", "paragraph"):
                for k, line in enumerate(block.text.split("\n")):
                    if line.strip():
                        flat.append((page.number, b, k, normalise(line), block))
    pending: list[tuple[int, list[Found]]] = []  # flat index of the value row, its values
    for i, (page_no, _b, _k, line, block) in enumerate(flat):
        m = _GRID_ROW.match(line)
        if not m:
            continue
        cells = m.group(1).split()
        header: list[int] = []
        j = i - 1
        while j >= 0 and i - j <= 7 and not _GRID_ROW.match(flat[j][3]) and not (_PROSE_END.search(flat[j][3]) and len(flat[j][3]) > 40) \
                and flat[j][0] >= page_no - 1:
            header.insert(0, j)
            j -= 1
        head_lines = [flat[x][3] for x in header] + [line[: m.start(1)]]
        if not _grid_header(head_lines):
            continue
        head = " ".join(head_lines)
        years = [int(a) for a, _b in _GRID_YEAR.findall(head)]
        quarters = [int(q) for q in _GRID_QUARTER.findall(head)]
        bounds = _GRID_BOUND.findall(head)
        # The grid's own title ("In County") is printed just above its header, in the same
        # block as its first line of years; lines further up are headings and prose. The
        # lines below the years name the columns.
        first_year = next((x for x in header if _GRID_YEAR.search(flat[x][3])), i)
        title_lines = [flat[x][3] for x in header if x < first_year and flat[x][4] is flat[first_year][4]
                       and not _GRID_QUARTER.search(flat[x][3])]
        title = next((t for t in title_lines if not re.fullmatch(r"(?i)[A-Z .]*RANGES?|QUARTERS.*|COMPARATORS?\b.*", t)), "")
        title = _REPORT_EDITION.sub("", title).strip()  # "Previous report", "Last report: ..." name no measure
        columns: list[tuple[Period | None, str, str]] = []  # period, column name, kind
        if quarters and len(quarters) + len(bounds) == len(cells) and len(years) >= len(quarters):
            for q, y in zip(quarters, years[: len(quarters)], strict=True):
                columns.append((financial_quarter(q, 2000 + y), "", "actual"))  # the period is not part of the name
            columns += [(None, f"{bd.lower()} expected range", "target") for bd in bounds]
        elif not quarters and len(years) == len(cells) and len(set(years)) == 1:
            who_lines = [flat[x][3] for x in header if x > first_year and not _GRID_YEAR.search(flat[x][3])]
            who = _column_names(" ".join(who_lines).split(), len(cells))
            names = who if len(who) == len(cells) else [""] * len(cells)
            # The authority's own figure is the first column not named as a comparator
            # ("Wilts" before "Eng", "SW Region", "SN"); every other column is a comparator.
            own_n = next((n for n, name in enumerate(names) if _kind(name, "", kinds) != "comparator"), 0)
            for n, name in enumerate(names):
                own = n == own_n
                label = "" if own else (name or f"{' '.join(who)} (column {n + 1})")
                columns.append((financial_year(2000 + years[0], f"{years[0]:02d}-{years[0] + 1:02d}"), label,
                                "actual" if own else "comparator"))
        else:
            continue
        quote = normalise(" ".join([*head_lines, m.group(1)]))
        values = []
        for cell, (period, column, kind) in zip(cells, columns, strict=True):
            value = float(cell.rstrip("%"))
            unit = "%" if cell.endswith("%") else "count"
            values.append(Found(f"{title}\x00{column}", value, unit, period, kind, quote, "table", page_no, block.bbox,
                                None, GRID_RULE))
        pending.append((i, values))
        used.update((flat[x][0], flat[x][1], flat[x][2]) for x in [*header, i])
    # Name each grid after the measure sentence above it, or else the last heading above it
    # that is not part of a grid. A new heading ends the measure.
    section: str | None = None
    measure: str | None = None
    at = 0
    for i, (_page, _b, k, line, block) in enumerate(flat):
        if i in measures:
            measure = measures[i]
        if block.kind == "heading" and k == 0 and _names_measure(block.text, flat, i):
            section = line[:200]
            measure = None
        while at < len(pending) and pending[at][0] == i:
            for f in pending[at][1]:
                title, column = f.indicator.split("\x00")
                f.indicator = ": ".join(x for x in dict.fromkeys((measure or section, title, column)) if x)
                f.section = section
                found.append(f)
            at += 1
    return found, used


CARD_RULE = "indicators.card.v1"


def _card_stream(document: Document) -> list[CardLine]:
    """Every printed line outside tables, keyed as the text reader keys them (page, block, line)."""
    out: list[CardLine] = []
    for page in document.pages:
        for b, block in enumerate(page.blocks):
            if block.kind == "table":
                continue
            texts = block.text.split("\n")
            for k, text in enumerate(texts):
                line = block.lines[k] if len(block.lines) == len(texts) else None
                if text.strip() and not (line is not None and line.furniture):
                    out.append(CardLine(normalise(text), page.number, line.bbox if line else block.bbox,
                                        (page.number, b, k), block.kind == "heading"))
    return out


def card_values(document: Document) -> tuple[list[Found], set[tuple[int, int, int]], list[tuple[Card, list[Found]]]]:
    """Values of KPI cards, the lines they used, and each card with its values (the prose after
    a card is about its indicator)."""
    rules = pack().scorecard
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    out: list[tuple[Card, list[Found]]] = []
    for card in cards(_card_stream(document), rules):
        hint = name_unit(card.name, rules)
        values: list[Found] = []
        for period, text, line in card.series:
            if is_pending(text, rules):
                continue
            parsed = _numeric(text)
            if parsed is None:
                continue
            value, unit = parsed
            unit = hint if unit == "count" and hint else unit
            values.append(Found(card.name, value, unit, period, "actual", normalise(f"{period.text}: {text}"), "table",
                                line.page, line.bbox, card.name, CARD_RULE))
        if not values:
            continue
        target_text = card.facts.get("target", "")
        parsed_target = _numeric(re.split(r"\(|\s[–-]\s", target_text)[0]) if target_text else None
        target = None
        if parsed_target is not None:
            t_unit = hint if parsed_target[1] == "count" and hint else parsed_target[1]
            if t_unit == values[-1].unit:
                target = parsed_target[0]
        polarity = polarity_of(card.facts.get("polarity", "") or target_text, rules)
        assess(values, target, card.facts.get("status"), card.facts.get("direction"), polarity)
        if target is not None:
            latest = next(v for v in values if v.target is not None)
            line = next((ln for ln in card.lines if target_text and target_text in ln.text), card.name_line)
            values.append(Found(card.name, target, latest.unit, latest.period, "target", normalise(line.text), "table",
                                line.page, line.bbox, card.name, CARD_RULE, polarity=polarity))
        found += values
        used |= {ln.key for ln in card.lines}
        out.append((card, values))
    return found, used, out


def _lead_in(text: str) -> str:
    """The sentence a block ends with when it leads in to a list ("... in progress:"), else ''."""
    last = normalise(text.split("\n")[-1]) if text.strip() else ""
    if not re.search(r":-?$", last):
        return ""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", normalise(text))
    return sentences[-1] if sentences else ""


def _about_card(f: Found, card: Card, values: list[Found]) -> Found | None:
    """A value of the prose after a card: named by the card when it is in the card's unit; gone
    when it only repeats one of the card's values or its target."""
    same_unit = [v for v in values if v.unit == f.unit]
    if not same_unit:
        return f
    for v in same_unit:
        if abs(v.value - f.value) < 1e-9 and (f.kind == v.kind or v.kind == "target") and (
                f.period is None or v.period is None or f.period.iso == v.period.iso or v.kind == "target"):
            return None
    f.indicator = card.name
    return f


def document_values(document: Document) -> Iterator[Found]:
    section: str | None = None
    grid_found, grid_lines = text_grid_values(document)
    yield from grid_found
    card_found, card_lines, card_list = card_values(document)
    yield from card_found
    skip = grid_lines | card_lines
    card_at = {c.name_line.key[:2]: (c, v) for c, v in card_list}
    current: tuple[Card, list[Found]] | None = None
    lead = ""  # the sentence a list's items continue ("... there were 114 actions to be reported:")
    section_period: Period | None = None  # the one period a section's heading names
    for page in document.pages:
        for b, block in enumerate(page.blocks):
            if (page.number, b) in card_at:
                current = card_at[(page.number, b)]
            elif block.kind == "heading":
                current = None
            if block.kind == "heading":
                if not _is_grid_heading(block.text):
                    section = normalise(block.text.split("\n")[0])[:200]
                    dated = [p.period for p in find_periods(normalise(block.text)) if p.period.start is not None]
                    section_period = dated[0] if len(dated) == 1 else None
                lead = ""
                continue
            if block.kind == "table" and block.table is not None:
                lead = ""
                yield from table_values(block, document, section)
                continue
            lines = block.lines
            text = _block_text(block)
            if any((page.number, b, k) in skip for k in range(text.count("\n") + 1)):
                text = "\n".join(ln for k, ln in enumerate(block.text.split("\n")) if (page.number, b, k) not in skip)
            context = lead if block.kind == "list_item" else ""
            lead = _lead_in(text) or (lead if block.kind == "list_item" else "")
            for quote, q in values_in_text(text, context):
                if q.period is None and section_period is not None and q.kind == "actual":
                    q.period = section_period
                needle = quote[max(0, quote.find(q.text) - 20) : quote.find(q.text) + len(q.text)]
                where = _locate(document, [block.page, block.page + 1], [needle, q.text], (block.page, block.bbox))
                if lines and where[0] == block.page and where[1] == block.bbox:
                    where = (block.page, lines[0].bbox)
                f = _found(q, quote, where, section, "text")
                kept = _about_card(f, *current) if current else f
                if kept is not None:
                    yield kept


@family("indicators.values.v1", params=IndicatorPack)
def indicator_values(document: Reading, pack: IndicatorPack) -> Iterable[Record]:
    """Measured values with their unit, period and kind, from prose, ruled tables and
    unruled scorecard grids (the quantities read by rules/quantities.py)."""
    out: dict[str, IndicatorValue] = {}
    for f in document_values(document):
        start, end = f.period.iso if f.period else (None, None)
        record = IndicatorValue(
            document_id=document.id, page=f.page, bbox=bbox_text(f.bbox), rule=f.rule, indicator=f.indicator or "(unnamed)",
            value=f.value, unit=f.unit, period=f.period.text if f.period else None, period_start=start, period_end=end,
            kind=f.kind, quote=f.quote, source=f.source, section=f.section, target=f.target, status=f.status,
            direction=f.direction, polarity=f.polarity,
        )
        out.setdefault(record.id, record)
    return list(out.values())


# ------------------------------------------------------------------ canonical indicators


def indicator_key(name: str) -> str:
    """The identity of an indicator name: lower case, accents and punctuation folded, stop
    words dropped, plurals made singular ("Referals" and "referal" are one indicator)."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9%£/+]+", " ", s)
    stop = {w.lower() for w in pack().name_stopwords} | {"s"}
    words = []
    for w in s.split():
        if w in stop:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return " ".join(words) or s.strip()


def _fold(text: str | None) -> str:
    s = unicodedata.normalize("NFKC", text or "").lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s).replace("\u2019", "'")
    return re.sub(r"\s+", " ", _BULLETS.sub(" ", s)).strip()


@linker("indicators.canonical", after=("plans.activity_links",))
def canonical_indicators(records: list[Record]) -> Iterable[Record]:
    values = [r for r in records if isinstance(r, IndicatorValue)]
    activities = [r for r in records if getattr(r, "table", "") == "activities"]
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for a in activities:
        by_doc[a.document_id].append(a)
    updates = {a.id: _fold(getattr(a, "updates", None)) for a in activities}
    planned = {a.id: _fold(getattr(a, "planned_activity", None)) for a in activities}
    groups: dict[str, list[IndicatorValue]] = defaultdict(list)
    for v in values:
        key = indicator_key(v.indicator)
        groups[key].append(v)
        quote, section = _fold(v.quote), _fold(v.section)
        activity = next((a for a in by_doc.get(v.document_id, []) if quote and quote in updates[a.id]), None)
        if activity is None and section:
            activity = next((a for a in by_doc.get(v.document_id, []) if planned[a.id] and planned[a.id] == section), None)
        if activity is not None:
            v.activity_id = activity.id
            v.mission_id = getattr(activity, "mission_id", None)
    # One name in two units is two measures ("445 CIC" and "CIC (rate 15 per 10,000)"): the
    # values in the group's main unit keep its key, the others get a key of their own.
    for key, members in list(groups.items()):
        units = Counter(v.unit for v in members)
        if len(units) > 1:
            main = units.most_common(1)[0][0]
            groups[key] = [v for v in members if v.unit == main]
            for unit in units:
                if unit != main:
                    groups[f"{key} ({unit})"] = [v for v in members if v.unit == unit]
    out: list[Record] = []
    for key, members in groups.items():
        members.sort(key=lambda v: (v.period_start or "9999", v.document_id, v.page or 0))
        ident = hashlib.sha1(f"indicators:{key}".encode()).hexdigest()[:16]
        first = min(members, key=lambda v: (v.document_id, v.page or 0))
        starts = [v.period_start for v in members if v.period_start]
        ends = [v.period_end for v in members if v.period_end]
        indicator = Indicator(
            id=ident, document_id=first.document_id, page=first.page, rule=LINK_RULE, key=key,
            name=Counter(v.indicator for v in members).most_common(1)[0][0],
            unit=Counter(v.unit for v in members).most_common(1)[0][0], values=len(members),
            documents=len({v.document_id for v in members}), period_first=min(starts) if starts else None,
            period_last=max(ends) if ends else None,
            activity_ids=sorted({v.activity_id for v in members if v.activity_id}),
            mission_ids=sorted({v.mission_id for v in members if v.mission_id}),
            chart=f"/-/indicator/{ident}",
        )
        for v in members:
            v.indicator_id = ident
        out.append(indicator)
    return [*values, *out]
