"""Reports inside packs → reports and their recommendations.

A report opens with a header the ``reports`` pack describes: "Subject:" (with "Cabinet
Member:", "Key Decision:") or, in committee reports, a title line followed by a "Purpose of
Report" heading. The lines just above it name the meeting and its date. Within a report,
labelled lines give authors, director and date; the first paragraph under the purpose
heading is the purpose; paragraphs under a Proposal/Recommendations heading are
recommendations.

Where the pack has been split into parts (``document.parts``, ``rules/parts.py``), the parts
say which papers are reports: each report part, and each report written for another meeting
and attached to an item's papers, is one report, whatever headers it repeats (a cover sheet
and the full report); it ends where its part ends, so its appendices are not read into it,
and its agenda item is the part's. Headers inside appendices, minutes or the front sheet are
not reports. A report part whose header has no "Subject:" or purpose heading ("Children's
Select Committee 31st May 2012" / "Task Group update") is read from the title the part found.
Without parts (a document that is one paper), a cover sheet and the full report with the
same subject are one report, and a report document with no header is one report titled by
its metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.model import Line
from kernel.text import any_match, clean, iso_date, join, label_value
from rules.lines import body_lines, starts_paragraph
from rules.meetings.packs import ReportsPack
from rules.meetings.records import AgendaItemRecord, MeetingRecord, RecommendationRecord, ReportRecord
from rules.reading import Part, Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE_REPORT = "reports.header.v1"
RULE_RECOMMENDATION = "reports.recommendation.v1"
_NUMBER = re.compile(r"^\(?\d{1,3}(?:\.\d+)*[.)]?\s+")
# A date label printed before the date on the meeting line ("Date: 14th March 2017").
_DATE_LABEL = re.compile(r"^(?:Date|Meeting date|Date of meeting)\s*:\s*", re.IGNORECASE)
# A title line that runs on into the next: it ends in a joining word or punctuation.
_RUNS_ON = re.compile(r"(?:\b(?:and|of|the|for|to|in|on|with|a|an)|[–:,&-])$", re.IGNORECASE)


@dataclass
class Anchor:
    index: int  # line index where the header starts
    anchor: int  # the Subject / Purpose line
    title: str
    meeting_body: str | None
    meeting_date: str | None


def _is_heading(pack_patterns: list[str], line: Line) -> bool:
    return bool(line.bold and any_match(pack_patterns, clean(line.text)))


def _anchors(pack: ReportsPack, lines: list[Line]) -> list[Anchor]:
    subject_labels = [lab for key in pack.start_labels for lab in pack.labels.get(key, [])]
    found: list[Anchor] = []
    last_subject = -100
    for i, line in enumerate(lines):
        text = clean(line.text)
        subject = label_value(subject_labels, text)
        if subject is not None and subject:
            title = subject
            # a subject that wraps onto the next line of the same paragraph
            if i + 1 < len(lines) and not starts_paragraph(lines, i + 1) and label_value(
                    [lab for labs in pack.labels.values() for lab in labs], clean(lines[i + 1].text)) is None:
                title = f"{title} {clean(lines[i + 1].text)}"
            last_subject = i
            found.append(_header(lines, i, title))
        elif _is_heading(pack.purpose_headings[:2], line) and i - last_subject > 12:
            # committee style: the title is the line(s) above, below the meeting/date line
            j = i - 1
            title_lines: list[str] = []
            while j >= 0 and lines[j].page == line.page and not iso_date(clean(lines[j].text)) and len(title_lines) < 3:
                title_lines.insert(0, clean(lines[j].text))
                j -= 1
            if j >= 0 and lines[j].page == line.page and title_lines:
                anchor = _header(lines, j + 1, join(title_lines))
                anchor.anchor = i
                found.append(anchor)
    return found


def _header(lines: list[Line], i: int, title: str) -> Anchor:
    """Look back from line i on its page for the meeting body and date of the report."""
    body = date = None
    start = i
    for j in range(i - 1, max(-1, i - 6), -1):
        if lines[j].page != lines[i].page:
            break
        text = clean(lines[j].text)
        d = iso_date(text)
        if d and not date:
            date = d
            start = j
            rest = re.sub(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}", "", text).strip(" ,-")
            rest = _DATE_LABEL.sub("", rest).strip(" ,-:")
            if rest:
                body = rest
            elif j > 0 and lines[j - 1].page == lines[i].page:
                body = clean(lines[j - 1].text)
                start = j - 1
            break
    return Anchor(index=start, anchor=i, title=title, meeting_body=body, meeting_date=date)


def _pack_parts(document: Reading) -> list[Part]:
    """The parts of a split pack; none for a document read as one paper."""
    parts = document.parts
    return [] if len(parts) <= 1 else list(parts)


def _part_at(parts: list[Part], page: int) -> Part | None:
    """The part a header on ``page`` opens: on a page two parts share, the later one."""
    return next((p for p in reversed(parts) if p.page_start <= page <= p.page_end), None)


def _part_header(lines: list[Line], part: Part) -> Anchor | None:
    """The header of a report part that reports.yaml does not recognise: the bold line on its
    first page that begins the title the part found, under the meeting line."""
    target = _norm(part.title)
    for i, line in enumerate(lines):
        if line.page < part.page_start or not line.bold:
            continue
        if line.page > part.page_start:
            break
        text = _norm(clean(line.text))
        if not text or not target.startswith(text) or not (i and iso_date(clean(lines[i - 1].text))):
            continue
        title = [clean(line.text)]
        j = i + 1
        while (j < len(lines) and lines[j].page == line.page and lines[j].bold
               and (_RUNS_ON.search(title[-1]) or clean(lines[j].text)[:1].islower())
               and target.startswith(_norm(join([*title, clean(lines[j].text)])))):
            title.append(clean(lines[j].text))
            j += 1
        return _header(lines, i, join(title))
    return None


def _groups_by_part(lines: list[Line], anchors: list[Anchor], parts: list[Part]
                    ) -> list[tuple[Part | None, list[Anchor]]]:
    """One group per report part: the headers found inside it, else the one read off it."""
    groups: list[tuple[Part | None, list[Anchor]]] = []
    for part in parts:
        # Papers found only by an "Agenda Item N" marker or by position (terms of reference,
        # a work programme) have no report header to read.
        if not part.report_header:
            continue
        mine = [a for a in anchors if _part_at(parts, lines[a.anchor].page) is part]
        if not mine:
            header = _part_header(lines, part)
            mine = [header] if header else []
        if mine:
            groups.append((part, mine))
    return groups


def _groups_by_title(anchors: list[Anchor]) -> list[tuple[Part | None, list[Anchor]]]:
    """A cover sheet and the full report with the same title are one report."""
    groups: list[list[Anchor]] = []
    for a in anchors:
        if groups and _norm(groups[-1][0].title) == _norm(a.title):
            groups[-1].append(a)
        else:
            groups.append([a])
    return [(None, g) for g in groups]


def _whole_document(document: Reading, lines: list[Line]) -> list[tuple[Part | None, list[Anchor]]]:
    """A report document with no header it recognises (an annual report to Council): one
    report titled and addressed by the document's metadata."""
    meta = document.meta
    if not lines or not document.parts or document.parts[0].kind != "report":
        return []
    title = meta.title or document.parts[0].title
    return [(None, [Anchor(index=0, anchor=0, title=title, meeting_body=meta.body,
                           meeting_date=meta.meeting_date)])]


def _stop(lines: list[Line], start: int, part: Part | None, next_start: int | None) -> int:
    """The line index a report ends before: the next report's header, and within a split
    pack no later than the last line of the report's own part."""
    stop = next_start if next_start is not None else len(lines)
    if part is not None:
        end = next((k for k in range(start, len(lines)) if lines[k].page > part.page_end), len(lines))
        stop = min(stop, end)
    return max(stop, start + 1)


def _paragraphs(lines: list[Line], start: int, stop: int) -> list[tuple[Line, str]]:
    """Paragraphs of non-bold lines from start until a bold line or stop."""
    out: list[tuple[Line, list[str]]] = []
    for k in range(start, stop):
        line = lines[k]
        if line.bold:
            break
        if not out or starts_paragraph(lines, k):
            out.append((line, []))
        out[-1][1].append(clean(line.text))
    return [(first, join(texts)) for first, texts in out if join(texts)]


def _label_segments(pack: ReportsPack, text: str) -> list[str]:
    """A line cut before each label printed inside it ("Cabinet member: ... Services Key
    Decision: No" → two segments)."""
    labels = "|".join(re.escape(lab) for labs in pack.labels.values() for lab in labs)
    return re.split(rf"\s+(?=(?:{labels})\s*\??\s*:)", text)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


@family("reports.headers.v1", params=ReportsPack)
def read_reports(document: Reading, pack: ReportsPack) -> list[Record]:
    """Committee reports by their header labels (Subject, Cabinet member, Key decision,
    Report author), purpose and recommendations; in a pack, one report per report part."""
    meetings = [m for m in document.records_of(MeetingRecord) if m.kind == "agenda"]
    items = list(document.records_of(AgendaItemRecord))
    lines = body_lines(document)
    anchors = _anchors(pack, lines)
    parts = _pack_parts(document)
    groups = _groups_by_part(lines, anchors, parts) if parts else _groups_by_title(anchors)
    if not groups:
        groups = _whole_document(document, lines)
    reports: list[ReportRecord] = []
    recs: list[RecommendationRecord] = []
    label_keys = {k: v for k, v in pack.labels.items() if k not in pack.start_labels}
    for n, (part, group) in enumerate(groups):
        first = group[0]
        stop = _stop(lines, first.index, part, groups[n + 1][1][0].index if n + 1 < len(groups) else None)
        fields: dict[str, str] = {}
        purpose = None
        purpose_rank = len(pack.purpose_headings)
        proposals: list[tuple[str, Line, str]] = []
        k = first.index
        while k < stop:
            line = lines[k]
            text = clean(line.text)
            segments = _label_segments(pack, text)
            for n_seg, segment in enumerate(segments):
                for key, labels in label_keys.items():
                    value = label_value(labels, segment)
                    if value is None or key in fields:
                        continue
                    more = [value] if value else []
                    j = k + 1
                    last_segment = n_seg == len(segments) - 1
                    # bold_values: fields whose value is set in the label's bold (see reports.yaml)
                    bold_ok = key in pack.bold_values and line.bold
                    while last_segment and j < stop and (bold_ok or not starts_paragraph(lines, j)) and (
                            bold_ok or not lines[j].bold) and (bold_ok <= lines[j].bold) and (
                            not any_match(pack.value_stops, clean(lines[j].text))) and (
                            label_value([lab for labs in pack.labels.values() for lab in labs],
                                        clean(lines[j].text)) is None):
                        more.append(clean(lines[j].text))
                        j += 1
                    if not more and j < stop and not lines[j].bold:  # "Report Author:" with the name below
                        more.append(clean(lines[j].text))
                    if more:
                        fields[key] = join(more)
                    break
            rank = next((r for r, p in enumerate(pack.purpose_headings) if line.bold and re.match(p, text)), None)
            if rank is not None and rank < purpose_rank:  # earlier headings in the pack are preferred
                paras = _paragraphs(lines, k + 1, stop)
                if paras:
                    purpose, purpose_rank = _NUMBER.sub("", paras[0][1]), rank
            if line.bold and any_match(pack.recommendation_headings, text):
                for first_line, para in _paragraphs(lines, k + 1, stop):
                    proposals.append((text.rstrip(":"), first_line, para))
            elif not line.bold and starts_paragraph(lines, k) and any_match(pack.recommendation_sentences, text):
                para = _paragraphs(lines, k, stop)
                if para:
                    proposals.append(("", line, para[0][1]))
            k += 1
        key_decision = None
        if "key_decision" in fields:
            flag = fields["key_decision"].split()[0].lower().strip(".") if fields["key_decision"] else ""
            key_decision = True if flag in pack.yes else False if flag in pack.no else None
        start_line = lines[first.index]
        meeting = next((m for m in meetings if first.meeting_date and m.date == first.meeting_date
                        and m.kind == "agenda"), None)
        item = next((it for it in items if part is not None and it.number == part.agenda_number), None)
        item = item or next((it for it in items if _norm(it.title) == _norm(first.title)
                             or (it.report_page_start is not None and it.report_page_start == start_line.page)), None)
        subject = next((g.title for g in group if label_value(pack.labels.get("subject", []), clean(lines[g.anchor].text))), None)
        report = ReportRecord(
            document_id=document.id, page=start_line.page, bbox=bbox_text(start_line.bbox), rule=RULE_REPORT,
            title=first.title, subject=subject, meeting_body=first.meeting_body, meeting_date=first.meeting_date,
            meeting_id=meeting.id if meeting else None, agenda_item_id=item.id if item else None,
            cabinet_member=fields.get("cabinet_member"), key_decision=key_decision, purpose=purpose,
            authors=fields.get("authors"), director=fields.get("director"),
            date_of_report=fields.get("date_of_report"),
            page_end=part.page_end if part is not None else lines[stop - 1].page,
        )
        reports.append(report)
        seen: set[str] = set()
        for heading, line, text in proposals:
            if _norm(text) in seen:
                continue
            seen.add(_norm(text))
            recs.append(RecommendationRecord(
                document_id=document.id, page=line.page, bbox=bbox_text(line.bbox), rule=RULE_RECOMMENDATION,
                report_id=report.id, heading=heading or None, text=_NUMBER.sub("", text),
            ))
    return [*reports, *recs]
