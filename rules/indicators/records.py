"""What every source of indicator values shares: the two record types, the rule ids, a value
found on the page (:class:`Found`) before it becomes a record, and where on the page it was
printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from extractor.model import BBox, Document
from rules.periods import Period
from rules.records import Record, TopicFields

TEXT_RULE = "indicators.text.v1"
TABLE_RULE = "indicators.table.v1"
GRID_RULE = "indicators.text_grid.v1"
LINK_RULE = "indicators.canonical.v1"
CARD_RULE = "indicators.card.v1"


class IndicatorValue(Record):
    table: ClassVar[str] = "indicator_values"
    description: ClassVar[str] = (
        "Every measured value a document reports: the indicator as written, the number and its unit, the "
        "period it refers to (as written and as ISO dates; UK financial years run 1 April–31 March) and "
        "whether it is an actual, a baseline, a target or a comparator (another area's figure)."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page", "indicator", "value", "unit", "period", "kind", "quote")
    fts: ClassVar[tuple[str, ...]] = ("indicator", "quote")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("document_id", "documents", "id"), ("indicator_id", "indicators", "id"),
    )

    indicator: str = Field(description="The indicator as written near the value (for a table: title, row and column)")
    value: float = Field(description="The number as printed, thousands separators removed (£m values in millions)")
    unit: str = Field(description="%, £, £m, count, per 10,000, days, months, score, km, ...")
    period: str | None = Field(None, description="The period as written: 'June 21', 'Q1 22/23', 'end of Q4 2023', 'currently'")
    period_start: str | None = Field(None, description="First day of the period (ISO date); empty for 'currently' and the like")
    period_end: str | None = Field(None, description="Last day of the period (ISO date); a point in time has start = end")
    kind: str = Field(description="actual, baseline, target or comparator (England, regional or statistical-neighbour figure)")
    quote: str = Field(description="The sentence or table row the value was read from, white space normalised")
    source: str = Field(description="text (a sentence) or table (a cell of a data table)")
    section: str | None = Field(None, description="The heading or activity the value was printed under")
    target: float | None = Field(
        None, description="The target the report sets this value against, in the value's unit (a scorecard's target "
                          "column or 'Target:' line, 'against a target of 58%'); on the latest value of a series"
    )
    status: str | None = Field(
        None, description="The RAG or progress status the report gives the value, as printed (Green, Amber, Red, "
                          "On track ...); on the latest value of a series"
    )
    direction: str | None = Field(
        None, description="Direction of travel as printed (Improving, Worsening, No change, an arrow); on the latest "
                          "value of a series"
    )
    polarity: str | None = Field(
        None, description="Whether higher or lower is better, where the report says (higher is better / lower is better)"
    )
    indicator_id: str | None = Field(None, description="The canonical indicator the value belongs to (indicators.id)")
    activity_id: str | None = Field(None, description="The activity of the same document whose updates quote the value (activities.id)")
    mission_id: str | None = Field(None, description="The mission of that activity (missions.id), where known")


class Indicator(TopicFields, Record):
    table: ClassVar[str] = "indicators"
    description: ClassVar[str] = (
        "Canonical indicators: one row per measure, however many documents, rows or periods report it; "
        "its values are in indicator_values and charted at /-/indicator/<id>."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("key",)
    fts: ClassVar[tuple[str, ...]] = ("name",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("document_id", "documents", "id"),)

    key: str = Field(description="The normalised name that identifies the indicator (lower case, no stop words, singular)")
    name: str = Field(description="The indicator's name as most often written")
    unit: str = Field(description="The unit of most of its values")
    values: int = Field(description="How many values it has (indicator_values rows)")
    documents: int = Field(description="How many documents report it")
    period_first: str | None = Field(None, description="Earliest period_start of its values")
    period_last: str | None = Field(None, description="Latest period_end of its values")
    activity_ids: list[str] = Field(default_factory=list, description="Activities whose updates report it (JSON list of activities.id)")
    mission_ids: list[str] = Field(default_factory=list, description="Missions of those activities (JSON list of missions.id)")
    chart: str = Field(description="Site page charting its values over time")


_BULLETS = re.compile(r"[\uf0b7\uf0a7\uf0d8\u2022\u25aa\u25cf\uf076\uf0fc]")
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _WS.sub(" ", _BULLETS.sub(" ", text)).strip()



@dataclass
class Found:
    indicator: str
    value: float
    unit: str
    period: Period | None
    kind: str
    quote: str
    source: str
    page: int
    bbox: BBox | None
    section: str | None
    rule: str
    target: float | None = None
    status: str | None = None
    direction: str | None = None
    polarity: str | None = None


def locate(document: Document, pages: list[int], needles: list[str], fallback: tuple[int, BBox | None]) -> tuple[int, BBox | None]:
    """The page and line box of the first line on ``pages`` that contains one of ``needles``."""
    for needle in needles:
        n = normalise(needle)
        if len(n) < 2:
            continue
        for number in pages:
            if not 1 <= number <= document.page_count:
                continue
            for line in document.page(number).lines:
                if n in normalise(line.text):
                    return number, line.bbox
    return fallback
