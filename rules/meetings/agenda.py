"""Agenda front sheets → the meeting the pack is for, and its numbered agenda items.

The front sheet is the document's ``front_sheet`` part where the pack has been split, else
the pages from the start until the item numbering stops. Items are numbered lines read in
sequence (1, 2, 3, ... — a number out of sequence is body text or a minute, not an item);
a title whose page range wraps ("(Pages 35" / "- 102)") is joined to its next line. The
paragraphs after an item give "Report by ..." and presenters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.model import Line
from kernel.text import any_match, clean, iso_date, join, label_value
from rules.lines import body_lines, starts_paragraph
from rules.meetings.packs import AgendaPack
from rules.meetings.records import AgendaItemRecord, MeetingRecord
from rules.reading import Part, Reading
from rules.records import PartRecord, Record, bbox_text
from rules.registry import family

RULE_MEETING = "agenda.meeting.v1"
RULE_ITEM = "agenda.item.v1"


@dataclass
class RawItem:
    number: str
    title: str
    line: Line
    part: str
    paragraphs: list[list[str]] = field(default_factory=list)


def _part(pack: AgendaPack, line: Line) -> str | None:
    text = clean(line.text)
    if not (line.bold or len(text) < 30):
        return None
    for hp in pack.part_headings:
        m = hp.regex.match(text)
        if m:
            value = m.group("part").upper()
            return {"1": "I", "2": "II"}.get(value, value)
    return None


def read_meeting(document: Reading, pack: AgendaPack, lines: list[Line]) -> MeetingRecord | None:
    """The meeting an agenda is for, from its labelled header (Meeting:, Place:, Date:, Time:)."""
    values: dict[str, str] = {}
    first: Line | None = None
    for line in lines[:80]:
        text = clean(line.text)
        for key, labels in pack.meeting_labels.items():
            value = label_value(labels, text)
            if value and key not in values:
                values[key] = value
                first = first or line
    if "body" not in values and "date" not in values:
        return None
    return MeetingRecord(
        document_id=document.id, page=first.page if first else 1, bbox=bbox_text(first.bbox) if first else None,
        rule=RULE_MEETING, body=values.get("body") or document.meta.body,
        date=iso_date(values.get("date")) or document.meta.meeting_date, time=values.get("time"),
        venue=values.get("venue"), kind="agenda",
        heading="; ".join(f"{k}: {v}" for k, v in values.items()),
    )


def read_items(pack: AgendaPack, lines: list[Line]) -> list[RawItem]:
    items: list[RawItem] = []
    part = "I"
    expected = 1
    last_page: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if last_page is not None and line.page > last_page + pack.max_gap_pages:
            break
        text = clean(line.text)
        i += 1
        p = _part(pack, line)
        if p:
            part = p
            continue
        m = None
        if line.bold or starts_paragraph(lines, i - 1):
            m = any_match(pack.item_line, text)
            if m and int(m.group("number")) != expected:
                m = None
            if not m and items:
                sub = any_match(pack.sub_item_line, text)
                if sub and re.match(rf"{expected - 1}\D", sub.group("number")):
                    m = sub
        if m:
            title = m.group("title").strip()
            while i < len(lines) and lines[i].page == line.page and not starts_paragraph(lines, i):
                nxt = clean(lines[i].text)
                if (re.search(pack.pages_open, title) or (re.search(pack.pages, nxt) and len(nxt) < 60)
                        or (line.bold and lines[i].bold and lines[i].size == line.size
                            and not any_match(pack.item_line, nxt))):
                    title = f"{title} {nxt}"
                    i += 1
                else:
                    break
            items.append(RawItem(number=m.group("number"), title=title, line=line, part=part))
            if m.re.pattern in pack.item_line:
                expected += 1
            last_page = line.page
            continue
        if items:
            if starts_paragraph(lines, i - 1) or not items[-1].paragraphs:
                items[-1].paragraphs.append([])
            items[-1].paragraphs[-1].append(text)
    return items


# Which part of a pack an agenda item's papers are: its report, else the minutes or appendix
# printed under its number (the minutes of the previous meeting are item 2's papers).
_PART_PREFERENCE = {"report": 0, "minutes": 1, "appendix": 2}


def item_parts(document: Reading) -> dict[str, tuple[int, Part]]:
    """agenda number → (position, part) of the first report part printed under that number
    (else its minutes or appendix part). A document that is one ``document`` part has none."""
    best: dict[str, tuple[int, Part]] = {}
    for position, part in enumerate(document.parts, start=1):
        if not part.agenda_number or part.kind not in _PART_PREFERENCE:
            continue
        number = part.agenda_number.strip()
        have = best.get(number)
        if have is None or _PART_PREFERENCE[part.kind] < _PART_PREFERENCE[have[1].kind]:
            best[number] = (position, part)
    return best


@family("agenda.front_sheet.v1", params=AgendaPack)
def read_agenda(document: Reading, pack: AgendaPack) -> list[Record]:
    """An agenda front sheet: the meeting from its labelled header, then its numbered items
    with printed pages, who reports, and the part of the pack that holds each item's papers."""
    front = [p for p in document.parts if p.kind == "front_sheet"]
    lines = body_lines(document, front[0].page_start, front[0].page_end) if front else body_lines(document)
    meeting = read_meeting(document, pack, lines)
    raw = read_items(pack, lines)
    if meeting is None and not front:
        return []  # numbered lines without an agenda header or front sheet are not an agenda
    reports = item_parts(document)
    records: list[AgendaItemRecord] = []
    for position, it in enumerate(raw, start=1):
        pm = re.search(pack.pages, it.title)
        pages = re.sub(r"\s*[-–]\s*", " - ", pm.group("pages").strip()) if pm else None
        title = clean(it.title[: pm.start()] + it.title[pm.end():]) if pm else it.title
        texts = [join(par) for par in it.paragraphs]
        report_by = next((m.group("who").strip() for t in texts for m in [any_match(pack.report_by, t)] if m), None)
        presenter = None
        for t in texts:
            m = any_match(pack.presenter, t)
            if m:
                who, role = m.group("who"), m.groupdict().get("role")
                presenter = f"{who} ({role})" if role else who
                break
        part_id = page_start = None
        if it.number in reports:
            pos, part = reports[it.number]
            part_id = PartRecord(document_id=document.id, page=part.page_start, rule=part.rule, kind=part.kind,
                                 title=part.title, page_start=part.page_start, page_end=part.page_end,
                                 position=pos, agenda_number=part.agenda_number).id
            page_start = part.page_start
        records.append(AgendaItemRecord(
            document_id=document.id, page=it.line.page, bbox=bbox_text(it.line.bbox), rule=RULE_ITEM,
            meeting_id=meeting.id if meeting else None, number=it.number, title=title, pages=pages,
            report_by=report_by, presenter=presenter, part=it.part, position=position,
            report_part_id=part_id, report_page_start=page_start,
        ))
    return [*([meeting] if meeting else []), *records]
