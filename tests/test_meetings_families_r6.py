"""Meeting records, round 6 (issue 16): broad recall that carries over to councils never seen.
Checked on committed PDFs of first-sight batches 1 and 10 (batch 11, the held-out batch, is
never used here) and on the sentence reader directly:

* where a decision starts and ends comes from the page: lines set at a wide spacing wrap where
  a line runs to the margin and ends mid-sentence ("held on 15th" / "November 2018 were ...");
  a short run-in heading ends at its colon ("22/14 Minutes: The minutes of ..."); a sentence
  glued to a heading in capitals starts at its capital ("ELECTION OF CHAIRJohn Hume was ...");
  an agenda's "To receive ...:" and a label's "RESOLVED," before the decision are no part of it;
* the sentence reader runs in every item, labelled document or not, on the sentence's own
  predicate: "It was (discussed and) agreed ...", a passive act ("... were confirmed and
  signed", "... was proposed and elected as Chair"), "This was agreed." pointing back;
* precision by clause structure: a decision word after a subordinate word ("until ... was
  appointed") or an auxiliary, a decision reported from another meeting ("at its meeting on
  ..."), an act joined to nothing decided ("It was agreed and this was noted ...") is none; an
  unlabelled sentence beside a labelled resolution of the same item is the label's summary.
"""

from __future__ import annotations

import pytest
from test_meetings_families_b56 import decisions_of
from test_meetings_families_r5 import minutes_pack


def _resolved(batch: int, slug: str) -> dict[str, str]:
    return {d.resolved: d.resolution_found_by for d in decisions_of(batch, slug)}


# --- boundaries from the page ----------------------------------------------------------------


def test_a_line_that_runs_to_the_margin_mid_sentence_wraps_at_a_wide_line_spacing():
    # every line of this page is 20pt below the last: a gap says nothing, the line's end does
    resolved = _resolved(10, "hormead-pc-2019-01-17")
    assert "that the Minutes of the Parish Council Meeting held on 15th November 2018 were a true and accurate record." \
        in resolved


def test_a_run_in_headings_colon_ends_the_title_and_the_minute_is_read():
    resolved = _resolved(10, "bintree-pc-2013-07-25")
    assert "The minutes of meetings held 12th March and 23rd May were confirmed and signed by the chairman" in resolved


def test_a_sentence_glued_to_a_heading_in_capitals_is_read_from_its_capital():
    resolved = _resolved(10, "kersey-pc-agm-2019-05-13")
    assert any(r.startswith("John Hume was proposed and elected as Chair of the Council") for r in resolved)
    assert "Andrew Rogers was proposed, seconded and elected as Vice Chair." in resolved


@pytest.mark.parametrize(("slug", "decision"), [
    ("holyhead-tc-2016-03-07", "It was resolved, proposed and seconded that the Minutes be received as a true record."),
    ("cumbria-council-2020-11-19", "that the minutes of the previous meeting held on 9 September 2020 be agreed with"),
])
def test_the_agenda_wording_and_a_comma_label_before_the_decision_are_not_part_of_it(slug, decision):
    resolved = _resolved(10, slug)
    assert any(r.startswith(decision) for r in resolved)
    assert not any(r.startswith(("To receive", "RESOLVED,")) for r in resolved)


def test_an_item_heading_run_into_a_framed_decision_with_no_stop_is_not_part_of_it():
    # "4 Minutes of the Parish Council Meetings held on Monday 14th September These were agreed ..."
    resolved = _resolved(10, "hoarcross-pc-2020-12-08")
    assert any(r.startswith("These were agreed to be an accurate record of the Meeting;") for r in resolved)
    assert not any("14th September These" in r for r in resolved)


# --- the sentence reader everywhere ----------------------------------------------------------


def test_a_passive_act_is_read_in_every_item():
    resolved = _resolved(10, "belstone-pc-2019-05-21")
    # (read by the sentence reader while the page had no label; since "• It was resolved to appoint
    # ..." is read as a label after its bullet, the item's text is read by its position: the same
    # decision, word for word)
    assert resolved.get("These were agreed and signed by the Chairman as a correct record of the meeting.") \
        in ("sentence", "position")


def test_an_unlabelled_sentence_beside_a_labelled_resolution_is_not_a_second_decision():
    resolved = _resolved(1, "whitehorse-executive-2009-10-02")
    assert "Councillors approved the requests." not in resolved
    assert any(by == "label" for by in resolved.values())


@pytest.mark.parametrize(("text", "found"), [
    ("Members discussed the hedge. It was discussed and agreed to ask the landowner to cut it.",
     ["It was discussed and agreed to ask the landowner to cut it."]),
    ("The annual accounts for 2018/19 were agreed and are to be sent to the auditor.",
     ["The annual accounts for 2018/19 were agreed and are to be sent to the auditor."]),
    ("Andrew Rogers was proposed, seconded and elected as Vice Chair.",
     ["Andrew Rogers was proposed, seconded and elected as Vice Chair."]),
    ("The certificate of exemption will be applied for. This was agreed.",
     ["The certificate of exemption will be applied for. This was agreed."]),
    ("Decisions taken so far include: • Agreed to an Emergency Fund • Responded to the protocol",
     ["Agreed to an Emergency Fund"]),
    # the decision word in a subordinate clause, after an auxiliary, or reported from elsewhere
    ("The post remained vacant until a permanent replacement was appointed.", []),
    ("The clerk said the quotation would be accepted next month.", []),
    ("Cabinet decided (at its meeting on Monday 13 May) to close the depot.", []),
    ("The budget was approved at the last meeting.", []),
    ("It was unanimously agreed and this was noted to members of the public.", []),
])
def test_the_sentence_reader_reads_the_sentences_own_act(text, found):
    from rules.meetings.sentences import decision_sentences

    assert [s for _, s in decision_sentences([(0, text)], minutes_pack(), [])] == found
