"""Scrutiny's recommendations and the executive's answers.

Councils' own reviews find cabinets failing to answer scrutiny ("out of 18 reports only one
has a response"). This linker (run once, after every document is read) finds the
recommendations scrutiny bodies make to the executive — points of their resolutions that
recommend to Cabinet, the Executive, the Mayor — and, in the later pages of the same council,
the answer to each: accepted, partly accepted, rejected, with the sentence that says so, or
``no_response_found``. The words are the pack's (``rules/packs/scrutiny.yaml``).

An answer is never taken from another council's documents, from a page that does not name the
committee, nor for a recommendation on another matter: a numbered answer needs its page to
share a word of the recommendation's item title or two of its own words; an answer to a whole
set names the committee (and, where it names a matter, shares its words).

Published as ``scrutiny_recommendations`` (one row per recommendation, with its answer) and
``scrutiny_committees`` (one row per committee of a council: how many recommendations, how
many answered, of each kind); the site has a page per committee (``/-/scrutiny/<id>``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from rules.councils.scope import Scopes
from rules.packs import load_pack
from rules.records import Record
from rules.registry import linker

RULE_RECOMMENDATION = "scrutiny.recommendation.v1"
RULE_COMMITTEE = "scrutiny.committee.v1"
RULE_ANSWER = "scrutiny.answer.{how}.v1"
FAMILY = "scrutiny.answers.v1"
KINDS = ("accepted", "partly_accepted", "rejected")
NO_RESPONSE = "no_response_found"
FK = tuple[tuple[str, str, str], ...]


class ScrutinyPack(BaseModel):
    pack: str = ""
    scrutiny_bodies: list[str] = Field(default_factory=list)
    review_reports: list[str] = Field(default_factory=list)
    executive: list[str] = Field(default_factory=list)
    recommend_frames: list[str] = Field(default_factory=list)
    responses: dict[str, list[str]] = Field(default_factory=dict)
    numbered_response: str = r"\bRecommendation\s+(?P<n>\d{1,2})"
    max_response_chars: int = 600
    whole_set_responses: list[str] = Field(default_factory=list)
    max_lead_chars: int = 160
    generic_words: list[str] = Field(default_factory=list)

    @functools.cached_property
    def bodies_re(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.scrutiny_bodies), re.I)

    @functools.cached_property
    def reviews_re(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in self.review_reports), re.I) if self.review_reports else None

    @functools.cached_property
    def frames_re(self) -> list[re.Pattern[str]]:
        executive = "(?:" + "|".join(f"(?:{p})" for p in self.executive) + ")"
        return [re.compile(f.replace("{executive}", executive), re.I) for f in self.recommend_frames]

    @functools.cached_property
    def responses_re(self) -> list[tuple[str, re.Pattern[str]]]:
        # strongest first: where two kinds match at one place, the earlier in this list wins
        order = [k for k in ("partly_accepted", "rejected", "accepted") if k in self.responses]
        return [(k, re.compile("|".join(f"(?:{p})" for p in self.responses[k]), re.I)) for k in order]

    @functools.cached_property
    def numbered_re(self) -> re.Pattern[str]:
        return re.compile(self.numbered_response, re.I)

    @functools.cached_property
    def whole_set_re(self) -> list[re.Pattern[str]]:
        words = "|".join(f"(?:{p})" for k in self.responses for p in self.responses[k])
        return [re.compile(p.replace("{response}", f"(?:{words})"), re.I) for p in self.whole_set_responses]


@functools.cache
def scrutiny_pack() -> ScrutinyPack:
    return load_pack("scrutiny", ScrutinyPack)


class ScrutinyRecommendationRecord(Record):
    table: ClassVar[str] = "scrutiny_recommendations"
    description: ClassVar[str] = (
        "Recommendations a scrutiny body (overview and scrutiny, select committee, scrutiny panel, task and finish "
        "group) made to the executive, one per point of its resolution, with the executive's answer where a later "
        "document of the same council prints one: accepted, partly_accepted, rejected, or no_response_found."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "decision_id", "report_id", "number", "text")
    fts: ClassVar[tuple[str, ...]] = ("committee", "title", "text", "response_text")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("meeting_id", "meetings", "id"),
                                  ("decision_id", "decisions", "id"), ("report_id", "reports", "id"),
                                  ("committee_id", "scrutiny_committees", "id"))

    committee_id: str = Field(description="The committee (scrutiny_committees.id)")
    committee: str = Field(description="The scrutiny body as its meeting is named, e.g. Environment Overview and Scrutiny Committee")
    meeting_id: str | None = Field(None, description="The scrutiny meeting that made the recommendation (meetings.id)")
    decision_id: str | None = Field(None, description="The resolution it is a point of (decisions.id)")
    report_id: str | None = Field(None, description="The scrutiny review's report it is printed in, where it is a report's recommendation (reports.id)")
    made_on: str | None = Field(None, description="ISO date of the scrutiny meeting")
    title: str | None = Field(None, description="The title of the item the recommendation was made under")
    number: str | None = Field(None, description="The point's number as printed (1, b, iii), where the resolution numbers its points")
    addressed_to: str | None = Field(None, description="Whom it recommends to, as printed: Cabinet, the Executive, the Mayor ... (empty for a review report's recommendation that does not say)")
    text: str = Field(description="The recommendation as printed")
    response: str = Field(description="The executive's answer: accepted, partly_accepted, rejected, or no_response_found (no later document of the council held prints one)")
    response_text: str | None = Field(None, description="The sentence that answers it, as printed")
    response_by: str | None = Field(None, description="How the answer was found: by_number (a response to its numbered recommendation) or whole_set (a resolution answering the committee's recommendations)")
    response_document_id: str | None = Field(None, description="The document that prints the answer (documents.id)")
    response_page: int | None = Field(None, description="The page of that document the answer is printed on")
    response_date: str | None = Field(None, description="ISO date of the document (meeting) that answers it")


class ScrutinyCommitteeRecord(Record):
    table: ClassVar[str] = "scrutiny_committees"
    description: ClassVar[str] = (
        "Each scrutiny body of a council whose recommendations to the executive were read: how many it made and "
        "how many were answered, of each kind."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("scope", "name_key")
    fts: ClassVar[tuple[str, ...]] = ("name",)
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"),)

    name: str = Field(description="The committee's name as its meetings are named")
    name_key: str = Field(description="Folded name the committee's meetings are grouped by")
    scope: str = Field(description="Whose committee: the council (councils.id); two councils' committees of one name are two")
    recommendations: int = Field(description="Recommendations to the executive read from its resolutions")
    answered: int = Field(description="Of them, answered in a later document held: accepted, partly accepted or rejected")
    accepted: int = Field(description="Answered: accepted")
    partly_accepted: int = Field(description="Answered: partly accepted")
    rejected: int = Field(description="Answered: rejected")
    no_response_found: int = Field(description="No answer in any later document of the council held")
    first_date: str | None = Field(None, description="Date of its first meeting with a recommendation")
    last_date: str | None = Field(None, description="Date of its last meeting with a recommendation")


# ---- words ---------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z][a-z'’-]{2,}")


def fold(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", (text or "").lower().replace("&", " and ")).split())


def informative(text: str | None, pack: ScrutinyPack) -> set[str]:
    generic = set(pack.generic_words)
    return {w.strip("'’-").rstrip("s") for w in _WORD.findall((text or "").lower())
            if w.strip("'’-") not in generic and len(w) > 3}


def verdict_in(text: str, pack: ScrutinyPack) -> tuple[str, re.Match[str]] | None:
    """The first answer the text gives, strongest kind first where two start at one place."""
    best: tuple[int, int, str, re.Match[str]] | None = None
    for rank, (kind, pattern) in enumerate(pack.responses_re):
        m = pattern.search(text)
        if m and (best is None or (m.start(), rank) < (best[0], best[1])):
            best = (m.start(), rank, kind, m)
    return (best[2], best[3]) if best else None


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence holding text[start:end] (from the last full stop or line break before it)."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_stop = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_stop) + 1 if right_stop else len(text)
    return " ".join(text[left + 1:right].split())[:limit]


# ---- recommendations -------------------------------------------------------------------------

_POINT_NUMBER = re.compile(r"^\s*\(?(\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s+")


@dataclass
class Made:
    record: ScrutinyRecommendationRecord
    scope: str
    key: str  # the committee's folded name
    title_words: set[str]
    words: set[str]


def recommendations_of(decision: Any, pack: ScrutinyPack) -> list[tuple[str | None, str, str]]:
    """(number, text, addressed to) of each recommendation to the executive a scrutiny
    resolution makes: each point where the lead-in or the point itself recommends to it; the
    whole resolution where it has no points."""
    resolved = decision.resolved or ""
    points = list(decision.resolved_points or [])
    lead = resolved
    if points:
        first = resolved.find(points[0][:40])
        lead = resolved[:first] if first > 0 else ""
        # the lead-in may be read as a point of its own ("That the Committee recommends to
        # Cabinet that:"): points before the first numbered one that end with a colon
        while points and not _POINT_NUMBER.match(points[0]) and points[0].rstrip().endswith(":"):
            lead += " " + points.pop(0)
    frame = next((m for p in pack.frames_re if (m := p.search(lead))), None)
    out = []
    if points:
        for i, point in enumerate(points, start=1):
            own = next((m for p in pack.frames_re if (m := p.search(point))), None)
            if frame is None and own is None:
                continue
            number = _POINT_NUMBER.match(point)
            text = re.sub(r"(?:[;,]|\s+and|\s+or)\s*$", "", _POINT_NUMBER.sub("", point).strip())
            out.append((number.group(1) if number else str(i), text, " ".join((own or frame).group("to").split())))
        return out
    if frame is not None:
        out.append((None, " ".join(resolved.split()), " ".join(frame.group("to").split())))
    return out


_LEAD_IN = re.compile(r"(?:\bthat|:|\bto)\s*$", re.I)


def review_recommendations(records: list[Record], pack: ScrutinyPack) -> Iterable[tuple[Any, Any, str]]:
    """(report, recommendation, committee) of each recommendation printed in a scrutiny
    review's report put to a scrutiny body (or to no body the report names)."""
    if pack.reviews_re is None:
        return
    reports = {r.id: r for r in records if r.table == "reports"}
    for rec in (r for r in records if r.table == "recommendations"):
        report = reports.get(rec.report_id or "")
        if report is None or not pack.reviews_re.search(report.title or ""):
            continue
        body = report.meeting_body or ""
        if body and not pack.bodies_re.search(body):
            continue  # a review's report to Cabinet is the executive's to answer, not a recommendation to it
        text = " ".join((rec.text or "").split())
        if not text or _LEAD_IN.search(text):
            continue
        yield report, rec, body or (pack.reviews_re.search(report.title).group(0))


# ---- answers -------------------------------------------------------------------------------

@dataclass
class Answer:
    kind: str
    text: str
    how: str
    document_id: str
    page: int | None
    date: str | None


def _page_answers(page: Any, date: str | None, candidates: list[Made], pack: ScrutinyPack,
                  answers: dict[int, Answer]) -> None:
    """The answers one page of a later document gives to recommendations of its council."""
    text = page.text or ""
    low = fold(text)
    named = [m for m in candidates if m.key and m.key in low]
    if not named:
        return
    page_words = informative(text, pack)
    # by number: "Recommendation 2: Partially accepted ..."
    marks = list(pack.numbered_re.finditer(text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        segment = text[mark.end():min(end, mark.end() + pack.max_response_chars)]
        found = verdict_in(segment, pack)
        lead = _lead(text, mark, marks[i - 1].end() if i else 0, pack)
        before = verdict_in(lead, pack) if lead else None
        if before:  # the clause's own words, before the number, answer it first
            kind, verdict = before
            quote = " ".join((lead + text[mark.start():mark.end()] + segment[:_clause_end(segment)]).split())[:400]
            _answer_numbered(answers, named, mark, segment, kind, quote, page, date, page_words, pack)
            continue
        if not found:
            continue
        kind, verdict = found
        _answer_numbered(answers, named, mark, segment, kind, _numbered_quote(text, mark, segment, verdict), page, date,
                         page_words, pack)
    # a whole set: "the recommendations of the Children's Select Committee ... be accepted"
    for pattern in pack.whole_set_re:
        for m in pattern.finditer(text):
            _answer_whole_set(answers, named, text, m, page, date, pack)


def _lead(text: str, mark: re.Match[str], floor: int, pack: ScrutinyPack) -> str:
    """The words of the clause before a numbered recommendation ("(b) that no action be taken
    with regard to"), back to the clause's start: a semicolon, a full stop or a line break."""
    start = max(floor, mark.start() - pack.max_lead_chars)
    window = text[start:mark.start()]
    cuts = [m.end() for m in re.finditer(r"[.;:](?=\s)|\n\s*\n", window)]
    return window[cuts[-1]:] if cuts else window


def _clause_end(segment: str) -> int:
    stop = re.search(r"[.;](?=\s|$)", segment)
    return stop.end() if stop else len(segment)


def _answer_numbered(answers: dict[int, Answer], named: list[Made], mark: re.Match[str], segment: str, kind: str,
                     quote: str, page: Any, date: str | None, page_words: set[str], pack: ScrutinyPack) -> None:
    """Keep the answer for the recommendations of that number the page may answer: of a
    committee it names, on the matter it speaks of, from the latest meeting before it."""
    number = mark.group("n").lower()
    segment_words = informative(segment, pack)
    fitting = [m for m in named if (m.record.number or "").lower() == number
               and (m.title_words & page_words or len(m.words & segment_words) >= 2)]
    for made in _latest_meeting(fitting, date):
        _keep(answers, made, Answer(kind, quote, "by_number", page.document_id, page.page, date))


def _answer_whole_set(answers: dict[int, Answer], named: list[Made], text: str, m: re.Match[str], page: Any,
                      date: str | None, pack: ScrutinyPack) -> None:
    printed = fold(m.group("committee"))
    of_committee = [c for c in named if c.key in printed]
    if not of_committee:
        return
    matter = informative(printed.replace(of_committee[0].key, " "), pack)
    if matter:  # "... on foster care recruitment": only recommendations on that matter
        of_committee = [c for c in of_committee if matter & (c.title_words | c.words)]
    found = verdict_in(m.group("verdict"), pack)
    if not found:
        return
    for made in _latest_meeting(of_committee, date):
        sentence = sentence_around(text, m.start(), m.end())
        _keep(answers, made, Answer(found[0], sentence, "whole_set", page.document_id, page.page, date), weaker=True)


def _numbered_quote(text: str, mark: re.Match[str], segment: str, verdict: re.Match[str]) -> str:
    """From "Recommendation N" to the end of the sentence after its answer word; where that is
    only the answer ("Recommendation 1: Accepted."), the reason printed after it too."""
    stops = [m.end() for m in re.finditer(r"[.;](?=\s|$)|\n\s*\n", segment) if m.start() >= verdict.end()]
    end = stops[0] if stops else len(segment)
    if end < 60 and len(stops) > 1:
        end = stops[1]
    return " ".join((text[mark.start():mark.end()] + segment[:end]).split())[:400]


def _latest_meeting(made: list[Made], date: str | None) -> list[Made]:
    """Of recommendations a later answer may be for, those of the latest meeting before it."""
    before = [m for m in made if not date or not m.record.made_on or m.record.made_on <= date]
    if not before:
        return []
    latest = max(m.record.made_on or "" for m in before)
    return [m for m in before if (m.record.made_on or "") == latest]


def _keep(answers: dict[int, Answer], made: Made, answer: Answer, weaker: bool = False) -> None:
    """A numbered answer wins over a whole set's; of two of one kind, the later document's."""
    key = id(made)
    old = answers.get(key)
    if old is None or (old.how == "whole_set" and not weaker) or (
            old.how == answer.how and (answer.date or "") > (old.date or "")):
        answers[key] = answer


# ---- the linker ------------------------------------------------------------------------------

@linker("scrutiny", after=("councils",))
def link_scrutiny(records: list[Record]) -> list[Record]:
    pack = scrutiny_pack()
    scopes = Scopes(r for r in records if r.table == "documents")
    documents = {r.document_id: r for r in records if r.table == "documents"}
    meetings = {r.id: r for r in records if r.table == "meetings"}
    made: list[Made] = []
    for decision in (r for r in records if r.table == "decisions"):
        meeting = meetings.get(decision.meeting_id or "")
        body = (meeting.body if meeting else None) or getattr(documents.get(decision.document_id), "body", None)
        if not body or not pack.bodies_re.search(body):
            continue
        date = (meeting.date if meeting else None) or getattr(documents.get(decision.document_id), "meeting_date", None)
        scope = scopes.of(decision)
        key = fold(body)
        committee_id = hashlib.sha1(f"{scope}|{key}".encode()).hexdigest()[:16]
        for number, text, to in recommendations_of(decision, pack):
            record = ScrutinyRecommendationRecord(
                document_id=decision.document_id, page=decision.page, bbox=decision.bbox, rule=RULE_RECOMMENDATION,
                family=FAMILY, committee_id=committee_id, committee=" ".join(body.split()),
                meeting_id=decision.meeting_id, decision_id=decision.id, made_on=date, title=decision.title,
                number=number, addressed_to=to, text=text, response=NO_RESPONSE)
            made.append(Made(record, scope, key, informative(decision.title, pack), informative(text, pack)))
    for report, rec, body in review_recommendations(records, pack):
        scope = scopes.of(rec)
        key = fold(body)
        number = _POINT_NUMBER.match(rec.text)
        text = re.sub(r"(?:[;,]|\s+and|\s+or)\s*$", "", _POINT_NUMBER.sub("", " ".join(rec.text.split())))
        frame = next((m for p in pack.frames_re if (m := p.search(text))), None)
        record = ScrutinyRecommendationRecord(
            document_id=rec.document_id, page=rec.page, bbox=rec.bbox, rule=RULE_RECOMMENDATION, family=FAMILY,
            committee_id=hashlib.sha1(f"{scope}|{key}".encode()).hexdigest()[:16], committee=" ".join(body.split()),
            meeting_id=report.meeting_id, report_id=report.id, made_on=report.meeting_date, title=report.title,
            number=number.group(1) if number else None, addressed_to=" ".join(frame.group("to").split()) if frame else None,
            text=text, response=NO_RESPONSE)
        made.append(Made(record, scope, key, informative(report.title, pack), informative(text, pack)))
    if not made:
        return []
    # blocked by council and committee: a page is compared only with the recommendations of the
    # committees it names (a few per council), never with every recommendation
    by_scope: dict[str, dict[str, list[Made]]] = defaultdict(lambda: defaultdict(list))
    for m in made:
        by_scope[m.scope][m.key].append(m)
    answers: dict[int, Answer] = {}
    for page in (r for r in records if r.table == "pages"):
        committees = by_scope.get(scopes.of(page))
        if not committees:
            continue
        low = fold(page.text)
        named = [m for key, members in committees.items() if key and key in low for m in members]
        document = documents.get(page.document_id)
        date = getattr(document, "meeting_date", None)
        # an answer comes after the recommendation, from another document (not the minutes that made it)
        later = [m for m in named if m.record.document_id != page.document_id
                 and (not date or not m.record.made_on or m.record.made_on <= date)]
        if later:
            _page_answers(page, date, later, pack, answers)
    out: list[Record] = []
    for m in made:
        answer = answers.get(id(m))
        if answer is not None:
            m.record.response = answer.kind
            m.record.response_text = answer.text
            m.record.response_by = answer.how
            m.record.response_document_id = answer.document_id
            m.record.response_page = answer.page
            m.record.response_date = answer.date
            m.record.rule = RULE_ANSWER.format(how=answer.how)
        m.record.id = m.record.make_id()
        out.append(m.record)
    out.extend(_committees(made))
    return out


def _committees(made: list[Made]) -> list[Record]:
    groups: dict[tuple[str, str], list[Made]] = defaultdict(list)
    for m in made:
        groups[(m.scope, m.key)].append(m)
    out: list[Record] = []
    for (scope, key), members in groups.items():
        first = min(members, key=lambda m: (m.record.made_on or "", m.record.document_id, m.record.page or 0))
        counts = {k: sum(1 for m in members if m.record.response == k) for k in (*KINDS, NO_RESPONSE)}
        dates = sorted(m.record.made_on for m in members if m.record.made_on)
        record = ScrutinyCommitteeRecord(
            document_id=first.record.document_id, page=first.record.page, rule=RULE_COMMITTEE, family=FAMILY,
            name=first.record.committee, name_key=key, scope=scope, recommendations=len(members),
            answered=sum(counts[k] for k in KINDS), no_response_found=counts[NO_RESPONSE],
            first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
            **{k: counts[k] for k in KINDS})
        record.id = first.record.committee_id
        out.append(record)
    return out
