"""Document metadata: from the corpus manifest when there is one, else read off the first pages.

The manifest is optional. Without it, title, council, body, meeting date and plan period are
read from the document itself by the ``documents`` rule pack (``rules/packs/documents.yaml``):
the patterns name layouts ("Meeting: Cabinet" on an agenda front sheet, a body printed over
its date on a report, a plan's cover), so a new council's layout is a new pack file, not new
code. The PDF's own metadata is only a fallback for the title, and for the council only when
the pages name the same council: producers leave it empty, stale or set to a person.

The council is the one the document names itself — in its heading (first lines, running
header or footer), else the council its text names as itself most often — never a council it
names as another body (one it writes to, works with, reports on) or as someone's affiliation
("Councillor J Frith of Redmire Parish Council"): ``rules/councils/mentions.py`` reads where and
in what role each name is printed. The manifest's council is used only where the page cannot
tell (``council_source``: page for its heading, text for the count, manifest or unknown), and a
count gives way to the meeting-system site the document was fetched from
(``rules/councils/register.py``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from extractor.model import Document
from kernel.text import SMALL_WORDS, iso_date, normalise_name, printed_date, regex
from rules.packs import load_pack
from rules.reading import DocumentMeta, Reading

# Words that never name a body on their own: a body pattern that captures only these (the
# "the" of "Minutes of the meeting held on") has matched the wrong words, so it is skipped.
# ... nor a kind of meeting alone ("Minutes of the Ordinary Meeting held on ...").
_NOT_BODY_WORDS = SMALL_WORDS | {"meeting", "minutes", "draft", "agenda", "report", "ordinary", "extraordinary",
                                 "extra", "annual", "monthly", "special", "regular", "statutory", "general"}



class DocumentsPack(BaseModel):
    first_pages: int = 2
    date: str
    body: str
    # Per genre: a title template with {body} and {date} for genres whose title is not
    # printed as such (an agenda pack's), and the body when the pages name none.
    genre_titles: dict[str, str] = Field(default_factory=dict)
    genre_bodies: dict[str, str] = Field(default_factory=dict)
    titles: list[str] = Field(default_factory=list)
    generic_headings: list[str] = Field(default_factory=list)
    subtitles: list[str] = Field(default_factory=list)
    bodies: list[str] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)
    dates_last_resort: list[str] = Field(default_factory=list)
    publishers: list[str] = Field(default_factory=list)
    # Words a council's name never starts with: "That Council", "Recommend to Council".
    not_council_words: list[str] = Field(default_factory=list)
    not_councils: list[str] = Field(default_factory=list)
    not_council_names: list[str] = Field(default_factory=list)
    council_kind_words: list[str] = Field(default_factory=list)
    header_lines: int = 8
    council_affiliations: list[str] = Field(default_factory=list)
    body_aliases: dict[str, str] = Field(default_factory=dict)
    body_roles: list[str] = Field(default_factory=list)
    body_lead_ins: list[str] = Field(default_factory=list)
    body_trailing_kinds: str = r"(?!)"
    body_not_names: list[str] = Field(default_factory=list)
    principal_kind_words: list[str] = Field(default_factory=list)
    deciding_body_genres: list[str] = Field(default_factory=list)
    deciding_body: str = "Cabinet|Council|Executive"
    deciding_bodies: list[str] = Field(default_factory=list)
    whole_council_kinds: list[str] = Field(default_factory=list)
    unnamed_bodies: list[str] = Field(default_factory=list)
    meeting_record_cues: list[str] = Field(default_factory=list)
    opening_date_chars: int = 300
    not_meeting_date_before: list[str] = Field(default_factory=list)
    plan_periods: list[str] = Field(default_factory=list)

    def compile(self, pattern: str) -> re.Pattern[str]:
        """A pack pattern with its {DATE}/{BODY}/{DBODY} placeholders filled in, multi-line mode."""
        text = pattern.replace("{DATE}", f"(?:{self.date})").replace("{BODY}", f"(?:{self.body})")
        text = text.replace("{DBODY}", f"(?:{self.deciding_body})")
        return regex(text, re.MULTILINE)


@functools.cache
def documents_pack() -> DocumentsPack:
    return load_pack("documents", DocumentsPack)


def metadata_from_manifest(entry: dict[str, Any]) -> DocumentMeta:
    fields = {k: entry.get(k) for k in DocumentMeta.model_fields if k not in ("source", "council_source")}
    fields["council"] = fields.get("council") or entry.get("publisher")
    return DocumentMeta(**fields, source="manifest", council_source="manifest" if fields["council"] else "unknown")


def document_metadata(reading: Reading, manifest: dict[str, Any] | None) -> DocumentMeta:
    """What is known of a document: the manifest's entry where it describes the document,
    else what its first pages say — and in both cases the council the document names in its
    own first lines, the manifest's council where the page cannot tell."""
    described = manifest and any(manifest.get(k) for k in ("title", "body", "meeting_date", "publisher", "council"))
    if not described:
        meta = metadata_from_pages(reading)
        if not meta.council and manifest and (manifest.get("council") or manifest.get("publisher")):
            meta.council = manifest.get("council") or manifest.get("publisher")
            meta.publisher = meta.publisher or meta.council
            meta.council_source = "manifest"
        return meta
    meta = metadata_from_manifest(manifest)
    named, source = page_council(reading.document)
    if source == "page":
        meta.council, meta.council_source = named, "page"
    elif not meta.council:
        meta.council, meta.council_source = named, source
    return meta


def first_pages_text(document: Document, pages: int) -> str:
    return "\n".join(p.text for p in document.pages[:pages])


def metadata_from_pages(reading: Reading) -> DocumentMeta:
    """Read title, council, body, meeting date and plan period off the first pages."""
    pack = documents_pack()
    document = reading.document
    text = first_pages_text(document, pack.first_pages)
    genre = reading.genre.name

    # The council the document names itself: in its first lines, else the one its text
    # names most often (a report names the children in care council it works with once or
    # twice, and its own council throughout).
    council, council_source = page_council(document, pack)
    body = _first_group(pack, pack.bodies, text, "body", accept=is_body_name)
    body = body_name(body, council, pack) if body else None
    if not body and genre in pack.deciding_body_genres:
        all_text = "\n".join(p.text for p in document.pages)
        body = deciding_body(pack, all_text, council)
        if not body and _meeting_record(pack, genre, all_text):
            body = whole_council_body(pack, council) or (None if council else heading_meeting_kind(pack, document))
    body = body or pack.genre_bodies.get(genre)
    date_text = _earliest_group(pack, pack.dates, text, "date") \
        or _first_group(pack, pack.dates_last_resort, text, "date")
    if not date_text and _meeting_record(pack, genre, text):
        date_text = opening_date(pack, document.pages[0].text if document.pages else "")
    meeting_date = iso_date(date_text) if date_text else None

    title = None
    template = pack.genre_titles.get(genre)
    if template and body and meeting_date:
        title = template.format(body=body, date=printed_date(meeting_date))
    title = title or _printed_title(document, pack, text)
    source: str = "pages"
    if not title and document.pdf_metadata.get("Title"):
        title, source = document.pdf_metadata["Title"], "pdf_metadata"
    return DocumentMeta(
        title=title, council=council, publisher=council, body=body, meeting_date=meeting_date,
        plan_period=plan_period(document, pack), source=source,  # type: ignore[arg-type]
        council_source=council_source,  # type: ignore[arg-type]
    )


def council_in_header(pack: DocumentsPack, document: Document) -> str | None:
    """The council the document names in its heading (``rules/councils/mentions.py``)."""
    name, source = page_council(document, pack)
    return name if source == "page" else None


def page_council(document: Document, pack: DocumentsPack | None = None) -> tuple[str | None, str]:
    """The council the document's pages name as its own, and where: ("page") its heading, else
    ("text") the name its text gives as its own most often, else the PDF's Author field when the
    text prints that council too (an Author field is often a person, a department or a
    template's leftover); (None, "unknown") when none. Names printed as another body's or as
    someone's affiliation never count (``rules/councils/mentions.py``)."""
    from rules.councils.mentions import document_council, mentions

    pack = pack or documents_pack()
    name, source = document_council(mentions(document))
    if name:
        return name, source
    author = document.pdf_metadata.get("Author")
    text = "\n".join(p.text for p in document.pages)
    if author and council_name(pack, author) and author.strip().lower() in text.lower():
        return council_name(pack, author), "text"
    return None, "unknown"


def council_name(pack: DocumentsPack, text: str) -> str | None:
    """A captured name without the words running text puts before it ("The Highland Council"
    → "Highland Council"); None when nothing names a council ("That Council", "Full Council")."""
    words = " ".join(text.split()).split(" ")
    stop = {w.lower() for w in pack.not_council_words}
    joiners = {"and", "of", "upon", "on", "in", "the", "with"}
    # Everything up to the last stop word is running text ("Minute of Meeting of Aberdeen City
    # Council"); a lower-case joiner inside a name ("Argyll and Bute") is not a stop word.
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in stop and w not in joiners), default=0)
    words = words[cut:]
    while words and words[0].lower() in joiners:
        words = words[1:]
    name = " ".join(words)
    kinds = {w.lower() for w in pack.council_kind_words}
    if not any(w.lower() not in kinds for w in words) or any(re.search(p, name) for p in pack.not_councils) \
            or any(re.search(p, name) for p in pack.not_council_names):
        return None
    return normalise_name(name)


_NOT_BODY_DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                        "february", "march", "april", "may", "june", "july", "august", "september", "october",
                        "november", "december", "st", "nd", "rd", "th", "of", "at", "on", "am", "pm"}


def body_name(text: str | None, council: str | None = None, pack: DocumentsPack | None = None) -> str | None:
    """A body read off the page as the documents table names it (``rules/packs/documents.yaml``,
    "The body"): never a weekday or a date; the clerk's abbreviation spelt out; a decision
    maker's role without the person; the committee of "<authority> - <committee>"; and the
    council itself as the kind of meeting it is ("Parish Council", "Council")."""
    pack = pack or documents_pack()
    if not text:
        return None
    body = normalise_name(text)
    for lead_in in pack.body_lead_ins:
        body = re.sub(lead_in, "", body).strip()
    # The council's own name printed before its body ("Merton Council Cabinet Meeting ..."): the
    # body, unless what is left names no particular body ("West of England Combined Authority
    # Committee" is that committee's name).
    rest = body[len(council) + 1:].lstrip("-–:, ") if council and body.lower().startswith(council.lower() + " ") else ""
    if rest and is_body_name(rest) and rest.lower() not in {k.lower() for k in pack.unnamed_bodies}:
        body = rest
    if not body or any(re.search(p, body) for p in pack.body_not_names):
        return None
    body = re.sub(pack.body_trailing_kinds, "", body).strip() or body
    body = re.sub(r"(?i)\s+meeting(?:\s+minutes)?$", "", body).strip() or body
    body = pack.body_aliases.get(body, body)
    if not is_body_name(body) or all(w in _NOT_BODY_DATE_WORDS for w in re.findall(r"[a-z]+", body.lower())):
        return None
    _person, comma, role = body.partition(", ")
    if comma and any(re.match(p, role) for p in pack.body_roles):
        body = role
    authority, dash, committee = body.partition(" - ")
    # "<authority> - <committee>": the authority's name ends in a kind of authority ("Wiltshire
    # Council - Cabinet"); "Cabinet Member - Highways and Flood" is a maker, whole.
    names_authority = authority.split()[-1].lower() in {w.lower() for w in pack.council_kind_words} if dash else False
    if dash and names_authority and council_name(pack, authority) and is_body_name(committee):
        body = committee
    if (council and body.lower() == council.lower()) or _names_the_council(pack, body, council):
        body = _kind_of(pack, body)
    return body


def _names_the_council(pack: DocumentsPack, body: str, council: str | None) -> bool:
    """Whether a body read off the page is a council's own name — the document's council by
    another form of its name ("Greenwich Council" for the Royal Borough of Greenwich), or any
    council when the page names none — so the body is that council meeting as a whole."""
    from rules.councils.register import resolve_name

    if body.split()[-1].lower() not in {w.lower() for w in pack.council_kind_words} or council_name(pack, body) != body:
        return False
    named = resolve_name(body)
    if named is None:
        return False
    own = resolve_name(council) if council else None
    return own is None if council is None else own is not None and own.id == named.id


def _meeting_record(pack: DocumentsPack, genre: str, text: str) -> bool:
    """Whether a document is read as a meeting's record for its body and date fallbacks: a
    meeting-record genre, or `other` with an attendance or apologies line (a news story about a
    council is no meeting of it)."""
    if genre not in pack.deciding_body_genres:
        return False
    return genre != "other" or any(pack.compile(p).search(text) for p in pack.meeting_record_cues)


def opening_date(pack: DocumentsPack, page_text: str) -> str | None:
    """The first whole date in the opening of a meeting record's first page, where no layout
    the pack names gives the meeting's date ("Meeting 7.30pm Monday 3rd December 2018",
    "Issue - decisions … 03/07/2018 - …"): not a date the words before it give to something
    else (the previous meeting, publication, the call-in deadline)."""
    opening = page_text[: pack.opening_date_chars]
    for match in pack.compile("(?P<date>{DATE})").finditer(opening):
        before = opening[max(0, match.start() - 80) : match.start()]
        if not any(re.search(p, before) for p in pack.not_meeting_date_before):
            return match.group("date")
    return None


def deciding_body(pack: DocumentsPack, text: str, council: str | None = None) -> str | None:
    """The body a meeting record names most often as the subject of its decisions ("Cabinet
    RESOLVED", "That the Council notes"), made a body name as ``body_name`` makes one; another
    council named as deciding ("the District Council agreed" in a parish's minutes) is not
    this document's body."""
    counts: Counter[str] = Counter()
    unnamed = {k.lower() for k in pack.unnamed_bodies}
    others = {k.lower() for k in _other_kinds(pack, council)}
    for pattern in pack.deciding_bodies:
        for match in pack.compile(pattern).finditer(text):
            named = " ".join(match.group("body").split())
            names_a_council = named.split()[-1].lower() == "council" and council_name(pack, named)
            if names_a_council and not (council and named.lower() == council.lower()):
                continue
            body = body_name(named, council, pack)
            if body and body.lower() in unnamed:
                continue  # "the Committee resolved": which committee, the page does not say here
            if body and body.lower() in {"council", "full council"}:
                body = whole_council_body(pack, council) or body  # a parish's "the Council resolved"
            if body and body.lower() not in others:
                counts[body] += 1
    return counts.most_common(1)[0][0] if counts else None


def _other_kinds(pack: DocumentsPack, council: str | None) -> list[str]:
    """Kinds of council a decision's subject may name that are not this council's meeting:
    "the Parish Council agreed" in a district council's minutes is a parish's decision."""
    own = _kind_of(pack, council) if council else None
    kinds = [*pack.whole_council_kinds, "County Council", "District Council", "Borough Council", "City Council"]
    return [k for k in kinds if not own or k.lower() != own.lower()]


def heading_meeting_kind(pack: DocumentsPack, document: Document) -> str | None:
    """The kind of whole-council meeting (``whole_council_kinds``) the first page's heading
    region names by its kind alone, starting a line or after a heading's lead-in ("Parish
    Council Meeting Zoom meeting ...", "COMMUNITY COUNCIL", "Town Council held their meeting
    on ..."), with council names printed as another body's or someone's left out: the body of
    a parish's minutes that print neither the parish's name nor a body heading."""
    from rules.councils.mentions import first_page_text, mention_roles
    from rules.councils.register import councils_pack

    roles = mention_roles(councils_pack().mentions)
    kinds = sorted(pack.whole_council_kinds, key=len, reverse=True)
    for line in first_page_text(document).split("\n"):
        for kind in kinds:
            match = re.search(rf"(?i)\b{re.escape(kind)}\b", line)
            if match and roles.heading_lead(re.sub(r"(?i)\bthe\s*$", "", line[: match.start()])):
                return kind
    return None


def whole_council_body(pack: DocumentsPack, council: str | None) -> str | None:
    """The council's own meeting, for minutes of a kind of authority that meets as a whole
    (``whole_council_kinds``) whose pages name no body."""
    if not council:
        return None
    kind = _kind_of(pack, council)
    return kind if kind.lower() in {k.lower() for k in pack.whole_council_kinds} else None


def _kind_of(pack: DocumentsPack, name: str) -> str:
    """The kind of authority a council's name ends with: "Melton Parish Council" → "Parish
    Council", "Argyll and Bute Council" → "Council", "Cheshire Police and Crime Panel" →
    "Police and Crime Panel"."""
    kinds = {w.lower() for w in pack.council_kind_words} - {"and", "of", "royal", "london"}
    words = name.split()
    first = next((i for i, w in enumerate(words) if w.lower() in kinds
                  and all(x.lower() in kinds | {"and", "of"} for x in words[i:])), None)
    if first is None:
        return name
    kind = words[first:]
    # "Dundee City Council" meets as the "Council" (a principal council's meeting system names it
    # so); "Melton Parish Council" as the "Parish Council".
    principal = {w.lower() for w in pack.principal_kind_words}
    while len(kind) > 1 and kind[0].lower() in principal and kind[-1].lower() == "council":
        kind = kind[1:]
    return " ".join(kind)


def is_body_name(text: str) -> bool:
    """Whether a captured body names something: not only stop words ("the", "meeting")."""
    words = re.findall(r"[A-Za-z'’&]+", text.lower())
    return any(w not in _NOT_BODY_WORDS for w in words)


def _earliest_group(pack: DocumentsPack, patterns: list[str], text: str, group: str) -> str | None:
    """The group of the match printed first in the text, whichever pattern made it (two layouts
    matching at one place: the one the pack lists first)."""
    found = [(m.start(), k, m.group(group)) for k, pattern in enumerate(patterns)
             for m in [next((m for m in pack.compile(pattern).finditer(text) if m.group(group)), None)] if m]
    return min(found)[2] if found else None


def _first_group(pack: DocumentsPack, patterns: list[str], text: str, group: str,
                 accept: Callable[[str], bool] | None = None) -> str | None:
    """The first match of the first pattern that matches (and whose group ``accept`` allows)."""
    for pattern in patterns:
        for match in pack.compile(pattern).finditer(text):
            value = match.group(group)
            if value and (accept is None or accept(value)):
                return value
    return None


def _printed_title(document: Document, pack: DocumentsPack, text: str) -> str | None:
    """The title as printed: a layout the pack names, else the largest heading on the first
    pages that is not a section name, with its subtitle line (the period a report covers)."""
    for pattern in pack.titles:
        match = pack.compile(pattern).search(text)
        if match and match.group("title"):
            return normalise_name(match.group("title"))
    generic = [pack.compile(p) for p in pack.generic_headings]
    subtitles = [pack.compile(p) for p in pack.subtitles]
    best: tuple[float, int, int] | None = None  # (-size, page, index) of the chosen line
    lines = [[ln for ln in page.lines if not ln.furniture] for page in document.pages[: pack.first_pages]]
    for p, page_lines in enumerate(lines):
        for i, line in enumerate(page_lines):
            words = line.text.split()
            if not line.bold or not 1 <= len(words) <= 20 or any(g.match(line.text.strip()) for g in generic):
                continue
            key = (-line.size, p, i)
            if best is None or key < best:
                best = key
    if best is None:
        return None
    _, p, i = best
    title = lines[p][i].text
    if i + 1 < len(lines[p]) and any(s.match(lines[p][i + 1].text.strip()) for s in subtitles):
        title = f"{title} {lines[p][i + 1].text}"
    return normalise_name(title)


def plan_period(document: Document, pack: DocumentsPack | None = None) -> str | None:
    """The plan period mentioned most often anywhere in the document ("2017-27" → 2017-2027);
    a plan is named in its own running text far more often than plans it refers back to."""
    pack = pack or documents_pack()
    text = "\n".join(p.text for p in document.pages)
    counts: Counter[str] = Counter()
    for pattern in pack.plan_periods:
        for match in pack.compile(pattern).finditer(text):
            start, end = match.group("start"), match.group("end")
            if len(end) == 2:
                end = start[:2] + end
            if int(start) < int(end) <= int(start) + 30:
                counts[f"{start}-{end}"] += 1
    return counts.most_common(1)[0][0] if counts else None
