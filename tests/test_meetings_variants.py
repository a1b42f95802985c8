"""Minutes of any council: the numbering styles, labels, frames and page layouts that other
councils and committee systems print, each on a small generated PDF (the real pages they come
from are in ../shared/eval/dev; see tests/test_meetings_dev_pages.py).

Each test is one family of layouts, written with words no fixture of the development set
uses, so a rule that only fits those pages fails here.
"""

from __future__ import annotations

import pytest
from test_meetings_minutes import by_number, minutes_of

HEADER = ["**Minutes of a meeting of the Environment Committee held on Tuesday, 7 March 2023 at 6.00 pm "
          "in the Council Chamber", "", "Present: Councillor P Quinn (Chair), Councillor R Shah", ""]


# --- numbering styles -----------------------------------------------------------------------

def test_number_alone_on_its_line_with_the_title_below(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "14.", "**PARKING PERMIT CHARGES", "The committee considered the report.", "",
        "RESOLVED: That the charges set out in Appendix A be adopted.", "",
        "15.", "**TREE PLANTING PROGRAMME", "Members welcomed the programme.", "",
        "RESOLVED: That the programme be endorsed.",
    ])
    d = by_number(decisions)
    assert sorted(d) == ["14", "15"]
    assert d["14"].title == "PARKING PERMIT CHARGES"
    assert d["15"].resolved == "That the programme be endorsed."


@pytest.mark.parametrize("first,second,numbers", [
    ("78/21", "79/21", ["78/21", "79/21"]), ("CAB.12", "CAB.13", ["CAB.12", "CAB.13"]),
    ("CAB/23/45", "CAB/23/46", ["CAB/23/45", "CAB/23/46"]), ("Minute 45", "Minute 46", ["45", "46"]),
    ("Agenda Item 5 -", "Agenda Item 6 -", ["5", "6"]),
])
def test_numbering_styles(tmp_path, first, second, numbers):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        f"**{first} Allotment Rents", "RESOLVED: That allotment rents rise by 3% from April.", "",
        f"**{second} Street Lighting", "RESOLVED: That the LED replacement be funded from reserves.",
    ])
    d = by_number(decisions)
    assert sorted(d) == numbers
    assert d[numbers[1]].title == "Street Lighting"


def test_an_item_with_nothing_under_it_keeps_its_title_and_the_next_number_starts_another(tmp_path):
    # "4) Declarations of Interest" with none declared: item 5's decision is item 5's.
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "3) Apologies", "None received.", "",
        "4) Declarations of Interest", "",
        "5) Minutes of the meeting held on 14th February", "The minutes were approved as a correct record.", "",
        "6) Grit Bins", "Resolved – to order four more grit bins.",
    ])
    assert [(d.minute_number, d.title) for d in decisions] == [
        ("5", "Minutes of the meeting held on 14th February"), ("6", "Grit Bins")]


def test_a_real_gap_in_the_numbering_is_kept(tmp_path):
    # Items 13-26 were taken in another meeting's minutes: 27 follows 12.
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**12 Bus Shelters", "RESOLVED: That two shelters be replaced.", "",
        "**27 Footpath Repairs", "RESOLVED: That the repairs be prioritised.",
    ])
    assert sorted(by_number(decisions), key=int) == ["12", "27"]


def test_unnumbered_item_headings(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**Budget Consultation", "The Treasurer introduced the consultation.", "",
        "RESOLVED: That the consultation be launched in January.", "",
        "**Date of Next Meeting", "The next meeting will be on 4 April 2023.",
    ])
    (d,) = decisions
    assert (d.minute_number, d.title) == (None, "Budget Consultation")


# --- resolution labels and frames -------------------------------------------------------------

@pytest.mark.parametrize("printed,resolved,found_by", [
    # A bare label is left out; a subject that frames the resolution is kept with it.
    ("AGREED: that the grant be awarded.", "that the grant be awarded.", "label"),
    ("Agreed – to write to the highway authority.", "to write to the highway authority.", "label"),
    ("It was resolved that the lease be renewed.", "that the lease be renewed.", "label"),
    ("I approve the following decisions: to award the contract to the lowest bidder.",
     "to award the contract to the lowest bidder.", "label"),
    ("DECISION: To adopt the play strategy.", "To adopt the play strategy.", "label"),
    ("Cabinet resolved to: approve the revised fees.", "Cabinet resolved to: approve the revised fees.", "frame"),
])
def test_resolution_labels(tmp_path, printed, resolved, found_by):
    _, decisions = minutes_of(tmp_path, [*HEADER, "**31 Community Grants", "The report was introduced.", "",
                                         printed])
    (d,) = decisions
    assert (d.resolved, d.resolution_found_by) == (resolved, found_by)


@pytest.mark.parametrize("sentence", [
    "The Committee AGREED that the scheme be taken forward.",
    "Cabinet agreed to defer the item to the next meeting.",
    "The Panel noted the annual report and thanked the officers.",
])
def test_resolution_frames_without_a_label(tmp_path, sentence):
    _, decisions = minutes_of(tmp_path, [*HEADER, "**8 Annual Report", "The officer presented the report.", "",
                                         sentence])
    (d,) = decisions
    assert d.resolved == sentence and d.resolution_found_by == "frame"


def test_a_scottish_minute_without_the_word_meeting_and_agreed_points(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minute of Meeting of the Education Committee held on Thursday 9 March 2023 at 10.00 am", "",
        "Present: Councillor A Grant (Convener)", "",
        "**1. DECLARATIONS OF INTEREST", "No declarations of interest were made.", "",
        "**2. SCHOOL ESTATE STRATEGY", "There was submitted a report by the Executive Director.", "",
        "The Committee agreed:-", "(a) to approve the strategy; and", "(b) to instruct officers to report back.",
    ])
    (d,) = decisions
    assert d.minute_number == "2" and d.resolution_found_by == "frame"
    assert d.resolved == "The Committee agreed:- (a) to approve the strategy; and (b) to instruct officers to report back."


def test_recommendations_approved_as_the_closing_sentence(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the meeting of the Licensing Committee held on 14 June 2023 at 2.00 pm at the Town Hall", "",
        "**7. Taxi Fares Review", "The Licensing Manager introduced the report. Members asked about the tariff.", "",
        "The recommendations in the report were approved.",
    ])
    (d,) = decisions
    assert (d.resolved, d.resolution_found_by) == ("The recommendations in the report were approved.", "position")


def test_an_unlabelled_resolution_after_the_report_was_presented(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**9 Minutes of the Previous Meeting",
        "The minutes of the meeting held on 7 February 2023 were approved as a correct record.", "",
        "**10 Apologies", "Apologies for absence were received from Councillor T Ward.",
    ])
    (d,) = decisions
    assert d.minute_number == "9" and d.resolved.startswith("The minutes of the meeting held on 7 February")


@pytest.mark.parametrize("label,kind", [
    ("Reason:", "Reasons"), ("Reasons for decision:", "Reason for Decision"),
    ("Reason for Proposals:", "Reason for Proposals"), ("Reasons for recommendation:", "Reason for Recommendation"),
    ("REASON FOR RECOMMENDATION:", "Reason for Recommendation"),
])
def test_reason_labels(tmp_path, label, kind):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**22 Waste Strategy", "RESOLVED: That the strategy be approved.", "",
        label, "To meet the national recycling targets.",
    ])
    (d,) = decisions
    assert (d.reason, d.reason_label) == ("To meet the national recycling targets.", kind)


def test_numbered_points_are_kept_as_a_list(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**5 Capital Programme", "RESOLVED: That", "(1) the programme be approved;",
        "(2) the borrowing limit be raised; and", "(3) the Treasurer report in September.",
    ])
    (d,) = decisions
    assert d.resolved_points == ["That", "(1) the programme be approved;", "(2) the borrowing limit be raised; and",
                                 "(3) the Treasurer report in September."]


# --- what is not a decision -------------------------------------------------------------------

def test_options_and_agenda_wording_are_not_decisions(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**3 Leisure Contract", "Members are asked to agree the contract extension.", "",
        "Options considered:", "· That the Committee extends the contract (recommended).",
        "· That the Committee retenders the contract (not recommended).", "",
        "**4 Apologies", "Apologies for absence were received from Councillor L Hart.",
    ])
    assert decisions == []


def test_a_resolution_inside_a_sentence_ends_with_it(tmp_path):
    # A parish council's narrative minutes: the resolution is the rest of its sentence; the
    # next sentence is narrative again, and an initial does not end it.
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**4 Co-option", "Two applications were received and it was unanimously resolved to co-opt Mr P. Lowe "
        "onto the council. Mr Lowe signed his declaration and joined the meeting.", "",
        "**5 Bus Shelter", "It was proposed, seconded and resolved that the shelter on Mill Lane be replaced.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [
        ("4", "to co-opt Mr P. Lowe onto the council."), ("5", "that the shelter on Mill Lane be replaced.")]


def test_a_numbered_resolution_whose_first_point_is_not_framed(tmp_path):
    # Only point (2) opens with "That": point (1) and the list under it are the resolution's too.
    _, decisions = minutes_of(tmp_path, [
        "**Issue - decisions", "", "**Parking Strategy 2025-2030", "",
        "14/05/2025 - PARKING STRATEGY 2025-2030", "",
        "(1) The adoption of the Parking Strategy with the three aims listed below:", "",
        "· Safer streets", "", "· Fewer empty bays", "", "· Cleaner air", "",
        "(2) That the Director be authorised to make minor changes to its wording.", "",
        "REASON FOR RECOMMENDATION: The strategy sets the charges and bays for five years.",
    ], name="issue.pdf")
    (d,) = decisions
    assert d.resolved_points == [
        "(1) The adoption of the Parking Strategy with the three aims listed below:", "· Safer streets",
        "· Fewer empty bays", "· Cleaner air", "(2) That the Director be authorised to make minor changes to its wording."]
    assert d.reason == "The strategy sets the charges and bays for five years."


def test_an_election_beside_a_labelled_resolution_in_one_item(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**1 Election of Chair", "Cllr Marsh was proposed by Cllr Dean and was elected unanimously.", "",
        "It was agreed to appoint a Vice-Chair at the June meeting.",
    ])
    assert [(d.resolved, d.resolution_found_by) for d in decisions] == [
        ("Cllr Marsh was proposed by Cllr Dean and was elected unanimously.", "frame"),
        ("It was agreed to appoint a Vice-Chair at the June meeting.", "frame")]


def test_debate_tributes_and_agreement_on_a_fact_are_not_decisions(tmp_path):
    _, decisions = minutes_of(tmp_path, [*HEADER,
        "**6 Parks", "It was agreed that there were too few litter bins in the park.", "",
        "RESOLVED: That six bins be ordered.", "",
        "**7 Tribute", "The Chairman invited members to stand in silence. Former Councillor Ward was elected "
        "in 1986 and served the Riverside ward until 2010.", "",
        "**8 Budget Update", "Councillor Shah referred to the draft budget and noted that the figures were provisional.",
    ])
    assert [(d.minute_number, d.resolved) for d in decisions] == [("6", "That six bins be ordered.")]


# --- voting records and decision lists -------------------------------------------------------

VOTES = [
    "**Voting record", "", "Council, Thursday 12th January 2023 7.00 p.m.", "",
    "Item: Council Tax Support Scheme", "",
    "Recorded vote on the motion to adopt the scheme:", "Resolution status: Carried", "",
    "For Cllr A, Cllr B, Cllr C 3", "Against Cllr D 1", "Abstain None 0", "",
    "Recorded vote on the amendment to add a hardship fund:", "Resolution status: Lost", "",
    "For Cllr D 1", "Against Cllr A, Cllr B, Cllr C 3", "",
    "Item: Members' Allowances", "",
    "Recorded vote on the allowances for 2023/24:", "Resolution status: Carried", "",
    "For Cllr A, Cllr B, Cllr D 3", "Against Cllr C 1", "",
    "Council, Thursday 23rd February 2023 7.00 p.m.", "",
    "Item: Budget 2023/24", "",
    "Recorded vote on the budget:", "Resolution status: Carried", "",
    "For Cllr A, Cllr B 2", "Against Cllr C, Cllr D 2",
]


def test_recorded_votes_several_items_votes_and_meetings(tmp_path):
    meetings, decisions = minutes_of(tmp_path, VOTES, name="votes.pdf")
    assert [(d.title, d.status) for d in decisions] == [
        ("Council Tax Support Scheme", "Carried"), ("Council Tax Support Scheme", "Lost"),
        ("Members' Allowances", "Carried"), ("Budget 2023/24", "Carried")]
    assert [d.votes for d in decisions] == ["For 3; Against 1; Abstain 0", "For 1; Against 3",
                                            "For 3; Against 1", "For 2; Against 2"]
    # vote rows never leak into what was resolved
    assert not any("Cllr" in d.resolved for d in decisions)
    dates = {m.id: m.date for m in meetings}
    assert [dates[d.meeting_id] for d in decisions] == ["2023-01-12"] * 3 + ["2023-02-23"]


def test_decision_list_entries(tmp_path):
    meetings, decisions = minutes_of(tmp_path, [
        "**Decisions published", "",
        "14/06/2022 - Harbour Dredging ref: 812 Recommendations Approved",
        "Decision Maker: Harbour Board", "Made at meeting: 14/06/2022 - Harbour Board", "Decision:",
        "That the dredging contract be extended by one year.", "",
        "14/06/2022 - Mooring Fees ref: 813 Recommendations Approved",
        "Decision Maker: Harbour Board", "Made at meeting: 14/06/2022 - Harbour Board", "Decision:",
        "That mooring fees rise by 5%.", "Reason for Decision: To cover maintenance costs.",
    ], name="list.pdf")
    assert [(d.title, d.resolved) for d in decisions] == [
        ("Harbour Dredging", "That the dredging contract be extended by one year."),
        ("Mooring Fees", "That mooring fees rise by 5%.")]
    assert decisions[1].reason == "To cover maintenance costs."
    assert {(m.body, m.date) for m in meetings} == {("Harbour Board", "2022-06-14")}


# --- a crude export: labels run into one paragraph ------------------------------------------

def test_labels_run_into_one_paragraph(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "Decision Maker: Cabinet Decision status: Recommendations Approved Is Key",
        "decision?: Yes Is subject to call in?: No Approval of the refreshed housing",
        "strategy. RESOLVED: That (1) the strategy be adopted; (2) the action plan be",
        "noted. Reason for Decision: To meet the statutory duty to review the strategy.",
        "Alternative Options Considered and Rejected: None. Publication date: 02/03/2023",
        "Date of decision: 01/03/2023 Decided at meeting: 01/03/2023 - Cabinet",
    ], name="crude.pdf")
    (d,) = decisions
    assert d.resolved == "That (1) the strategy be adopted; (2) the action plan be noted."
    assert d.reason == "To meet the statutory duty to review the strategy."
    assert (d.decision_maker, d.status, d.key_decision, d.decision_date) == (
        "Cabinet", "Recommendations Approved", "Yes", "01/03/2023")


def test_a_long_title_where_a_marker_announces_one(tmp_path):
    # An issue page prints its title on the line after the marker, whatever its length.
    _, decisions = minutes_of(tmp_path, [
        "**Issue - meetings", "",
        "Harbour Wall Repairs - Approval of the Revised Capital Budget and the Procurement Route for",
        "the Main Works Contract and the Associated Marine Licence Applications", "",
        "Decision:", "", "That the revised capital budget of £2.4m be approved.",
    ], name="issue.pdf")
    (d,) = decisions
    assert d.title.startswith("Harbour Wall Repairs") and d.title.endswith("Marine Licence Applications")


def test_a_title_label_run_into_the_text_by_a_crude_export(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**View Cabinet Decision Record", "",
        "Cabinet Decision: 9th March 2023 Title of Item/Report Review of Street Trading Consents",
        "Record of the Decision Members considered the consultation responses.", "",
        "RESOLVED that the revised street trading policy be adopted.",
    ], name="record.pdf")
    (d,) = decisions
    assert d.title == "Review of Street Trading Consents"
    assert d.resolved == "that the revised street trading policy be adopted."


# --- what the page says of its meeting ----------------------------------------------------------

def test_the_meeting_date_is_the_meetings_own_not_the_minutes_it_approves(tmp_path):
    from council_plans.build import build

    folder = tmp_path / "corpus"
    folder.mkdir()
    from pdfgen import make_pdf, text_page

    make_pdf(folder / "minutes.pdf", [text_page([
        "**Minutes of a meeting of the Licensing Committee held on Thursday, 9 March 2023 at 10.00 am",
        "in the Council Chamber", "", "Present: Councillor K Obi (Chair)", "",
        "**1 Minutes", "The minutes of the meeting held on 12 January 2023 were approved as a correct record.",
        "", "Recommended that Council adopts the policy. That Council notes the fees.",
    ])])
    import sqlite3

    build(folder, tmp_path / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "plans.db")
    body, date, council, genre = conn.execute("select body, meeting_date, council, genre from documents").fetchone()
    assert (body, date, genre) == ("Licensing Committee", "2023-03-09", "minutes")
    # "That Council" and "Recommended that Council" name no council; no Author field is used
    assert council is None
    (meeting_date,) = conn.execute("select date from meetings where kind = 'minutes'").fetchone()
    assert meeting_date == "2023-03-09"


def test_a_parish_councils_min_numbers_and_resolutions_mid_sentence(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the Meeting of Upton Parish Council held on Tuesday 11 April 2023 at 7.30 pm in the Village Hall",
        "", "Present: Cllr J Smith (Chairman), Cllr K Brown", "",
        "**Min 23/045 Planning", "Application 23/0099 was considered.", "It was unanimously RESOLVED to support it.", "",
        "**Min 23/046 Finance", "Proposed by Cllr Brown, seconded by Cllr Smith and RESOLVED that the accounts be approved.",
        "", "**Min 23/047 Grass Cutting", "Three quotes were received.", "Resolution: That Green Ltd be awarded the contract.",
    ])
    assert [(d.minute_number, d.title, d.resolved) for d in decisions] == [
        ("23/045", "Planning", "to support it."),
        ("23/046", "Finance", "that the accounts be approved."),
        ("23/047", "Grass Cutting", "That Green Ltd be awarded the contract.")]


def test_numbered_sub_items_with_their_own_headings(tmp_path):
    # A Northern Irish council's committee minutes: "3.1 Rates Estimates 2020/21" names a
    # sub-item; an apology accepted is no decision; "It was proposed by ..., seconded by ... and
    # agreed that" frames its resolution.
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of Meeting of the Corporate Services Committee held in the Council Chamber, Island Civic Centre,",
        "on Wednesday 12th February 2020 at 6.08 pm.", "", "PRESENT: Councillor R Carlin (Chairman)", "",
        "1. Apologies", "", "An apology for non-attendance at the meeting was accepted and recorded on behalf of",
        "Councillor J McCarthy.", "", "3. Report from Head of Finance", "", "3.1 Rates Estimates 2020/21", "",
        "It was proposed by Councillor A Swan, seconded by Councillor J Gallen and agreed that the estimates be approved.",
        "", "3.2 Procurement Update", "", "Members noted the update on procurement.",
    ])
    assert [(d.minute_number, d.title, d.resolution_found_by) for d in decisions] == [
        ("3.1", "Rates Estimates 2020/21", "frame"), ("3.2", "Procurement Update", "frame")]


def test_unlabelled_numbered_resolutions_after_the_vote(tmp_path):
    # An issue page: the narrative, the vote, then the resolution's points with no label.
    _, decisions = minutes_of(tmp_path, [
        "**Issue - decisions", "", "**To confirm the minutes of the meeting held on 18 March 2021", "",
        "24/06/2021 - To confirm the minutes of the meeting held on 18 March 2021", "",
        "Members were not minded to approve the minutes as a correct record.", "",
        "The proposals were put to the vote and carried unanimously by the Councillors present.", "",
        "(1) that the minutes are re-submitted to a future meeting of this Committee;", "",
        "(2) that an additional meeting of the Committee is held.",
    ], name="issue.pdf")
    (d,) = decisions
    assert d.resolved == ("(1) that the minutes are re-submitted to a future meeting of this Committee; "
                          "(2) that an additional meeting of the Committee is held.")
    assert d.resolved_points == ["(1) that the minutes are re-submitted to a future meeting of this Committee;",
                                 "(2) that an additional meeting of the Committee is held."]


def test_a_town_councils_reference_numbers_and_agenda_worded_titles(tmp_path):
    meetings, decisions = minutes_of(tmp_path, [
        "Full Council Meeting Minutes", "Thursday 6 April 2023 7.30pm", "Market Hall, Newtown", "",
        "Members Present: Cllrs Ahmed, Bell, Cole", "",
        "T01:04/23 Receive apologies for absence.", "Apologies were received and accepted from Cllr Dean.", "",
        "T02:04/23 To elect a Deputy Mayor.", "RESOLVED: Cllr Bell elected as Deputy Mayor, proposed by Cllr Cole.", "",
        "T03:04/23 To agree the grants budget.",
        "An application was considered and it was resolved that £500 be granted to the youth club.",
    ], name="town.pdf")
    assert [(d.minute_number, d.title, d.resolved) for d in decisions] == [
        ("T02:04/23", "To elect a Deputy Mayor.", "Cllr Bell elected as Deputy Mayor, proposed by Cllr Cole."),
        ("T03:04/23", "To agree the grants budget.", "that £500 be granted to the youth club.")]
    assert {(m.body, m.date) for m in meetings} == {("Full Council", "2023-04-06")}
