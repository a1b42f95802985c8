"""Families fitted on plan first-sight batch 5 (tests/plans_firstsight/batch-5): news pages and
web pages of plans, and minutes of performance reports, read through the whole engine
(``rules.engine.records_of``, as ``plans build`` does) from the batch's committed typeset
pages and checked against the page's gold.

* run-in lists: counted with "and" inside names ("The six themes are: Sustainable Jobs and
  Tourism, ... and High Performing Council."), names after "of" on the next line ("the 4 key
  pillars of / People, Place, Planet and Performance."), a back reference with the list run on
  ("These are: 'green and clean', improved life chances, ...");
* a sentence "Through the plan ...:" over "Name – description" lines of body type or bullets;
* a short labelled item with its description printed under it at its margin ("(a) People
  Gateshead" / "Putting people and families ..."); "Outcome N" headings named by their paragraph;
* a minute that received a performance report for a period: the values of its section are
  measured; statute sections ("Section 15(3)") and page numbers are no values.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract
from rules.engine import records_of
from rules.indicators.records import IndicatorValue
from rules.plans.records import PriorityRecord

BATCH = Path(__file__).parent / "plans_firstsight" / "batch-5"


def _read(slug: str):
    return records_of(extract(BATCH / "corpus" / f"{slug}.pdf"))


def _gold(slug: str) -> dict:
    return json.loads((BATCH / "gold" / f"{slug}.gold.json").read_text())


def _names(records) -> list[str]:
    return [p.name for p in sorted((r for r in records if isinstance(r, PriorityRecord)), key=lambda r: r.position)]


@pytest.mark.parametrize("slug", [
    "midandeastantrim-corporate-plan-2019-2023-news",   # "The six themes are: A and B, C, ... and F."
    "midandeastantrim-corporate-plan-2024-2028-our-plan",  # "... under the 4 key pillars of\nPeople, ..."
    "westnorthants-corporate-plan-2021-2025-news",      # "... six key priority areas ... These are: 'a', b, ..."
    "caerphilly-corporate-plan-2014-2017-news",          # "eight specific priorities ...:" then 1. 2. ...
])
def test_counted_and_run_in_lists_of_news_pages(slug):
    _reading, records = _read(slug)
    assert _names(records) == [g.rstrip(".") for g in _gold(slug)["priorities"]]


@pytest.mark.parametrize("slug", ["westnorthants-one-west-northamptonshire-plan-2025-news",
                                  "kingston-council-plan-2023-2027-news"])
def test_through_the_plan_over_name_and_description_lines(slug):
    """'Through this plan we are committed to ... by:' over 'Supporting communities – ...' lines
    of body type (no bullet); 'Through the plan, our aim is ... the borough is:' over bullets
    'Greener: We are ...' on a news page (read as a plan)."""
    reading, records = _read(slug)
    assert reading.genre.name == "business_plan"
    gold = _gold(slug)
    priorities = sorted((r for r in records if isinstance(r, PriorityRecord)), key=lambda r: r.position)
    assert [p.name for p in priorities] == gold["priorities"]
    for p, detail in zip(priorities, gold["priority_details"], strict=True):
        assert p.summary and detail["description"].startswith(p.summary[:20])
    assert not {p.name for p in priorities} & set(gold["not_priorities"])


def test_labelled_names_with_their_description_under_them():
    """'Our pledges:' then '(a) People Gateshead' / 'Putting people and families ...' (the
    description at the label's margin, one set as a heading): five pledges, not the 'six
    priorities which will support how we deliver' the paragraph counts first."""
    _reading, records = _read("gateshead-corporate-plan-2025-2030-action-plan")
    priorities = sorted((r for r in records if isinstance(r, PriorityRecord)), key=lambda r: r.position)
    assert [p.name for p in priorities] == _gold("gateshead-corporate-plan-2025-2030-action-plan")["priorities"]
    assert priorities[0].summary.startswith("Putting people and families")


def test_numbered_headings_named_by_the_paragraph_under_them():
    slug = "kingston-vision-priorities-outcomes"
    _reading, records = _read(slug)
    assert _names(records) == [g.rstrip(".") for g in _gold(slug)["priorities"]]


def test_a_name_whose_description_says_what_it_was():
    """'A council working for our community and serving our residents – this was extremely
    important ...': a name of ten words, split at the dash."""
    _reading, records = _read("watford-council-plan-2022-2026-cabinet")
    assert _names(records) == _gold("watford-council-plan-2022-2026-cabinet")["priorities"]


def test_a_minute_of_a_performance_report_states_its_values():
    """'The Committee received a report ... for the period 1 April – 30 September 2024.' then
    'Challenges include: • A total of 53 Chief Executive reviews were completed ... with 26
    being upheld. Compensation of £10,950 was awarded over 18 cases.'"""
    _reading, records = _read("gateshead-performance-framework-six-month-2024-25")
    values = {v.value for v in records if isinstance(v, IndicatorValue)}
    assert {53.0, 26.0, 10950.0, 18.0, 2.0, 17.0, 300.0, 294.0} <= values
    periods = {v.period for v in records if isinstance(v, IndicatorValue) and v.value == 53.0}
    assert periods and all(p and "2024" in p for p in periods)


def test_statute_sections_and_page_numbers_are_no_values():
    """'prepared under Section 15(3) of the ... measure, ... Sections 2(1), 3(2), 8(7) and 13(1)'
    and the running head '2 Foreword': only the foreword's two values are read."""
    slug = "caerphilly-performance-report-2012"
    _reading, records = _read(slug)
    values = sorted(v.value for v in records if isinstance(v, IndicatorValue))
    assert values == [35.0, 14466.0]
