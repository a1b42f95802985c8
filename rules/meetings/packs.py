"""Pydantic models of the meetings rule packs (``rules/packs/minutes*.yaml``,
``agenda*.yaml``, ``reports*.yaml``, ``people*.yaml``). Patterns are compiled on load, so a
bad regular expression is an E030 pack error, not a failure on some later document."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, Field, field_validator, model_validator

from rules.packs import load_pack
from rules.registry import RuleSetPack


def _compile(pattern: str, flags: str = "") -> re.Pattern[str]:
    value = 0
    for letter in flags:
        value |= {"i": re.IGNORECASE, "m": re.MULTILINE}[letter]
    return re.compile(pattern, value)


def _alternation(labels: list[str]) -> str:
    """Printed labels as one regex alternation, longest first, any run of spaces between words."""
    return "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in sorted(labels, key=len, reverse=True))


def _check(patterns: list[str]) -> list[str]:
    for p in patterns:
        re.compile(p)
    return patterns


class PatternSpec(BaseModel):
    """A pack entry built around one regular expression, checked when the pack is loaded and
    compiled once; ``flags`` are its letters ("i", "m"; the entry's or the class's own)."""

    pattern: str
    flags: str = ""

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        return _check([v])[0]

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern, self.flags)


class HeadingPattern(PatternSpec):
    bold: bool = False  # the line must be printed in bold
    plain: bool = False  # the line must not be printed in bold
    marked: bool = False  # the line names itself a heading ("Item 4:", "Minute 12"): any title will do


class LabelledPattern(PatternSpec):
    label: str = ""


class ContextPattern(LabelledPattern):
    context: str


class LabelSpec(PatternSpec):
    """A label that opens a resolution, a reason or a section to skip."""

    flags: str = "m"
    weak: bool = False  # opens a section that may hold a preamble before a strong label
    anywhere: bool = False  # may be run into a line, not only where a label can stand
    mid_sentence: bool = False  # may start inside a sentence, in lower case too
    label: str = ""  # reasons: the label stored with the reason
    close: str | None = None  # the text that ends it ("]" for "[Reason: ...]")
    starts_item: bool = False  # body labels: after a resolution, it opens the next item
    over_items: bool = False  # resolutions: heads titled items, the text of each its resolution
    lists: bool = False  # stop labels: a list of short entries follows; a paragraph of prose ends it


class FieldSpec(BaseModel):
    """A labelled field of an item ("Decision Maker: Cabinet"), and what its value looks like."""

    labels: list[str]
    value: str | None = None  # a value run into the following text ends where this stops matching
    multi: bool = False  # printed more than once: each kept as "Label: value", joined by "; "
    lines: bool = False  # the label may stand alone at the end of a line, the value on the next
    # Labels distinctive enough to be read with no colon where a crude export runs them into
    # the text ("... 2018 Title of Item/Report Procedure for Admission ..."): the value ends at
    # the next label.
    run_in: list[str] = Field(default_factory=list)

    @field_validator("value")
    @classmethod
    def _valid(cls, v: str | None) -> str | None:
        if v is not None:
            re.compile(v)
        return v

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        tail = r"\s*\??\s*:" + (r"|\s*$" if self.lines else "")
        bare = rf"|(?i:{_alternation(self.run_in)})\s+(?=[A-Z0-9])" if self.run_in else ""
        return re.compile(rf"(?i:{_alternation(self.labels)})(?:{tail}){bare}", re.MULTILINE)

    @functools.cached_property
    def value_regex(self) -> re.Pattern[str] | None:
        return re.compile(rf"\s*(?:{self.value})") if self.value else None


class FrameSpec(PatternSpec):
    """A sentence frame that carries a resolution with no label ("The Committee AGREED that")."""

    flags: str = "m"
    whole_paragraph: bool = False  # the resolution is the whole paragraph, not from the frame on
    when_labelled: bool = False  # also read in minutes that label their resolutions
    # The resolution is the sentence holding the frame, from the sentence's start to its end
    # (not the rest of the paragraph): "In line with standing orders it was agreed to move
    # £500 to reserves." in the middle of a parish minute.
    sentence: bool = False
    # ... or from the frame itself to its sentence's end ("Before the meeting, a motion was moved
    # by ... that ...": the motion, not the circumstance).
    to_sentence_end: bool = False
    # What may follow the sentence and belongs to it (matched right after it): a motion's
    # outcome ("Carried 5 for, 1 against."), the payments listed under "accounts be paid".
    then: str | None = None
    # A sentence of the frame that starts like this has no subject of its own ("Proposed by Cllr
    # A & seconded by Cllr B. All agreed."): the resolution starts with the sentence before it.
    subject_before: str | None = None

    @field_validator("then")
    @classmethod
    def _valid_then(cls, v: str | None) -> str | None:
        if v is not None:
            re.compile(v)
        return v

    @functools.cached_property
    def then_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.then) if self.then else None


class MinutesPack(RuleSetPack):
    noise: list[str] = Field(default_factory=list)
    meeting_start: list[str] = Field(default_factory=list)
    meeting_start_line: str = r"(?i)^(?:(?:draft|unconfirmed|confirmed|approved)\s+)?(?:minutes|record of|decision notice)\b"
    meeting_body_line: str = r"^[A-Z][^\d:;.]{1,80}$"
    meeting_end: list[str] = Field(default_factory=list)
    meeting_time: str = r"(?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?)"
    meeting_lines: list[str] = Field(default_factory=list)
    meeting_values: list[str] = Field(default_factory=list)
    item_headings: list[HeadingPattern] = Field(default_factory=list)
    max_minute_gap: int = 12
    inline_item_headings: list[str] = Field(default_factory=list)
    inline_item_numbers: list[str] = Field(default_factory=list)
    run_in_title_stops: str = r"(?!)"
    run_in_sentence_starts: str = r"(?!)"
    title_words: int = 14
    heading_title_words: int = 28
    sub_items: list[str] = Field(default_factory=list)
    title_body_split: list[str] = Field(default_factory=list)
    item_start: list[str] = Field(default_factory=list)
    page_titles: list[str] = Field(default_factory=list)
    list_entries: list[str] = Field(default_factory=list)
    resolution_labels: list[LabelSpec] = Field(default_factory=list)
    label_subjects: str | None = None  # a label after these words is the verb of a framed sentence
    reason_labels: list[LabelSpec] = Field(default_factory=list)
    recommendation_labels: list[LabelSpec] = Field(default_factory=list)
    stop_labels: list[LabelSpec] = Field(default_factory=list)
    body_labels: list[LabelSpec] = Field(default_factory=list)
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    frames: list[FrameSpec] = Field(default_factory=list)
    decision_words: list[str] = Field(default_factory=list)
    fuzzy_label: str = "RESOLVED"
    not_decisions: list[str] = Field(default_factory=list)
    closing_infinitives: list[str] = Field(default_factory=list)
    # An item with no label and no frame that closes on a list of points, the first opening
    # with one of these verbs, after its narrative: the points are its resolution.
    closing_points: list[str] = Field(default_factory=list)
    # Where a labelled resolution's paragraph goes back to the minute's narrative (a sentence
    # after its end that starts as narrative does): the rest is the minute's text again.
    resolution_close: str | None = None
    # A whole-paragraph frame in a paragraph longer than this (a crude export runs a page into
    # one) takes the sentence that holds it.
    whole_paragraph_chars: int = 600
    # Where a sentence ends (for sentence frames): not after an initial or a title's full stop;
    # after a word in capitals ("... be ADOPTED. Upon a vote being taken, ..."); after a
    # decimal ("... set at 25,892.3. The Chairman then ..."); after "Cllrs." or "etc." where
    # the next word opens a sentence and is no name ("... agreed by all the Cllrs. The Chairman
    # declared ..."); before a lettered point closed by a bracket ("... to approve and sign. a) Approve ...";
    # a point marked "b." goes on: "The Executive: a. Approved ... 2024. b. Approved ...").
    sentence_end: str = (r"(?:(?<=[a-z0-9)\]”’'\"][a-z0-9)\]”’'\"][.!?])(?<!\bCllr\.)(?<!\bCllrs\.)(?<!\bMrs\.)(?<!\betc\.)"
                         r"|(?<=\d\.\d[.!?])|(?<=[A-Z]{4}[.!?]))\s+(?=[A-Z(“‘\"'0-9]|\(?[a-h]\)\s+[A-Z])"
                         r"|(?:(?<=\bCllrs\.)|(?<=\bCllr\.)|(?<=\betc\.))\s+"
                         r"(?=(?:The|This|These|It|They|There|He|She|We|In|On|At|Members|Councillors)\s)")
    # Where a sentence starts inside a paragraph, besides after a sentence end: after a
    # run-in label ("Proposal: Mrs Hale proposed ...") or a bullet.
    sentence_start: str = r"(?:^|(?<=[.!?:;])\s+|(?<=[•·])\s*)(?=[A-Z“‘\"'])"
    narrative: list[str] = Field(default_factory=list)
    resolution_continues: list[str] = Field(default_factory=list)
    # Where a decision's text ends inside a run of text: a sentence that opens as the next
    # item's or the meeting's own text does (``span_ends``); and, for a decision framed "That
    # ...", a sentence in the agenda's "To ..." wording (``span_ends_after_that``).
    span_ends: list[str] = Field(default_factory=list)
    span_ends_after_that: list[str] = Field(default_factory=list)
    # ... and, for any decision, at a sentence that opens as the page's structure does: a heading
    # in capitals, a minute number, a heading run into the next item's agenda wording
    # (``span_ends_structure``, matched after each full stop, whatever the next character).
    span_ends_structure: list[str] = Field(default_factory=list)
    # A decision read by label, frame or position is its sentence: it ends at the full stop
    # before a sentence that opens in none of these (a further clause of the resolution, its
    # points, its outcome or its mover): "... signed as a correct record. The minutes of 16th
    # January 2009 were not available." ends before "The minutes ...".
    span_continues: list[str] = Field(default_factory=list)
    # A sentence's first verb, in the past (group ``past``) or not (``_tells_what_happened``).
    span_verbs: str = r"(?!)"
    # Span trimming to the gold convention, one post-step over every resolution found: what
    # the resolution's text opens with that is no part of it (``span_heads``: a vote tally, a
    # label's bare connective), what it ends with (``span_tails``, any resolution: an "Action
    # by:" column), and, after a labelled resolution only, a sentence that records who moved it
    # (``label_tails``: the label already says it was decided; a framed motion's mover is its frame).
    span_heads: list[str] = Field(default_factory=list)
    # The sentence-level decision reader (``rules/meetings/sentences.py``): in minutes that
    # label no resolution, a sentence whose main predicate is a decision act. Each of
    # ``decision_sentences`` is matched at a sentence's start, its ``{word}`` slots filled
    # from ``decision_sentence_words``; sentences split at ``decision_sentence_splits``.
    title_sentence_split: list[str] = Field(default_factory=list)
    decision_sentences: list[str] = Field(default_factory=list)
    # forms read only in minutes that label no resolution (where the minutes label theirs, a
    # meeting's "The Cabinet agreed to consider it in part II" is discussion)
    decision_sentences_unlabelled: list[str] = Field(default_factory=list)
    decision_sentence_words: dict[str, str] = Field(default_factory=dict)
    decision_sentence_splits: str = r"(?<=[.!?])\s+(?=[A-Z(])"
    # The subjects a sentence may open with where it runs on after a heading with no stop
    # between ("... held on 24 September 2015 The minutes of the meeting were ..."): such a
    # capitalised word after one that ends no sentence starts a sentence there.
    decision_sentence_run_on_subjects: str = r"(?!)"
    # Items run into one paragraph by a crude export of a web list ("... attended - Shona Barton
    # welcomed all ... - It was agreed to appoint ... - It was agreed to ..."): the mark that
    # opens each, and how many a paragraph must hold to be read as a list of run-in items.
    run_in_item_marks: str = r"(?!)"
    run_in_item_min: int = 2
    # A sentence that records a decision by pointing back at the one before it ("This was
    # agreed."): the decision is both sentences. Slots as in ``decision_sentences``.
    decision_sentence_refers: list[str] = Field(default_factory=list)
    # A sentence that reports a decision taken elsewhere or before ("... was approved at the last
    # meeting", "Cabinet decided (at its meeting on Monday 13 May) ..."): searched anywhere in it.
    decision_sentence_reported: list[str] = Field(default_factory=list)
    span_tails: list[str] = Field(default_factory=list)
    label_tails: list[str] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list)
    vote_rows: list[str] = Field(default_factory=list)
    # Genres whose documents are one decision each: headings there name it, not new items.
    single_item_genres: list[str] = Field(default_factory=lambda: ["decision_details"])

    _v = field_validator("noise", "meeting_start", "meeting_end", "meeting_lines", "meeting_values", "sub_items",
                         "inline_item_headings", "inline_item_numbers", "title_body_split", "title_sentence_split", "item_start", "page_titles", "list_entries", "not_decisions", "closing_infinitives", "closing_points", "narrative", "resolution_continues", "span_ends", "span_ends_after_that", "span_ends_structure", "span_continues", "decision_sentence_reported", "span_heads", "span_tails", "label_tails", "options", "vote_rows",
                         )(classmethod(lambda cls, v: _check(v)))

    @model_validator(mode="after")
    def _valid_sentences(self) -> MinutesPack:
        try:
            self.decision_sentence_regexes  # noqa: B018 - compiled here so a bad slot fails the pack
            self.decision_sentence_refers_regexes  # noqa: B018
            self.decision_sentence_unlabelled_regexes  # noqa: B018
        except (KeyError, IndexError, re.error) as err:
            raise ValueError(f"decision_sentences: {err!r} (a slot not in decision_sentence_words, or a bad pattern)") from err
        return self

    @functools.cached_property
    def decision_sentence_regexes(self) -> list[re.Pattern[str]]:
        """``decision_sentences`` with their word slots filled, compiled."""
        return [self._fill(p) for p in self.decision_sentences]

    @functools.cached_property
    def decision_sentence_unlabelled_regexes(self) -> list[re.Pattern[str]]:
        return [self._fill(p) for p in self.decision_sentences_unlabelled]

    @functools.cached_property
    def decision_sentence_refers_regexes(self) -> list[re.Pattern[str]]:
        return [self._fill(p) for p in self.decision_sentence_refers]

    def _fill(self, pattern: str) -> re.Pattern[str]:
        words = {k: f"(?:{v})" for k, v in self.decision_sentence_words.items()}
        # a slot is a name in braces ("{act}"); a quantifier ("{1,160}") is left alone
        return re.compile(re.sub(r"\{([a-z_]+)\}", lambda m: words[m.group(1)], pattern))

    @functools.cached_property
    def noise_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.noise]


class AgendaPack(RuleSetPack):
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


class ReportsPack(RuleSetPack):
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


class PeoplePack(RuleSetPack):
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
