"""A meeting's documents: which to fetch, what kind each is, its title and its file name.

ModernGov names meeting-level documents the same way on every site ("Agenda frontsheet",
"Public reports pack", "Printed minutes", "Printed decisions", "Supplement"), and an agenda
item's papers carry their own titles ("Report", "Appendix 1 - ..."). The kind becomes the
manifest's ``document_type`` (the vocabulary of the documents table), so the build reads an
agenda pack as one without guessing from its pages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `plans build` imports KIND_CHOICES, not the site parser
    from council_plans.fetch.moderngov import AgendaItem, LinkedDocument

# (pattern over the document's title, kind); the first that matches wins, anything else on an
# agenda item is a report. The front sheet is its own kind only to be dropped when the meeting
# also has a reports pack (the pack starts with the same front sheet).
KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bagenda\s+front\s*-?\s*sheet"), "agenda_frontsheet"),
    (re.compile(r"(?i)\breports?\s+pack|\bagenda\s+pack|\bsupplement"), "agenda_pack"),
    (re.compile(r"(?i)^\s*(?:printed\s+|draft\s+|signed\s+)?minutes\b"), "minutes"),
    (re.compile(r"(?i)^\s*(?:printed\s+)?decisions?\b|\bdecision\s+notice|\brecord\s+of\s+decisions?"),
     "decision_notice"),
)
KIND_CHOICES = ("agenda_pack", "minutes", "decision_notice", "report")
# Dates, times and sizes inside ModernGov's own document titles ("Public reports pack
# 20th-Jun-2017 09.30 Cabinet"): dropped from titles and file names, which say them once.
_NOISE = re.compile(
    r"(?i)\b\d{1,2}(?:st|nd|rd|th)?[- ][A-Za-z]{3,9}[- ]\d{4}\b|\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b"
)


@dataclass
class Planned:
    """A document chosen for download, with everything its manifest entry needs."""

    document: LinkedDocument
    kind: str  # agenda_pack | minutes | decision_notice | report
    item: AgendaItem | None  # None for the meeting's own documents


def document_kind(title: str, on_item: bool) -> str:
    for pattern, kind in KINDS:
        if pattern.search(title):
            return kind
    return "report" if on_item else "agenda_pack"


def plan_documents(meeting_documents: list[LinkedDocument], items: list[AgendaItem],
                   kinds: set[str] | None = None) -> list[Planned]:
    """The documents to fetch for one meeting, each once: the meeting's own (without its
    front sheet when a reports pack is there) and the papers of its public agenda items.
    Restricted items and documents, and section headings (item 0), are left out."""
    planned: list[Planned] = []
    own = [Planned(d, document_kind(d.title, on_item=False), None) for d in meeting_documents if not d.restricted]
    if any(p.kind == "agenda_pack" for p in own):
        own = [p for p in own if p.kind != "agenda_frontsheet"]
    for p in own:
        if p.kind == "agenda_frontsheet":
            p.kind = "agenda_pack"
    planned += own
    for item in items:
        if item.restricted or item.is_heading:
            continue
        planned += [Planned(d, document_kind(d.title, on_item=True), item) for d in item.documents if not d.restricted]
    seen: set[str] = set()
    out = []
    for p in planned:
        if p.document.url in seen or (kinds and p.kind not in kinds):
            continue
        seen.add(p.document.url)
        out.append(p)
    return out


def printed_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def clean_title(title: str, committee: str) -> str:
    """A ModernGov document title without the date, time and committee it repeats."""
    text = _NOISE.sub(" ", title)
    if committee:
        text = re.sub(rf"(?i)\s+{re.escape(committee)}\s*$", "", " ".join(text.split()))
    return " ".join(text.split()).strip(" ,-–") or title


def document_title(planned: Planned, committee: str, meeting_date: str) -> str:
    """The title the documents table shows: "Public reports pack, Cabinet, 20 June 2017" for
    the meeting's own documents; "Business Plan: Appendix 1" for an item's papers."""
    title = clean_title(planned.document.title, committee)
    if planned.item is None:
        return f"{title}, {committee}, {printed_date(meeting_date)}"
    item_title = planned.item.title
    if not item_title or item_title.lower() in title.lower():
        return title
    if title.lower() in item_title.lower():
        return item_title
    return f"{item_title}: {title}"


def slug(text: str, limit: int = 60) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ").replace("'", "").replace("’", ""))
    return text.strip("-")[:limit].rstrip("-") or "document"


def file_stem(planned: Planned, committee: str, meeting_date: str) -> str:
    """``2017-06-20-cabinet-public-reports-pack``, ``2017-06-20-cabinet-74-report``."""
    title = clean_title(planned.document.title, committee)
    number = planned.item.number if planned.item and planned.item.number else ""
    return "-".join(p for p in (meeting_date, slug(committee, 40), slug(number, 8) if number else "", slug(title)) if p)
