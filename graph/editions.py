"""Plan editions and the lineage records between consecutive editions of a plan series.

A *series* is one council's plans of one kind, never a title alone: two councils' plans both
called "Council Plan" are two series, and a council's "Corporate Plan 2017/21" and "Council
Plan 2022-2027" are one. The council is the plan's scope (``rules.councils.scope.Scopes``: its
document's council; every lineage row gets that ``council_id`` when published). Kinds the lineage pack lists as
``corporate_kinds`` (the council's corporate / business plan: one in force at a time) are one
series per council; a council has many strategies and action plans, so those are also told
apart by their titles once years and the pack's ``series_ignore_words`` are removed. Editions
are ordered by first year and each is compared with the next, so a three-edition series gives
2013 → 2017 and 2017 → 2022 links: chains are paths.

Every element of a plan takes part: its priorities (``priorities``), and its themes, missions,
objectives, outcomes and their goals (``missions``), each with its rank in the plan. An
element's name and description are kept apart: a record's ``summary`` where plan
extraction gives one, else a name printed as "Name: description" (or "Name – description") is
split here. Its other words are everything its plan prints for it, each passage with its page:
strapline, introduction, impact, "why is this important?", challenges, actions and metrics, and
for an element with children its children's names and actions too.
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
PRIORITY_TEXT_FIELDS = ("intro",)


class LineageRecord(Record):
    table: ClassVar[str] = "lineage"
    description: ClassVar[str] = (
        "How elements of one plan edition became elements of the next: continues, renamed, merged, split, "
        "dropped, new, for every level (priorities, themes, objectives, outcomes, missions, goals). Judged on "
        "the words of each element's name, description and text, weighed by how rare they are in general "
        "English, and on their policy topics; each link has a confidence and the sentences from both editions "
        "that carry it."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("from_id", "to_id", "relation", "level")
    fts: ClassVar[tuple[str, ...]] = ("from_name", "to_name")

    from_table: str | None = Field(None, description="Where the older element is: missions or priorities; empty for a new element")
    from_id: str | None = Field(None, description="The older plan's element (an id of from_table); empty for a new element")
    to_table: str | None = Field(None, description="Where the newer element is: missions or priorities; empty when dropped")
    to_id: str | None = Field(None, description="The newer plan's element (an id of to_table); empty when dropped")
    from_name: str | None = Field(None, description="Name of the older element")
    to_name: str | None = Field(None, description="Name of the newer element")
    from_plan_id: str = Field(description="The older plan (plans.id)")
    to_plan_id: str = Field(description="The newer plan (plans.id)")
    level: str = Field(description="The older element's level as its plan names it (priority, theme, goal, outcome, "
                                   "objective, mission ...); for a new element, the level of the older plan it stands beside")
    tier: str | None = Field(None, description="top (both ends top-level in their plans), below (both under a parent) or "
                                               "cross (one of each: a plan that put its priorities under pillars)")
    kind: str | None = Field(None, description="same (between aligned levels of the two plans: themes and missions, "
                                               "priorities and priorities) or finer (an element of a level just below, "
                                               "traced into the other plan's coarser elements: a goal into a mission)")
    relation: str = Field(description="continues, renamed, merged, split, dropped or new")
    score: float = Field(description="How alike the two elements are, 0-1: weighted words of name, description and text, "
                                     "and policy topics (for dropped or new: the best candidate's)")
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


def _field(record: Any, name: str) -> Any:
    return getattr(record, name, None) if record is not None else None


def title_words(title: str, pack: LineagePack) -> str:
    words = re.findall(r"[a-z]+", (title or "").lower())
    return " ".join(w for w in words if w not in set(pack.series_ignore_words))


def series_key(plan: Any, scopes: Scopes, pack: LineagePack) -> tuple[str, ...]:
    """(council, kind) for a corporate plan; (council, kind, title words) for a strategy or action
    plan. The council is the plan's scope (``rules.councils.scope``): its document's council, and
    a document that names none is joined to another only where the corpus names at most one."""
    council, kind = scopes.of(plan), getattr(plan, "kind", None) or "business_plan"
    if kind in pack.corporate_kinds:
        return council, kind
    if corporate_title(getattr(plan, "title", "") or "", council, pack):
        return council, pack.corporate_kinds[0] if pack.corporate_kinds else kind
    return council, kind, title_words(getattr(plan, "title", "") or "", pack)


def corporate_title(title: str, council: str, pack: LineagePack) -> bool:
    """A plan whose title names no subject, only a council-wide plan and the council's place
    ("Plan for Fife 2017-2027 (Local Outcome Improvement Plan)", "Our Plan for Babergh"): the
    council's plan whatever its kind words, so an edition of its corporate series."""
    if not pack.corporate_title_words:
        return False
    place = set(re.findall(r"[a-z]+", council.lower()))
    text = re.sub(pack.corporate_title_words, " ", (title or "").lower())
    words = [w for w in re.findall(r"[a-z]+", text) if w not in place and w not in set(pack.series_ignore_words)]
    return not words and re.search(r"[a-z]", (title or "").lower()) is not None


def plan_series(records: list[Record], pack: LineagePack) -> list[list[Any]]:
    """Editions of each plan series, oldest first; only series with two or more editions."""
    scopes = Scopes(r for r in records if r.table == "documents")
    series: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for r in records:
        if r.table == "plans" and getattr(r, "period_start", None):
            series[series_key(r, scopes, pack)].append(r)
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
    documents = {r.id: r for r in records if r.table == "documents"}
    out: list[LineageRecord] = []
    for editions in plan_series(records, lineage.pack):
        name = _field(documents.get(editions[0].document_id), "council")
        ignore = set(re.findall(r"[A-Za-z]+", name or ""))  # every element of its plans may print the council's name
        for older, newer in itertools.pairwise(editions):
            old = index.elements(older, lineage)
            new = index.elements(newer, lineage)
            verdicts = verdicts_for(reviews, old, new, older, newer) if reviews is not None else None
            links = lineage.match(old, new, verdicts, ignore)
            out += [index.record(link, older, newer) for link in links]
    return out


class _Index:
    """The records lineage reads, grouped by the element they describe."""

    def __init__(self, records: list[Record]):
        self.priorities = [r for r in records if r.table == "priorities"]
        self.missions = [r for r in records if r.table == "missions"]
        self.by_id = {r.id: r for r in [*self.priorities, *self.missions]}
        # Each plan's elements, found by its id (not by a scan of every element of the corpus for each plan).
        self.of_plan: dict[str, list[Any]] = defaultdict(list)
        for r in [*self.priorities, *self.missions]:
            self.of_plan[r.plan_id].append(r)
        self.children: dict[str, list[Any]] = defaultdict(list)
        for m in self.missions:
            if getattr(m, "parent_id", None):
                self.children[m.parent_id].append(m)
        self.pages = {(r.document_id, r.page): _flat(r.text) for r in records if r.table == "pages"}
        self.passages: dict[str, list[tuple[str, str, int | None]]] = defaultdict(list)
        for r in records:
            if r.table == "actions" and getattr(r, "mission_id", None):
                self.passages[r.mission_id].append((r.text, r.document_id, r.page))
            elif r.table == "metrics" and getattr(r, "mission_id", None):
                for text in (r.key_metric, getattr(r, "contributing_metrics", None)):
                    for line in (text or "").splitlines():
                        self.passages[r.mission_id].append((line, r.document_id, r.page))

    def _texts(self, m: Any) -> list[tuple[str, str, int | None]]:
        fields = MISSION_TEXT_FIELDS if m.table == "missions" else PRIORITY_TEXT_FIELDS
        texts = [(getattr(m, f), m.document_id, m.page) for f in fields if getattr(m, f, None)]
        return texts + self.passages[m.id]

    def elements(self, plan: Any, lineage: Lineage) -> list[Element]:
        """Every element of a plan with its rank: priorities 0; missions under a priority, or beside
        the priorities of a plan that has some, 1 (0 in a plan without priorities); goals one below
        their parent."""
        mine = self.of_plan.get(plan.id, [])
        priorities = sorted((p for p in mine if p.table == "priorities"), key=lambda p: p.position)
        missions = sorted((m for m in mine if m.table == "missions"), key=lambda m: (m.page or 0, m.position))
        top = 1 if priorities else 0
        out = [self._element(p, lineage, 0, None) for p in priorities]
        ids = {m.id for m in missions}

        def rank(m: Any) -> int:
            parent = getattr(m, "parent_id", None)
            return rank(self.by_id[parent]) + 1 if parent in ids else top

        for m in missions:
            parent = getattr(m, "parent_id", None) if getattr(m, "parent_id", None) in ids else getattr(m, "priority_id", None)
            out.append(self._element(m, lineage, rank(m), parent))
        return out

    def _element(self, r: Any, lineage: Lineage, rank: int, parent: str | None) -> Element:
        texts = self._texts(r)
        for child in self.children[r.id]:
            texts += [(child.name, child.document_id, child.page), *self._texts(child)]
        name, description = name_and_description(r)
        element = lineage.element(r.id, (getattr(r, "kind", None) or "priority") if r.table == "missions" else "priority",
                                  name, (r.document_id, r.page), texts, parent, description=description, rank=rank,
                                  table=r.table)
        for sentence in element.sentences:
            sentence.page = self.page_of(sentence.text, sentence.document_id, sentence.page)
        return element

    def page_of(self, text: str, document_id: str, page: int | None) -> int | None:
        """The page a sentence is printed on: a field read from a record's section may run on over
        the next pages, while the record names the page its section starts on."""
        if page is None or not self.pages:
            return page
        start = _flat(" ".join(text.split()[:6]))
        for p in range(page, page + 4):
            if start in self.pages.get((document_id, p), ""):
                return p
        return page

    def record(self, link: Link, older: Any, newer: Any) -> LineageRecord:
        source = self.by_id[link.from_id or link.to_id or ""]
        older_el = self.by_id.get(link.from_id or "")
        newer_el = self.by_id.get(link.to_id or "")
        return LineageRecord(
            document_id=source.document_id, page=source.page, rule="graph.lineage.meaning.v3",
            from_table=older_el.table if older_el else None, from_id=link.from_id,
            to_table=newer_el.table if newer_el else None, to_id=link.to_id,
            from_name=older_el.name if older_el else None, to_name=newer_el.name if newer_el else None,
            from_plan_id=older.id, to_plan_id=newer.id, level=link.level, tier=link.tier,
            kind="finer" if link.kind.startswith("finer") else "same", relation=link.relation,
            score=link.score, confidence=link.confidence, evidence=json.dumps(link.evidence, ensure_ascii=False),
            reviewed=link.reviewed, review_note=link.review_note,
        )


# "Strong Economy: Leicestershire's economy is growing" / "A Green Borough – safeguarding our environment":
# a short name, a separator, then a sentence describing it.
_RUN_IN = re.compile(r"^(?P<name>[^:–—]{3,80}?)\s*(?::|\s[–—-]\s)\s*(?P<description>\S.{10,})$", re.S)


def _flat(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def name_and_description(r: Any) -> tuple[str, str | None]:
    """An element's name and description, apart: the record's ``summary`` (or a ``description``
    field) where the extraction gives one, else a name printed with its description run in
    ("Name: description") split here."""
    name = " ".join((r.name or "").split())
    # (``description`` on a record class is the table's own description: only a field counts.)
    fields = type(r).model_fields
    description = next((getattr(r, f, None) for f in ("summary", "description") if f in fields and getattr(r, f, None)), None)
    if description:
        return name, description
    match = _RUN_IN.match(name)
    if match and len(match.group("name").split()) <= 8:
        return match.group("name").strip(), match.group("description").strip()
    return name, None
