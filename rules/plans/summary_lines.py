"""What the plan-summary shapes share: the pack that words them (``rules/packs/plan_summaries.yaml``),
the document as a stream of printed lines (:class:`Row`), and the lists the shapes read off it
(:class:`PlanList` of :class:`Item`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from extractor.model import Block, Line
from kernel.text import clean
from rules.reading import Reading
from rules.registry import RuleSetPack


class Element(BaseModel):
    """What a list's items become: a priority, a mission of some kind or a plan theme."""

    table: str = Field(description="priorities, missions or plan_themes")
    kind: str | None = Field(None, description="missions.kind or plan_themes.kind (none for priorities)")


class Announcement(BaseModel):
    pattern: str = Field(description="Regex on a block's text: the words that announce a list. Optional groups: "
                                     "count (digits or a number word), noun (what the items are)")
    noun: str | None = Field(None, description="What the items are when the pattern has no noun group")


class TableHeads(BaseModel):
    items: str = Field(description="Regex on a header cell: the column of the items")
    sub_items: str | None = Field(None, description="Regex on a header cell: a column of each item's sub-items")


class PlanSummariesPack(RuleSetPack):
    announcements: list[Announcement]
    nouns: dict[str, Element] = Field(description="Noun (lower case, as announced) -> what its items become")
    sub_items: Element = Field(description="What the bullets under a led item become")
    label: str = Field(description="Regex at a line's start: a bullet or list number; group n holds the number")
    inline_bullets: str = Field(description="Characters that separate items run together in one paragraph")
    lead_line: str = Field(description="Regex on a line that leads a sub-list; group name is the item's name")
    not_items: list[str] = Field(default_factory=list, description="Regexes on a line that is never an item")
    explanation: str = Field(description="Regex at an item's end: a bracketed explanation kept as its text")
    item_prefix: str = Field(description="Regex at an item's start: its printed number, not its name ('Priority 1:')")
    max_item_words: int = 30
    min_items: int = 2
    fit_ratio: float = Field(0.9, description="A line reaching this share of the column's width wraps on")
    sentence_end: str = Field(description="Regex: where an inline list's last item ends and the paragraph goes on")
    announcement_end: str = Field(description="Regex the rest of the line after an announcement must fill: the "
                                              "announcing sentence ends with its line, introducing what follows")
    counted_announcement_end: str = Field(description="The same, for an announcement that counts its items")
    plan_title: list[str] = Field(default_factory=list, description="Regexes: a plan named with its period; groups "
                                                                    "title, start, end")
    plan_heading: str = Field(description="Regex on a heading that names a plan without its period")
    plan_part: str = Field(description="Regex on the title of the report or appendix a list is in: it names a plan")
    part_title_prefix: str = Field(description="Regex: the words before a part's title that are not its name")
    own_plan_genres: list[str] = Field(default_factory=lambda: ["business_plan"])
    plan_kinds: dict[str, str] = Field(default_factory=dict, description="Regex on the plan's title -> plans.kind "
                                                                          "(business_plan otherwise)")
    tables: list[TableHeads] = Field(default_factory=list)
    banner: str = Field(description="Regex on a heading: a priority's keyword and its quoted strapline; groups name, "
                                    "strapline")
    quoted: str = Field(description="Regex on a line: an objective in quotes; group text (the closing quote may come "
                                    "on a later line)")
    objective_status: str = Field(description="Regex in the lines after an objective: group status")
    number_words: dict[str, int] = Field(default_factory=dict)



# ------------------------------------------------------------------ the line stream


@dataclass
class Row:
    """One printed line in reading order, with what the shapes ask of it."""

    line: Line
    block: Block
    text: str
    styled: bool  # heading type, or bolder / larger than the body
    label: str | None  # the bullet or number it starts with
    number: int | None  # the list number, where the label is one
    fills: bool  # reaches the right of its column: the text wraps on to the next line


def stream(reading: Reading, pack: PlanSummariesPack) -> list[Row]:
    blocks = [b for b in reading.blocks() if b.kind != "table"]
    body = Counter((round(ln.size), ln.bold) for b in blocks if b.kind != "heading" for ln in b.lines
                   if not ln.furniture).most_common(1)
    body_size, body_bold = body[0][0] if body else (0, False)
    right: dict[int, float] = {}
    left: dict[int, float] = {}
    for b in blocks:
        for ln in b.lines:
            if not ln.furniture:
                right[ln.page] = max(right.get(ln.page, 0.0), ln.bbox[2])
                left[ln.page] = min(left.get(ln.page, ln.bbox[0]), ln.bbox[0])
    label = re.compile(pack.label)
    rows = []
    for b in blocks:
        for ln in b.lines:
            if ln.furniture or ln.in_table or not ln.text.strip():
                continue
            text = clean(ln.text)
            m = label.match(text)
            number = m.group("n") if m and m.groupdict().get("n") else None
            width = right[ln.page] - left[ln.page]
            rows.append(Row(
                line=ln, block=b, text=text,
                styled=b.kind == "heading" or (ln.bold and not body_bold) or round(ln.size) > body_size,
                label=m.group(0).strip() if m else None, number=int(number) if number and number.isdigit() else None,
                fills=width > 0 and ln.bbox[2] - left[ln.page] >= pack.fit_ratio * width,
            ))
    return rows


# ------------------------------------------------------------------ lists


@dataclass
class Item:
    name: str
    row: Row
    text: str | None = None
    subs: list[tuple[str, Row]] = field(default_factory=list)
    objectives: list[tuple[str, Row, str | None]] = field(default_factory=list)  # name, where, status


@dataclass
class PlanList:
    noun: str
    element: Element
    announcement: Row
    items: list[Item]
