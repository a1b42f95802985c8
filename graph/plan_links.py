"""Decisions and reports linked to the plan elements they concern, each by one checkable sentence.

Registered with the rule engine as the ``plan_links`` linker: it runs after every document has
been read, over all records. The rules (``rules/packs/plan_links.yaml``) only link on a sentence
that names the plan with its period, a draft or new plan at the time of the meeting, or a plan
element's own name: precision matters more than recall, because a link a scrutiny officer cannot
verify from its evidence sentence is worse than none.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from graph.meaning import split_sentences
from rules.councils.scope import Scopes
from rules.packs import load_pack
from rules.records import Record
from rules.registry import linker

RULE_PLAN = "graph.plan_links.plan_period.v1"
RULE_NEW_PLAN = "graph.plan_links.new_plan.v1"
RULE_ELEMENT = "graph.plan_links.element_name.v1"


class PlanLinkRecord(Record):
    table: ClassVar[str] = "plan_links"
    description: ClassVar[str] = (
        "Decisions, reports and recommendations linked to the plans, priorities and missions they concern, each "
        "with the one sentence that shows it (a plan named with its period, a draft plan at the time of the "
        "meeting, or an element's own name)."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("source_table", "source_id", "target_table", "target_id")
    fts: ClassVar[tuple[str, ...]] = ("evidence",)

    source_table: str = Field(description="decisions, reports or recommendations")
    source_id: str = Field(description="Id of the decision, report or recommendation")
    target_table: str = Field(description="plans, priorities or missions")
    target_id: str = Field(description="Id of the plan or plan element it concerns")
    target_name: str = Field(description="Title of the plan or name of the element, for reading the row")
    evidence: str = Field(description="The sentence, as printed, that names the plan or element")


class PlanLinksPack(BaseModel):
    pack: str
    plan_names: list[str]
    period_after: str
    period_before: str
    new_plan_words: list[str]
    min_name_words: int = 4
    max_evidence_words: int = 40


@functools.cache
def plan_links_pack() -> PlanLinksPack:
    return load_pack("plan_links", PlanLinksPack)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.findall(r"[a-z0-9']+", text))


def _year(text: str | None, start: int) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if year >= 100 else start - start % 100 + year + (100 if year < start % 100 else 0)


@linker("plan_links")
def link_plan_elements(records: list[Record]) -> list[PlanLinkRecord]:
    """Every decision, report and recommendation sentence that names a plan or plan element."""
    pack = plan_links_pack()
    plans = [r for r in records if r.table == "plans"]
    if not plans:
        return []
    elements = [r for r in records if r.table in ("priorities", "missions")
                and len(_fold(r.name).split()) >= pack.min_name_words]
    meetings = {r.id: getattr(r, "date", None) for r in records if r.table == "meetings"}
    # A council's decisions and reports name its own plans only.
    scopes = Scopes(r for r in records if r.table == "documents")
    plans_of: dict[str, list[Record]] = defaultdict(list)
    elements_of: dict[str, list[Record]] = defaultdict(list)
    for p in plans:
        plans_of[scopes.of(p)].append(p)
    for e in elements:
        elements_of[scopes.of(e)].append(e)
    out: dict[str, PlanLinkRecord] = {}
    for source, sentence, document_id, page, date, own_words in _sentences(records, meetings):
        scope = scopes.of(document_id)
        for target, name, rule, span in _targets(pack, sentence, date, plans_of[scope],
                                                 elements_of[scope] if own_words else []):
            link = PlanLinkRecord(document_id=document_id, page=page, rule=rule, source_table=source.table,
                                  source_id=source.id, target_table=target.table, target_id=target.id,
                                  target_name=name, evidence=_excerpt(sentence, *span, pack.max_evidence_words))
            out.setdefault(link.id, link)  # the first sentence that shows it
    return list(out.values())


def _sentences(records: list[Record], meetings: dict[str, str | None]) -> Iterator[tuple[Record, str, str, int | None, str | None, bool]]:
    """(source record, sentence, document, page, meeting date, own words) for every sentence a link
    may rest on. "Own words" are a decision's, a recommendation's, or a report's title and purpose:
    only they link to an element by its name (a report's body may list every mission of a plan
    in passing, or print them in a table)."""
    pages: dict[tuple[str, int], str] = {(r.document_id, r.page): r.text for r in records if r.table == "pages" and r.page}
    for r in records:
        if r.table == "decisions":
            date = meetings.get(getattr(r, "meeting_id", None) or "")
            for field in ("title", "resolved", "reason"):
                for s in split_sentences(getattr(r, field, None) or ""):
                    yield r, s, r.document_id, r.page, date, True
        elif r.table == "recommendations":
            for s in split_sentences(r.text):
                yield r, s, r.document_id, r.page, None, True
        elif r.table == "reports":
            date = getattr(r, "meeting_date", None)
            for field in ("title", "subject", "purpose"):
                for s in split_sentences(getattr(r, field, None) or ""):
                    yield r, s, r.document_id, r.page, date, True
            for page in range(r.page or 0, (getattr(r, "page_end", None) or r.page or 0) + 1):
                for s in split_sentences(pages.get((r.document_id, page), "")):
                    yield r, s, r.document_id, page, date, False


def _targets(pack: PlanLinksPack, sentence: str, date: str | None, plans: list[Any],
             elements: list[Any]) -> Iterator[tuple[Any, str, str, tuple[int, int]]]:
    """(target, its name, rule, where in the sentence) for every plan or element the sentence names."""
    lowered = sentence.lower()
    for name in pack.plan_names:
        for m in re.finditer(re.escape(name), lowered):
            after = re.match(pack.period_after, sentence[m.end():], re.IGNORECASE)
            before = re.search(pack.period_before, sentence[: m.start()], re.IGNORECASE)
            period = after or before
            candidates = [p for p in plans if name in (p.title or "").lower()]
            if period:
                start = int(period.group("start"))
                end = _year(period.group("end"), start)
                for p in candidates:
                    if p.period_start == start and (end is None or p.period_end in (None, end)):
                        yield p, p.title, RULE_PLAN, (before.start() if before and not after else m.start(),
                                                      m.end() + (after.end() if after else 0))
            elif date and re.search(rf"\b(?:{'|'.join(map(re.escape, pack.new_plan_words))})\s+(?:\w+\s+){{0,2}}$",
                                    lowered[: m.start()]):
                year = int(date[:4])
                fresh = [p for p in candidates if p.period_start in (year, year + 1)]
                if len(fresh) == 1:
                    yield fresh[0], fresh[0].title, RULE_NEW_PLAN, (m.start(), m.end())
    folded = f" {_fold(sentence)} "
    for e in elements:
        if f" {_fold(e.name)} " in folded:
            yield e, e.name, RULE_ELEMENT, (0, len(sentence))


def _excerpt(sentence: str, start: int, end: int, max_words: int) -> str:
    """The sentence, or when it runs on (a list or table read as one sentence) the words around
    the mention, with an ellipsis where it is cut."""
    words = sentence.split()
    if len(words) <= max_words:
        return sentence
    before = sentence[:start].split()
    keep_before = max(0, min(len(before), max_words // 2))
    head = before[len(before) - keep_before:]
    rest = sentence[start:].split()[: max_words - keep_before]
    text = " ".join(head + rest)
    return ("… " if keep_before < len(before) else "") + text + (" …" if len(head) + len(rest) < len(words) else "")
