"""A document's outline (its sections, how deep each sits, where each starts) and its
table-of-contents pages.

* **Bookmarks**: a PDF made by a word processor usually carries its headings as bookmarks
  (the "Outlines" tree); where it has at least two that lead to a page, they are the outline,
  level for level (:func:`bookmark_outline`).
* **Layout**: otherwise the headings are ranked by how they are printed (:func:`layout_outline`):
  larger type above smaller, bold above plain at one size; a heading numbered "2.3" sits one
  level below "2". Headings on contents pages are left out (they repeat the outline).
* **Contents pages** (:func:`mark_contents`): a page whose lines are mostly titles ending in a
  page number — after a dotted leader ("Our priorities ........ 7"), or set in a column of
  numbers aligned on the right — or which holds a table headed by contents and page columns.
  Their numbers are page references; rules must not read them as data.

This is PDF typography, not council knowledge: the words "contents" and "page" are the only
words it knows.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from extractor.model import Block, OutlineEntry, Page

MIN_BOOKMARKS = 2  # fewer bookmarks than this (leading to a page) is no outline
MAX_TITLE_CHARS = 160
# A contents line: a title, then a dotted (or dashed, or underscored) leader and a page number.
LEADER = re.compile(r"^(?P<title>.*?[^\s.·…_-])\s*(?:[.·…_-]\s*){3,}\s*(?P<page>\d{1,4})$")
# A title ending in a page number after a space ("Our priorities 7"): a contents line when the
# numbers of several lines stand in one column, flush right.
TRAILING_NUMBER = re.compile(r"^(?P<title>.*[A-Za-z)’'])\s+(?P<page>\d{1,4})$")
CONTENTS_TITLE = re.compile(r"^\s*(?:table\s+of\s+)?contents?\s*(?:page)?\s*$|^\s*index\s*$", re.IGNORECASE)
PAGE_HEAD = re.compile(r"^\s*(?:page|pages|page\s+no\.?|page\s+number|pg\.?|p\.)\s*$", re.IGNORECASE)
# Page numbers whose right edges differ by less than an em stand in one column (flush right,
# or flush left with one to three digits).
MIN_ENTRIES = 3  # contents lines a contents page has at least
SHARE = 0.5  # ... and this share of its lines (a contents heading and notes aside)
TITLED_SHARE = 0.35  # ... or this share, under a "Contents" heading
NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=\S)")


@dataclass
class Bookmark:
    """A bookmark as a reader finds it: depth (1 = top), title, 0-based page index (None when it
    leads nowhere in the file) and the y of its destination in PDF user space (None unless given)."""

    level: int
    title: str
    index: int | None
    y: float | None = None


def clean_title(text: str) -> str:
    """A bookmark or heading title as one line: control characters and runs of white space gone."""
    text = re.sub(r"[\x00-\x1f\x7f\ufeff]", " ", text or "")
    return re.sub(r"\s+", " ", text).strip()


def bookmark_outline(bookmarks: list[Bookmark], pages: list[Page]) -> list[OutlineEntry]:
    """The outline from the PDF's bookmarks, or [] when it has too few to be one."""
    entries = []
    for mark in bookmarks:
        title = clean_title(mark.title)
        if not title:
            continue
        page = mark.index + 1 if mark.index is not None and 0 <= mark.index < len(pages) else None
        top = None
        if page is not None and mark.y is not None:
            height = pages[page - 1].height
            top = round(height - mark.y, 1) if 0 <= mark.y <= height else None
        entries.append(OutlineEntry(level=mark.level, title=title, page=page, top=top, source="bookmark"))
    if sum(e.page is not None for e in entries) < MIN_BOOKMARKS:
        return []
    return entries


def layout_outline(pages: list[Page]) -> list[OutlineEntry]:
    """The outline from the headings: each heading block of a page that is not a contents page,
    its level from its style's rank among the headings kept, and from its numbering."""
    headings: list[tuple[Block, str]] = []
    for page in pages:
        if page.is_contents:
            continue
        for block in page.blocks:
            if block.kind != "heading":
                continue
            title = clean_title(block.text)
            if not title or len(title) > MAX_TITLE_CHARS or not re.search(r"[^\W\d_]", title):
                continue
            headings.append((block, title))
    ranks = sorted({b.level for b, _ in headings if b.level is not None})
    style_level = {rank: i + 1 for i, rank in enumerate(ranks)}
    numbered = [(b, NUMBERED.match(t)) for b, t in headings]
    numbered_levels = [style_level.get(b.level or 0, 1) for b, m in numbered if m]
    base = min(numbered_levels) if len(numbered_levels) >= 2 else None
    entries = []
    for (block, title), (_, m) in zip(headings, numbered, strict=True):
        level = style_level.get(block.level or 0, len(ranks) or 1)
        if m and base is not None:
            level = base + m.group("n").count(".")
        entries.append(OutlineEntry(level=level, title=title, page=block.page, top=round(block.bbox[1], 1),
                                    source="layout"))
    return entries


def mark_contents(pages: list[Page]) -> None:
    """Flag every page that is a table of contents (``Page.is_contents``)."""
    for page in pages:
        page.is_contents = _is_contents(page)


def _is_contents(page: Page) -> bool:
    lines = [ln for ln in page.lines if not ln.furniture and ln.text.strip()]
    if not lines:
        return False
    contents_rows = sum(len(t.rows) - 1 for t in page.tables if is_contents_table(t.rows))
    table_lines = sum(ln.in_table for ln in lines) if contents_rows else 0
    if contents_rows and table_lines * 2 >= len(lines):
        return True
    led = [ln for ln in lines if LEADER.match(ln.text.strip())]
    # Numbers in a ruled table's column are data unless the table is headed as contents (above).
    trailing = [ln for ln in lines if not ln.in_table and TRAILING_NUMBER.match(ln.text.strip())
                and not LEADER.match(ln.text.strip())]
    column = _aligned_column(trailing)
    entries = len(led) + len(column) + contents_rows
    titled = any(CONTENTS_TITLE.match(ln.text) for ln in lines[:3])
    if entries < MIN_ENTRIES:
        return False
    if titled:  # headed "Contents": most of the page need not be entries (a summary may follow)
        return entries >= TITLED_SHARE * len(lines)
    return (len(led) >= MIN_ENTRIES and entries >= SHARE * len(lines)) or (
        len(column) >= MIN_ENTRIES + 1 and entries >= SHARE * len(lines))


def _aligned_column(lines: list) -> list:
    """The largest set of lines whose trailing numbers stand in one column and do not go down
    the page in decreasing order (contents pages count up)."""
    best: list = []
    for anchor in lines:
        group = [ln for ln in lines if abs(ln.bbox[2] - anchor.bbox[2]) <= max(anchor.size, 6.0)]
        numbers = [int(TRAILING_NUMBER.match(ln.text.strip()).group("page")) for ln in group]
        if all(a <= b for a, b in itertools.pairwise(numbers)) and len(group) > len(best):
            best = group
    return best if len(best) >= MIN_ENTRIES else []


def is_contents_table(rows: list[list[str | None]]) -> bool:
    """A table whose header has a contents (or section, title) column and a page column, and
    whose page column holds page numbers counting up."""
    if len(rows) < 3:
        return False
    header = [(c or "").strip() for c in rows[0]]
    page_col = next((j for j, h in enumerate(header) if PAGE_HEAD.match(h)), None)
    if page_col is None or not any(CONTENTS_TITLE.match(h) or re.match(r"(?i)^(?:section|title|item|chapter)s?$", h)
                                   for j, h in enumerate(header) if j != page_col):
        return False
    numbers = []
    for row in rows[1:]:
        cell = (row[page_col] if page_col < len(row) else "") or ""
        m = re.match(r"^\s*(\d{1,4})(?:\s*[-–]\s*\d{1,4})?\s*$", cell)
        if cell.strip() and not m:
            return False
        if m:
            numbers.append(int(m.group(1)))
    return len(numbers) >= 2 and all(a <= b for a, b in itertools.pairwise(numbers))
