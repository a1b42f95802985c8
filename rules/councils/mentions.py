"""Where a document prints a council's name, and in what role: the evidence of its council.

A document names its own council where it names itself — its heading (the first lines of its
first page: letterhead, title, "Minutes of the meeting of X Council"), a running header or
footer ("© X Council") — and names other councils in its text: a neighbouring or principal
council a parish's minutes write to, the parish a planning decision is about, the council a
councillor also sits on. So every printed name (``documents`` pack: ``publishers``) is read
with its *role* (``councils`` pack: ``mentions``):

* ``heading``: in the heading region or a running line, starting its line (or after a heading's
  lead-in such as "Minutes of the meeting of") and not running on into a sentence;
* ``own``: in the text, as its subject or a name of its own ("X Council will", "the X Council
  representatives");
* ``other``: in the text after a word that makes it another body — a preposition ("to", "with",
  "from", "by", "the views of"), a list's "and";
* ``affiliation``: someone's council ("Councillor J Frith of Redmire Parish Council", "Les
  Sharp, Clackmannanshire Council", "being a Member of Morley Town Council"): never counted.

The document's council is its first heading name; else the name its own-role mentions give most
often, when no other name is given as often; else none. A name only ever printed in another
body's role or someone's never makes a document that council's, and a name printed in the text
gives way to the meeting-system site the document was fetched from (``register.resolve_document``).

A name is read whole: names in capitals are read in their words' case ("KIDWELLY TOWN
COUNCIL"), "&" joins names ("Lisburn & Castlereagh City Council"), a name running on over a
line break is one name, and the words before "of" in a capture are cut only when they are a
role ("Members of X Council"), never a place ("Boat of Garten and Vicinity Community Council",
"West of England Combined Authority"). A possessive of an authority's name ("Warwickshire's
Police and Crime Panel") describes that authority's body and names none.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from extractor.model import Document, Line
from kernel.text import normalise_name

if TYPE_CHECKING:
    from rules.documents import DocumentsPack

Role = Literal["heading", "own", "other", "affiliation"]
# What each role counts for, strongest first; a role not named here never counts.
ROLES: tuple[Role, ...] = ("heading", "own", "other", "affiliation")


@dataclass(frozen=True)
class Mention:
    """One council's name as printed: where (page, line, offset in the page's text) and its role."""

    name: str
    page: int
    line: int
    start: int
    end: int
    role: Role


# A body named by its area: "(Combined) Fire Authority for X", "Police and Crime Commissioner for X".
_AREA_NAME = re.compile(r"(?:Combined\s+)?(?:Fire\s+(?:and\s+Rescue\s+)?Authority|Police(?:,?\s+Fire)?\s+and\s+Crime\s+"
                        r"Commissioner)\s+for\s")

# What lies between two names of one list: a comma, "and", "&", "or".
_LIST = re.compile(r"\s*(?:[,;/]\s*)?(?:(?:and|or|&)\s+)?(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class _PageText:
    text: str
    lines: list[Line]
    starts: list[int]  # offset of each line in ``text``

    def line_at(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


def _capitals_in_case(text: str, kinds: Iterable[str]) -> str:
    """Names in capitals read in their words' case, the text's length unchanged: a line all in
    capitals ("THE CORPORATION OF THE TOWNSHIP OF PINE HOLLOW") and, in any line, a run of words
    in capitals that ends in a kind word ("KIDWELLY TOWN COUNCIL 18th JANUARY 2011")."""
    kind = "|".join(sorted({k.upper() for k in kinds}, key=len, reverse=True))
    small = {"AND", "OF", "UPON", "ON", "IN", "THE", "FOR"}

    def case(match: re.Match[str]) -> str:
        return re.sub(r"[A-Z][A-Z'’.-]*", lambda w: w.group(0).lower() if w.group(0) in small and w.start() > 0
                      else w.group(0)[0] + w.group(0)[1:].lower(), match.group(0))

    lines = [case(re.match(r"(?s).*", line)) if re.search(r"[A-Z]{2}", line) and line.upper() == line else line  # type: ignore[arg-type]
             for line in text.split("\n")]
    return re.sub(rf"\b(?:[A-Z][A-Z'’.-]*[ \t\n]+(?:&[ \t\n]+)?)+(?:{kind})\b", case, "\n".join(lines))


def _page_text(lines: list[Line], kinds: Iterable[str]) -> _PageText:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.text) + 1
    return _PageText(_capitals_in_case("\n".join(ln.text for ln in lines), kinds), lines, starts)


def mentions(document: Document, pages: int | None = None) -> list[Mention]:
    """Every council name printed on the document's pages (the first ``pages``), with its role."""
    from rules.councils.register import councils_pack
    from rules.documents import documents_pack

    pack, roles = documents_pack(), mention_roles(councils_pack().mentions)
    out = []
    for page in document.pages[:pages]:
        lines = [ln for ln in page.lines if ln.text.strip()]
        if not lines:
            continue
        body = [ln for ln in lines if not ln.furniture]
        heading_lines = {id(ln) for ln in body[: pack.header_lines]} if page.number == document.pages[0].number \
            else set()
        heading_lines |= {id(ln) for ln in lines if ln.furniture}
        pt = _page_text(lines, pack.council_kind_words)
        previous: Mention | None = None
        for start, name in _names(pack, pt.text):
            i = pt.line_at(start)
            end = _end_of(pt.text, start, name)
            role = _role(pack, roles, pt, i, start, end, id(pt.lines[i]) in heading_lines)
            # A name listed after another takes its role ("to Essex County Council, Essex Fire
            # Authority and the Police and Crime Commissioner").
            if previous is not None and role != "heading" and _LIST.fullmatch(pt.text[previous.end:start]):
                role = previous.role
            previous = Mention(name=name, page=page.number, line=i, start=start, end=end, role=role)
            out.append(previous)
    return out


def _names(pack: DocumentsPack, text: str) -> list[tuple[int, str]]:
    """(offset, name) of every council name the text prints, read whole."""
    from rules.councils.register import register
    from rules.documents import council_name

    out = []
    for pattern in pack.publishers:
        for match in pack.compile(pattern).finditer(text):
            start, captured = match.start("publisher"), match.group("publisher")
            # "Combined Fire Authority for County Durham and Darlington": "for" is the name's own
            name = normalise_name(captured) if _AREA_NAME.match(captured) else council_name(pack, captured)
            if not name:
                continue
            # The name is the capture's last words (council_name cuts running text before it).
            spans = [m.start() for m in re.finditer(r"\S+", captured)]
            start += spans[len(spans) - len(name.split())]
            name, start = _with_first_place(pack, text, start, name)
            possessive = re.match(r"^(\S+?)['’]s\s", name)
            if possessive and register().resolve(possessive.group(1)) is not None:
                continue  # "Warwickshire's Police and Crime Panel": the county's panel, no body's name
            out.append((start, name))
    return sorted(set(out))


# A place's name before a comma at the start of a line or after a heading's "of": the first of
# the places a name lists ("Fyvie, Rothienorman and Monquhitter Community Council").
_FIRST_PLACE = re.compile(r"(?:^|\n|\bof\s+(?:the\s+)?)((?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*),[ \t]*$")
# ... or before an ampersand ("Sandsting & Aithsting Community Council"): the capture stops there.
_AMPERSAND_PLACE = re.compile(r"(?:^|\n|\bof\s+(?:the\s+)?)((?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*)[ \t]+&[ \t]+$")


def _with_first_place(pack: DocumentsPack, text: str, start: int, name: str) -> tuple[str, int]:
    """The name with the place printed before it and a comma, when the name lists places ("X
    and Y Community Council") and the whole is a name the register reads: the capture stops at
    a comma, and "Rothienorman and Monquhitter" alone is another body's name or none."""
    from rules.councils.register import councils_pack, resolve_name

    # a place's name joined by lower-case words and hyphens, cut where they start
    # ("Shavington-cum-Gresty Parish Council" read from "Gresty")
    hyphened = re.search(r"\b([A-Z][\w'’]*(?:-[a-z]+){1,3}-)$", text[:start])
    if hyphened and resolve_name(hyphened.group(1) + name) is not None:
        return hyphened.group(1) + name, hyphened.start(1)
    joined = _AMPERSAND_PLACE.search(text[:start])
    if joined and resolve_name(f"{joined.group(1)} & {name}") is not None:
        return f"{joined.group(1)} & {name}", joined.start(1)
    found = _FIRST_PLACE.search(text[:start])
    if not found or " and " not in name.lower():
        return name, start
    first = found.group(1)
    # someone and their council ("Councillor Les Sharp, Clackmannanshire Council") is no place
    context = " ".join(text[max(0, start - 80):start].split()) + " "
    if (first.split()[0].lower() in {w.lower() for w in pack.not_council_words}
            or mention_roles(councils_pack().mentions).affiliation(context)
            or any(re.search(p, context) for p in pack.council_affiliations)):
        return name, start
    whole = f"{first}, {name}"
    return (whole, found.start(1)) if resolve_name(whole) is not None else (name, start)


def _role(pack: DocumentsPack, roles: MentionRoles, pt: _PageText, i: int, start: int, end: int,
          in_heading: bool) -> Role:
    """The role of the name printed from ``start`` to ``end`` (on line ``i``)."""
    line_start = pt.starts[i]
    before_line = pt.text[line_start:start]
    after = pt.text[end:].split("\n", 1)[0]
    # The sentence the name is in, back to the start of the previous line when the line runs on
    # from it ("had worked with\nWarndon Parish Council on the ...").
    before = before_line
    if not before_line.strip() and i > 0 and roles.runs_on(pt.lines[i - 1].text):
        before = pt.lines[i - 1].text + " "
    context = " ".join((pt.text[max(0, line_start - 80):line_start] + before).split()) + " "
    if any(re.search(p, context) for p in pack.council_affiliations) or roles.affiliation(context):
        return "affiliation"
    if in_heading and before is before_line and roles.heading_lead(before_line) and not roles.prose(after):
        return "heading"
    if roles.other(context, after):
        return "other"
    return "own"


def _end_of(text: str, start: int, name: str) -> int:
    """Where the printed name that starts at ``start`` ends (the name's words, whatever white space
    the page printed between them)."""
    pos = start
    for word in name.split():
        found = re.compile(r"\s*" + re.escape(word).replace("'", "['’]"), re.IGNORECASE).match(text, pos)
        if not found:
            return pos
        pos = found.end()
    return pos


def first_page_text(document: Document) -> str:
    """What the first page's heading region (its first lines, ``header_lines``) says of the
    document, without the council names it prints in another body's role or as someone's
    affiliation: a community council's minutes on a district's web site say "Community Council"
    there, while a district's decision names the parish it is about, or the police and crime
    commissioner it writes to, in its text."""
    from rules.documents import documents_pack

    if not document.pages:
        return ""
    lines = [ln for ln in document.pages[0].lines if ln.text.strip()]
    text = "\n".join(ln.text for ln in lines)
    for m in sorted((m for m in mentions(document, 1) if m.role in ("other", "affiliation")),
                    key=lambda m: m.start, reverse=True):
        text = text[: m.start] + re.sub(r"[^\n]", " ", text[m.start:m.end]) + text[m.end:]
    own = [t for t, ln in zip(text.split("\n"), lines, strict=True) if not ln.furniture]
    return "\n".join(own[: documents_pack().header_lines])


def heading_kinds(document: Document) -> set[str]:
    """The kinds of body the first page's heading region names as the document's own by the
    kind alone, after a heading's lead-in or starting its line ("Minutes of the Extraordinary
    Meeting of the Parish Council held at ...": parish): a parish's minutes that never print
    the parish's name. Kinds are the councils pack's ``bodies``."""
    from rules.councils.register import councils_pack, register
    from rules.documents import documents_pack

    if not document.pages:
        return set()
    roles = mention_roles(councils_pack().mentions)
    lines = [ln.text for ln in document.pages[0].lines if not ln.furniture and ln.text.strip()]
    found = set()
    for line in lines[: documents_pack().header_lines]:
        lower = line.lower()
        for pattern, body in register().bodies:
            for match in pattern.finditer(lower):
                if roles.heading_lead(line[: match.start()]):
                    found.add(body.kind)
    return found


def contact_site(document: Document) -> str | None:
    """The address of the council whose e-mail addresses the first page's heading region or its
    contact lines print (``contact_emails``, ``contact_lines``), when they name exactly one
    council; else None."""
    from rules.councils.register import councils_pack, register
    from rules.documents import documents_pack

    if not document.pages:
        return None
    words = councils_pack().mentions
    lines = [ln.text for ln in document.pages[0].lines if not ln.furniture and ln.text.strip()]
    # the first lines, and the first page's contact lines wherever they are ("Contact: Lisa
    # Wilson, Communities Manager Email: lisa.wilson@hambleton.gov.uk" at the foot of a notice)
    page = "\n".join(lines)
    text = "\n".join([*lines[: documents_pack().header_lines],
                      *(m.group(0) for p in words.contact_lines for m in re.finditer(p, page))])
    hosts = {m.group("host").lower().rstrip(".") for p in words.contact_emails for m in re.finditer(p, text)}
    councils = {c.id: host for host in sorted(hosts) if (c := register().resolve_site(f"https://{host}/"))}
    return f"https://{next(iter(councils.values()))}/" if len(councils) == 1 else None


def document_council(mentioned: list[Mention]) -> tuple[str | None, str]:
    """The council a document's mentions give, and how: (name, "page") for its first heading
    name (the first that is a council the register knows or keeps, else the first as printed),
    (name, "text") for the council its own-role mentions give most often (none when two tie),
    (None, "unknown") when it prints no council in those roles, or names the most counted one
fewer times than the pack's ``text_min_mentions`` (a parish's minutes that "tabled a Cornwall
Council review paper" once, never naming themselves, are not Cornwall's). A name the register can make
    nothing of ("October Council", "Ashdon Council") is never counted."""
    from rules.councils.register import resolve_name

    ordered = sorted(mentioned, key=lambda m: (m.page, m.start))
    headings = [m.name for m in ordered if m.role == "heading"]
    if headings:
        name = next((n for n in headings if resolve_name(n) is not None), headings[0])
        return _spelled_as_printed_most(name, [m.name for m in ordered]), "page"
    from rules.councils.register import councils_pack

    own = Counter(m.name for m in ordered if m.role == "own" and resolve_name(m.name) is not None)
    ranked = own.most_common(2)
    words = councils_pack().mentions
    top_lines = {m.name for m in ordered if m.role == "own" and m.page == 1 and m.line < words.text_single_mention_lines}
    few = bool(ranked) and ranked[0][1] < words.text_min_mentions and ranked[0][0] not in top_lines and (
        resolve_name(ranked[0][0]).kind in words.text_min_mentions_kinds)
    if ranked and not few and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], "text"
    return None, "unknown"


def _spelled_as_printed_most(name: str, printed: list[str]) -> str:
    """A heading's name of a body outside the register, as the document spells it most often:
    a heading misprinted once ("Wellinton Town Council" over minutes that say "Wellington Town
    Council" throughout) is the name its text prints, one or two letters apart and of the same
    kind. A registered council's name is left as it is (the register reads its forms)."""
    from difflib import SequenceMatcher

    from rules.councils.register import fold, resolve_name

    council = resolve_name(name)
    if council is None or council.registered:
        return name
    counts = Counter(fold(n) for n in printed)
    best = name
    for other in dict.fromkeys(printed):
        found = resolve_name(other)
        if found is None or found.registered or found.kind != council.kind or fold(other) == fold(name):
            continue
        if SequenceMatcher(None, fold(other), fold(name)).ratio() >= 0.9 and counts[fold(other)] > counts[fold(best)]:
            best = other
    return best


class MentionWords(BaseModel):
    """The ``mentions`` wording of the councils pack (``rules/packs/councils.yaml``)."""

    model_config = ConfigDict(frozen=True)

    heading_leads: tuple[str, ...] = ()
    prose_after: tuple[str, ...] = ()
    runs_on: tuple[str, ...] = ()
    other_before: tuple[str, ...] = ()
    subject_after: tuple[str, ...] = ()
    affiliation_before: tuple[str, ...] = ()
    contact_emails: tuple[str, ...] = ()
    contact_lines: tuple[str, ...] = ()
    text_min_mentions: int = 1
    text_single_mention_lines: int = 0
    text_min_mentions_kinds: tuple[str, ...] = ()


@functools.cache
def mention_roles(words: MentionWords) -> MentionRoles:
    return MentionRoles(words)


class MentionRoles:
    """The roles' patterns, compiled."""

    def __init__(self, words: MentionWords):
        self._leads = [re.compile(p) for p in words.heading_leads]
        self._prose = [re.compile(p) for p in words.prose_after]
        self._runs_on = [re.compile(p) for p in words.runs_on]
        self._other = [re.compile(p) for p in words.other_before]
        self._subject = [re.compile(p) for p in words.subject_after]
        self._affiliation = [re.compile(p) for p in words.affiliation_before]

    def heading_lead(self, before: str) -> bool:
        """Whether the text a line prints before a name is nothing (or only figures and
        punctuation: a page number) or a heading's lead-in ("Minutes of the meeting of")."""
        # "&" before a name joins it to a place the capture left out: not a heading of its own
        if before.rstrip().endswith("&"):
            return False
        return not re.search(r"[A-Za-z]", before) or any(p.search(before.rstrip() + " ") for p in self._leads)

    def prose(self, after: str) -> bool:
        return any(p.match(after) for p in self._prose)

    def runs_on(self, previous_line: str) -> bool:
        return any(p.search(previous_line) for p in self._runs_on)

    def other(self, context: str, after: str = "") -> bool:
        return any(p.search(context) for p in self._other) or any(p.match(after) for p in self._subject)

    def affiliation(self, context: str) -> bool:
        return any(p.search(context) for p in self._affiliation)
