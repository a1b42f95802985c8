"""Values a performance report's results state in prose, fitted on plan first-sight batch 7
(tests/plans_firstsight/batch-7) and read through the whole engine (``rules.engine.records_of``,
as ``plans build`` does) from the batch's committed typeset pages:

* a minute item headed by a performance report ("Annual Performance Report", "Corporate Plan
  Performance Report Q2"), or after a sentence that the meeting received one, states its results
  in bullets with no period of their own: measured (rules/packs/indicators.yaml, reported_results);
* bullets set in heading type ("Ø Housing") are a list, not a new section;
* a news page on a performance report: "rated green" is a performance report's cue, and the
  items of a list led in as the report's results ("Some of the improvements outlined in the
  report include:") are measured;
* counts in words with a status ("four are achieving or exceeding targets (green) and one is
  amber"); a target met, missed or exceeded is no target; "213, 000" is not the number 0;
* a row of cells printed one after another with "|" between them is named by its own cell.
"""

from __future__ import annotations

import functools
from pathlib import Path

from extractor import extract
from rules.engine import records_of
from rules.indicators.records import IndicatorValue

BATCHES = Path(__file__).parent / "plans_firstsight"


@functools.cache
def _read(batch: str, slug: str):
    reading, records = records_of(extract(BATCHES / batch / "corpus" / f"{slug}.pdf"))
    return reading, [r for r in records if isinstance(r, IndicatorValue)]


def _values(batch: str, slug: str) -> list[tuple[float, str]]:
    return sorted((v.value, v.unit) for v in _read(batch, slug)[1])


def test_a_minute_item_headed_by_a_performance_report_states_measured_results():
    # "Agenda item / Annual Performance Report", "The Committee considered a report ... regarding
    # the Annual Performance", bullets with money and counts and no period; the five priorities
    # set as "Ø" bullets in heading type end the lead-in's list but not the section.
    values = _read("batch-7", "northdevon-annual-performance-report-minute")[1]
    assert sorted((v.value, v.unit) for v in values) == [
        (1.7, "£m"), (2.0, "£m"), (13.0, "count"), (180.0, "count"), (800000.0, "£")]
    # The sentence before the priorities' list ("... agreed by Full Council in February 2024,
    # these were:") leads in to those bullets only: its date is no period of the values after.
    assert all(v.period is None and v.kind == "actual" for v in values)


def test_a_cabinet_minute_on_a_quarterly_performance_report():
    values = _values("batch-7", "plymouth-corporate-plan-performance-q2-2024-25-cabinet")
    assert values == [(63.0, "%"), (83.0, "%"), (100.0, "%")]  # "213, 000 people" is not 0 people


def test_a_news_page_on_a_performance_report_lists_its_results():
    reading, values = _read("batch-7", "wrexham-focused-on-our-performance-2018-19-news")
    assert reading.genre.name == "performance_report"  # "... areas where we're doing well, which are rated green"
    assert sorted((v.value, v.unit) for v in values) == [
        (5.0, "£m"), (35.0, "count"), (66.0, "%"), (72.0, "count"), (84.0, "%"), (93.0, "count"),
        (10000.0, "count"), (11000.0, "count")]  # not 4 of "It measures our performance ... the four themes"


def test_counts_in_words_rated_by_status_and_targets_met_are_actuals():
    values = _read("batch-7", "westberkshire-council-strategy-performance-news")[1]
    assert sorted((v.value, v.unit, v.kind) for v in values) == [
        (1.0, "count", "actual"), (4.0, "count", "actual"), (4.0, "count", "actual")]
    thurrock = _read("batch-7", "thurrock-council-performance-news-2018")[1]
    # "71% of corporate KPIs had met their target during quarter 2, which has increased from 67.5%";
    # "... performing better than in 2017/18 in 48.4% of areas" (a year's end and a share, no ratio)
    assert {(v.value, v.kind) for v in thurrock} == {(71.0, "actual"), (67.5, "actual"), (48.4, "actual")}


def test_a_ratio_is_not_a_years_end_before_a_share():
    from rules.quantities import analyse

    def values(text: str) -> list[float]:
        return [q.value for s in analyse(text) for q in s.quantities]

    assert values("The council performed better than in 2017/18 in 48.4% of areas.") == [48.4]
    assert values("Now 1 in 4 children were seen within a week.") == []  # a ratio, still no value


def test_a_row_of_cells_separated_by_bars_is_named_by_its_own_cell():
    values = _read("batch-3", "maidstone-performance-monitoring-q2-2019-20")[1]
    named = {v.value: v.indicator for v in values if v.unit == "%"}
    assert named[95.42] == "Percentage of priority 2 enforcement cases dealt with in time"
    # "one (25%) has achieved its quarterly target, two (50%) have marginally missed": a result
    assert all(v.kind == "actual" for v in values if v.value == 50.0)


def test_a_list_led_in_by_anything_but_a_report_keeps_the_strict_rule(tmp_path):
    # In a performance report a count needs a period, a target or a whole of its own: the rule
    # is lifted for a report's results, not for every list ("Our activities included:").
    from pdfgen import make_pdf, text_page
    from rulesets import reading_of
    from rulesets import records_of as rule_set_records

    def read(lead: str) -> list[float]:
        pdf = make_pdf(tmp_path / f"{len(lead)}.pdf", [text_page([
            "**Ashdown District Council Performance Report", "",
            "The council's key performance indicators are reported quarterly against their targets.", "",
            lead, "", "• We held 6 roadshows with residents.", "• 14 new play areas were opened.", ""])])
        reading = reading_of(extract(pdf))
        assert reading.genre.name == "performance_report"
        return sorted(v.value for v in rule_set_records(reading, "indicators", IndicatorValue))

    assert read("Our activities included:") == []
    assert read("Highlights from the report include:") == [6.0, 14.0]
