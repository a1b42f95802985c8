"""Plan-like structures outside the business plans: the Corporate Parenting strategy's eight
priorities and data domains (plan_lists pack, 2023 annual report) and the RPA action plan's
objectives and success measures (plan_objectives pack, 31 May 2012 committee pack).

Expected values are what the printed pages say (../shared/seeds/2023-07-council-corporate-
parenting-panel-annual-report.txt paragraphs 12-15; ../shared/seeds/2012-05-31-childrens-
select-committee-agenda-pack.txt, "RPA locally-led delivery project 2012-13 Action Plan").
"""

from __future__ import annotations

import pytest
from rulesets import records_of

from rules.plans.plan_lists import split_enumeration


def _of(records, table, kind=None):
    return [r for r in records if r.table == table and (kind is None or r.kind == kind)]


@pytest.fixture(scope="module")
def parenting(parenting_2023):
    return records_of(parenting_2023, "plan_lists")


@pytest.fixture(scope="module")
def rpa(committee_2012):
    return records_of(committee_2012, "plan_objectives")


def test_corporate_parenting_strategy_is_a_strategy_not_a_business_plan(parenting):
    (plan,) = _of(parenting, "plans")
    assert plan.title == "The Corporate Parenting Strategy"
    assert plan.kind == "strategy"
    assert plan.period_start == 2020  # "was last reviewed in 2020 and approved by Full Council in October 2020"


def test_the_eight_strategic_priorities_with_their_leads(parenting):
    priorities = sorted(_of(parenting, "priorities"), key=lambda p: p.position)
    assert [p.name for p in priorities] == [
        "A loving home where I have good relationships, respect and the opportunity to see my family",
        "To have links with my local community where I am trusted, respected and accepted. This means I can "
        "access the local community and I am not left out",
        "To feel and be safe",
        "Support with my mental health especially at school, at a time and a place that suits me and not services",
        "Support to be healthy and this includes opportunities to be involved in new activities",
        "Support to be the best I can",
        "Support for as long as I need it",
        "To be heard – my voice is not the only way I am heard, it may come out as my behaviour",
    ]
    assert priorities[0].lead == "Cllr Mary Champion – Support Officer – Michele Llewellyn"
    assert priorities[5].lead == "Cllr Dominic Muns – Support Officer – Kathryn Davis"
    assert all(p.page == 6 and p.rule == "plans.plan_lists.numbered_priority.v1" for p in priorities)


def test_the_eight_data_domains_of_the_scorecard(parenting):
    domains = sorted(_of(parenting, "plan_themes", "data_domain"), key=lambda t: t.position)
    assert [d.name for d in domains] == [
        "Health & Wellbeing", "Safety & Security", "Stability & Permanence", "Timely & Consistent Support",
        "Education", "Fostering", "Care Experienced Young People", "Child’s Voice",
    ]
    (plan,) = _of(parenting, "plans")
    assert all(d.plan_id == plan.id and d.page == 5 for d in domains)


def test_split_enumeration_uses_the_printed_count():
    assert split_enumeration("A & B, C, D and E", 4) == ["A & B", "C", "D", "E"]
    assert split_enumeration("A & B, C, Health and Wellbeing", 3) == ["A & B", "C", "Health and Wellbeing"]
    assert split_enumeration("A, B and C") == ["A", "B", "C"]


def test_no_strategy_in_a_document_without_a_counted_list(business_plan_2022):
    assert records_of(business_plan_2022, "plan_lists") == []


def test_rpa_action_plan_and_its_period(rpa):
    (plan,) = _of(rpa, "plans")
    assert plan.title == "RPA locally-led delivery project 2012-13 Action Plan"
    assert (plan.period_start, plan.period_end, plan.kind) == (2012, 2013, "action_plan")
    assert plan.page == 22


def test_rpa_five_objectives_with_description_and_impact(rpa):
    objectives = sorted(_of(rpa, "missions", "objective"), key=lambda m: m.position)
    assert [o.position for o in objectives] == [1, 2, 3, 4, 5]
    assert objectives[0].name == (
        "Understand the cohort through data collection and analysis and develop strategies to support priority groups"
    )
    assert objectives[1].name == "Establish systems for managing transitions and tracking across all providers"
    assert objectives[4].name == (
        "Communication plan to be written and implemented with emphasis on positively conveying the policy logic"
    )
    assert objectives[1].impact.startswith("Improved take up of post-16 provision")
    assert objectives[0].impact.startswith("Schools will be able to use a Risk of NEET Index (RONI)")


def test_rpa_overall_success_measures(rpa):
    overall = sorted((m for m in _of(rpa, "metrics") if m.mission_id is None), key=lambda m: m.position)
    assert len(overall) == 8
    assert overall[0].key_metric == "Schools and colleges use RONI to identify and support vulnerable students"
    assert overall[1].key_metric == "Reduction in number of unknown destinations from 9.2% to 6.5%"
    assert overall[7].key_metric.startswith("Overall participation targets for Wiltshire for March 2013")
    assert all(m.kind == "success_measure" for m in overall)


def test_rpa_success_measures_per_objective(rpa):
    objectives = {o.position: o for o in _of(rpa, "missions", "objective")}

    def measures(n):
        return [m.key_metric for m in sorted(_of(rpa, "metrics"), key=lambda m: m.position)
                if m.mission_id == objectives[n].id]

    first = measures(1)
    assert len(first) == 6
    assert first[0].startswith("At least 15 out of 29 schools will be using a RONI by March 2013")
    assert first[1].startswith("At least 10 of 21 schools with sixth forms")
    assert [m[:30] for m in measures(2)] == ["To reduce the number of unknow", "To increase the numbers of (Y1"]
    fifth = measures(5)
    assert fifth[0].startswith("PDF leaflets, flyers, posters, web-based information")
    assert "% of employers surveyed who are aware of RPA (target = 75%)" in fifth
    # Deliverables, risks and milestones are not measures.
    assert not any("RONI templates" in m or "Expenditure" in m for m in first)


def test_no_action_plan_in_a_business_plan(business_plan_2022):
    assert records_of(business_plan_2022, "plan_objectives") == []
