"""Values in text grids: scorecards printed without rulings, which the extractor gives as
short lines of text."""

from __future__ import annotations

import re

from extractor.model import Block, Document
from rules.indicators.records import GRID_RULE, Found, normalise
from rules.indicators.sentences import block_text
from rules.periods import Period
from rules.quantities import _compiled as _quantity_patterns
from rules.quantities import _kind, pack

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
    return not (is_grid_heading(heading) or _REPORT_EDITION.match(first)
                or re.search(r"(?i)\b(?:quarters|ranges?|comparators?)\b", first))


def is_grid_heading(text: str) -> bool:
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
    text = block_text(block).strip()
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

