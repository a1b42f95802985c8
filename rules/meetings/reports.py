"""Reports inside packs → reports and their recommendations.

A report opens with a header the ``reports`` pack describes: "Subject:" (with "Cabinet
Member:", "Key Decision:") or, in committee reports, a title line followed by a "Purpose of
Report" heading. The lines just above it name the meeting and its date. A cover sheet and
the full report with the same subject are one report. Within a report, labelled lines
give authors, director and date; the first paragraph under the purpose heading is the
purpose; paragraphs under a Proposal/Recommendations heading are recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.model import Document, Line
from rules.meetings.packs import ReportsPack, any_match, reports_pack
from rules.meetings.records import AgendaItemRecord, MeetingRecord, RecommendationRecord, ReportRecord
from rules.meetings.text import body_lines, clean, iso_date, join, label_value, starts_paragraph
from rules.records import bbox_text

RULE_REPORT = "reports.header.v1"
RULE_RECOMMENDATION = "reports.recommendation.v1"
_NUMBER = re.compile(r"^\(?\d{1,3}(?:\.\d+)*[.)]?\s+")


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
            if rest:
                body = rest
            elif j > 0 and lines[j - 1].page == lines[i].page:
                body = clean(lines[j - 1].text)
                start = j - 1
            break
    return Anchor(index=start, anchor=i, title=title, meeting_body=body, meeting_date=date)


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


def read_reports(document: Document, meetings: list[MeetingRecord], items: list[AgendaItemRecord],
                 ) -> tuple[list[ReportRecord], list[RecommendationRecord]]:
    pack = reports_pack()
    lines = body_lines(document)
    anchors = _anchors(pack, lines)
    # A cover sheet and the full report with the same title are one report.
    groups: list[list[Anchor]] = []
    for a in anchors:
        if groups and _norm(groups[-1][0].title) == _norm(a.title):
            groups[-1].append(a)
        else:
            groups.append([a])
    reports: list[ReportRecord] = []
    recs: list[RecommendationRecord] = []
    label_keys = {k: v for k, v in pack.labels.items() if k not in pack.start_labels}
    for n, group in enumerate(groups):
        first = group[0]
        stop = groups[n + 1][0].index if n + 1 < len(groups) else len(lines)
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
                    while last_segment and j < stop and not starts_paragraph(lines, j) and not lines[j].bold and (
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
        item = next((it for it in items if _norm(it.title) == _norm(first.title)
                     or (it.report_page_start is not None and it.report_page_start <= start_line.page
                         and (it.report_page_start == start_line.page))), None)
        subject = next((g.title for g in group if label_value(pack.labels.get("subject", []), clean(lines[g.anchor].text))), None)
        report = ReportRecord(
            document_id=document.id, page=start_line.page, bbox=bbox_text(start_line.bbox), rule=RULE_REPORT,
            title=first.title, subject=subject, meeting_body=first.meeting_body, meeting_date=first.meeting_date,
            meeting_id=meeting.id if meeting else None, agenda_item_id=item.id if item else None,
            cabinet_member=fields.get("cabinet_member"), key_decision=key_decision, purpose=purpose,
            authors=fields.get("authors"), director=fields.get("director"),
            date_of_report=fields.get("date_of_report"), page_end=lines[stop - 1].page,
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
    return reports, recs
