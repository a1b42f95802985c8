"""Periods: written forms → ISO dates (UK financial years run 1 April – 31 March).

Examples from the issue, then property-based tests (hypothesis) over every form the
periods pack knows: whatever the year and quarter, the dates must be the right ones.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.periods import (
    days,
    financial_quarter,
    financial_year,
    find_periods,
    format_financial_year,
    format_quarter,
    parse_period,
    quarters,
)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("June 21", "2021-06-01", "2021-06-30"),
    ("Q1 22/23", "2022-04-01", "2022-06-30"),
    ("Q4 20/21", "2021-01-01", "2021-03-31"),
    ("2015/16", "2015-04-01", "2016-03-31"),
    ("2021-22", "2021-04-01", "2022-03-31"),
    ("end of Q4 2023", "2023-03-31", "2023-03-31"),
    ("Nov 2011", "2011-11-01", "2011-11-30"),
    ("Sept-20", "2020-09-01", "2020-09-30"),
    ("Sep '20 - Mar '21", "2020-09-01", "2021-03-31"),
    ("1st April 2011-31st March 2012", "2011-04-01", "2012-03-31"),
    ("01/04/2022 – 30/06/2022", "2022-04-01", "2022-06-30"),
    ("1st October 2022 to end of March 2023", "2022-10-01", "2023-03-31"),
    ("Q2 July 2022-23", "2022-07-01", "2022-09-30"),
    ("Q3/Q4 21-2022", "2021-10-01", "2022-03-31"),
    ("2013-16", "2013-04-01", "2016-03-31"),
    ("31/03/2023", "2023-03-31", "2023-03-31"),
    ("2021", "2021-01-01", "2021-12-31"),
    # Quarters written out (Bolsover's "Quarter 4 of 2023-24", "Quarter 4 of 2024"), and a
    # financial year typed with a backslash ("from 36% (2022\\23)").
    ("Quarter 4 of 2023-24", "2024-01-01", "2024-03-31"),
    ("Quarter 4 of 2024", "2024-01-01", "2024-03-31"),
    ("quarter 2 2022/23", "2022-07-01", "2022-09-30"),
    ("2022\\23", "2022-04-01", "2023-03-31"),
    # A quarter with a comma before its year (a report's title: "Quarter 2, 2023/24"), and
    # rolling periods named by the month they end with (a KPI table's columns: "12 months to
    # Jun 24", "Quarter to Mar 23", "year to 31 December 2022", "6 mths to Sept 2021").
    ("Quarter 2, 2023/24", "2023-07-01", "2023-09-30"),
    ("12 months to Jun 24", "2023-07-01", "2024-06-30"),
    ("12 mths to Nov 2019", "2018-12-01", "2019-11-30"),
    ("6 mths to Sept 2021", "2021-04-01", "2021-09-30"),
    ("Quarter to Mar 23", "2023-01-01", "2023-03-31"),
    ("three months to August 2020", "2020-06-01", "2020-08-31"),
    ("year to December 2022", "2022-01-01", "2022-12-31"),
])
def test_written_forms(text, start, end):
    p = parse_period(text)
    assert p is not None, text
    assert p.iso == (start, end)
    assert p.text == text


@pytest.mark.parametrize("text", ["currently", "to date", "this year’s", "the year before", "latest published data"])
def test_relative_periods_have_no_dates(text):
    p = parse_period(text)
    assert p is not None and p.iso == (None, None)


@pytest.mark.parametrize("text", ["2021/19", "2023/23", "Q5 22/23", "Pages 19 - 40", "31/13/2022", "hello"])
def test_not_periods(text):
    assert parse_period(text) is None


def test_two_periods_in_a_line():
    found = find_periods("16-17 NEET June 21 – 1.9% June 22 – 2.1%")
    assert [m.period.text for m in found] == ["June 21", "June 22"]


# ------------------------------------------------------------------ properties

years = st.integers(min_value=1995, max_value=2045)
qs = st.integers(min_value=1, max_value=4)
months = st.sampled_from(["Jan", "February", "Mar", "April", "May", "June", "Jul", "Aug", "Sept", "October", "Nov", "December"])
MONTH_NO = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
            "nov": 11, "dec": 12}


@given(years, st.sampled_from(["{a}/{b2}", "{a}/{b}", "{a2}/{b2}", "{a}-{b2}", "{a}-{b}"]))
def test_financial_year_any_spelling(y, form):
    text = form.format(a=y, b=y + 1, a2=f"{y % 100:02d}", b2=f"{(y + 1) % 100:02d}")
    p = parse_period(text)
    if y < 2000 and "{a2}" in form:  # two-digit years are read as 20YY
        return
    assert p is not None, text
    assert (p.start, p.end) == (date(y, 4, 1), date(y + 1, 3, 31))
    assert days(p) in (365, 366)


@given(qs, st.integers(min_value=2000, max_value=2045), st.sampled_from(["Q{q} {a2}/{b2}", "Q{q} {a}-{b2}", "Q{q} {a}/{b}"]))
def test_quarter_of_financial_year(q, y, form):
    text = form.format(q=q, a=y, b=y + 1, a2=f"{y % 100:02d}", b2=f"{(y + 1) % 100:02d}")
    p = parse_period(text)
    assert p is not None, text
    assert p == financial_quarter(q, y, text)
    fy = financial_year(y)
    assert fy.start <= p.start <= p.end <= fy.end  # inside its financial year
    assert 89 <= days(p) <= 92
    assert p.start.month == (4 + 3 * (q - 1) - 1) % 12 + 1


@given(years)
def test_quarters_tile_the_financial_year(y):
    qq = quarters(y)
    assert qq[0].start == financial_year(y).start and qq[-1].end == financial_year(y).end
    for a, b in pairwise(qq):
        assert (b.start - a.end).days == 1


@given(qs, st.integers(min_value=2000, max_value=2045))
def test_format_and_parse_round_trip(q, y):
    assert parse_period(format_quarter(q, y)) == financial_quarter(q, y)
    assert parse_period(format_financial_year(y)) == financial_year(y)


@given(months, st.integers(min_value=2000, max_value=2045), st.sampled_from(["{m} {y}", "{m} {y2}", "{m}-{y2}"]))
def test_month_and_year(m, y, form):
    text = form.format(m=m, y=y, y2=f"{y % 100:02d}")
    p = parse_period(text)
    assert p is not None, text
    assert p.start == date(y, MONTH_NO[m[:3].lower()], 1)
    assert p.end.month == p.start.month and (p.end.replace(day=1) == p.start)


@given(qs, st.integers(min_value=2000, max_value=2045))
def test_end_of_a_quarter_is_its_last_day(q, y):
    p = parse_period(f"end of Q{q} {y}")
    assert p is not None and p.start == p.end
    assert p.end.month in (3, 6, 9, 12) and p.end.year == y


@given(st.text(alphabet="abcdefghij ,.%£0123456789/-Q", max_size=40))
def test_find_periods_never_fails_and_matches_are_in_order(text):
    found = find_periods(text)
    for a, b in pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert text[m.start : m.end] == m.period.text
        if m.period.start is not None:
            assert m.period.start <= m.period.end


def test_a_quarter_written_in_words():
    assert parse_period("third quarter of 2019/20").iso == ("2019-10-01", "2019-12-31")
    assert parse_period("quarter two 2024/25").iso == ("2024-07-01", "2024-09-30")
    assert parse_period("2024/25, Quarter 3").iso == ("2024-10-01", "2024-12-31")
