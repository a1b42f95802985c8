"""The plan_theme_pages rule pack on the Business Plan 2017-2027 (appendix of the 3 July 2017
Cabinet pack), and the action splitter on small cells.

Expected values are what the printed pages say (see ../shared/seeds/2017-07-03-cabinet-agenda-
pack.txt): "Our vision is to create strong communities in Wiltshire", three priorities, a page
per theme with its "I can ..." strapline, "Why is this important?", "What are the challenges?"
and a "Goal | What we will do" table; the council's eight numbered themes.
"""

from __future__ import annotations

import pytest
from rulesets import records_of

from rules.plans.theme_pages import split_actions

WRAP = ["the", "and", "of", "to", "with"]


@pytest.fixture(scope="module")
def records(cabinet_2017):
    return records_of(cabinet_2017, "plan_theme_pages")


def _of(records, table, kind=None):
    return [r for r in records if r.table == table and (kind is None or r.kind == kind)]


def test_the_plan_its_period_and_vision(records):
    (plan,) = _of(records, "plans")
    assert plan.title == "Wiltshire Council Business Plan 2017-2027"
    assert (plan.period_start, plan.period_end) == (2017, 2027)
    assert plan.vision == "Our vision is to create strong communities in Wiltshire"


def test_three_priorities_with_their_introductions(records):
    priorities = sorted(_of(records, "priorities"), key=lambda p: p.position)
    assert [p.name for p in priorities] == [
        "Growing the economy", "Strong communities", "Protecting those who are most vulnerable",
    ]
    assert all(p.intro for p in priorities)


def test_theme_page_strapline_why_and_challenges(records):
    theme = next(t for t in _of(records, "missions", "theme") if t.name == "Highly Skilled Jobs (Employment)")
    priority = next(p for p in _of(records, "priorities") if p.id == theme.priority_id)
    assert priority.name == "Growing the economy"
    assert theme.strapline == "I can develop my skills and get a good job"
    assert theme.why_important.startswith("We know that to create a thriving local economy")
    assert theme.challenges.startswith("There is an ongoing need to ensure that we have enough school places")
    goals = sorted((g for g in _of(records, "missions", "goal") if g.parent_id == theme.id), key=lambda g: g.position)
    assert [g.name for g in goals][:2] == [
        "Good schools’ results", "More apprenticeships and improved access to Further and Higher Education",
    ]


def test_goal_actions_split_at_printed_sentence_ends(records):
    goals = {g.name: g for g in _of(records, "missions", "goal")}
    actions = _of(records, "actions", "action")

    def of(goal):
        return [a.text for a in sorted(actions, key=lambda a: a.position) if a.mission_id == goals[goal].id]

    assert of("More Neighbourhood Plans") == [
        "Support parish and town councils to progress their Neighbourhood Plans, particularly those seeking "
        "to provide more housing."
    ]
    first = of("Good schools’ results")[0]
    assert first.startswith("Promote high educational standards for all children")
    assert first.endswith("providing support for leaders and governors.")


def test_the_councils_own_section_and_its_eight_numbered_themes(records):
    (council,) = _of(records, "missions", "organisation")
    assert "innovative and effective council" in council.name
    assert council.priority_id is None
    themes = sorted(_of(records, "plan_themes", "council_theme"), key=lambda t: t.position)
    assert [(t.number, t.name) for t in themes] == [
        (1, "Community Involvement"), (2, "Performance"), (3, "People"), (4, "Commercialism"), (5, "Digital"),
        (6, "Change"), (7, "One Wiltshire Estate"), (8, "Delivering Together"),
    ]
    assert all(t.mission_id == council.id and t.text for t in themes)


def test_themes_and_goals_carry_their_priority_and_provenance(records):
    for mission in _of(records, "missions"):
        assert mission.page and mission.rule.startswith("plans.theme_pages.")
        if mission.kind in ("theme", "goal"):
            assert mission.priority_id


# -- split_actions on small cells -------------------------------------------------------------

def test_split_after_a_sentence_end_before_a_capital():
    cell = "Deliver a new waste contract and a new\ncollection service.\nSupport community litter picks."
    assert split_actions(cell, WRAP) == [
        "Deliver a new waste contract and a new collection service.", "Support community litter picks.",
    ]


def test_a_line_ending_in_a_function_word_runs_on_even_before_a_capital():
    cell = "Work with partners through the\nWiltshire Military-Civilian Integration Programme."
    assert split_actions(cell, WRAP) == [
        "Work with partners through the Wiltshire Military-Civilian Integration Programme."
    ]


def test_a_line_stopping_short_ends_an_action():
    cell = ("Promote the community covenant and deliver more projects funded\n"
            "by the Armed Forces grant scheme\n"
            "Increase opening hours at recycling centres where appropriate")
    assert split_actions(cell, WRAP) == [
        "Promote the community covenant and deliver more projects funded by the Armed Forces grant scheme",
        "Increase opening hours at recycling centres where appropriate",
    ]


def test_a_word_that_opens_actions_elsewhere_starts_one():
    cell = "Develop a new volunteering strategy with the voluntary sector in all areas\nWork with schools on it"
    assert split_actions(cell, WRAP, openers={"Work"}) == [
        "Develop a new volunteering strategy with the voluntary sector in all areas", "Work with schools on it",
    ]
    assert split_actions(cell, WRAP) == [
        "Develop a new volunteering strategy with the voluntary sector in all areas Work with schools on it"
    ]
