"""KPI tables stored one cell per line with no separators (round 9 of indicator values, issue
17): an HTML table flattened to text, a header of column names one a line, then each row its
measure and one line per further cell. On the committed PDF of Wealden's stored "Current
Performance" page (plan batch 9), checked against the page by hand; on a generated page in
words of our own; and what must not be read as such a table."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from rules.engine import records_of
from rules.indicators.records import IndicatorValue
from rules.indicators.text_rows import _stacked_header

FIRSTSIGHT = Path(__file__).parent / "plans_firstsight"
RULE = "indicators.text_rows.v1"


def _rows(records: list) -> dict[tuple[str, float, str], IndicatorValue]:
    return {(v.indicator.lower(), v.value, v.kind): v for v in records if isinstance(v, IndicatorValue) and v.rule == RULE}


def test_wealden_current_performance_gives_each_rows_value_target_and_previous_year():
    _reading, records = records_of(extract(
        FIRSTSIGHT / "batch-9" / "corpus" / "wealden-current-performance-q3-2014-15.pdf"))
    rows = _rows(records)
    homes = rows[("new homes built (net)", 209, "actual")]
    assert (homes.target, homes.period_start, homes.unit) == (338, "2014-10-01", "count")
    assert rows[("new homes built (net)", 338, "target")].period_start == "2014-10-01"
    # the previous performance column names its own period: a year earlier, not the quarter before
    assert rows[("new homes built (net)", 219, "actual")].period_start == "2013-10-01"
    assert rows[("new homes built (net)", 219, "actual")].target is None
    # a measure wrapped over two lines is one name
    assert ("percentage of planning enforcement cases resolved within 5 weeks", 77.4, "actual") in rows
    # a note after a value ("48.2% (provisional)"), a sign, a unit word
    assert rows[("proportion of household waste reused, recycled or composted", 48.2, "actual")].target == 44
    assert rows[("variation on budget-general fund", -6.3, "actual")].unit == "%"
    assert rows[("average phone response speed", 108, "actual")].unit == "seconds"
    # a cell printed "NA" is no value; a row short of its last cells keeps the ones it has
    assert not any(k[0].startswith("projected net increase") and v.kind == "target" for k, v in rows.items())
    assert rows[("percentage of food businesses of concern", 3.6, "actual")].period_start == "2014-10-01"
    # the table runs over four pages, each value on its own page
    assert rows[("percentage of food businesses of concern", 3.6, "actual")].page == 4
    assert len(rows) == 53
    # no cell is read again as prose
    others = [r for r in records if isinstance(r, IndicatorValue) and r.rule != RULE]
    assert not {r.value for r in others} & {v.value for v in rows.values()}


def test_a_generated_table_stored_one_cell_per_line_with_a_status_column(tmp_path):
    """Words of our own, each cell a line: notes after values, a sign, a tolerance, an NA."""
    from pdfgen import make_pdf, text_page

    lines = ["**Ashby Vale Borough Council – Service Performance", "",
             "The table below reports our measures for the year.", "",
             "Measure", "Outturn 2023/24", "Target 2023/24", "RAG status",
             "Household waste sent for recycling", "52.4% (provisional)", "50%", "Green",
             "Days to process new benefit claims", "21", "NA - new measure", "Amber",
             "Variation on the revenue budget", "-2.1%", "+/-3%", "Green",
             "Council tax collected", "96.1%", "97.5%", "Red", "",
             "We will report again in the spring, when 2024/25 figures are known."]
    _reading, records = records_of(extract(make_pdf(tmp_path / "cells.pdf", [text_page(lines)])))
    got = {k: (v.target, v.status, v.period_start) for k, v in _rows(records).items()}
    assert got == {
        ("household waste sent for recycling", 52.4, "actual"): (50, "Green", "2023-04-01"),
        ("household waste sent for recycling", 50, "target"): (None, None, "2023-04-01"),
        ("days to process new benefit claims", 21, "actual"): (None, "Amber", "2023-04-01"),
        # a tolerance ("+/-3%") is the target's size; a sign is the value's
        ("variation on the revenue budget", -2.1, "actual"): (3, "Green", "2023-04-01"),
        ("variation on the revenue budget", 3, "target"): (None, None, "2023-04-01"),
        ("council tax collected", 96.1, "actual"): (97.5, "Red", "2023-04-01"),
        ("council tax collected", 97.5, "target"): (None, None, "2023-04-01"),
    }


def test_label_and_number_lines_without_a_header_are_no_table(tmp_path):
    from pdfgen import make_pdf, text_page

    lines = ["**Ashby Vale in numbers", "", "Population", "128,400", "Households", "54,210",
             "Parks and open spaces", "37", "Businesses", "4,980"]
    _reading, records = records_of(extract(make_pdf(tmp_path / "facts.pdf", [text_page(lines)])))
    assert not _rows(records)


@pytest.mark.parametrize("lines", [
    # the measure's column is not first
    ["Target 2023/24", "Measure", "Outturn 2023/24", "RAG status", "Council tax collected"],
    # commentary after the measure: its words cannot be told from the next row's measure
    ["Measure", "Outturn 2023/24", "Comments", "Target 2023/24", "Council tax collected"],
    # too few columns
    ["Measure", "Outturn 2023/24", "Council tax collected", "96.1%"],
    # a measure and a status only
    ["Measure", "RAG status", "Frequency", "Direction of travel", "Council tax collected"],
])
def test_what_is_not_a_header_of_one_column_a_line(lines):
    assert _stacked_header(lines) is None
