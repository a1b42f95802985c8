"""Pages where a decision may have been missed (family ``checks.unread_decisions.v1``).

A page that prints the words councils record decisions with ("RESOLVED", "It was agreed
to", "I agree to:", a motion proposed and seconded) and from which no decision was read is
listed, with the words found, so that a user sees where the engine may have missed one
rather than trusting its silence. The words are the strong decision cues of the genres pack
(``rules/packs/genres.yaml``, ``decision_cues`` of at least ``min_weight``), on every page
of a document or the minutes of a pack; the pack
``rules/packs/unread_decisions.yaml`` reads the documents the minutes rule set reads, after
every rule set that makes decisions.
"""

from __future__ import annotations

import re

from rules.genres import genres_pack
from rules.meetings.records import DecisionRecord, UnreadDecisionPage
from rules.reading import Reading
from rules.records import Record
from rules.registry import RuleSetPack, family

RULE = "unread_decisions.page.v1"


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


class UnreadDecisionsPack(RuleSetPack):
    min_weight: float = 2.0  # decision cues weighing less are how reports tell of decisions
    context: int = 40  # characters of text kept on either side of the words found


@family("checks.unread_decisions.v1", params=UnreadDecisionsPack)
def unread_decision_pages(reading: Reading, pack: UnreadDecisionsPack) -> list[Record]:
    """Pages that print decision cues and hold no decision read by the rule sets before."""
    decisions = list(reading.records_of(DecisionRecord))
    read = {p for d in decisions if d.page for p in range(d.page, (d.page_end or d.page) + 1)}
    # a resolution printed twice (an "Agenda, decisions and minutes" page's decision and its
    # minute) is published once, from its first page: a page that prints it again is read too
    said = [_fold(d.resolved)[:60] for d in decisions if len(_fold(d.resolved)) >= 20]
    cues = [cue.regex for cue in genres_pack().decision_cues if cue.weight >= pack.min_weight]
    # In a pack, the minutes are where decisions are recorded; its reports tell of decisions
    # taken elsewhere ("it was agreed that the contracts would be extended").
    minutes = [p for p in reading.parts if p.kind == "minutes"]
    if minutes or reading.genre.name == "agenda_pack":
        numbers = {n for part in minutes for n in range(part.page_start, part.page_end + 1)}
    else:
        numbers = {page.number for page in reading.pages}
    out: list[Record] = []
    for page in reading.pages:
        if page.number not in numbers or page.number in read:
            continue
        text = "\n".join(line.text for line in page.lines if not line.furniture)
        if any(prefix in _fold(text) for prefix in said):
            continue
        found: list = []  # the cues' matches, overlapping ones once ("RESOLVED:" is two cues' words)
        for m in sorted((m for rx in cues for m in rx.finditer(text)), key=lambda m: (m.start(), -m.end())):
            if not found or m.start() >= found[-1].end():
                found.append(m)
        if not found:
            continue
        first = found[0]
        cue = " ".join(text[max(0, first.start() - pack.context) : first.end() + pack.context].split())
        out.append(UnreadDecisionPage(document_id=reading.id, page=page.number, rule=RULE, cue=cue, cues=len(found)))
    return out
