"""KPI boxes: a ruled box per indicator whose cells carry their own labels.

A performance report often prints each KPI as a small ruled box rather than a table row: the
measure's name across the top (its RAG status in a cell beside it), then cells that say what
they hold — "Latest: 94%", "Target: 90%, Floor: 85%", "Previous: 89% (Amber)". The extractor
gives such a box as a table with no header, several boxes one after another as one table.
There is no column to read a role from: each fact names itself. The labels are the pack's
(``scorecard.box_labels`` in ``rules/packs/indicators.yaml``):

* ``actual``: the latest value ("Latest", "Current", "This quarter"), of the period the report
  or its section is about, with the box's status and target;
* ``previous``: the value before it ("Previous", "Last quarter"), of the period before, with the
  status printed in brackets after it;
* ``target``: the target, also a value of kind target (as a KPI card's);
* ``threshold``: a floor standard or tolerance — how a status is judged, never a value.

:func:`box_values` reads a table that is made of such boxes; any other table is left to the
table readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.indicators.records import TABLE_RULE, Found, normalise
from rules.periods import Period, previous_period
from rules.scorecards import ScorecardRules, assess, name_unit, polarity_of

BoxCell = tuple[str, str, str | None]  # role, value text, status in brackets


@dataclass
class Box:
    name: str
    status: str | None = None
    facts: list[BoxCell] = field(default_factory=list)


def _labels(rules: ScorecardRules) -> re.Pattern[str]:
    alternation = "|".join(f"(?P<{role}>{pattern})" for role, pattern in rules.box_labels.items())
    return re.compile(rf"(?:^|(?<=[\s,;]))(?:{alternation})\s*:?\s+(?=[£\d(-])", re.IGNORECASE)


def cell_facts(text: str, rules: ScorecardRules) -> list[BoxCell]:
    """The labelled facts of one cell: "Target: 90%, Floor: 85%" → target 90%, threshold 85%.
    A cell with any words other than labelled facts holds none (it is prose)."""
    text = normalise(text)
    labels = list(_labels(rules).finditer(text))
    if not labels or labels[0].start() != 0:
        return []
    out: list[BoxCell] = []
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        value = text[m.end():end].strip(" ,;")
        status = re.search(r"\(([^()]{2,30})\)\s*$", value)
        if status:
            value = value[: status.start()].strip()
        role = next(r for r, v in m.groupdict().items() if v is not None)
        out.append((role, value, status.group(1).strip() if status else None))
    return out


def boxes(rows: list[list[str | None]], rules: ScorecardRules) -> list[Box]:
    """The boxes of a table: a row that names a measure (and perhaps its status), then rows of
    labelled facts. A table with no row of facts that holds an actual value is no box."""
    status_word = re.compile(rules.status_words, re.IGNORECASE)
    out: list[Box] = []
    for row in rows:
        cells = [normalise(c or "") for c in row]
        facts = [f for c in cells if c for f in cell_facts(c, rules)]
        texts = [c for c in cells if c]
        if facts and all(cell_facts(c, rules) for c in texts):
            if out:
                out[-1].facts += facts
            continue
        words = [c for c in texts if not status_word.fullmatch(c)]
        if len(words) == 1 and re.search(r"[A-Za-z]{3,}", words[0]) and \
                len(words[0].split()) <= rules.max_card_name_words:
            status = next((c for c in texts if status_word.fullmatch(c)), None)
            out.append(Box(words[0], status))
        elif texts:
            out.append(Box(""))  # a row of anything else closes the box above
    kept = [b for b in out if b.name and any(role == "actual" for role, _v, _s in b.facts)]
    return kept


def box_values(rows: list[list[str | None]], page: int, bbox, section: str | None, period: Period | None,
               rules: ScorecardRules, numeric) -> list[Found]:
    """Values of a table made of KPI boxes (none when it is not one)."""
    out: list[Found] = []
    for box in boxes(rows, rules):
        hint = name_unit(box.name, rules)
        found: list[Found] = []
        target: float | None = None
        quote = normalise(" ".join(f"{role}: {value}" for role, value, _s in box.facts))
        for role, text, status in box.facts:
            parsed = numeric(text)
            if parsed is None or role == "threshold":
                continue
            value, unit = parsed
            unit = hint if unit == "count" and hint else unit
            if role == "target":
                target = value if target is None else target
                continue
            when = period if role == "actual" else previous_period(period) if period is not None else None
            f = Found(box.name, value, unit, when, "actual", quote, "table", page, bbox, section, TABLE_RULE)
            f.status = status
            found.append(f)
        if not found:
            continue
        latest = next((f for f in found if f.period == period), found[0])
        polarity = polarity_of(box.name, rules)
        assess([latest], target, box.status or latest.status, None, polarity)
        if target is not None:
            unit = latest.unit
            found.append(Found(box.name, target, unit, latest.period, "target", quote, "table", page, bbox, section,
                               TABLE_RULE, polarity=polarity))
        out += found
    return out
