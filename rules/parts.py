"""Split a document into parts (front sheet, minutes, reports, appendices) with page ranges.

An agenda pack is the agenda front sheet followed by the papers of its items: the minutes of
the previous meeting, each report, and each report's appendices. The ``parts`` rule pack
(``rules/packs/parts.yaml``) says what the front sheet, a minutes heading, a report header,
an "Agenda Item N" marker and a report's end matter look like; this module only walks the
body lines of the document in order and cuts where the pack says a new part begins:

1. The front sheet is recognised on page 1 and its numbered items are read, noting which
   items have papers in the pack and which one is the previous meeting's minutes.
2. Every minutes heading, report header and agenda marker after it is a candidate start.
   A report header is matched to an agenda item by title; a header that repeats the current
   report (an executive summary, then the full report) continues it; a header for the same
   item but another meeting is a paper attached to that item (an appendix).
3. Inside a report, the end matter ("Report Author:", "Background Papers", "Appendices")
   closes the report text; what follows it is the report's appendices, cut where a listed
   appendix title is printed again.

Page ranges are physical pages. A part whose first line is not the first body line of its
page shares that page with the part before it (the pack was re-typeset without page breaks
between papers), so ranges are contiguous and overlap only on such a shared page. Blank pages
belong to the part before them. A document without a front sheet is one part.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from extractor.model import Document, Line
from kernel.text import iso_date, normalise_name, printed_date
from rules.documents import documents_pack
from rules.packs import load_pack
from rules.reading import Part, Reading

RULE_WHOLE = "parts.whole_document.v1"
RULE_FRONT = "parts.front_sheet.v1"
RULE_MINUTES = "parts.minutes.v1"
RULE_REPORT = "parts.report_header.v1"
RULE_MARKER = "parts.agenda_marker.v1"
RULE_UNHEADED = "parts.unheaded_item.v1"
RULE_ATTACHED = "parts.attached_report.v1"
RULE_APPENDIX = "parts.appendix.v1"


class FrontSheetRules(BaseModel):
    """How a front sheet closes and what of it the split needs. What a front sheet prints — its
    meeting labels, item lines, page ranges and part headings — is described once, in the
    agenda pack (``rules/packs/agenda.yaml``), which the agenda family reads too."""

    signals: list[str]
    min_signals: int = 2
    title: str
    item_pages_wrapped: str
    minutes_item: str
    closing_lines: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class FrontSheetForms:
    """The printed forms of a front sheet, taken from the agenda pack."""

    meeting: str
    date: str
    item: str
    item_pages: str
    part_headings: tuple[re.Pattern[str], ...]  # named group ``part``

    def private(self, text: str) -> bool:
        """A part heading of the private part of the agenda (Part II)."""
        for pattern in self.part_headings:
            m = pattern.match(text)
            if m and m.group("part").upper() not in ("I", "1"):
                return True
        return False


@functools.cache
def front_sheet_forms() -> FrontSheetForms:
    from rules.meetings.packs import AgendaPack

    agenda = load_pack("agenda", AgendaPack)

    def labelled(key: str, group: str) -> str:
        names = "|".join(re.escape(label) for label in agenda.meeting_labels.get(key, []))
        return rf"^(?:{names})\s*:\s*(?P<{group}>.+)$"

    return FrontSheetForms(meeting=labelled("body", "body"), date=labelled("date", "date"), item=agenda.item_line[0],
                           item_pages=agenda.pages, part_headings=tuple(h.regex for h in agenda.part_headings))


class MinutesRules(BaseModel):
    headers: list[str]
    lead_in: list[str] = Field(default_factory=list)
    title: str
    draft_title: str


class ReportHeaderRules(BaseModel):
    issuer: str
    body: str
    date: str
    subject: str
    anchors: list[str] = Field(default_factory=list)
    max_title_lines: int = 2
    marker_window: int = 8
    attached_title: str


class EndMatterRules(BaseModel):
    labels: list[str]
    appendix_labels: list[str]
    appendix_item: str
    appendix_split: str
    none: str
    max_value_lines: int = 4
    max_value_words: int = 16
    min_value_size: float = 0.8
    min_appendix_lines: int = 5
    listed_line: str
    appendix_heading_extra_words: int = 2
    appendix_heading_start: str = "^"
    appendix_title: str


class MatchingRules(BaseModel):
    stopwords: list[str] = Field(default_factory=list)
    item: float = 0.5
    appendix: float = 0.6
    continuation: float = 0.8


class PartsPack(BaseModel):
    front_sheet: FrontSheetRules
    minutes: MinutesRules
    report_header: ReportHeaderRules
    agenda_marker: str
    noise: list[str] = Field(default_factory=list)
    end_matter: EndMatterRules
    matching: MatchingRules
    single_document_kinds: dict[str, str] = Field(default_factory=dict)


@functools.cache
def parts_pack() -> PartsPack:
    return load_pack("parts", PartsPack)


@functools.cache
def _rx(pattern: str) -> re.Pattern[str]:
    """A pack pattern with {DATE}/{BODY} filled in from the documents pack."""
    docs = documents_pack()
    return re.compile(pattern.replace("{DATE}", f"(?:{docs.date})").replace("{BODY}", f"(?:{docs.body})"))


def _match(patterns: str | list[str], text: str) -> re.Match[str] | None:
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        m = _rx(pattern).search(text)
        if m:
            return m
    return None


def _words(text: str, stop: frozenset[str]) -> set[str]:
    words = (w.strip(".,;:()'’\"–").lower().replace("’", "'") for w in re.split(r"[\s/-]+", text))
    return {w for w in words if w and w not in stop}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two titles' word sets, stopwords left out."""
    stop = frozenset(parts_pack().matching.stopwords)
    wa, wb = _words(a, stop), _words(b, stop)
    return 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0


@dataclass
class Item:
    number: str
    title: str
    has_papers: bool
    is_minutes: bool
    used: bool = False


@dataclass
class Start:
    """Where a part begins: the index of its first line in the body-line stream."""

    index: int
    kind: str  # front_sheet | minutes | report | appendix
    title: str
    rule: str
    agenda_number: str | None = None
    body: str | None = None  # of a report header: the meeting it was written for
    date: str | None = None
    header_title: str = ""
    headers: list[int] = field(default_factory=list)  # lines of the headers merged into it


@dataclass
class Header:
    index: int  # first line of the header (issuer, or body/date)
    kind: str  # minutes | report | marker
    title: str = ""
    body: str | None = None
    date: str | None = None
    number: str | None = None
    draft: bool = False


def _body_lines(document: Document, pack: PartsPack) -> list[tuple[Line, str]]:
    out = []
    for page in document.pages:
        for line in page.lines:
            if line.furniture:
                continue
            text = line.text
            for pattern in pack.noise:
                text = _rx(pattern).sub(" ", text)
            text = " ".join(text.split())
            if text:
                out.append((line, text))
    return out


def split_parts(reading: Reading) -> list[Part]:
    """The parts of a pack; a document that is not a pack is one part, of the kind its genre says."""
    pack = parts_pack()
    document = reading.document
    lines = _body_lines(document, pack)
    whole = [Part(kind=pack.single_document_kinds.get(reading.genre.name, "document"),  # type: ignore[arg-type]
                  title=reading.meta.title or document.file, page_start=1, page_end=document.page_count,
                  rule=RULE_WHOLE)]
    front = _front_sheet(lines, pack)
    if front is None:
        return whole
    front_start, close_index, items, meeting_date = front
    headers = _headers(lines, pack, close_index)
    headed = _headed_items(pack, headers, items)
    starts = [front_start, *_assign(lines, pack, headers, items, close_index, meeting_date)]
    starts = _appendices(lines, pack, starts, items, headed)
    return _to_parts(document, lines, starts)


# --- the front sheet -------------------------------------------------------------------------

def _front_sheet(lines: list[tuple[Line, str]], pack: PartsPack) -> tuple[Start, int, list[Item], str | None] | None:
    """The front sheet's start, the index of its last line, its items and the meeting date."""
    rules, forms = pack.front_sheet, front_sheet_forms()
    page_one = [t for ln, t in lines if ln.page == 1]
    if sum(any(_rx(s).search(t) for t in page_one) for s in rules.signals) < rules.min_signals:
        return None
    body = date = meeting_date = None
    for t in page_one:
        m = _rx(forms.meeting).search(t)
        body = body or (normalise_name(m.group("body")) if m else None)
        m = _rx(forms.date).search(t)
        iso = iso_date(m.group("date")) if m else None
        meeting_date = meeting_date or iso
        date = date or (printed_date(iso) if iso else None)
    items: list[Item] = []
    close = None
    expected, in_part_two = 1, False
    for i, (_, text) in enumerate(lines):
        if in_part_two:
            if any(_rx(p).search(text) for p in rules.closing_lines):
                close = i
                continue
            break
        if forms.private(text):
            in_part_two, close = True, i
            continue
        if _match([pack.agenda_marker], text) or _match(pack.minutes.headers, text):
            break  # the papers began before any "Part II" line
        m = _rx(forms.item).match(text)
        if m and int(m.group("number")) == expected:
            nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
            papers = bool(_rx(forms.item_pages).search(text) or _rx(rules.item_pages_wrapped).search(text))
            title = _rx(rules.item_pages_wrapped).sub("", _rx(forms.item_pages).sub("", m.group("title"))).strip()
            papers = papers or bool(_rx(rules.item_pages_wrapped).match(nxt))
            if not papers and _rx(forms.item_pages).search(nxt) and not _rx(forms.item).match(nxt):
                # "11 Wiltshire's Readiness ... Participation Age" then "(RPA) (Pages 7 - 34)"
                papers = True
                title = f"{title} {_rx(forms.item_pages).sub('', nxt)}".strip()
            items.append(Item(number=m.group("number"), title=title, has_papers=papers,
                              is_minutes=bool(_rx(rules.minutes_item).search(title))))
            expected += 1
        close = i if close is None or not in_part_two else close
    if close is None:
        return None
    title = rules.title.format(body=body or "", date=date or "").strip(" ,:")
    return Start(index=0, kind="front_sheet", title=title, rule=RULE_FRONT), close, items, meeting_date


# --- headers: minutes headings, report headers, agenda markers --------------------------------

def _headers(lines: list[tuple[Line, str]], pack: PartsPack, after: int) -> list[Header]:
    found: list[Header] = []
    i = after + 1
    while i < len(lines):
        line, text = lines[i]
        m = _rx(pack.agenda_marker).match(text)
        if m:
            found.append(Header(index=i, kind="marker", number=m.group("number")))
            i += 1
            continue
        m = _match(pack.minutes.headers, text)
        if m:
            start = i
            if i > 0 and lines[i - 1][0].page == line.page and _match(pack.minutes.lead_in, lines[i - 1][1]):
                start = i - 1
            found.append(Header(index=start, kind="minutes", body=normalise_name(m.group("body")),
                                date=iso_date(m.group("date")), draft=bool(m.group("draft"))))
            i += 1
            continue
        header = _report_header(lines, pack, i)
        if header:
            found.append(header)
            i = header.index + 3
            continue
        i += 1
    # A line can open a header only once (the issuer check looks back a line).
    return sorted({h.index: h for h in found}.values(), key=lambda h: h.index)


def _report_header(lines: list[tuple[Line, str]], pack: PartsPack, i: int) -> Header | None:
    """A report header whose body (or body and date) line is line i."""
    rh = pack.report_header
    page = lines[i][0].page
    text = lines[i][1]
    date_match = _rx(rh.date).match(text)
    if date_match and date_match.group("body"):  # "Children's Select Committee 31st May 2012"
        body, date, nxt = date_match.group("body"), date_match.group("date"), i + 1
    else:
        m = _rx(rh.body).match(text)
        if not m or i + 1 >= len(lines) or lines[i + 1][0].page != page:
            return None
        d = _rx(rh.date).match(lines[i + 1][1])
        if not d or d.group("body"):
            return None
        body, date, nxt = m.group("body"), d.group("date"), i + 2
    if nxt >= len(lines) or lines[nxt][0].page != page:
        return None
    issuer = i > 0 and lines[i - 1][0].page == page and bool(_rx(rh.issuer).match(lines[i - 1][1]))
    first = i - 1 if issuer else i
    subject = _rx(rh.subject).match(lines[nxt][1])
    if subject:
        title = subject.group("title")
    elif issuer:
        title_lines = []
        style = (lines[nxt][0].bold, round(lines[nxt][0].size))
        for j in range(nxt, min(nxt + rh.max_title_lines, len(lines))):
            line, t = lines[j]
            if line.page != page or (line.bold, round(line.size)) != style or _match(rh.anchors, t):
                break
            title_lines.append(t)
        if not title_lines:
            return None
        title = " ".join(title_lines)
    else:
        return None
    return Header(index=first, kind="report", title=" ".join(title.split()), body=normalise_name(body),
                  date=iso_date(date))


# --- which item each header opens ---------------------------------------------------------

def _headed_items(pack: PartsPack, headers: list[Header], items: list[Item]) -> set[str]:
    """Numbers of the items whose papers open with a header or marker of their own."""
    headed = {h.number for h in headers if h.kind == "marker" and h.number}
    for h in headers:
        if h.kind == "report":
            best = max(items, key=lambda it: similarity(h.title, it.title), default=None)
            if best is not None and similarity(h.title, best.title) >= pack.matching.item:
                headed.add(best.number)
    return headed


def _assign(lines: list[tuple[Line, str]], pack: PartsPack, headers: list[Header], items: list[Item],
            close: int, meeting_date: str | None) -> list[Start]:
    match = pack.matching
    by_number = {it.number: it for it in items}
    starts: list[Start] = []
    current: Start | None = None
    current_item: Item | None = None

    def next_item(before: Item | None = None) -> Item | None:
        """The first item with papers not yet given a part (in agenda order), before ``before``."""
        for it in items:
            if before is not None and int(it.number) >= int(before.number):
                return None
            if it.has_papers and not it.used and not it.is_minutes:
                return it
        return None

    def open_item(it: Item | None) -> None:
        nonlocal current_item
        if it is not None:
            it.used = True
        current_item = it

    pending_marker: Header | None = None
    for n, h in enumerate(headers):
        first_item_start = h.index
        if h.kind == "marker":
            it = by_number.get(h.number or "")
            nxt = headers[n + 1] if n + 1 < len(headers) else None
            if nxt is not None and nxt.kind != "marker" and nxt.index - h.index <= pack.report_header.marker_window:
                pending_marker = h  # the header that follows gives the title
                continue
            _unheaded(lines, starts, items, it, close, h.index, next_item)
            if it is not None and it is current_item:
                current = Start(index=h.index, kind="appendix", title=it.title, rule=RULE_MARKER,
                                agenda_number=it.number)
            else:
                open_item(it)
                current = Start(index=h.index, kind="report", title=it.title if it else f"Agenda item {h.number}",
                                rule=RULE_MARKER, agenda_number=h.number)
            starts.append(current)
            continue
        if pending_marker is not None:
            first_item_start = pending_marker.index
        if h.kind == "minutes":
            it = next((i for i in items if i.is_minutes and i.has_papers and not i.used), None)
            if it is None and pending_marker is not None:
                it = by_number.get(pending_marker.number or "")
            open_item(it)
            template = pack.minutes.draft_title if h.draft else pack.minutes.title
            date = printed_date(h.date) if h.date else ""
            current = Start(index=first_item_start, kind="minutes", title=template.format(body=h.body, date=date),
                            rule=RULE_MINUTES, agenda_number=it.number if it else None)
            starts.append(current)
            pending_marker = None
            continue
        # a report header
        if (current is not None and current.kind in ("report", "appendix") and pending_marker is None
                and (h.body, h.date) == (current.body, current.date)
                and similarity(h.title, current.header_title) >= match.continuation):
            current.headers.append(h.index)  # the full report after its executive summary
            continue
        marked = by_number.get(pending_marker.number or "") if pending_marker else None
        candidates = [it for it in items if it.has_papers and not it.used and not it.is_minutes]
        best = max(candidates, key=lambda it: similarity(h.title, it.title), default=None)
        if marked is not None and marked is not current_item:
            it = marked
        elif best is not None and similarity(h.title, best.title) >= match.item:
            it = best
        elif current_item is not None and (
                similarity(h.title, current_item.title) >= match.item or marked is current_item
                or (current is not None and similarity(h.title, current.header_title) >= match.item)
                or (meeting_date is not None and h.date is not None and h.date != meeting_date)):
            # another paper for the item already open, or a report to another meeting: attached
            it = None
        else:
            it = next_item()
        if it is None and current_item is not None:
            title = pack.report_header.attached_title.format(
                title=h.title, body=h.body or "", date=printed_date(h.date) if h.date else "").strip()
            current = Start(index=first_item_start, kind="appendix", title=title, rule=RULE_ATTACHED,
                            agenda_number=current_item.number, body=h.body, date=h.date, header_title=h.title,
                            headers=[h.index])
        else:
            _unheaded(lines, starts, items, it, close, first_item_start, next_item)
            open_item(it)
            current = Start(index=first_item_start, kind="report", title=h.title, rule=RULE_REPORT,
                            agenda_number=it.number if it else None, body=h.body, date=h.date,
                            header_title=h.title, headers=[h.index])
        starts.append(current)
        pending_marker = None
    return starts


def _unheaded(lines, starts, items, it, close, index, next_item) -> None:
    """Papers printed without a header between the front sheet and the first part: they belong
    to the first agenda item with papers that has none yet, if it comes before ``it``."""
    if starts or close + 1 >= index:
        return
    prior = next_item(before=it) if it is not None else next_item()
    if prior is None:
        return
    prior.used = True
    kind = "minutes" if prior.is_minutes else "report"
    starts.append(Start(index=close + 1, kind=kind, title=prior.title, rule=RULE_UNHEADED,
                        agenda_number=prior.number))


# --- end matter and appendices ------------------------------------------------------------

def _appendices(lines: list[tuple[Line, str]], pack: PartsPack, starts: list[Start], items: list[Item],
                headed: set[str]) -> list[Start]:
    out: list[Start] = []
    used = {s.agenda_number for s in starts if s.agenda_number}
    for n, start in enumerate(starts):
        out.append(start)
        if start.kind not in ("report", "appendix"):
            continue
        stop = starts[n + 1].index if n + 1 < len(starts) else len(lines)
        last_header = max(start.headers, default=start.index)
        found = _end_matter(lines, pack, last_header, stop)
        if found is None:
            continue
        after, listed = found
        if stop - after < pack.end_matter.min_appendix_lines:
            continue
        if not listed and start.kind == "report" and start.agenda_number:
            # Nothing listed: what follows is the next item's papers when they have no header.
            later = [it for it in items if it.has_papers and not it.is_minutes
                     and int(it.number) > int(start.agenda_number)]
            if later and later[0].number not in headed and later[0].number not in used:
                used.add(later[0].number)
                out.append(Start(index=after, kind="report", title=later[0].title, rule=RULE_UNHEADED,
                                 agenda_number=later[0].number))
                continue
        # The first appendix starts right after the end matter; later ones where their listed
        # title is printed again.
        cuts = [(after, listed[0] if listed else _first_heading(lines, after, stop))]
        search_from = after + 1
        for title in listed[1:]:
            bare = _appendix_title(pack, title)
            for j in range(search_from, stop):
                heading = lines[j][0].bold or (
                    len(lines[j][1].split()) <= len(bare.split()) + pack.end_matter.appendix_heading_extra_words
                    and _rx(pack.end_matter.appendix_heading_start).match(lines[j][1]) is not None)
                if heading and similarity(lines[j][1], bare) >= pack.matching.appendix:
                    cuts.append((j, title))
                    search_from = j + 1
                    break
        for j, title in cuts:
            out.append(Start(index=j, kind="appendix", title=pack.end_matter.appendix_title.format(title=title),
                             rule=RULE_APPENDIX, agenda_number=start.agenda_number))
    return out


def _appendix_title(pack: PartsPack, listed: str) -> str:
    """A listed appendix without its label: "Appendix 1 – People Strategy" → "People Strategy"."""
    m = _rx(pack.end_matter.appendix_item).match(listed)
    return m.group("title") if m else _rx(pack.end_matter.listed_line).sub("", listed)


def _end_matter(lines: list[tuple[Line, str]], pack: PartsPack, first: int, stop: int) -> tuple[int, list[str]] | None:
    """The line after a report's end matter, and the appendices it lists."""
    em = pack.end_matter
    begin = next((j for j in range(first, stop) if _match(em.labels + em.appendix_labels, lines[j][1])), None)
    if begin is None:
        return None
    listed: list[str] = []
    in_list = False
    label_size = lines[begin][0].size
    since_label = 0
    j = begin
    label_page = lines[begin][0].page
    numbered = False
    while j < stop:
        line, text = lines[j]
        if _match(em.labels, text):
            in_list, since_label, label_size, label_page = False, 0, line.size, line.page
        elif _match(em.appendix_labels, text):
            in_list, since_label, label_size, label_page = True, 0, line.size, line.page
        elif _rx(em.none).match(text) and line.page == label_page:
            since_label += 1
        elif in_list and (_rx(em.appendix_item).match(text) or _rx(em.listed_line).match(text)):
            numbered = True
            listed += [p.strip() for p in _rx(em.appendix_split).split(text) if p.strip()]
        elif in_list and listed and not _appendix_title(pack, listed[-1]) and line.page == label_page:
            listed[-1] = f"{listed[-1]} {text}"  # "Appendix 3" at a line end, its title below
        elif (since_label < em.max_value_lines and len(text.split()) <= em.max_value_words
              and line.size >= em.min_value_size * label_size and line.page == label_page
              and not (in_list and numbered)):
            since_label += 1
            if in_list:
                listed.append(text)  # an appendix listed without a number ("Draft Business Plan")
        else:
            break
        j += 1
    return j, listed


def _first_heading(lines: list[tuple[Line, str]], first: int, stop: int) -> str:
    for j in range(first, min(stop, first + 12)):
        line, text = lines[j]
        if line.bold and 1 <= len(text.split()) <= 16:
            return text
    return lines[first][1]


# --- page ranges -----------------------------------------------------------------------------

def _to_parts(document: Document, lines: list[tuple[Line, str]], starts: list[Start]) -> list[Part]:
    starts = sorted({s.index: s for s in starts}.values(), key=lambda s: s.index)
    parts: list[Part] = []
    for n, start in enumerate(starts):
        page_start = lines[start.index][0].page if n else 1
        if n + 1 < len(starts):
            nxt = starts[n + 1].index
            nxt_page = lines[nxt][0].page
            shares = nxt > 0 and lines[nxt - 1][0].page == nxt_page  # the next part starts mid-page
            page_end = nxt_page if shares else nxt_page - 1
        else:
            page_end = document.page_count
        parts.append(Part(kind=start.kind, title=start.title, page_start=page_start,  # type: ignore[arg-type]
                          page_end=max(page_end, page_start), rule=start.rule, agenda_number=start.agenda_number,
                          report_header=start.rule in (RULE_REPORT, RULE_ATTACHED)))
    return parts
