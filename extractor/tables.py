"""Ruled tables: pdfplumber's "lines" strategy, nesting, and stitching over page breaks.

A table drawn inside a cell of another (the small statistics tables inside an "Updates"
cell) is kept as ``nested`` on its host. A table that runs over a page break is printed as
two tables; when the first ends a page and the second starts the next, at the same left and
right edges, they are stitched into one: a first row whose leading cell is empty continues
the last row of the previous part, cell by cell, matched on x position, and so does a first
row whose text picks up in lower case where the previous row stopped mid-sentence (the page
break cut through the row, label and all: "Intended" / "Impact"); a repeated header
row is dropped. A following table whose first row starts with the same label as the
previous table's first row ("Planned Activity" twice) is the next record of a run of
record-shaped tables, not a continuation, and is left alone.

Finding the cells of a grid costs far more than linearly in the points where rulings cross (a
300 × 300 grid of rules would take hours): a page whose rulings cross more than
:data:`MAX_CROSSINGS` times (no real table comes near it: the corpus's busiest page has about
1,100) is not searched for tables, and the reader flags it (E017).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.table import TableSettings, merge_edges
from pdfplumber.utils import filter_edges

from extractor.model import BBox, Table

EDGE_TOLERANCE = 3.0  # points: tables whose left/right edges agree within this are one grid
# Crossings of rulings on one page past which tables are not looked for: about 2 s of the
# table finder's time (an 80 × 80 grid, 6,561 crossings, takes 3.5 s; 40 × 40, 0.3 s).
MAX_CROSSINGS = 5000


@dataclass
class RawTable:
    """A table as read from one page, with each cell's x position kept for stitching."""

    page: int
    bbox: BBox
    rows: list[list[str | None]]
    cell_x0: list[list[float | None]]
    row_tops: list[float]
    nested: list[RawTable] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)

    def to_model(self) -> Table:
        return Table(
            rows=self.rows,
            page=self.page,
            bbox=self.bbox,
            pages=self.pages or [self.page],
            row_pages=self.row_pages or [self.page] * len(self.rows),
            nested=[n.to_model() for n in self.nested],
        )


def read_tables(page: Any, page_number: int, crowded: list[int] | None = None) -> list[RawTable]:
    """Find the ruled tables of one pdfplumber page; nest tables drawn inside others. A page
    with too many crossing rulings gives none, and its number is added to ``crowded``."""
    if crossings(page.edges, MAX_CROSSINGS) > MAX_CROSSINGS:
        if crowded is not None:
            crowded.append(page_number)
        return []
    found = []
    for table in page.find_tables():
        rows = [[None if c is None else c.strip() for c in row] for row in table.extract()]
        xs, tops = [], []
        for row in table.rows:
            xs.append([None if c is None else round(c[0], 1) for c in row.cells])
            tops.append(round(row.bbox[1], 1))
        found.append(
            RawTable(page=page_number, bbox=tuple(round(v, 2) for v in table.bbox), rows=rows, cell_x0=xs, row_tops=tops)
        )
    outer: list[RawTable] = []
    for t in sorted(found, key=lambda t: (t.bbox[2] - t.bbox[0]) * (t.bbox[3] - t.bbox[1]), reverse=True):
        host = next((o for o in outer if _inside(t.bbox, o.bbox)), None)
        if host:
            host.nested.append(t)
        else:
            outer.append(t)
    outer.sort(key=lambda t: t.bbox[1])
    return outer


def crossings(edges: list[dict[str, Any]], limit: int | None = None) -> int:
    """Points where a horizontal and a vertical ruling meet, as the table finder sees them
    (its edges, snapped and joined, within its intersection tolerance); counting stops past
    ``limit``."""
    settings = TableSettings.resolve(None)
    # Only rulings: a curve's diagonal edges have no orientation, and snapping them fails
    # (KeyError: None), as the table finder itself only takes "h" and "v" edges.
    rulings = [e for e in edges if e.get("orientation") in ("h", "v")]
    merged = merge_edges(filter_edges(rulings), settings.snap_x_tolerance, settings.snap_y_tolerance,
                         settings.join_x_tolerance, settings.join_y_tolerance)
    merged = filter_edges(merged, min_length=settings.edge_min_length)
    x_tol, y_tol = settings.intersection_x_tolerance, settings.intersection_y_tolerance
    vertical = sorted((e for e in merged if e["orientation"] == "v"), key=lambda e: e["x0"])
    xs = [e["x0"] for e in vertical]
    count = 0
    for h in (e for e in merged if e["orientation"] == "h"):
        first, last = bisect.bisect_left(xs, h["x0"] - x_tol), bisect.bisect_right(xs, h["x1"] + x_tol)
        count += sum(1 for v in vertical[first:last] if v["top"] - y_tol <= h["top"] <= v["bottom"] + y_tol)
        if limit is not None and count > limit:
            break
    return count


def _inside(inner: BBox, outer: BBox, slack: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def stitch(previous: RawTable, following: RawTable) -> bool:
    """Append ``following`` (top of the next page) to ``previous`` if it continues it."""
    if abs(previous.bbox[0] - following.bbox[0]) > EDGE_TOLERANCE:
        return False
    if abs(previous.bbox[2] - following.bbox[2]) > EDGE_TOLERANCE:
        return False
    rows, xs = list(following.rows), list(following.cell_x0)
    if not rows or not previous.rows:
        return False
    continues_cell = not (rows[0][0] or "").strip() or _cut_mid_sentence(previous.rows[-1], rows[0])
    if not continues_cell and _clean(rows[0]) == _clean(previous.rows[0]):
        rows.pop(0)  # the header row, printed again on the new page
        xs.pop(0)
    elif not continues_cell and _clean(rows[0])[:1] == _clean(previous.rows[0])[:1]:
        return False
    previous.pages = previous.pages or [previous.page]
    previous.row_pages = previous.row_pages or [previous.page] * len(previous.rows)
    if continues_cell:
        _continue_row(previous, rows.pop(0), xs.pop(0))
    previous.rows.extend(rows)
    previous.cell_x0.extend(xs)
    previous.row_pages.extend([following.page] * len(rows))
    previous.nested.extend(following.nested)
    if following.page not in previous.pages:
        previous.pages.append(following.page)
    return True


def _continue_row(previous: RawTable, cells: list[str | None], xs: list[float | None]) -> None:
    last, last_x = previous.rows[-1], previous.cell_x0[-1]
    targets = [i for i, x in enumerate(last_x) if x is not None]
    for text, x in zip(cells, xs, strict=False):
        if not text or x is None:
            continue
        i = min(targets, key=lambda k: abs((last_x[k] or 0.0) - x))
        last[i] = f"{last[i]}\n{text}" if last[i] else text


def _clean(row: list[str | None]) -> list[str]:
    return [" ".join((c or "").split()).lower() for c in row if c is not None]


def _cut_mid_sentence(last: list[str | None], first: list[str | None]) -> bool:
    """The previous part's last row stops mid-sentence and this row carries on in lower case."""
    before = [c.strip() for c in last if c and c.strip()]
    after = [c.strip() for c in first[1:] if c and c.strip()]
    if not before or not after:
        return False
    return before[-1][-1] not in ".!?:;)" and after[0][0].islower()
