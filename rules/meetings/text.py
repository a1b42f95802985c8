"""Small text helpers shared by the meetings rules: line streams, spacing, dates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractor.model import BBox, Document, Line

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def clean(text: str | None) -> str:
    """One line of text: private-use bullets dropped, white space collapsed."""
    if not text:
        return ""
    text = re.sub(r"[\ue000-\uf8ff]", "", text).replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def join(lines: Iterable[str]) -> str:
    return clean(" ".join(lines))


def iso_date(text: str | None) -> str | None:
    """'Monday 3 July 2017' / '20 JUNE 2017' / '20/06/2017' → '2017-07-03'."""
    if not text:
        return None
    m = _DATE.search(text)
    if m and m.group(2).lower() in MONTHS:
        return f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = _NUMERIC_DATE.search(text)
    if m:
        return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return None


def nice_case(text: str) -> str:
    """'CABINET' → 'Cabinet'; text already in mixed case is kept."""
    if text.upper() != text:
        return text
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def body_lines(document: Document, first: int = 1, last: int | None = None) -> list[Line]:
    """Every non-furniture line of pages first..last, in reading order."""
    last = last or document.page_count
    return [ln for p in document.pages[first - 1 : last] for ln in p.lines if not ln.furniture and ln.text.strip()]


def starts_paragraph(lines: list[Line], i: int) -> bool:
    """Whether line i opens a paragraph: first on its page, or after more than a line's spacing."""
    if i == 0:
        return True
    prev, cur = lines[i - 1], lines[i]
    if prev.page != cur.page:
        return True
    step = cur.bbox[1] - prev.bbox[1]
    return step > max(cur.size, prev.size) * 1.45


def union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def label_value(labels: list[str], text: str) -> str | None:
    """The value after 'Label:' when text starts with one of labels (case-insensitive)."""
    for label in labels:
        m = re.match(rf"\s*{re.escape(label)}\s*\??\s*:\s*(.*)$", text, re.IGNORECASE)
        if m:
            return m.group(1).strip()
    return None
