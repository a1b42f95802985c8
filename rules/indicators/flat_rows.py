"""KPI tables flattened to running text: a header line names the columns ("Ref Key performance
indicators Good is Target 2022/23") and the rows follow as one run of words, each row its
reference (perhaps), its measure, its polarity ("High" / "Low": which way is good) and its
target ("... official complaints Low 190 cumulative for year ..."), where a web page's table was
stored as text or a PDF's table lost its rulings.

The polarity word is what parts the rows: the measure is the text before it (back to the
previous row's reference, or to the sub-row label "a)" / "b)" that opens it), the value the
first quantity after it. A cell holding two targets ("a) 5 Hectares b) 500 Trees") gives one
per sub-row named before it. Every value is a target of the header's period ("Target
2022/23"). The words (header, polarity, reference, sub-row label) are the pack's
(``flat_rows`` in ``rules/packs/indicators.yaml``).
"""

from __future__ import annotations

import re

from extractor.model import Document
from rules.indicators.records import Found, normalise
from rules.periods import find_periods
from rules.quantities import pack as indicator_pack

FLAT_RULE = "indicators.flat_rows.v1"


def flat_row_values(document: Document) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """Targets of flattened KPI rows, and the (page, block, line) of every line they used."""
    rules = indicator_pack().flat_rows
    if rules is None:
        return [], set()
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    for page in document.pages:
        lines = [(b, k, normalise(text), block) for b, block in enumerate(page.blocks) if block.kind != "table"
                 for k, text in enumerate(block.text.split("\n")) if text.strip()]
        section = None
        for i, (_b, _k, text, block) in enumerate(lines):
            if block.kind == "heading" and not re.match(rules.polarity_cell, text, re.IGNORECASE):
                section = text
            if not re.search(rules.header, text, re.IGNORECASE):
                continue
            periods = [p.period for p in find_periods(text) if p.period.start is not None]
            run: list[tuple[int, int, int]] = []
            words: list[str] = []
            for b, k, line, _block in lines[i + 1:]:
                if re.search(rules.end, line, re.IGNORECASE):
                    break
                run.append((page.number, b, k))
                words.append(line)
            rows = _rows(" ".join(words), rules)
            if len(rows) < rules.min_rows:
                continue
            quote_base = normalise(text)
            for name, value, unit in rows:
                found.append(Found(f"{section}: {name}" if section else name, value, unit,
                                   periods[0] if periods else None, "target", f"{quote_base} | {name}",
                                   "table", page.number, block.bbox, section, FLAT_RULE, target=value))
            used |= set(run)
    return found, used


def _rows(text: str, rules) -> list[tuple[str, float, str]]:
    """(measure, target, unit) of each row of a flattened run."""
    out: list[tuple[str, float, str]] = []
    parts = re.split(rf"\s*\b({rules.polarity})\b\s*", text)
    # parts: measure 1, polarity, cell 1 and measure 2, polarity, cell 2 and measure 3, ...
    name = parts[0]
    for n in range(1, len(parts) - 1, 2):
        rest = parts[n + 1]
        values = list(re.finditer(rules.value, rest))
        if not values:
            return []
        labelled = [v for v in values if re.search(rf"{rules.sub_row}\s*$", rest[: v.start()])]
        if len(labelled) >= 2:
            # a cell of two targets ("a) 5 Hectares b) 500 Trees"): the first for the sub-row the
            # measure names ("...: a) Number of hectares ..."), the next for the measure itself
            subs = re.split(rules.sub_row, name)
            parent, named = subs[0], [x for x in subs[1:] if x.strip()]
            for j, v in enumerate(labelled):
                out.append((_name(named[j] if j < len(named) else parent, rules), *_value(v)))
            last = labelled[-1]
        else:
            out.append((_name(name, rules), *_value(values[0])))
            last = values[0]
        # The next row's measure starts after this row's cell: at the next reference, else at
        # the first capitalised word after the cell's own words ("190 cumulative for year ...").
        tail = rest[last.end():]
        ref = re.search(rules.reference, tail)
        name = tail[ref.start():] if ref else _after_cell_words(tail)
    return [r for r in out if r[0]]


def _after_cell_words(tail: str) -> str:
    """The next measure in what follows a cell with no reference before it: from its first
    capitalised word ("cumulative for year ... received Overall Carbon dioxide ..." → "Overall
    Carbon dioxide ...")."""
    m = re.search(r"(?<![\w(])[A-Z][a-z]", tail)
    return tail[m.start():] if m else tail


def _name(text: str, rules) -> str:
    text = re.sub(rf"^\s*(?:{rules.reference})\s*", "", text.strip())
    text = re.sub(rf"^(?:\s*{rules.sub_row})+", "", text)
    # a sub-row's own words after its parent's label ("Fly tipping and enviromental crime: a) ..."):
    # the sub-row names the value
    if ":" in text and re.search(rules.sub_row, text):
        text = re.split(rules.sub_row, text)[-1]
    return text.strip(" :;,")


def _value(m: re.Match[str]) -> tuple[float, str]:
    number = float(m.group("num").replace(",", ""))
    unit = m.group("unit") or "count"
    return number, "%" if unit == "%" else unit.lower()
