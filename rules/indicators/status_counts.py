"""Counts of measures by status on one line: "Green – 61; Amber – 16; Red – 46; M – 37", what a
performance dashboard prints under "Are we achieving our targets?". Each count is a value whose
status is its label, named by the heading above it; the period is the report's (a dashboard's
summary), else its section's. A line is read only when most of its labels are status words (the pack's
``scorecard.status_words``), so a list of other things with numbers ("Ward A – 12; Ward B –
9") is left to the sentence reader. The words are the pack's (``status_counts`` in
``rules/packs/indicators.yaml``).
"""

from __future__ import annotations

import re

from extractor.model import Document
from rules.indicators.records import Found, normalise
from rules.periods import Period, find_periods
from rules.quantities import pack as indicator_pack

STATUS_COUNTS_RULE = "indicators.status_counts.v1"


def status_count_values(document: Document, report_period: Period | None
                        ) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """Counts by status, and the (page, block, line) of every line read."""
    rules = indicator_pack().status_counts
    if rules is None:
        return [], set()
    status = re.compile(rf"(?:{indicator_pack().scorecard.status_words})", re.IGNORECASE)
    item = re.compile(rules.item, re.IGNORECASE)
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    section: str | None = None
    section_period: Period | None = None
    for page in document.pages:
        for b, block in enumerate(page.blocks):
            if block.kind == "heading":
                lines = [normalise(x) for x in block.text.split("\n") if x.strip()]
                section = lines[-1] if lines else section
                dated = [p.period for p in find_periods(" ".join(lines)) if p.period.start is not None]
                section_period = dated[0] if len(dated) == 1 else None
                continue
            if block.kind == "table":
                continue
            for k, line in enumerate(block.text.split("\n")):
                text = normalise(line)
                parts = re.split(rules.separator, text)
                items = [item.fullmatch(p.strip()) for p in parts if p.strip()]
                if len(items) < rules.min_items or not all(items):
                    continue
                labels = [m.group("label").strip() for m in items if m]
                if sum(1 for x in labels if status.fullmatch(x)) * 2 <= len(labels):
                    continue
                for m in items:
                    assert m is not None
                    label = m.group("label").strip()
                    name = f"{section}: {label}" if section else label
                    found.append(Found(name, float(m.group("num").replace(",", "")), "count",
                                       report_period or section_period, "actual", text, "text", page.number,
                                       block.bbox, section, STATUS_COUNTS_RULE, status=label))
                used.add((page.number, b, k))
    return found, used
