"""Families of meeting records found on first-sight batches 3 and 4 (issue 16, round 3), each
on a small generated PDF in words of its own — other councils, names and subjects than any
batch page:

* a community council's AGM whose minutes were "adopted as a true and accurate record", with
  its mover and seconder named after colons ("Proposed: ...; seconded: ...");
* a ModernGov decision page of a committee that never prints "council" (its key-decision and
  call-in fields say it is a council's), and an "Issue - meetings" page of a "District
  Executive" — read as decision pages, not as documents of no genre;
* a meeting system's page for one agenda item ("Agenda item", its title, "Minutes:",
  "Resolved:") of charter trustees, whose minute never prints "council"; such a page of a
  working party's notes whose resolution is numbered points "1. That, ..." with no label;
* an "Issue - decisions" page title run into its text by a crude export;
* "RESOLVED – (a) That ..." followed by "REASONS – (a) To ...": the reasons are not part of the
  resolution (a truncated reason no longer drops the resolution as cut off).
"""

from __future__ import annotations

from pdfgen import make_pdf, text_page
from test_meetings_minutes import minutes_of

from extractor import extract
from rules.engine import read


def test_community_council_minutes_adopted_with_mover_and_seconder_after_colons(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**GLENMORE & DISTRICT COMMUNITY COUNCIL",
        "Draft Minutes of Annual General Meeting held on Tuesday, 3rd June 2025 at 7.30pm in Glenmore Hall", "",
        "Present: Ruth Keir, Chair (RK), Colin Mair, Treasurer (CM), Iona Bruce (IB)", "",
        "Item 1. Welcome. The Chair opened the meeting at 7.30pm.", "",
        "Item 2. Minutes of last AGM, 4th June 2024. The Minutes of the last AGM were read by RK after which they",
        "were adopted as a true and accurate record. Proposed: Colin Mair; seconded: Iona Bruce.", "",
        "Item 3. Treasurer's report. CM said the accounts showed a balance of £2,140.", "",
    ])
    assert [d.resolved for d in decisions] == [
        "The Minutes of the last AGM were read by RK after which they were adopted as a true and accurate "
        "record. Proposed: Colin Mair; seconded: Iona Bruce."]


def test_a_committee_decision_page_that_never_prints_council(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "Decision details PARKING CHARGES REVIEW - CONSIDERATION OF RESPONSES Decision Maker:",
        "Highways and Infrastructure Committee Decision status: Recommendations Approved Is Key",
        "decision?: Yes Is subject to call in?: No Purpose: The report sets out the responses to the",
        "consultation on charges at the seafront car parks. Decision: Resolved (9:2) - That the Head of",
        "Highways be authorised to introduce the revised charges from 1 April 2026 Report author: Ann Kerr",
        "Publication date: 12/01/2026 Date of decision: 10/01/2026 Decided at meeting: 10/01/2026 -",
        "Highways and Infrastructure Committee",
    ])
    assert [d.resolved for d in decisions] == [
        "That the Head of Highways be authorised to introduce the revised charges from 1 April 2026"]


def test_an_issue_page_of_a_district_executive(tmp_path):
    pdf = make_pdf(tmp_path / "issue.pdf", [text_page([
        "Issue - meetings Adoption of the Lowbridge Design Code Meeting: 05/05/2025 - District Executive (Item 9)",
        "9 Adoption of the Lowbridge Design Code PDF 210 KB Decision: RESOLVED: That District Executive",
        "adopt the Lowbridge Design Code as guidance for planning decisions. Reason: To give weight to the",
        "Design Code when applications are determined.",
    ])])
    reading = read(extract(pdf))
    assert reading.genre.name == "decision_details"


def test_charter_trustees_agenda_item_page_is_their_minute(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "Agenda item",
        "Mayoral Allowance 2025/26 - Report of the Treasurer",
        "Minutes:",
        "Charter Trustees considered a report of the Treasurer on the allowance for the coming year.",
        "Resolved:",
        "That the allowance be held at the level of 2024/25.",
    ])
    assert [d.resolved for d in decisions] == ["That the allowance be held at the level of 2024/25."]


def test_an_agenda_item_page_with_numbered_resolutions_and_no_label(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "Agenda item",
        "Play Area Working Group",
        "To receive the notes of the meeting held on 4 March 2025.",
        "The Committee received the notes of the Play Area Working Group held on 4 March 2025.",
        "Members heard from the Amenities Manager, who described the state of the swings.",
        "1. That, the notes of the meeting of 4 March 2025 be noted and,",
        "2. That, the Amenities Manager obtain three quotes for new swings.",
    ])
    assert [d.resolved for d in decisions] == [
        "1. That, the notes of the meeting of 4 March 2025 be noted and, 2. That, the Amenities Manager obtain "
        "three quotes for new swings."]


def test_an_issue_decisions_title_run_into_the_text(tmp_path):
    pdf = make_pdf(tmp_path / "issue.pdf", [text_page([
        "Issue - decisions Review of Museum Opening 14/02/2025 - Review of Museum Opening",
        "(CAB11(24/25)) Cabinet considered the report by the Director of Communities.",
        "Cabinet approved the closure of the museum on Mondays from April 2025.",
    ])])
    assert read(extract(pdf)).genre.name == "decision_details"


def test_resolved_then_reasons_in_capitals_with_a_dash(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the meeting of the Council held on 3 April 2025", "",
        "**41. Twinning Association",
        "The Chief Executive submitted a report on a request from the Twinning Association for a grant.",
        "RESOLVED – (a) That a grant of £1,500 be made to the Twinning Association.",
        "(b) That the Association report on its use of the grant by March 2026.",
        "REASONS – (a) To support the visit of the twin town's delegation.",
        "(b) To account for the Council's funds under the Local",
    ])
    assert [(d.resolved, d.reason) for d in decisions] == [
        ("(a) That a grant of £1,500 be made to the Twinning Association. (b) That the Association report on its "
         "use of the grant by March 2026.",
         "(a) To support the visit of the twin town's delegation. (b) To account for the Council's funds under the "
         "Local")]
