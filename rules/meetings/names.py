"""Names in lists — who was present, who sent apologies, who voted which way — as entries
with their titles, initials, forenames, surname and role (``rules/packs/members.yaml``).

Minutes print people in every form: "Cllr Mrs E J G Hilson", "A.Vigrass", "Councillors
Kinniburgh, MacDonald, R E Macintyre", "Bailies Keenan and Scott", "Rev Fr N Cale, Mayor's
Chaplain", "William Crossan (Church rep)", "the Convener". An entry keeps what was printed
and what can be told of it: its key (``keith davies``, ``k davies`` or, for a surname alone,
``davies``) and how much it says (``full``, ``initials``, ``surname``, or ``role`` for a
role with no name), which decides how it may be matched (``rules/meetings/attendance.py``,
the ``people.members`` linker).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from kernel.text import clean
from rules.packs import load_pack

FULL, INITIALS, SURNAME, ROLE = "full", "initials", "surname", "role"


class MembersPack(BaseModel):
    pack: str = ""
    titles: list[str] = Field(default_factory=list)
    plural_titles: dict[str, str] = Field(default_factory=dict)
    councillor_titles: list[str] = Field(default_factory=list)
    post_nominals: list[str] = Field(default_factory=list)
    role_words: list[str] = Field(default_factory=list)
    not_people: list[str] = Field(default_factory=list)


@functools.cache
def members_pack() -> MembersPack:
    return load_pack("members", MembersPack)


@dataclass
class Entry:
    """One person (or role) of a printed list."""

    printed: str
    name: str  # the name without titles or role ("Keith Davies", "R E Macintyre", "Kinniburgh"); the role where there is none
    key: str | None  # folded name that matching uses; None for a role alone
    kind: str  # full, initials, surname or role
    surname: str | None = None
    forenames: tuple[str, ...] = ()  # full forenames, where printed
    initials: tuple[str, ...] = ()  # the initial of every forename printed, full or not
    role: str | None = None
    councillor: bool = False
    substitute_for: str | None = None  # "for whom ... was substitute": the member this one stood in for

    def __post_init__(self) -> None:
        # "Scott of Bybrook" is held together by no-break spaces while it is read
        self.name = self.name.replace("\u00a0", " ")
        self.role = self.role.replace("\u00a0", " ") if self.role else self.role


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], set[str], list[re.Pattern[str]]]:
    pack = members_pack()
    titles = _alternation([*pack.titles])
    plural = _alternation(list(pack.plural_titles))
    title_rx = re.compile(rf"^(?:(?:{titles})\.?(?:\s+|$))+", re.IGNORECASE)
    plural_rx = re.compile(rf"^(?:{plural})\.?(?:\s+|$)", re.IGNORECASE)
    roles = {w.lower() for w in pack.role_words}
    return title_rx, plural_rx, roles, [re.compile(p) for p in pack.not_people]


def _is_role_word(word: str, roles: set[str]) -> bool:
    return word.strip(",.;:'’").lower().removesuffix("'s").removesuffix("’s") in roles


def _runs(part: str, title_rx: re.Pattern[str], plural_rx: re.Pattern[str]) -> list[str]:
    """A run of names printed without separators ("Cllr A Buckfield (Mayor) Cllr A Brooker"),
    cut before each title that follows a name."""
    out: list[str] = []
    words = part.split()
    current: list[str] = []
    in_title = False
    i = 0
    depth = 0
    while i < len(words):
        rest = " ".join(words[i:])
        m = (plural_rx.match(rest) or title_rx.match(rest)) if depth == 0 else None
        depth += words[i].count("(") - words[i].count(")")
        if m:
            n = len(m.group(0).split())
            if current and not in_title and any(w[:1].isupper() for w in current):  # "the Lord Provost" is one
                out.append(" ".join(current))
                current = []
            current += words[i:i + n]
            in_title = True
            i += n
            continue
        current.append(words[i])
        in_title = False
        i += 1
    if current:
        out.append(" ".join(current))
    return out


def _parts(text: str) -> list[str]:
    """The text cut at semicolons, commas and "and" outside brackets ("Councillor Flewitt
    (Substitute: Councillor Lamb)" is one part)."""
    out, depth, last = [], 0, 0
    for m in re.finditer(r"[()]|\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+", text):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    return out


def split_names(text: str) -> list[Entry]:
    """The entries of a printed list of names."""
    pack = members_pack()
    title_rx, plural_rx, roles, not_people = _patterns()
    text = clean(text).strip(" .;:")
    text = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z’'])", r"\1. ", text)  # "A.Vigrass" → "A. Vigrass"
    text = re.sub(r",(?=\S)", ", ", text)
    chair = None
    lead = re.match(r"(?i)^in\s+the\s+chair\s*:?\s*", text)  # "In the Chair A.Vigrass, ..."
    if lead:
        text, chair = text[lead.end():], "Chair"
    # "Councillor Jon Collins, for whom Councillor Malcolm Wood was substitute"
    substitutes: list[tuple[str, str]] = []

    def substitute(m: re.Match[str]) -> str:
        substitutes.append((m.group("sub"), m.group("name")))
        return m.group("name")

    text = re.sub(r"(?P<name>[^,;]+?),?\s+for\s+whom\s+(?P<sub>[^,;]+?)\s+(?:was|were|acted\s+as)\s+(?:a\s+|the\s+)?substitutes?",
                  substitute, text, flags=re.IGNORECASE)
    pieces: list[str] = []
    for part in _parts(text):
        if part and part.strip():
            pieces += _runs(part.strip(), title_rx, plural_rx)
    out: list[Entry] = []
    carried: str | None = None  # a plural title, each entry's until another title is printed
    for raw in pieces:
        piece = clean(raw).strip(" .;:-–")
        if not piece:
            continue
        m = plural_rx.match(piece)
        if m:
            word = m.group(0).strip().rstrip(".")
            carried = next((v for k, v in pack.plural_titles.items() if k.lower() == word.lower()), None)
            piece = piece[m.end():].strip()
        elif title_rx.match(piece):
            carried = None  # its own title
        if not piece or any(p.search(piece) for p in not_people):
            continue
        entry = parse_name(piece, default_title=carried)
        titled = bool(title_rx.match(piece)) or bool(m)
        role_after = not titled and not piece.lower().startswith("the ") and (
            entry.kind == ROLE or _is_role_word(piece.split()[0], roles)
            or (entry.kind == SURNAME and entry.role is not None and not carried))
        if role_after and out and out[-1].kind != ROLE:
            # "Rev Fr N Cale, Mayor's Chaplain", "Mr M Cavanagh, PCC Link Officer": a role printed
            # after the name, between commas
            out[-1].role = ", ".join(r for r in (out[-1].role, piece) if r)
            continue
        sub = re.match(r"(?i)^substitute[sd]?(?:\s+by)?\s*[:\-–]?\s*(?P<name>.+)$", entry.role or "")
        if sub:  # "Councillor Flewitt (Substitute: Councillor Lamb)"
            entry.role = None
            substitutes.append((sub.group("name"), entry.printed))
        out.append(entry)
    if chair and out:
        out[0].role = ", ".join(r for r in (chair, out[0].role) if r)
    for sub, name in substitutes:
        entry = parse_name(sub)
        entry.substitute_for = parse_name(name).name
        out.append(entry)
    return out


def parse_name(printed: str, default_title: str | None = None) -> Entry:
    """One entry: titles, initials, forenames and surname, and the role printed with it."""
    pack = members_pack()
    title_rx, _, roles, _ = _patterns()
    text = clean(printed)
    role = None
    bracket = re.search(r"\(([^)]*)\)", text)
    if bracket:
        role = clean(bracket.group(1)) or None
        text = clean(text[: bracket.start()] + " " + text[bracket.end():])
    sub = re.search(r",?\s*for\s+whom\s+.+$", text, re.IGNORECASE)
    if sub:
        text = text[: sub.start()].strip()
    titles = ""
    m = title_rx.match(text)
    if m:
        titles = m.group(0)
        text = text[m.end():].strip()
    elif default_title:
        titles = default_title
    councillor = any(re.search(rf"\b{re.escape(t)}\b", titles, re.IGNORECASE) for t in pack.councillor_titles)
    text = re.sub(rf"\s+(?:{_alternation(pack.post_nominals)})\b\.?", "", text) if pack.post_nominals else text
    text = re.sub(r"\b([A-Z][\w'’-]+) of ([A-Z][\w'’-]+)\b", "\\1\u00a0of\u00a0\\2", text)  # "Scott of Bybrook": one name
    words = text.split(" ")
    if words and words[0].lower() == "the":
        return Entry(printed, clean(printed), None, ROLE, role=role or text, councillor=councillor)
    # role words: those before the name ("Tenant Representative Lulu Agate") or after it
    # ("W Grosvenor Clerk and Executive Officer")
    lead = 0
    while lead < len(words) and _is_role_word(words[lead], roles):
        lead += 1
    if lead and lead < len(words):
        role = " ".join(words[:lead]) + (f", {role}" if role else "")
        words = words[lead:]
    elif lead == len(words) and words:
        return Entry(printed, clean(printed), None, ROLE, role=role or text, councillor=councillor)
    for i, w in enumerate(words[1:], start=1):
        if _is_role_word(w, roles) or not (w[:1].isupper() or re.fullmatch(r"[A-Z]\.?", w)):
            if i >= 1:
                role = " ".join(words[i:]) + (f", {role}" if role else "")
                words = words[:i]
            break
    words = [w.strip(",.;:").replace("\u00a0", " ") for w in words if w.strip(",.;:")]
    if not words or not words[-1][:1].isalpha():
        return Entry(printed, clean(printed), None, ROLE, role=role, councillor=councillor)
    surname = words[-1]
    surname = surname[:1] + surname[1:].lower() if surname.isupper() and len(surname) > 2 else surname  # "BORTHWICK"
    given = words[:-1]
    initials = tuple(w[0].upper() for w in given)
    forenames = tuple(w for w in given if len(w.rstrip(".")) > 1)
    if forenames and len(forenames) == len(given):
        kind = FULL
        key = " ".join([*(f.lower() for f in forenames), surname.lower()])
        name = " ".join([*forenames, surname])
    elif given:
        kind = INITIALS
        key = " ".join([*(i.lower() for i in initials), surname.lower()])
        name = " ".join([*(f"{w.rstrip('.')}" for w in given), surname])
    else:
        if not titles and role:  # "Deputy Town Clerk": role words around one word are a role
            return Entry(printed, clean(printed), None, ROLE, role=clean(printed), councillor=councillor)
        kind = SURNAME
        key = surname.lower()
        name = surname
    return Entry(printed, name, key, kind, surname, forenames, initials, role, councillor)


def fits(entry: Entry, full: Entry) -> bool:
    """Whether an entry by initials (or with fewer forenames) can be a person known by a fuller
    name: same surname, and each initial printed is that forename's."""
    if entry.surname is None or full.surname is None or entry.surname.lower() != full.surname.lower():
        return False
    if entry.kind == SURNAME:
        return True
    if len(entry.initials) > len(full.initials):
        return False
    if any(a != b for a, b in zip(entry.initials, full.initials, strict=False)):
        return False
    return all(a.lower() == b.lower() for a, b in zip(entry.forenames, full.forenames, strict=False)) \
        if entry.kind == FULL else True


def name_from_key(key: str) -> Entry:
    """An entry from a people.name_key ("laura mayes"), to match against."""
    return parse_name(" ".join(w.capitalize() for w in key.split()))


__all__ = ["FULL", "INITIALS", "ROLE", "SURNAME", "Entry", "fits", "members_pack", "name_from_key", "parse_name",
           "split_names"]
