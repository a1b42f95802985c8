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
