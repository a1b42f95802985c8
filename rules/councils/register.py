"""The council register: which authority a printed name, a manifest's value or a meeting
system's address stands for.

The data is ``register.csv`` (mySociety's UK local authority register, the principal councils
and combined authorities with their codes and name variants) and the ``councils`` rule pack
(``rules/packs/councils.yaml``: the words around a council's name, the bodies outside the
register known by the words of their names, names and sites the register does not hold).

Matching is exact, never fuzzy. A name is folded (lower case, accents and punctuation gone,
'&' read as 'and') and looked up among every name of every entry; failing that, a body the
register does not hold is recognised by its kind words ("… Parish Council", "… Fire and Rescue
Authority") and kept as itself, unregistered; failing that, the name without its council words
("Harrow Council" → "harrow") is looked up, but only among entries whose own names carry every
qualifier printed ("Lichfield City Council", a parish-level city council, is not Lichfield
District Council). Anything else is no council the engine knows, and the document's council is
"unknown" — never a guess.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urlparse

from pydantic import BaseModel, Field

from kernel.text import normalise_name
from rules.councils.mentions import MentionWords
from rules.packs import load_pack

REGISTER_FILE = Path(__file__).with_name("register.csv")
UNKNOWN_ID = "unknown"


class CouncilKind(BaseModel):
    kind: str
    kind_name: str
    # Qualifiers every council of the kind may print whatever its register names say
    # ("Wirral Metropolitan Borough Council" for the register's "Wirral Borough Council").
    qualifiers: list[str] = Field(default_factory=list)


class BodyPattern(CouncilKind):
    pattern: str


class CouncilsPack(BaseModel):
    """``rules/packs/councils.yaml``: the register's words (see the file's comments)."""

    version: int = 1
    types: dict[str, CouncilKind] = Field(default_factory=dict)
    prefixes: list[str] = Field(default_factory=list)
    suffixes: list[str] = Field(default_factory=list)
    qualifiers: list[str] = Field(default_factory=list)
    bodies: list[BodyPattern] = Field(default_factory=list)
    unregistered_qualifiers: dict[str, CouncilKind] = Field(default_factory=dict)
    variants: dict[str, list[str]] = Field(default_factory=dict)
    not_variants: list[str] = Field(default_factory=list)
    sites: dict[str, str] = Field(default_factory=dict)
    shared_sites: dict[str, list[str]] = Field(default_factory=dict)
    hosted_bodies: list[str] = Field(default_factory=list)
    local_meeting_words: list[str] = Field(default_factory=list)
    body_variants: dict[str, list[str]] = Field(default_factory=dict)
    site_domains: list[str] = Field(default_factory=list)
    site_services: list[str] = Field(default_factory=list)
    site_abbreviations: dict[str, list[str]] = Field(default_factory=dict)
    site_optional_words: list[str] = Field(default_factory=list)
    site_kind_words: list[str] = Field(default_factory=list)
    site_public_suffixes: list[str] = Field(default_factory=list)
    site_min_prefix: int = Field(3, ge=2)
    bilingual_prefixes: list[str] = Field(default_factory=list)
    not_place_endings: list[str] = Field(default_factory=list)
    not_place_parts: list[str] = Field(default_factory=list)
    kind_misprints: dict[str, str] = Field(default_factory=dict)
    mentions: MentionWords = Field(default_factory=MentionWords)


class Entry(BaseModel):
    """One authority of the register."""

    code: str
    gss: str | None = None
    name: str
    short_name: str
    nation: str | None = None
    type: str
    end: str | None = None
    replaced_by: list[str] = Field(default_factory=list)
    county: str | None = None
    combined: str | None = None
    variants: list[str] = Field(default_factory=list)
    slug: str = ""

    @property
    def current(self) -> bool:
        return not self.end


class Council(BaseModel):
    """A document's council as resolved: a register entry, a body kept unregistered, or unknown."""

    id: str = Field(description="The council's slug, e.g. wiltshire, westwood-parish-council, unknown")
    name: str
    short_name: str | None = None
    kind: str
    kind_name: str
    nation: str | None = None
    register_code: str | None = None
    gss_code: str | None = None
    registered: bool = False
    current: bool | None = None
    end_date: str | None = None
    replaced_by: list[str] = Field(default_factory=list)
    county: str | None = None
    combined: str | None = None
    matched_by: str = "none"  # code, name, core, kind, qualifier, site, contact or none
    printed: str | None = None  # the name (or address) it was matched from

    @property
    def known(self) -> bool:
        return self.id != UNKNOWN_ID


UNKNOWN = Council(id=UNKNOWN_ID, name="Council not known", kind="unknown", kind_name="Not known")


def fold(text: str | None) -> str:
    """A name as matching sees it: ASCII lower case, '&' as 'and', apostrophes dropped
    ("King's" → "kings"), every other run of punctuation a single space, no leading "the"."""
    text = unicodedata.normalize("NFKD", text or "").replace("&", " and ")
    text = text.encode("ascii", "ignore").decode().lower().replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def slugify(text: str) -> str:
    return fold(text).replace(" ", "-")


@functools.cache
def councils_pack() -> CouncilsPack:
    return load_pack("councils", CouncilsPack)


def read_register(path: Path = REGISTER_FILE) -> list[Entry]:
    """The register's rows (lines starting with '#' are its header comments)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    entries = []
    for row in csv.DictReader(lines):
        entries.append(Entry(
            code=row["code"], gss=row["gss"] or None, name=" ".join(row["name"].split()),
            short_name=" ".join(row["short_name"].split()), nation=row["nation"] or None, type=row["type"],
            end=row["end"] or None, replaced_by=[c for c in row["replaced_by"].split(";") if c],
            county=row["county"] or None, combined=row["combined"] or None,
            variants=[v.strip() for v in row["variants"].split("|") if v.strip()],
        ))
    return entries


class Register:
    """The register with its indexes: every folded name, every core (a name without its council
    words) and every site label, each to the entries that carry it."""

    def __init__(self, entries: list[Entry], pack: CouncilsPack):
        self.pack = pack
        self.entries = {e.code: e for e in entries}
        self._prefixes = sorted((fold(p) for p in pack.prefixes), key=len, reverse=True)
        self._suffixes = sorted((fold(s) for s in pack.suffixes), key=len, reverse=True)
        self._qualifiers = set(pack.qualifiers)
        self.bodies = [(re.compile(b.pattern), b) for b in pack.bodies]
        skip = {fold(v) for v in pack.not_variants}
        self.by_name: dict[str, set[str]] = {}
        self.by_core: dict[str, set[str]] = {}
        self.qualifiers: dict[str, set[str]] = {}
        self.by_label: dict[str, set[str]] = {}
        for e in entries:
            names = [e.name, e.short_name, *e.variants, *pack.variants.get(e.code, [])]
            quals: set[str] = set()
            for name in names:
                key = fold(name)
                if not key or key in skip:
                    continue
                self.by_name.setdefault(key, set()).add(e.code)
                core, q = self.core(key)
                quals |= q
                if core:
                    self.by_core.setdefault(core, set()).add(e.code)
                    self.by_label.setdefault(core.replace(" ", ""), set()).add(e.code)
            implied = pack.types.get(e.type)
            self.qualifiers[e.code] = quals | set(implied.qualifiers if implied else ())
        # Other names of bodies outside the register (a Welsh national park's Welsh name, a
        # former name), each to the one name the body is kept under.
        self.body_names: dict[str, str] = {fold(v): name for name, names in pack.body_variants.items()
                                           for v in (name, *names)}
        self._assign_slugs(entries)

    def _assign_slugs(self, entries: list[Entry]) -> None:
        """Each entry's slug is its short name's; where two share one (Somerset County Council
        and Somerset Council), the current authority keeps it and the former one adds its code."""
        by_slug: dict[str, list[Entry]] = {}
        for e in entries:
            by_slug.setdefault(slugify(e.short_name), []).append(e)
        for slug, group in by_slug.items():
            group.sort(key=lambda e: (not e.current, e.code))
            for i, e in enumerate(group):
                e.slug = slug if i == 0 else f"{slug}-{e.code.lower()}"
        self.slugs = {e.slug for e in entries}

    # ----------------------------------------------------------------- names

    def core(self, key: str) -> tuple[str, set[str]]:
        """A folded name without its council words, and the qualifiers among them:
        "london borough of harrow" → ("harrow", {london, borough})."""
        quals: set[str] = set()
        changed = True
        while changed:
            changed = False
            for p in self._prefixes:
                if key.startswith(p + " "):
                    key, changed = key[len(p) + 1:], True
                    quals |= set(p.split()) & self._qualifiers
                    break
            for s in self._suffixes:
                if key.endswith(" " + s):
                    key, changed = key[: -len(s) - 1], True
                    quals |= set(s.split()) & self._qualifiers
                    break
        return key, quals

    def body_kind(self, key: str) -> BodyPattern | None:
        """The kind of a body the register does not hold, by the words of its (folded) name."""
        return next((b for pattern, b in self.bodies if pattern.search(key)), None)

    def resolve(self, printed: str | None) -> Council | None:
        """The council a printed name (or a register or GSS code) stands for, or None."""
        if not printed or not printed.strip():
            return None
        code = printed.strip().upper()
        by_code = self.entries.get(code) or next((e for e in self.entries.values() if e.gss == code), None)
        if by_code is not None:
            return self.council(by_code, "code", printed)
        key = fold(printed)
        if not key:
            return None
        # A kind word misprinted ("Distict Council") is read as the word it stands for; the
        # name must still match one entry, so a misprint never picks between two councils.
        key = " ".join(self.pack.kind_misprints.get(w, w) for w in key.split())
        entry = self._one(self.by_name.get(key, set()))
        if entry is not None:
            return self.council(entry, "name", printed)
        key = self._without_bilingual_prefix(key, keep_prefix=True)
        if key in self.body_names:
            name = self.body_names[key]
            kind = self.body_kind(fold(name))
            return self.unregistered(name, kind, "name") if kind else None
        body = self.body_kind(key)
        if body is not None:
            # A body's kind alone, perhaps in Welsh too ("Cyngor Tref Town Council" with the
            # town's name printed elsewhere), names no body.
            own = self._without_bilingual_prefix(key)
            place = re.sub(r"\s+", " ", re.sub(body.pattern, " ", own)).strip()
            # Running text before a body's kind is no place ("Election of Parish Council",
            # "Clerk to the Town Council"): a place never ends in a small word.
            if not place or place.split()[-1] in self.pack.not_place_endings:
                return None
            # A place joined by "and"/"with" whose part is only a word that qualifies a place
            # ("Selworthy and Without": the page dropped "Minehead" of "Minehead Without") is
            # a name printed with a word missing: no body rather than another body's name.
            if any(part in self.pack.not_place_parts for part in re.split(r"\s+(?:and|with|cum)\s+", place)):
                return None
            return self.unregistered(printed, body, "kind")
        core, quals = self.core(key)
        if core != key or not quals:
            candidates = {c for c in self.by_core.get(core, set()) if quals <= self.qualifiers[c]}
            entry = self._one(candidates)
            if entry is not None:
                return self.council(entry, "core", printed)
        # A name read cut short ("Mid and East Borough Council" of "Mid and East Antrim Borough
        # Council", "Banbridge and Craigavon Borough Council" of "Armagh City, Banbridge and
        # Craigavon Borough Council"): its words, in order, are part of a longer register name,
        # so it is no council rather than a guess at one.
        if self._cut_short(key):
            return None
        # Running text before a name that the capture kept ("Summary Perth and Kinross
        # Council"): the longest tail of two words or more that is a register name in full.
        words = key.split()
        for start in range(1, len(words) - 1):
            entry = self._one(self.by_name.get(" ".join(words[start:]), set()))
            if entry is not None:
                return self.council(entry, "name", printed)
        for words, kind in sorted(self.pack.unregistered_qualifiers.items(), key=lambda kv: -len(kv[0])):
            if core != key and set(words.split()) <= quals:
                return self.unregistered(printed, kind, "qualifier")
        return None

    def _cut_short(self, key: str) -> bool:
        """Whether a folded name's words are, in order, a strict part of a register name's."""
        words = key.split()
        if len(words) < 3:
            return False
        for name in self.by_name:
            longer = name.split()
            if len(longer) <= len(words) or not set(words) <= set(longer):
                continue
            it = iter(longer)
            if all(w in it for w in words):
                return True
        return False

    def _one(self, codes: set[str]) -> Entry | None:
        """The entry a set of candidates stands for: the only one, else the only current one."""
        if len(codes) == 1:
            return self.entries[next(iter(codes))]
        current = [c for c in codes if self.entries[c].current]
        return self.entries[current[0]] if len(current) == 1 else None

    # ----------------------------------------------------------------- sites

    def hosted_body(self, text: str | None) -> bool:
        """Whether a document's text speaks of a body whose papers sit on a host council's
        meeting system (pack ``hosted_bodies``), so the site names the host, not the document's."""
        key = fold(text) if text else ""
        return bool(key) and any(re.search(p, key) for p in self.pack.hosted_bodies)

    def local_meeting(self, text: str | None) -> bool:
        """Whether a document's text speaks of a town, parish or community council by its kind
        alone, as that council's own record does (pack ``local_meeting_words``)."""
        key = fold(text) if text else ""
        return bool(key) and any(re.search(p, key) for p in self.pack.local_meeting_words)

    def shared_site(self, url: str | None) -> set[str] | None:
        """The register codes of the councils that share the meeting-system site an address is
        on (pack ``shared_sites``), or None for a site of one council or none."""
        host = (urlparse(url).hostname or "").lower() if url else ""
        codes = next((c for domain, c in self.pack.shared_sites.items() if host == domain or host.endswith("." + domain)),
                     None)
        return set(codes) if codes else None

    def resolve_site(self, url: str | None) -> Council | None:
        """The council whose meeting-system site (or web site) an address is on: a host the pack
        lists, or one whose labels include a register entry's name run together."""
        host = (urlparse(url).hostname or "").lower() if url else ""
        if not host:
            return None
        if self.shared_site(url) is not None:
            return None  # two councils' site: it names neither
        if host in self.pack.sites:
            entry = self.entries.get(self.pack.sites[host])
            return self.council(entry, "site", host) if entry else None
        labels = host.split(".")
        for domain in sorted([*self.pack.site_domains, *self.pack.site_public_suffixes], key=len, reverse=True):
            if host.endswith("." + domain):
                labels = host[: -len(domain) - 1].split(".")
                break
        # The council's own label, with nothing before it but service names ("democracy",
        # "moderngov", "www"): "dorrington.parish.lincolnshire.gov.uk" is a parish's site that
        # the county hosts, not the county's.
        *before, own = labels
        if not own or any(not self._service_label(label) for label in before):
            return None
        own = own.replace("-", "")
        # A label that is only a word telling kinds of council apart ("london" of london.gov.uk,
        # the Greater London Authority's site) names none: City of London's core is "london" too.
        if own in self._qualifiers:
            return None
        entry = self._one(self.by_label.get(own, set()))
        if entry is not None:
            return self.council(entry, "site", host)
        entry = self._one(self.abbreviated(own))
        return self.council(entry, "site", host) if entry else None

    def _service_label(self, label: str) -> bool:
        """A label naming a service of the council's site: one of the pack's services, or one
        run together with it ("tdcdemocracy", "moderngovwebpublic", "minutes3")."""
        label = label.rstrip("0123456789").replace("-", "")
        return any(label == s or (len(s) >= 5 and (label.startswith(s) or label.endswith(s)))
                   for s in self.pack.site_services)

    @functools.cached_property
    def _site_words(self) -> list[tuple[str, tuple[str, ...]]]:
        """(code, the words of one of its names) for every register name, to read site labels by."""
        skip = {fold(v) for v in self.pack.not_variants}
        out = []
        for e in self.entries.values():
            for name in {fold(n) for n in (e.name, e.short_name, *e.variants, *self.pack.variants.get(e.code, []))}:
                if name and name not in skip:
                    out.append((e.code, tuple(name.split())))
        return out

    def abbreviated(self, label: str) -> set[str]:
        """The entries a site label spells in the short forms councils give their hosts: each
        word of a name in full, by a short form the pack lists ("herts"), by its first letters
        (at least ``site_min_prefix``: "welhat") or its initial ("sholland", "lbhf", "tmbc");
        joining words may be left out, and so may the council's kind words at the end
        ("lichfielddc", "belfastcity", "bcpcouncil"). Every word that is not a joining or kind
        word must be spelled, so a label that only starts like a name matches nothing."""
        if len(label) < 3 or not label.isalnum():
            return set()
        optional = set(self.pack.site_optional_words)
        kinds = set(self.pack.site_kind_words)
        found = set()
        for code, words in self._site_words:
            if self._spells(label, words, optional, kinds):
                found.add(code)
        return found

    def _spells(self, label: str, words: tuple[str, ...], optional: set[str], kinds: set[str]) -> bool:
        short = self.pack.site_abbreviations
        least = self.pack.site_min_prefix

        @functools.cache
        def match(i: int, w: int, spelled: int) -> bool:
            if w == len(words):
                return i == len(label) and spelled > 0
            word = words[w]
            skippable = word in optional or word in kinds
            if skippable and match(i, w + 1, spelled):
                return True
            rest = label[i:]
            forms = {word, *short.get(word, ())}
            forms |= {word[:n] for n in range(least, len(word))} if word not in kinds else set()
            forms.add(word[0])
            counted = 0 if skippable else 1
            return any(rest.startswith(f) and match(i + len(f), w + 1, spelled + counted) for f in forms if f)

        # A label that is only initials of joining and kind words names nothing.
        return match(0, 0, 0)

    # ----------------------------------------------------------------- councils

    def council(self, entry: Entry, matched_by: str, printed: str | None) -> Council:
        kind = self.pack.types.get(entry.type, CouncilKind(kind=entry.type.lower(), kind_name=entry.type))
        return Council(
            id=entry.slug, name=entry.name, short_name=entry.short_name, kind=kind.kind, kind_name=kind.kind_name,
            nation=entry.nation, register_code=entry.code, gss_code=entry.gss, registered=True,
            current=entry.current, end_date=entry.end, replaced_by=entry.replaced_by,
            county=entry.county, combined=entry.combined, matched_by=matched_by, printed=printed,
        )

    def _without_bilingual_prefix(self, key: str, keep_prefix: bool = False) -> str:
        """A folded name from its Welsh name's start: without the Welsh kind words before the
        English name ("cyngor cymuned llansanffraid … community council"), and without whatever
        a heading's capture ran into before them (a broken "Meeting" read "Eeting Awdurdod Parc
        Cenedlaethol Eryri National Park Authority"); ``keep_prefix`` keeps the Welsh words."""
        words = key.split()
        for prefix in self.pack.bilingual_prefixes:
            n = len(prefix.split())
            for i in range(len(words) - n):
                if " ".join(words[i : i + n]) == prefix:
                    return " ".join(words[i if keep_prefix else i + n :])
        return key

    def unregistered(self, printed: str, kind: CouncilKind, matched_by: str) -> Council:
        """A body the register does not hold, kept under the name it prints (the same name
        printed twice, in capitals or not, is one body)."""
        name = re.sub(r"^(?i:the)\s+", "", normalise_name(printed))
        # A kind word misprinted inside the name ("Hatfield and Distict Group Parish Council") is
        # kept as the word it stands for, so the body has the name it uses everywhere else.
        name = re.sub(r"[A-Za-z]+", lambda w: self._mended(w.group(0)), name)
        own = self._without_bilingual_prefix(fold(name))
        if own != fold(name) and self.body_kind(own):
            words = name.split()
            name = next((" ".join(words[i:]) for i in range(len(words)) if fold(" ".join(words[i:])) == own), name)
        name = self.body_names.get(fold(name), name)
        # A bilingual heading prints the place in both names: "Cyngor Tref Penmaenmawr
        # Penmaenmawr Town Council" is, without its Welsh prefix, the place said twice.
        words = name.split()
        for n in range(len(words) // 2, 0, -1):
            if [fold(w) for w in words[:n]] == [fold(w) for w in words[n : 2 * n]]:
                name = " ".join(words[n:])
                break
        slug = slugify(name)
        if slug in self.slugs or slug == UNKNOWN_ID:
            slug = f"{slug}-body"
        return Council(id=slug, name=name, short_name=name, kind=kind.kind, kind_name=kind.kind_name,
                       registered=False, matched_by=matched_by, printed=printed)

    def _mended(self, word: str) -> str:
        """A word as printed, or the kind word it misprints (``kind_misprints``) in its case."""
        mended = self.pack.kind_misprints.get(word.lower())
        if mended is None:
            return word
        return mended.upper() if word.isupper() else mended.capitalize() if word[0].isupper() else mended

    def by_slug(self, slug: str) -> Entry | None:
        return next((e for e in self.entries.values() if e.slug == slug), None)


@functools.cache
def register() -> Register:
    return Register(read_register(), councils_pack())


def resolve_name(printed: str | None) -> Council | None:
    """The council a printed name stands for (see :class:`Register`), or None."""
    return register().resolve(printed)


def resolve_document(*, council: str | None = None, publisher: str | None = None, source_url: str | None = None,
                     body: str | None = None, text: str | None = None, council_source: str | None = None,
                     contact_url: str | None = None, heading_kinds: Collection[str] = (),
                     pages_text: str | None = None) -> Council:
    """A document's council from what it gives: the council it names (on its pages, or the
    manifest's), then its publisher, then the site it was fetched from — unless its body, or
    its first page (``text``), speaks of another kind of authority (a fire authority's papers
    on a county's meeting system, a community council's minutes on the council's web site), or
    its first pages (``pages_text``) speak of a body whose papers councils' sites host (pack
    ``hosted_bodies``: a police and crime panel), or the site is one two councils share
    (``shared_sites``: then only a name the page gives for one of them says which).

    Failing a site, ``contact_url`` (the host of the council e-mail addresses the first lines
    print, ``mentions.contact_site``) is read as one, matched_by "contact".

    A name found only by counting the councils a text mentions (``council_source`` "text") is
    weaker than the site: a district's decision about a parish names the parish throughout
    and is still the district's, as the district's meeting system says. Nor is it the
    document's when the heading names the document's body by a kind alone and the name is of
    another kind (``heading_kinds``: "Minutes of the Meeting of the Parish Council" with a
    national park authority the minutes report on)."""
    reg = register()
    shared = reg.shared_site(source_url)

    def by_site() -> Council | None:
        if any(reg.body_kind(fold(t)) for t in (body, text) if t):
            return None
        if shared is not None or reg.hosted_body(pages_text):
            return None  # the site names a host, or two councils, not the document's
        found = reg.resolve_site(source_url) if source_url else None
        if found is None and contact_url and reg.shared_site(contact_url) is None:  # an e-mail address
            found = reg.resolve_site(contact_url)
            found = found.model_copy(update={"matched_by": "contact"}) if found else None
        return found

    def counted_fits(found: Council) -> bool:
        if heading_kinds and found.kind not in heading_kinds:
            return False
        # A principal council counted from the text of pages that speak of a town or parish
        # council by its kind ("the Town Council", "the Town Clerk") is the council those
        # minutes write about, not theirs (Shrewsbury Town Council's minutes name Shropshire
        # Council throughout).
        if found.registered and reg.local_meeting(pages_text):
            return False
        # A body outside the register counted from the text is the document's only when the
        # heading region or the body speaks of its kind besides in that name: a parish's minutes
        # say "Parish Council" at the top, a district's decision about a parish does not.
        named = fold(found.printed)
        spoken = {b.kind for t in (body, text) if t for pattern, b in reg.bodies
                  if pattern.search(fold(t).replace(named, " ") if named else fold(t))}
        if not found.registered and found.kind not in spoken:
            return False
        return shared is None or found.register_code in shared

    if council_source == "text" and (site := by_site()) is not None:
        return site
    for name in dict.fromkeys(n for n in (council, publisher) if n):
        found = reg.resolve(name)
        if found is not None:
            if council_source == "text" and not counted_fits(found):
                break
            return found
    return by_site() or UNKNOWN
