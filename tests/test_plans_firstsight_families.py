"""Families found on the plan first-sight batches (tests/plans_firstsight/, batches 1 and 2):
how plans announce and lay out their priorities, what a KPI table looks like, which numbers
are not values. Each test is a generated page (tests/pdfgen.py) written in words of its own —
another council, other subjects, other numbers — so what is tested is the shape, not any
batch document's sentences.
"""

from __future__ import annotations

from pathlib import Path

from pdfgen import bullet_list, make_pdf, ruled_table, text_page
from rulesets import reading_of, records_of

from extractor import extract
from rules.engine import apply_rules
from rules.plans.records import MissionRecord, PlanRecord, PlanThemeRecord, PriorityRecord

KINDS = (PlanRecord, PriorityRecord, MissionRecord, PlanThemeRecord)


def plan_records(pdf: Path):
    return records_of(reading_of(extract(pdf)), "plan_summaries", *KINDS)


def names(records) -> list[str]:
    return [r.name for r in sorted(records, key=lambda r: r.position)]


# ------------------------------------------------------------------ how priorities are announced


def test_a_count_before_the_named_set_of_elements_announces_them(tmp_path):
    """'the four Stronger Together Ambitions of the Council Plan:' — the plan's own name for its
    elements stands between the count and the noun."""
    lead = text_page(["**Quarter 2 Performance Report 2024/25",
                      "The report set out performance for Quarter 2 (July to September 2024) against the",
                      "four Stronger Together Ambitions of the Council Plan:"], top=60)
    items, _ = bullet_list(["Thriving Places", "Confident Children", "Healthy Ageing", "A Greener Valley"], top=120)
    pdf = make_pdf(tmp_path / "q2.pdf", [lead + items])
    _plans, priorities, _m, _t = plan_records(pdf)
    assert names(priorities) == ["Thriving Places", "Confident Children", "Healthy Ageing", "A Greener Valley"]


def test_a_counted_run_in_list_after_a_semicolon(tmp_path):
    """'... under three corporate priorities; safe streets, affordable homes and a cleaner coast.'"""
    rows = text_page(["**Minutes of the meeting of Full Council, 12 March 2024",
                      "**41 Council Strategy 2024-2028",
                      "The Leader presented the report of the Chief Executive on the draft Council Strategy",
                      "2024-2028. He said the strategy set out the council's commitments under three corporate",
                      "priorities; safe streets, affordable homes and a cleaner coast. Progress would be",
                      "reported to Cabinet every six months.",
                      "RESOLVED that the Council Strategy 2024-2028 be adopted."], top=60)
    reading = reading_of(extract(make_pdf(tmp_path / "minute.pdf", [rows])))
    assert reading.genre.name in ("minutes", "decision_details")
    records = apply_rules(reading)  # as the build does: the minutes' genre must be one the plan pack reads
    plans = [r for r in records if isinstance(r, PlanRecord)]
    priorities = [r for r in records if isinstance(r, PriorityRecord)]
    assert names(priorities) == ["safe streets", "affordable homes", "a cleaner coast"]
    assert [(p.title, p.period_start, p.cited_in) for p in plans] == [
        ("Council Strategy 2024-2028", 2024, reading.id)]


def test_a_table_whose_header_qualifies_the_noun(tmp_path):
    """A ruled table headed 'Corporate Objective | Ref': its rows are the plan's top level."""
    table, _ = ruled_table([
        ["Corporate Objective", "Ref"],
        ["Keep older people independent for longer", "CO1"],
        ["Close the attainment gap in our schools", "CO2"],
        ["Cut the borough's carbon emissions", "CO3"],
    ], [320, 80], top=120)
    # A later table refers to them by code in a column headed the same way: codes are no elements.
    actions, _ = ruled_table([
        ["Action", "Lead", "Corporate Objective"],
        ["Extend the handyperson scheme", "Housing", "CO1"],
        ["Tutoring for pupils on free school meals", "Education", "CO2, CO1"],
        ["Retrofit council offices", "Estates", "CO3"],
    ], [250, 100, 120], top=120)
    pdf = make_pdf(tmp_path / "objectives.pdf", [text_page(["**Northmoor Council Delivery Plan 2025-2028"], top=50)
                                                 + table, actions])
    _plans, priorities, _m, _t = plan_records(pdf)
    assert names(priorities) == ["Keep older people independent for longer", "Close the attainment gap in our schools",
                                 "Cut the borough's carbon emissions"]
    assert {p.kind for p in priorities} == {"objective"}


# ------------------------------------------------------------------ what a KPI table looks like


def indicator_values(pdf: Path) -> list:
    return records_of(reading_of(extract(pdf)), "indicators")


def test_kpi_boxes_whose_cells_label_their_own_facts(tmp_path):
    """Each KPI a ruled box: its name and RAG across the top, then "Latest: ..", "Target: ..,
    Floor: ..", "Previous: .. (Status)". The report's title, set over three headings, gives the
    latest value's period; the previous value is of the quarter before; a floor is no value."""
    title = [("Westbrook District Council", 20, True, 60, 60), ("Performance Monitoring Report", 20, True, 60, 90),
             ("Quarter 2", 20, True, 60, 120), ("2023/24", 20, True, 60, 150)]
    boxes, y = ruled_table([
        ["Percentage of planning appeals dismissed", "", "", "AMBER"],
        ["Latest: 64%", "Target: 70%, Floor: 60%", "Previous: 58% (Red)", ""],
        ["Household waste collected per household (kg)", "", "", "GREEN"],
        ["Latest: 412", "Target: 430, Floor 450", "Previous: 428 (Green)", ""],
    ], [200, 140, 130, 60], top=80)
    legend = [("Floor: 60%", 9, False, 260, y + 10)]
    pdf = make_pdf(tmp_path / "boxes.pdf", [title, [("**Key Performance Indicators", 14, True, 60, 50), *boxes,
                                                     *legend]])
    values = indicator_values(pdf)
    got = sorted((v.indicator, v.kind, v.value, v.unit, v.period_start, v.period_end, v.target, v.status)
                 for v in values)
    appeals, waste = "Percentage of planning appeals dismissed", "Household waste collected per household (kg)"
    assert got == sorted([
        (appeals, "actual", 64.0, "%", "2023-07-01", "2023-09-30", 70.0, "AMBER"),
        (appeals, "actual", 58.0, "%", "2023-04-01", "2023-06-30", None, "Red"),
        (appeals, "target", 70.0, "%", "2023-07-01", "2023-09-30", None, None),
        (waste, "actual", 412.0, "kg", "2023-07-01", "2023-09-30", 430.0, "GREEN"),
        (waste, "actual", 428.0, "kg", "2023-04-01", "2023-06-30", None, "Green"),
        (waste, "target", 430.0, "kg", "2023-07-01", "2023-09-30", None, None),
    ])


def test_rolling_period_columns_are_periods_not_counts(tmp_path):
    """A table of complaints by service with columns "12 mths to Mar 24" and "Quarter to Mar 24":
    each value has its rolling period, and the header's "12" is no value."""
    table, _ = ruled_table([
        ["Service", "12 mths to\nMar 23", "12 mths to\nMar 24", "Quarter to\nDec 23", "Quarter to\nMar 24"],
        ["Housing repairs", "1,204", "1,118", "301", "266"],
        ["Parking", "388", "402", "97", "120"],
    ], [150, 70, 70, 70, 70], top=110)
    pdf = make_pdf(tmp_path / "complaints.pdf", [[("**Complaints received", 14, True, 60, 50),
                                                  ("Complaints by service, Quarter 4 2023/24", 10, False, 60, 80),
                                                  *table]])
    values = indicator_values(pdf)
    got = sorted((v.value, v.period_start, v.period_end) for v in values)
    assert got == sorted([
        (1204.0, "2022-04-01", "2023-03-31"), (1118.0, "2023-04-01", "2024-03-31"),
        (301.0, "2023-10-01", "2023-12-31"), (266.0, "2024-01-01", "2024-03-31"),
        (388.0, "2022-04-01", "2023-03-31"), (402.0, "2023-04-01", "2024-03-31"),
        (97.0, "2023-10-01", "2023-12-31"), (120.0, "2024-01-01", "2024-03-31")])


# ------------------------------------------------------------------ which numbers are values


def test_counts_of_a_reports_own_indicators_are_values(tmp_path):
    """A performance summary counts its indicators by status and trend, in figures and in words;
    counts "of the N" and "of these" are parts; the whole (of the N) is not a value, nor is
    "one fewer than last quarter"."""
    rows = text_page([
        "**Quarterly Performance Report, Quarter 1, 2025/26",
        "34 Council Plan Indicators were reported this quarter and 31 of these were given a RAG",
        "rating. In Quarter 1, 2025/26, 21 of the 31 indicators met their target. Seven KPIs missed",
        "the target but stayed within tolerance, and three indicators were below tolerance (one",
        "fewer than last quarter). Eleven indicators were improving, with four showing a decline.",
    ], top=50)
    reading = reading_of(extract(make_pdf(tmp_path / "summary.pdf", [rows])))
    assert reading.genre.name == "performance_report"
    values = records_of(reading, "indicators")
    assert sorted((v.value, v.kind) for v in values) == [
        (3.0, "actual"), (4.0, "actual"), (7.0, "actual"), (11.0, "actual"), (21.0, "actual"), (31.0, "actual"),
        (34.0, "actual")]


def test_deadlines_quarter_pairs_floors_and_plan_structure_are_not_values(tmp_path):
    rows = text_page([
        "**Performance Report to Scrutiny Committee, Quarter 3 2022/23",
        "Performance is reported against the four Healthy Harbour Goals of the Council Plan.",
        "Nineteen KPIs were reported in Quarters 2 & 3 of 2022/23.",
        "Percentage of stage one complaints answered within 15 working days",
        "Floor standard: 75%",
    ], top=50)
    values = records_of(reading_of(extract(make_pdf(tmp_path / "report.pdf", [rows]))), "indicators")
    assert [(v.value, v.indicator) for v in values] == [(19.0, "KPIs were reported in Quarters 2 & 3")]


# ------------------------------------------------------------------ batch 2: more ways to set out priorities


def test_a_heading_naming_draft_well_being_objectives_over_name_dash_description_bullets(tmp_path):
    """A Welsh council's consultation page: 'Our proposed well-being objectives' as a heading,
    then bullets 'Name - what it means'. The names are the priorities, the rest their summary."""
    intro = text_page(["**Consultation: Corporate Plan 2026-2031", "",
                       "The Council must set well-being objectives under the Well-being of Future Generations",
                       "Act. We propose to cut the number of objectives to three."], top=60)
    heading = text_page(["**OUR PROPOSED WELL-BEING OBJECTIVES"], size=13, top=140)
    items, _ = bullet_list(["Thriving Valleys - good jobs and skills in every town of the county",
                            "Safe Homes - warm, affordable homes for every family",
                            "Connected People - transport and digital links that reach every village"], top=170)
    pdf = make_pdf(tmp_path / "consultation.pdf", [intro + heading + items])
    _plans, priorities, _m, _t = plan_records(pdf)
    assert names(priorities) == ["Thriving Valleys", "Safe Homes", "Connected People"]
    assert [p.summary for p in sorted(priorities, key=lambda p: p.position)][1] == \
        "warm, affordable homes for every family"


def test_a_counted_run_in_list_joined_by_focused_on(tmp_path):
    """A news page: '... sets out four priority areas focused on A; B; C; and D.' — no colon;
    the plan is named by the paragraph ('Corporate Plan'), not by the sentence."""
    rows = text_page(["Northmoor County Council today agreed a new Corporate Plan for the next four years.", "",
                      "The new Corporate Plan sets out four priority areas focused on growing local",
                      "businesses; keeping children safe; cutting the county's carbon footprint; and",
                      "improving roads and buses. Councillors welcomed the fourth priority, which is new."],
                     top=60)
    plans, priorities, _m, _t = plan_records(make_pdf(tmp_path / "news.pdf", [rows]))
    assert names(priorities) == ["growing local businesses", "keeping children safe",
                                 "cutting the county's carbon footprint", "improving roads and buses"]
    assert [p.title for p in plans] == ["Corporate Plan"]


def test_measuring_success_headings_are_priorities_and_their_bullets_measures(tmp_path):
    """'Measuring success' over sibling headings, each with bullets: the headings are the plan's
    priorities, the bullets how each is measured (metrics, not a level of priorities)."""
    from rules.plans.records import MetricRecord

    page = text_page(["**Annual Plan 2026/2027"], size=16, top=50)
    page += text_page(["**Measuring success"], size=14, top=80)
    y = 110.0
    for heading, measures in [("Thriving town centres", ["Number of empty shop units in the district", "Footfall in the high street"]),
                              ("A cleaner district", ["Percentage of waste recycled",
                                                      "Number of homes installing solar panels"]),
                              ("Healthy residents", ["Visits to leisure centres", "Adults active for 150 minutes"])]:
        page += text_page([f"**{heading}"], size=14, top=y)
        bullets, y = bullet_list(measures, top=y + 24)
        page += bullets
        y += 12
    reading = reading_of(extract(make_pdf(tmp_path / "annual.pdf", [page])))
    assert reading.genre.name == "business_plan"  # "installing" is no software manual
    records = records_of(reading, "plan_summaries", PriorityRecord, MissionRecord, MetricRecord)
    priorities, missions, metrics = records
    assert names(priorities) == ["Thriving town centres", "A cleaner district", "Healthy residents"]
    assert missions == []
    by_priority = {p.id: p.name for p in priorities}
    assert sorted((by_priority[m.priority_id], m.key_metric, m.kind) for m in metrics) == sorted([
        ("Thriving town centres", "Number of empty shop units in the district", "success_measure"),
        ("Thriving town centres", "Footfall in the high street", "success_measure"),
        ("A cleaner district", "Percentage of waste recycled", "success_measure"),
        ("A cleaner district", "Number of homes installing solar panels", "success_measure"),
        ("Healthy residents", "Visits to leisure centres", "success_measure"),
        ("Healthy residents", "Adults active for 150 minutes", "success_measure")])


def test_objectives_listed_below_as_an_inline_coded_run(tmp_path):
    """'Our Well-being Objectives are listed below.' and, further on in the same paragraph, a
    run coded 'W1. ... W2. ... W3. ...' (a crude export ran it all into one paragraph)."""
    rows = text_page([
        "Corporate Plan 2026-2030 Our Well-being Objectives are listed below. The first two look",
        "outward, to the county's people and places; the last looks at the council itself. Each is",
        "explained in the sections that follow. W1. We will help every child to read well by the age",
        "of seven. W2. We will build three hundred social homes a year. W3. We will balance the",
        "budget every year without using reserves."], top=60)
    _plans, priorities, _m, _t = plan_records(make_pdf(tmp_path / "strategy.pdf", [rows]))
    assert names(priorities) == ["We will help every child to read well by the age of seven",
                                 "We will build three hundred social homes a year",
                                 "We will balance the budget every year without using reserves"]


# ------------------------------------------------------------------ batch 2: indicator definitions


def test_kpi_definitions_give_their_local_targets_and_nothing_else(tmp_path):
    """A page defining each KPI: its name, 'Definition:' (a paragraph), frequency, 'National
    target: N/A', 'Local target: 95% (year end)', polarity. Each local target is a target of
    its KPI; a target 'Not set' gives none; 'N of our performance indicators' is a count."""
    page = text_page([
        "**Corporate Performance Indicators",
        "We track 31 performance indicators for Cabinet. Every month we publish 12 of our",
        "performance indicators on the council's website.",
        "",
        "**2.04 - Rent collected from council tenants (%)",
        "Definition: Rent collected in the year as a share of the rent due, including arrears",
        "brought forward from the year before.",
        "Reporting frequency: Monthly",
        "National target: N/A",
        "Local target: 97.5% (year end)",
        "Polarity (the good direction): Up",
        "",
        "**2.05 - Missed bin collections per 100,000",
        "Definition: Collections reported missed by residents.",
        "Reporting frequency: Quarterly",
        "National target: N/A",
        "Local target: 40",
        "Polarity (the good direction): Down",
        "",
        "**2.06 - Residents satisfied with parks (%)",
        "Definition: Share of survey respondents satisfied or very satisfied.",
        "Reporting frequency: Annual",
        "Local target: Not set",
        "Polarity (the good direction): Up",
    ], top=50)
    values = records_of(reading_of(extract(make_pdf(tmp_path / "definitions.pdf", [page]))), "indicators")
    targets = sorted((v.indicator, v.value, v.unit) for v in values if v.kind == "target")
    assert targets == [("2.04 - Rent collected from council tenants (%)", 97.5, "%"),
                       ("2.05 - Missed bin collections per 100,000", 40.0, "count")]
    counts = sorted((v.value, v.kind, v.unit) for v in values if v.kind != "target")
    assert counts == [(12.0, "actual", "count"), (31.0, "actual", "count")]


def test_from_a_baseline_in_its_year_to_a_target(tmp_path):
    """'... will have fallen from 2,310 in 2022/23 to 2,100 per 100,000': the first number is
    the baseline of 2022/23, the second the target (as with the year in brackets)."""
    rows = text_page(["**Public Health Strategy 2025-2028: what we will achieve",
                      "By 2028, hospital admissions due to falls will have fallen from 2,310 in 2022/23 to 2,100.",
                      "The rate of teenage conceptions will fall from 12.5 (2022/23) to 10 per 1,000."], size=9, top=60)
    values = records_of(reading_of(extract(make_pdf(tmp_path / "strategy.pdf", [rows]))), "indicators")
    assert sorted((v.value, v.kind) for v in values) == [(10.0, "target"), (12.5, "baseline"), (2100.0, "target"),
                                                         (2310.0, "baseline")]
    assert {v.period_start for v in values if v.kind == "baseline"} == {"2022-04-01"}


def test_numbered_objectives_each_with_a_quoted_paragraph_and_bullets_under_them(tmp_path):
    """A news release: the leader's quoted words count the objectives ('... these three
    well-being objectives show what we can achieve.”'), then each objective is numbered with a
    quoted paragraph and 'Commitments include:' bullets under it before the next number. The
    numbered lines are the priorities, each one's bullets its sub-items."""
    lead = text_page(["**Council adopts its plan for the next five years",
                      "Northvale County Borough Council has adopted its Corporate Plan for 2025 to 2030.",
                      "“The work ahead is hard,” said the Leader, “and these three well-being objectives",
                      "show what we can achieve.”"], top=60)
    first, y = bullet_list(["Northvale is a place where children thrive"], glyph="{n}.", top=125)
    para1 = text_page(["“Every child deserves a good start,” said the cabinet member for learning.",
                       "Commitments include:"], top=y + 6)
    subs1, y = bullet_list(["Opening two new special schools", "Doubling the number of holiday clubs"],
                           glyph="•", top=y + 36)
    second = [(text.replace("1.", "2.") if text == "1." else text, *rest) for text, *rest in
              bullet_list(["Northvale has homes people can afford"], glyph="{n}.", top=y + 6)[0]]
    para2 = text_page(["“Rents have risen too fast,” said the cabinet member for housing.",
                       "Commitments include:"], top=y + 30)
    subs2, y = bullet_list(["Building 500 council homes"], glyph="•", top=y + 60)
    third = [(text.replace("1.", "3.") if text == "1." else text, *rest) for text, *rest in
             bullet_list(["Northvale is greener and cleaner"], glyph="{n}.", top=y + 6)[0]]
    pdf = make_pdf(tmp_path / "release.pdf", [lead + first + para1 + subs1 + second + para2 + subs2 + third])
    _plans, priorities, missions, _t = plan_records(pdf)
    assert names(priorities) == ["Northvale is a place where children thrive",
                                 "Northvale has homes people can afford", "Northvale is greener and cleaner"]
    assert sorted(m.name for m in missions) == ["Building 500 council homes", "Doubling the number of holiday clubs",
                                                "Opening two new special schools"]
    by_id = {p.id: p.name for p in priorities}
    assert {m.name: by_id.get(m.priority_id) for m in missions}["Building 500 council homes"] == \
        "Northvale has homes people can afford"


def test_counted_priorities_named_straight_after_the_noun_with_no_colon(tmp_path):
    """A performance index: '... which serve the Council's four priorities Safer Streets,
    Greener Places, Stronger Towns and Better Services.' — the names run on after the counted
    noun, capitalised, with no colon or joining word."""
    rows = text_page(["**Council Plan 2023-2027 Measures Index",
                      "Summary The Council Plan 2023-2027 has 28 measures which serve the Council's four",
                      "priorities Safer Streets, Greener Places, Stronger Towns and Better Services. Each",
                      "committee reports on the measures it oversees every quarter."], top=60)
    pdf = make_pdf(tmp_path / "index.pdf", [rows])
    _plans, priorities, _m, _t = plan_records(pdf)
    assert names(priorities) == ["Safer Streets", "Greener Places", "Stronger Towns", "Better Services"]


def test_a_planning_kpi_appendix_that_never_names_its_council_is_a_performance_report(tmp_path):
    """A committee's KPI appendix cut from its report: a key to ratings and a summary of the
    planning service's indicators, and no word 'council' on it. Planning appeals and enforcement
    cases are services only councils run, so it is read as a performance report; the band an
    amber rating means ('(within 5%)') is no value, the share of KPIs on target is."""
    rows = text_page([
        "**Annex B",
        "**Performance Summary",
        "Key: Target met; Target narrowly missed (within 5%); Target not met",
        "- 40% (2) targeted KPIs met their Quarter 3 target.",
        "Appeals against refused schemes: planning appeals dismissed in the year was 71%.",
        "Category B enforcement cases closed within target.",
    ], top=50)
    reading = reading_of(extract(make_pdf(tmp_path / "annex.pdf", [rows])))
    assert reading.genre.name == "performance_report"
    values = records_of(reading, "indicators")
    assert 5.0 not in [v.value for v in values]
    assert 40.0 in [v.value for v in values]
