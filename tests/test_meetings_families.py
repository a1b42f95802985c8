"""Families of meeting records that unseen councils print and the engine read badly at first
sight (issue 16; found on first-sight batch 1), each on a small generated PDF in words
of its own — other councils, subjects, names and numbers than any batch page:

* parish minutes without labels: motions recorded by mover, seconder and outcome, "Unanimously
  agreed to ...", "it was agreed ..." inside a sentence (kept whole), payments listed after
  "the following accounts be paid";
* a page exported as one run of text (a crude export): minutes numbered "3)" or "27/15" run
  into the paragraph, and a labelled resolution that runs on into the minute's narrative;
* an issue page whose resolution label was lost: the points it closes on after its narrative;
* labels of their own: "RECOMMENDED - T H A T", "It was proposed, seconded and Resolved:",
  "Decision:" over a sentence that decides nothing, a reason inside a bracket;
* minutes numbered by paragraph only ("1.1", "2.1", "2.4.1");
* a sentence broken over a paragraph gap, mid-clause.
"""

from __future__ import annotations

from test_meetings_minutes import minutes_of

PARISH = ["**Minutes of the Meeting of Ashcombe Vale Parish Council held on Monday 9th June 2025 at 7.30pm "
          "in the Reading Room", "", "Present: Cllrs P. Quill (Chair), R. Amis, T. Boden, V. Cray", ""]


# --- parish minutes without labels ------------------------------------------------------------

def test_motions_recorded_by_mover_seconder_and_outcome(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "**4. Grass cutting contract",
        "Three quotes were compared.", "",
        "Proposal: Cllr Amis proposed and Cllr Boden seconded acceptance of the Greenway quote and the "
        "meeting unanimously agreed. The Clerk will tell the other bidders.", "",
        "**5. Asset register",
        "Approval of the asset register was proposed by Cllr Cray and seconded by Cllr Quill and was "
        "unanimously agreed by the meeting.", "",
        "**6. Allotments",
        "Two requests for plot 7 had been received. Proposed by RA and seconded by TB that plot 7 be let to "
        "Mr H. Dodd. Carried 3 for and 1 against. Motion carried.", "",
        "**7. Noticeboard", "The board by the church is rotten. Unanimously agreed to buy a new board.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("4", "Cllr Amis proposed and Cllr Boden seconded acceptance of the Greenway quote and the meeting "
              "unanimously agreed."),
        ("5", "Approval of the asset register was proposed by Cllr Cray and seconded by Cllr Quill and was "
              "unanimously agreed by the meeting."),
        ("6", "Proposed by RA and seconded by TB that plot 7 be let to Mr H. Dodd. Carried 3 for and 1 against. "
              "Motion carried."),
        ("7", "Unanimously agreed to buy a new board."),
    ]
    assert {d.resolution_found_by for d in decisions} == {"frame"}


def test_a_motion_before_the_business_with_its_outcome(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "• Before the business began, a motion was moved by Cllr Cray and seconded by Cllr Amis, that filming of "
        "the meeting be allowed. It was unanimously agreed and the Chair told the public.",
    ])
    assert [d.resolved for d in decisions] == [
        "a motion was moved by Cllr Cray and seconded by Cllr Amis, that filming of the meeting be allowed. "
        "It was unanimously agreed"]


def test_it_was_agreed_keeps_its_sentence_and_the_payments_listed(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "**8. Finance",
        "The bank reconciliation was checked. It was agreed that the following accounts be paid. Village hall "
        "hire £ 30.00 Clerk's mileage £ 41.60 Under the financial regulations it was agreed to move £2500 from "
        "the reserve account to the current account.",
    ])
    assert [d.resolved for d in decisions] == [
        "It was agreed that the following accounts be paid. Village hall hire £ 30.00 Clerk's mileage £ 41.60",
        "Under the financial regulations it was agreed to move £2500 from the reserve account to the current "
        "account."]


def test_proposed_seconded_and_resolved_in_one_run(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "3.To approve the notes of the meeting held on 12 May 2025. A date had been mistyped in 5c and was "
        "corrected. It was proposed, seconded and Resolved: that the corrected notes be accepted as a true record "
        "and signed by the Chair. 4.Highways Report: the gully on Mill Lane has been cleared.",
    ])
    assert [d.resolved for d in decisions] == [
        "that the corrected notes be accepted as a true record and signed by the Chair."]


# --- a page exported as one run of text ---------------------------------------------------------

def test_numbered_minutes_run_into_one_paragraph(tmp_path):
    # A community council's minutes typed on, item after item: "2) ... 3) Minutes of previous
    # meeting The minutes of ... were approved."
    _, decisions = minutes_of(tmp_path, [
        "**Minutes 3rd June 2025", "",
        "Present Councillors K Penry (Chair), L Howe, M Ystrad and the clerk. 1) Apologies – Councillors",
        "O Rees and P Morgan. 2) Declarations of Interest – LH in relation to the play area 3) Minutes of",
        "previous meeting The minutes of the meeting on 6th May 2025 were unanimously approved. 4) Play",
        "area The new swings are in. Work on the fence is still going on and will end in July. Action LH",
        "5) Finance The clerk reported a balance of £8,204.",
    ])
    assert [(d.minute_number, d.title, d.resolved) for d in decisions] == [
        ("3", "Minutes of previous meeting",
         "The minutes of the meeting on 6th May 2025 were unanimously approved.")]


def test_a_crude_export_of_year_numbered_minutes(tmp_path):
    # Minutes numbered "41/25" and run into one paragraph; each labelled resolution ends where
    # the narrative starts again.
    _, decisions = minutes_of(tmp_path, [
        "**Harrowdale National Park Authority Planning Committee", "",
        "Minutes of the meeting held at the Mill House, Brackton on Thursday 5 June 2025. Present: Ann Lowe,",
        "Ben Mace, Cara Nunn Apologies: Dev Oates 41/25 Minutes Resolved: That the minutes of the meeting held",
        "on 1 May 2025 be signed by the Chair as a correct record. Following the meeting Ann Lowe told the",
        "Authority that her apologies had been left out. 42/25 Members Interests Members were reminded to",
        "declare interests. 43/25 Tree Preservation Orders Considered: The report of the Head of Planning.",
        "Resolved: That the orders be confirmed. Members asked that owners be told in writing.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("41/25", "That the minutes of the meeting held on 1 May 2025 be signed by the Chair as a correct record."),
        ("43/25", "That the orders be confirmed.")]
    assert [d.title for d in decisions] == ["Minutes", "Tree Preservation Orders"]


def test_paragraph_numbered_minutes_each_a_minute(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of Proceedings of a Meeting of Lough Bay Borough Council held in the Council Chamber on "
        "Tuesday, 3 June 2025.", "",
        "1.1 It was PROPOSED by Councillor A Dunne Seconded by Councillor B Elder, and RESOLVED: that the "
        "Minutes of the meeting held on 6 May 2025 be taken as read and signed as correct. 2.1 The Chief "
        "Executive reported a letter from the harbour trust. 2.2 Submitted a report on street lighting.", "",
        "2.2.1 It was agreed that the Roads Department be asked to attend the July meeting.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("1.1", "that the Minutes of the meeting held on 6 May 2025 be taken as read and signed as correct."),
        ("2.2.1", "It was agreed that the Roads Department be asked to attend the July meeting.")]


# --- decision pages whose labels were lost or mislead ----------------------------------------------

def test_an_issue_page_whose_resolution_label_was_lost(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Issue - meetings", "", "**Waste Fleet Replacement", "",
        "Meeting: 11/03/2025 - Executive (Item 9)", "",
        "9 Waste Fleet Replacement", "", "Report of the Head of Environment.", "",
        "Additional documents:", "",
        "The Executive considered a report of the Head of Environment, which had been circulated before the "
        "meeting, on replacing six refuse vehicles.", "",
        "1)    Approve the purchase of six vehicles set out in the report; and", "",
        "2)    Note the savings in maintenance costs.", "",
        "- Report on fleet replacement, item 9 PDF 300 KB",
    ], name="issue.pdf")
    (d,) = decisions
    assert d.resolved == ("1) Approve the purchase of six vehicles set out in the report; and 2) Note the savings "
                          "in maintenance costs.")
    assert d.resolution_found_by == "position"


def test_decision_fields_that_decide_nothing(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Agenda, decisions and minutes", "**Executive - Monday, 2 June 2025 6.00 pm", "",
        "**12/25 Apologies", "Decision:", "There were no apologies.", "Minutes:", "There were no apologies.", "",
        "**13/25 Petitions", "Decision:", "There were two petitions. Both were referred to the Highways team.",
        "Minutes:", "There were two petitions. Both were referred to the Highways team.", "",
        "**14/25 Minutes of the last meeting", "Decision:", "These were agreed as a correct record.", "",
        "Minutes:", "These were agreed as a correct record.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [("14/25", "These were agreed as a correct record.")]


def test_recommended_as_a_committee_records_its_resolutions(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of a meeting held on 10th June, 2025.", "",
        "Present: Councillor R. Penn (Chairman); Councillors S. Quay, T. Ross.", "",
        "RESOLVED - T H A T Councillor S. Quay be appointed Vice-Chairman for the year.", "",
        "**51        MINUTES -", "",
        "RECOMMENDED - T H A T the minutes of the meeting held on 13th May, 2025 be approved as a correct record.",
        "Councillor T. Ross declared an interest in Agenda Item No. 6.",
    ])
    assert [d.resolved for d in decisions] == [
        "T H A T Councillor S. Quay be appointed Vice-Chairman for the year.",
        "T H A T the minutes of the meeting held on 13th May, 2025 be approved as a correct record."]


def test_a_reason_inside_a_bracket_and_a_run_in_reasons_heading(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**7 Depot Sale", "",
        "Minutes: The Cabinet considered the exempt report on the sale of the depot. DECISION: That the sale be "
        "agreed on the terms in the exempt report. (Other options considered: · As set out in the exempt report; "
        "Reasons for decision: · To release the site for housing).",
    ], name="item.pdf")
    (d,) = decisions
    assert (d.resolved, d.reason) == ("That the sale be agreed on the terms in the exempt report.",
                                      "To release the site for housing")
    _, decisions = minutes_of(tmp_path, [
        "1. That the draft outturn for 2024/25 be noted. 2. That the carry forwards in Annex B be approved. "
        "Reasons for Decisions To report the year's outturn to the Cabinet as the budget strategy requires.",
    ], name="page.pdf")
    (d,) = decisions
    assert d.resolved == "1. That the draft outturn for 2024/25 be noted. 2. That the carry forwards in Annex B be approved."
    assert d.reason == "To report the year's outturn to the Cabinet as the budget strategy requires."


def test_a_voting_line_is_a_field_not_a_heading(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "RESOLVED that the Cabinet pause the bus lane scheme until residents have been consulted.", "",
        "**Voting: For 6, Against 1", "",
        "**Portfolio Holder: Transport", "",
        "**Reason", "",
        "To allow residents to be consulted on the scheme's effects.",
    ], name="decision.pdf")
    (d,) = decisions
    assert d.reason == "To allow residents to be consulted on the scheme's effects."
    assert d.votes == "For 6, Against 1"


def test_a_sentence_broken_over_a_paragraph_gap(tmp_path):
    # A transcript typed line by line: the resolution's sentence goes on after the gap.
    _, decisions = minutes_of(tmp_path, [
        *PARISH, "**4.2", "**MINUTES OF THE MAY MEETING", "",
        "RESOLVED to accept the minutes of the Council Meeting held on", "",
        "12th May 2025 as a true record of the proceedings.", "",
        "Prop Cllr Amis",
    ])
    assert [d.resolved for d in decisions] == [
        "to accept the minutes of the Council Meeting held on 12th May 2025 as a true record of the proceedings."]
