"""Families of meeting records that unseen councils print and the engine read badly at first
sight (issue 16; found on first-sight batches 1 and 2), each on a small generated PDF in
words of its own — other councils, subjects, names and numbers than any batch page:

* parish minutes without labels: motions recorded by mover, seconder and outcome, "Unanimously
  agreed to ...", "it was agreed ..." inside a sentence (kept whole), payments listed after
  "the following accounts be paid";
* a page exported as one run of text (a crude export): minutes numbered "3)" or "27/15" run
  into the paragraph, and a labelled resolution that runs on into the minute's narrative;
* an issue page whose resolution label was lost: the points it closes on after its narrative;
* labels of their own: "RECOMMENDED - T H A T", "It was proposed, seconded and Resolved:",
  "Decision:" over a sentence that decides nothing, a reason inside a bracket;
* minutes numbered by paragraph only ("1.1", "2.1", "2.4.1");
* a sentence broken over a paragraph gap, mid-clause;
* (batch 2) a parish page run together, each framed sentence a decision of its own; the
  councillors' own wording ("The councillors present approved ...", "... noted ... and agreed
  to ...", "were approved by the council, proposed by ..."), "Agreement was reached to ...";
  lines of a web page broken without full stops; wrapped lines under wider paragraph spacing;
  Scottish minutes ("submitted and noted", "held as read"); motions MOVED and SECONDED in
  capitals with their outcome; a point "1) That, ..."; year-first minute numbers run in; a
  mover's initial that looks like a point; a City committee's page that never prints "council".
"""

from __future__ import annotations

from pdfgen import make_pdf
from test_meetings_minutes import minutes_of

from council_plans.build import prepare
from extractor import extract

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


# --- batch 2: parish pages run together, and lines without full stops ---------------------------

def test_every_framed_sentence_of_a_page_run_together(tmp_path):
    # One paragraph of a whole page: each sentence that records a decision is one, whatever
    # frame came first; the list of bills run in before "The councillors present approved".
    _, decisions = minutes_of(tmp_path, [
        "Minutes of the meeting held in the Old School on Tuesday June 3rd 2025 at 7 p.m. Present were Mrs A Pike, "
        "Mr B Rudd, Mr C Soames and the Clerk. Mrs Pike was unanimously elected as Chairman for the year. Mr Rudd "
        "reported a fallen tree on the green. Minutes: The minutes of the April meeting were read approved and "
        "signed. Annual return The clerk presented the annual return for 2024/25. It was approved by the council, "
        "proposed by Mr Soames and seconded by Mr Rudd and was signed by the Chairman. The councillors noted the "
        "auditor's letter and agreed to move the bank account at the next meeting. Bills to be paid - £62.00 "
        "Mower repair £40.00 Hall hire The councillors present approved these amounts for payment. Correspondence "
        "was read.",
    ])
    assert [d.resolved for d in decisions] == [
        "Mrs Pike was unanimously elected as Chairman for the year.",
        "The minutes of the April meeting were read approved and signed.",
        "It was approved by the council, proposed by Mr Soames and seconded by Mr Rudd and was signed by the "
        "Chairman.",
        "The councillors noted the auditor's letter and agreed to move the bank account at the next meeting.",
        "The councillors present approved these amounts for payment.",
    ]


def _page(rows: list[tuple[str, float]], size: float = 10.0) -> list[tuple]:
    """Lines placed one under another, each (text, the gap above it)."""
    out, y = [], 60.0
    for text, gap in rows:
        y += gap
        out.append((text, size, False, 60.0, y))
        y += size
    return out


def _decisions_of(tmp_path, lines, name="page.pdf"):
    from rules.engine import apply_rules
    from rules.meetings.records import DecisionRecord

    reading, _ = prepare(extract(make_pdf(tmp_path / name, [lines])), None)
    return [r for r in apply_rules(reading) if isinstance(r, DecisionRecord)]


def test_lines_of_a_web_page_broken_without_full_stops(tmp_path):
    # A web page set as a PDF: one gap between paragraphs (11 pt), lines broken inside one (7 pt)
    # after short lines — each line a sentence of its own, none ending in a full stop.
    decisions = _decisions_of(tmp_path, _page([
        ("Minutes of the Parish Council Meeting held on 2 June 2025", 0),
        ("at the Wharf Room, Canal Street.", 11),
        ("Present: Cllrs Ada Frome, Ben Gale, Cy Hurst", 11),
        ("Public Participation: two residents asked about the towpath, where the hedges have grown over the", 11),
        ("path; the Clerk will write to the Canal Trust.", 7),
        ("Before the monthly meeting, the Annual Meeting was held", 11),
        ("Cllr Frome was elected as Chairman", 11),
        ("Cllr Gale was elected as Vice Chairman", 7),
        ("Our tree warden was confirmed as Mr D Hale", 7),
        ("Agreement was reached to meet on the first Monday of each month", 7),
        ("1/25 Apologies", 11),
        ("None", 11),
    ]))
    assert [d.resolved for d in decisions] == [
        "Cllr Frome was elected as Chairman", "Cllr Gale was elected as Vice Chairman",
        "Our tree warden was confirmed as Mr D Hale",
        "Agreement was reached to meet on the first Monday of each month"]


def test_a_line_wrapped_under_wider_paragraph_spacing(tmp_path):
    # The same spacing, a resolution wrapped after a line that fills the measure: one paragraph.
    long = "RESOLVED that the minutes of the meeting of the Housing Board held on the 12th"
    decisions = _decisions_of(tmp_path, _page([
        ("Present: Councillors Ann Bell (Chair), Cal Dunn and Eve Ford", 0),
        ("4.", 11), ("MINUTES", 11), ("4.1", 11), ("12TH MARCH, 2025", 11), ("Minutes:", 11),
        (long, 11), ("March, 2025 be signed as a correct record.", 7),
        ("4.2", 11), ("2ND APRIL, 2025", 11), ("Minutes:", 11),
        ("RESOLVED that the minutes of the meeting of the Housing Board held on the 2nd", 11),
        ("April, 2025 be signed as a correct record.", 7),
        ("5.", 11), ("BUS SHELTERS", 11), ("Minutes:", 11), ("The report was deferred to July.", 11),
    ], size=10.0), name="web.pdf")
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("4.1", "that the minutes of the meeting of the Housing Board held on the 12th March, 2025 be signed as a "
                "correct record."),
        ("4.2", "that the minutes of the meeting of the Housing Board held on the 2nd April, 2025 be signed as a "
                "correct record."),
        # a deferral in the passive is a decision act of the meeting (round 6's sentence reader)
        ("5", "The report was deferred to July.")]


# --- batch 2: Scottish minutes, motions in capitals, points ---------------------------------------

def test_scottish_minutes_submitted_and_noted_and_held_as_read(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Lochside Council - 02/06/2025", "",
        "At a MEETING of the LOCHSIDE COUNCIL held at Kirkton on 2nd June, 2025. Provost Jean AIRD, in the Chair.",
        "I DECLARATION OF INTEREST No declarations of interest were made. II MINUTES The undernoted minutes were",
        "submitted and noted. Minute of Licensing Board dated 5th May, 2025. III HARBOUR TRUST It was reported",
        "that Bailie Ross had resigned. The Council agreed that Councillor Muir take his place.", "",
        "The minute of meeting of this Council of 5th May, 2025 was held as read. Unless marked thus * all items",
        "stand delegated.",
    ])
    assert [d.resolved for d in decisions] == [
        "The undernoted minutes were submitted and noted.",
        "The Council agreed that Councillor Muir take his place.",
        "The minute of meeting of this Council of 5th May, 2025 was held as read."]


def test_a_motion_moved_and_seconded_in_capitals_with_its_outcome(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of a meeting of the Council held on 4 June 2025", "",
        "**12. Members' Allowances (Minute 40)", "",
        "The Leader MOVED, seconded by Councillor Mrs P Tay THAT the recommendation of the Panel as set out in "
        "Minute 40 be ADOPTED. Upon a vote being taken, the MOTION was declared to have been CARRIED. The Council "
        "then heard a question from Councillor Wynn.", "",
        "**13. Leisure Centre", "",
        "Councillor Ord MOVED and Councillor Bly SECONDED that the sale of the leisure centre be approved. The "
        "proposal was carried unanimously.",
    ])
    assert [d.resolved for d in decisions] == [
        "The Leader MOVED, seconded by Councillor Mrs P Tay THAT the recommendation of the Panel as set out in "
        "Minute 40 be ADOPTED. Upon a vote being taken, the MOTION was declared to have been CARRIED.",
        "Councillor Ord MOVED and Councillor Bly SECONDED that the sale of the leisure centre be approved. The "
        "proposal was carried unanimously."]


def test_a_motions_outcome_alone_is_no_decision(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the Council meeting held on 4 June 2025", "",
        "**7. Pay Policy", "", "RESOLVED that the pay policy statement be approved.", "",
        "The proposal was carried unanimously.",
    ], name="outcome.pdf")
    assert [d.resolved for d in decisions] == ["that the pay policy statement be approved."]


def test_points_that_open_that_with_a_comma(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Decision details", "", "**Garden waste charges", "",
        "To consider the charges for 2025-26. 1) That, to recover the cost of the service, the charge be raised to "
        "£52 a year. 2) That the concession for households on benefits be kept.",
    ], name="details.pdf")
    assert [d.resolved for d in decisions] == [
        "1) That, to recover the cost of the service, the charge be raised to £52 a year. 2) That the concession "
        "for households on benefits be kept."]


def test_year_first_minute_numbers_run_into_a_page(tmp_path):
    # "25/041" after "25/040": the sequence is the second number; a point's mark ends a title
    # and is no part of the resolution before the next point.
    _, decisions = minutes_of(tmp_path, [
        "Minutes of the Parish Council meeting held at 7pm on the 9th June 2025 at the Hall. 25/039 Apologies",
        "None 25/040 To approve the minutes of the meeting held on 12th May 2025. RESOLVED to approve the",
        "minutes as a true record. 25/041 Finance a) It was RESOLVED to pay the grass cutting invoice. b) It",
        "was RESOLVED to renew the insurance.",
    ])
    assert [(d.minute_number, d.title, d.resolved) for d in decisions] == [
        ("25/040", "To approve the minutes of the meeting held on", "to approve the minutes as a true record."),
        ("25/041", "Finance", "to pay the grass cutting invoice."),
        ("25/041", "Finance", "to renew the insurance.")]


def test_a_mover_named_by_initial_after_an_agreed_sentence(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH, "**06/25 Annual accounts",
        "The accounts had been circulated. It was agreed that one payment be shown under grants. The internal "
        "auditor had raised no points. T. Boden proposed acceptance of the accounts and the governance statement, "
        "seconded by V. Cray and unanimously agreed. The Clerk will send them to the auditor by 30th June.",
    ])
    assert [d.resolved for d in decisions] == [
        "It was agreed that one payment be shown under grants.",
        "T. Boden proposed acceptance of the accounts and the governance statement, seconded by V. Cray and "
        "unanimously agreed."]


def test_a_city_committee_page_that_never_prints_council(tmp_path):
    # The Town Clerk says whose page it is; its RESOLVED is read.
    _, decisions = minutes_of(tmp_path, [
        "Agenda item Any other business Minutes: The Chairman raised one item. The Town Clerk reported that the",
        "hall lettings policy needed a change before July.",
        "RESOLVED – That the change be approved by the Town Clerk in consultation with the Chairman.",
    ], name="committee.pdf")
    assert [d.resolved for d in decisions] == [
        "That the change be approved by the Town Clerk in consultation with the Chairman."]
