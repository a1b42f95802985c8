"""Line streams: the printed lines of a document in reading order, as rules walk them."""

from __future__ import annotations

from collections.abc import Iterable

from extractor.model import BBox, Document, Line


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
    """The smallest box holding every box given (None for none)."""
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
