"""Decisions and reports linked to the plans and plan elements they concern (graph/plan_links.py).

Every link rests on one sentence that a scrutiny officer can read on the page it names.
Expected links are what the 2017 Cabinet pack says (../shared/seeds/2017-07-03-cabinet-agenda-pack.txt).
"""

from __future__ import annotations

import sqlite3

import pytest

from graph.plan_links import ElementIndex, link_plan_elements
from rules.meetings.records import DecisionRecord, MeetingRecord, ReportRecord
from rules.plans.records import MissionRecord, PlanRecord
from rules.records import PageRecord


@pytest.fixture(scope="module")
def links(built_db):
    conn = sqlite3.connect(built_db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        "select plan_links.*, coalesce(decisions.title, reports.title) as source_title from plan_links "
        "left join decisions on decisions.id = plan_links.source_id left join reports on reports.id = plan_links.source_id"
    ).fetchall()
    pages = {(r["document_id"], r["page"]): " ".join(r["text"].split()) for r in conn.execute("select * from pages")}
    conn.close()
    return rows, pages


def test_the_cabinet_decision_on_the_draft_business_plan_concerns_the_2017_plan(links):
    rows, _ = links
    (link,) = [r for r in rows if r["source_table"] == "decisions" and r["source_title"] == "Business Plan"]
    assert link["target_name"] == "Wiltshire Council Business Plan 2017-2027"
    assert link["evidence"].startswith("To agree to seek feedback on the draft Business Plan")


def test_reports_citing_the_2013_17_plan_link_to_the_cited_edition(links):
    rows, _ = links
    cited = {r["source_title"] for r in rows if r["target_name"] == "Wiltshire Council Business Plan 2013/17"}
    assert {"Wiltshire Council Adoption Service: 2015-16 Year End Report", "Wiltshire Council CSE Action Plan update"} <= cited


def test_every_evidence_sentence_is_on_its_page(links):
    rows, pages = links
    assert rows
    for r in rows:
        text = r["evidence"].strip("… ")
        assert " ".join(text.split()[:8]) in pages[(r["document_id"], r["page"])], r["evidence"]


def test_a_mission_listed_in_a_reports_body_is_not_a_link(links):
    # The 2022 service-plan update lists all ten missions in its paragraph 6; the report is about the
    # plan, not about each mission, so it links to the plan only.
    rows, _ = links
    assert not [r for r in rows if r["target_table"] == "missions" and r["document_id"].startswith("2022-09-20")]


def _report(purpose: str, page_text: str, date: str = "2019-03-01"):
    return [
        ReportRecord(document_id="pack", page=4, rule="t", title="Budget report", purpose=purpose, meeting_date=date,
                     page_end=4),
        PageRecord(document_id="pack", page=4, rule="t", text=page_text, furniture=""),
    ]


def test_a_date_before_a_plans_name_is_not_its_period():
    plan = PlanRecord(document_id="plan", page=1, rule="t", title="Council Plan 2022-2026", period_start=2022, period_end=2026)
    records = [plan, *_report("To note the budget.", "Cabinet 20 September 2022 Council Plan and Budget Update.")]
    assert link_plan_elements(records) == []
    records = [plan, *_report("To note the budget.", "This supports the Council Plan 2022-26.")]
    (link,) = link_plan_elements(records)
    assert (link.target_id, link.page, link.evidence) == (plan.id, 4, "This supports the Council Plan 2022-26.")


def test_a_purpose_naming_a_mission_links_to_it_and_a_short_name_does_not():
    plan = PlanRecord(document_id="plan", page=1, rule="t", title="Council Plan 2018-2022", period_start=2018)
    long = MissionRecord(document_id="plan", page=3, rule="t", plan_id=plan.id, kind="mission", position=1,
                         name="Every child gets the best start in life")
    short = MissionRecord(document_id="plan", page=3, rule="t", plan_id=plan.id, kind="mission", position=2, name="We are safe")
    records = [plan, long, short, *_report(
        "To show how the new nurseries help every child get the best start in life, so we are safe.", "")]
    assert link_plan_elements(records) == []  # "get" is not "gets": names are matched as printed
    records[-2] = ReportRecord(document_id="pack", page=4, rule="t", title="Nurseries",
                               purpose="Nurseries serve the mission Every child gets the best start in life; we are safe.",
                               page_end=4)
    (link,) = link_plan_elements(records)
    assert link.target_id == long.id and link.rule.startswith("graph.plan_links.element_name")


def test_a_draft_plan_is_the_one_being_made_at_the_meeting():
    plans = [PlanRecord(document_id="p1", page=1, rule="t", title="Business Plan 2013-2017", period_start=2013),
             PlanRecord(document_id="p2", page=1, rule="t", title="Business Plan 2017-2027", period_start=2017)]
    meeting = MeetingRecord(document_id="pack", page=1, rule="t", kind="minutes", body="Cabinet", date="2017-06-20")
    decision = DecisionRecord(document_id="pack", page=8, rule="t", meeting_id=meeting.id, title="Business Plan",
                              resolved="To agree to seek feedback on the draft Business Plan.")
    (link,) = link_plan_elements([*plans, meeting, decision])
    assert link.target_id == plans[1].id and link.source_id == decision.id


def test_the_element_index_finds_exactly_the_names_a_sentence_prints_in_element_order():
    # Names that share their common words ("the", "of", "council") and one whose rarest word
    # the sentence holds without the rest of the name: the index only narrows the candidates,
    # each is still matched as printed.
    names = ["Improve the health of the council's residents", "Improve the roads of the county",
             "Keep the roads of the county open", "Grow the economy of the council area"]
    elements = [MissionRecord(document_id="plan", page=3, rule="t", plan_id="p", kind="mission", position=i, name=n)
                for i, n in enumerate(names)]
    index = ElementIndex(elements)
    sentence = " to improve the roads of the county and keep the roads of the county open while roads close "
    assert [e.name for e in index.named_in(sentence)] == names[1:3]
    assert list(index.named_in(" the economy of the council area grows ")) == []
    assert list(ElementIndex([]).named_in(sentence)) == []


def test_a_plan_named_across_a_line_break_on_a_report_page_still_links():
    # Report pages that name no plan are not split into sentences; the test for that must
    # read the page as the sentences are read, with its line breaks made spaces.
    plan = PlanRecord(document_id="plan", page=1, rule="t", title="Council Plan 2022-2026", period_start=2022, period_end=2026)
    (link,) = link_plan_elements([plan, *_report("To note the budget.", "This supports the Council\nPlan 2022-26.")])
    assert (link.target_id, link.evidence) == (plan.id, "This supports the Council Plan 2022-26.")
