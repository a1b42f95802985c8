"""Decision notices and voting records (ModernGov "Decision details" and "Voting record"
print-outs) → decisions with their meeting, status, call-in and votes."""

from __future__ import annotations

from test_meetings_minutes import minutes_of

from rules.meetings.minutes import RULE_DECISION

DECISION_NOTICE = [
    "**Decision details",
    "",
    "**Annual Governance Statement 2016/17",
    "",
    "Decision Maker: Cabinet",
    "Decision status: Recommendations Approved",
    "Is Key decision?: No",
    "Is subject to call in?: Yes",
    "",
    "Purpose:",
    "To consider a draft Annual Governance Statement for comment.",
    "",
    "Decision:",
    "a. To consider the draft AGS as set out in Appendix 1;",
    "b. To note that the draft AGS will be revised before final approval.",
    "",
    "Reasons for the decision:",
    "To prepare the AGS for publication in accordance with the Regulations.",
    "",
    "Alternative options considered:",
    "None.",
    "",
    "Publication date: 21/06/2017",
    "Date of decision: 20/06/2017",
    "Decided at meeting: 20/06/2017 - Cabinet",
    "Effective from: 29/06/2017",
]


def test_decision_notice(tmp_path):
    meetings, decisions = minutes_of(tmp_path, DECISION_NOTICE, name="notice.pdf")
    (d,) = decisions
    assert d.rule == RULE_DECISION and d.page == 1
    assert d.title == "Annual Governance Statement 2016/17"
    assert d.resolved == ("a. To consider the draft AGS as set out in Appendix 1; b. To note that the draft AGS "
                          "will be revised before final approval.")
    assert d.reason == "To prepare the AGS for publication in accordance with the Regulations."
    assert d.reason_label == "Reason for Decision"
    assert d.decision_maker == "Cabinet"
    assert d.decision_date == "20/06/2017"
    assert d.status == "Recommendations Approved"
    assert d.key_decision == "No"
    assert d.call_in == "Is subject to call in: Yes; Effective from: 29/06/2017"
    (meeting,) = meetings
    assert (meeting.body, meeting.date, meeting.kind) == ("Cabinet", "2017-06-20", "decisions")
    assert d.meeting_id == meeting.id


def test_two_decisions_in_one_notice(tmp_path):
    second = ["**Decision details", "", "**Capital Monitoring Outturn", "Decision Maker: Cabinet",
              "Decision:", "To note the budget movements.", "Decided at meeting: 20/06/2017 - Cabinet"]
    meetings, decisions = minutes_of(tmp_path, DECISION_NOTICE, second, name="notices.pdf")
    assert [d.title for d in decisions] == ["Annual Governance Statement 2016/17", "Capital Monitoring Outturn"]
    assert [d.page for d in decisions] == [1, 2]
    assert decisions[1].resolved == "To note the budget movements."
    assert decisions[1].reason is None
    assert len(meetings) == 1 and {d.meeting_id for d in decisions} == {meetings[0].id}


def test_decision_notice_without_decision_is_not_a_decision(tmp_path):
    meetings, decisions = minutes_of(tmp_path, [
        "**Decision details", "", "**Item withdrawn", "Decision Maker: Cabinet",
        "Purpose:", "The item was withdrawn before the meeting.",
    ], name="withdrawn.pdf")
    assert decisions == [] and meetings == []


VOTING_RECORD = [
    "**Voting record",
    "",
    "Council, Wednesday 20th April 2022 6.00 p.m.",
    "",
    "Item: Constitution Review Working Group Recommendations",
    "",
    "Recorded vote on the decision not to hold Council meetings in pre-election periods:",
    "Resolution status: Carried",
    "",
    "A recorded vote was taken on the proposal that there should be no Council meetings",
    "held during the pre-election period.",
    "",
    "For A. Beaumont, R. Deeming, G. Denaro, M. Glass and",
    "S. Webb 5",
    "Against S. Baxter, S. Colella 2",
    "Abstain None 0",
]


def test_voting_record(tmp_path):
    meetings, decisions = minutes_of(tmp_path, VOTING_RECORD, name="vote.pdf")
    (d,) = decisions
    assert d.title == "Constitution Review Working Group Recommendations"
    assert d.status == "Carried"
    assert d.resolved == ("the decision not to hold Council meetings in pre-election periods: A recorded vote was "
                          "taken on the proposal that there should be no Council meetings held during the "
                          "pre-election period.")
    assert d.votes == "For 5; Against 2; Abstain 0"
    (meeting,) = meetings
    assert (meeting.body, meeting.date, meeting.time) == ("Council", "2022-04-20", "6.00 p.m.")


def test_for_the_reasons_is_not_a_vote_row(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the Licensing Committee meeting held on 2 March 2020",
        "Present: Councillor A Jones (Chair)",
        "",
        "**5 Licence Review",
        "Resolved:",
        "That the licence be revoked.",
        "Reason for decision:",
        "For the reasons set out in the report.",
    ], name="for.pdf")
    (d,) = decisions
    assert d.reason == "For the reasons set out in the report." and d.votes is None
