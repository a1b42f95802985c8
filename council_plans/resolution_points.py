"""A resolution's points, one per line, found from its printed numbering.

Minutes print a resolution as one run of text — "To note: a) The report …; and b) The
unaudited Statement of Accounts" — and the site shows it one point per line. Until the
extractor stores ``decisions.resolved_points``, the site splits the text itself.

Numbering is recognised only when it counts: markers of one style ("1." "2." …, "a)" "b)" …,
"(i)" "(ii)" …, "I." "II." …) that start at one and go up by one. A lone "(ii)" in "subject to
amendment in (ii)", "Appendix 1." or "£5.018 million" is not a point.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# A marker: start of text or after a space/colon/semicolon; "1." "1)" "(1)" with digits, one
# letter or a roman numeral; then a space.
MARKER = re.compile(r"(?:(?<=[\s:;])|^)(?P<open>\()?(?P<label>\d{1,2}|[ivxlIVXL]{1,6}|[a-zA-Z])(?P<close>[.)])(?=\s)")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


@dataclass(frozen=True)
class _Marker:
    start: int
    style: str  # arabic | lower | upper | roman | ROMAN, plus the punctuation form
    ordinal: int


def _roman(text: str) -> int | None:
    total, previous = 0, 0
    for ch in reversed(text.lower()):
        value = ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if total > 0 else None


def _candidates(text: str) -> list[_Marker]:
    out = []
    for m in MARKER.finditer(text):
        label, close = m.group("label"), m.group("close")
        if m.group("open") and close != ")":
            continue  # "(1." is not a marker
        form = "()" if m.group("open") else close
        if label.isdigit():
            out.append(_Marker(m.start(), "arabic" + form, int(label)))
            continue
        roman = _roman(label)
        if roman is not None and (label.islower() or label.isupper()):
            out.append(_Marker(m.start(), ("roman" if label.islower() else "ROMAN") + form, roman))
        if len(label) == 1:
            out.append(_Marker(m.start(), ("lower" if label.islower() else "upper") + form,
                               ord(label.lower()) - ord("a") + 1))
    return out


def _chains(candidates: list[_Marker]) -> list[list[_Marker]]:
    """Runs of one style counting 1, 2, 3 … in reading order (a style may restart after a run)."""
    chains = []
    for style in {c.style for c in candidates}:
        of_style = [c for c in candidates if c.style == style]
        i = 0
        while i < len(of_style):
            if of_style[i].ordinal != 1:
                i += 1
                continue
            chain = [of_style[i]]
            for c in of_style[i + 1:]:
                if c.ordinal == chain[-1].ordinal + 1:
                    chain.append(c)
            if len(chain) >= 2:
                chains.append(chain)
            i = of_style.index(chain[-1]) + 1
    return chains


def split_points(text: str | None) -> list[str]:
    """The points of a numbered resolution, each with its marker; ``[]`` when it is not numbered.

    Text before the first marker ("To note:") is the first line.

    >>> split_points("To note: a) the report; and b) the accounts.")
    ['To note:', 'a) the report; and', 'b) the accounts.']
    >>> split_points("To agree the plan.")
    []
    """
    if not text:
        return []
    used: set[int] = set()
    starts: list[int] = []
    for chain in sorted(_chains(_candidates(text)), key=len, reverse=True):
        if any(m.start in used for m in chain):
            continue  # "i." read as a letter and as a roman numeral: the longer run wins
        used.update(m.start for m in chain)
        starts.extend(m.start for m in chain)
    if not starts:
        return []
    cuts = sorted(set(starts))
    pieces = [text[:cuts[0]]] + [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    return [p.strip() for p in pieces if p.strip()]


def points_of(resolved: str | None, stored: str | None = None) -> list[str]:
    """A decision's points: ``stored`` (``decisions.resolved_points``, a JSON list) when the
    extractor made them, else split from the printed numbering of ``resolved``."""
    if isinstance(stored, str) and stored.lstrip().startswith("["):
        try:
            return [str(p) for p in json.loads(stored)]
        except ValueError:
            pass
    return split_points(resolved)
