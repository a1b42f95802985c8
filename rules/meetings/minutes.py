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
from kernel.text import any_match, clean, iso_date, join, label_value, nice_case
from rules.lines import starts_paragraph
from rules.meetings.packs import MinutesPack, minutes_pack
from rules.meetings.records import DecisionRecord, MeetingRecord
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
    meeting: dict[str, str] = field(default_factory=dict)
    votes: list[list[str]] = field(default_factory=list)
    last_page: int = 0


@dataclass
class Region:
    """The lines of one meeting's minutes, and what its opening block says of the meeting."""

    lines: list[Line]
    meeting: MeetingRecord


def _key(line: Line) -> tuple[int, float, float]:
    return (line.page, round(line.bbox[0], 1), round(line.bbox[1], 1))


def _times(pack: MinutesPack, text: str) -> list[str]:
    return [m.group("time") for m in re.finditer(pack.meeting_time, text)]


def _body_above(pack: MinutesPack, lines: list[Line], start: int) -> str | None:
    """The body printed on the line above a minutes heading that does not name it
    ("CABINET" above "Minutes of the meeting held on ...")."""
    if start <= 0 or lines[start - 1].page != lines[start].page:
        return None
    text = clean(lines[start - 1].text)
    return text if re.match(pack.meeting_body_line, text) else None


def _start_in_block(pack: MinutesPack, lines: list[Line]) -> tuple[Line, re.Match[str], str] | None:
    """The minutes heading in a layout block: the block's text from some line on, and up to
    the first minute heading, since a bold block may also hold the body's name above the
    heading ("CABINET") and the first minute's heading below it."""
    texts = [clean(ln.text) for ln in lines]
    end = next((k for k in range(1, len(texts)) if any(hp.regex.match(texts[k]) for hp in pack.minute_heading)),
               len(texts))
    for k in range(end):
        if not re.match(pack.meeting_start_line, texts[k]):
            continue
        for e in range(end, k, -1):
            text = " ".join(texts[k:e])
            m = any_match(pack.meeting_start, text)
            if m:
                return lines[k], m, text
    return None


def find_regions(document: Document, pack: MinutesPack | None = None) -> list[Region]:
    """Minutes regions: from each meeting_start block to the next start or a meeting_end line,
    inside the pack's minutes parts when the document has been split into parts. A document
    with no minutes heading but with decision-notice or voting-record items is one region."""
    pack = pack or minutes_pack()
    minutes_parts = [p for p in document.parts if p.kind == "minutes"]
    spans = [(p.page_start, p.page_end) for p in minutes_parts] or [(1, document.page_count)]
    regions: list[Region] = []
    for first, last in spans:
        # An item start repeated at the top of every page ("Decision details") is page
        # furniture to the extractor, but here it separates the items.
        lines = [ln for pg in document.pages[first - 1 : last] for ln in pg.lines if ln.text.strip()
                 and (not ln.furniture or any_match(pack.item_start, clean(ln.text)))]
        index = {_key(ln): i for i, ln in enumerate(lines)}
        starts: list[tuple[int, re.Match[str] | None, str]] = []
        for block in document.blocks(first, last):
            if block.kind not in ("heading", "paragraph") or not block.lines:
                continue
            found = _start_in_block(pack, block.lines)
            if found and _key(found[0]) in index:
                starts.append((index[_key(found[0])], found[1], found[2]))
        if not starts and (minutes_parts or any(any_match(pack.item_start, clean(ln.text)) for ln in lines)):
            starts = [(0, None, "")]
        for n, (start, m, text) in enumerate(starts):
            stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            groups = m.groupdict() if m else {}
            time = groups.get("time")
            for j in range(start + 1, stop):
                if any_match(pack.meeting_end, clean(lines[j].text)):
                    times = _times(pack, clean(lines[j].text))
                    if not time and len(times) >= 2:  # "(Duration of meeting: 9.30 am - 1.55 pm)"
                        time = times[0]
                    stop = j
                    break
            body = nice_case(clean(groups.get("body") or "")) or (
                nice_case(_body_above(pack, lines, start) or "") if m else "") or document.meta.body
            if body and document.meta.body and body.lower() == document.meta.body.lower():
                body = document.meta.body
            date = iso_date(groups.get("date")) or (None if m else document.meta.meeting_date)
            first_line = lines[start] if lines else None
            meeting = MeetingRecord(
                document_id=document.id, page=first_line.page if first_line else first,
                bbox=bbox_text(first_line.bbox) if first_line else None, rule=RULE_MEETING,
                body=body, date=date, time=clean(time) or None, venue=clean(groups.get("venue")) or None,
                kind="minutes", heading=text or None,
            )
            regions.append(Region(lines=lines[start:stop], meeting=meeting))
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
        if cur.number is None and not cur.meeting and not cur.resolved:
            mm = any_match(pack.item_meeting, text)  # "Council, Wednesday 20th April 2022 6.00 p.m."
            if mm:
                cur.meeting = {k: v for k, v in mm.groupdict().items() if v}
                continue
        if mode == "title" and not any(label_value(labels, text) is not None for labels in pack.fields.values()):
            cur.title = text
            mode = "body"
            continue
        labelled = False
        for key, labels in pack.fields.items():
            value = label_value(labels, text)
            if value is not None:
                if value and key in pack.multi_fields:
                    label = text[: len(text) - len(value)].strip().rstrip(":?").strip()
                    cur.fields[key] = "; ".join(filter(None, [cur.fields.get(key), f"{label}: {value}"]))
                elif value and key not in cur.fields:
                    cur.fields[key] = value
                labelled = True
                break
        if labelled:
            if key not in pack.open_fields:
                mode = "body"
            continue
        vote = any_match(pack.vote_rows, text) if "status" in cur.fields else None
        if vote:
            cur.votes.append([vote.group("label"), vote.group("rest")])
            mode = "votes"
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
        elif mode == "votes":
            cur.votes[-1].append(text)
        else:
            cur.body.append(text)
    return items


def _votes(item: Item) -> str | None:
    """'For 18; Against 8; Abstain 0' from the vote rows: the count is the row's last number."""
    out = []
    for label, *texts in item.votes:
        count = re.search(r"(\d+)\s*$", join(texts))
        out.append(f"{clean(label)} {count.group(1)}" if count else clean(label))
    return "; ".join(out) or None


def _marker(pack: MinutesPack, text: str) -> bool:
    return bool(any_match(pack.resolved_markers, text) or any_match(pack.stop_markers, text)
                or any(rp.regex.match(text) for rp in pack.reason_markers))


def _meeting_of(pack: MinutesPack, document: Document, region: Region, item: Item) -> MeetingRecord:
    """The meeting of a decision-notice or voting-record item, from what the item prints."""
    if region.meeting.heading:
        return region.meeting
    info = dict(item.meeting)
    if not info and item.fields.get("meeting"):
        m = any_match(pack.item_meeting, item.fields["meeting"])
        info = {k: v for k, v in m.groupdict().items() if v} if m else {"body": item.fields["meeting"]}
    if not info:
        return region.meeting
    body = nice_case(clean(info.get("body"))) or region.meeting.body
    return MeetingRecord(
        document_id=document.id, page=item.line.page, bbox=bbox_text(item.line.bbox), rule=RULE_MEETING,
        body=body, date=iso_date(info.get("date")) or region.meeting.date, time=clean(info.get("time")) or None,
        venue=clean(info.get("venue")) or None, kind="decisions",
        heading=item.fields.get("meeting") or "; ".join(f"{k}: {v}" for k, v in info.items()),
    )


def read_minutes(document: Document) -> tuple[list[MeetingRecord], list[DecisionRecord]]:
    pack = minutes_pack()
    meetings: dict[str, MeetingRecord] = {}
    decisions: list[DecisionRecord] = []
    for region in find_regions(document, pack):
        items = read_items(pack, region.lines)
        found = [it for it in items if any(join(block) for block in it.resolved)]
        if not found and not region.meeting.heading:
            continue  # a document with no minutes in it
        if region.meeting.heading:
            meetings.setdefault(region.meeting.id, region.meeting)
        for it in found:
            meeting = meetings.setdefault((m := _meeting_of(pack, document, region, it)).id, m)
            resolved = join(join(block) for block in it.resolved)
            reason = join(join(lines) for _, lines in it.reasons) or None
            decisions.append(DecisionRecord(
                document_id=document.id, page=it.line.page, bbox=bbox_text(it.line.bbox), rule=RULE_DECISION,
                meeting_id=meeting.id, minute_number=it.number,
                title=it.title or it.fields.get("title"), resolved=resolved, reason=reason,
                reason_label=it.reasons[0][0] if it.reasons else None,
                decision_maker=it.fields.get("decision_maker"), decision_date=it.fields.get("decision_date"),
                status=it.fields.get("status"), call_in=it.fields.get("call_in"), votes=_votes(it),
                key_decision=it.fields.get("key_decision"), page_end=it.last_page,
            ))
    return list(meetings.values()), decisions
