"""Families fitted on plan first-sight batches 3 and 4 (tests/plans_firstsight/), tested on the
batches' own committed pages (typeset stored public pages): each test reads one page through
the whole engine (``rules.engine.records_of``, as ``plans build`` does) and checks the family
against the page's gold, with a second page in other words where the batches print one.

* a page titled by its elements alone ("Aims, Objectives and Priorities") over headings each
  with a paragraph, or over bullets ("Strategic Priorities for the next four years:");
* names split from a description that its first word marks ("– By ...", ", including ..."),
  a name run into its description in one bullet, a counted run-in list with mixed separators;
* a decision's cited list of priorities gives priorities;
* RAG counts written as words, indicator references ("PI 62") that are no values, a minute
  of a performance update read as a performance report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract
from rules.engine import records_of
from rules.indicators.records import IndicatorValue
from rules.plans.records import MissionRecord, PriorityRecord

BATCHES = Path(__file__).parent / "plans_firstsight"


def _read(batch: int, slug: str):
    reading, records = records_of(extract(BATCHES / f"batch-{batch}" / "corpus" / f"{slug}.pdf"))
    return reading, records


def _gold(batch: int, slug: str) -> dict:
    return json.loads((BATCHES / f"batch-{batch}" / "gold" / f"{slug}.gold.json").read_text())


def _priorities(records) -> list[PriorityRecord]:
    return sorted((r for r in records if isinstance(r, PriorityRecord)), key=lambda r: r.position)


def _values(records) -> list[IndicatorValue]:
    return [r for r in records if isinstance(r, IndicatorValue)]


@pytest.mark.parametrize("slug", ["castlepoint-aims-objectives-priorities", "norfolk-vision-strategic-priorities"])
def test_a_page_titled_by_its_elements_is_a_plan_and_the_title_announces_them(slug):
    """'Aims, Objectives and Priorities' over three headings, each with its paragraph (no sentence
    announces them); 'Strategic Priorities for the next four years:' over bullets, after the
    vision's 'We want ...' bullets (not priorities)."""
    reading, records = _read(4, slug)
    gold = _gold(4, slug)
    assert reading.genre.name == "business_plan"
    priorities = _priorities(records)
    assert [p.name for p in priorities] == [g.rstrip(".") for g in gold["priorities"]]
    assert not {p.name for p in priorities} & set(gold["not_priorities"])
    if slug.startswith("castlepoint"):
        # each heading's paragraph is its summary
        assert priorities[0].summary.startswith("We will work closely with residents")
        assert priorities[1].summary.startswith("We aim to transform our community")


@pytest.mark.parametrize(("batch", "slug"), [(4, "norfolk-cabinet-considers-key-priorities"),
                                             (4, "wandsworth-corporate-objectives")])
def test_a_name_then_a_description_its_first_word_marks(batch, slug):
    """'A vibrant, sustainable economy, including £1.5 million of ...' (a comma inside the name,
    items of 35 words that are no prose), 'Encouraging people to live healthy, fulfilled and
    independent lives – By helping ...' (a name of nine words)."""
    _reading, records = _read(batch, slug)
    gold = _gold(batch, slug)
    priorities = _priorities(records)
    assert [p.name for p in priorities] == gold["priorities"]
    for p, detail in zip(priorities, gold["priority_details"], strict=True):
        assert p.summary and detail["description"].startswith(p.summary[:20])


def test_a_counted_run_in_list_with_mixed_separators():
    """'... under five strategic themes: Leadership, the Economy; Health and Wellbeing; Where we
    Live and Our Community and outlined what ...' — the count settles the split."""
    _reading, records = _read(4, "lisburncastlereagh-draft-corporate-plan-2018-2022")
    assert [p.name for p in _priorities(records)] == _gold(4, "lisburncastlereagh-draft-corporate-plan-2018-2022")[
        "priorities"]


def test_bullets_with_the_name_run_into_the_description():
    """'• Opportunities and living incomes This will involve ...': the name alone, its
    description as the summary."""
    _reading, records = _read(3, "ealing-council-priorities")
    priorities = _priorities(records)
    assert [p.name for p in priorities] == ["Genuinely affordable housing", "Opportunities and living incomes",
                                            "A healthy and great place"]
    assert priorities[1].summary.startswith("This will involve")


def test_a_minute_adopting_a_plan_lists_its_priorities_as_priorities():
    """'The proposed updated priorities are:' in the minute (a meeting system's agenda-item page)
    adopting an outline corporate plan: the cited plan's top level, not its missions."""
    reading, records = _read(2, "spelthorne-outline-corporate-plan-2024-2028")
    assert reading.genre.name == "decision_details"
    assert [p.name for p in _priorities(records)] == _gold(2, "spelthorne-outline-corporate-plan-2024-2028")[
        "priorities"]


def test_rag_counts_written_as_words():
    """'Three of the actions were rated Green', 'One ... Amber', 'Zero ... Red' and '6 of the 9
    actions had been achieved' in a scrutiny minute (read strictly, as a decision page)."""
    _reading, records = _read(4, "southkesteven-corporate-plan-kpis-q4-2023-24")
    got = {(v.value, v.indicator) for v in _values(records)}
    assert {(3.0, "actions were rated Green"), (1.0, "actions was rated Amber"), (0.0, "actions were rated Red"),
            (6.0, "9 actions had been achieved")} <= got


def test_a_performance_update_minute_is_a_performance_report_and_pi_numbers_are_no_values():
    """'Corporate Performance Update: Quarter Two' with 'the Performance\\nManagement Framework'
    wrapped over a line: its values in sentences are read; 'PI 62', 'PI 54' are references."""
    reading, records = _read(4, "gravesham-corporate-performance-q2-2022-23")
    assert reading.genre.name == "performance_report"
    values = {(v.value, v.unit) for v in _values(records)}
    assert {(20.8, "days"), (18.4, "days"), (11.5, "days"), (48.0, "count"), (7.0, "count")} <= values
    _reading, records = _read(4, "gravesham-corporate-performance-q3-2023-24")
    assert not {62.0, 54.0} & {v.value for v in _values(records)}


def test_coded_aims_go_under_the_priority_their_letter_names():
    """'... the Council's three priorities Our Environment, Our People, Our Future.' then key aims
    coded 'E1.', 'P2.', 'F3.' listed under the committees that oversee them (some twice): each
    aim once, under the priority whose initial its letter is."""
    _reading, records = _read(3, "southderbyshire-corporate-plan-2020-2024-measures-index")
    gold = _gold(3, "southderbyshire-corporate-plan-2020-2024-measures-index")
    priorities = _priorities(records)
    missions = [r for r in records if isinstance(r, MissionRecord)]
    under = {p.name: sorted(m.name for m in missions if m.priority_id == p.id) for p in priorities}
    assert under == {d["name"]: sorted(c["name"] for c in d["children"]) for d in gold["priority_details"]}


def test_the_paragraph_after_a_numbered_list_is_not_its_last_item():
    """'5) a community-focussed ... quality services.' then 'These state our ambition ...' printed
    left of the list's numbers (the extractor kept it in the list's block): not the item's."""
    _reading, records = _read(4, "telford-council-plan-priorities-2021")
    assert [p.name for p in _priorities(records)] == [
        g.rstrip(".") for g in _gold(4, "telford-council-plan-priorities-2021")["priorities"]]


def test_a_kpi_table_flattened_to_text_gives_its_targets_by_polarity():
    """'Ref Key performance indicators Good is Target 2022/23' then the rows run on ('EN02
    Proportion of waste sent for reuse (recycling and composting) High 45% EN03 ...'): each row
    its target of 2022/23, named by its measure (a sub-row by its own words, a cell 'a) 5
    Hectares b) 500 Trees' giving two), and nothing else read from the table."""
    slug = "rotherham-council-plan-cleaner-greener-measures-2022-23"
    _reading, records = _read(4, slug)
    values = _values(records)
    got = {(v.indicator.split(": ", 1)[-1], v.value) for v in values}
    want = set()
    for row in _gold(4, slug)["indicators"]:
        number = float(row["target"].replace(",", "").split()[0].rstrip("%"))
        want.add((row["name"], number))
    assert got == want
    assert all(v.kind == "target" and v.period == "2022/23" for v in values)
