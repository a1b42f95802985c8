"""Pydantic models of the meetings rule packs (``rules/packs/minutes*.yaml``,
``agenda*.yaml``, ``reports*.yaml``, ``people*.yaml``). Patterns are compiled on load, so a
bad regular expression is an E030 pack error, not a failure on some later document."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, Field, field_validator

from rules.packs import load_pack


def _compile(pattern: str, flags: str = "") -> re.Pattern[str]:
    value = 0
    for letter in flags:
        value |= {"i": re.IGNORECASE, "m": re.MULTILINE}[letter]
    return re.compile(pattern, value)


def _check(patterns: list[str]) -> list[str]:
    for p in patterns:
        re.compile(p)
    return patterns


class HeadingPattern(BaseModel):
    pattern: str
    bold: bool = False  # the line must be printed in bold

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        return _check([v])[0]

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class LabelledPattern(BaseModel):
    pattern: str
    label: str = ""
    flags: str = ""

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        return _check([v])[0]

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern, self.flags)


class ContextPattern(LabelledPattern):
    context: str


class MinutesPack(BaseModel):
    meeting_start: list[str] = Field(default_factory=list)
    meeting_start_line: str = r"(?i)^(?:(?:draft|unconfirmed|confirmed|approved)\s+)?(?:minutes|record of|decision notice)\b"
    meeting_end: list[str] = Field(default_factory=list)
    minute_heading: list[HeadingPattern] = Field(default_factory=list)
    max_minute_gap: int = 3
    title_body_split: list[str] = Field(default_factory=list)
    resolved_markers: list[str] = Field(default_factory=list)
    reason_markers: list[LabelledPattern] = Field(default_factory=list)
    stop_markers: list[str] = Field(default_factory=list)
    item_start: list[str] = Field(default_factory=list)
    fields: dict[str, list[str]] = Field(default_factory=dict)
    multi_fields: list[str] = Field(default_factory=list)
    open_fields: list[str] = Field(default_factory=list)
    item_meeting: list[str] = Field(default_factory=list)
    vote_rows: list[str] = Field(default_factory=list)
    meeting_body_line: str = r"^[A-Z][^\d:;.]{1,80}$"
    meeting_time: str = r"(?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?)"

    _v = field_validator("meeting_start", "meeting_end", "title_body_split", "resolved_markers",
                         "stop_markers", "item_start", "item_meeting", "vote_rows",
                         )(classmethod(lambda cls, v: _check(v)))


class AgendaPack(BaseModel):
    meeting_labels: dict[str, list[str]] = Field(default_factory=dict)
    item_line: list[str] = Field(default_factory=list)
    sub_item_line: list[str] = Field(default_factory=list)
    pages: str = r"\(\s*Pages?\s+(?P<pages>[\d\s\-–]+)\)"
    pages_open: str = r"\(\s*Pages?[\s\d\-–]*$"
    part_headings: list[LabelledPattern] = Field(default_factory=list)
    max_gap_pages: int = 1
    report_by: list[str] = Field(default_factory=list)
    presenter: list[str] = Field(default_factory=list)

    _v = field_validator("item_line", "sub_item_line", "report_by", "presenter")(
        classmethod(lambda cls, v: _check(v)))


class ReportsPack(BaseModel):
    labels: dict[str, list[str]] = Field(default_factory=dict)
    start_labels: list[str] = Field(default_factory=list)
    purpose_headings: list[str] = Field(default_factory=list)
    recommendation_headings: list[str] = Field(default_factory=list)
    recommendation_sentences: list[str] = Field(default_factory=list)
    yes: list[str] = Field(default_factory=lambda: ["yes"])
    no: list[str] = Field(default_factory=lambda: ["no"])
    bold_values: list[str] = Field(default_factory=list)
    value_stops: list[str] = Field(default_factory=list)

    _v = field_validator("purpose_headings", "recommendation_headings", "recommendation_sentences", "value_stops")(
        classmethod(lambda cls, v: _check(v)))


class PeoplePack(BaseModel):
    honorifics: list[str] = Field(default_factory=list)
    councillor_honorifics: list[str] = Field(default_factory=list)
    post_nominals: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    pairs: list[ContextPattern] = Field(default_factory=list)

    _v = field_validator("roles")(classmethod(lambda cls, v: _check(v)))


@functools.cache
def minutes_pack() -> MinutesPack:
    return load_pack("minutes", MinutesPack)


@functools.cache
def agenda_pack() -> AgendaPack:
    return load_pack("agenda", AgendaPack)


@functools.cache
def reports_pack() -> ReportsPack:
    return load_pack("reports", ReportsPack)


@functools.cache
def people_pack() -> PeoplePack:
    return load_pack("people", PeoplePack)
