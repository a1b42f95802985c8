"""Plan editions and the lineage records between consecutive editions of a plan series.

Two plans are editions of one series when their titles agree once years and the pack's
``series_ignore_words`` are removed ("Business Plan 2013/17", "Business Plan 2017-2027",
"Business Plan 2022 to 2032"). Editions are ordered by first year and each is compared with
the next, so a three-edition series gives 2013 → 2017 and 2017 → 2022 links: chains are paths.

An element's words are everything its plan prints for it, each passage with its page: name,
strapline, introduction, impact, "why is this important?", challenges, actions and metrics,
and for a top-level element its children's names and actions too.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import defaultdict
from typing import Any, ClassVar

from pydantic import Field

from graph.lineage import Element, Lineage, LineagePack, Link
from graph.reviews import ReviewPack, load_reviews, verdicts_for
from rules.councils.scope import Scopes
from rules.records import Record

# Set to 1 to build without the reviewed-links file (as the scores in the README are measured).
IGNORE_REVIEWS_ENV = "PLANS_IGNORE_REVIEWS"

MISSION_TEXT_FIELDS = ("strapline", "intro", "impact", "why_important", "challenges")


class LineageRecord(Record):
    table: ClassVar[str] = "lineage"
    description: ClassVar[str] = (
        "How elements of one plan edition became elements of the next: continues, renamed, merged, split, "
        "dropped, new. Judged on meaning (lemmas and concepts of every sentence the plans print for each "
        "element); each link has a confidence and the sentences from both editions that carry it."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("from_id", "to_id", "relation", "level")
    fts: ClassVar[tuple[str, ...]] = ("from_name", "to_name")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("from_id", "missions", "id"), ("to_id", "missions", "id"))

    from_id: str | None = Field(None, description="The older plan's element (missions.id); empty for a new mission")
    to_id: str | None = Field(None, description="The newer plan's element (missions.id); empty when dropped")
    from_name: str | None = Field(None, description="Name of the older element")
    to_name: str | None = Field(None, description="Name of the newer element")
    from_plan_id: str = Field(description="The older plan (plans.id)")
    to_plan_id: str = Field(description="The newer plan (plans.id)")
    level: str = Field(description="theme (a top-level element of the older plan) or goal (one of its children)")
    relation: str = Field(description="continues, renamed, merged, split, dropped or new")
    score: float = Field(description="Similarity of the two elements' meaning (cosine of weighted lemmas and concepts), 0-1")
    confidence: str | None = Field(
        None, description="high, medium or low, from the score bands calibrated in rules/packs/lineage.yaml"
    )
    evidence: str = Field(
        "[]", description='JSON list of {"side": "from"|"to", "text", "document_id", "page"}: the sentences of both '
                          "editions that carry the shared meaning, as printed",
    )
    reviewed: str | None = Field(
        None, description="confirmed or rejected when a researcher reviewed the link (rules/packs/lineage_reviews.yaml)"
    )
    review_note: str | None = Field(None, description="The reviewer's note and name, where reviewed")


def series_key(title: str, pack: LineagePack) -> str:
    words = re.findall(r"[a-z]+", (title or "").lower())
    return " ".join(w for w in words if w not in set(pack.series_ignore_words))


def plan_series(records: list[Record], pack: LineagePack) -> list[list[Any]]:
    """Editions of each plan series, oldest first; only series with two or more editions. A
    series is one council's: two councils' "Council Plan" are two series."""
    scopes = Scopes(r for r in records if r.table == "documents")
    series: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for r in records:
        if r.table == "plans" and getattr(r, "period_start", None):
            series[(scopes.of(r), series_key(getattr(r, "title", "") or "", pack))].append(r)
    out = []
    for editions in series.values():
        by_year: dict[int, Any] = {}
        for plan in sorted(editions, key=lambda p: (int(p.period_start), getattr(p, "cited_in", None) is not None)):
            by_year.setdefault(int(plan.period_start), plan)  # a plan read in full wins over a citation of it
        if len(by_year) > 1:
            out.append([by_year[y] for y in sorted(by_year)])
    return out


def lineage_records(records: list[Record], reviews: ReviewPack | None = None) -> list[LineageRecord]:
    """Lineage between each pair of consecutive editions of every plan series."""
    lineage = Lineage()
    if reviews is None and not os.environ.get(IGNORE_REVIEWS_ENV):
        reviews = load_reviews()
    index = _Index(records)
    out: list[LineageRecord] = []
    for editions in plan_series(records, lineage.pack):
        for older, newer in itertools.pairwise(editions):
            old = index.elements(older, lineage, top_only=False)
            new = index.elements(newer, lineage, top_only=True)
            verdicts = verdicts_for(reviews, old, new, older, newer) if reviews is not None else None
            links = lineage.match(old, new, verdicts)
            out += [index.record(link, older, newer) for link in links]
    return out


class _Index:
    """The records lineage reads, grouped by the element they describe."""

    def __init__(self, records: list[Record]):
        self.missions = [r for r in records if r.table == "missions"]
        self.by_id = {m.id: m for m in self.missions}
        self.children: dict[str, list[Any]] = defaultdict(list)
        for m in self.missions:
            if getattr(m, "parent_id", None):
                self.children[m.parent_id].append(m)
        self.passages: dict[str, list[tuple[str, str, int | None]]] = defaultdict(list)
        for r in records:
            if r.table == "actions" and getattr(r, "mission_id", None):
                self.passages[r.mission_id].append((r.text, r.document_id, r.page))
            elif r.table == "metrics" and getattr(r, "mission_id", None):
                for text in (r.key_metric, getattr(r, "contributing_metrics", None)):
                    for line in (text or "").splitlines():
                        self.passages[r.mission_id].append((line, r.document_id, r.page))

    def _texts(self, m: Any) -> list[tuple[str, str, int | None]]:
        texts = [(getattr(m, f), m.document_id, m.page) for f in MISSION_TEXT_FIELDS if getattr(m, f, None)]
        return texts + self.passages[m.id]

    def elements(self, plan: Any, lineage: Lineage, top_only: bool) -> list[Element]:
        out = []
        for m in sorted((m for m in self.missions if m.plan_id == plan.id), key=lambda m: (m.page or 0, m.position)):
            parent = getattr(m, "parent_id", None)
            if parent and top_only:
                continue
            texts = self._texts(m)
            if not parent:
                for child in self.children[m.id]:
                    texts += [(child.name, child.document_id, child.page), *self._texts(child)]
            out.append(lineage.element(m.id, "goal" if parent else "theme", m.name, (m.document_id, m.page), texts, parent))
        return out

    def record(self, link: Link, older: Any, newer: Any) -> LineageRecord:
        source = self.by_id[link.from_id or link.to_id or ""]
        return LineageRecord(
            document_id=source.document_id, page=source.page, rule="graph.lineage.meaning.v2",
            from_id=link.from_id, to_id=link.to_id,
            from_name=self.by_id[link.from_id].name if link.from_id else None,
            to_name=self.by_id[link.to_id].name if link.to_id else None,
            from_plan_id=older.id, to_plan_id=newer.id, level=link.level, relation=link.relation,
            score=link.score, confidence=link.confidence, evidence=json.dumps(link.evidence, ensure_ascii=False),
            reviewed=link.reviewed, review_note=link.review_note,
        )
