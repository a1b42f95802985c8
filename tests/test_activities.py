"""Service-plan activities (activity_tables pack) on the 20 September 2022 business-plan update,
and the linker that resolves each "Main BP Link" to a 2022 mission (mission_aliases pack).

Expected values are what the printed report says (../shared/seeds/2022-09-20-childrens-select-
committee-business-plan-update.txt, paragraph 10 on): 26 planned activities, each a ruled table
of "Planned Activity", "Intended Impact", "Director", "Main BP Link" and "Updates".
"""

from __future__ import annotations

from collections import Counter

import pytest
from rulesets import records_of

from rules.activities import ActivityRecord
from rules.plans.activity_links import RESOLVED, UNRESOLVED, choose_plan, link_activities, resolve
from rules.plans.packs import mission_alias_pack
from rules.plans.records import MissionRecord, PlanRecord
from rules.records import DocumentRecord


@pytest.fixture(scope="module")
def activities(service_plan_2022):
    return records_of(service_plan_2022, "activity_tables")


def test_twenty_six_planned_activities_in_print_order(activities):
    assert [a.position for a in activities] == list(range(1, 27))
    first = activities[0]
    assert first.planned_activity.startswith("Ensure that children and young people are at the heart of service development.")
    assert first.planned_activity.endswith("understand fully why decisions are made")
    assert first.intended_impact.startswith("What we provide meets the needs of children and their families")
    assert first.director == "Jen Salter"
    assert first.main_bp_link == "Involved in decisions"
    assert first.updates.startswith("The Child and Youth Voice Team is made up by care experienced staff.")
    # The updates cell runs over a page break: its last paragraph is on the next page.
    assert first.updates.endswith("Discussions are underway in relation to resourcing of these areas.")
    assert activities[1].planned_activity.startswith("Ensure that father’s voices are fully heard")


def test_every_activity_has_a_link_and_provenance(activities):
    assert all(a.main_bp_link and a.director and a.page and a.rule == "activities.label_table.v1" for a in activities)
    # The report's own short names for the missions, as printed in the "Main BP Link" cells.
    assert set(Counter(a.main_bp_link for a in activities)) == {
        "The right skills", "Best start in life", "Healthy organisation", "Involved in decisions", "Safe",
        "Decisions are evidence-based",
    }


def test_links_resolve_to_the_2022_missions(activities, business_plan_2022, service_plan_2022):
    from council_plans.build import document_records

    # Both documents' rows: the plan an activity links to is its own council's (Wiltshire's).
    documents = [r for reading in (service_plan_2022, business_plan_2022) for r in document_records(reading)
                 if r.table == "documents"]
    records = [*records_of(business_plan_2022, "business_plan"), *activities, *documents]
    linked = list(link_activities(records))
    assert len(linked) == 26
    missions = {r.id: r.name for r in records if r.table == "missions"}
    names = Counter((a.main_bp_link, missions.get(a.mission_id), a.link_status) for a in linked)
    assert set(names) == {
        ("Best start in life", "We get the best start in life", "words"),
        ("The right skills", "We have the right skills to prosper", "words"),
        ("Safe", "We are safe", "words"),
        ("Healthy organisation", "An efficient and healthy organisation", "words"),
        ("Decisions are evidence-based", "We ensure decisions are evidence-based", "words"),
        ("Involved in decisions", "We ensure decisions are evidence-based", "alias"),
    }


# -- the linker on small, made-up records -----------------------------------------------------

def _mission(plan, name):
    return MissionRecord(document_id="bp", page=1, rule="test", plan_id=plan.id, kind="mission", name=name, position=1)


def _activity(link, position=1):
    return ActivityRecord(document_id="report", page=1, rule="test", planned_activity=f"Do thing {position}",
                          main_bp_link=link, position=position)


PLAN = PlanRecord(document_id="bp", page=1, rule="test", title="Business Plan 2022 to 2032", period_start=2022, period_end=2032)
REPORT = DocumentRecord(document_id="report", page=1, rule="test", file="report.pdf", meeting_date="2022-09-20",
                        pages=1, sha256="0" * 64, metadata_source="test")


def test_resolve_by_words_needs_every_word_and_a_clear_winner():
    missions = [_mission(PLAN, "We are safe"), _mission(PLAN, "We stay active"), _mission(PLAN, "We are safe at home")]
    pack = mission_alias_pack()
    assert resolve("Stay active", missions, pack)[1] == "words"
    # "Safe" is in two mission names equally: not guessed.
    assert resolve("Safe", missions, pack) == (None, "unresolved")
    assert resolve("Clean streets", missions, pack) == (None, "unresolved")


def test_every_activity_gets_a_status_and_unresolved_ones_no_mission():
    records = [PLAN, REPORT, _mission(PLAN, "We stay active"),
               _activity("Stay active", 1), _activity("Clean streets", 2), _activity(None, 3)]
    linked = {a.position: a for a in link_activities(records)}
    assert linked[1].link_status == "words" and linked[1].mission_id
    assert (linked[2].link_status, linked[2].mission_id, linked[2].plan_id) == ("unresolved", None, PLAN.id)
    assert (linked[3].link_status, linked[3].mission_id) == ("no_link", None)
    assert all(a.link_status in RESOLVED + UNRESOLVED and a.link_rule for a in linked.values())


def test_no_plan_when_no_business_plan_is_in_force():
    older = PlanRecord(document_id="bp", page=1, rule="test", title="Plan 2030", period_start=2030, period_end=2040)
    (linked,) = link_activities([older, REPORT, _mission(older, "We stay active"), _activity("Stay active")])
    assert (linked.link_status, linked.mission_id, linked.plan_id) == ("no_plan", None, None)


def test_a_strategy_starting_the_same_year_is_never_the_plan_in_force():
    strategy = PlanRecord(document_id="s", page=1, rule="test", title="A strategy", period_start=2022, kind="strategy")
    assert choose_plan([strategy, PLAN], REPORT) is PLAN
    assert choose_plan([strategy], REPORT) is None
