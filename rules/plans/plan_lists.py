"""Strategies printed inside a report as a counted, numbered list of priorities.

The layout (Wiltshire's Corporate Parenting Panel annual report, 2023): under a heading naming
the strategy, a sentence counts its priorities ("The Strategy, has eight strategic
priorities.") and items labelled ``i.``, ``ii.`` … follow, each a priority and then who leads
it ("Cllr … – Support Officer – …"). Elsewhere the same report enumerates the areas its data
is reported by in one sentence ("broken down into 8 domains (A, B, … and H)"); those become
``plan_themes`` of the strategy. The wording is in the ``plan_lists`` pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.model import Block, Line
from kernel.text import any_match, clean_item
from rules.plans.packs import NumberedList, PlanListsPack
from rules.plans.records import PlanRecord, PlanThemeRecord, PriorityRecord
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE = "plans.plan_lists"


@dataclass
class _Item:
    label: str
    first: Line
    lines: list[str] = field(default_factory=list)


@family("plans.priority_lists.v1", params=PlanListsPack)
def plan_list_records(document: Reading, pack: PlanListsPack) -> list[Record]:
    """A strategy's priorities printed as a numbered or bulleted list after an introducing
    sentence (\"our five priorities are:\"), with the data domains that go with them."""
    blocks = [b for b in document.blocks() if b.text.strip()]
    for spec in pack.priority_lists:
        for i, block in enumerate(blocks):
            m = re.search(spec.intro, clean_item(block.text), re.IGNORECASE)
            if not m or block.kind == "heading":
                continue
            items = _items(spec, blocks[i:], _count(pack, m.group("count")))
            if len(items) < 2:
                continue
            plan = _plan(pack, document, blocks[:i + 1], block)
            records: list[Record] = [plan, *_priorities(spec, plan, items)]
            records += _enumerations(pack, blocks, plan)
            return records
    return []


def _count(pack: PlanListsPack, text: str) -> int | None:
    return int(text) if text.isdigit() else pack.number_words.get(text.lower())


def _items(spec: NumberedList, blocks: list[Block], count: int | None) -> list[_Item]:
    """Items from the counting sentence's block on: a line whose label is the next expected one
    starts an item, any other line carries the current item on; a heading ends the list."""
    items: list[_Item] = []
    for k, block in enumerate(blocks):
        if k and (block.kind == "heading" or (count and len(items) >= count)):
            break
        for line in block.lines or []:
            if line.furniture:
                continue
            text = clean_item(line.text)
            m = re.match(spec.item, text, re.IGNORECASE)
            if m and _expected(m.group("label"), len(items)):
                items.append(_Item(m.group("label"), line, [m.group("text")]))
            elif items:
                items[-1].lines.append(text)
    return items


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _expected(label: str, done: int) -> bool:
    """The label that numbers item ``done + 1`` (roman or a letter): a word such as "I" or "a" at
    a line start is not taken for a label out of turn."""
    label = label.lower()
    return (done < len(_ROMAN) and label == _ROMAN[done]) or label == "abcdefgh"[done: done + 1]


def _plan(pack: PlanListsPack, document: Reading, before: list[Block], intro: Block) -> PlanRecord:
    """The strategy: named by the nearest heading above its list, dated by the text between."""
    heading = next((b for b in reversed(before) if b.kind == "heading"), None)
    between = before[before.index(heading) + 1:] if heading else before[-1:]
    start = None
    for block in between:
        m = any_match(pack.period, clean_item(block.text), ignore_case=True)
        if m:
            start = int(m.group("start"))
            break
    where = heading or intro
    return PlanRecord(
        document_id=document.id, page=where.page, bbox=bbox_text(where.bbox), rule=f"{RULE}.strategy_heading.v1",
        title=clean_item(heading.text) if heading else clean_item(intro.text)[:120], period_start=start, kind=pack.plan_kind,
    )


def _priorities(spec: NumberedList, plan: PlanRecord, items: list[_Item]) -> list[PriorityRecord]:
    out = []
    for position, item in enumerate(items, start=1):
        text = clean_item("\n".join(item.lines))
        lead = re.search(spec.lead, text) if spec.lead else None
        name, who = (text[: lead.start()], text[lead.start():]) if lead else (text, "")
        out.append(PriorityRecord(
            document_id=plan.document_id, page=item.first.page, bbox=bbox_text(item.first.bbox),
            rule=f"{RULE}.numbered_priority.v1", plan_id=plan.id, name=name.strip().rstrip("."),
            lead=who.strip() or None, position=position,
        ))
    return out


def _enumerations(pack: PlanListsPack, blocks: list[Block], plan: PlanRecord) -> list[PlanThemeRecord]:
    out: list[PlanThemeRecord] = []
    for spec in pack.enumerations:
        for block in blocks:
            m = re.search(spec.pattern, clean_item(block.text), re.IGNORECASE)
            if not m:
                continue
            for position, name in enumerate(split_enumeration(m.group("items"), _count(pack, m.group("count"))), start=1):
                out.append(PlanThemeRecord(
                    document_id=plan.document_id, page=block.page, bbox=bbox_text(block.bbox),
                    rule=f"{RULE}.enumeration.v1", plan_id=plan.id, kind=spec.kind, name=name, position=position,
                ))
            break
    return out


def split_enumeration(text: str, count: int | None = None) -> list[str]:
    """Items of "A, B & C, D and E": split at commas; the last part is split at its last " and "
    only when that brings the count printed (so "Health & Wellbeing" or "X and Y" inside one
    item stay whole when there is no count to say otherwise)."""
    parts = [clean_item(p) for p in text.split(",") if clean_item(p)]
    if parts and (count is None or len(parts) < count):
        last = re.split(r"\s+and\s+(?!.*\s+and\s+)", parts[-1])
        if len(last) == 2 and (count is None or len(parts) + 1 == count):
            parts[-1:] = [clean_item(x) for x in last]
    return parts
