"""Decision checks: each resolution read from a PDF, cross-checked against the minutes text the
council's ModernGov web service returns for the same meeting.

``plans fetch`` keeps that text beside the PDFs (``<date>-<committee>.minutes.json``) and names
it in the manifest; the corpus loader reads it into the document's manifest metadata
(``moderngov["minutes"]``). Two registered steps use it:

* the family ``checks.service_minutes.v1`` (filled by the ``decision_checks`` pack) turns it into :class:`ServiceMinutes` — working
  records that carry it to the linker and are never published (they have no table);
* the ``decision_checks`` linker matches every decision to the service's minute of its meeting
  (same committee and date; then the same minute number, or a similar title) and writes a
  :class:`DecisionCheckRecord`: ``agree`` when the two resolutions say the same words,
  ``differ`` when they do not, ``missing`` when the service's minutes of that meeting have no
  resolution for it. Decisions of meetings the service gave no minutes for get no row.

What counts as a resolution in the service's text, and how alike two must be, is the
``decision_checks`` rule pack (``rules/packs/decision_checks.yaml``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any, ClassVar

from pydantic import Field, field_validator

from rules.councils.scope import Scopes
from rules.meetings.records import DecisionRecord, MeetingRecord
from rules.packs import load_pack
from rules.reading import Reading
from rules.records import Record
from rules.registry import RuleSetPack, family, linker

RULE = "decision_checks.moderngov_minutes.v1"


class DecisionChecksPack(RuleSetPack):
    agree_at: float = Field(0.95, ge=0, le=1)
    figures_must_match: bool = True
    title_match_at: float = Field(0.8, ge=0, le=1)
    number_title_floor: float = Field(0.5, ge=0, le=1)
    resolved_markers: list[re.Pattern[str]] = Field(default_factory=list)
    end_markers: list[re.Pattern[str]] = Field(default_factory=list)
    enumerator: re.Pattern[str]

    @field_validator("resolved_markers", "end_markers", mode="before")
    @classmethod
    def _compile_all(cls, v: list[str]) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in v]


@functools.cache
def checks_pack() -> DecisionChecksPack:
    return load_pack("decision_checks", DecisionChecksPack)


class ServiceMinutes(Record):
    """The minutes of one meeting as the ModernGov web service returned them: a working record
    from the manifest to the linker (no table, so the publisher writes none)."""

    key_fields: ClassVar[tuple[str, ...]] = ("meeting_id",)

    committee: str
    meeting_date: str
    meeting_id: int
    meeting_url: str | None = None
    items: list[dict[str, Any]] = Field(default_factory=list)


class DecisionCheckRecord(Record):
    table: ClassVar[str] = "decision_checks"
    description: ClassVar[str] = (
        "Each resolution read from a PDF, checked against the minutes text the council's ModernGov web "
        "service returned for the same meeting (fetched with plans fetch): agree, differ or missing."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("decision_id",)
    fts: ClassVar[tuple[str, ...]] = ("service_text",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("document_id", "documents", "id"), ("decision_id", "decisions", "id"))

    decision_id: str = Field(description="The resolution checked (decisions.id); document and page are where the PDF prints it")
    status: str = Field(description="agree (the service's resolution has the same words, give or take list numbering and typography, and the same figures), differ (it says something else) or missing (the service's minutes of the meeting have no resolution for it)")
    similarity: float | None = Field(None, description="How alike the two resolutions' words are, 0 to 1 (difflib ratio, list numbering ignored); null when missing")
    pdf_text: str = Field(description="The resolution as read from the PDF")
    service_text: str | None = Field(None, description="The resolution in the service's minutes text (the whole minute when it marks none)")
    service_part: str | None = Field(None, description="What service_text is: resolution (found by a resolved marker) or minute (no marker, the whole text)")
    matched_by: str | None = Field(None, description="How the service's minute was matched to the decision: minute_number or title; null when none was")
    minutes_number: str | None = Field(None, description="The service's minute number of the matched item")
    moderngov_meeting_id: int = Field(description="ModernGov meeting id of the decision's meeting")
    moderngov_item_id: int | None = Field(None, description="ModernGov agenda item id of the matched minute")
    service_url: str | None = Field(None, description="The meeting's page on the council's site, where the service's text is published")


# --- the document rule set: manifest metadata → working records ----------------------------

@family("checks.service_minutes.v1", params=DecisionChecksPack)
def service_minutes(document: Reading, pack: DecisionChecksPack) -> Iterable[Record]:
    """The minutes text a ModernGov web service returned for a fetched document's meeting
    (kept by ``plans fetch`` beside the PDF, named in its manifest entry)."""
    block = (document.manifest or {}).get("moderngov") or {}
    minutes = block.get("minutes")
    if not isinstance(minutes, dict) or not minutes.get("meeting_id") or not minutes.get("meeting_date"):
        return []
    return [ServiceMinutes(
        document_id=document.id, page=None, rule=RULE, committee=minutes.get("committee") or "",
        meeting_date=minutes["meeting_date"], meeting_id=int(minutes["meeting_id"]),
        meeting_url=minutes.get("meeting_url"), items=[i for i in minutes.get("items", []) if isinstance(i, dict)],
    )]


# --- comparing texts ------------------------------------------------------------------------

def words(text: str | None, pack: DecisionChecksPack | None = None) -> list[str]:
    """Lower-case words of ``text`` with list numbering dropped and quotes, dashes and
    ligatures unified."""
    pack = pack or checks_pack()
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = pack.enumerator.sub(" ", text)
    return re.findall(r"[a-z0-9£$%]+(?:['.,][a-z0-9]+)*", text.lower())


def similarity(a: str | None, b: str | None, pack: DecisionChecksPack | None = None) -> float:
    wa, wb = words(a, pack), words(b, pack)
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def figures(text: str | None, pack: DecisionChecksPack | None = None) -> list[str]:
    """The amounts, dates and counts ``text`` prints (words with a digit), in order."""
    return sorted(w.strip(".,") for w in words(text, pack) if any(c.isdigit() for c in w))


def agrees(pdf_text: str, service_text: str, pack: DecisionChecksPack | None = None) -> tuple[bool, float]:
    """Whether two resolutions say the same, and how alike their words are."""
    pack = pack or checks_pack()
    score = similarity(pdf_text, service_text, pack)
    same_figures = not pack.figures_must_match or figures(pdf_text, pack) == figures(service_text, pack)
    return score >= pack.agree_at and same_figures, score


def service_resolutions(text: str, pack: DecisionChecksPack | None = None) -> list[str]:
    """The resolutions in one minute's text (lines), each from a resolved marker to an end
    marker, the next resolved marker or the end."""
    pack = pack or checks_pack()
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        marker = next((m for p in pack.resolved_markers if (m := p.match(line))), None)
        if marker:
            current = [line[marker.end():].strip()]
            found.append(current)
        elif any(p.match(line) for p in pack.end_markers):
            current = None
        elif current is not None:
            current.append(line)
    return [" ".join(w for w in block if w) for block in found if any(block)]


def _number(text: Any) -> str:
    return str(text or "").strip().rstrip(".").lstrip("0")


def _key(text: str | None) -> str:
    text = (text or "").lower().replace("’", "'").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def match_item(decision: DecisionRecord, items: list[dict[str, Any]],
               pack: DecisionChecksPack) -> tuple[dict[str, Any] | None, str | None]:
    """The service's minute for ``decision``: same minute number (with a title not wholly
    different), else the most similar title above the pack's threshold."""
    title = _key(decision.title)
    number = _number(decision.minute_number)

    def title_score(item: dict[str, Any]) -> float:
        return SequenceMatcher(None, title, _key(item.get("title"))).ratio() if title else 0.0

    if number:
        for item in items:
            if _number(item.get("minutes_number") or item.get("number")) == number and (
                    not title or title_score(item) >= pack.number_title_floor):
                return item, "minute_number"
    scored = sorted(((title_score(i), n) for n, i in enumerate(items)), reverse=True)
    if scored and scored[0][0] >= pack.title_match_at:
        return items[scored[0][1]], "title"
    return None, None


def check(decision: DecisionRecord, minutes: ServiceMinutes, pack: DecisionChecksPack | None = None) -> DecisionCheckRecord:
    """One decision against the service's minutes of its meeting."""
    pack = pack or checks_pack()
    item, matched_by = match_item(decision, minutes.items, pack)
    row: dict[str, Any] = dict(
        document_id=decision.document_id, page=decision.page, bbox=decision.bbox, rule=RULE, decision_id=decision.id,
        pdf_text=decision.resolved, moderngov_meeting_id=minutes.meeting_id, service_url=minutes.meeting_url,
        matched_by=matched_by,
    )
    text = (item or {}).get("minutes_text") or ""
    if item is None or not text.strip():
        return DecisionCheckRecord(**row, status="missing",
                                   minutes_number=(item or {}).get("minutes_number"),
                                   moderngov_item_id=(item or {}).get("item_id"))
    resolutions = service_resolutions(text, pack)
    candidates = resolutions + ([" ".join(resolutions)] if len(resolutions) > 1 else [])
    part = "resolution" if candidates else "minute"
    candidates = candidates or [" ".join(text.split())]
    (agree, best_score), best = max((agrees(decision.resolved, c, pack), c) for c in candidates)
    return DecisionCheckRecord(
        **row, status="agree" if agree else "differ", similarity=round(best_score, 3),
        service_text=best, service_part=part, minutes_number=item.get("minutes_number"),
        moderngov_item_id=item.get("item_id"),
    )


# --- the linker -----------------------------------------------------------------------------

def _meeting_for(body: str | None, date: str, by_date: dict[str, list[ServiceMinutes]]) -> ServiceMinutes | None:
    """The service's minutes of the meeting a decision was taken at: the same date and
    committee (or one whose name contains the other's), or the only meeting that day."""
    candidates = by_date.get(date, [])
    key = _key(body)
    for test in (lambda c: _key(c) == key, lambda c: bool(key) and (key in _key(c) or _key(c) in key)):
        found = [m for m in candidates if test(m.committee)]
        if len(found) == 1:
            return found[0]
    return candidates[0] if len(candidates) == 1 else None


@linker("decision_checks")
def decision_checks(records: list[Record]) -> list[Record]:
    minutes = [r for r in records if isinstance(r, ServiceMinutes)]
    if not minutes:
        return []
    pack = checks_pack()
    scopes = Scopes(r for r in records if r.table == "documents")
    # Per council: another council's Cabinet meeting that day is not this one's.
    by_date: dict[str, dict[str, list[ServiceMinutes]]] = defaultdict(dict)
    for m in {(scopes.of(m), m.meeting_id): m for m in minutes}.values():
        by_date[scopes.of(m)].setdefault(m.meeting_date, []).append(m)
    meetings = {r.id: r for r in records if isinstance(r, MeetingRecord)}
    out: list[Record] = []
    for decision in (r for r in records if isinstance(r, DecisionRecord)):
        meeting = meetings.get(decision.meeting_id or "")
        if meeting is None or not meeting.date:
            continue
        service = _meeting_for(meeting.body, meeting.date, by_date[scopes.of(decision)])
        if service is not None:
            out.append(check(decision, service, pack))
    return out
