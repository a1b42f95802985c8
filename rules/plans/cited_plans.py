"""Plans cited as a list inside another document: one layout family.

A report, strategy or minute often quotes an earlier (or another body's) plan by listing its
outcomes: "the six key outcomes as described within the Wiltshire Council Business Plan
2013/17. These six outcomes are: 1. ... 2. ...". The plan is not in the corpus, but its
outcomes are: this family makes it a plan edition of its own, marked ``cited_in`` (the citing
document) and ``cited_page``, with the listed items as its missions (its priorities, where the
list says it holds priorities), so lineage can run from it to the editions read in full. Wording lives in ``rules/packs/cited_plans.yaml``.
"""

from __future__ import annotations

import functools
import re

from pydantic import Field

from extractor.model import Block
from kernel.text import clean_item, normalise_name
from rules.packs import load_pack
from rules.plans.records import MissionRecord, PlanRecord, PriorityRecord
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import RuleSetPack, family

RULE = "plans.cited_list.v1"


class CitedPlansPack(RuleSetPack):
    plan: str
    plan_name: str
    plan_lookback: int = 6
    plan_lookback_genres: list[str] = Field(default_factory=list)
    items: str
    lead_in: str
    kinds: dict[str, str]
    priority_nouns: list[str] = Field(default_factory=list)
    plan_kinds: dict[str, str]
    run_on_openers: list[str]
    max_item_words: int = 30
    number_words: dict[str, int]


@functools.cache
def cited_plans_pack() -> CitedPlansPack:
    pack = load_pack("cited_plans", CitedPlansPack)
    for pattern in (pack.plan, pack.plan_name, pack.items, pack.lead_in):
        re.compile(pattern)  # a bad pattern is reported when the pack is loaded, not on a page
    return pack


@family("plans.cited_lists.v1", params=CitedPlansPack)
def cited_plan_records(document: Reading, pack: CitedPlansPack) -> list[Record]:
    """Every plan the document cites as a list of its outcomes (priorities, objectives ...)."""
    blocks = [b for b in document.blocks() if b.text.strip()]
    records: list[Record] = []
    seen: set[tuple[int, int]] = set()
    for i, block in enumerate(blocks):
        text = clean_item(block.text)
        # A numbered point may introduce the list ("(1) The approval of the Council Plan with
        # the four new Council Priorities as outlined below:" over its bullets).
        if block.kind == "list_item" and not (re.search(pack.lead_in, text, re.IGNORECASE)
                                             and _next_is_list(blocks, i) and _shape(blocks[i + 1]) != _shape(block)):
            continue
        plan = re.search(pack.plan, text, re.IGNORECASE)
        if not plan and document.genre.name in pack.plan_lookback_genres:
            plan = _named_above(pack, blocks, i, text)
        if not plan:
            continue
        # The counted noun may come before the plan's name ("six key outcomes as described within
        # the Business Plan") or after it ("The Council Plan 2018-2022 has four priorities").
        noun = _noun(pack, text)
        if not noun or not (re.search(pack.lead_in, text, re.IGNORECASE) or _next_is_list(blocks, i)):
            continue
        items = _items(pack, blocks[i + 1:], noun[1])
        start, end = int(plan.group("start")), _year(plan.group("end"), int(plan.group("start")))
        if len(items) < 2 or (start, end) in seen or _is_own_plan(document, start):
            continue
        seen.add((start, end))
        records += _records(pack, document, block, plan, noun[0], items, start, end)
    return records


def _named_above(pack: CitedPlansPack, blocks: list[Block], i: int, text: str) -> re.Match[str] | None:
    """A plan the block names without its period ("the Council Plan (Appendix A)"), whose
    period a heading or line just above prints ("Council Plan 2024-2028" over the decision)."""
    named = re.search(pack.plan_name, text, re.IGNORECASE)
    if not named:
        return None
    kind = re.sub(r"\s+", " ", named.group("name")).lower()
    for block in reversed(blocks[max(0, i - pack.plan_lookback):i]):
        for plan in re.finditer(pack.plan, clean_item(block.text), re.IGNORECASE):
            if re.sub(r"\s+", " ", plan.group("name")).lower() == kind:
                return plan
    return None


def _shape(block: Block) -> str:
    """The kind of a list item's label: a number, a letter or a bullet, with its punctuation
    ("(1)" and "(2)" alike, "·" another kind)."""
    label = (block.label or "").strip()
    return re.sub(r"[ivx]+(?=[.)])", "i", re.sub(r"[a-z]", "a", re.sub(r"\d+", "1", label.lower())))


def _is_own_plan(document: Reading, start: int) -> bool:
    """A plan document listing its own priorities is read by the plan families, not cited."""
    period = document.meta.plan_period or ""
    return document.genre.name == "business_plan" and bool(re.match(rf"\s*{start}\b", period))


def _noun(pack: CitedPlansPack, text: str) -> tuple[str, int | None] | None:
    """What the list holds ("outcomes") and how many, where the sentence counts them."""
    m = re.search(pack.items, text, re.IGNORECASE)
    return (m.group("noun").lower(), _count(pack, m.group("count"))) if m else None


def _count(pack: CitedPlansPack, text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else pack.number_words.get(text.lower())


def _year(text: str, start: int) -> int:
    year = int(text)
    return year if year >= 100 else start - start % 100 + year + (100 if year < start % 100 else 0)


def _next_is_list(blocks: list[Block], i: int) -> bool:
    return i + 1 < len(blocks) and blocks[i + 1].kind == "list_item"


def _items(pack: CitedPlansPack, blocks: list[Block], count: int | None) -> list[Block]:
    """The list items right after the citing sentence: as many as it counts, else to the list's end."""
    items: list[Block] = []
    for block in blocks:
        if block.kind != "list_item" or (count is not None and len(items) >= count):
            break
        if items and _shape(block) != _shape(items[0]):
            break  # the next point of an outer list ("(2) That authority be delegated ...")
        if len(_item_text(pack, block).split()) > pack.max_item_words and not (count and len(items) == count - 1):
            break
        items.append(block)
    return items if count is None or len(items) == count else []


def _item_text(pack: CitedPlansPack, block: Block) -> str:
    text = clean_item(block.text)
    if block.label:
        text = re.sub(rf"^\s*{re.escape(block.label)}\s*", "", text)
    # A run-on sentence: lower-case word, then one of the openers capitalised, with no stop between.
    openers = "|".join(re.escape(w) for w in pack.run_on_openers)
    m = re.search(rf"(?<=[a-z])\s+(?:{openers})\s+[a-z]", text)
    return text[: m.start()].strip() if m else text.rstrip(" .;")


def _records(pack: CitedPlansPack, document: Reading, block: Block, plan: re.Match[str], noun: str,
             items: list[Block], start: int, end: int) -> list[Record]:
    name = re.sub(r"\s+", " ", plan.group("name")).lower()
    # The pattern is matched ignoring case, so words before the title may be caught: the title
    # starts at its first capitalised word ("within the Wiltshire Council Business Plan 2013/17").
    words = clean_item(plan.group("title")).split()
    while len(words) > 1 and (not words[0][:1].isupper() or words[0] in ("The", "Our", "Its", "Their")):
        words.pop(0)
    title = normalise_name(" ".join(words))  # "COUNCIL PLAN 2024-2028" as "Council Plan 2024-2028"
    record = PlanRecord(
        document_id=document.id, page=block.page, bbox=bbox_text(block.bbox), rule=RULE, title=title,
        period_start=start, period_end=end, kind=pack.plan_kinds.get(name, "business_plan"),
        cited_in=document.id, cited_page=block.page,
    )
    kind = pack.kinds.get(noun, noun.rstrip("s"))
    if noun in pack.priority_nouns:
        # A plan's priorities, listed by the decision that adopts it, are its top level.
        return [record, *(
            PriorityRecord(document_id=document.id, page=item.page, bbox=bbox_text(item.bbox), rule=RULE,
                           plan_id=record.id, kind=None if noun == "priorities" else kind,
                           name=_item_text(pack, item), position=n)
            for n, item in enumerate(items, start=1))]
    missions: list[Record] = [
        MissionRecord(document_id=document.id, page=item.page, bbox=bbox_text(item.bbox), rule=RULE, plan_id=record.id,
                      kind=kind, name=_item_text(pack, item), position=n)
        for n, item in enumerate(items, start=1)
    ]
    return [record, *missions]
