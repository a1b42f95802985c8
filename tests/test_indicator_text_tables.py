"""KPI tables that reach us as text (round 8 of indicator values, issue 17): a web page's table
stored without cell separators (Bexley's theme table, plan batch 8), stored one cell per line
(Maidstone's Q2 2019/20 appendix, plan batch 3) and counts by status on one line (Cheshire
West and Chester's dashboard, plan batch 8). Each on the committed PDF of the stored page,
checked against the page by hand; and what must not be read as such a table."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from rules.engine import records_of
from rules.indicators.records import IndicatorValue
from rules.indicators.text_rows import deglue, header_columns

FIRSTSIGHT = Path(__file__).parent / "plans_firstsight"


def _values(batch: str, slug: str) -> tuple[str, list[IndicatorValue]]:
    reading, records = records_of(extract(FIRSTSIGHT / batch / "corpus" / f"{slug}.pdf"))
    return reading.genre.name, [r for r in records if isinstance(r, IndicatorValue)]


def test_a_table_stored_without_separators_gives_each_rows_outturns_with_status_on_the_latest():
    genre, values = _values("batch-8", "bexley-annual-performance-report-2024-25-priority-theme-3")
    # its header's words are glued ("RefPerformance indicator...OutturnRAG"): still a performance report
    assert genre == "performance_report"
    rows = {(v.indicator, v.period, v.value): v for v in values if v.rule == "indicators.text_rows.v1"}
    expected = {
        ("Percentage of invoices paid within 30 days of invoice date", 89.02, 91.21, "Amber", "increase"),
        ("Percentage of invoices paid within 30 days of receipt by Accounts Payable", 97.62, 99.05, "Green", "increase"),
        ("Percentage of debts collected in 90 days by volume", 91.27, 90.04, "Amber", "decrease"),
        ("Percentage of debts collected in 90 days by value", 88.58, 86.04, "Red", "decrease"),
    }
    assert len(rows) == 8
    for name, last_year, this_year, status, direction in expected:
        old, new = rows[(name, "2023/2024", last_year)], rows[(name, "2024/2025", this_year)]
        assert old.unit == new.unit == "%" and old.kind == new.kind == "actual"
        assert (new.status, new.direction) == (status, direction)
        assert old.status is None and old.direction is None  # the RAG judges the latest outturn
        assert (old.period_start, new.period_end) == ("2023-04-01", "2025-03-31")
    # the row cut short by the page ("FC_05Percentage of debt placed on query hold") has no values
    assert not any("query hold" in v.indicator for v in values)
    # "well within our 10% target": a target, not a result
    assert any(v.value == 10 and v.kind == "target" for v in values)


def test_a_table_stored_one_cell_per_line_gives_values_with_their_targets():
    _genre, values = _values("batch-3", "maidstone-performance-monitoring-q2-2019-20")
    table = [v for v in values if v.quote.startswith(("Total number", "Success rate", "Number of", "Percentage of priority"))]
    actual = {v.indicator: (v.value, v.target) for v in table if v.kind == "actual"}
    assert actual == {
        "Percentage of priority 1 enforcement cases dealt with in time": (100, 100),
        "Percentage of priority 2 enforcement cases dealt with in time": (95.42, 100),
        "Total number of complaints received within period": (236, None),
        "Success rate for planning appeals (6mth rolling)": (59.09, 75),
        "Number of appeals in period": (44, None),
        "Number of affordable homes delivered (gross)": (42, 45),
    }
    # the header's "Q2 2019/20" spans the value columns: every value is of that quarter
    assert {(v.period_start, v.period_end) for v in table} == {("2019-07-01", "2019-09-30")}
    # the N/A of the trend column is no value, and no table cell is read twice by the sentence reader
    assert len(table) == len(actual) + 4
    # the summary above it, one cell a line too: "RAG Rating | Green | Amber | Red | N/A[1] | Total |"
    # over "KPIs | 1 | 2 | 1 | 2 | 6 |", each count carrying its column's status
    summary = [(v.value, v.status) for v in values if v.quote == "KPIs 1 2 1 2 6"]
    assert summary == [(1, "Green"), (2, "Amber"), (1, "Red"), (2, None), (6, None)]


def test_counts_by_status_on_one_line_each_carry_their_status():
    _genre, values = _values("batch-8", "cheshirewestchester-performance-dashboard-2019-20")
    counts = {v.status: v.value for v in values if v.rule == "indicators.status_counts.v1"}
    assert counts == {"Green": 61, "Amber": 16, "Red": 46, "M": 37}
    assert {v.period for v in values if v.rule == "indicators.status_counts.v1"} == {"2019-20"}


def test_glued_cells_are_parted_where_a_crude_export_joined_them():
    assert deglue("RefPerformance indicatorFrequencyDirection of travel2023/2024 Outturn2024/2025 OutturnRAG") \
        == "Ref Performance indicator Frequency Direction of travel 2023/2024 Outturn 2024/2025 Outturn RAG"
    assert deglue("FC_01Percentage of invoices dateMonthlyincrease89.02%91.21%Amber") \
        == "FC_01 Percentage of invoices date Monthlyincrease 89.02% 91.21% Amber"
    # codes, quarters and units are left whole
    assert deglue("Q2 2024/25 KS2 CO2 tCO2e") == "Q2 2024/25 KS2 CO2 tCO2e"


@pytest.mark.parametrize("text", [
    # prose that names indicators and targets is no header: no run of column names
    "The performance indicators show that the target for 2023/24 was met in most services.",
    # a run of column names without a measure column
    "2023/24 Outturn 2024/25 Outturn Target RAG",
    # a measure and a status but no value column
    "Performance indicator Frequency Direction of travel RAG",
])
def test_what_is_not_a_kpi_header(text):
    assert header_columns(deglue(text)) is None


def test_a_header_is_a_run_of_column_names_and_ends_where_the_rows_begin():
    text = deglue("RefPerformance indicatorFrequencyDirection of travel2023/2024 Outturn2024/2025\nOutturnRAG FC_01Percentage")
    cols, end = header_columns(" ".join(text.split("\n")))
    assert [c.role for c in cols] == ["ref", "name", "frequency", "direction", "value", "value", "status"]
    assert " ".join(text.split("\n"))[end:].strip().startswith("FC_01")


def test_a_kpi_table_without_rulings_in_spaced_text_is_read_by_its_header(tmp_path):
    """A generated page in words of our own: the header and rows of a KPI table printed as lines
    of text (no rulings, columns only spaced), RAG as letters, quarters without their year."""
    from pdfgen import make_pdf, text_page

    rows = ["**Northwick District Council – Quarterly Performance Report, Quarter 3 2024/25", "",
            "Key performance indicators for the quarter against their targets.", "",
            "Ref Measure Q1 Q2 Q3 Target RAG",
            "HS01 Households in temporary accommodation 212 198 205 190 R",
            "HS02 Percentage of homelessness cases prevented 61% 64% 66% 60% G",
            "EN04 Missed bin collections per 100,000 collections 38 41 35 50 G", "",
            "The council answered 1,204 calls in 2024 and will report again in 2025."]
    _reading, records = records_of(extract(make_pdf(tmp_path / "spaced.pdf", [text_page(rows)])))
    values = [r for r in records if isinstance(r, IndicatorValue) and r.rule == "indicators.text_rows.v1"]
    got = {(v.indicator, v.period_start, v.kind): (v.value, v.target, v.status) for v in values}
    # "Q3 Target" is two columns here (the rows have four values), the quarters the report's year's
    assert got == {
        ("Households in temporary accommodation", "2024-04-01", "actual"): (212, None, None),
        ("Households in temporary accommodation", "2024-07-01", "actual"): (198, None, None),
        ("Households in temporary accommodation", "2024-10-01", "actual"): (205, 190, "R"),
        ("Households in temporary accommodation", "2024-10-01", "target"): (190, None, None),
        ("Percentage of homelessness cases prevented", "2024-04-01", "actual"): (61, None, None),
        ("Percentage of homelessness cases prevented", "2024-07-01", "actual"): (64, None, None),
        ("Percentage of homelessness cases prevented", "2024-10-01", "actual"): (66, 60, "G"),
        ("Percentage of homelessness cases prevented", "2024-10-01", "target"): (60, None, None),
        ("Missed bin collections per 100,000 collections", "2024-04-01", "actual"): (38, None, None),
        ("Missed bin collections per 100,000 collections", "2024-07-01", "actual"): (41, None, None),
        ("Missed bin collections per 100,000 collections", "2024-10-01", "actual"): (35, 50, "G"),
        ("Missed bin collections per 100,000 collections", "2024-10-01", "target"): (50, None, None),
    }
    # no cell of the table is read again as prose ("R HS02 Percentage of ..." 61%), and the
    # sentence after the table is no row
    prose = [r for r in records if isinstance(r, IndicatorValue) and r.rule != "indicators.text_rows.v1"]
    assert not {r.value for r in prose} & {v.value for v in values}
    assert not any(r.value == 1204 for r in values)


def test_rows_printed_as_a_line_of_values_under_their_measure_with_the_header_scattered_above():
    """Blaby's exceptions table, a report pack transcribed page by page: the header's words over
    ten lines ("This Qtr Target Against" / "Target" / "1" / "Previous" / "qtr" / "Comparison
    Against" / "Perf. v" ...), each row its measure's lines then "166 N/A N/A 199 ☺ 113 ����"."""
    _genre, values = _values("batch-8", "blaby-performance-exceptions-q2-2012-13")
    rows = [v for v in values if v.rule == "indicators.text_rows.v1"]
    got = {(v.indicator, v.value): (v.kind, v.target, v.status) for v in rows}
    foi = "FOI requests – number of new requests"
    young = "Number of young people involved in sports, health & recreational activities (Change 4 Life Project)"
    assert got == {
        (foi, 166): ("actual", None, None),  # target and 'against target' N/A: no target, no status
        (foi, 199): ("actual", None, None),
        (foi, 113): ("actual", None, None),
        (young, 1176): ("actual", 1100, "☺"),  # this quarter's value carries the row's judgement
        (young, 1100): ("target", None, None),
        (young, 1229): ("actual", None, None),
        (young, 1448): ("actual", None, None),
    }
    # the comment under a row is not the next row's measure; its own values are prose
    assert any(v.value == 47 and v.rule != "indicators.text_rows.v1" for v in values)
    assert any(v.value == 80 and "per session" in v.quote for v in values)
