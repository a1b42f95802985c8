"""Text helpers shared by the plan and activity rules: cleaning printed text and comparing names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from extractor.model import BBox
from rules.records import bbox_text

# Bullet glyphs a list item or a table cell may start with (private-use U+F0B7 from Symbol fonts).
BULLETS = "\uf0b7•●▪◦‣–-"
_LEADING_BULLET = re.compile(r"^\s*[\uf0b7•●▪◦‣]\s*")


def clean(text: str | None) -> str:
    """Printed text as one line: leading bullet removed, line wraps joined, a word broken at a
    real hyphen ("well-" + "connected") joined with its hyphen kept, white space single."""
    if not text:
        return ""
    lines = [_LEADING_BULLET.sub("", line).strip() for line in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out.endswith("-") and not out.endswith(" -") and line[:1].isalnum():
            out += line  # hyphen at a line end: the word goes on (year- / on-year)
        else:
            out = f"{out} {line}" if out else line
    return re.sub(r"\s+", " ", out).strip()


def words(text: str | None, stopwords: Iterable[str] = ()) -> set[str]:
    """Content words of a name, lower case: what two spellings of a name share."""
    stop = set(stopwords)
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in stop}


def containment(part: set[str], whole: set[str]) -> float:
    """Share of ``part``'s words found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


def similarity(a: str | None, b: str | None) -> float:
    x = re.sub(r"[^a-z0-9]+", " ", (a or "").lower()).strip()
    y = re.sub(r"[^a-z0-9]+", " ", (b or "").lower()).strip()
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() if x and y else 0.0


def box(bbox: BBox | None) -> str | None:
    return bbox_text(bbox)
