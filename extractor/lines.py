"""Words → printed lines, with the font facts rules need (size, bold).

pdfplumber gives words with their top/bottom; words whose bottoms lie within a small
tolerance share a baseline and form one line. Font name and size are taken from the
characters that make up most of the line, so a line with a bold label followed by plain
text ("Planned To provide ...") reports the font of its majority, while ``bold_prefix``
keeps the bold run at its start for rules that key on labels.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Any

from extractor.model import Line

BASELINE_TOLERANCE = 2.5  # points: words whose bottoms differ by less share a line
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # a document has a few fonts and many words
def is_bold(fontname: str) -> bool:
    return bool(BOLD_FONT.search(fontname or ""))


def build_lines(words: list[dict[str, Any]], page_number: int) -> list[Line]:
    """Group pdfplumber words (with ``fontname`` and ``size`` attributes) into lines."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"], 1), w["x0"])):
        if rows and abs(rows[-1][-1]["bottom"] - word["bottom"]) <= BASELINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=_x0)
        lines.append(_line(row, page_number))
    lines.sort(key=lambda line: (line.bbox[1], line.bbox[0]))
    return lines


_x0 = operator.itemgetter("x0")


def _line(words: list[dict[str, Any]], page_number: int) -> Line:
    # One pass over the words (this runs for every line of every page): characters per
    # (font, size) for the majority font, bold characters, the leading bold run, the box.
    weight: dict[tuple[str, float], int] = {}
    bold_chars = total = 0
    prefix: list[str] = []
    in_prefix = True
    first = words[0]
    x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
    for w in words:
        fontname, text = w.get("fontname", ""), w["text"]
        n = len(text)
        key = (fontname, round(float(w.get("size", 0.0)), 1))
        weight[key] = weight.get(key, 0) + n
        total += n
        if is_bold(fontname):
            bold_chars += n
            if in_prefix:
                prefix.append(text)
        else:
            in_prefix = False
        if w["x0"] < x0:
            x0 = w["x0"]
        if w["top"] < top:
            top = w["top"]
        if w["x1"] > x1:
            x1 = w["x1"]
        if w["bottom"] > bottom:
            bottom = w["bottom"]
    font, size = max(weight, key=weight.__getitem__)  # the first of equals, as Counter.most_common
    total = total or 1
    return Line(
        text=" ".join([w["text"] for w in words]),
        page=page_number,
        bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
        font=font,
        size=size,
        bold=bold_chars / total > 0.5,
        bold_prefix=" ".join(prefix) if prefix and len(prefix) < len(words) else None,
    )
