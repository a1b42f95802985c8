"""Performance reports (issue 17): KPI tables however their columns are laid out, across page
breaks, behind a contents page; values only from tables and from sentences that state a
measure; a KPI appendix that never prints "council" is still a performance report.

The pages are our own (tests/perf_pages.py), each with every value it holds checked by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page
from perf_pages import PAGES, contents_and_summary, over_a_page_break, quarters_as_columns, row_per_indicator
from rulesets import reading_of, records_of
from test_indicators import score

from extractor import extract


def values_of(pdf: Path) -> list:
    return records_of(reading_of(extract(pdf)), "indicators")


@pytest.mark.parametrize("make", PAGES, ids=lambda f: f.__name__)
def test_every_value_of_a_kpi_page_and_nothing_else(tmp_path, make):
    pdf, truth, _not_values = make(tmp_path)
    precision, recall, wrong, missed = score([v.model_dump() for v in values_of(pdf)], truth)
    report = "\n".join([f"precision {precision:.2f} recall {recall:.2f}"]
                       + [f"  wrong p{w['page']} {w['value']} {w['unit']} {w['kind']} {w['period']!r} {w['indicator']}"
                          for w in wrong]
                       + [f"  missed p{m['page']} {m['value']} {m['unit']} {m['kind']} {m['indicator']}" for m in missed])
    assert precision >= 0.9, report
    assert recall >= 0.9, report


@pytest.mark.parametrize("make", PAGES, ids=lambda f: f.__name__)
def test_a_kpi_page_is_a_performance_report(tmp_path, make):
    pdf, _truth, _ = make(tmp_path)
    assert reading_of(extract(pdf)).genre.name == "performance_report"


def test_quarter_columns_take_the_year_of_the_report(tmp_path):
    pdf, _truth, _ = quarters_as_columns(tmp_path)
    households = [v for v in values_of(pdf) if v.indicator == "Households in temporary accommodation"]
    assert sorted((v.kind, v.period_start, v.value) for v in households) == [
        ("actual", "2024-04-01", 212.0), ("actual", "2024-07-01", 198.0), ("actual", "2024-10-01", 205.0),
        ("target", "2024-10-01", 190.0)]
    latest = next(v for v in households if v.period_start == "2024-10-01" and v.kind == "actual")
    assert (latest.target, latest.status, latest.direction) == (190.0, "R", "Worse")


def test_words_of_a_kpi_table_are_no_values(tmp_path):
    """'within 60 seconds' is part of a measure's name; a commentary's counts are commentary."""
    for make in (quarters_as_columns, row_per_indicator, over_a_page_break):
        pdf, truth, _ = make(tmp_path)
        values = values_of(pdf)
        assert {v.source for v in values} == {"table"}
        assert {v.indicator for v in values} == {t["indicator"] for t in truth}  # each named by its row's measure


def test_outturn_target_and_latest_quarter_of_a_row(tmp_path):
    pdf, _truth, _ = row_per_indicator(tmp_path)
    invoices = sorted((v.kind, v.period, v.value) for v in values_of(pdf)
                      if v.indicator == "Percentage of invoices paid within 30 days")
    assert invoices == [("actual", "2023/24", 91.2), ("actual", "Q2 2024/25", 96.1), ("target", "2024/25", 95.0)]


def test_contents_pages_and_tables_give_no_values(tmp_path):
    pdf, _truth, _ = contents_and_summary(tmp_path)
    document = extract(pdf)
    assert document.pages[0].is_contents
    values = values_of(pdf)
    assert {v.page for v in values} == {2}
    assert not [v for v in values if v.value in (3.0, 4.0, 6.0, 11.0, 15.0, 19.0)]


def test_a_count_in_a_performance_report_needs_a_period_a_target_or_a_whole(tmp_path):
    page = text_page([
        "**Waste Services Performance Report, Quarter 1 2024/25",
        "The council's crews visited 14 schools to talk about recycling.",
        "In Quarter 1 2024/25 there were 212 reports of fly-tipping.",
        "Of the 40 measures we report, 31 (78%) met their target.",
    ], top=40)
    values = values_of(make_pdf(tmp_path / "counts.pdf", [page]))
    assert sorted(v.value for v in values if v.unit == "count") == [31.0, 212.0]


def test_the_same_count_is_a_value_in_a_paper_that_is_not_a_performance_report(tmp_path):
    page = text_page([
        "**Report to the Communities Committee of the Council",
        "Purpose of report",
        "The crews visited 14 schools to talk about recycling.",
    ], top=40)
    values = values_of(make_pdf(tmp_path / "paper.pdf", [page]))
    assert [v.value for v in values] == [14.0]


def test_a_decision_noting_a_performance_report_gives_its_results(tmp_path):
    """A decision page (read strictly): the counts of what was on target are values; its
    reference, its minute number and the paragraph number before "RESOLVED" are not."""
    page = text_page([
        "**Decision details",
        "Quarter 2 Performance Monitoring 2023/24",
        "Decision Maker: Cabinet",
        "Ref: 4521",
        "88 QUARTERLY PERFORMANCE The Head of Policy presented the second quarter's results.",
        "Of the 26 indicators reported, 19 were on target and 4 were within tolerance.",
        "The service answered 1,240 calls during the open day.",
        "4.1 RESOLVED that the report be noted.",
    ], top=40)
    reading = reading_of(extract(make_pdf(tmp_path / "decision.pdf", [page])))
    assert reading.genre.name == "decision_details"
    values = records_of(reading, "indicators")
    assert sorted(v.value for v in values) == [4.0, 19.0]
