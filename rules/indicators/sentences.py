"""Values in prose: every sentence of a paragraph, list item or table cell that states a
measure (``rules.quantities.analyse``), with the sentence that leads in to a list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from extractor.model import BBox, Block
from rules.indicators.records import _BULLETS, TEXT_RULE, Found, normalise
from rules.quantities import analyse


def segments(text: str) -> list[str]:
    """Lines of a cell or paragraph joined into runs of prose. A short line that does not end a
    sentence is a line of its own ("16-17 NEET June 21 – 1.9% June 22 – 2.1%"), not a wrap."""
    lines = [ln.strip() for ln in _BULLETS.sub("\n", text).split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return []
    longest = max(len(ln) for ln in lines)
    out: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        out[-1].append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        wraps = line.endswith(("-", ",", "–")) or (nxt[:1].islower() if nxt else False)
        if nxt and not wraps and (len(line) < 0.75 * longest or line.endswith(":")):
            out.append([])
    return [_join(seg) for seg in out if seg]


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text += line  # a word broken at the line end keeps its hyphen: year- + on-year
        else:
            text += (" " if text else "") + line
    return text



def _has_words(sentence: str, periods: list[str], quantities: list[str]) -> bool:
    rest = sentence
    for t in sorted(periods + quantities, key=len, reverse=True):
        rest = rest.replace(t, " ")
    rest = re.sub(r"\b(?:per|cent|of|and|to|the|Q[1-4])\b", " ", rest, flags=re.IGNORECASE)
    return re.search(r"[A-Za-z]{3,}", rest) is not None


def values_in_text(text: str, context: str = "") -> Iterator[tuple[str, Any]]:
    """(sentence, Mention) for every value in a run of text. ``context`` is the sentence that
    leads in to it ("At the end of quarter 4 (January to March 2025) there were 114 actions to
    be reported:" before the list item "64 are complete (55%)"): read with it, for the period
    and what is counted, its own values left to the text it belongs to."""
    for segment in segments(text):
        prefix = f"{context} " if context else ""
        for sentence in analyse(prefix + segment):
            sentence.quantities = [q for q in sentence.quantities if q.start >= len(prefix)]
            if not sentence.quantities:
                continue
            if not _has_words(sentence.text, [p.period.text for p in sentence.periods],
                              [q.text for q in sentence.quantities]):
                continue  # a row of bare numbers: read as a table or not at all
            quote = normalise(sentence.text)
            for q in sentence.quantities:
                yield quote, q


def found_in_text(q: Any, quote: str, where: tuple[int, BBox | None], section: str | None, source: str) -> Found:
    return Found(q.name or section or "", q.value, q.unit, q.period, q.kind, quote, source, where[0], where[1], section,
                 TEXT_RULE, target=q.target)


def block_text(block: Block) -> str:
    text = block.text
    if block.label and text.startswith(block.label):
        text = text[len(block.label) :]
    return text


def lead_in(text: str) -> str:
    """The sentence a block ends with when it leads in to a list ("... in progress:"), else ''."""
    last = normalise(text.split("\n")[-1]) if text.strip() else ""
    if not re.search(r":-?$", last):
        return ""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", normalise(text))
    return sentences[-1] if sentences else ""
