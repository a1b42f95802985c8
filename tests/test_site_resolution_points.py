"""A resolution is shown one point per line: its printed numbering ("1.", "a)", "(i)", "I.")
is found only where it counts 1, 2, 3 — a stray "(ii)" or "Appendix 1." is not a point."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from council_plans.resolution_points import split_points


def test_lettered_points_after_a_lead_in():
    # Minute 75 of the Cabinet meeting of 20 June 2017, as printed.
    text = ("To note: a) The report showing an outturn for the General Revenue Fund and HRA; and "
            "b) The unaudited Statement of Accounts for 2016/2017.")
    assert split_points(text) == [
        "To note:",
        "a) The report showing an outturn for the General Revenue Fund and HRA; and",
        "b) The unaudited Statement of Accounts for 2016/2017.",
    ]


def test_numbered_points_with_money_and_years_inside():
    text = ("1. To note the budget movements shown in appendices A and B. "
            "2. To also note the reprogramming of £5.018 million between 2016/2017 and 2017/2018.")
    assert split_points(text) == [
        "1. To note the budget movements shown in appendices A and B.",
        "2. To also note the reprogramming of £5.018 million between 2016/2017 and 2017/2018.",
    ]


def test_a_lone_reference_is_not_a_point():
    text = ("1. To approve the Draft Plan, as set out in Appendix 1, for consultation, subject to amendment "
            "in (ii); and 2. To authorise the Associate Director to make minor changes.")
    points = split_points(text)
    assert len(points) == 2
    assert "(ii)" in points[0]


def test_roman_points_nested_in_a_numbered_point():
    text = "1. To approve the changes. 2. To note that: I. Consultation will start. II. Posts will be advertised."
    assert split_points(text) == [
        "1. To approve the changes.", "2. To note that:", "I. Consultation will start.", "II. Posts will be advertised.",
    ]


def test_bracketed_and_letter_dot_forms():
    assert split_points("Agreed (a) to consult; (b) to report back.") == ["Agreed", "(a) to consult;", "(b) to report back."]
    assert split_points("a. to consider the AGS; b. To note the timetable.") == [
        "a. to consider the AGS;", "b. To note the timetable."]
    assert split_points("i) first; ii) second; iii) third") == ["i) first;", "ii) second;", "iii) third"]


def test_an_unnumbered_resolution_has_no_points():
    assert split_points("To agree to seek feedback on the draft Business Plan.") == []
    assert split_points("To note Appendix 1. The report was welcomed.") == []  # one "1." does not count
    assert split_points("") == [] and split_points(None) == []


clause = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,;", min_size=3, max_size=40).map(str.strip).filter(
    lambda t: len(t) >= 3 and not t.startswith((",", ";")))


@given(st.lists(clause, min_size=2, max_size=9), st.sampled_from(["{n}.", "{n})", "({n})", "{a})", "({a})"]))
def test_a_generated_numbered_list_splits_into_its_points(clauses, form):
    markers = [form.format(n=i + 1, a="abcdefghi"[i]) for i in range(len(clauses))]
    text = "Resolved: " + " ".join(f"{m} {c}" for m, c in zip(markers, clauses, strict=True))
    assert split_points(text) == ["Resolved:", *(f"{m} {c}" for m, c in zip(markers, clauses, strict=True))]


def test_every_numbered_resolution_of_the_corpus_keeps_its_text(built_db):
    rows = sqlite3.connect(built_db).execute("select resolved from decisions where resolved is not null").fetchall()
    split = 0
    for (text,) in rows:
        points = split_points(text)
        if points:
            split += 1
            assert " ".join(points).split() == text.split()  # nothing lost, nothing added
    assert split >= 6  # minutes 74, 75, 76, 77, 78, 80, 87, 88 are numbered or lettered
