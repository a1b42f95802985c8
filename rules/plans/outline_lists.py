"""Plan elements read off the document's outline (``Document.outline``: bookmarks, or headings
ranked by the extractor).

Two printed shapes, whatever the words:

* **a section and its subsections**: a heading that names a kind of element ("Our Goals",
  "Priorities", "Our well-being objectives"; the pack's ``section_title``) over subsections,
  each an element, with the paragraph under each as its summary — the subsections may run over
  several pages. A section with no subsections gives the first list printed in it; a section
  titled as values or ways of working ("How We Work") gives its list as the plan's values;
* **numbered headings**: sibling headings that number elements of one kind ("Priority 1 –
  A Greener Borough", "Priority 2 – ...") with no heading over them.

This module finds the sections and where each starts and ends; reading the items is
``plan_summaries``'s, with the same shapes as everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.model import Document, Line, OutlineEntry
from kernel.text import alike, clean
from rules.plans.summary_lines import PlanSummariesPack, Row

Point = tuple[int, float]  # (page, top)
END: Point = (10**9, 0.0)


@dataclass
class Section:
    """A section of the outline that sets out elements of one kind."""

    noun: str
    entry: OutlineEntry
    start: Point
    end: Point
    children: list[tuple[OutlineEntry, Point, Point]] = field(default_factory=list)  # entry, start, end


def element_sections(pack: PlanSummariesPack, document: Document, rows: list[Row]) -> list[Section]:
    """The sections whose title names a kind of element (or values), with their subsections."""
    outline = [e for e in document.outline if e.page is not None]
    by_page = _by_page(rows)
    starts = [_start(e, by_page) for e in outline]
    out: list[Section] = []
    title = re.compile(pack.noun_pattern(pack.section_title), re.IGNORECASE)
    values = re.compile(pack.values_section, re.IGNORECASE)
    for i, entry in enumerate(outline):
        m = title.match(entry.title)
        noun = m.group("noun").lower() if m else ("values" if values.search(entry.title) else None)
        if noun is None or pack.element(noun) is None:
            continue
        end = next((starts[j] for j in range(i + 1, len(outline)) if outline[j].level <= entry.level), END)
        section = Section(noun, entry, starts[i], end)
        kids = [j for j in range(i + 1, len(outline)) if starts[j] < end]
        if kids:
            depth = min(outline[j].level for j in kids)
            direct = [j for j in kids if outline[j].level == depth]
            for j in direct:
                child_end = next((starts[k] for k in range(j + 1, len(outline)) if starts[k] > starts[j]), end)
                section.children.append((outline[j], starts[j], min(child_end, end)))
        out.append(section)
    return out


def numbered_runs(pack: PlanSummariesPack, document: Document, rows: list[Row]) -> list[Section]:
    """Runs of sibling headings numbering elements of one kind from 1 ("Priority 1 – ...",
    "Priority Two: ..."), or naming the kind before each ("Theme: Economy", "Theme: Place"),
    as sections whose children are those headings (names without their numbers)."""
    outline = [e for e in document.outline if e.page is not None]
    by_page = _by_page(rows)
    starts = [_start(e, by_page) for e in outline]
    pattern = re.compile(pack.numbered_heading, re.IGNORECASE)
    out: list[Section] = []
    i = 0
    while i < len(outline):
        m = pattern.match(outline[i].title)
        numbered = bool(m and m.group("n"))
        if not m or (numbered and _number(pack, m.group("n")) != 1):
            i += 1
            continue
        noun, level, run = m.group("noun").lower(), outline[i].level, [i]
        for j in range(i + 1, len(outline)):
            if outline[j].level < level:
                break
            if outline[j].level > level:
                continue
            mj = pattern.match(outline[j].title)
            if not mj or mj.group("noun").lower() != noun or bool(mj.group("n")) != numbered or (
                    numbered and _number(pack, mj.group("n")) != len(run) + 1):
                break
            run.append(j)
        if len(run) >= pack.min_items:
            last = run[-1]
            end = next((starts[k] for k in range(last + 1, len(outline)) if outline[k].level <= level), END)
            section = Section(noun, outline[i], starts[i], end)
            for a, b in zip(run, [*run[1:], None], strict=True):
                child_end = next((starts[k] for k in range(a + 1, len(outline)) if starts[k] > starts[a]), end)
                section.children.append((outline[a], starts[a], child_end if b is None else min(child_end, starts[b])))
            out.append(section)
        i = run[-1] + 1
    return out


def _number(pack: PlanSummariesPack, text: str) -> int | None:
    return pack.count(text)


def name_of(pack: PlanSummariesPack, title: str) -> str:
    """A subsection's title as an element's name: without its number ("Priority 2 – X" → "X")."""
    m = re.match(pack.numbered_heading, title, re.IGNORECASE)
    return (m.group("name") or "").strip() if m else title


def heading_row(rows: list[Row], entry: OutlineEntry, start: Point) -> Row:
    """The printed line of a section's heading (for its page and box); a line made up from the
    outline entry where the heading cannot be found on its page."""
    for row in rows:
        if (row.line.page, row.line.bbox[1]) >= start and _titles(row.text, entry.title):
            return row
    line = Line(text=entry.title, page=entry.page or 1, bbox=(0.0, start[1], 0.0, start[1]))
    return Row(line=line, block=None, text=entry.title, styled=True, label=None, number=None,  # type: ignore[arg-type]
               fills=False)


def summary_under(pack: PlanSummariesPack, rows: list[Row], start: Point, end: Point, title: str) -> str | None:
    """The first paragraph printed under a heading, before its section ends."""
    inside = [r for r in rows if start <= (r.line.page, r.line.bbox[1]) < end]
    if inside and _titles(inside[0].text, title):
        inside = inside[1:]
    inside = [r for r in inside if not _titles(r.text, title)]
    if not inside or inside[0].styled or inside[0].label:
        return None
    block = inside[0].block
    text = clean(" ".join(r.text for r in inside if r.block is block and not r.styled))
    return text[: pack.max_summary_chars] or None


def rows_in(rows: list[Row], start: Point, end: Point) -> list[int]:
    return [k for k, r in enumerate(rows) if start <= (r.line.page, r.line.bbox[1]) < end]


def _by_page(rows: list[Row]) -> dict[int, list[Row]]:
    """Each page's rows, in order (so that finding a heading reads its page, not the document)."""
    out: dict[int, list[Row]] = {}
    for row in rows:
        out.setdefault(row.line.page, []).append(row)
    return out


def _start(entry: OutlineEntry, by_page: dict[int, list[Row]]) -> Point:
    """Where a section starts: its heading's line where it can be found on the entry's page, else
    the entry's own top, else the page's top."""
    page = entry.page or 1
    near = entry.top if entry.top is not None else 0.0
    for row in by_page.get(page, ()):
        if row.line.bbox[1] >= near - 2 and _titles(row.text, entry.title):
            return (page, row.line.bbox[1] - 0.5)
    return (page, near - 0.5 if entry.top is not None else -1.0)


def _titles(text: str, title: str) -> bool:
    """A printed line that is (the start of) a title."""
    a, b = text.lower().strip(), title.lower().strip()
    return bool(a) and (a == b or (b.startswith(a) and len(a) >= 0.5 * len(b)) or alike(a, b, 0.85))
