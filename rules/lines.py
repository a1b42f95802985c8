"""Line streams: the printed lines of a document in reading order, as rules walk them."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from extractor.model import BBox, Line, Page


class Paged(Protocol):
    """Anything with pages: an extracted Document, or a Reading of one."""

    @property
    def pages(self) -> list[Page]: ...

    @property
    def page_count(self) -> int: ...


def body_lines(document: Paged, first: int = 1, last: int | None = None) -> list[Line]:
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


_ENDS_SENTENCE = re.compile(r"[.:;!?)\]\"”’']\s*$")


def paragraph_starts(lines: list[Line]) -> list[bool]:
    """Which lines open a paragraph, judged against the document's own spacing: the gap
    between the wrapped lines of one paragraph is the smallest gap that recurs (at least a
    tenth of all gaps, and under about half a line); a clearly larger gap, or a new page,
    starts a paragraph. A layout with no recurring wrap gap (every paragraph one line long)
    falls back to a gap of more than half a line, or, where one wider gap recurs (the
    paragraphs' spacing), to a gap clearly under it."""
    gaps: Counter[int] = Counter()
    sizes: Counter[float] = Counter()
    for prev, cur in itertools.pairwise(lines):
        if prev.page == cur.page and abs(prev.size - cur.size) < 0.6:
            gaps[round(cur.bbox[1] - prev.bbox[3])] += 1
            sizes[cur.size] += 1
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    total = sum(gaps.values())
    wraps = [g for g, n in gaps.items() if n >= 0.1 * total and -2 <= g <= 0.6 * size]
    threshold = (min(wraps) + max(2.0, 0.25 * size)) if wraps else 0.6 * size
    wrap_only = None  # gaps up to this are a wrap only after a line that fills the measure
    pitch = None  # the one gap a page typed at a wide line spacing puts between all its lines
    if not wraps and gaps:
        # Every paragraph one line long but a few (a web page set as a PDF): the gap that
        # recurs is the one between paragraphs, and a clearly smaller one is a line's wrap
        # ("... held on the 5th" / "February, 2018 be signed ...") — after a line that runs to
        # the right margin; after a short one it is a line break ("Cllr Abram was elected as
        # Chairman" / "Cllr Blane was elected as Vice Chairman").
        common, n = gaps.most_common(1)[0]
        if n >= 0.3 * total and common > 0.6 * size:
            wrap_only = common - max(2.0, 0.15 * size)
            pitch = common
    left = min((ln.bbox[0] for ln in lines), default=0.0)
    right = max((ln.bbox[2] for ln in lines), default=0.0)
    out = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        # A line that starts in lower case after one that ends mid-sentence goes on with it,
        # over a page break too.
        if prev and line.text[:1].islower() and not prev.text.rstrip().endswith((".", ":", ";", "!", "?")):
            out.append(False)
            continue
        if prev is None or prev.page != line.page:
            out.append(True)
            continue
        gap = line.bbox[1] - prev.bbox[3]
        scale = max(line.size, prev.size) / size if size else 1.0
        opens = gap > threshold * scale
        if opens and wrap_only is not None and gap <= wrap_only * scale:
            opens = prev.bbox[2] < left + 0.8 * (right - left)
        elif opens and pitch is not None and abs(gap - pitch * scale) <= 1.5 * scale \
                and prev.bbox[2] >= left + 0.85 * (right - left) and not _ENDS_SENTENCE.search(prev.text):
            # Lines set at a wide spacing, every gap the same: a line that runs to the right
            # margin and ends mid-sentence wraps ("... held on 15th" / "November 2018 were ...");
            # only sentence punctuation, a short line or a wider gap ends a paragraph there.
            opens = False
        out.append(opens)
    return out


def union(boxes: Iterable[BBox]) -> BBox | None:
    """The smallest box holding every box given (None for none)."""
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
