"""Families fitted on plan first-sight batch 7 (tests/plans_firstsight/batch-7): web pages, news
items and minutes of plans, read through the whole engine (``rules.engine.records_of``, as
``plans build`` does) from the batch's committed typeset pages and checked against the gold.

* a plan page that names its council only in its address, vouched for by the plan's own title
  with its period ("Corporate Strategy 2024-2028"); a news item counting the plan's elements in
  prose ("highlights six key themes") read as a plan;
* a caption between the announcement and its list ("Our seven key themes are:" / "Corporate
  Strategy themes" / • Healthier: ...);
* a list "shown below" the paragraph that announces it;
* priorities named only as labelled contents entries run together ("Strategic Priority Theme -
  Connected Communities ...... 12 Strategic Priority Theme - ...");
* Wingdings arrow bullets whose glyph reads as "Ø" ("Ø  Housing");
* promises: commitments under the plan's priorities, not priorities (one plan per plan page);
* sibling sections "Heading" / "Working with our partners, we will:" / 1. ... 2. ...: the
  headings are the priorities, the lists their level below;
* lineage series: "Plan for Fife (Local Outcome Improvement Plan)" continues the Council Plan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_plans_firstsight_round5 import _names

from extractor import extract
from graph.editions import corporate_title
from graph.lineage import LineagePack
from rules.engine import records_of
from rules.packs import load_pack
from rules.plans.records import MissionRecord, PlanRecord, PriorityRecord

BATCH = Path(__file__).parent / "plans_firstsight" / "batch-7"


def _read(slug: str):
    return records_of(extract(BATCH / "corpus" / f"{slug}.pdf"))


def _gold(slug: str) -> dict:
    return json.loads((BATCH / "gold" / f"{slug}.gold.json").read_text())


@pytest.mark.parametrize("slug", [
    "stoke-corporate-strategy-2024-2028-our-city-our-wellbeing",  # no "council" on the page; a caption over the list
    "stoke-draft-strategy-our-city-our-wellbeing-news",           # "highlights six key themes:" then 1. Name: ...
    "torridge-strategic-plan-2024-2029-news",                     # "... under four themes: the local economy, ..."
    "wychavon-strategy-2016-2020",                                # "... the three priorities shown below. For each ..."
    "northdevon-annual-performance-report-minute",                # "Five priorities ..., these were:" Ø Housing ...
    "wrexham-focused-on-our-performance-2018-19-news",            # "rated green"; "in our 2018-19 Council Plan, and the
                                                                  # four important themes it sets out – economy, ..."
    "orkney-council-plan-2018-2023",                              # only contents entries "Strategic Priority Theme - X ...... 12"
])
def test_plan_pages_news_and_minutes_give_their_priorities(slug):
    _reading, records = _read(slug)
    assert _names(records) == [g.rstrip(".") for g in _gold(slug)["priorities"]]


def test_promises_are_commitments_under_the_priorities_of_one_plan():
    """'The plan focuses ... on three key priorities:' then 'The plan's 35 promises include:'
    with ten promises: three priorities, the promises missions of the same plan."""
    _reading, records = _read("wychavon-strategy-2020-2024")
    assert _names(records) == [g.rstrip(".") for g in _gold("wychavon-strategy-2020-2024")["priorities"]]
    promises = [r for r in records if isinstance(r, MissionRecord) and r.kind == "promise"]
    assert len(promises) == 10 and promises[0].name.startswith("Working with partners to promote")
    plans = [r for r in records if isinstance(r, PlanRecord)]
    assert len(plans) == 1 and {r.plan_id for r in promises} == {plans[0].id}


def test_sibling_sections_with_lead_in_lists_give_priorities_and_their_level_below():
    """Norwich's portal: four headings (one of them printed in body type), each over "Working
    with our partners, we will:" (or "This means we need to be:") and a numbered or bulleted
    list; a "How this will this be achieved" sub-heading between some of them."""
    slug = "norwich-corporate-plan-2019-2022-citizens-portal"
    _reading, records = _read(slug)
    gold = _gold(slug)
    assert _names(records) == gold["priorities"]
    by_id = {r.id: r.name for r in records if isinstance(r, PriorityRecord)}
    children = {}
    for r in records:
        if isinstance(r, MissionRecord):
            children.setdefault(by_id[r.priority_id], []).append(r.name)
    for detail in gold["priority_details"][:3]:
        assert children[detail["name"]] == [c["name"].rstrip(".") for c in detail["children"]]


def test_a_subject_less_plan_title_is_the_councils_corporate_series():
    pack = load_pack("lineage", LineagePack)
    assert corporate_title("Plan for Fife 2017-2027 (Local Outcome Improvement Plan)", "fife", pack)
    assert corporate_title("Our Plan for Babergh 2023-27", "babergh", pack)
    assert not corporate_title("Digital Strategy 2017-2021", "fife", pack)
    assert not corporate_title("Climate Action Plan 2030", "fife", pack)
    assert not corporate_title("Plan for Fife 2017-2027", "glasgow", pack)  # another council's place
