"""Families of meeting records the engine failed on at first sight (issue 16, §3), each on a
small generated PDF written in words of its own: printed ModernGov minutes of a county
cabinet, records of decision (taken and proposed), a Leader's decisions for a cancelled
meeting, "Agenda and minutes" pages that lost their labels, parish minutes without labels,
resolutions inside prose, and numbered motions as councils outside the UK print them.

No test copies a page the engine has met: the families are described in the issue, the
words here are this file's own.
"""

from __future__ import annotations

import pytest
from test_meetings_minutes import minutes_of

# --- printed ModernGov minutes of a county cabinet ----------------------------------------------


def numbered_page(rows: list, size: float = 10.0) -> list[tuple]:
    """A printed page whose paragraph numbers stand in a column of their own, as ModernGov
    prints minutes: ``(number, text)`` rows put the number at the margin and the text beside
    it; a ``**`` prefix prints the row in bold."""
    out, y = [], 60.0
    for row in rows:
        if row == "":
            y += size
            continue
        number, text = row if isinstance(row, tuple) else ("", row)
        bold = text.startswith("**") or number.startswith("**")
        number, text = number.lstrip("*"), text.removeprefix("**")
        if number:
            out.append((number, size, bold, 60.0, y))
        if text:
            out.append((text, size, bold, 60.0 if not isinstance(row, tuple) else 95.0, y))
        y += size * 1.25
    return out


def printed_cabinet_minutes(bold_headings: bool = True) -> list[tuple]:
    b = "**" if bold_headings else ""
    return numbered_page([
        "**EASTDALE COUNTY COUNCIL", "**CABINET",
        "MINUTES of a meeting of the Cabinet held in the Council Chamber, County Offices, Eastdale on",
        "Monday, 13 January 2025.", "",
        "PRESENT: Mr G Hollis (Chairman), Mrs A Quarry, Mr N Sato and Mrs E Vance", "",
        "**OPEN ITEMS", "",
        (f"{b}112.", f"{b}Chairman's Announcements"), ("", "(Item 2)"),
        ("", "The Chairman welcomed the new Director of Public Health."), "",
        (f"{b}113.", f"{b}24/00215 - Home to School Transport Framework"), ("", "(Item 4)"),
        ("1.", "Mrs Quarry introduced the framework, which would replace eleven separate contracts."),
        ("2.", "Mr Sato asked how rural routes would be covered; officers said every route was included."),
        ("3.", ""),
        ("", "RESOLVED that the Home to School Transport Framework be awarded to the six providers named"),
        ("", "in the exempt appendix."), "",
        (f"{b}114.", f"{b}24/00230 - Sale of the Former Depot at Mill Road"), ("", "(Item 5)"),
        ("1.", "Mr Hollis introduced the report on the sale of the depot, empty since 2021."),
        ("2.", "RESOLVED that the sale of the former depot be agreed, and that the Director of Property"),
        ("", "complete the sale on the terms in the report."), "",
        (f"{b}115.", f"{b}24/00241 - Flood Risk Strategy Refresh"), ("", "(Item 6)"),
        ("1.", "Mrs Vance introduced the refreshed strategy."),
        ("2.", ""), ("", "RESOLVED that the refreshed Flood Risk Strategy be adopted."),
    ])


@pytest.mark.parametrize("bold", [True, False], ids=["bold headings", "plain headings"])
def test_printed_minutes_whose_headings_start_with_a_decision_reference(tmp_path, bold):
    # A stray paragraph number ("3.") stands before RESOLVED; the next minute's heading is its
    # number and a decision reference ("114. 24/00230 - Sale of ..."): one minute must not
    # swallow the next, and each decision keeps its own number and title.
    from pdfgen import make_pdf

    from council_plans.build import prepare
    from extractor import extract
    from rules.engine import apply_rules
    from rules.meetings.records import DecisionRecord

    document = extract(make_pdf(tmp_path / "cabinet.pdf", [printed_cabinet_minutes(bold)]))
    reading, _ = prepare(document, None)
    decisions = [r for r in apply_rules(reading) if isinstance(r, DecisionRecord)]
    got = {d.minute_number: (d.title, d.resolved) for d in decisions}
    assert sorted(got) == ["113", "114", "115"]
    assert got["113"] == ("24/00215 - Home to School Transport Framework",
                          "that the Home to School Transport Framework be awarded to the six providers named in "
                          "the exempt appendix.")
    assert got["114"][0] == "24/00230 - Sale of the Former Depot at Mill Road"
    assert got["114"][1].endswith("complete the sale on the terms in the report.")
    assert "115" not in got["114"][1] and "Flood" not in got["114"][1]
    assert got["115"] == ("24/00241 - Flood Risk Strategy Refresh",
                          "that the refreshed Flood Risk Strategy be adopted.")


def test_a_section_heading_over_the_minutes_names_no_minute(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of a meeting of the Licensing Committee held on Tuesday, 4 March 2025 at 10.00 am",
        "Present: Councillor A Boyd (Chair), Councillor P Lim", "",
        "**PART I - ITEMS TAKEN IN PUBLIC", "", "**31. Street Trading Policy", "The Licensing Manager introduced the policy.",
        "", "RESOLVED: That the Street Trading Policy be approved.",
    ])
    (d,) = decisions
    assert (d.minute_number, d.title) == ("31", "Street Trading Policy")


# --- records of decision ------------------------------------------------------------------------

ROD_HEAD = ["**WOLDSHIRE COUNTY COUNCIL – RECORD OF DECISION", "",
            "DECISION TAKEN BY:", "Priya Nair, Cabinet Member for Adult Social Care", "",
            "DECISION NO:", "25/00127", "", "Key decision: YES", "",
            "Title of Decision: Extension of the Home Care Framework", ""]
ROD_TAIL = ["", "Reason(s) for decision:",
            "The framework ends in June and a new procurement cannot be completed before then.", "",
            "Cabinet Committee recommendations and other consultation:",
            "The Adult Social Care Cabinet Committee endorsed the proposal on 20 May 2025.", "",
            "Any alternatives considered and rejected:", "Letting the framework lapse was rejected.", "",
            "Any interest declared when the decision was taken and any dispensation granted by the Proper Officer:",
            "None.", "", "signed     date"]


@pytest.mark.parametrize("points,resolved", [
    (["EXTEND the Home Care Framework for twelve months from 1 July 2025;", "",
      "DELEGATE authority to the Corporate Director to agree the extension terms; and", "",
      "NOTE the market review due in the autumn."],
     "As Cabinet Member for Adult Social Care, I agree to: EXTEND the Home Care Framework for twelve months from "
     "1 July 2025; DELEGATE authority to the Corporate Director to agree the extension terms; and NOTE the market "
     "review due in the autumn."),
    (["APPROVE the extension of the Home Care Framework for twelve months.", "",
      "DELEGATE authority to the Corporate Director to agree the extension terms."],
     "As Cabinet Member for Adult Social Care, I agree to: APPROVE the extension of the Home Care Framework for "
     "twelve months. DELEGATE authority to the Corporate Director to agree the extension terms."),
    (["(a) APPROVE the extension of the Home Care Framework for twelve months; and",
      "(b) DELEGATE authority to the Corporate Director to agree the extension terms."],
     "As Cabinet Member for Adult Social Care, I agree to: (a) APPROVE the extension of the Home Care Framework "
     "for twelve months; and (b) DELEGATE authority to the Corporate Director to agree the extension terms."),
], ids=["points ending in semicolons", "points ending in full stops", "lettered points"])
def test_a_record_of_decision_keeps_every_point_and_its_reason(tmp_path, points, resolved):
    _, decisions = minutes_of(tmp_path, [
        *ROD_HEAD, "Decision:", "As Cabinet Member for Adult Social Care, I agree to:", "", *points, *ROD_TAIL])
    (d,) = decisions
    assert d.resolved == resolved
    assert d.reason == "The framework ends in June and a new procurement cannot be completed before then."
    assert d.title == "Extension of the Home Care Framework"
    assert d.decision_maker == "Priya Nair, Cabinet Member for Adult Social Care"


@pytest.mark.parametrize("proposal", [
    ["Cabinet propose to:", "a) To ENDORSE the Minerals Plan review; and", "b) To AGREE its consultation."],
    ["As Cabinet Member for Adult Social Care, I propose to:", "",
     "EXTEND the Home Care Framework for twelve months."],
])
def test_a_proposed_record_of_decision_is_no_decision(tmp_path, proposal):
    # The same record, taken, is a decision; proposed, it is not.
    taken = [line.replace("propose", "agree to" if line.startswith("Cabinet") else "agree") for line in proposal]
    _, decisions = minutes_of(tmp_path, [*ROD_HEAD, "Decision:", *taken, *ROD_TAIL], name="taken.pdf")
    assert len(decisions) == 1
    head = [ROD_HEAD[0].replace("RECORD OF DECISION", "PROPOSED RECORD OF DECISION"), *ROD_HEAD[1:]]
    _, decisions = minutes_of(tmp_path, [*head, "Decision:", *proposal, *ROD_TAIL], name="proposed.pdf")
    assert decisions == []


def test_a_leaders_decisions_for_a_cancelled_meeting(tmp_path):
    # "I approve the following decisions:" over titled items, each with its points and reason.
    _, decisions = minutes_of(tmp_path, [
        "**Brackwater District Council", "**Decisions of the Leader of the Council", "",
        "The Executive meeting of 3 February 2025 did not take place. Under the Leader's executive powers the",
        "decisions below were taken in its place.", "",
        "I approve the following decisions:", "",
        "**1. Empty Homes Premium",
        "(i) To charge the empty homes premium after one year from 1 April 2025;",
        "(ii) To publish guidance for owners before the change.",
        "Reason: Long-term empty homes in the district have doubled since 2020.", "",
        "**2. Grounds Maintenance Contract",
        "(i) To extend the contract with the present provider for two years;",
        "(ii) To review the specification before any retender.",
        "Reason: A retender now would cost more than the extension.", "",
        "Signed: Councillor T Ashby, Leader          Date: 4 February 2025",
    ])
    assert [(d.minute_number, d.title) for d in decisions] == [
        ("1", "Empty Homes Premium"), ("2", "Grounds Maintenance Contract")]
    assert decisions[0].resolved_points == [
        "(i) To charge the empty homes premium after one year from 1 April 2025;",
        "(ii) To publish guidance for owners before the change."]
    assert decisions[1].reason == "A retender now would cost more than the extension."


# --- "Agenda and minutes" pages that lost their labels -------------------------------------------

AGENDA_AND_MINUTES = ["Agenda and minutes", "Riverside Area Board", "Thursday, 6th February, 2025 7.00 pm",
                      "Venue: Community Centre, Bridge Street", "",
                      "Present: Councillor J Rowe (Chair), Councillor S Iqbal", ""]


def test_agenda_and_minutes_whose_labels_were_lost(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *AGENDA_AND_MINUTES,
        "**4 Minutes of the last meeting",
        "To approve the minutes of the meeting held on 5 December 2024.",
        "The minutes of the meeting held on 5 December 2024 were tabled.",
        "To approve as a correct record and sign the minutes of the meeting held on 5 December 2024.", "",
        "**5 Community Grants",
        "To consider applications for community grants.",
        "The Area Board considered six applications and asked about match funding.",
        "To award grants to the four applicants listed in the report.", "",
        "**6 Date of next meeting", "To note the date of the next meeting.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("4", "To approve as a correct record and sign the minutes of the meeting held on 5 December 2024."),
        ("5", "To award grants to the four applicants listed in the report.")]


def test_agenda_wording_alone_is_no_decision(tmp_path):
    # The same page before the meeting: agenda wording, no narrative, no decision.
    _, decisions = minutes_of(tmp_path, [
        *AGENDA_AND_MINUTES,
        "**4 Minutes of the last meeting", "To approve the minutes of the meeting held on 5 December 2024.", "",
        "**5 Community Grants", "To consider applications for community grants.",
        "To award grants to the applicants recommended in the report.",
    ])
    assert decisions == []


# --- parish minutes without labels --------------------------------------------------------------

PARISH = ["**Minutes of the Meeting of Hollins Green Parish Council held on Tuesday 3rd June 2025 at 7pm "
          "in the Church Room", "", "Present: Cllrs D. Frost (Chair), E. Okafor, H. Bell, M. Lutz", ""]


def test_parish_elections_payments_and_motions_without_labels(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "**1. Chair for the year",
        "Members nominated and resolved that Cllr D. Frost remain Chair for 2025/26.", "",
        "**2. Payments",
        "a) The following invoices were approved for payment, proposed EO, seconded HB:",
        "Website hosting £96.00", "Litter picker wages £240.00", "",
        "b) Defibrillator pads, Heartsafe Ltd - resolved to pay £58.20", "",
        "**3. Allotment rents",
        "It was proposed by Cllr H. Bell, seconded by Cllr M. Lutz and unanimously agreed, that allotment rents",
        "stay at £25 a plot for 2026.", "",
        "**4. Dog bins",
        "Cllr Okafor moved that two more dog bins be bought for the recreation ground. Cllr Frost seconded",
        "the motion. All agreed, the Resolution was passed.", "",
        "**5. Next meeting", "Tuesday 1st July 2025.",
    ])
    got = [(d.minute_number, d.resolved) for d in decisions]
    assert got == [
        ("1", "Members nominated and resolved that Cllr D. Frost remain Chair for 2025/26."),
        ("2", "The following invoices were approved for payment, proposed EO, seconded HB: Website hosting £96.00 "
              "Litter picker wages £240.00"),
        ("2", "to pay £58.20"),
        ("3", "It was proposed by Cllr H. Bell, seconded by Cllr M. Lutz and unanimously agreed, that allotment "
              "rents stay at £25 a plot for 2026."),
        ("4", "Cllr Okafor moved that two more dog bins be bought for the recreation ground. Cllr Frost seconded "
              "the motion. All agreed, the Resolution was passed."),
    ]


def test_payments_resolved_one_per_line(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH, "**6. Accounts",
        "Hall hire for May - resolved to pay £45.00",
        "Annual insurance premium - resolved to pay £612.35",
        "Clerk's expenses were noted.",
    ])
    assert [d.resolved for d in decisions] == ["to pay £45.00", "to pay £612.35"]


# --- resolutions inside prose -------------------------------------------------------------------

def test_committee_resolved_inside_prose_in_minutes_that_label_others(tmp_path):
    # The minutes label one resolution; the others are "Committee resolved to ..." inside the
    # narrative, two in one paragraph, and one in a lettered point followed by another point
    # that is narrative again.
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the meeting of the Open Spaces Committee held on Wednesday 9 April 2025 at 7.30 pm", "",
        "Present: Councillors R. Dale (Chair), F. Ito, G. Marsh", "",
        "**17. Previous minutes", "RESOLVED: That the minutes of 12 March 2025 be signed as correct.", "",
        "**18. Cemetery",
        "The Clerk reported on memorial safety testing. After discussion the Committee resolved to close the",
        "north path until the wall is repaired. Members then turned to fees and the Committee resolved to keep",
        "burial fees unchanged for 2025/26.", "",
        "**19. Correspondence",
        "a) A request from the cricket club for a new roller. Committee resolved to contribute half of the cost.",
        "b) A letter about parking on the verge. Committee resolved to ask for a traffic order.",
        "c) Complaints had been received about bonfires on the allotments; the Clerk will write to tenants.",
    ])
    got = [(d.minute_number, d.resolved) for d in decisions]
    assert got == [
        ("17", "That the minutes of 12 March 2025 be signed as correct."),
        ("18", "the Committee resolved to close the north path until the wall is repaired."),
        ("18", "the Committee resolved to keep burial fees unchanged for 2025/26."),
        ("19", "Committee resolved to contribute half of the cost."),
        ("19", "Committee resolved to ask for a traffic order."),
    ]


# --- numbered motions (councils outside the UK print them so) -----------------------------------

def test_numbered_motions_each_a_decision_and_a_statutory_footer_none(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**THE CORPORATION OF THE TOWNSHIP OF CEDAR FALLS", "**REGULAR MEETING OF COUNCIL MINUTES",
        "Monday, April 14, 2025 at 7:00 p.m., Municipal Office", "",
        "Present: Mayor K. Olsen, Councillors B. Roy, T. Singh, W. Park", "",
        "**9. BY-LAWS",
        "R2025-118 B. Roy, T. Singh",
        "THAT we pass By-Law Number 2025-21, being a by-law to appoint a deputy clerk.",
        "CARRIED.", "",
        "R2025-119 W. Park, B. Roy",
        "THAT Council award the culvert tender to the lowest bidder in the amount of $88,400.",
        "CARRIED.", "",
        "Minutes prepared as per Section 228 of the Municipal Act, 2001, to be approved at the next meeting.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("R2025-118", "THAT we pass By-Law Number 2025-21, being a by-law to appoint a deputy clerk."),
        ("R2025-119", "THAT Council award the culvert tender to the lowest bidder in the amount of $88,400.")]
    assert all(d.title == "BY-LAWS" for d in decisions)


def test_a_minutes_note_is_no_decision(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH, "**7. Grit bins", "RESOLVED: To refill the grit bins before November.", "",
        "**8. Any other business", "None.", "",
        "Minutes taken by the Clerk; the minutes will be approved at the next meeting.",
    ])
    assert [d.resolved for d in decisions] == ["To refill the grit bins before November."]


def test_parish_minutes_run_in_after_a_colon_title(tmp_path):
    # "2. Play area: ..." — each minute a paragraph whose title runs in before a colon; a
    # resolution inside a sentence ends before the next minute's number.
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "1. Apologies: none.",
        "2. Bus shelter: the quotation from Oakline for a new roof was considered. It was resolved to accept it.",
        "3. Verges: it was agreed to ask the county to cut the verges on Back Lane.",
    ])
    # ("it was resolved" is a label, left out; "it was agreed to ..." a sentence, kept whole)
    assert [(d.minute_number, d.title, d.resolved) for d in decisions] == [
        ("2", "Bus shelter", "to accept it."),
        ("3", "Verges", "it was agreed to ask the county to cut the verges on Back Lane.")]


def test_a_motion_recorded_by_its_mover_seconder_and_outcome(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "1. Election of Vice-Chair", "Hana Bell: proposed by Dan Frost, seconded by Mia Lutz. All in favour.", "",
        "2. Internal audit",
        "E. Okafor proposed that the internal auditor's report be accepted, seconded by Cllr. Bell and unanimously "
        "agreed.", "",
        "3. Village fete", "Members talked about the date of the fete.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("1", "Hana Bell: proposed by Dan Frost, seconded by Mia Lutz. All in favour."),
        ("2", "E. Okafor proposed that the internal auditor's report be accepted, seconded by Cllr. Bell and "
              "unanimously agreed.")]


def test_reference_numbers_out_of_their_turn_are_still_minutes(tmp_path):
    # A town council's committee prints its attendance minute first under a later number;
    # "TC24/112" and the rest are references, not numbers in the text, whatever their order.
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "TC24/118 PRESENT", "Councillors Frost, Bell and Lutz.", "",
        "TC24/110 PREVIOUS MINUTES", "It was RESOLVED to approve the minutes.", "",
        "TC24/111 BUS SHELTERS", "It was RESOLVED to ask for two quotations.",
    ])
    assert [(d.minute_number, d.title) for d in decisions] == [
        ("TC24/110", "PREVIOUS MINUTES"), ("TC24/111", "BUS SHELTERS")]


def test_planning_responses_and_dash_titled_minutes(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "Minutes for an ordinary meeting of the Council on Monday 2nd June 2025 at 7.30pm at the Old School",
        "Present: Councillors Ames, Buck, Carr", "",
        "1. Apologies for Absence – Cllr Dole.", "",
        "2. Planning", "2.1 Applications", "25/01234/FUL New porch at 4 Green Lane.",
        "The Council supported the application as the porch matches the house.", "",
        "25/01301/TPO Felling of an oak at Mill House.",
        "The Council objected to the felling of a healthy tree.",
    ])
    assert [d.resolved for d in decisions] == [
        "The Council supported the application as the porch matches the house.",
        "The Council objected to the felling of a healthy tree."]


def test_a_subject_that_resolved_in_capitals_keeps_its_subject(tmp_path):
    # A decision list's entry: the numbered paragraphs under it take the entry's title, and
    # "The Portfolio Holder and Lead Member RESOLVED to" is the subject's frame, not a bare label.
    _, decisions = minutes_of(tmp_path, [
        "**Decisions published", "",
        "03/02/2025 - Library Opening Hours ref: 2211    Recommendations Approved", "",
        "Decision Maker: Portfolio Holder for Communities", "", "Decision:", "",
        "31.1 The Portfolio Holder considered a report by the Director of Communities.", "",
        "31.2 The Portfolio Holder and Lead Member RESOLVED to (1) approve the new hours; and", "",
        "(2) review them after a year.", "",
        "Divisions affected: (All Divisions);",
    ])
    (d,) = decisions
    assert d.title == "Library Opening Hours"
    assert d.resolved == ("The Portfolio Holder and Lead Member RESOLVED to (1) approve the new hours; and "
                          "(2) review them after a year.")


def test_a_record_of_decision_made_by_a_body(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**HOLMFORD BOROUGH COUNCIL", "", "**RECORD OF DECISION OF THE Executive", "",
        "Decision Made:", "", "9 October 2024", "", "**Street Lighting Upgrade", "",
        "Decision Made", "",
        "1. That the LED upgrade of all street lights be approved.", "",
        "2. That the Director of Place be authorised to award the contract.", "",
        "Reasons for Decision", "", "The upgrade halves the energy bill.", "",
        "Alternatives considered and why rejected", "", "Keeping the old lamps was rejected on cost.",
    ])
    (d,) = decisions
    assert d.resolved == ("1. That the LED upgrade of all street lights be approved. 2. That the Director of "
                          "Place be authorised to award the contract.")
    assert d.reason == "The upgrade halves the energy bill."


def test_a_time_at_a_line_start_is_no_sub_minute(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH, "**Meeting times",
        "The Council agreed that from September its meetings would start at",
        "7.30 pm instead of 7.00 pm.",
    ])
    (d,) = decisions
    assert (d.minute_number, d.title) == (None, "Meeting times")
    assert d.resolved.endswith("would start at 7.30 pm instead of 7.00 pm.")


def test_word_processor_minutes_with_items_and_numbers_run_together(tmp_path):
    # "Item 3:To receive ..." with no space after the colon, and the minute number run into
    # its label ("24/31Resolved to ..."): each item its number, title and resolution.
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "Item 3:To receive the minutes of the meeting held 6th May 2025.", "",
        "24/31Resolved to approve the minutes of 6th May 2025.", "",
        "Item 4:Grass cutting contract.", "",
        "24/32Resolved that the contract be extended for one year.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("3", "to approve the minutes of 6th May 2025."), ("4", "that the contract be extended for one year.")]
    assert decisions[0].title == "To receive the minutes of the meeting held 6th May 2025."


def test_a_minute_number_printed_twice_is_still_a_minute(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        *PARISH,
        "**57/25 Precept 2026/27", "The budget was presented.", "Resolved to set the precept at £31,200.", "",
        "**57/25 Correspondence", "A letter from the bus company was read.", "Resolved to reply in support.", "",
        "**58/25 Footpaths", "Resolved to repair the stile on path 12.",
    ])
    assert [(d.minute_number, d.title, d.resolved) for d in decisions] == [
        ("57/25", "Precept 2026/27", "to set the precept at £31,200."),
        ("57/25", "Correspondence", "to reply in support."),
        ("58/25", "Footpaths", "to repair the stile on path 12.")]


def test_an_agenda_decisions_and_minutes_page_with_a_recorded_vote(tmp_path):
    # Each item printed twice (its decision, then its minutes), a recorded-vote table inside:
    # one decision per item, and "There were no announcements." is none.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    from pdfgen import make_pdf, text_page

    from council_plans.build import build

    make_pdf(corpus / "exec.pdf", [text_page([
        "Agenda, decisions and minutes", "Executive - Tuesday, 8th April, 2025 5.30 pm",
        "Venue: Council Chamber, Civic Offices", "",
        "5.", "", "Car Park Charges", "", "Decision:", "",
        "RESOLVED that the new car park charges be approved from 1 June 2025.", "",
        "Voting Record", "", "6 For, 1 Against, 0 Abstentions", "", "Minutes:", "",
        "The Cabinet Member presented the report.", "", "Recorded Vote", "TitleTypeRecorded Vote textResult",
        "Car park charges Resolution", "",
        "RESOLVED: That the new car park charges be approved from 1 June 2025.", "", "Carried", "",
        "6.", "", "Leader's Announcements", "", "Decision:", "", "There were no announcements.",
    ])])
    import sqlite3

    build(corpus, tmp_path / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "plans.db")
    assert conn.execute("select genre from documents").fetchone() == ("minutes",)
    assert conn.execute("select minute_number, title, resolved from decisions").fetchall() == [
        ("5", "Car Park Charges", "that the new car park charges be approved from 1 June 2025.")]
    assert conn.execute("select count(*) from pages_with_unread_decisions").fetchone() == (0,)
