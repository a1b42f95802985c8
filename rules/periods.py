"""Periods: the time a figure refers to, as written and as ISO dates.

UK councils count in financial years that run 1 April – 31 March, so ``2021/22`` is
2021-04-01..2022-03-31, ``Q1 22/23`` is April–June 2022 and ``Q4 20/21`` is January–March
2021. The written forms live in ``rules/packs/periods.yaml``; this module turns a match into
dates. The public functions::

    parse_period("Q1 22/23")            # Period(text='Q1 22/23', start=2022-04-01, end=2022-06-30, ...)
    find_periods("June 21 – 1.9% ...")  # every period in a text, with its character offsets
    financial_year(2021)                # the Period 2021/22
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from rules.packs import load_pack

Means = Literal[
    "financial_year", "financial_years", "fy_quarter", "fy_quarters", "year_quarter", "month_year", "month_range",
    "date_range", "date", "year", "relative", "months_to",
]


class PeriodPattern(BaseModel):
    means: Means = Field(description="How the named groups of the regex are read")
    regex: str = Field(description="Python regex, case-insensitive, with {fragment} placeholders")


class PeriodPack(BaseModel):
    """rules/packs/periods*.yaml"""

    months: dict[str, int]
    fragments: dict[str, str] = Field(default_factory=dict)
    patterns: list[PeriodPattern]
    point_prefixes: dict[Literal["end", "as_at"], str] = Field(default_factory=dict)
    months_to_words: dict[str, int] = Field(default_factory=dict, description="A rolling period's length in words "
                                                                             "('quarter', 'twelve') -> months")


@dataclass(frozen=True)
class Period:
    """A period as written, with its first and last day (None for relative periods)."""

    text: str
    start: date | None
    end: date | None
    means: str

    @property
    def iso(self) -> tuple[str | None, str | None]:
        return (self.start.isoformat() if self.start else None, self.end.isoformat() if self.end else None)


@dataclass(frozen=True)
class PeriodMatch:
    start: int  # character offsets in the text searched
    end: int
    period: Period


@functools.cache
def _pack() -> PeriodPack:
    return load_pack("periods", PeriodPack)


@functools.cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    pack = _pack()
    out = []
    for p in pack.patterns:
        regex = p.regex
        for name, fragment in pack.fragments.items():
            regex = regex.replace("{" + name + "}", fragment)
        out.append((p.means, re.compile(regex, re.IGNORECASE)))
    return tuple(out)


@functools.cache
def _prefixes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((k, re.compile(f"(?:{v})$", re.IGNORECASE)) for k, v in _pack().point_prefixes.items())


# ------------------------------------------------------------------ constructors


def year4(yy: str | int) -> int:
    """A printed year as four digits: two-digit years are 20YY."""
    y = int(yy)
    return y + 2000 if y < 100 else y


def _second_year(first: int, written: str) -> int:
    """The later year of a span: "96" after 1995 is 1996, "00" after 1999 is 2000."""
    if len(written.strip()) > 2:
        return int(written)
    y = first - first % 100 + int(written)
    return y + 100 if y < first else y


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def financial_year(start_year: int, text: str | None = None) -> Period:
    """The financial year starting 1 April ``start_year``."""
    return Period(text or format_financial_year(start_year), date(start_year, 4, 1), date(start_year + 1, 3, 31),
                  "financial_year")


def financial_quarter(q: int, start_year: int, text: str | None = None) -> Period:
    """Quarter ``q`` (1-4) of the financial year starting in April of ``start_year``."""
    if not 1 <= q <= 4:
        raise ValueError(f"quarter {q}")
    first_month = 4 + 3 * (q - 1)
    y = start_year + (first_month - 1) // 12
    m = (first_month - 1) % 12 + 1
    return Period(text or format_quarter(q, start_year), date(y, m, 1), month_end(y, m + 2), "fy_quarter")


def month(y: int, m: int, text: str | None = None) -> Period:
    return Period(text or f"{calendar.month_name[m]} {y}", date(y, m, 1), month_end(y, m), "month_year")


def format_financial_year(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def format_quarter(q: int, start_year: int) -> str:
    return f"Q{q} {start_year % 100:02d}/{(start_year + 1) % 100:02d}"


# ------------------------------------------------------------------ reading


def _month(name: str) -> int:
    """A month written as a name ("Sept", "march") or a number ("03")."""
    if name.isdigit():
        if not 1 <= int(name) <= 12:
            raise ValueError(f"month {name}")
        return int(name)
    return _pack().months[name.lower().rstrip(".")]


_QUARTER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}


def _quarter(text: str) -> int:
    """A quarter's number as printed: "3", "three", "third"."""
    text = text.strip().lower()
    return int(text) if text.isdigit() else _QUARTER_WORDS.get(text, 0)


def _interpret(means: str, g: dict[str, str | None], text: str) -> Period | None:
    """Dates for one match, or None when the numbers do not make a period (e.g. 2021/19)."""
    try:
        if means == "financial_year":
            y1 = year4(g["y1"] or "")
            second = re.split(r"\s*[/\\–-]\s*", text)[-1]
            y2 = _second_year(y1, second)
            if y2 == y1 + 1:
                return financial_year(y1, text)
            if y1 + 1 < y2 <= y1 + 10:
                return Period(text, date(y1, 4, 1), date(y2, 3, 31), "financial_years")
            return None
        if means == "fy_quarter":
            return financial_quarter(_quarter(g["q"] or ""), year4(g["y1"] or ""), text)
        if means == "fy_quarters":
            q1, q2, y1 = int(g["q"] or 0), int(g["q2"] or 0), year4(g["y1"] or "")
            if q2 <= q1:
                return None
            first, last = financial_quarter(q1, y1), financial_quarter(q2, y1)
            return Period(text, first.start, last.end, means)
        if means == "year_quarter":
            q, y = int(g["q"] or 0), year4(g["y"] or "")
            # The quarter of the financial year whose months fall in calendar year y.
            return financial_quarter(q, y - 1 if q == 4 else y, text)
        if means == "month_year":
            return month(year4(g["y"] or ""), _month(g["m"] or ""), text)
        if means == "month_range":
            y2, m1, m2 = year4(g["y2"] or ""), _month(g["m1"] or ""), _month(g["m2"] or "")
            # Without its own year the first month is in the second's year, or the year before.
            y1 = year4(g["y1"]) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
            start, end = date(y1, m1, 1), month_end(y2, m2)
            return Period(text, start, end, means) if start <= end else None
        if means == "date_range":
            start = date(year4(g["y1"] or ""), _month(g["m1"] or ""), int(re.sub(r"\D", "", g["d1"] or "")))
            y2, m2 = year4(g["y2"] or ""), _month(g["m2"] or "")
            end = date(y2, m2, int(re.sub(r"\D", "", g["d2"]))) if g.get("d2") else month_end(y2, m2)
            return Period(text, start, end, means) if start <= end else None
        if means == "date":
            mm = _month(g["m"] or "")
            d = date(year4(g["y"] or ""), mm, int(re.sub(r"\D", "", g["d"] or "")))
            return Period(text, d, d, means)
        if means == "year":
            y = year4(g["y"] or "")
            return Period(text, date(y, 1, 1), date(y, 12, 31), means)
        if means == "months_to":
            n_text = re.sub(r"\s+", " ", (g["n"] or "").lower())
            n = int(n_text) if n_text.isdigit() else _pack().months_to_words.get(n_text, 0)
            y, m = year4(g["y"] or ""), _month(g["m"] or "")
            if not 1 <= n <= 36:
                return None
            first = (y * 12 + m - 1) - (n - 1)
            return Period(text, date(first // 12, first % 12 + 1, 1), month_end(y, m), means)
        if means == "relative":
            return Period(text, None, None, means)
    except (ValueError, KeyError):
        return None
    return None


def find_periods(text: str) -> list[PeriodMatch]:
    """Every period in ``text``, left to right, longest match first where two overlap."""
    candidates: list[PeriodMatch] = []
    for means, rx in _compiled():
        for m in rx.finditer(text):
            period = _interpret(means, m.groupdict(), m.group(0))
            if period is not None:
                candidates.append(PeriodMatch(m.start(), m.end(), period))
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[PeriodMatch] = []
    for c in sorted(candidates, key=lambda c: -(c.end - c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return [_with_prefix(text, c) for c in chosen]


def _with_prefix(text: str, match: PeriodMatch) -> PeriodMatch:
    """Extend a match over a point-in-time prefix: 'end of Q4 2023' is the last day of Q4 2023."""
    before = text[: match.start]
    for kind, rx in _prefixes():
        m = rx.search(before)
        if not m:
            continue
        p = match.period
        written = text[m.start() : match.end]
        if kind == "end" and p.end is not None:
            return PeriodMatch(m.start(), match.end, Period(written, p.end, p.end, "point"))
        if kind == "as_at" and written.lower().startswith("as"):
            return PeriodMatch(m.start(), match.end, Period(written, p.start, p.end, p.means))
    return match


def parse_period(text: str) -> Period | None:
    """The period ``text`` is, when all of it is one period (prefixes such as 'end of' allowed)."""
    stripped = text.strip()
    found = find_periods(stripped)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].period
    return None


def previous_period(period: Period) -> Period | None:
    """The period of the same length just before ``period`` (a KPI's "Previous" value): the
    quarter before a quarter, the month before a month, the year before a year; None when
    the period is not a run of whole months."""
    if period.start is None or period.end is None or period.start.day != 1 or \
            period.end != month_end(period.end.year, period.end.month):
        return None
    months = (period.end.year * 12 + period.end.month) - (period.start.year * 12 + period.start.month) + 1
    first = period.start.year * 12 + period.start.month - 1 - months
    last = first + months - 1
    start, end = date(first // 12, first % 12 + 1, 1), month_end(last // 12, last % 12 + 1)
    if period.means == "fy_quarter" or (months == 3 and start.month in (1, 4, 7, 10)):
        fy = start.year if start.month >= 4 else start.year - 1
        return financial_quarter((start.month - 4) % 12 // 3 + 1, fy)
    if period.means == "financial_year":
        return financial_year(start.year)
    if months == 1:
        return month(start.year, start.month)
    if months == 12 and start.month == 1:
        return Period(str(start.year), start, end, "year")
    return Period(f"{start:%B %Y} to {end:%B %Y}", start, end, "month_range")


def quarters(start_year: int) -> list[Period]:
    """The four quarters of a financial year, in order."""
    return [financial_quarter(q, start_year) for q in range(1, 5)]


def days(period: Period) -> int | None:
    if period.start is None or period.end is None:
        return None
    return (period.end - period.start + timedelta(days=1)).days
