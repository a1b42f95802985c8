"""Minutes and decision notices → meetings and decisions.

The minutes of a meeting open with a block the ``minutes`` pack recognises ("Minutes of the
Cabinet meeting held on 20 June 2017 at ..."); a decision notice opens with "Decision
details". Inside, lines are read in order by a small state machine: a minute heading (a
number in sequence and a title, bold or run into the body) starts an item; a "Resolved" /
"Decision" marker starts its resolution; a "Reason for Decision" marker starts its reason;
stop markers and labelled fields close them. An item with a resolution becomes a decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.model import Document, Line
from rules.meetings.packs import MinutesPack, any_match, minutes_pack
from rules.meetings.records import DecisionRecord, MeetingRecord
from rules.meetings.text import body_lines, clean, iso_date, join, label_value, nice_case, starts_paragraph
from rules.records import bbox_text

RULE_MEETING = "minutes.meeting.v1"
RULE_DECISION = "minutes.resolved.v1"
_DATE_START = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|"
                         r"September|October|November|December)\b", re.IGNORECASE)


@dataclass
class Item:
    number: str | None
    title: str | None
    line: Line
    body: list[str] = field(default_factory=list)
    resolved: list[list[str]] = field(default_factory=list)
    reasons: list[tuple[str, list[str]]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    last_page: int = 0


@dataclass
class Region:
    """The lines of one meeting's minutes, and what its opening block says of the meeting."""

    lines: list[Line]
    meeting: MeetingRecord


def _key(line: Line) -> tuple[int, float, float]:
    return (line.page, round(line.bbox[0], 1), round(line.bbox[1], 1))


def find_regions(document: Document, pack: MinutesPack | None = None) -> list[Region]:
    """Minutes regions: from each meeting_start block to the next start or a meeting_end line,
    inside the pack's minutes parts when the document has been split into parts."""
    pack = pack or minutes_pack()
    minutes_parts = [p for p in document.parts if p.kind == "minutes"]
    spans = [(p.page_start, p.page_end) for p in minutes_parts] or [(1, document.page_count)]
    regions: list[Region] = []
    for first, last in spans:
        lines = body_lines(document, first, last)
        index = {_key(ln): i for i, ln in enumerate(lines)}
        starts: list[tuple[int, re.Match[str], str]] = []
        for block in document.blocks(first, last):
            if block.kind not in ("heading", "paragraph") or not block.lines:
                continue
            text = clean(block.text)
            m = any_match(pack.meeting_start, text)
            if m and _key(block.lines[0]) in index:
                starts.append((index[_key(block.lines[0])], m, text))
        if not starts and minutes_parts:
            starts = [(0, None, "")]  # type: ignore[list-item]
        for n, (start, m, text) in enumerate(starts):
            stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            end_time = None
            for j in range(start + 1, stop):
                if any_match(pack.meeting_end, clean(lines[j].text)):
                    t = re.search(pack.meeting_time, clean(lines[j].text))
                    end_time = t.group("time") if t else None
                    stop = j
                    break
            groups = m.groupdict() if m else {}
            body = nice_case(clean(groups.get("body") or "")) or document.meta.body
            if body and document.meta.body and body.lower() == document.meta.body.lower():
                body = document.meta.body
            date = iso_date(groups.get("date")) or (None if m else document.meta.meeting_date)
            first_line = lines[start] if lines else None
            meeting = MeetingRecord(
                document_id=document.id, page=first_line.page if first_line else first,
                bbox=bbox_text(first_line.bbox) if first_line else None, rule=RULE_MEETING,
                body=body, date=date, time=end_time, venue=clean(groups.get("venue")) or None,
                kind="minutes", heading=text or None,
            )
            regions.append(Region(lines=lines[start:stop], meeting=meeting))
    if not regions:
        return []
    return regions


def _heading(pack: MinutesPack, lines: list[Line], i: int, last: int | None) -> tuple[str, str, str] | None:
    """(number, title, rest of line) when line i is a minute heading in sequence."""
    line = lines[i]
    text = clean(line.text)
    if _DATE_START.match(text):
        return None
    for hp in pack.minute_heading:
        if hp.bold:
            candidate = text if line.bold else clean(line.bold_prefix)
            if not candidate:
                continue
        else:
            if not starts_paragraph(lines, i):
                continue
            candidate = text
        m = hp.regex.match(candidate)
        if not m:
            continue
        number = int(re.sub(r"\D", "", m.group("number")))
        if last is not None and not (last < number <= last + pack.max_minute_gap):
            continue
        title = m.group("title").strip()
        rest = text[len(candidate):].strip() if hp.bold and not line.bold else ""
        if not hp.bold:
            cuts = [c.start() for p in pack.title_body_split for c in [re.search(p, title)] if c]
            if cuts:
                cut = min(cuts)
                title, rest = title[:cut].strip(), title[cut:].strip()
        return m.group("number"), title, rest
    return None


def read_items(pack: MinutesPack, lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    cur: Item | None = None
    mode = "body"
    last: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = clean(line.text)
        i += 1
        if any_match(pack.item_start, text):
            cur = Item(number=None, title=None, line=line, last_page=line.page)
            items.append(cur)
            mode = "title"
            continue
        head = _heading(pack, lines, i - 1, last)
        if head:
            number, title, rest = head
            last = int(re.sub(r"\D", "", number))
            # A bold title that wraps: following bold lines of the same size, same paragraph.
            while (line.bold and i < len(lines) and lines[i].bold and lines[i].size == line.size
                   and not starts_paragraph(lines, i) and not _marker(pack, clean(lines[i].text))):
                title = f"{title} {clean(lines[i].text)}"
                i += 1
            cur = Item(number=number, title=title, line=line, last_page=line.page)
            if rest:
                cur.body.append(rest)
            items.append(cur)
            mode = "body"
            continue
        if cur is None:
            continue
        cur.last_page = line.page
        if mode == "title" and not any(label_value(labels, text) is not None for labels in pack.fields.values()):
            cur.title = text
            mode = "body"
            continue
        labelled = False
        for key, labels in pack.fields.items():
            value = label_value(labels, text)
            if value is not None:
                if value and key not in cur.fields:
                    cur.fields[key] = value
                labelled = True
                break
        if labelled:
            mode = "body"
            continue
        m = any_match(pack.resolved_markers, text)
        if m:
            cur.resolved.append([text[m.end():].strip()])
            mode = "resolved"
            continue
        reason = next(((rp.label, mm) for rp in pack.reason_markers for mm in [rp.regex.match(text)] if mm), None)
        if reason:
            cur.reasons.append((reason[0], [text[reason[1].end():].strip()]))
            mode = "reason"
            continue
        if any_match(pack.stop_markers, text):
            mode = "body"
            continue
        if mode == "resolved":
            cur.resolved[-1].append(text)
        elif mode == "reason":
            cur.reasons[-1][1].append(text)
        else:
            cur.body.append(text)
    return items


def _marker(pack: MinutesPack, text: str) -> bool:
    return bool(any_match(pack.resolved_markers, text) or any_match(pack.stop_markers, text)
                or any(rp.regex.match(text) for rp in pack.reason_markers))


def read_minutes(document: Document) -> tuple[list[MeetingRecord], list[DecisionRecord]]:
    pack = minutes_pack()
    meetings: list[MeetingRecord] = []
    decisions: list[DecisionRecord] = []
    for region in find_regions(document, pack):
        items = read_items(pack, region.lines)
        found = [it for it in items if any(join(block) for block in it.resolved)]
        if not found and not region.meeting.heading:
            continue  # a document with no minutes in it
        meetings.append(region.meeting)
        for it in found:
            resolved = join(join(block) for block in it.resolved)
            reason = join(join(lines) for _, lines in it.reasons) or None
            decisions.append(DecisionRecord(
                document_id=document.id, page=it.line.page, bbox=bbox_text(it.line.bbox), rule=RULE_DECISION,
                meeting_id=region.meeting.id, minute_number=it.number,
                title=it.title or it.fields.get("title"), resolved=resolved, reason=reason,
                reason_label=it.reasons[0][0] if it.reasons else None,
                decision_maker=it.fields.get("decision_maker"), decision_date=it.fields.get("decision_date"),
                status=it.fields.get("status"), call_in=it.fields.get("call_in"), page_end=it.last_page,
            ))
    return meetings, decisions
