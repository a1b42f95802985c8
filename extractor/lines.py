"""Words → printed lines, with the font facts rules need (size, bold).

pdfplumber gives words with their top/bottom; words whose bottoms lie within a small
tolerance share a baseline and form one line. Font name and size are taken from the
characters that make up most of the line, so a line with a bold label followed by plain
text ("Planned To provide ...") reports the font of its majority, while ``bold_prefix``
keeps the bold run at its start for rules that key on labels.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
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
        row.sort(key=lambda w: w["x0"])
        lines.append(_line(row, page_number))
    lines.sort(key=lambda line: (line.bbox[1], line.bbox[0]))
    return lines


def _line(words: list[dict[str, Any]], page_number: int) -> Line:
    weight: Counter[tuple[str, float]] = Counter()
    bold_chars = total = 0
    bold = []
    for w in words:
        fontname, n = w.get("fontname", ""), len(w["text"])
        weight[(fontname, round(float(w.get("size", 0.0)), 1))] += n
        bold.append(is_bold(fontname))
        total += n
        if bold[-1]:
            bold_chars += n
    (font, size), _ = weight.most_common(1)[0]
    total = total or 1
    prefix = []
    for w, b in zip(words, bold, strict=True):
        if not b:
            break
        prefix.append(w["text"])
    return Line(
        text=" ".join(w["text"] for w in words),
        page=page_number,
        bbox=(
            round(min(w["x0"] for w in words), 2),
            round(min(w["top"] for w in words), 2),
            round(max(w["x1"] for w in words), 2),
            round(max(w["bottom"] for w in words), 2),
        ),
        font=font,
        size=size,
        bold=bold_chars / total > 0.5,
        bold_prefix=" ".join(prefix) if prefix and len(prefix) < len(words) else None,
    )
