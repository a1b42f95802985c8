"""People and their roles, read with spaCy rule components (no pretrained model).

``spacy.blank("en")`` runs one regex component built from the ``people`` pack: names after
an honorific ("Cllr Laura Mayes", "Dr Carlton Brand") become PERSON entities and role
phrases ("Cabinet Member for ...", "Corporate Director") become ROLE entities, mapped onto
tokens with ``doc.char_span(..., alignment_mode="expand")``. The pack's ``pairs`` patterns
say where a name and a role are printed together (membership rows, "Cabinet Member:",
"Report Author:", "Report by the ..."); the name found there is trimmed to its PERSON span
when spaCy finds one. Spans are turned into plain records while their Doc is alive.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from extractor.model import Line
from kernel.nlp import blank_english
from kernel.text import clean, join
from rules.councils.scope import scope_key
from rules.lines import Paged, body_lines, starts_paragraph
from rules.meetings.packs import PeoplePack, people_pack
from rules.meetings.records import PersonRecord, PersonRoleRecord
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE_PERSON = "people.person.v1"
RULE_ROLE = "people.role.v1"


@dataclass
class Mention:
    name: str
    role: str
    context: str
    line: Line
    last: bool = False  # the name is printed before the role: the PERSON nearest it is the last


def _clean_role(role: str) -> str:
    """A role as printed, without a following label ("Key Decision: No"), e-mail or phone number."""
    role = clean(role)
    role = re.split(r"\s+(?=[A-Z][a-z]+(?:\s[A-Za-z]+)?\??:\s)", role)[0]
    role = re.split(r",?\s*(?:\S+@\S+|\(?\b\d[\d ]{4,}\)?|\(ext)", role)[0]
    return role.strip(" ,.;:-–")


def _name_regex(pack: PeoplePack) -> re.Pattern[str]:
    hon = "|".join(re.escape(h) for h in sorted(pack.honorifics, key=len, reverse=True))
    post = "|".join(re.escape(p) for p in pack.post_nominals)
    not_hon = rf"(?!(?:{hon})\b)"
    word = rf"{not_hon}[A-Z][a-z’'\-]+(?:-[A-Z][a-z]+)?"
    return re.compile(rf"\b(?:(?:{hon})\.?\s+)+(?:{word}|[A-Z]\.)(?:\s+(?:of\s+)?{word}){{0,3}}(?:\s+(?:{post}))*")


@functools.cache
def nlp() -> Language:
    pack = people_pack()
    names = _name_regex(pack)
    roles = [re.compile(r) for r in pack.roles]

    @Language.component("people_regex")
    def people_regex(doc: Doc) -> Doc:
        spans = []
        starts = []
        for m in names.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), label="PERSON", alignment_mode="expand")
            if span is not None:
                spans.append(span)
                starts.append(m.start())
        for rx in roles:
            for m in rx.finditer(doc.text):
                # a role phrase ends before a name printed after it ("..., and Dr Carlton Brand")
                end = min([s for s in starts if m.start() < s < m.end()], default=m.end())
                text = doc.text[m.start():end]
                end = m.start() + len(re.sub(r"[\s,;]*(?:\band\b)?[\s,;]*$", "", text))
                span = doc.char_span(m.start(), end, label="ROLE", alignment_mode="expand")
                if span is not None and end > m.start():
                    spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    pipeline = blank_english()
    if "people_regex" not in pipeline.pipe_names:
        pipeline.add_pipe("people_regex")
    return pipeline


def entities(text: str) -> list[tuple[str, str]]:
    """(label, text) of the PERSON and ROLE spans spaCy finds in text."""
    doc = nlp()(text)
    return [(e.label_, e.text) for e in doc.ents]


def name_key(name: str, pack: PeoplePack | None = None) -> str:
    pack = pack or people_pack()
    words = [w for w in re.split(r"\s+", name.replace(".", " ")) if w]
    drop = {h.lower() for h in pack.honorifics} | {p.lower() for p in pack.post_nominals}
    return " ".join(w.lower() for w in words if w.lower() not in drop)


def _clean_name(name: str, pack: PeoplePack, last: bool = False) -> str:
    name = clean(name).strip(" ,.;:-–")
    found = [t for label, t in entities(name) if label == "PERSON"]
    if found:
        name = found[-1] if last else found[0]
    for h in pack.councillor_honorifics:
        name = re.sub(rf"^{re.escape(h)}\.?\s+", "", name)
    return name.strip(" ,.;:-–")


_DANGLING = re.compile(r"(?:\b(?:for|and|of|the)|[,&])\s*$")


def _run_on(lines: list[Line], i: int, max_lines: int = 4) -> list[str]:
    """Line i and the lines its text runs on to while each ends unfinished ("... Cabinet
    Member for" / "Communications, Communities, Leisure and" / "Libraries"), allowing a wider
    gap than a paragraph's line spacing (membership tables space their rows apart)."""
    out = [clean(lines[i].text)]
    j = i + 1
    while (j < len(lines) and len(out) < max_lines and _DANGLING.search(out[-1])
           and lines[j].page == lines[j - 1].page
           and 0 < lines[j].bbox[1] - lines[j - 1].bbox[1] < 2.2 * max(lines[j].size, lines[j - 1].size)):
        out.append(clean(lines[j].text))
        j += 1
    return out


def mentions(document: Paged, pack: PeoplePack | None = None) -> list[Mention]:
    """Name–role pairs printed together, paragraph by paragraph."""
    pack = pack or people_pack()
    lines = body_lines(document)
    out: list[Mention] = []
    for i, line in enumerate(lines):
        text = clean(line.text)
        # a pair may wrap: try the line with the rest of its paragraph
        para = [text]
        j = i + 1
        while j < len(lines) and not starts_paragraph(lines, j) and len(para) < 4:
            para.append(clean(lines[j].text))
            j += 1
        for pair in pack.pairs:
            first = pair.regex.match(text)
            # a role cut off at the end of the line ("Cabinet Member for") runs on to the next
            dangling = bool(first and _DANGLING.search(first.group(0)))
            candidates = ([join(_run_on(lines, i))] if dangling else [text, join(para)] if pair.context == "present"
                          else [text])
            for cand in candidates:
                matches = list(pair.regex.finditer(cand)) if pair.context == "present" else [pair.regex.match(cand)]
                matches = [m for m in matches if m]
                for m in matches:
                    name = m.group("name") or ""
                    role = _clean_role(m.groupdict().get("role") or "")
                    if not role or not name or len(role) > 120:
                        continue
                    last = m.start("name") < m.start("role")
                    out.append(Mention(name=name, role=role, context=pair.context, line=line, last=last))
                if matches:
                    break
    return out


@family("people.roles.v1", params=PeoplePack)
def read_people(document: Reading, pack: PeoplePack) -> list[Record]:
    """Councillors, cabinet members, directors and authors with the roles they are named with
    (spaCy blank pipeline with rule components)."""
    cllr = {h.lower() for h in pack.councillor_honorifics}
    people: dict[str, PersonRecord] = {}
    roles: dict[str, PersonRoleRecord] = {}
    for m in mentions(document, pack):
        printed = clean(m.name)
        name = _clean_name(printed, pack, m.last)
        key = name_key(name, pack)
        if len(key.split()) < 2 or len(name) > 60:
            continue
        councillor = printed.split()[0].lower().rstrip(".") in cllr if printed else False
        person = people.get(key)
        if person is None:
            # One person per council: two councils' "Cllr J Smith" are two people (the people of
            # documents that name no council are merged among themselves, never with a council's).
            person = PersonRecord(document_id=document.id, page=m.line.page, bbox=bbox_text(m.line.bbox),
                                  rule=RULE_PERSON, name=name, name_key=key, councillor=councillor,
                                  council_scope=scope_key(document.council.id, document.id, shared_unknown=True))
            people[key] = person
        elif councillor and not person.councillor:
            person.councillor = True
        role = PersonRoleRecord(document_id=document.id, page=m.line.page, bbox=bbox_text(m.line.bbox),
                                rule=RULE_ROLE, person_id=person.id, name=name, role=m.role.rstrip(" ,.;"),
                                context=m.context)
        roles.setdefault(role.id, role)
    return [*people.values(), *roles.values()]
