"""Families of meeting records found on first-sight batches 5 and 6 (issue 16, round 4), each
checked on the batch's own committed PDF (typeset from a stored public web page; batch 7, the
held-out batch, is never used here):

* where a decision ends: at the next item's number run into the text, in whatever numbering
  the document's own headings use ("F04:04/24", a parish's "2022-108"), and before a point
  that continues a list the decision did not open ("... contractor A. ii) To consider ...");
* labels of a decision page: "DECISION" run in before the decision's first point ("DECISION 1)
  That Cabinet APPROVED ..."), "The decision:" with its colon, "The subject of the decision:"
  (what it is about, not the decision), a field's words inside a sentence ("That the Cabinet
  Member: a) Note ...") and "Resolved –" with a dash as a decision cue;
* a decision's text run on into the next item's agenda wording ("... be nominated as chair for
  the municipal year. To appoint a Vice Chair ...") or the meeting's close ("The meeting ended
  at ...") ends before it (batch 4's pages);
* a motion in a parish's or community council's prose, whatever its words, recorded by its
  mover, its seconder and the meeting's assent in the same sentence or the next — but not a
  labelled resolution's outcome ("was moved, seconded, voted on and carried", batch 1);
* "That: 1) ... 2) ..." is a decision framed "That" as "That the ..." is; "Nothing to report at
  present." under a label is no decision.
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


def test_decision_run_in_before_its_first_point_is_a_label():
    resolved = [d.resolved for d in decisions_of(5, "rutland-cabinet-2017-03-21")]
    assert resolved == ["1) That Cabinet APPROVED the Highway Inspection Policy attached at Appendix 1 to Report No. 59/2017."]


def test_the_decision_not_its_subject_on_a_decision_page():
    resolved = [d.resolved for d in decisions_of(5, "hambleton-cabinet-2021-11-02")]
    assert len(resolved) == 1 and resolved[0].startswith("That Cabinet approves and recommends to Council:- (1) the adoption")
    assert resolved[0].endswith("not yet sanctioned within Appendix 1 of the report.")


def test_a_field_label_inside_the_decisions_sentence_is_not_a_field():
    resolved = [d.resolved for d in decisions_of(5, "derbyshire-cabinetmember-highways-2022-01-12")]
    assert len(resolved) == 1 and resolved[0].startswith("That the Cabinet Member: a) Note the approvals")
    assert "c) Approve the documents listed in this report" in resolved[0]


def test_resolved_with_a_dash_makes_a_scrutiny_page_read_for_decisions():
    resolved = [d.resolved for d in decisions_of(5, "slough-cabinet-task-finish-reports")]
    assert len(resolved) == 1 and resolved[0].startswith("(a) That the Task & Finish Group reports")
    assert "(b) That the members of the Task & Finish Groups be thanked" in resolved[0]


def test_a_that_decision_ends_before_the_next_items_agenda_wording():
    resolved = [d.resolved for d in decisions_of(4, "denbighshire-welshlanguage-committee-2021")]
    assert "that Councillor Graham Timms be nominated as chair for the municipal year." in resolved


def test_a_decision_ends_before_the_meeting_ended():
    resolved = [d.resolved for d in decisions_of(4, "tonbridgemalling-council-2011-11-01")]
    assert ("That authority be given for the Common Seal of the Council to be affixed to any instrument to give effect"
            " to a decision of the Council incorporated into these Minutes and proceedings.") in resolved


def test_a_motion_proposed_seconded_and_agreed_in_prose_is_a_decision():
    resolved = [d.resolved for d in decisions_of(6, "comrie-cc-2012-01-12")]
    assert resolved == ["CC Finlayson proposed Sandra McRitchie for the position of Secretary and was seconded by "
                        "CC Adams. All present agreed."]


def test_a_motion_with_all_in_favour_in_its_own_sentence_is_a_decision():
    resolved = [d.resolved for d in decisions_of(6, "chiseldon-pc-planning-2017")]
    assert len(resolved) == 1 and resolved[0].endswith(
        "were then proposed by Cllr Hill, seconded by Cllr Brady and all those at the meeting were in favour.")


def test_moved_seconded_and_carried_after_a_labelled_resolution_is_its_outcome_not_a_decision():
    resolved = [d.resolved for d in decisions_of(1, "peakdistrict-npa-a628-motion")]
    assert not any(r.startswith("The amended motion was moved, seconded") for r in resolved)
    assert len(resolved) == 1


def test_that_with_a_colon_over_numbered_points_is_a_decision():
    resolved = [d.resolved for d in decisions_of(6, "wokingham-executive-2016-01-28")]
    assert len(resolved) == 1 and resolved[0].startswith("That: 1) the aim to transfer assets")
    assert "3) it be noted that the use of these delegated powers" in resolved[0]


def test_nothing_to_report_is_no_decision():
    resolved = [d.resolved for d in decisions_of(5, "mickletrafford-pc-planning-2009-10-05")]
    assert resolved and not any(r.startswith("Nothing to report") for r in resolved)
