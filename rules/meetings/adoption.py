"""Resolution against recommendation: did the meeting adopt what its officers recommended?

A linker (it needs every document's records): each resolution is set against the
recommendation printed in its own item (a decision page's "It is recommended that ..."), or
else against the recommendations of the report written for its item at its meeting — same
body and date, the report whose title is most like the resolution's, or whose agenda number
is its minute number. It is then ``as_recommended``, ``amended`` (with the words changed,
``[-removed-] {+added+}``) or ``not_in_report``. A resolution whose item had no recommendation
in the corpus is left unjudged: nothing says what was recommended.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, Field

from kernel.text import any_match, similarity
from rules.councils.scope import Scopes
from rules.meetings.records import DecisionRecord, MeetingRecord, RecommendationRecord, ReportRecord
from rules.packs import load_pack
from rules.records import Record
from rules.registry import linker

AS_RECOMMENDED, AMENDED, NOT_IN_REPORT = "as_recommended", "amended", "not_in_report"
_NUMBERING = re.compile(r"(?:^|\s)(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-z]\)|\(?[ivx]{1,5}\)|[·•])(?=\s)")


class AdoptionPack(BaseModel):
    pack: str = ""
    as_recommended_at: float = 0.9
    amended_at: float = 0.45
    title_at: float = 0.6
    adopts_all: list[str] = Field(default_factory=list)
    frame_words: list[str] = Field(default_factory=list)


@functools.cache
def adoption_pack() -> AdoptionPack:
    return load_pack("adoption", AdoptionPack)


def words(text: str, pack: AdoptionPack) -> list[str]:
    """The deciding words of a resolution or recommendation: numbering and framing left out."""
    frame = set(pack.frame_words)
    text = _NUMBERING.sub(" ", text or "")
    return [w for w in re.findall(r"[\w£%.,/-]+", text.lower().replace("’", "'")) if w.strip(".,") not in frame]


def compare(resolved: str, recommended: str, pack: AdoptionPack | None = None) -> tuple[str, str | None]:
    """(adoption, word diff) of a resolution against the recommendation it answers."""
    pack = pack or adoption_pack()
    if any_match(pack.adopts_all, resolved.strip()):
        return AS_RECOMMENDED, None
    a, b = words(recommended, pack), words(resolved, pack)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ratio = matcher.ratio()
    if ratio >= pack.as_recommended_at and a == b:
        return AS_RECOMMENDED, None
    if ratio >= pack.amended_at:
        # the changed words shown among all the words, so the change reads in context
        a, b = _tokens(recommended), _tokens(resolved)
        out = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(" ".join(a[i1:i2]))
            if op in ("delete", "replace"):
                out.append("[-" + " ".join(a[i1:i2]) + "-]")
            if op in ("insert", "replace"):
                out.append("{+" + " ".join(b[j1:j2]) + "+}")
        return (AS_RECOMMENDED, None) if ratio >= pack.as_recommended_at and len(out) == 1 else (AMENDED, " ".join(out))
    return NOT_IN_REPORT, None


def _tokens(text: str) -> list[str]:
    return _NUMBERING.sub(" ", text or "").split()


@linker("meetings.adoption")
def adoption(records: list[Record]) -> Iterable[Record]:
    """Every resolution with its recommendation and how it answers it."""
    pack = adoption_pack()
    recommendations = {r.id: r for r in records if isinstance(r, RecommendationRecord)}
    by_report: dict[str, list[RecommendationRecord]] = defaultdict(list)
    for r in recommendations.values():
        if r.report_id:
            by_report[r.report_id].append(r)
    meetings = {m.id: m for m in records if isinstance(m, MeetingRecord)}
    scopes = Scopes(r for r in records if r.table == "documents")
    reports: dict[str, list[ReportRecord]] = defaultdict(list)  # by council: another's Cabinet is not this one's
    for r in records:
        if isinstance(r, ReportRecord) and r.id in by_report:
            reports[scopes.of(r)].append(r)
    out: list[Record] = []
    for decision in (r for r in records if isinstance(r, DecisionRecord)):
        own = recommendations.get(decision.recommendation_id or "")
        candidates = [own] if own else _report_recommendations(decision, meetings, reports[scopes.of(decision)],
                                                               by_report, pack)
        if not candidates:
            continue
        text = " ".join(c.text for c in candidates)
        result, diff = compare(decision.resolved, text, pack)
        out.append(decision.model_copy(update={"recommendation_id": candidates[0].id, "adoption": result,
                                               "adoption_diff": diff}))
    return out


def _report_recommendations(decision: DecisionRecord, meetings: dict[str, MeetingRecord], reports: list[ReportRecord],
                            by_report: dict[str, list[RecommendationRecord]], pack: AdoptionPack
                            ) -> list[RecommendationRecord]:
    """The recommendations of the report for the decision's item at its meeting."""
    meeting = meetings.get(decision.meeting_id or "")
    if meeting is None or not meeting.date:
        return []
    body = (meeting.body or "").lower()
    same_meeting = [r for r in reports if r.meeting_date == meeting.date
                    and (not body or not r.meeting_body or body in r.meeting_body.lower()
                         or r.meeting_body.lower() in body)]
    scored = [(similarity(r.title, decision.title), r) for r in same_meeting if decision.title]
    best = max(scored, key=lambda s: s[0], default=(0.0, None))
    if best[1] is not None and best[0] >= pack.title_at:
        return by_report[best[1].id]
    return []
