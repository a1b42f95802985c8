"""Scorecards: how a performance report prints an indicator's assessment, and how a KPI table's
rows line up.

Three layouts, read for ``indicators.values.v1`` (rules/indicators/) with the words of the
``scorecard`` section of ``rules/packs/indicators.yaml``:

* **KPI tables**: a ruled table whose header names its columns — the measure ("Indicator",
  "Measure", "PI"), a reference, periods, a target, a RAG status, a direction of travel. The
  measure's name is the row's name (not the report's title, nor its reference); the target,
  status and direction go on the row's latest value; a unit printed in the name ("(kg)",
  "Percentage of ...") is the unit of its bare numbers. :func:`column_roles` says which column
  is which.
* **stacked rows**: a table drawn without rulings between its rows comes out of the extractor
  as one row whose cells hold several lines each. The lines are paired by where they are
  printed — each value with the label printed on its baseline and the lines wrapped under it
  (:func:`split_stacked`) — and a row whose lines do not pair up gives no values at all rather
  than values attached to a neighbour.
* **KPI cards**: an indicator's name, then labelled lines ("Status: Green", "Current Target:
  3550 tonnes (aim to minimise)", "Direction of travel: Improving") and its series, one
  "period: value" line each ("2018/19: 4162 tonnes", "Q1 2021/22: 56.5%"). :func:`card_values`
  reads them; the prose after a card is about its indicator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from extractor.model import BBox, Document, Line
from rules.periods import Period, parse_period


class ScorecardColumns(BaseModel):
    """Regexes on a KPI table's header cells (matched case-insensitively) naming a column's role."""

    name: str = Field(description="The measure's name")
    ref: str = Field(description="A reference or code, never a value")
    target: str = Field(description="The target")
    status: str = Field(description="RAG or progress status")
    direction: str = Field(description="Direction of travel")
    polarity: str = Field(description="Whether higher or lower is better")
    unit: str = Field(description="The unit of the row's values")
    not_values: str = Field(description="Columns of words (commentary, owner, lead officer): never values")


class ScorecardRules(BaseModel):
    columns: ScorecardColumns
    # KPI cards: a line that labels one fact of the card; group text holds the fact.
    card_labels: dict[str, str] = Field(description="status, target, direction, polarity, note -> regex on a line")
    series_line: str = Field(description="Regex on a line: group period, group value ('Q1 2021/22: 56.5%')")
    pending: list[str] = Field(default_factory=list, description="Regexes on a value cell or line: no value yet")
    polarity: dict[str, list[str]] = Field(default_factory=dict, description="higher / lower -> regexes")
    name_units: dict[str, str] = Field(default_factory=dict, description="Regex on a measure's name -> unit of its "
                                                                         "bare numbers")
    cell_units: dict[str, str] = Field(default_factory=dict, description="Unit word printed after a number in a "
                                                                         "cell (lower case) -> unit")
    max_card_name_words: int = 30
    box_labels: dict[str, str] = Field(default_factory=dict, description="KPI boxes: actual, previous, target, "
                                                                         "threshold -> regex on a cell's label")
    status_words: str = Field("(?!)", description="Regex on a whole cell: a RAG or progress status")


# ------------------------------------------------------------------ KPI tables


def column_roles(headers: list[str], rules: ScorecardRules) -> dict[str, int]:
    """Which column holds what: {"name": 1, "target": 4, "status": 5, ...}; the first match wins
    for each role, and a column has one role."""
    roles: dict[str, int] = {}
    cols = rules.columns
    for role in ("ref", "name", "status", "direction", "polarity", "target", "unit", "not_values"):
        pattern = re.compile(getattr(cols, role), re.IGNORECASE)
        for j, header in enumerate(headers):
            if j not in roles.values() and header and pattern.search(header):
                roles[role] = j
                break
    return roles


def name_unit(name: str, rules: ScorecardRules) -> str | None:
    """The unit a measure's name gives its bare numbers: "Residual waste per household (kg)"."""
    return next((unit for pattern, unit in rules.name_units.items() if re.search(pattern, name, re.IGNORECASE)), None)


def polarity_of(text: str, rules: ScorecardRules) -> str | None:
    for better, patterns in rules.polarity.items():
        if any(re.search(p, text, re.IGNORECASE) for p in patterns):
            return f"{better} is better"
    return None


def is_pending(text: str, rules: ScorecardRules) -> bool:
    return any(re.fullmatch(p, text.strip(), re.IGNORECASE) for p in rules.pending)


def assess(found: list[Any], target: float | None, status: str | None, direction: str | None,
           polarity: str | None) -> None:
    """Put a row's (or card's) assessment on its latest actual value: the one the report judges."""
    actual = [f for f in found if f.kind == "actual"]
    for f in found:
        f.polarity = polarity or f.polarity
    if not actual:
        return
    latest = max(actual, key=lambda f: (f.period.end.isoformat() if f.period and f.period.end else "", actual.index(f)))
    if target is not None:
        latest.target = target
    latest.status = status or latest.status
    latest.direction = direction or latest.direction


# ------------------------------------------------------------------ stacked rows


def _lines(cell: str | None) -> list[str]:
    return [ln.strip() for ln in (cell or "").split("\n") if ln.strip()]


def split_stacked(rows: list[list[str]], page: int, bbox: BBox | None, document: Document,
                  numeric: Callable[[str], Any], rules: ScorecardRules) -> tuple[list[list[str]], list[int]]:
    """Rows as printed: a row whose value cells hold several values, one per line, is split into
    one row per value line, each with the label lines printed on that value's baseline and
    below it (until the next value's). Returns the rows (with the index of the row each came
    from); a stacked row whose lines cannot be paired by position is left out."""
    page_lines = [ln for ln in document.page(page).lines if bbox is None or _inside(ln.bbox, bbox)] \
        if 1 <= page <= document.page_count else []
    out: list[list[str]] = []
    origin: list[int] = []
    for i, row in enumerate(rows):
        cells = [c or "" for c in row]
        stacked = [j for j, c in enumerate(cells) if len(_lines(c)) >= 2
                   and all(numeric(x) is not None or is_pending(x, rules) for x in _lines(c))]
        if not stacked:
            out.append(cells)
            origin.append(i)
            continue
        split = _pair(cells, stacked, page_lines)
        if split:
            out += split
            origin += [i] * len(split)
    return out, origin


def _inside(box: BBox, outer: BBox, tol: float = 2.0) -> bool:
    return box[0] >= outer[0] - tol and box[2] <= outer[2] + tol and box[1] >= outer[1] - tol and box[3] <= outer[3] + tol


def _pair(cells: list[str], stacked: list[int], page_lines: list[Line]) -> list[list[str]] | None:
    counts = {len(_lines(cells[j])) for j in stacked}
    if len(counts) != 1:
        return None  # value columns disagree on how many rows there are
    n = counts.pop()
    text_cols = [j for j, c in enumerate(cells) if c and j not in stacked]
    # The baseline of each k-th value: the printed line holding the k-th value of every stacked
    # column, in column order.
    tops: list[float] = []
    used: set[int] = set()
    for k in range(n):
        tokens = [_lines(cells[j])[k] for j in stacked]
        hit = next((x for x, ln in enumerate(page_lines) if x not in used and _in_order(ln.text, tokens)), None)
        if hit is None:
            return None
        used.add(hit)
        tops.append(page_lines[hit].bbox[1])
    if tops != sorted(tops):
        return None
    rows = [[""] * len(cells) for _ in range(n)]
    for j in stacked:
        for k, value in enumerate(_lines(cells[j])):
            rows[k][j] = value
    for j in text_cols:
        for text in _lines(cells[j]):
            line = next((ln for ln in page_lines if text in ln.text), None)
            if line is None:
                return None
            # A label line belongs to the last value printed on or above it (cells are top-aligned).
            k = max((k for k, top in enumerate(tops) if top <= line.bbox[1] + 2.0), default=0)
            rows[k][j] = f"{rows[k][j]}\n{text}".strip()
    if any(not any(r[j] for j in text_cols) for r in rows) and text_cols:
        return None  # a value with no label on its line or below: it would be given a neighbour's
    return rows


def _in_order(text: str, tokens: list[str]) -> bool:
    at = 0
    for t in tokens:
        m = re.search(rf"(?<!\S){re.escape(t)}(?!\S)", text[at:])
        if not m:
            return False
        at += m.end()
    return True


# ------------------------------------------------------------------ KPI cards


@dataclass
class CardLine:
    text: str
    page: int
    bbox: BBox
    key: tuple[int, int, int]  # page, block, line: what the text reader must not read again
    styled: bool


@dataclass
class Card:
    name: str
    name_line: CardLine
    series: list[tuple[Period, str, CardLine]] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    lines: list[CardLine] = field(default_factory=list)
    end: int = 0  # index after its last line in the stream


def cards(stream: list[CardLine], rules: ScorecardRules) -> list[Card]:
    """Runs of labelled and "period: value" lines under the line that names them. A card with
    no series is a KPI's definition when it labels its target and at least two other facts
    ("Definition: ...", "Reporting frequency: Quarterly", "Local target: 98% (Q4 only)"); a
    ``note`` fact (a definition, remarks) may run on over the lines after it until its
    sentence ends."""
    labels = {k: re.compile(v, re.IGNORECASE) for k, v in rules.card_labels.items()}
    series = re.compile(rules.series_line, re.IGNORECASE)
    out: list[Card] = []
    i = 0
    while i < len(stream):
        card_lines: list[tuple[str, str, CardLine]] = []  # kind, text, line
        k = i + 1
        while k < len(stream):
            text = stream[k].text
            fact = next(((name, m.group("text")) for name, rx in labels.items() if (m := rx.match(text))), None)
            m = series.match(text)
            period = parse_period(m.group("period")) if m else None
            if fact:
                card_lines.append((fact[0], fact[1].strip(), stream[k]))
            elif period is not None:
                card_lines.append(("series", text, stream[k]))
            elif card_lines and card_lines[-1][0] in ("note", "more") and not re.search(
                    r"[.!?]\s*$", card_lines[-1][2].text):
                card_lines.append(("more", text, stream[k]))  # a note's paragraph runs on
            else:
                break
            k += 1
        has_series = sum(1 for kind, _, _ in card_lines if kind == "series")
        has_facts = any(kind not in ("series", "note", "more") for kind, _, _ in card_lines)
        kinds = {kind for kind, _, _ in card_lines if kind != "more"}
        definition = not has_series and "target" in kinds and len(kinds) >= 3
        name = stream[i].text.strip()
        if card_lines and (has_series >= 2 or (has_series and has_facts) or definition) and _names_card(name, rules):
            card = Card(name=name, name_line=stream[i], end=k, lines=[stream[i]] + [c for _, _, c in card_lines])
            for kind, text, line in card_lines:
                if kind == "series":
                    m = series.match(text)
                    assert m is not None
                    period = parse_period(m.group("period"))
                    assert period is not None
                    card.series.append((period, m.group("value").strip(), line))
                elif kind != "more":
                    card.facts.setdefault(kind, text)
            out.append(card)
            i = k
            continue
        i += 1
    return out


def _names_card(text: str, rules: ScorecardRules) -> bool:
    """A line that can name an indicator: words, not a sentence or a label."""
    return (bool(re.search(r"[A-Za-z]{3,}", text)) and len(text.split()) <= rules.max_card_name_words
            and not re.search(r"[.;:]\s*$", text) and parse_period(text) is None)
