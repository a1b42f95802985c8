"""The business_plan rule pack on the Wiltshire Council Business Plan 2022 to 2032.

Expected values are what the printed plan says (see ../shared/seeds/2022-2032-wiltshire-council-
business-plan.txt): its list of priorities under "Our mission", the section banners
("Empowering 1. PEOPLE"), mission headings, the "We aim to:" / "Continue to..." / "Implement..."
lists and the "Measuring our performance" table.
"""

from __future__ import annotations

import pytest
from rulesets import records_of


@pytest.fixture(scope="module")
def records(business_plan_2022):
    return records_of(business_plan_2022, "business_plan")


def _of(records, table):
    return [r for r in records if r.table == table]


def _mission(records, name):
    return next(m for m in _of(records, "missions") if m.name == name)


def _actions(records, mission, kind):
    return [a.text for a in sorted(_of(records, "actions"), key=lambda a: a.position)
            if a.mission_id == mission.id and a.kind == kind]


def test_one_plan_with_its_printed_period(records):
    (plan,) = _of(records, "plans")
    assert (plan.period_start, plan.period_end, plan.kind) == (2022, 2032, "business_plan")
    assert plan.page <= 3 and plan.rule.startswith("plans.business_plan.plan_title")


def test_priorities_are_the_four_under_our_mission_in_banner_order(records):
    priorities = sorted(_of(records, "priorities"), key=lambda p: p.position)
    # Listed "● Thriving Economy ● Resilient Society ● Sustainable Environment ● Empowered
    # People", numbered by the banners 1. PEOPLE, 2. SOCIETY, 3. ECONOMY, 4. ENVIRONMENT.
    assert [p.name for p in priorities] == [
        "Empowered People", "Resilient Society", "Thriving Economy", "Sustainable Environment",
    ]
    assert priorities[0].section_heading and "PEOPLE" in priorities[0].section_heading


def test_ten_missions_under_their_priorities_and_the_councils_own_section(records):
    priority = {p.id: p.name for p in _of(records, "priorities")}
    missions = {m.name: (m.kind, priority.get(m.priority_id)) for m in _of(records, "missions")}
    assert missions == {
        "We get the best start in life": ("mission", "Empowered People"),
        "We stay active": ("mission", "Empowered People"),
        "We are safe": ("mission", "Empowered People"),
        "We live well together": ("mission", "Resilient Society"),
        "We ensure decisions are evidence-based": ("mission", "Resilient Society"),
        "We have the right housing": ("mission", "Resilient Society"),
        "We have the right skills to prosper": ("mission", "Thriving Economy"),
        "We have vibrant, well-connected communities": ("mission", "Thriving Economy"),
        "We take responsibility for the environment": ("mission", "Sustainable Environment"),
        "We are on the path to carbon neutral (net zero)": ("mission", "Sustainable Environment"),
        "An efficient and healthy organisation": ("organisation", None),
    }


def test_best_start_in_life_intro_aims_continue_and_implement(records):
    mission = _mission(records, "We get the best start in life")
    assert mission.intro.startswith("Children having the best start in life is a fundamental part")
    aims = _actions(records, mission, "aim")
    assert len(aims) == 12
    assert aims[0] == "Ensure every one of our children achieves their optimal physical, emotional and mental health."
    assert aims[-1].startswith("Empower a cycle of positive change for young people")
    cont = _actions(records, mission, "continue")
    assert len(cont) == 7
    assert cont[0] == "Focus on the first 1001 days of a child's life and the impact they have on a person's future."
    implement = _actions(records, mission, "implement")
    assert len(implement) == 6
    assert implement[-1] == "Opportunities for all young people to engage in wider society and the council."


def test_a_mission_with_a_single_continue_bullet(records):
    mission = _mission(records, "We stay active")
    assert len(_actions(records, mission, "aim")) == 6
    assert _actions(records, mission, "continue") == [
        "Review how our leisure centres, libraries and other buildings are used, making sure they are fit for "
        "purpose, working to provide new campus leisure facilities in Melksham and Trowbridge."
    ]
    assert len(_actions(records, mission, "implement")) == 4


def test_the_councils_own_section_has_its_aims_and_actions(records):
    council = _mission(records, "An efficient and healthy organisation")
    assert council.priority_id is None
    assert council.intro.startswith("Wiltshire Council strives to be the highest performing council")
    assert len(_actions(records, council, "aim")) == 9
    assert _actions(records, council, "continue")[-1] == "Review and rationalise the Council's assets"
    assert len(_actions(records, council, "implement")) == 8


def test_every_action_has_provenance_and_no_bullet_glyph(records):
    for action in _of(records, "actions"):
        assert action.page and action.rule == "plans.business_plan.action_list.v1"
        assert action.text[0] not in "•●\uf0b7-"


def test_guiding_themes(records):
    themes = sorted((t for t in _of(records, "plan_themes") if t.kind == "guiding_theme"), key=lambda t: t.position)
    assert [t.name for t in themes] == [
        "Prevention and early intervention", "Improving social mobility and tackling inequalities",
        "Understanding communities", "Working together",
    ]
    assert themes[0].text.startswith("We take a long-term view")


def test_metrics_table_rows_resolve_to_missions(records):
    metrics = _of(records, "metrics")
    missions = {m.id: m.name for m in _of(records, "missions")}
    by_key = {m.key_metric: m for m in metrics}
    assert len(metrics) == 19  # one row per key metric printed in the two tables
    assert missions[by_key["Educational Attainment and gap for those receiving pupil premium"].mission_id] == (
        "We get the best start in life"
    )
    # "We are safe" prints three key metrics; a row with an empty mission cell continues the one above.
    safe = [m.key_metric for m in metrics if missions.get(m.mission_id) == "We are safe"]
    assert safe == ["Re-referral rates to children's services", "Public Protection", "Adult Safeguarding"]
    assert by_key["Public Protection"].contributing_metrics.split("\n") == [
        "Anti-social behaviour", "Youth reoffending rate", "Licencing interventions",
    ]
    # The table names the council's own section "We have an efficient healthy council".
    assert missions[by_key["Customer satisfaction"].mission_id] == "An efficient and healthy organisation"
    assert all(m.kind == "key_metric" for m in metrics)
