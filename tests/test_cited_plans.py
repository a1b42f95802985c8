"""Plans known only from a list of their outcomes in another document (rules/plans/cited_plans.py).

The Cabinet pack of 3 July 2017 cites the Business Plan 2013/17 in its digital strategy (page
120): "... the six key outcomes as described within the Wiltshire Council Business Plan 2013/17.
These six outcomes are: 1. ... 6. ..." (../shared/seeds/2017-07-03-cabinet-agenda-pack.txt).
"""

from __future__ import annotations

import pytest
from pdfgen import make_pdf, text_page
from rulesets import reading_of, records_of

from extractor import extract


def cited_plan_records(reading):
    """The plans (and their outcomes) the cited-plans rule set reads."""
    return records_of(reading, "cited_plans")

SIX_OUTCOMES = [
    "Wiltshire has a thriving and growing local economy",
    "People in Wiltshire work together to solve problems locally and participate in decisions that affect them",
    "Everyone in Wiltshire lives in a high-quality environment",
    "Wiltshire has inclusive communities where everyone can achieve their potential",
    "People in Wiltshire have healthy, active and high-quality lives",
    "People are as protected from harm as possible and feel safe",
]


@pytest.fixture(scope="module")
def cited(cabinet_2017):
    return cited_plan_records(cabinet_2017)


def test_the_business_plan_2013_17_is_an_edition_of_its_own_marked_as_cited(cited):
    (plan,) = [r for r in cited if r.table == "plans"]
    assert plan.title == "Wiltshire Council Business Plan 2013/17"
    assert (plan.period_start, plan.period_end, plan.kind) == (2013, 2017, "business_plan")
    assert plan.cited_in == "2017-07-03-cabinet-agenda-pack" and plan.cited_page == 120
    assert plan.document_id == plan.cited_in and plan.page == 120


def test_its_six_outcomes_are_its_missions_in_order(cited):
    (plan,) = [r for r in cited if r.table == "plans"]
    outcomes = sorted((r for r in cited if r.table == "missions"), key=lambda m: m.position)
    # The sixth item runs on into the next paragraph in the PDF ("... feel safe Some of the
    # opportunities for services are set out below"): the outcome ends before it.
    assert [m.name for m in outcomes] == SIX_OUTCOMES
    assert {m.kind for m in outcomes} == {"outcome"} and {m.plan_id for m in outcomes} == {plan.id}
    assert all(m.page == 120 and m.bbox for m in outcomes)


def test_a_plan_listing_its_own_priorities_is_not_a_citation(business_plan_2022):
    assert cited_plan_records(business_plan_2022) == []


def test_another_wording_bulleted_and_counted_after_the_name(tmp_path):
    # "The Council Plan 2018-2022 has four priorities:" then four bullets and a paragraph.
    pdf = make_pdf(tmp_path / "cited.pdf", [[
        ("Annual report of the Scrutiny Committee", 16, True),
        ("Our work this year was guided by the Council Plan 2018-2022, which has four priorities:", 10, False),
        ("- A strong and growing economy", 10, False),
        ("- Safe and healthy communities", 10, False),
        ("- Good homes for everyone", 10, False),
        ("- A clean and green district", 10, False),
        ("The committee met eight times during the year.", 10, False),
    ]])
    records = cited_plan_records(reading_of(extract(pdf)))
    (plan,) = [r for r in records if r.table == "plans"]
    assert plan.title == "Council Plan 2018-2022" and (plan.period_start, plan.period_end) == (2018, 2022)
    # A list announced as priorities is the cited plan's top level: priorities, not missions.
    assert not [r for r in records if r.table == "missions"]
    priorities = [r for r in records if r.table == "priorities"]
    assert [p.name for p in priorities] == ["A strong and growing economy", "Safe and healthy communities",
                                            "Good homes for everyone", "A clean and green district"]
    assert {p.plan_id for p in priorities} == {plan.id} and {p.kind for p in priorities} == {None}


def test_a_plan_named_without_a_list_gives_nothing(tmp_path):
    pdf = make_pdf(tmp_path / "mention.pdf", [[
        ("Report to Cabinet", 16, True),
        ("This report supports the outcomes of the Corporate Plan 2019 to 2023.", 10, False),
        ("The budget is set out in Appendix A.", 10, False),
    ]])
    assert cited_plan_records(reading_of(extract(pdf))) == []


def test_a_decision_adopting_a_plan_with_its_priorities(tmp_path):
    # The decision names "the Corporate Plan" without its period, in point (1) over bullets;
    # the period is in the decision's title above. Point (2) is not a priority.
    pdf = make_pdf(tmp_path / "decision.pdf", [text_page([
        "**Issue - decisions", "", "**Corporate Plan 2025-2029", "",
        "03/03/2025 - CORPORATE PLAN 2025-2029", "",
        "(1) That the Corporate Plan be adopted with the three priorities set out below:", "",
        "· Homes people can afford", "", "· A greener borough", "", "· Safe streets", "",
        "(2) That the Chief Executive be authorised to publish the plan.",
    ])])
    records = cited_plan_records(reading_of(extract(pdf)))
    (plan,) = [r for r in records if r.table == "plans"]
    assert (plan.title, plan.period_start, plan.period_end, plan.cited_in) == (
        "Corporate Plan 2025-2029", 2025, 2029, "decision")
    assert [m.name for m in records if m.table == "priorities"] == [
        "Homes people can afford", "A greener borough", "Safe streets"]
