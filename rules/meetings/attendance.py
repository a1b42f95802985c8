"""Attendance as rows: who was present at a meeting, who sent apologies, who was absent, who
attended — and the ``people.members`` linker that matches the people of attendance lists and
recorded votes across one council's documents.

The family ``attendance.lists.v1`` reads each page of minutes for the lists the pack
(``rules/packs/attendance.yaml``) describes: a label over names ("Present:", "APOLOGIES:",
"2) Present:", "Also Present:"), or a sentence that gives them ("Apologies for absence were
received from Councillors ..."). Names are split by ``rules/meetings/names.py``; each becomes a
row of ``attendance`` with its status, the role printed with it and the meeting the minutes
record.

People are matched by ``people.members`` once every document is read, within one council only
(``rules/councils/scope.py``): a full name is its own person; initials are the one person of
the council whose forenames they fit, else a person by those initials; a surname alone is the
one person of that surname its own document names more fully, else no one — never a person
of another document on the surname alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import Field

from kernel.text import clean
from rules.councils.scope import Scopes
from rules.meetings.names import (
    FULL,
    INITIALS,
    ROLE,
    SURNAME,
    Entry,
    fits,
    members_pack,
    name_from_key,
    parse_name,
    split_names,
)
from rules.meetings.records import MeetingRecord, PersonRecord
from rules.reading import Reading
from rules.records import Record
from rules.registry import RuleSetPack, family, linker

RULE = "attendance.entry.v1"
RULE_PERSON = "people.member.v1"
FK = tuple[tuple[str, str, str], ...]


class AttendanceRecord(Record):
    table: ClassVar[str] = "attendance"
    description: ClassVar[str] = (
        "Who was present at a meeting, who sent apologies, who was absent and who attended, one row per name as "
        "the minutes list it, with the person it is matched to (people.id) where the name says enough."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "meeting_id", "status", "printed")
    fts: ClassVar[tuple[str, ...]] = ("name", "role")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("meeting_id", "meetings", "id"),
                                  ("person_id", "people", "id"))

    meeting_id: str | None = Field(None, description="The meeting (meetings.id)")
    status: str = Field(description="present, apologies, absent, in_attendance (officers, other councillors, the public's speakers) or substitute")
    name: str = Field(description="The name without titles or role (or the role, where only a role is printed: the Town Clerk)")
    printed: str = Field(description="The entry as printed, titles and role included")
    name_key: str | None = Field(None, description="Folded name used to match people: forenames or initials and surname; empty for a role")
    name_form: str = Field(description="How much the name says: full (forename and surname), initials, surname (alone: never matched across documents) or role")
    role: str | None = Field(None, description="The role printed with the name, e.g. Chair, Mayor, Church rep; for a substitute, whom they stood in for")
    councillor: bool = Field(description="Whether a councillor's title is printed with the name (Cllr, Councillor, Bailie, Provost, ...)")
    person_id: str | None = Field(None, description="The person (people.id), where the name is matched: full names and initials within one council; a surname alone only to the person its own document names more fully")


class AttendancePack(RuleSetPack):
    sections: list[dict[str, str]] = Field(default_factory=list)
    frames: list[dict[str, str]] = Field(default_factory=list)
    list_ends: list[str] = Field(default_factory=list)
    max_list_chars: int = 1500
    not_lists: list[str] = Field(default_factory=list)


def _sentence_end(text: str, start: int = 0) -> int:
    """Where the sentence that runs from ``start`` ends: a full stop that is not an initial's
    ("H. Cunningham") nor inside a bracket, a blank line, or the text's end."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "\n" and text[i + 1:i + 2] == "\n":
            return i
        elif ch == "." and depth == 0 and (i + 1 == len(text) or text[i + 1].isspace()) \
                and not _abbreviation(text[max(0, i - 30):i]):
            return i
    return len(text)


def _abbreviation(before: str) -> bool:
    """Whether a full stop after these words is an initial's or a title's ("H.", "Cllrs.", "Mr.")."""
    word = before.split()[-1] if before.split() else ""
    word = word.lstrip("(")
    if re.fullmatch(r"[A-Z]", word):
        return True
    pack = members_pack()
    return word.lower() in {t.lower() for t in [*pack.titles, *pack.plural_titles]} or word.lower() in ("st", "no")


def lists_on_page(text: str, pack: AttendancePack) -> list[tuple[str, str, int]]:
    """(status, the list as printed, where it starts) for every list of names on a page."""
    labels: list[tuple[int, int, str]] = []
    for spec in pack.sections:
        for m in re.finditer(spec["pattern"], text):
            labels.append((m.start(), m.end(), spec["status"]))
    labels.sort()
    # a label inside another's match (the same words matched twice) counts once
    kept: list[tuple[int, int, str]] = []
    for label in labels:
        if kept and label[0] < kept[-1][1]:
            continue
        kept.append(label)
    ends = [re.compile(p) for p in pack.list_ends]
    out: list[tuple[str, str, int]] = []
    taken: list[tuple[int, int]] = []
    for i, (_, end, status) in enumerate(kept):
        stop = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        body = text[end:stop]
        cut = min([m.start() for rx in ends for m in [rx.search(body)] if m and m.start() > 0] + [len(body)])
        body = body[:cut]
        sentence = _sentence_end(body)
        body = body[:sentence]
        if not clean(body) or len(body) > pack.max_list_chars or any(re.search(p, body) for p in pack.not_lists):
            continue
        out.append((status, body, end))
        taken.append((end, end + len(body)))
    for spec in pack.frames:
        for m in re.finditer(spec["pattern"], text):
            start = m.start("names")
            if any(a <= start < b for a, b in taken):
                continue
            names = text[start:]
            if spec["status"] == "in_attendance" or spec["status"] == "absent":
                names = m.group("names")
                # the sentence's subject: back to the last sentence end, list end or list before it
                bounds = [x.end() for x in re.finditer(r"(?<![\s(][A-Z])[.:;]\s+|\n\s*\n", names)]
                bounds += [x.end() for rx in ends for x in rx.finditer(names)]
                bounds += [b - start for a, b in taken if start <= b <= m.end("names")]
                names = names[max(bounds, default=0):]
                start += max(bounds, default=0)
            else:
                names = names[:_sentence_end(names)]
            if clean(names) and len(names) <= pack.max_list_chars:
                out.append((spec["status"], names, start))
                taken.append((start, start + len(names)))
    return sorted(out, key=lambda x: x[2])


def _meeting_of(reading: Reading, page: int) -> MeetingRecord | None:
    """The meeting whose minutes the page is part of: the latest meeting read on or before it
    (the minutes' own heading), else the document's first."""
    meetings = sorted((m for m in reading.records_of(MeetingRecord)), key=lambda m: (m.page or 0))
    before = [m for m in meetings if (m.page or 0) <= page and m.kind in ("minutes", "decisions")]
    if before:
        return before[-1]
    return meetings[0] if meetings else None


@family("attendance.lists.v1", params=AttendancePack)
def read_attendance(reading: Reading, pack: AttendancePack) -> list[Record]:
    """Every name of the lists of who was present, sent apologies, was absent or attended."""
    out: dict[str, AttendanceRecord] = {}
    for page in reading.pages:
        text = page.text
        if not text:
            continue
        meeting = _meeting_of(reading, page.number)
        for status, names, _ in lists_on_page(text, pack):
            for entry in split_names(names):
                row = _row(reading, page.number, meeting, status, entry)
                out.setdefault(row.id, row)
    return list(out.values())


def _row(reading: Reading, page: int, meeting: MeetingRecord | None, status: str, entry: Entry) -> AttendanceRecord:
    role = entry.role
    if entry.substitute_for:
        status, role = "substitute", f"substitute for {entry.substitute_for}"
    return AttendanceRecord(document_id=reading.id, page=page, rule=RULE, meeting_id=meeting.id if meeting else None,
                            status=status, name=entry.name, printed=clean(entry.printed), name_key=entry.key,
                            name_form=entry.kind, role=role, councillor=entry.councillor)


# ---- people across documents ------------------------------------------------------------------

@linker("people.members", after=("councils",))
def match_members(records: list[Record]) -> Iterable[Record]:
    """The person of every attendance row and vote cast, within its council; new people for
    names the council's records did not hold yet."""
    scopes = Scopes(r for r in records if r.table == "documents")
    mentions = [r for r in records if r.table in ("attendance", "vote_casts") and getattr(r, "name_key", None)]
    if not mentions:
        return []
    known: dict[str, dict[str, PersonRecord]] = defaultdict(dict)  # scope → name_key → person
    for p in records:
        if isinstance(p, PersonRecord):
            known[scopes.of(p)].setdefault(p.name_key, p)
    made: dict[str, PersonRecord] = {}
    out: list[Record] = []
    by_scope: dict[str, list[Any]] = defaultdict(list)
    for m in mentions:
        by_scope[scopes.of(m)].append(m)
    for scope, group in by_scope.items():
        people = known[scope]
        full = {key: name_from_key(key) for key in people}
        # full names first: they are the people initials and surnames are matched to
        order = {FULL: 0, INITIALS: 1, SURNAME: 2, ROLE: 3}
        assigned: dict[tuple[str, str], str] = {}  # (document, name key printed) → the person's key
        for m in sorted(group, key=lambda r: order.get(r.name_form, 3)):
            entry = parse_name(m.printed)
            person = _person_for(m, entry, scope, people, full, assigned)
            if person is None:
                continue
            assigned[(m.document_id, m.name_key)] = person.name_key
            if person.name_key not in people:
                people[person.name_key] = person
                full[person.name_key] = entry
                made[person.id] = person
            elif m.councillor and not people[person.name_key].councillor:
                people[person.name_key] = people[person.name_key].model_copy(update={"councillor": True})
                made[person.id] = people[person.name_key]
            out.append(m.model_copy(update={"person_id": people[person.name_key].id}))
    return [*made.values(), *out]


def _person_for(m: Any, entry: Entry, scope: str, people: dict[str, PersonRecord], full: dict[str, Entry],
                assigned: dict[tuple[str, str], str]) -> PersonRecord | None:
    if entry.kind == FULL:
        return people.get(entry.key or "") or _new_person(m, entry, scope)
    if entry.kind == INITIALS:
        fitting = [k for k, e in full.items() if e.kind == FULL and fits(entry, e)]
        if len(fitting) == 1:
            return people[fitting[0]]
        if len(fitting) > 1:
            return people.get(entry.key or "") or _new_person(m, entry, scope)  # two people it may be: its own
        return people.get(entry.key or "") or _new_person(m, entry, scope)
    if entry.kind == SURNAME:
        # only a fuller name of the same surname printed in the same document, and only one
        same_document = {person for (document, key), person in assigned.items()
                         if document == m.document_id and key.split()[-1:] == [(entry.surname or "").lower()]
                         and len(key.split()) > 1}
        if len(same_document) == 1:
            return people.get(next(iter(same_document)))
    return None


def _new_person(m: Any, entry: Entry, scope: str) -> PersonRecord:
    return PersonRecord(document_id=m.document_id, page=m.page, rule=RULE_PERSON, name=entry.name, name_key=entry.key or "",
                        council_scope=scope, councillor=bool(m.councillor))


__all__ = ["AttendanceRecord", "lists_on_page", "match_members", "read_attendance"]
