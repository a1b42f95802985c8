"""Threads: one matter followed across reports, recommendations, resolutions and monitoring.

A scrutiny officer following a matter wants every step of it in one place: the report that
proposed it, the resolution that took it forward, the meeting that reviewed it, the reports
that later cite it. The documents print what joins them — a decision's reference number, "the
report considered by Cabinet on 20 June", the plan edition they adopt — and this linker (run
once, after every document is read) reads those joins within one council
(``rules/councils/scope.py``), each with the sentence that shows it, its page and a confidence.
The words are the pack's (``rules/packs/threads.yaml``); its header lists the joins.

The records become nodes of a networkx graph (decisions, reports, recommendations, agenda
items and plan editions); the joins its edges. A *thread* is a connected part of the graph
over the joins that are sure enough to merge (``merge_at``); a weaker join — a plan named in
passing in a report's body — attaches the citing record to the plan's thread as a citation
without joining its own thread to it, so one report that mentions two plans never makes one
matter of them. A thread made only of a report, its recommendations and its agenda item (one
meeting's item) is not published.

Candidates are blocked, never compared all against all: references by their number, cited
meetings by their date, same-meeting joins by meeting, title joins through an index of each
council's informative title words (stop words, generic words and the council's own name left
out; words printed in too many titles skipped), so the work grows with the records, not with
their square.

A meeting a record cites of which the database holds no record ("a final draft to be considered
at Full Council on 11 July 2017", "on 5 March 2024, Cabinet agreed ...") is kept as a *not held*
step of the thread, with its sentence: the step is known even when its papers are not in the
corpus; where a document of that meeting is in the corpus but nothing was read from it, the
step links to its PDF.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import networkx as nx
from pydantic import BaseModel, Field, PrivateAttr

from kernel.text import MONTHS, clean, iso_date, printed_date
from rules.councils.scope import Scopes
from rules.packs import load_pack
from rules.records import Record
from rules.registry import linker

RULE_THREAD = "graph.threads.thread.v1"
RULE_STEP = "graph.threads.step.v1"
RULE_LINK = "graph.threads.{join}.v1"

STEP_TABLES = ("decisions", "reports", "recommendations", "agenda_items", "plans")
PREFERRED = {"reports": 2, "agenda_items": 1, "decisions": 0}  # what a cited meeting's item is best shown by
NOT_HELD = "meetings_not_held"  # the step table of a meeting cited that the database holds no record of
ORDER = {"agenda_items": 0, "reports": 1, "recommendations": 2, "plans": 3, "decisions": 4, NOT_HELD: 5}
KIND = {"decisions": "decision", "reports": "report", "recommendations": "recommendation",
        "agenda_items": "agenda item", "plans": "plan", NOT_HELD: "meeting"}


class ThreadRecord(Record):
    table: ClassVar[str] = "threads"
    description: ClassVar[str] = (
        "One matter followed across the reports, recommendations, resolutions and later monitoring of one council: "
        "its steps are in thread_steps (date order), the joins between them, each with its evidence, in thread_links. "
        "The page /-/thread/<id> shows it."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("council_scope", "anchor_table", "anchor_id")
    fts: ClassVar[tuple[str, ...]] = ("title",)

    title: str = Field(description="The matter: the plan edition's title, else the earliest report's or decision's title")
    council_scope: str = Field(description="Whose thread: the council (councils.id); records of two councils are never joined")
    anchor_table: str = Field(description="Table of the earliest step, which names the thread")
    anchor_id: str = Field(description="Id of the earliest step")
    steps: int = Field(description="How many records the thread holds (its members and the records citing it)")
    members: int = Field(description="How many records are joined into it (citations and meetings not held aside)")
    meetings: int = Field(description="How many meetings or dates its steps come from")
    first_date: str | None = Field(None, description="ISO date of its earliest dated step")
    last_date: str | None = Field(None, description="ISO date of its latest dated step")
    bodies: str | None = Field(None, description="The bodies it passed through, in date order, separated by '; '")
    joins: str | None = Field(None, description="The kinds of join that make it, e.g. cited_meeting, plan_named")
    confidence: float = Field(description="The weakest merging join of the thread, 0..1: how sure its weakest step is")


class ThreadStepRecord(Record):
    table: ClassVar[str] = "thread_steps"
    description: ClassVar[str] = (
        "Each step of a thread: a report, recommendation, resolution, agenda item or plan edition, or a meeting a "
        "step announces that the database does not hold, with its date, body and page."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("thread_id", "step_table", "step_id")
    fts: ClassVar[tuple[str, ...]] = ("title",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("thread_id", "threads", "id"),)

    thread_id: str = Field(description="The thread (threads.id)")
    position: int = Field(description="Order in the thread, from 1: by date, then document and page")
    step_table: str = Field(description="decisions, reports, recommendations, agenda_items, plans, or meetings_not_held (a meeting a step cites of which the database holds no record)")
    step_id: str = Field(description="Id of the record (for a meeting not held, a hash of the council, date and body cited)")
    kind: str = Field(description="decision, report, recommendation, agenda item, plan or meeting (not held)")
    role: str = Field(description="member (joined into the thread), cites (names the matter in passing: a citation) or not_held (a meeting cited, no record of it read; its document, where the corpus has one, is the step's document)")
    date: str | None = Field(None, description="ISO date of the step: its meeting's, else the date it prints")
    body: str | None = Field(None, description="The body the step belongs to or is addressed to (Cabinet, Council, ...)")
    title: str = Field(description="The step's title, or the first words of its text")
    joined_by: str | None = Field(None, description="The join that brought it into the thread (its strongest)")
    confidence: float | None = Field(None, description="Confidence of that join, 0..1")


class ThreadLinkRecord(Record):
    table: ClassVar[str] = "thread_links"
    description: ClassVar[str] = (
        "Joins between the steps of threads, each with the sentence as printed that shows it, where it is printed and "
        "how sure it is: reference numbers, a cited meeting, the same meeting, a plan edition named, appended or "
        "cited, similar titles within a time window, a recommendation and its report or resolution."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("source_table", "source_id", "target_table", "target_id", "join")
    fts: ClassVar[tuple[str, ...]] = ("evidence",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("thread_id", "threads", "id"),)

    thread_id: str | None = Field(None, description="The thread the join belongs to (threads.id)")
    source_table: str = Field(description="Table of the record the join starts from (the one printing the evidence, where one does)")
    source_id: str = Field(description="Id of that record")
    target_table: str = Field(description="Table of the record it joins (meetings_not_held: a meeting the database holds no record of)")
    target_id: str = Field(description="Id of that record")
    join: str = Field(description="answers, recommended_in, on_agenda, reference, same_meeting, cited_meeting, plan_named, plan_appended, plan_cited or title_window")
    evidence: str = Field(description="The sentence (or title) as printed that shows the join")
    confidence: float = Field(description="How sure the join is, 0..1 (rules/packs/threads.yaml)")
    merges: bool = Field(description="Whether the join merges threads (false: a citation, which attaches the record only)")


# ---- the pack ------------------------------------------------------------------------------

class Reference(BaseModel):
    name: str
    pattern: str
    _regex: re.Pattern[str] | None = PrivateAttr(None)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern)
        return self._regex


class ThreadsPack(BaseModel):
    pack: str = ""
    references: list[Reference] = Field(default_factory=list)
    max_references_per_step: int = 3
    max_steps_per_reference: int = 12
    meeting_citations: list[str] = Field(default_factory=list)
    bodies: list[str] = Field(default_factory=list)
    weekdays: list[str] = Field(default_factory=list)
    citation_year_window_days: int = 200
    stop_words: list[str] = Field(default_factory=list)
    generic_words: list[str] = Field(default_factory=list)
    procedural_titles: list[str] = Field(default_factory=list)
    title_window_days: int = 400
    title_min_shared_words: int = 2
    title_min_jaccard: float = 0.6
    title_max_word_frequency: int = 40
    same_meeting_min_jaccard: float = 0.5
    same_meeting_text_similarity: float = 0.6
    confidence: dict[str, float] = Field(default_factory=dict)
    merge_at: float = 0.6
    structural: list[str] = Field(default_factory=list)
    _citations: list[re.Pattern[str]] = PrivateAttr(default_factory=list)

    def model_post_init(self, __context: Any) -> None:
        # a bad pattern fails when the pack loads (E030), not in the middle of a build
        for ref in self.references:
            _ = ref.regex
        for pattern in self.procedural_titles:
            re.compile(pattern)
        self._citations = self._compile_citations()

    def citation_regexes(self) -> list[re.Pattern[str]]:
        return self._citations

    def _compile_citations(self) -> list[re.Pattern[str]]:
        months = "|".join(sorted(MONTHS, key=len, reverse=True))
        date = (r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>(?i:" + months + r"))\.?"
                r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
        body = "|".join(f"(?:{b})" for b in self.bodies)
        weekday = "(?i:" + "|".join(self.weekdays) + ")" if self.weekdays else "(?!)"
        return [re.compile(p.replace("{body}", body).replace("{date}", date).replace("{weekday}", weekday))
                for p in self.meeting_citations]

    def confidence_of(self, join: str) -> float:
        return self.confidence.get(join, 0.5)


@functools.cache
def threads_pack() -> ThreadsPack:
    return load_pack("threads", ThreadsPack)


# ---- steps -----------------------------------------------------------------------------------

@dataclass
class Step:
    """A record that may be a step of a thread, with what the joins read of it."""

    table: str
    record: Any
    scope: str
    date: str | None
    body: str | None
    title: str
    own: list[tuple[str, int | None]] = field(default_factory=list)  # its own words, with their page
    names: list[str] = field(default_factory=list)  # the words that name its matter: title, resolution
    text: list[tuple[str, int | None]] = field(default_factory=list)  # the rest of its pages (reports)
    meeting: str | None = None  # meetings.id, where known

    @property
    def node(self) -> str:
        return f"{self.table}:{self.record.id}"

    @property
    def document_id(self) -> str:
        return self.record.document_id

    @property
    def page(self) -> int | None:
        return self.record.page


@dataclass
class Join:
    source: Step
    target: Step | None  # None: a meeting not held (``not_held`` says which)
    join: str
    evidence: str
    document_id: str
    page: int | None
    confidence: float
    merges: bool
    not_held: tuple[str, str | None, str | None] | None = None  # (date, body, a held document of it)


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[a-z0-9']+", text))


_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*(?:/|-|–|to)\s*((?:19|20)?\d\d))?(?![\d/])")
_QUARTER = re.compile(r"(?i)\b(?:q([1-4])|quarter\s+([1-4]|one|two|three|four))\b")
_QUARTERS = {"one": "1", "two": "2", "three": "3", "four": "4"}


def periods(title: str | None) -> set[tuple[int, int | None]]:
    """The plan or financial periods a title prints: "2017-27" and "2017 to 2027" are one."""
    out: set[tuple[int, int | None]] = set()
    for m in _PERIOD.finditer(title or ""):
        start = int(m.group(1))
        end = m.group(2)
        if end is not None:
            value = int(end)
            end_year = value if value >= 100 else start - start % 100 + value + (100 if value < start % 100 else 0)
            out.add((start, end_year))
        else:
            out.add((start, None))
    return out


def quarters(title: str | None) -> set[str]:
    return {(m.group(1) or _QUARTERS.get(m.group(2).lower(), m.group(2))) for m in _QUARTER.finditer(title or "")}


def periods_conflict(a: str | None, b: str | None) -> bool:
    """Two titles name different periods (or quarters): "Treasury Management 2016/17" is not
    "Treasury Management 2017/18", whatever else they share."""
    pa, pb = periods(a), periods(b)
    if pa and pb:
        same = any(s1 == s2 and (e1 is None or e2 is None or e1 == e2) for s1, e1 in pa for s2, e2 in pb)
        if not same:
            return True
    qa, qb = quarters(a), quarters(b)
    return bool(qa and qb and not qa & qb)


class Words:
    """The informative words of titles, for one council: the pack's stop words and generic
    words and the words of the council's own name left out."""

    def __init__(self, pack: ThreadsPack, council_names: Iterable[str] = ()):
        self.drop = {w.lower() for w in [*pack.stop_words, *pack.generic_words]}
        for name in council_names:
            self.drop |= set(fold(name).split())

    def __call__(self, text: str | None) -> set[str]:
        return {w.rstrip("'s").rstrip("'") for w in fold(text).split()
                if len(w) >= 3 and not w.isdigit() and w not in self.drop and w.rstrip("'s") not in self.drop}


def _words_ratio(a: str, b: str) -> float:
    wa, wb = fold(a).split(), fold(b).split()
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio() if wa and wb else 0.0


def _sentence_around(text: str, start: int, end: int, limit: int = 60) -> str:
    """The sentence of ``text`` holding [start, end), as printed; at most ``limit`` words either side."""
    left = max((m.end() for m in re.finditer(r"[.!?;]\s+(?=[A-Z(\"“‘'])|\n\s*\n", text[:start])), default=0)
    right_m = re.search(r"[.!?](?=\s|$)|\n\s*\n", text[end:])
    right = end + (right_m.end() if right_m else len(text) - end)
    sentence = clean(text[left:right])
    words = sentence.split()
    if len(words) > 2 * limit:
        inner = clean(text[start:end])
        at = sentence.find(inner)
        head = sentence[:at].split()[-limit:] if at >= 0 else []
        tail = sentence[at:].split()[:limit] if at >= 0 else words[:limit]
        sentence = ("… " if at > 0 else "") + " ".join(head + tail) + " …"
    return sentence


class _Build:
    """Every step of the corpus by council, and the indexes the joins look them up in."""

    def __init__(self, records: list[Record], pack: ThreadsPack):
        self.pack = pack
        self.procedural = [re.compile(p) for p in pack.procedural_titles]
        self.scopes = Scopes(r for r in records if r.table == "documents")
        self.documents = {r.document_id: r for r in records if r.table == "documents"}
        councils = {r.id: r for r in records if r.table == "councils"}
        self.meetings = {r.id: r for r in records if r.table == "meetings"}
        by_table: dict[str, list[Any]] = defaultdict(list)
        for r in records:
            if r.table in (*STEP_TABLES, "pages", "plan_links"):
                by_table[r.table].append(r)
        self.pages: dict[tuple[str, int], str] = {(p.document_id, p.page): p.text for p in by_table["pages"] if p.page}
        self.plan_links = by_table["plan_links"]
        self.reports = {r.id: r for r in by_table["reports"]}
        self.agenda = {r.id: r for r in by_table["agenda_items"]}
        self.narrative = _narratives(by_table["decisions"], self.pages)
        self.steps: dict[str, Step] = {}
        for table in STEP_TABLES:
            for r in by_table[table]:
                step = self._step(table, r)
                if step is not None:
                    self.steps[step.node] = step
        self.words: dict[str, Words] = {}
        for scope in {s.scope for s in self.steps.values()}:
            council = councils.get(scope)
            names = [getattr(council, "name", "") or "", getattr(council, "short_name", "") or ""] if council else []
            self.words[scope] = Words(pack, names)

    # -- what a step is ------------------------------------------------------------------------

    def _date_of_document(self, document_id: str) -> str | None:
        return getattr(self.documents.get(document_id), "meeting_date", None)

    def _procedural(self, record: Any, title: str) -> bool:
        return getattr(record, "topic", None) == "procedural" or any(p.search(title) for p in self.procedural)

    def _step(self, table: str, r: Any) -> Step | None:
        step = self._read_step(table, r)
        if step is not None and step.body:
            # a header label read with the body ("Report to: Cabinet") is not its name
            step.body = re.sub(r"^(?:report\s+to|meeting|committee|to|decision\s+maker)\s*:\s*", "", step.body,
                               flags=re.IGNORECASE) or None
        return step

    def _read_step(self, table: str, r: Any) -> Step | None:
        scope = self.scopes.of(r)
        if table == "decisions":
            meeting = self.meetings.get(r.meeting_id or "")
            title = self._title(r.title, r) or clean(r.resolved)[:80]
            if self._procedural(r, title):
                return None
            date = (meeting.date if meeting else None) or iso_date(r.decision_date) or self._date_of_document(r.document_id)
            body = (meeting.body if meeting else None) or r.decision_maker
            own = [(t, r.page) for t in (r.title, r.resolved, r.reason) if t]
            return Step(table, r, scope, date, body, title, own, [t for t in (r.title, r.resolved) if t],
                        self.narrative.get(r.id, []), meeting=r.meeting_id)
        if table == "reports":
            title = r.title
            if self._procedural(r, title):
                return None
            agenda = self.agenda.get(r.agenda_item_id or "")
            meeting = self.meetings.get(r.meeting_id or (agenda.meeting_id if agenda else "") or "")
            date = r.meeting_date or (meeting.date if meeting else None) or self._date_of_document(r.document_id)
            body = r.meeting_body or (meeting.body if meeting else None)
            own = [(t, r.page) for t in (r.title, r.subject, r.purpose) if t]
            text = [(self.pages.get((r.document_id, p), ""), p) for p in range(r.page or 0, (r.page_end or r.page or 0) + 1)]
            return Step(table, r, scope, date, body, title, own, [t for t in (r.title, r.subject) if t],
                        [t for t in text if t[0]], meeting=r.meeting_id)
        if table == "recommendations":
            report = self.reports.get(r.report_id or "")
            date = (report.meeting_date if report else None) or self._date_of_document(r.document_id)
            body = report.meeting_body if report else None
            return Step(table, r, scope, date, body, clean(r.text)[:100], [(r.text, r.page)], [r.text])
        if table == "agenda_items":
            if self._procedural(r, r.title):
                return None
            meeting = self.meetings.get(r.meeting_id or "")
            return Step(table, r, scope, meeting.date if meeting else None, meeting.body if meeting else None, r.title,
                        [(r.title, r.page)], [r.title], meeting=r.meeting_id)
        if table == "plans":
            return Step(table, r, scope, self._date_of_document(r.document_id), None, r.title, [(r.title, r.page)],
                        [r.title])
        return None

    def informative(self, step: Step) -> set[str]:
        """The words a step's title is matched on: its informative words and its periods
        ("Council Plan 2024/27" and "Darlington Council Plan 2024-2027" share the period)."""
        return self.words[step.scope](step.title) | {f"period:{a}-{b}" for a, b in periods(step.title)}

    def _title(self, printed: str | None, record: Any) -> str | None:
        """A record's title; where the one read is a page's marker that names nothing ("Agenda
        item" over a meeting system's page), the title its document is given (the meeting
        system's item title, from the manifest)."""
        words = Words(self.pack)
        if printed and (words(printed) or re.search(r"\d", printed)):
            return printed
        document = self.documents.get(record.document_id)
        title = getattr(document, "title", None)
        if title and (words(title) or periods(title)) and not any(p.search(title) for p in self.procedural):
            return title
        return printed

    # -- the joins ---------------------------------------------------------------------------

    def joins(self) -> Iterator[Join]:
        yield from self._structural()
        yield from self._references()
        yield from self._same_meeting()
        yield from self._cited_meetings()
        yield from self._plans()
        yield from self._title_window()

    def _join(self, source: Step, target: Step, join: str, evidence: str, page: int | None = None,
              confidence: float | None = None, document_id: str | None = None) -> Join:
        value = self.pack.confidence_of(join.removesuffix("_text").removesuffix("_title")) if confidence is None else confidence
        return Join(source, target, join.removesuffix("_text").removesuffix("_title"), clean(evidence), document_id or source.document_id,
                    page if page is not None else source.page, round(value, 3), value >= self.pack.merge_at)

    def _structural(self) -> Iterator[Join]:
        for step in self.steps.values():
            r = step.record
            if step.table == "decisions" and getattr(r, "recommendation_id", None):
                target = self.steps.get(f"recommendations:{r.recommendation_id}")
                if target and target.scope == step.scope:
                    yield self._join(step, target, "answers", clean(r.resolved)[:300])
            elif step.table == "recommendations" and r.report_id:
                target = self.steps.get(f"reports:{r.report_id}")
                if target and target.scope == step.scope:
                    yield self._join(step, target, "recommended_in", r.text)
            elif step.table == "reports" and r.agenda_item_id:
                target = self.steps.get(f"agenda_items:{r.agenda_item_id}")
                if target and target.scope == step.scope:
                    item = target.record
                    yield self._join(step, target, "on_agenda", f"{item.number} {item.title}", page=target.page,
                                     document_id=target.document_id)

    def _references(self) -> Iterator[Join]:
        """Records that print the same reference number, blocked by the number."""
        index: dict[tuple[str, str], list[tuple[Step, str, int | None, str]]] = defaultdict(list)
        for step in self.steps.values():
            if step.table == "plans":
                continue
            found: dict[str, tuple[str, int | None, str]] = {}
            for text, page in [*step.own, *step.text]:
                for ref in self.pack.references:
                    for m in ref.regex.finditer(text):
                        key = re.sub(r"\s+", "", m.group("ref")).upper()
                        found.setdefault(key, (_sentence_around(text, m.start(), m.end()), page, ref.name))
            if len(found) > self.pack.max_references_per_step:
                continue  # a list of numbers: a forward plan, a register
            for key, (sentence, page, _name) in found.items():
                index[(step.scope, key)].append((step, sentence, page, key))
        for (_scope, _key), hits in index.items():
            if len(hits) < 2 or len(hits) > self.pack.max_steps_per_reference:
                continue
            hits = sorted(hits, key=lambda h: (h[0].date or "9999", h[0].node))
            first = hits[0]
            for other in hits[1:]:
                if other[0].document_id == first[0].document_id and other[0].table == first[0].table == "recommendations":
                    continue
                # the later record prints the number: its sentence is the evidence
                yield self._join(other[0], first[0], "reference", other[1], page=other[2])

    def _same_meeting(self) -> Iterator[Join]:
        """A report to a meeting and a resolution of that meeting read from another document
        (or another part of the pack), blocked by the meeting's date."""
        by_date: dict[tuple[str, str], list[Step]] = defaultdict(list)
        for step in self.steps.values():
            if step.table in ("decisions", "reports") and step.date:
                by_date[(step.scope, step.date)].append(step)
        recs: dict[str, list[Any]] = defaultdict(list)
        for step in self.steps.values():
            if step.table == "recommendations" and step.record.report_id:
                recs[step.record.report_id].append(step.record)
        for group in by_date.values():
            decisions = [s for s in group if s.table == "decisions"]
            reports = [s for s in group if s.table == "reports"]
            for d in decisions:
                best: tuple[float, Step, str, str] | None = None
                for r in reports:
                    if d.record.recommendation_id and any(x.id == d.record.recommendation_id for x in recs[r.record.id]):
                        continue  # already joined through the recommendation it answers
                    if not _same_body(d.body, r.body):
                        continue
                    if periods_conflict(d.title, r.title):
                        continue
                    text = max((_words_ratio(d.record.resolved, x.text) for x in recs[r.record.id]), default=0.0)
                    wd, wr = self.informative(d), self.informative(r)
                    jaccard = len(common_words(wd, wr)) / len(wd | wr) if wd and wr else 0.0
                    if text >= self.pack.same_meeting_text_similarity and (jaccard > 0 or not wd or not wr):
                        score, join = 1.0 + text, "same_meeting_text"
                    elif jaccard >= self.pack.same_meeting_min_jaccard:
                        score, join = jaccard, "same_meeting_title"
                    else:
                        continue
                    if best is None or score > best[0]:
                        best = (score, r, join, "")
                if best is not None:
                    r = best[1]
                    evidence = clean(d.record.resolved) if best[2] == "same_meeting_text" else d.title
                    yield self._join(d, r, best[2], evidence, confidence=self.pack.confidence_of(best[2]))

    def _cited_meetings(self) -> Iterator[Join]:
        """Sentences citing another meeting, blocked by the date cited."""
        at: dict[tuple[str, str], list[Step]] = defaultdict(list)
        for step in self.steps.values():
            if step.table in ("decisions", "reports", "agenda_items") and step.date:
                at[(step.scope, step.date)].append(step)
        for step in self.steps.values():
            if step.table not in ("decisions", "reports") or not step.date:
                continue
            seen: set[tuple[str, str | None]] = set()
            for text, page in [*step.own, *step.text]:
                for rx in self.pack.citation_regexes():
                    for m in rx.finditer(text):
                        date = self._cited_date(m, step.date)
                        if date is None or date == step.date:
                            continue
                        body = m.groupdict().get("body")
                        cited_body = _body_name(body) if body else step.body
                        if (date, cited_body) in seen:
                            continue
                        seen.add((date, cited_body))
                        sentence = _sentence_around(text, m.start(), m.end())
                        yield from self._cited(step, date, cited_body, sentence, page, at)

    def _cited(self, step: Step, date: str, body: str | None, sentence: str, page: int | None,
               at: dict[tuple[str, str], list[Step]]) -> Iterator[Join]:
        candidates = [s for s in at.get((step.scope, date), []) if _same_body(body, s.body)]
        own, said = self.informative(step), self.words[step.scope](sentence)
        best: tuple[tuple[int, int], Step] | None = None
        for c in candidates:
            if periods_conflict(step.title, c.title):
                continue
            theirs = self.informative(c)
            # the item cited shares the citing record's title words, or two words of the sentence
            if not (common_words(theirs, own) or len(common_words(theirs, said)) >= 2):
                continue
            score = (len(common_words(theirs, own | said)), PREFERRED.get(c.table, 0))
            if best is None or score > best[0]:
                best = (score, c)
        if best is not None:
            yield self._join(step, best[1], "cited_meeting", sentence, page=page)
        elif not any(s.body and _same_body(body, s.body) for s in at.get((step.scope, date), [])):
            # no record of that meeting was read: the step is cited, not held (its document,
            # where the corpus has one that nothing was read from, is linked)
            held = next((d for d in self.documents.values() if self.scopes.of(d.document_id) == step.scope
                         and d.meeting_date == date and d.body and _same_body(body, d.body)), None)
            yield Join(step, None, "cited_meeting", sentence, step.document_id, page,
                       self.pack.confidence_of("cited_meeting"), False,
                       not_held=(date, body, held.document_id if held else None))

    def _cited_date(self, m: re.Match[str], own: str) -> str | None:
        month = MONTHS.get(m.group("month").lower().rstrip("."))
        if not month:
            return None
        day = int(m.group("day"))
        base = dt.date.fromisoformat(own)
        years = [int(m.group("year"))] if m.group("year") else [base.year - 1, base.year, base.year + 1]
        best: dt.date | None = None
        for year in years:
            try:
                d = dt.date(year, month, day)
            except ValueError:
                continue
            if best is None or abs((d - base).days) < abs((best - base).days):
                best = d
        if best is None or (not m.group("year") and abs((best - base).days) > self.pack.citation_year_window_days):
            return None
        return best.isoformat()

    def _plans(self) -> Iterator[Join]:
        """Plan editions: named in a record's own words (merges), appended to a report (merges),
        or named in passing in a report's body (a citation)."""
        for link in self.plan_links:
            if link.target_table != "plans":
                continue
            source = self.steps.get(f"{link.source_table}:{link.source_id}")
            plan = self.steps.get(f"plans:{link.target_id}")
            if source is None or plan is None or source.scope != plan.scope:
                continue
            evidence = link.evidence.strip("… ").strip()
            # named in the words that say what the record is (its title, its resolution, the
            # recommendation itself): the plan is its matter; elsewhere (a purpose, a reason, a
            # report's body) the plan is only cited
            own = bool(fold(evidence)) and any(fold(evidence) in fold(text) for text in source.names)
            yield self._join(source, plan, "plan_named" if own else "plan_cited", link.evidence, page=link.page)
        # a plan read inside a report's pages (up to the next report of the document) is its appendix
        by_document: dict[str, list[Step]] = defaultdict(list)
        for step in self.steps.values():
            if step.table == "reports":
                by_document[step.document_id].append(step)
        for step in self.steps.values():
            if step.table != "plans" or step.record.cited_in:
                continue
            reports = sorted(by_document.get(step.document_id, []), key=lambda s: s.page or 0)
            holder = None
            for i, report in enumerate(reports):
                end = (reports[i + 1].page or 0) - 1 if i + 1 < len(reports) else 10 ** 6
                if (report.page or 0) <= (step.page or 0) <= end:
                    holder = report
            if holder is not None and not periods_conflict(holder.title, step.title):
                step.date = holder.date or step.date  # printed as the report's appendix
                step.body = holder.body
                yield self._join(holder, step, "plan_appended", step.title, page=step.page, document_id=step.document_id)

    def _title_window(self) -> Iterator[Join]:
        """Nearly the same title within a time window: blocked by the council's informative
        title words, each word's list capped, pairs counted once."""
        pack = self.pack
        index: dict[tuple[str, str], list[Step]] = defaultdict(list)
        words: dict[str, set[str]] = {}
        for step in self.steps.values():
            if step.table in ("recommendations", "plans") or not step.date:
                continue
            w = self.informative(step)
            if len(w) < pack.title_min_shared_words:
                continue
            words[step.node] = w
            for word in w:
                index[(step.scope, word)].append(step)
        shared: dict[tuple[str, str], int] = defaultdict(int)
        for steps in index.values():
            if len(steps) > pack.title_max_word_frequency:
                continue
            for i, a in enumerate(steps):
                for b in steps[i + 1:]:
                    if a.date == b.date:
                        continue  # one meeting's papers: the same-meeting and structural joins say it
                    key = (a.node, b.node) if a.node < b.node else (b.node, a.node)
                    shared[key] += 1
        best: dict[str, tuple[tuple[float, str], Step, float]] = {}  # later step → its nearest like earlier one
        for (na, nb), count in shared.items():
            if count < pack.title_min_shared_words:
                continue
            a, b = self.steps[na], self.steps[nb]
            wa, wb = words[na], words[nb]
            common = common_words(wa, wb)
            jaccard = len(common) / len(wa | wb)
            if len(common) < pack.title_min_shared_words or jaccard < pack.title_min_jaccard or periods_conflict(a.title, b.title):
                continue
            days = abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days)
            if days > pack.title_window_days:
                continue
            later, earlier = (a, b) if (a.date, a.node) > (b.date, b.node) else (b, a)
            rank = (jaccard, earlier.date or "")
            if later.node not in best or rank > best[later.node][0]:
                best[later.node] = (rank, earlier, jaccard)
        # one join per later item, to the earlier item most like it (the nearest of equals):
        # the thread is connected either way, and each join is one to check
        for node, (_, earlier, jaccard) in sorted(best.items()):
            later = self.steps[node]
            yield self._join(later, earlier, "title_window", later.title,
                             confidence=pack.confidence_of("title_window") * jaccard)


def common_words(a: set[str], b: set[str]) -> set[str]:
    """The title words two items share. A period alone ("2017-2027") is shared only by items
    whose titles have no other words, or share one: "People Strategy 2017-2027" is not the
    "Draft Business Plan 2017-2027", while "Council Plan 2024/27" is "Darlington Council Plan
    2024-2027" (the council's name and "plan" say nothing)."""
    common = a & b
    if any(not w.startswith("period:") for w in common):
        return common
    plain_a = any(not w.startswith("period:") for w in a)
    plain_b = any(not w.startswith("period:") for w in b)
    return common if not (plain_a and plain_b) else set()


def _squash(text: str) -> tuple[str, list[int]]:
    """Text with white space made single, and where each of its characters was in the original."""
    out, where = [], []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
        else:
            out.append(ch)
            where.append(i)
            space = False
    return "".join(out), where


def _narratives(decisions: list[Any], pages: dict[tuple[str, int], str]) -> dict[str, list[tuple[str, int | None]]]:
    """What minutes print about each resolution before it — the discussion in which they cite
    other meetings and reference numbers ("It was reported that the draft plan was approved by
    Cabinet on 5 March 2024"): the text of its pages from the end of the resolution before it
    (or the page's start) to the end of its own. Only where the resolution is found in its pages."""
    out: dict[str, list[tuple[str, int | None]]] = {}
    by_document: dict[str, list[Any]] = defaultdict(list)
    for d in decisions:
        if d.page:
            by_document[d.document_id].append(d)
    for document_id, found in by_document.items():
        first = min(d.page for d in found)
        last = max((d.page_end or d.page) for d in found)
        parts: list[tuple[int, int]] = []  # (offset in the joined text, page)
        text = ""
        for page in range(first, last + 1):
            parts.append((len(text), page))
            text += pages.get((document_id, page), "") + "\n"
        squashed, where = _squash(text)
        located: list[tuple[int, int, Any]] = []
        for d in found:
            head, _ = _squash(d.resolved or "")
            head = head[:60]
            start = parts[[p for _, p in parts].index(d.page)][0] if d.page in [p for _, p in parts] else 0
            at = squashed.find(head, next((i for i, w in enumerate(where) if w >= start), 0)) if head else -1
            if at >= 0:
                located.append((at, at + len(_squash(d.resolved)[0]), d))
        located.sort(key=lambda x: x[0])
        previous_end = 0
        for at, end, d in located:
            begin = previous_end if previous_end <= at else 0
            lo, hi = where[begin] if begin < len(where) else 0, where[min(end, len(where) - 1)] + 1
            segment = text[lo:hi]
            page = max((p for off, p in parts if off <= lo), default=d.page)
            out[d.id] = [(segment, page)]
            previous_end = end
    return out


def _body_name(text: str) -> str:
    return clean(re.sub(r"(?i)^the\s+", "", text))


def _body_key(body: str | None) -> str:
    words = [w for w in fold(body).split() if w not in {"the", "full", "meeting", "of", "s"}]
    return " ".join(words)


def _same_body(cited: str | None, other: str | None) -> bool:
    """Whether a body cited ("Full Council", "the Cabinet") is the body of a record ("Council",
    "Cabinet"): one's words inside the other's. No body cited matches any."""
    if not cited:
        return True
    a, b = _body_key(cited), _body_key(other)
    if not a or not b:
        return False
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


# ---- threads ------------------------------------------------------------------------------

def _not_held_step(join: Join) -> Step:
    date, body, held = join.not_held or ("", None, None)
    body = body or join.source.body
    record = _NotHeld(id=_stable(f"{join.source.scope}|{date}|{_body_key(body)}"), document_id=held or join.document_id,
                      page=1 if held else join.page)
    title = f"{body or 'Meeting'}, {printed_date(date)}" if date else body or "Meeting"
    title += " (its document is in the corpus; no record was read from it)" if held else " (not in the database)"
    return Step(NOT_HELD, record, join.source.scope, date, body, title)


@dataclass
class _NotHeld:
    id: str
    document_id: str
    page: int | None


def _stable(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


@linker("threads", after=("plan_links", "meetings.adoption", "councils", "topics"))
def link_threads(records: list[Record]) -> list[Record]:
    """Every thread of the corpus, its steps and the joins between them."""
    pack = threads_pack()
    build = _Build(records, pack)
    joins = list(build.joins())
    graph = nx.Graph()
    for join in joins:
        if join.merges and join.target is not None:
            graph.add_edge(join.source.node, join.target.node)
    home: dict[str, int] = {}
    components = [sorted(c) for c in nx.connected_components(graph)]
    for i, nodes in enumerate(components):
        for n in nodes:
            home[n] = i
    # a citation attaches its record to the cited record's thread (a plan alone is a thread of it)
    citations: dict[int, list[Join]] = defaultdict(list)
    for join in joins:
        if join.merges:
            continue
        target = join.target.node if join.target is not None else join.source.node
        if target not in home:
            home[target] = len(components)
            components.append([target])
        citations[home[target]].append(join)
    merging: dict[int, list[Join]] = defaultdict(list)
    for join in joins:
        if join.merges and join.target is not None:
            merging[home[join.source.node]].append(join)
    out: list[Record] = []
    structural = set(pack.structural)
    for i, nodes in enumerate(components):
        inner, cites = merging.get(i, []), citations.get(i, [])
        events = {(build.steps[n].document_id, build.steps[n].date) for n in nodes}
        dates = {build.steps[n].date for n in nodes if build.steps[n].date}
        cited = [j for j in cites if j.target is not None]  # records citing it (a meeting not held is no record)
        if not cited and len(dates) < 2 and (len(events) < 2 or all(j.join in structural for j in inner)):
            continue  # one meeting's item: a report, its recommendations, its agenda item and appendix
        out += _thread_records(build, nodes, inner, cites)
    return out


def _thread_records(build: _Build, nodes: list[str], inner: list[Join], cites: list[Join]) -> list[Record]:
    steps: dict[str, tuple[Step, str, Join | None]] = {}  # node → (step, role, strongest join)
    for n in nodes:
        steps[n] = (build.steps[n], "member", None)
    for j in inner:
        for node in (j.source.node, j.target.node if j.target else None):
            if node in steps and (steps[node][2] is None or j.confidence > steps[node][2].confidence):
                steps[node] = (steps[node][0], "member", j)
    for j in cites:
        if j.target is None:
            step = _not_held_step(j)
            steps.setdefault(step.node, (step, "not_held", j))
        elif j.source.node not in steps:
            steps[j.source.node] = (j.source, "cites", j)
    # by date; on one date what was put to the meeting before what it resolved
    ordered = sorted(steps.values(), key=lambda s: (s[0].date or "9999-99-99", ORDER.get(s[0].table, 9),
                                                    s[0].document_id, s[0].page or 0))
    members = [s for s in ordered if s[1] == "member"]
    anchor = _title_step(members) or ordered[0][0]
    first = members[0][0] if members else ordered[0][0]
    scope = first.scope
    dates = [s[0].date for s in ordered if s[0].date]
    bodies: dict[str, str] = {}  # in the order the matter reached them, each once
    for step, role, _ in ordered:
        if step.body and role != "not_held":
            bodies.setdefault(_body_key(step.body), step.body)
    weakest = min((j.confidence for j in inner), default=max((j.confidence for j in cites), default=0.0))
    thread = ThreadRecord(
        document_id=first.document_id, page=first.page, rule=RULE_THREAD, title=anchor.title,
        council_scope=scope, anchor_table=first.table, anchor_id=first.record.id, steps=len(ordered),
        members=len(members), meetings=len({(s[0].date, _body_key(s[0].body)) for s in ordered if s[0].date}),
        first_date=min(dates, default=None), last_date=max(dates, default=None),
        bodies="; ".join(bodies.values()) or None, joins=", ".join(sorted({j.join for j in [*inner, *cites]})) or None,
        confidence=round(weakest, 3))
    out: list[Record] = [thread]
    for position, (step, role, join) in enumerate(ordered, start=1):
        out.append(ThreadStepRecord(
            document_id=step.document_id, page=step.page, rule=RULE_STEP, thread_id=thread.id, position=position,
            step_table=step.table, step_id=step.record.id,
            kind=KIND.get(step.table, step.table), role=role, date=step.date, body=step.body, title=step.title[:200],
            joined_by=join.join if join else None, confidence=join.confidence if join else None))
    for j in [*inner, *cites]:
        target_table = j.target.table if j.target else NOT_HELD
        target_id = j.target.record.id if j.target else _not_held_step(j).record.id
        out.append(ThreadLinkRecord(
            document_id=j.document_id, page=j.page, rule=RULE_LINK.format(join=j.join), thread_id=thread.id,
            source_table=j.source.table, source_id=j.source.record.id, target_table=target_table, target_id=target_id,
            join=j.join, evidence=j.evidence[:1000], confidence=j.confidence, merges=j.merges))
    return out


def _title_step(members: list[tuple[Step, str, Join | None]]) -> Step | None:
    """The step that names the matter: a plan edition, else the earliest report, else the earliest record."""
    for table in ("plans", "reports", "decisions", "agenda_items"):
        for step, _, _ in members:
            if step.table == table:
                return step
    return None


__all__ = ["ThreadLinkRecord", "ThreadRecord", "ThreadStepRecord", "link_threads", "periods_conflict", "threads_pack"]
