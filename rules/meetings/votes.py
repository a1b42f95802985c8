"""Recorded votes as rows: the counts for, against and abstaining, and who voted which way.

The family ``votes.recorded.v1`` reads each page of minutes for the forms the pack lists
(``rules/packs/votes.yaml``): a run of counts ("For: 8 Against: 1 Abstained: 2"), a sentence
of counts ("eleven Members voted for the proposal and three against", "by 24 votes to 10"),
names by position ("There voted for ...: Councillors A, B ... 24", "For (3): Cllrs A, B and
C") and a division between a motion and an amendment. A vote is a row of ``votes`` — with the
counts as printed, or counted from the names where none is printed, its outcome and the
resolution read nearest it on the page — and each name a row of ``vote_casts``, whose person
the ``people.members`` linker finds (``rules/meetings/attendance.py``).

Minutes that print votes in columns the PDF's text runs together ("For Against Abstained
Keith Davies Huw Gilasbey ...") say who voted but not which way: no names are read from them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import Field

from kernel.text import clean
from rules.meetings.attendance import _meeting_of
from rules.meetings.names import split_names
from rules.meetings.records import DecisionRecord
from rules.reading import Reading
from rules.records import Record
from rules.registry import RuleSetPack, family

RULE_VOTE = "votes.vote.v1"
RULE_CAST = "votes.cast.v1"
FK = tuple[tuple[str, str, str], ...]
POSITIONS = ("for", "against", "abstain", "absent")


class VoteRecord(Record):
    table: ClassVar[str] = "votes"
    description: ClassVar[str] = (
        "Recorded votes: the counts for, against, abstaining and absent as the minutes print them (or counted from "
        "the names listed), what was voted on, the outcome and the resolution it belongs to; who voted which way is "
        "in vote_casts."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page", "text")
    fts: ClassVar[tuple[str, ...]] = ("text",)
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("meeting_id", "meetings", "id"),
                                  ("decision_id", "decisions", "id"))

    meeting_id: str | None = Field(None, description="The meeting (meetings.id)")
    decision_id: str | None = Field(None, description="The resolution the vote belongs to: the one read nearest it on its page (decisions.id)")
    motion: str | None = Field(None, description="What was voted on, where printed: the motion, the amendment, the proposal ...")
    for_count: int | None = Field(None, description="Votes for (for the motion, in a division between a motion and an amendment)")
    against_count: int | None = Field(None, description="Votes against (for the amendment, in such a division)")
    abstain_count: int | None = Field(None, description="Abstentions, where printed")
    absent_count: int | None = Field(None, description="Members absent or not voting, where printed")
    counted_from: str = Field(description="printed (the counts are printed) or names (counted from the names listed)")
    named: bool = Field(description="Whether the minutes name who voted which way (then each name is a row of vote_casts)")
    counts_agree: bool | None = Field(None, description="Where both counts and names are printed: whether the names listed number as the counts say")
    outcome: str | None = Field(None, description="The outcome printed with the vote: carried, lost, ...")
    tallies: str | None = Field(None, description="Each position's count and names as printed (JSON: position, option, count, names)")
    text: str = Field(description="The vote as printed")


class VoteCastRecord(Record):
    table: ClassVar[str] = "vote_casts"
    description: ClassVar[str] = "How each member named in a recorded vote voted, with the person it is matched to."
    key_fields: ClassVar[tuple[str, ...]] = ("vote_id", "position", "option", "place")
    fts: ClassVar[tuple[str, ...]] = ("name",)
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("vote_id", "votes", "id"),
                                  ("person_id", "people", "id"))

    vote_id: str = Field(description="The vote (votes.id)")
    place: int = Field(description="Order of the name in its printed list, from 1 (a list may name two Councillors Scott)")
    position: str = Field(description="for, against, abstain or absent")
    option: str | None = Field(None, description="In a division between a motion and an amendment: which one (motion, amendment)")
    name: str = Field(description="The name without titles (or the role, where only a role is printed: the Convener)")
    printed: str = Field(description="The name as printed")
    name_key: str | None = Field(None, description="Folded name used to match people; empty for a role")
    name_form: str = Field(description="full, initials, surname (never matched across documents) or role")
    councillor: bool = Field(description="Whether a councillor's title is printed with the name")
    person_id: str | None = Field(None, description="The person (people.id), where matched (rules/meetings/attendance.py)")


class VotesPack(RuleSetPack):
    number_words: dict[str, int] = Field(default_factory=dict)
    count_labels: list[dict[str, str]] = Field(default_factory=list)
    count_joiner: str = r"\s*[:=–-]?\s*\(?"
    count_gap: str = r"\)?[\s,;.]{0,6}"
    count_sentences: list[str] = Field(default_factory=list)
    name_markers: list[str] = Field(default_factory=list)
    absent_names: str = ""
    positions: dict[str, str] = Field(default_factory=dict)
    outcomes: list[str] = Field(default_factory=list)
    outcome_window: int = 250
    vote_gap: int = 400

    def number(self) -> str:
        words = "|".join(sorted(self.number_words, key=len, reverse=True))
        return rf"(?:\d{{1,3}}|{words})"

    def value(self, text: str | None) -> int | None:
        if text is None:
            return None
        text = text.strip().lower()
        return int(text) if text.isdigit() else self.number_words.get(text)


@dataclass
class Tally:
    position: str
    option: str | None
    count: int | None
    names: list[Any] = field(default_factory=list)  # names.Entry


@dataclass
class Vote:
    start: int
    end: int
    tallies: list[Tally]
    motion: str | None = None
    printed_counts: bool = True


def _counts_runs(text: str, pack: VotesPack) -> list[Vote]:
    """Runs of label-number pairs: "For: 8 Against: 1 Abstained: 2"."""
    labels = "|".join(f"(?P<{spec['position']}>{spec['pattern']})" for spec in pack.count_labels)
    pair = re.compile(rf"\b(?:{labels}){pack.count_joiner}(?P<n>\d{{1,3}})\b")
    hits = [(m.start(), m.end(), next(p for p in POSITIONS if m.groupdict().get(p)), int(m.group("n")))
            for m in pair.finditer(text)]
    out: list[Vote] = []
    group: list[tuple[int, int, str, int]] = []
    gap = re.compile(rf"^{pack.count_gap}$")
    for hit in hits:
        if group and (gap.match(text[group[-1][1]:hit[0]]) and hit[2] not in {g[2] for g in group}):
            group.append(hit)
            continue
        if len(group) >= 2 and any(g[2] == "for" for g in group):
            out.append(Vote(group[0][0], group[-1][1], [Tally(p, None, n) for _, _, p, n in group]))
        group = [hit]
    if len(group) >= 2 and any(g[2] == "for" for g in group):
        out.append(Vote(group[0][0], group[-1][1], [Tally(p, None, n) for _, _, p, n in group]))
    return out


def _count_sentences(text: str, pack: VotesPack) -> list[Vote]:
    out = []
    for pattern in pack.count_sentences:
        for m in re.finditer(pattern.replace("{n}", pack.number()), text):
            g = m.groupdict()
            tallies = [Tally("for", None, pack.value(g.get("for"))), Tally("against", None, pack.value(g.get("against")))]
            abstain = g.get("abstain") or g.get("abstain2")
            if abstain:
                tallies.append(Tally("abstain", None, pack.value(abstain)))
            motion = clean(g.get("motion")) or None
            out.append(Vote(m.start(), m.end(), tallies, motion=motion))
    return out


def _named(text: str, pack: VotesPack) -> list[Vote]:
    """Names by position, each list from its marker to the next marker or the sentence's end."""
    markers = sorted(((m.start(), m.end(), m) for p in pack.name_markers for m in re.finditer(p, text)),
                     key=lambda x: x[0])
    kept: list[tuple[int, int, re.Match[str]]] = []
    for marker in markers:
        if kept and marker[0] < kept[-1][1]:
            continue
        kept.append(marker)
    segments: list[tuple[int, int, Tally]] = []
    for i, (_, end, m) in enumerate(kept):
        stop = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        body = text[end:stop]
        body = body[:_list_end(body)]
        absent = re.search(pack.absent_names, body) if pack.absent_names else None
        if absent:
            body = body[:absent.start()]
        body = re.sub(r"\.{3,}|…+", " ", body)
        count = m.groupdict().get("count")
        tail = re.search(r"\(?\b(?P<n>\d{1,3})\)?\s*[.;,]?\s*$", body)
        if tail:
            count = count or tail.group("n")
            body = body[:tail.start()]
        names = [e for e in split_names(body) if e.name.lower() not in ("none", "nil")]
        position = pack.positions.get(m.group("position").lower(), m.group("position").lower())
        option = clean(m.groupdict().get("option") or "") or None
        segments.append((m.start(), end + len(body), Tally(position, option, int(count) if count else None, names)))
        if absent:
            a_names = split_names(absent.group("names"))
            segments.append((end + absent.start(), end + absent.end(), Tally("absent", None, None, a_names)))
    out: list[Vote] = []
    for start, end, tally in segments:
        if out and start - out[-1].end <= pack.vote_gap and not any(
                t.position == tally.position and t.option == tally.option for t in out[-1].tallies):
            out[-1].tallies.append(tally)
            out[-1].end = end
        else:
            out.append(Vote(start, end, [tally]))
    return [v for v in out if len(v.tallies) >= 2 or any(len(t.names) >= 2 for t in v.tallies)]


def _list_end(body: str) -> int:
    """A list of names ends at the sentence's end (a full stop after a word, not an initial's
    or a title's) or a blank line; dot leaders are no full stop."""
    for m in re.finditer(r"(?<!\.)\.(?!\.)(?=\s|$)|\n\s*\n", body):
        before = body[max(0, m.start() - 12):m.start()].split()
        word = before[-1] if before else ""
        if m.group(0) == "." and (re.fullmatch(r"[A-Z]", word) or word.lower() in ("cllr", "cllrs", "mr", "mrs", "dr", "st")):
            continue
        return m.start()
    return len(body)


def votes_on_page(text: str, pack: VotesPack) -> list[Vote]:
    """Every vote printed on a page, each once (a named vote's counts are its own)."""
    named = _named(text, pack)
    found = [*named]
    for vote in [*_counts_runs(text, pack), *_count_sentences(text, pack)]:
        if any(v.start <= vote.start < v.end + 20 or vote.start <= v.start < vote.end for v in found):
            continue
        found.append(vote)
    for vote in found:
        after = text[vote.start:vote.end + pack.outcome_window]
        for pattern in pack.outcomes:
            m = re.search(pattern, after)
            if m:
                vote.motion = vote.motion or None
                vote.outcome = clean(m.group("outcome")).lower()  # type: ignore[attr-defined]
                break
        else:
            vote.outcome = None  # type: ignore[attr-defined]
    return sorted(found, key=lambda v: v.start)


def _decision_near(reading: Reading, page: int, text: str, at: int) -> DecisionRecord | None:
    """The resolution read nearest the vote on its page: the first after it, else the last before."""
    squashed = " ".join(text.split())
    near: list[tuple[int, DecisionRecord]] = []
    for d in reading.records_of(DecisionRecord):
        if not (d.page or 0) <= page <= (d.page_end or d.page or 0):
            continue
        head = " ".join((d.resolved or "").split())[:50]
        pos = squashed.find(head) if head else -1
        near.append((pos, d))
    if not near:
        return None
    where = len(" ".join(text[:at].split()))
    after = [(p, d) for p, d in near if p >= where]
    if after:
        return min(after, key=lambda x: x[0])[1]
    before = [(p, d) for p, d in near if 0 <= p < where]
    return max(before, key=lambda x: x[0])[1] if before else near[0][1]


@family("votes.recorded.v1", params=VotesPack)
def read_votes(reading: Reading, pack: VotesPack) -> list[Record]:
    """Every recorded vote, its counts and who voted which way."""
    out: list[Record] = []
    for page in reading.pages:
        text = page.text
        if not text:
            continue
        for vote in votes_on_page(text, pack):
            decision = _decision_near(reading, page.number, text, vote.start)
            meeting = _meeting_of(reading, page.number)
            out += _records(reading, page.number, text, vote, decision, meeting)
    return out


def _records(reading: Reading, page: int, text: str, vote: Vote, decision: DecisionRecord | None,
             meeting: Any) -> list[Record]:
    counts: dict[str, int | None] = {}
    printed = True
    for t in vote.tallies:
        # a division between a motion and an amendment counts for the one as for, the other as against
        position = {"motion": "for", "amendment": "against"}.get(t.option or "", t.position) if t.option else t.position
        value = t.count if t.count is not None else (len(t.names) if t.names else None)
        if t.count is None and t.names:
            printed = False
        counts[position] = (counts.get(position) or 0) + value if value is not None else counts.get(position)
    named = any(t.names for t in vote.tallies)
    agree = None
    if named and any(t.count is not None for t in vote.tallies):
        agree = all(t.count is None or t.count == len(t.names) for t in vote.tallies if t.names or t.count)
    options = [t.option for t in vote.tallies if t.option]
    record = VoteRecord(
        document_id=reading.id, page=page, rule=RULE_VOTE, meeting_id=(decision.meeting_id if decision else None)
        or (meeting.id if meeting else None), decision_id=decision.id if decision else None,
        motion=vote.motion or (" or ".join(dict.fromkeys(f"the {o}" for o in options)) if options else None),
        for_count=counts.get("for"), against_count=counts.get("against"), abstain_count=counts.get("abstain"),
        absent_count=counts.get("absent"), counted_from="printed" if printed else "names", named=named,
        counts_agree=agree, outcome=getattr(vote, "outcome", None),
        tallies=json.dumps([{"position": t.position, "option": t.option, "count": t.count,
                             "names": [e.name for e in t.names]} for t in vote.tallies], ensure_ascii=False),
        text=clean(text[vote.start:vote.end])[:2000])
    out: list[Record] = [record]
    for t in vote.tallies:
        for place, e in enumerate(t.names, start=1):
            out.append(VoteCastRecord(
                document_id=reading.id, page=page, rule=RULE_CAST, vote_id=record.id, place=place, position=t.position,
                option=t.option, name=e.name, printed=clean(e.printed), name_key=e.key, name_form=e.kind,
                councillor=e.councillor))
    return out


__all__ = ["VoteCastRecord", "VoteRecord", "read_votes", "votes_on_page"]
