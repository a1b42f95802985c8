"""Real meeting records of other councils and committee systems, read as they are printed.

The fixtures in ``tests/fixtures/meetings/`` are pages of the development set
(``../shared/eval/dev``): stored public web pages rendered as PDFs, each with the hand-made
gold record of its decisions (what the page resolves, with its reason and title). They are
the hard families — a ModernGov decision page exported as one run of text, an "Agenda and
minutes" page whose rows run together, a parish council's "Resolved –" lines under
sub-numbered items, a decision list, a town council's transcript that prints everything
twice, agenda pages whose "Members are asked to agree" is no decision.

Every gold decision must be found (the same words, give or take typography: 85% alike, as
``../shared/eval/score_meetings.py`` counts them) with its reason and title, and nothing else may be.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from council_plans.build import prepare
from extractor import extract
from rules.engine import apply_rules
from rules.meetings.records import DecisionRecord

FIXTURES = Path(__file__).parent / "fixtures" / "meetings"
ALIKE = 0.85


def _norm(text: str | None) -> str:
    s = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"[^\w%£.,;:'\"/()&+-]+", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .;:,")


def alike(a: str | None, b: str | None) -> float:
    x, y = _norm(a), _norm(b)
    return 1.0 if x == y else difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def decisions_of(pdf: Path) -> list[DecisionRecord]:
    reading, _ = prepare(extract(pdf), None)
    return [r for r in apply_rules(reading) if isinstance(r, DecisionRecord)]


@pytest.mark.parametrize("gold_file", sorted(FIXTURES.glob("*.gold.json")), ids=lambda p: p.name[:-10])
def test_every_resolution_and_nothing_else(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))["decisions"]
    found = decisions_of(gold_file.with_name(gold_file.name.replace(".gold.json", ".pdf")))
    unmatched = list(found)
    for g in gold:
        best = max(unmatched, key=lambda d: alike(g["resolved"], d.resolved), default=None)
        assert best is not None and alike(g["resolved"], best.resolved) >= ALIKE, f"not found: {g['resolved'][:80]}"
        unmatched.remove(best)
        if g.get("reason"):
            assert alike(g["reason"], best.reason) >= ALIKE, f"reason of {g['resolved'][:40]}: {best.reason!r}"
        if g.get("title"):
            assert alike(g["title"], best.title) >= ALIKE, f"title of {g['resolved'][:40]}: {best.title!r}"
    assert [d.resolved for d in unmatched] == []  # nothing the page does not resolve


def test_how_each_resolution_was_found():
    """label, frame or position — users filter on it; each kind occurs on these pages."""
    found = {d.resolution_found_by for f in sorted(FIXTURES.glob("*.pdf")) for d in decisions_of(f)}
    assert found == {"label", "frame", "position"}
