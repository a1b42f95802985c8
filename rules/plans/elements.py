"""What an item of a plan's list is: its name and what it means, what kind of element it is,
and whether a list is the plan's values rather than its priorities.

* **Name and summary**: a plan often prints an element's name and then what it means, run
  together ("Strong Economy: the economy grows and ...", "Place – towns that are clean ...").
  The name is what lineage follows from one edition to the next, so the two are stored apart
  (``summary``). A name is short (``max_name_words``); the separators are the pack's
  (``name_split``). A description its first word marks as one ("– By investing in ...",
  ", including £1.5 million of ...") may follow a longer name (twice as many words), after a
  comma too (``description_split``).
* **Values**: a list of behaviours ("Always listen before we decide", "Be open about ...") is
  how the council means to work, not what it means to achieve, however it is announced; so is
  any list in a section titled as values or ways of working (``values_section``).
"""

from __future__ import annotations

import re

from extractor.model import Document, OutlineEntry
from rules.plans.summary_lines import PlanSummariesPack

QUOTES = "“”\"'‘’"


def split_name(pack: PlanSummariesPack, text: str) -> tuple[str, str | None]:
    """(name, summary) of an item printed as a name, a separator and what it means; the item
    itself and None when it is not printed so."""
    for pattern, most in ((pack.name_split, pack.max_name_words), (pack.description_split, 2 * pack.max_name_words)):
        m = re.match(pattern, text)
        if not m:
            continue
        name, summary = m.group("name").strip(), m.group("summary").strip().strip(QUOTES).strip()
        words = name.split()
        if not words or len(words) > most or len(summary.split()) < 3 or re.search(r"[.!?]\s", name):
            continue
        return name.strip(QUOTES).strip(), summary
    return text, None


def reads_as_values(pack: PlanSummariesPack, names: list[str]) -> bool:
    """Most of a list's items are behaviours ("Always ...", "Be ...", "Treat ...")."""
    if not names:
        return False
    behaviours = sum(bool(re.match(pack.behaviour, n.strip(), re.IGNORECASE)) for n in names)
    return behaviours * 10 >= len(names) * 6


def section_of(document: Document, page: int, top: float) -> OutlineEntry | None:
    """The innermost section of the outline that a point of a page lies in: the last entry that
    starts at or before it."""
    best, where = None, (0, -1.0)
    for entry in document.outline:
        at = (entry.page or 0, entry.top or 0.0)
        if entry.page is not None and where <= at <= (page, top + 1.0):
            best, where = entry, at
    return best


def in_values_section(pack: PlanSummariesPack, document: Document, page: int, top: float) -> bool:
    """Whether a point lies in a section titled as values or ways of working ("How We Work"),
    or in a subsection of one."""
    entry = section_of(document, page, top)
    while entry is not None:
        if re.search(pack.values_section, entry.title, re.IGNORECASE):
            return True
        entry = _parent(document, entry)
    return False


def _parent(document: Document, entry: OutlineEntry) -> OutlineEntry | None:
    at = document.outline.index(entry)
    return next((e for e in reversed(document.outline[:at]) if e.level < entry.level), None)


def singular(noun: str) -> str:
    """The kind a list's noun names, in the singular: "well-being objectives" → "well-being objective"."""
    noun = re.sub(r"\s+", " ", noun.strip().lower())
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
