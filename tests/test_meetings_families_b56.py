"""Families of meeting records found on first-sight batches 5 and 6 (issue 16, round 4), each
checked on the batch's own committed PDF (typeset from a stored public web page; batch 7, the
held-out batch, is never used here):

* where a decision ends: at the next item's number run into the text, in whatever numbering
  the document's own headings use ("F04:04/24", a parish's "2022-108"), and before a point
  that continues a list the decision did not open ("... contractor A. ii) To consider ...");
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract

BATCHES = Path(__file__).parent / "firstsight"


def decisions_of(batch: int, slug: str) -> list:
    """The decisions the engine reads from a committed first-sight PDF."""
    from council_plans.build import prepare
    from rules.engine import apply_rules
    from rules.meetings.records import DecisionRecord

    pdf = BATCHES / f"batch-{batch}" / "corpus" / f"{slug}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not in the checkout")
    reading, _ = prepare(extract(pdf), None)
    return [r for r in apply_rules(reading) if isinstance(r, DecisionRecord)]


def test_year_and_sequence_minute_numbers_run_into_the_text_end_the_decision_before_them():
    decisions = {d.minute_number: d.resolved for d in decisions_of(6, "cherrywillingham-pc-2022-07-25")}
    assert decisions["2022-107"] == "to ask Cllr Trahearn, who agreed."
    assert decisions["2022-108"] == "to accept apology and reason for non-attendance."


def test_a_decision_ends_before_the_next_point_of_the_agenda_list_it_sits_in():
    resolved = [d.resolved for d in decisions_of(6, "cherrywillingham-pc-2022-07-25")]
    assert "to unanimously accept contractor A as recommended by the Task and Finish Group." in resolved
    assert "to unanimously accept supplier A as recommended by the Task and Finish Group" in resolved


def test_the_documents_own_reference_numbers_run_into_the_text_end_the_decision():
    decisions = {d.minute_number: d.resolved for d in decisions_of(5, "saxilby-pc-2023-04-05")}
    assert decisions["F03:04/24"] == "Cllr Mann elected as vice-chair, with Cllr Harper proposing the item."
    assert decisions["F07:04/24"] == "Annual Parish Meeting to be held on Wed 24th May. This was proposed by Cllr J Willox."
