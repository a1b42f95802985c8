"""Families of meeting records tabulated on first-sight batches 1-8 (issue 16, round 5), each
checked on a batch's own committed PDF (typeset from a stored public web page; batch 9, the
held-out batch, is never used here):

* **pages not read at all**: a document is read for decisions when it prints decision cues;
  a decision label in running text whatever its case ("... had been received. Decision:
  Secretary to ..."), a minute "submitted and approved", "It was resolved at this point to
  ..." are cues; an agenda's "For Decision:" is not;
* **prose decisions not read**: the sentence-level reader takes, in minutes that label no
  resolution, a sentence whose main predicate is a decision act ("The community council
  considered and adopted ...", "We agreed to wait and see ..."), less sure than a frame;
* **span trimming** to the gold convention: a vote tally before the outcome, a label's bare
  "to:" / "that:", a labelled resolution's mover-and-seconder sentence after it are cut; a
  framed motion keeps its mover (the frame is the motion).
"""

from __future__ import annotations

import pytest
from test_meetings_families_b56 import BATCHES, decisions_of

from extractor import extract


def minutes_pack():
    from rules.engine import rule_sets

    return next(r for r in rule_sets() if r.name == "minutes").pack


# --- pages not read at all -------------------------------------------------------------------


def test_minutes_submitted_and_approved_get_a_page_with_no_label_read():
    # Moray's minutes print no label at all; "The Minute of ... was submitted and approved." (four
    # times) is what says the page records decisions.
    from rules.genres import classify

    pdf = BATCHES / "batch-7" / "corpus" / "moray-council-2020-10-28.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not in the checkout")
    assert classify(extract(pdf)).reads_decisions
    # ... and the minutes frame reads each, as it reads "were read and approved"
    resolved = [d.resolved for d in decisions_of(7, "moray-council-2020-10-28")]
    assert "The Minute of the Meeting of Moray Council dated 2 September 2020 was submitted and approved." in resolved


def test_a_decision_label_run_into_a_community_councils_text_gets_the_page_read():
    resolved = [d.resolved for d in decisions_of(5, "glencairn-cc-2018-12-03")]
    assert "Secretary to chase up costings and bring to next meeting for discussion." in resolved


@pytest.mark.parametrize(("text", "read"), [
    ("Letter received. Decision: Secretary to write back. Report noted. Decision: Clerk to file it.", True),
    ("DECISION MADE: (CAB 16/17 18501) Cabinet agreed. Resolution : Agreed as a true record.", True),
    ("It was resolved at this point to suspend standing orders.", True),
    ("For Decision: To agree the minutes. For decision: To agree the budget.", False),
])
def test_decision_labels_in_running_text_are_cues_an_agendas_for_decision_is_not(text, read):
    from rules.genres import genres_pack

    cues = sum(cue.weight for cue in genres_pack().decision_cues for _ in cue.regex.finditer(text))
    assert (cues >= genres_pack().min_decision_cues) is read


# --- prose decisions: the sentence-level reader ----------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "sentence"), [
    (7, "choppington-pc-2023-11-22", "The meeting accepted these as proper reasons for non-attendance."),
    (8, "eastlinton-cc-2003-03-06", "We agreed to wait and see if these measures had any effect."),
])
def test_a_sentence_whose_predicate_is_a_decision_act_is_a_decision_found_by_sentence(batch, slug, sentence):
    decisions = {d.resolved: d for d in decisions_of(batch, slug)}
    found = decisions.get(sentence)
    assert found is not None and found.resolution_found_by == "sentence"
    # less sure than a decision found by a label or a frame in the same document
    assert all(found.confidence < d.confidence for d in decisions.values() if d.resolution_found_by in ("label", "frame"))


@pytest.mark.parametrize(("text", "found"), [
    ("Members discussed the quotes. We agreed to wait and see if the fines had any effect.",
     ["We agreed to wait and see if the fines had any effect."]),
    ("The decision was unanimously taken to move the account to another bank. Cllr Ede left.",
     ["The decision was unanimously taken to move the account to another bank."]),
    ("The meeting accepted these as proper reasons for absence. Members agreed with the comments made.",
     ["The meeting accepted these as proper reasons for absence."]),
    ("The budget was approved at the last meeting. Members agreed.", []),
    ("The Clerk explained that the Council approved the scheme in 2019.", []),
])
def test_the_sentence_reader_takes_the_sentences_own_predicate_only(text, found):
    from rules.meetings.sentences import decision_sentences

    assert [s for _, s in decision_sentences([(0, text)], minutes_pack(), [])] == found


def test_a_sentence_already_inside_a_resolution_is_not_read_again():
    from rules.meetings.sentences import decision_sentences

    text = "The Council adopted the new standing orders."
    assert decision_sentences([(0, text)], minutes_pack(), ["RESOLVED: The Council adopted the new standing orders."]) == []


# --- span trimming ---------------------------------------------------------------------------


def test_a_vote_tally_before_the_outcome_is_not_part_of_the_decision():
    resolved = [d.resolved for d in decisions_of(8, "brentwood-planning-committee-2023")]
    assert "The application was APPROVED." in resolved
    assert not any(r.startswith("ABSTAIN") for r in resolved)


@pytest.mark.parametrize(("batch", "slug", "decision"), [
    (8, "allington-pc-2023-09-16", "to approve the contract for GYFC’ use of Allington Playing Field."),
    (4, "teignmouth-tc-christmas-lights-event-2024",
     "that the minutes of the Christmas Lights Switch on Event meeting held on 10th September 2024 be approved "
     "and signed as a correct and accurate record of the meeting."),
])
def test_a_labelled_decision_ends_before_the_sentence_naming_its_mover_and_seconder(batch, slug, decision):
    assert decision in [d.resolved for d in decisions_of(batch, slug)]


def test_a_framed_motion_keeps_its_mover_and_seconder():
    # (the frame is the motion: "... £160 (...). Proposed by Councillor Eckles & seconded by
    # Councillor Cordey. All agreed." is read by its mover and seconder, who stay)
    from rules.meetings.minutes import _trim_span

    text = "Rent increase to £160. Proposed by Councillor Eckles & seconded by Councillor Cordey. All agreed."
    assert _trim_span(text, minutes_pack(), "frame") == text
    assert _trim_span(text, minutes_pack(), "label") == "Rent increase to £160."


def test_a_labels_bare_connective_is_not_part_of_the_decision():
    resolved = [d.resolved for d in decisions_of(4, "peterborough-cabinet-2022-11-14")]
    assert any(r.startswith("1. Notes the outcome of the Referendum") for r in resolved)
    assert not any(r.startswith("to:") for r in resolved)
