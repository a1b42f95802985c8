"""Indicator values as people read them (council_plans.charts): numbers without a stray ".0
count", each value listed once, and a line only through values that are one series."""

from __future__ import annotations

import itertools
import re
import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from council_plans.charts import format_value, merge_duplicates, nice_ticks, series, svg_chart


def value(v, period_start, period_end=None, kind="actual", document="doc", section="Table 1", page=1, unit="count"):
    return {"indicator_id": "i", "value": v, "unit": unit, "period": period_start, "period_start": period_start,
            "period_end": period_end or period_start, "kind": kind, "document_id": document, "section": section,
            "page": page, "pdf": f"/corpus/{document}.pdf#page={page}"}


def test_counts_print_as_whole_numbers_and_units_as_written():
    assert format_value(770.0, "count") == "770"
    assert format_value(1254.0, "count") == "1,254"
    assert format_value(91.4, "%") == "91.4%"
    assert format_value(1.25, "£m") == "£1.25m"
    assert format_value(3.5, "per 10,000") == "3.5 per 10,000"


def test_a_value_read_on_two_pages_is_listed_once_with_both_sources():
    rows = [value(91.4, "2021-06-01", page=4), value(91.4, "2021-06-01", page=10), value(92.8, "2022-06-01", page=4)]
    merged = merge_duplicates(rows)
    assert [m["value"] for m in merged] == [91.4, 92.8]
    assert [s["page"] for s in merged[0]["sources"]] == [4, 10]


def test_values_from_unrelated_passages_are_never_joined_in_one_line():
    # "children": 30 in one section for 2013-16, 93 in another for 2014-17 — two counts, not a trend.
    rows = [value(30, "2013-04-01", "2016-03-31", section="Rescissions"),
            value(93, "2014-04-01", "2017-03-31", section="Main Considerations")]
    lines = series(rows)
    assert len(lines) == 2 and not any(line["joined"] for line in lines)
    assert "<polyline" not in svg_chart(rows, "count")
    assert len(re.findall("<circle ", svg_chart(rows, "count"))) == 2


def test_two_values_for_the_same_period_are_not_a_movement():
    rows = [value(6, "2016-04-01"), value(4, "2016-04-01"), value(15, "2017-04-01")]
    assert [line["joined"] for line in series(rows)] == [False]


def test_one_table_row_over_time_is_one_line():
    rows = [value(v, f"20{y}-04-01") for v, y in ((51, 11), (88, 12), (52, 13))]
    svg = svg_chart(rows, "count")
    assert len(re.findall("<polyline", svg)) == 1 and len(re.findall("<circle ", svg)) == 3


def test_a_target_is_its_own_dashed_series_with_a_legend():
    rows = [value(10, "2021-04-01"), value(12, "2022-04-01"), value(15, "2022-04-01", kind="target"),
            value(16, "2023-04-01", kind="target")]
    svg = svg_chart(rows, "count")
    assert len(re.findall("<polyline", svg)) == 2
    assert 'stroke-dasharray="6 4"' in svg and ">target<" in svg


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.floats(min_value=0.001, max_value=1e6))
def test_axis_ticks_cover_the_values_in_round_steps(low, span):
    ticks = nice_ticks(low, low + span)
    assert ticks[0] <= low + 1e-6 and ticks[-1] >= low + span - 1e-6 * max(1, abs(low + span))
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    mantissa = float(f"{steps.pop():e}".split("e")[0])
    assert mantissa in (1.0, 2.0, 2.5, 5.0)


def test_no_chart_of_the_corpus_joins_values_that_share_a_period(built_db):
    conn = sqlite3.connect(built_db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("select * from indicator_values")]
    by_indicator: dict[str, list[dict]] = {}
    for r in rows:
        by_indicator.setdefault(r["indicator_id"], []).append(r)
    joined = 0
    for values in by_indicator.values():
        for line in series(merge_duplicates(values)):
            if line["joined"]:
                joined += 1
                days = [d for d, _ in line["points"]]
                assert len(days) == len(set(days))
                assert len({(r["document_id"], r.get("section")) for _, r in line["points"]}) == 1
    assert joined > 20  # the corpus's tables do hold real series
