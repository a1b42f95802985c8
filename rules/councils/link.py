"""The councils table and each council's completeness, made once every document is read.

``councils`` (linker) gathers the councils the documents were resolved to when they were read
(``Reading.council``, stored as ``documents.council_id``) into one row each, with how they
were matched and the names printed. ``councils.completeness`` runs after every other linker
and counts, per council, what was read and what is missing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from rules.councils.records import CompletenessRecord, CouncilRecord
from rules.councils.register import UNKNOWN, UNKNOWN_ID, Council, register, resolve_document
from rules.records import DocumentRecord, ErrorRecord, Record
from rules.registry import FAMILIES, linker

RULE = "councils.register.v1"
COMPLETENESS_RULE = "councils.completeness.v1"
# Errors that mean a document the corpus should hold is not there to read.
FETCH_GAP_CODES = ("E001", "E002", "E013", "E040", "E041")
MINUTES_KINDS = ("minutes", "decisions")
# The family that lists pages with decision cues and no decision read (the meetings rule sets).
UNREAD_FAMILY = "checks.unread_decisions.v1"
UNREAD_TABLE = "pages_with_unread_decisions"


def council_of_document(document: DocumentRecord) -> Council:
    """The council a document record was resolved to, with everything the register says of it."""
    found = resolve_document(council=document.council, publisher=document.publisher,
                             source_url=document.source_url, body=document.body)
    wanted = getattr(document, "council_id", None)
    if not wanted or found.id == wanted:
        return found
    if wanted == UNKNOWN_ID:
        return UNKNOWN
    entry = register().by_slug(wanted)
    if entry is not None:
        return register().council(entry, getattr(document, "council_match", None) or "name", document.council)
    return Council(id=wanted, name=document.council or wanted, short_name=document.council, kind="other",
                   kind_name="Other body", matched_by=getattr(document, "council_match", None) or "name",
                   printed=document.council)


@linker("councils")
def councils(records: list[Record]) -> Iterable[Record]:
    """One row per council with documents (and 'unknown' when a document names none); documents
    made without a council (by code that does not resolve one) get theirs."""
    out: list[Record] = []
    by_council: dict[str, list[tuple[DocumentRecord, Council]]] = defaultdict(list)
    for doc in sorted((r for r in records if isinstance(r, DocumentRecord)), key=lambda d: d.document_id):
        council = council_of_document(doc)
        if doc.council_id != council.id:
            doc = doc.model_copy(update={"council_id": council.id, "council_match": council.matched_by})
            out.append(doc)
        by_council[council.id].append((doc, council))
    reg = register()
    for slug, docs in by_council.items():
        council = docs[0][1]
        county = reg.entries.get(council.county or "")
        matched = Counter(c.matched_by for _, c in docs)
        out.append(CouncilRecord(
            id=slug, document_id=docs[0][0].document_id, page=1, rule=RULE, name=council.name,
            short_name=council.short_name, kind=council.kind, kind_name=council.kind_name, nation=council.nation,
            register_code=council.register_code, gss_code=council.gss_code, registered=council.registered,
            current=council.current, end_date=council.end_date,
            replaced_by=[reg.entries[c].slug for c in council.replaced_by if c in reg.entries],
            county_id=county.slug if county else None,
            matched_by=", ".join(m for m, _ in matched.most_common()),
            names_printed=sorted({c.printed for _, c in docs if c.printed}), documents=len(docs),
        ))
    return out


@linker("councils.completeness", last=True)
def completeness(records: list[Record]) -> Iterable[Record]:
    """What was read and what is missing, per council."""
    docs = [r for r in records if isinstance(r, DocumentRecord)]
    council = {d.document_id: d.council_id or UNKNOWN_ID for d in docs}
    by_file = {d.file: d.council_id or UNKNOWN_ID for d in docs}
    of = lambda r: council.get(r.document_id or "", UNKNOWN_ID)  # noqa: E731
    tables: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        tables[r.table].append(r)
    count: dict[str, Counter[str]] = {t: Counter(of(r) for r in rows) for t, rows in tables.items()}
    failed: dict[str, set[str]] = defaultdict(set)
    gaps: Counter[str] = Counter()
    for e in tables.get("errors", []):
        if not isinstance(e, ErrorRecord) or not e.file:
            continue
        owner = by_file.get(e.file) or council.get(e.document_id or "") or UNKNOWN_ID
        failed[owner].add(e.file)
        if e.code in FETCH_GAP_CODES:
            gaps[owner] += 1
    decided = {d.meeting_id for d in tables.get("decisions", []) if getattr(d, "meeting_id", None)}
    decisions_at: Counter[str] = Counter(d.meeting_id for d in tables.get("decisions", []) if getattr(d, "meeting_id", None))
    items_at: Counter[str] = Counter(a.meeting_id for a in tables.get("agenda_items", []) if getattr(a, "meeting_id", None))
    unread_checked = UNREAD_FAMILY in FAMILIES  # hook: the meetings rule sets' check, where it is installed
    out: list[Record] = []
    listed = {r.id for r in tables.get("councils", [])}
    if failed.get(UNKNOWN_ID) and UNKNOWN_ID not in listed:  # files read by no one: the unknown council's
        out.append(CouncilRecord(id=UNKNOWN_ID, document_id="", page=1, rule=RULE, name=UNKNOWN.name,
                                 kind=UNKNOWN.kind, kind_name=UNKNOWN.kind_name, registered=False, matched_by="none"))
    for slug in sorted(set(council.values()) | set(failed)):
        own_docs = [d for d in docs if (d.council_id or UNKNOWN_ID) == slug]
        meetings = [m for m in tables.get("meetings", []) if of(m) == slug]
        with_minutes = [m for m in meetings if m.kind in MINUTES_KINDS or m.id in decided]
        agenda = [m for m in meetings if items_at[m.id]]
        decisions = count.get("decisions", Counter())[slug]
        notes = []
        if not unread_checked:
            notes.append("pages with unread decisions: not checked (the unread-decisions check is not installed)")
        if slug == UNKNOWN_ID:
            notes.append("documents that name no council, and files that could not be read at all")
        out.append(CompletenessRecord(
            document_id=own_docs[0].document_id if own_docs else "", page=1, rule=COMPLETENESS_RULE, council_id=slug,
            documents=len(own_docs), pages=count.get("pages", Counter())[slug], documents_failed=len(failed[slug]),
            genres=dict(sorted(Counter(d.genre for d in own_docs).items())), meetings=len(meetings),
            meetings_with_minutes=len(with_minutes), meetings_without_minutes=len(meetings) - len(with_minutes),
            meetings_without_decisions=sum(1 for m in with_minutes if not decisions_at[m.id]), decisions=decisions,
            decisions_per_meeting=round(decisions / len(with_minutes), 2) if with_minutes else None,
            agenda_items_per_meeting=round(sum(items_at[m.id] for m in agenda) / len(agenda), 2) if agenda else None,
            plans=count.get("plans", Counter())[slug], indicators=count.get("indicators", Counter())[slug],
            unread_decision_pages=count.get(UNREAD_TABLE, Counter())[slug] if unread_checked else None,
            fetch_gaps=gaps[slug], notes="; ".join(notes) or None,
        ))
    return out
