"""Service-plan activities: what a service planned, the impact it intends, who leads it, which
business-plan mission it serves and what has happened since.

Each activity is a ruled table of label cells ("Planned Activity", "Intended Impact",
"Director", "Main BP Link", "Updates") and their values; the labels are in the
``activity_tables`` rule pack. The mission a "Main BP Link" names is resolved across
documents by the ``plans`` linker (``rules/plans/activity_links.py``), which fills in ``mission_id``
and ``link_status``.
"""

from __future__ import annotations

import functools
import re
from typing import ClassVar

from pydantic import BaseModel, Field

from extractor.model import Table
from kernel.text import clean_item
from rules.packs import load_pack
from rules.reading import Reading
from rules.records import Record, TopicFields, bbox_text
from rules.registry import RuleSetPack, family

RULE = "activities.label_table.v1"


class ActivityLabel(BaseModel):
    field: str  # the ActivityRecord field the value goes to
    patterns: list[str]


class ActivityPack(RuleSetPack):
    labels: list[ActivityLabel]
    required: list[str] = Field(default_factory=lambda: ["planned_activity"])


@functools.cache
def activity_pack() -> ActivityPack:
    return load_pack("activity_tables", ActivityPack)


class ActivityRecord(TopicFields, Record):
    table: ClassVar[str] = "activities"
    description: ClassVar[str] = (
        "Planned activities of service plans, with intended impact, lead director, the business-plan "
        "mission they serve (as printed and resolved) and progress updates."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "position", "planned_activity")
    fts: ClassVar[tuple[str, ...]] = ("planned_activity", "intended_impact", "updates")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("document_id", "documents", "id"), ("mission_id", "missions", "id"), ("plan_id", "plans", "id"),
    )

    planned_activity: str = Field(description="The planned activity as printed (the 'Planned Activity' cell)")
    intended_impact: str | None = Field(None, description="The impact the service intends (the 'Intended Impact' cell)")
    director: str | None = Field(None, description="The director (or head of service) who leads the activity, as printed")
    main_bp_link: str | None = Field(None, description="The business-plan mission the activity mainly serves, as printed ('Main BP Link')")
    updates: str | None = Field(None, description="Progress reported against the activity (the 'Updates' cell), line wraps joined")
    position: int = Field(description="Order of the activity in the document, from 1")
    plan_id: str | None = Field(None, description="The business plan main_bp_link was resolved in (plans.id)")
    mission_id: str | None = Field(None, description="The mission main_bp_link names (missions.id); empty when unresolved")
    link_status: str | None = Field(
        None, description=(
            "How main_bp_link was resolved: alias (mission_aliases pack) or words (name overlap); when it was not: "
            "unresolved (names no mission of the plan), no_plan (no business plan in force was read) or no_link "
            "(no link printed). Activities without a mission are listed by the activities_without_a_mission query."
        ),
    )
    link_rule: str | None = Field(None, description="Id of the rule that resolved (or failed to resolve) main_bp_link")


def _label(text: str, pack: ActivityPack) -> str | None:
    t = clean_item(text)
    for label in pack.labels:
        if any(re.search(p, t, re.IGNORECASE) for p in label.patterns):
            return label.field
    return None


def _paragraphs(text: str | None) -> str:
    return clean_item(text)


def read_activity(table: Table, pack: ActivityPack) -> dict[str, str] | None:
    """The label → value pairs of one table: each label cell's value is the next non-empty cell
    on its row that is not itself a label."""
    values: dict[str, str] = {}
    for row in table.cell_texts():
        i = 0
        while i < len(row):
            field = _label(row[i], pack) if row[i].strip() else None
            if field is None:
                i += 1
                continue
            j = i + 1
            while j < len(row) and not row[j].strip():
                j += 1
            if j < len(row) and _label(row[j], pack) is None:
                values.setdefault(field, _paragraphs(row[j]))
                i = j + 1
            else:
                i += 1
    return values if all(values.get(f) for f in pack.required) else None


@family("activities.label_table.v1", params=ActivityPack)
def activity_records(document: Reading, pack: ActivityPack) -> list[ActivityRecord]:
    """One ruled table per planned activity, with label cells (Planned Activity, Intended
    Impact, Director, Main BP Link, Updates) each followed by its value."""
    out: list[ActivityRecord] = []
    for page in document.pages:
        for block in page.blocks:
            if block.kind != "table" or block.table is None:
                continue
            values = read_activity(block.table, pack)
            if values is None:
                continue
            out.append(ActivityRecord(
                document_id=document.id, page=block.page, bbox=bbox_text(block.bbox), rule=RULE,
                planned_activity=values["planned_activity"], intended_impact=values.get("intended_impact"),
                director=values.get("director"), main_bp_link=values.get("main_bp_link"),
                updates=values.get("updates"), position=len(out) + 1,
            ))
    return out
