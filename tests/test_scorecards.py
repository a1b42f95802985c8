"""Performance reports: KPI tables, stacked rows, KPI cards, and the numbers that are never values.

Each layout is shown on a small generated page (tests/pdfgen.py) worded unlike the development
pages, so what passes here is the layout, not one council's words; and on two real performance
pages of other councils (tests/fixtures/plans/, from ../shared/eval/dev), whose every extracted
value was checked by hand (tests/expected/indicators-*.json).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import make_pdf, ruled_table, text_page
from rulesets import reading_of, records_of
from test_indicators import score

from extractor import extract

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
EXPECTED = Path(__file__).parent / "expected"


def values_of(pdf: Path) -> list:
    return records_of(reading_of(extract(pdf)), "indicators")


def _by(values, name: str) -> list:
    return [v for v in values if v.indicator == name]


HEADING = [
    "**Corporate Performance Report: Quarter 2 2023/24",
    "",
    "Report to Cabinet by the Director of Resources. The Council Plan's key performance indicators",
    "are set out below with their targets, RAG status and direction of travel.",
]


@pytest.fixture(scope="module")
def kpi_table(tmp_path_factory) -> list:
    table, _ = ruled_table([
        ["Ref", "Indicator", "Q2 2022/23", "Q2 2023/24", "Target", "RAG", "Direction of travel"],
        ["KPI 1", "Percentage of household waste\nsent for reuse, recycling and\ncomposting", "52.1%", "49.8%", "55%",
         "Red", "Worsening"],
        ["KPI 2", "Residual household waste per\nhousehold (kg)", "104", "98", "110", "Green", "Improving"],
        ["KPI 3", "Average days to process new\nhousing benefit claims", "21.5", "18.2", "20", "Green", "Improving"],
        ["KPI 4", "Council tax collected", "£45.2m", "£46.1m", "£46.0m", "Amber", "No change"],
    ], [40, 170, 60, 60, 50, 45, 80], top=130)
    pdf = make_pdf(tmp_path_factory.mktemp("kpi") / "kpi-table.pdf", [text_page(HEADING, top=40) + table])
    return values_of(pdf)


def test_a_kpi_table_names_each_value_by_its_measure_not_its_reference(kpi_table):
    assert {v.indicator for v in kpi_table} == {
        "Percentage of household waste sent for reuse, recycling and composting",
        "Residual household waste per household (kg)",
        "Average days to process new housing benefit claims",
        "Council tax collected",
    }
    assert not [v for v in kpi_table if v.value in (1, 2, 3, 4) and v.unit == "count"]  # "KPI 1" is no value


def test_a_kpi_table_takes_units_from_cells_and_from_the_measure_name(kpi_table):
    units = {v.indicator.split()[0]: v.unit for v in kpi_table}
    assert units == {"Percentage": "%", "Residual": "kg", "Average": "days", "Council": "£m"}


def test_target_status_and_direction_go_on_the_latest_value(kpi_table):
    waste = sorted(_by(kpi_table, "Residual household waste per household (kg)"), key=lambda v: (v.kind, v.period_start))
    assert [(v.kind, v.period, v.value) for v in waste] == [
        ("actual", "Q2 2022/23", 104.0), ("actual", "Q2 2023/24", 98.0), ("target", "Quarter 2 2023/24", 110.0)]
    earlier, latest, target = waste
    assert (latest.target, latest.status, latest.direction) == (110.0, "Green", "Improving")
    assert (earlier.target, earlier.status, earlier.direction) == (None, None, None)
    assert (target.period_start, target.period_end) == ("2023-07-01", "2023-09-30")  # the report's quarter, its title
    recycling = [v for v in kpi_table if v.indicator.startswith("Percentage") and v.period == "Q2 2023/24"]
    assert [(v.value, v.target, v.status, v.direction) for v in recycling] == [(49.8, 55.0, "Red", "Worsening")]


def _stacked(tmp_path: Path, rows: list[list[str]]) -> list:
    """A table ruled round its columns and under its header only, as reports print them: the
    extractor gives its body as one row of several lines per cell."""
    table, _ = ruled_table([["Measure", "Q3 2022/23", "Q3 2023/24", "Target", "Status"], *rows],
                           [200, 70, 70, 60, 60], top=110)
    rulings = sorted({ln[2] for ln in table if ln[0] is None and ln[2] == ln[4]})
    keep = [ln for ln in table if ln[0] is not None or ln[2] != ln[4] or ln[2] in (rulings[0], rulings[1], rulings[-1])]
    return values_of(make_pdf(tmp_path / "stacked.pdf", [text_page(HEADING[:1], top=40) + keep]))


def test_stacked_rows_are_paired_with_the_label_printed_on_their_baseline(tmp_path):
    values = _stacked(tmp_path, [[
        "Percentage of household waste\nrecycled\nMissed bins per 100,000\ncollections\nNumber of fly-tipping incidents",
        "41.2%\n\n52\n\n310", "43.5%\n\n61\n\n287", "45%\n\n50\n\n300", "Amber\n\nRed\n\nGreen"]])
    latest = {v.indicator: (v.value, v.target, v.status) for v in values if v.period == "Q3 2023/24"}
    assert latest == {
        "Percentage of household waste recycled": (43.5, 45.0, "Amber"),
        "Missed bins per 100,000 collections": (61.0, 50.0, "Red"),
        "Number of fly-tipping incidents": (287.0, 300.0, "Green"),
    }


def test_a_value_with_no_label_on_its_line_is_not_given_its_neighbours(tmp_path):
    """The middle value has no label printed on or above its line within its row: the row's
    values cannot be paired by position, so none is read (rather than 52 read as recycling)."""
    values = _stacked(tmp_path, [[
        "Percentage of household waste\n\nNumber of fly-tipping incidents",
        "41.2%\n52\n310", "43.5%\n61\n287", "45%\n50\n300", "Amber\nRed\nGreen"]])
    assert not [v for v in values if v.value in (52.0, 61.0, 50.0)]
    assert not [v for v in values if v.indicator.startswith("Percentage") and v.unit != "%"]


def test_kpi_cards_with_their_labels_and_series(tmp_path):
    page = text_page([
        "**Quarterly performance indicators 2023/24",
        "This report sets out the Council's performance indicators for the first three quarters of 2023/24.",
        "",
        "**Household waste recycled, reused or composted",
        "RAG status: Amber",
        "Target: 52% (higher is better)",
        "Direction of travel: Improving",
        "Q1 2023/24 – 49.1%",
        "Q2 2023/24 – 50.6%",
        "Q3 2023/24 – Not yet available",
        "Performance was 50.6% at the end of September against a target of 52%, up from 49.1% in June.",
        "",
        "**Average days to relet council homes",
        "Status: Green",
        "2021/22: 34 days",
        "2022/23: 29 days",
    ], top=40)
    values = values_of(make_pdf(tmp_path / "cards.pdf", [page]))
    waste = _by(values, "Household waste recycled, reused or composted")
    assert sorted((v.kind, v.period, v.value) for v in waste) == [
        ("actual", "Q1 2023/24", 49.1), ("actual", "Q2 2023/24", 50.6), ("target", "Q2 2023/24", 52.0)]
    latest = next(v for v in waste if v.period == "Q2 2023/24" and v.kind == "actual")
    assert (latest.target, latest.status, latest.direction, latest.polarity) == (52.0, "Amber", "Improving",
                                                                                  "higher is better")
    relets = _by(values, "Average days to relet council homes")
    assert sorted((v.period, v.value, v.unit, v.status) for v in relets) == [
        ("2021/22", 34.0, "days", None), ("2022/23", 29.0, "days", "Green")]
    assert len(values) == 5  # the prose repeats the card's values and target: nothing new


NOT_VALUES = [
    "**Performance and Risk Monitoring Report, Quarter 3 2023/24",
    "Report to Cabinet, Example District Council. Version 2.3, 14 February 2024.",
    "",
    "**Contents",
    "1. Purpose of the report ........ 2",
    "2. Key performance indicators ........ 4",
    "3. Risk register ........ 11",
    "",
    "**2. Key performance indicators",
    "2.1 The Council Plan 2024-2028 has 4 key priorities and 12 themes (see paragraph 3.4).",
    "2.2 This report was agreed by Cabinet on 5 July and published as revision 1.2 [pdf / 3 MB].",
    "2.3.1 Under clause 4.2 of the performance framework, measures are reviewed on page 7.",
    "2.4 In Quarter 3 of 2023-24, 87% of planning applications were decided on time against a target of 85%.",
]


def test_page_numbers_dates_versions_clauses_and_contents_are_never_values(tmp_path):
    values = values_of(make_pdf(tmp_path / "report.pdf", [text_page(NOT_VALUES, top=40)]))
    assert [(v.value, v.unit, v.kind, v.period_start, v.period_end) for v in values] == [
        (87.0, "%", "actual", "2023-10-01", "2023-12-31"), (85.0, "%", "target", "2023-10-01", "2023-12-31")]
    assert values[0].target == 85.0


# ------------------------------------------------------------------ hand-checked dev pages

CHECKED = [
    ("c-molevalley-performance-indicators-2022-23.pdf", "indicators-molevalley-pi-2022-23.json", 0.95, 0.95),
    ("c-bolsover-ambition-targets-q4-2023-24.pdf", "indicators-bolsover-q4-2023-24.json", 0.95, 0.9),
]


@pytest.mark.parametrize(("pdf", "truth_file", "min_precision", "min_recall"), CHECKED, ids=lambda x: str(x)[:24])
def test_precision_on_performance_pages_of_other_councils(pdf, truth_file, min_precision, min_recall):
    truth = json.loads((EXPECTED / truth_file).read_text(encoding="utf-8"))["values"]
    extracted = [v.model_dump() for v in values_of(FIXTURES / pdf)]
    precision, recall, wrong, missed = score(extracted, truth)
    report = "\n".join([f"precision {precision:.3f} recall {recall:.3f}"]
                       + [f"  wrong p{w['page']} {w['value']} {w['unit']} {w['kind']} {w['period']!r} {w['indicator']}"
                          for w in wrong]
                       + [f"  missed p{m['page']} {m['value']} {m['unit']} {m['kind']} {m['period']!r}" for m in missed])
    assert precision >= min_precision, report
    assert recall >= min_recall, report


def test_a_kpi_card_of_a_real_report_keeps_its_assessment():
    values = values_of(FIXTURES / "c-molevalley-performance-indicators-2022-23.pdf")
    carbon = [v for v in values if v.indicator == "Reduction in the Council’s Carbon Footprint" and v.kind == "actual"]
    latest = max(carbon, key=lambda v: v.period_start)
    assert (latest.period, latest.value, latest.unit, latest.target, latest.status, latest.polarity) == (
        "2021/22", 3289.0, "tonnes", 3550.0, "Green", "lower is better")


def test_counts_out_of_a_whole_are_named_by_what_they_count():
    values = values_of(FIXTURES / "c-bolsover-ambition-targets-q4-2023-24.pdf")
    named = {(v.value, v.unit): v.indicator for v in values if v.period == "Quarter 4 of 2024"}
    assert named[(16.0, "count")] == named[(64.0, "%")] == "targets achieved"
    assert named[(9.0, "count")] == "performance indicators had a negative outturn"
    assert not [v for v in values if v.value in (25.0, 48.0, 17.0)]  # the wholes
