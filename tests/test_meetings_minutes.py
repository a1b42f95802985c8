"""Minutes → meetings and decisions (rules ``minutes.meeting.v1``, ``minutes.resolved.v1``).

Real pages: the draft minutes of Cabinet, 20 June 2017, printed in the 3 July 2017 Cabinet
pack (seed text lines 245-890). Layout variants of other councils' minutes are small PDFs.
"""

from __future__ import annotations

import pytest
from pdfgen import make_pdf, text_page
from rulesets import records_of

from extractor import extract
from rules.meetings.minutes import RULE_DECISION, RULE_MEETING
from rules.meetings.records import DecisionRecord, MeetingRecord


def read_minutes(reading):
    """Meetings and decisions the minutes rule set reads."""
    return records_of(reading, "minutes", MeetingRecord, DecisionRecord)


def minutes_of(tmp_path, *pages: list[str], name: str = "minutes.pdf"):
    """Meetings and decisions the engine reads from a small PDF of text pages (its genre
    decides whether the minutes rule set reads it at all)."""
    from council_plans.build import prepare
    from rules.engine import apply_rules

    document = extract(make_pdf(tmp_path / name, [text_page(rows) for rows in pages]))
    reading, _ = prepare(document, None)
    records = apply_rules(reading)
    return ([r for r in records if isinstance(r, MeetingRecord) and r.rule == RULE_MEETING],
            [r for r in records if isinstance(r, DecisionRecord)])


def by_number(decisions):
    return {d.minute_number: d for d in decisions}


# --- real pages: Cabinet minutes of 20 June 2017 in the 3 July 2017 pack -----------------

@pytest.fixture(scope="module")
def cabinet_minutes(cabinet_2017):
    return read_minutes(cabinet_2017)


def test_cabinet_minutes_meeting(cabinet_minutes, cabinet_2017):
    meetings, _ = cabinet_minutes
    # "DRAFT MINUTES OF THE CABINET MEETING HELD ON 20 JUNE 2017 AT THE KENNET ROOM ..."
    (meeting,) = [m for m in meetings if m.kind == "minutes"]
    assert (meeting.body, meeting.date) == ("Cabinet", "2017-06-20")
    assert meeting.venue and meeting.venue.upper().startswith("THE KENNET ROOM - COUNTY HALL, TROWBRIDGE")
    # "(Duration of meeting: 9.30 am - 1.55 pm)" gives the start time
    assert meeting.time == "9.30 am"
    assert meeting.rule == RULE_MEETING and meeting.document_id == cabinet_2017.id and meeting.page == 5


def test_cabinet_decisions_are_the_resolved_minutes(cabinet_minutes):
    _, decisions = cabinet_minutes
    # Minutes 70, 74-80, 83 and 85-88 print "Resolved"; 69, 71-73, 81, 82 and 84 do not.
    assert sorted(by_number(decisions), key=int) == [
        "70", "74", "75", "76", "77", "78", "79", "80", "83", "85", "86", "87", "88"]
    assert all(d.rule == RULE_DECISION and d.page and d.document_id for d in decisions)


def test_minutes_without_resolution_are_not_decisions(cabinet_minutes):
    _, decisions = cabinet_minutes
    titles = {d.title for d in decisions}
    for title in ("Apologies", "Declarations of Interest", "Leader's Announcements", "Urgent Items",
                  "Public Participation and Questions from Councillors"):
        assert title not in titles


def test_cabinet_resolution_keeps_every_point(cabinet_minutes):
    d = by_number(cabinet_minutes[1])
    assert d["70"].title == "Minutes of the Previous Meeting"
    assert d["70"].resolved == ("To approve as a correct record and sign the minutes of the meeting held "
                                "on 23 May 2017.")
    assert d["70"].reason is None
    # lettered points a) and b), the second on the next page of the seed
    assert d["75"].resolved.startswith("To note: a) The report showing an outturn for the General Revenue Fund")
    assert "b) The unaudited Statement of Accounts for 2016/2017." in d["75"].resolved
    # numbered points 1. and 2.
    assert d["74"].resolved.startswith("To note updates and outturns: 1. Against the measures")
    assert d["74"].resolved.endswith("2. To the strategic risk register.")


def test_cabinet_reasons(cabinet_minutes):
    d = by_number(cabinet_minutes[1])
    assert d["79"].reason == "To enable views to be submitted as part of the consultation process."
    assert d["79"].reason_label == "Reason for Decision"
    # the reason of 74 runs over two paragraphs; both are kept, nothing of minute 75 is
    assert d["74"].reason.startswith("The performance framework compiles and monitors outturns")
    assert d["74"].reason.endswith("preparedness should a national risk event occur.")
    # minute 85 gives its reason for taking the item in private
    assert d["85"].title == "Exclusion of the Press and Public"
    assert d["85"].reason_label == "Reason for taking the item in private"
    assert d["85"].reason.startswith("Paragraph 3")


def test_cabinet_decisions_link_to_their_meeting(cabinet_minutes):
    meetings, decisions = cabinet_minutes
    minutes_meeting = next(m for m in meetings if m.kind == "minutes")
    assert {d.meeting_id for d in decisions} == {minutes_meeting.id}


def test_committee_pack_has_no_minutes(committee_2012):
    # The 2012 committee pack prints no minutes: "The Committee resolved to undertake a rapid
    # scrutiny exercise" inside a report is not a decision.
    meetings, decisions = read_minutes(committee_2012)
    assert decisions == [] and meetings == []


# --- layout variants ----------------------------------------------------------------------

def test_upper_case_resolved_with_bracketed_points(tmp_path):
    meetings, decisions = minutes_of(tmp_path, [
        "**Minutes of a meeting of the Planning Committee held on Tuesday, 14 March 2023 at 10.00 am",
        "**in the Council Chamber, Town Hall",
        "",
        "Present: Councillor A Jones (Chair), Councillor B Smith",
        "",
        "**12. Apologies for Absence",
        "Apologies were received from Councillor C Brown.",
        "",
        "**13. Land at Mill Lane",
        "The committee considered the application for 40 homes.",
        "",
        "RESOLVED: That the application be approved subject to:",
        "(1) a legal agreement securing 30% affordable housing; and",
        "(2) the conditions set out in the report.",
        "",
        "**14. Exclusion of the Public",
        "RESOLVED - That the public be excluded for the next item.",
        "",
        "The meeting closed at 11.45 am",
    ])
    (meeting,) = meetings
    assert (meeting.body, meeting.date) == ("Planning Committee", "2023-03-14")
    assert meeting.time == "10.00 am"  # the start, not "closed at 11.45 am"
    d = by_number(decisions)
    assert sorted(d) == ["13", "14"]  # 12 has no resolution
    assert d["13"].title == "Land at Mill Lane"
    assert d["13"].resolved == ("That the application be approved subject to: (1) a legal agreement securing "
                                "30% affordable housing; and (2) the conditions set out in the report.")
    assert d["14"].resolved == "That the public be excluded for the next item."


def test_decision_instead_of_resolved(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**CABINET",
        "",
        "**Minutes of the meeting held on Wednesday 5 October 2022 at 2.00 pm",
        "",
        "**45 Budget Monitoring Quarter 1",
        "The Cabinet Member for Finance introduced the report.",
        "",
        "**Decision:",
        "1. To note the forecast overspend of £2.1m.",
        "2. To approve the virements in Appendix B.",
        "",
        "**Reasons for decision:",
        "To keep the budget under review.",
        "",
        "**Alternative options considered:",
        "None.",
        "",
        "**46 Date of Next Meeting",
        "It was noted that the next meeting would be on 2 November 2022.",
    ])
    (d,) = decisions
    assert (d.minute_number, d.title) == ("45", "Budget Monitoring Quarter 1")
    assert d.resolved == "1. To note the forecast overspend of £2.1m. 2. To approve the virements in Appendix B."
    assert d.reason == "To keep the budget under review."  # "None." belongs to the alternative options


def test_body_above_heading_without_one(tmp_path):
    meetings, decisions = minutes_of(tmp_path, [
        "**CABINET",
        "",
        "**Minutes of the meeting held on Wednesday 5 October 2022 at 2.00 pm",
        "",
        "**45 Treasury Management",
        "Resolved that the treasury strategy be approved.",
    ])
    (meeting,) = meetings
    assert (meeting.body, meeting.date, meeting.time) == ("Cabinet", "2022-10-05", "2.00 pm")
    assert decisions[0].resolved == "that the treasury strategy be approved."


def test_it_was_resolved_and_minute_numbers_in_words(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the meeting of the Audit Committee held at County Hall on 1 February 2021",
        "",
        "Minute 7: Internal Audit Plan",
        "It was resolved that the plan be approved.",
        "",
        "Minute 8: Risk Register",
        "The register was discussed. No decision was taken.",
    ])
    (d,) = decisions
    assert (d.minute_number, d.title, d.resolved) == ("7", "Internal Audit Plan", "that the plan be approved.")


def test_minutes_with_no_resolution_anywhere(tmp_path):
    meetings, decisions = minutes_of(tmp_path, [
        "**Minutes of the Scrutiny Panel meeting held on 3 May 2019",
        "",
        "**1 Apologies",
        "There were no apologies.",
        "",
        "**2 Chairman's Announcements",
        "The Chairman resolved to write to the Minister.",
    ])
    # A chairman is not a decision-making body: "The Chairman resolved to" is no resolution.
    assert decisions == []
    assert [m.body for m in meetings] == ["Scrutiny Panel"]  # the meeting is still recorded


def test_unlabelled_resolution_found_by_its_frame(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the Scrutiny Panel meeting held on 3 May 2019 at the Town Hall",
        "",
        "**1 Apologies",
        "There were no apologies.",
        "",
        "**2 Quarterly Update",
        "The Director presented the update. Councillor Smith asked about waiting times.",
        "The Panel noted the update and asked for a further report in July.",
    ])
    (d,) = decisions
    assert (d.minute_number, d.title) == ("2", "Quarterly Update")
    assert d.resolved == "The Panel noted the update and asked for a further report in July."
    assert d.resolution_found_by == "frame"


def test_plain_document_has_no_minutes(tmp_path):
    # Nothing on the page reads as a council's meeting record: its genre is "other", which
    # no rule set reads, so its "Resolved:" is nobody's resolution.
    meetings, decisions = minutes_of(tmp_path, [
        "**Annual Report",
        "Resolved: this line is not in any minutes.",
    ])
    assert (meetings, decisions) == ([], [])
