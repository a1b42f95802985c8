"""A small set of performance-report pages of our own, typeset with tests/pdfgen.py, each with
every value a reader should take from it (checked by hand when written) and what on it is
not a value.

The layouts are the ones councils' KPI appendices print, in words of our own: quarters as
columns (the year only in the report's title), a row per indicator with last year's outturn,
this year's target, the latest actual, a RAG status and commentary, a table that runs over a
page break with its header printed again, and a contents page and summary in front of them.
``tests/test_performance_reports.py`` scores the rules on them; ``bench/score_dev_plans.py``
prints the same figures.
"""

from __future__ import annotations

from pathlib import Path

from pdfgen import make_pdf, ruled_table, text_page


def _v(page: int, indicator: str, value: float, unit: str, start: str | None, end: str | None, kind: str = "actual",
       **extra) -> dict:
    return {"page": page, "indicator": indicator, "value": value, "unit": unit, "period_start": start,
            "period_end": end, "kind": kind, **extra}


Q1, Q2, Q3, Q4 = ("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31"), \
    ("2025-01-01", "2025-03-31")
YEAR = ("2024-04-01", "2025-03-31")
LAST_YEAR = ("2023-04-01", "2024-03-31")


def quarters_as_columns(folder: Path) -> tuple[Path, list[dict], list[str]]:
    """Quarters as columns headed "Q1", "Q2", "Q3": the year is the report's (its title)."""
    title = text_page(["**Harbourside Borough Council – Performance Report 2024/25, Quarter 3",
                       "Key performance indicators for the third quarter of the financial year, with targets,",
                       "RAG ratings and the direction of travel since the last quarter."], top=40)
    rows = [["Ref", "Measure", "Q1", "Q2", "Q3", "Target", "RAG", "Trend"],
            ["HS01", "Households in temporary\naccommodation", "212", "198", "205", "190", "R", "Worse"],
            ["HS02", "% of homelessness cases\nprevented", "61%", "64%", "66%", "60%", "G", "Better"],
            ["EN04", "Missed bin collections per\n100,000 collections", "38", "41", "35", "50", "G", "Better"],
            ["RV02", "Business rates collected (%)", "29.1", "56.4", "83.9", "84.5", "A", "Same"],
            ["CS03", "Calls answered within 60\nseconds", "72%", "n/a", "79%", "80%", "A", "Better"]]
    table, _ = ruled_table(rows, [40, 170, 45, 45, 45, 50, 35, 50], top=110)
    pdf = make_pdf(folder / "perf-quarters.pdf", [title + table])
    truth = []
    for _ref, name, *cells, _rag, _trend in rows[1:]:
        name = name.replace("\n", " ")
        unit = "%" if "%" in name or "%" in cells[0] else "count"
        for (start, end), cell in zip((Q1, Q2, Q3), cells[:3], strict=True):
            if cell != "n/a":
                truth.append(_v(1, name, float(cell.rstrip("%")), unit, start, end))
        truth.append(_v(1, name, float(cells[3].rstrip("%")), unit, *Q3, kind="target"))
    not_values = ["the references (HS01 ...)", "'60' of 'within 60 seconds' and '100,000' of 'per 100,000' (part of a name)",
                  "the quarter numbers of the header"]
    return pdf, truth, not_values


def row_per_indicator(folder: Path) -> tuple[Path, list[dict], list[str]]:
    """A row per indicator: last year's outturn, this year's target, the latest quarter, a
    status and commentary with numbers of its own."""
    title = text_page(["**Quarter 2 2024/25 Corporate Scorecard",
                       "Appendix A to the report to the Overview and Scrutiny Committee of the council."], top=40)
    rows = [["Indicator", "Good is", "2023/24\noutturn", "2024/25\ntarget", "Q2\n2024/25", "Status", "Commentary"],
            ["Average days to re-let\ncouncil homes", "Low", "41", "35", "38", "Amber",
             "Two voids needed new\nkitchens; 18 homes\nre-let in the quarter."],
            ["Percentage of invoices paid\nwithin 30 days", "High", "91.2%", "95%", "96.1%", "Green",
             "Best result since 2019."],
            ["Number of people sleeping\nrough (snapshot)", "Low", "9", "5", "7", "Red",
             "3 new arrivals from\noutside the district."]]
    table, _ = ruled_table(rows, [120, 40, 55, 55, 55, 45, 120], top=90)
    pdf = make_pdf(folder / "perf-rows.pdf", [title + table])
    truth = []
    for name, _good, outturn, target, q2, _status, _comment in rows[1:]:
        name = name.replace("\n", " ")
        unit = "%" if name.startswith("Percentage") else "days" if name.startswith("Average days") else "count"
        truth.append(_v(1, name, float(outturn.rstrip("%")), unit, *LAST_YEAR))
        truth.append(_v(1, name, float(target.rstrip("%")), unit, *YEAR, kind="target"))
        truth.append(_v(1, name, float(q2.rstrip("%")), unit, *Q2))
    not_values = ["the commentary's counts and years ('Two voids', '18 homes', 'since 2019', '3 new arrivals')",
                  "'30' of 'within 30 days' (part of a name)"]
    return pdf, truth, not_values


def over_a_page_break(folder: Path) -> tuple[Path, list[dict], list[str]]:
    """A KPI table that runs over a page break, its header printed again, a page number in the
    footer of each page."""
    header = ["Measure", "Actual", "Target", "Status"]
    first = [["Planning applications decided\nin time (major)", "92%", "90%", "On track"],
             ["Planning applications decided\nin time (minor)", "81%", "85%", "Off track"],
             ["Food premises inspected", "412", "450", "Off track"]]
    second = [["Licences issued within 15\nworking days", "88%", "90%", "Off track"],
              ["Trees planted", "3,120", "2,500", "On track"]]
    top = text_page(["**Place Directorate performance, Quarter 4 2024/25"], top=40)
    t1, _ = ruled_table([header, *first], [230, 70, 70, 80], top=640)
    t2, _ = ruled_table([header, *second], [230, 70, 70, 80], top=50)
    footer = [("Page 1", 9, False, 280, 800)], [("Page 2", 9, False, 280, 800)]
    pdf = make_pdf(folder / "perf-page-break.pdf", [top + t1 + footer[0], t2 + footer[1]])
    truth = []
    for page, rows in ((1, first), (2, second)):
        for name, actual, target, _status in rows:
            name = name.replace("\n", " ")
            unit = "%" if actual.endswith("%") else "count"
            truth.append(_v(page, name, float(actual.rstrip("%").replace(",", "")), unit, *Q4))
            truth.append(_v(page, name, float(target.rstrip("%").replace(",", "")), unit, *Q4, kind="target"))
    not_values = ["the page numbers of the footers", "'15' of 'within 15 working days' (part of a name)"]
    return pdf, truth, not_values


def contents_and_summary(folder: Path) -> tuple[Path, list[dict], list[str]]:
    """A contents page (dotted leaders, and a Section | Page table), then a summary whose
    sentences state two measures and several numbers that measure nothing."""
    contents = [("Annual Performance Report 2024/25", 20, True, 60, 50), ("Contents", 14, True, 60, 100),
                ("Introduction ................................ 3", 11, False, 60, 130),
                ("Our performance at a glance ................. 4", 11, False, 60, 148),
                ("Indicators by priority ...................... 6", 11, False, 60, 166),
                ("Glossary .................................... 19", 11, False, 60, 184)]
    table, _ = ruled_table([["Section", "Page"], ["Housing", "6"], ["Environment", "11"], ["Resources", "15"]],
                           [250, 60], top=230)
    summary = text_page([
        "**Our performance at a glance",
        "This report covers the 12 months to 31 March 2025 and is the council's 4th annual report",
        "under the 2023-2027 plan. It has 5 sections and an appendix of definitions.",
        "In 2024/25 the share of household waste recycled was 47.3%, against a target of 50%.",
        "Officers answered residents' questions at 6 drop-in sessions in the town centres.",
    ], top=60)
    pdf = make_pdf(folder / "perf-contents.pdf", [contents + table, summary])
    truth = [_v(2, "share of household waste recycled", 47.3, "%", *YEAR),
             _v(2, "share of household waste recycled", 50.0, "%", *YEAR, kind="target")]
    not_values = ["contents page numbers (3, 4, 6, 19) and the Section | Page table (6, 11, 15)",
                  "'12 months', '4th annual report', '2023-2027', '5 sections'",
                  "'6 drop-in sessions' (activity with no period, not a measure the report tracks)"]
    return pdf, truth, not_values


def appendix_by_service(folder: Path) -> tuple[Path, list[dict], list[str]]:
    """A KPI appendix as services print one: its year in the top margin ("2024 / 2025"), a
    number, a service and a committee before each indicator, a target that says when it is due
    or carries its unit ("3% by March 2025", "5 working days"), the four quarters, the year end
    and comments."""
    title = text_page(["Appendix B", "2024 / 2025", "**Service Performance Indicators"], size=12, top=30, x=20)
    head = ["No.", "Service", "Committee", "Indicator", "Target", "Frequency", "Q1", "Q2", "Q3", "Q4",
            "Year end", "Comments"]
    rows = [["1", "Finance", "P&R", "% of supplier invoices\npaid within 20 days", "92%", "Monthly", "94.10%",
             "95.30%", "93.85%", "96.02%", "94.82%", ""],
            ["2", "Revenues", "P&R", "Business rates\ncollected", "98.20%", "Annual", "31.40%", "58.90%",
             "84.10%", "98.60%", "98.60%", "Cumulative; 2\nlarge refunds"],
            ["3", "Contact\nCentre", "P&R", "Abandoned calls", "3% by\nMarch 2025", "Monthly", "4.1%", "3.6%",
             "2.9%", "2.7%", "3.3%", "New phone\nsystem in Q2"],
            ["4", "Contact\nCentre", "P&R", "Average days to\nanswer a complaint", "5 working\ndays", "Monthly",
             "4.5 days", "6.1 days", "3.9 days", "4.2 days", "4.7", "Q2: 1 long\ncase"]]
    table, _ = ruled_table([head, *rows], [22, 40, 36, 92, 42, 40, 34, 34, 34, 34, 36, 80], x=20, top=100, size=6.5)
    pdf = make_pdf(folder / "perf-appendix.pdf", [title + table])
    quarters = [("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31"),
                ("2025-01-01", "2025-03-31")]
    truth = []
    for _n, _service, _committee, name, target, _freq, *cells, _comment in rows:
        name = name.replace("\n", " ")
        unit = "days" if name.startswith("Average days") else "%"
        truth.append(_v(1, name, float(target.split("%")[0].split()[0]), unit, *YEAR, kind="target"))
        for (start, end), cell in zip(quarters, cells[:4], strict=True):
            truth.append(_v(1, name, float(cell.rstrip("%").split()[0]), unit, start, end))
        truth.append(_v(1, name, float(cells[4].rstrip("%")), unit, *YEAR))
    not_values = ["the indicator numbers (1-4)", "the year in the margin", "'20 days' of the first measure's name",
                  "the comments ('2 large refunds', 'Q2: 1 long case')"]
    return pdf, truth, not_values


PAGES = (quarters_as_columns, row_per_indicator, over_a_page_break, contents_and_summary, appendix_by_service)
