"""Quantities: the numbers in a text that are measured values, with unit, period and kind.

The pipeline is ``spacy.blank("en")`` with a sentencizer and one rule component,
``council_quantities``. The component finds quantities (money, %, rates, counts, durations)
and periods (UK financial years, quarters, months, dates) with the regular expressions of
``rules/packs/indicators.yaml`` and ``rules/packs/periods.yaml``, drops numbers that are not
values (page and paragraph numbers, ages, phone numbers, durations, names such as "Key Stage
2"), and maps what is left onto tokens with ``doc.char_span(..., alignment_mode="expand")``
as the span groups ``doc.spans["quantities"]`` and ``doc.spans["periods"]``.

:func:`analyse` runs the pipeline and returns plain :class:`Mention` objects, made while the
``Doc`` is alive, so nothing downstream holds spaCy objects::

    for sentence in analyse("455 referals in 20/21 to 891 referals in 21/22."):
        for q in sentence.quantities:
            print(q.value, q.unit, q.period and q.period.text, q.kind, q.name)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field
from spacy.language import Language
from spacy.tokens import Doc

from kernel.nlp import blank_english
from rules.packs import load_pack
from rules.periods import Period, PeriodMatch, find_periods
from rules.registry import RuleSetPack
from rules.scorecards import ScorecardRules

Kind = Literal["actual", "baseline", "target", "comparator"]


# ------------------------------------------------------------------ the pack


class QuantityPattern(BaseModel):
    name: str = Field(description="What the pattern finds: money, percent, rate, count, ...")
    regex: str = Field(description="Python regex with a {num} placeholder for the printed number")
    unit: str | None = Field(None, description="Unit recorded for every match")
    unit_group: str | None = Field(None, description="Group whose text picks the unit from `units`")
    units: dict[str, str] = Field(default_factory=dict, description="Group text (lower case) -> unit")
    scale_group: dict[str, float] = Field(default_factory=dict, description="Group text -> multiplier")
    duration: bool = Field(False, description="A duration: kept only after a duration cue")
    bare: bool = Field(False, description="A bare number: kept only as a count (noun after, or cue before)")
    inherit: bool = Field(False, description="Takes the unit of the value before it in the same sentence (dropped if none)")
    words: bool = Field(False, description="The num group is a number written as a word (see number_words)")
    needs: list[str] = Field(default_factory=list, description="Regexes: the sentence must match one for the "
                                                               "pattern to find a value there")


class FlatRows(BaseModel):
    """A KPI table flattened to running text (rules/indicators/flat_rows.py)."""

    header: str = Field(description="Regex: the header line that names the columns, with a polarity and a target")
    polarity: str = Field(description="Regex (case-sensitive): the polarity cell that parts the rows (High, Low)")
    polarity_cell: str = Field(description="Regex: a line that is a row's polarity and cell, not a section heading")
    value: str = Field(description="Regex: a target in a cell; groups num, unit")
    sub_row: str = Field(description="Regex: a sub-row's label (a), b), 1))")
    reference: str = Field(description="Regex (case-sensitive): a row's reference code (EN01a)")
    end: str = Field(description="Regex: a line that ends the table")
    min_rows: int = 3


class ValueLines(BaseModel):
    """KPI rows printed as a line of values under their measure (rules/indicators/text_rows.py)."""

    fillers: str = Field(description="Regex: words a scattered header may have between its column names")
    glyphs: str = Field(description="Regex: a comparison or status cell printed as a glyph (☺, an arrow, a lost glyph)")
    comment: str = Field(description="Regex: a line that opens a row's comment ('Comments:')")
    max_name_lines: int = 3


class StackedCells(BaseModel):
    """KPI tables stored one cell per line with no separators (rules/indicators/text_rows.py)."""

    sign: str = Field(description="Regex: a sign before a value cell ('-', '+', '+/-': a tolerance)")
    note: str = Field(description="Regex: a note after a value cell ('(provisional)', '(5)', '- new indicator')")
    max_name_lines: int = 2


class TextRows(BaseModel):
    """KPI tables printed as text, a header naming the columns and the rows run on
    (rules/indicators/text_rows.py)."""

    columns: dict[str, str] = Field(description="Role -> regex of a column's name in the header ({period}: a period); "
                                                "roles ref, name, frequency, direction, status, target, value, not_values")
    period: str = Field(description="Regex: a period that names a value column ('2023/2024', 'Q2 2024/25')")
    cells: dict[str, str] = Field(description="Role -> regex of a word cell (frequency, direction, status)")
    value: str = Field(description="Regex: a value cell")
    pending: str = Field(description="Regex: a value cell that holds no value (N/A, -)")
    reference: str = Field(description="Regex (case-sensitive): a row's reference code (FC_01)")
    value_lines: ValueLines | None = None
    stacked: StackedCells | None = None
    min_columns: int = 4
    min_rows: int = 2
    max_name_words: int = 40
    max_name_chars: int = 300


class CellLines(BaseModel):
    """KPI tables stored one cell per line (rules/indicators/cell_lines.py)."""

    separator: str = Field(description="Regex: the mark that ends a cell on its line ('|')")
    min_cells: int = 8
    min_rows: int = 2
    min_single_row_width: int = 4  # a table of one row needs this many columns


class StatusCounts(BaseModel):
    """Counts of measures by status on one line (rules/indicators/status_counts.py)."""

    item: str = Field(description="Regex: one label and its count; groups label, num")
    separator: str = Field(description="Regex: what parts the items")
    min_items: int = 3


class Exclusion(BaseModel):
    name: str = Field(description="What the pattern marks as not a value")
    regex: str = Field(description="Python regex; a number starting inside a match is dropped")


class KindCues(BaseModel):
    before: list[str] = Field(default_factory=list, description="Regexes searched in the text before a value")
    after: list[str] = Field(default_factory=list, description="Regexes matched at the text after a value")


class ReportedResults(BaseModel):
    """Where a record of decisions or a performance report states a report's results in prose
    (rules/packs/indicators.yaml, reported_results): its values are measured though no sentence
    gives them a period of their own."""

    item_headings: list[str] = Field(default_factory=list, description="A heading that names a performance "
                                                                       "report as the item of business")
    received: list[str] = Field(default_factory=list, description="A sentence that the meeting received a "
                                                                  "report on performance (no period named)")
    list_leads: list[str] = Field(default_factory=list, description="A list's lead-in saying its items are a "
                                                                    "report's results")
    bullet_lines: str = Field("", description="A line that opens with a bullet: a heading whose every line "
                                              "does is a list set in heading type, not a section")


class IndicatorPack(RuleSetPack):
    """rules/packs/indicators*.yaml"""

    fragments: dict[str, str] = Field(default_factory=dict)
    quantities: list[QuantityPattern]
    duration_cues: list[str] = Field(default_factory=list)
    not_count_nouns: list[str] = Field(default_factory=list)
    count_cues: list[str] = Field(default_factory=list)
    count_bridges: list[str] = Field(default_factory=list)
    count_ends: list[str] = Field(default_factory=lambda: [r"\s*(?:[.;,)]|$)"])
    count_period_links: list[str] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    kinds: dict[Literal["actual", "baseline", "target", "comparator"], KindCues] = Field(default_factory=dict)
    target_period_prefixes: list[str] = Field(default_factory=list)
    not_value_cues: list[str] = Field(default_factory=list)
    period_blockers: list[str] = Field(default_factory=list)
    period_after_links: list[str] = Field(default_factory=list)
    name_stopwords: list[str] = Field(default_factory=list)
    name_breaks: list[str] = Field(default_factory=list)
    grid_measure_starts: list[str] = Field(default_factory=list)
    grid_name_cuts: list[str] = Field(default_factory=list)
    grid_column_continuations: list[str] = Field(default_factory=list)
    comparator_scopes: list[str] = Field(default_factory=list)
    own_cues: list[str] = Field(default_factory=list)
    change_bases: list[str] = Field(default_factory=list)
    whole_parts: list[str] = Field(default_factory=list)
    counted_actuals: list[str] = Field(default_factory=list, description="Regexes on the words right after a "
                                                                         "count: what it counts makes it an actual "
                                                                         "whatever the cues ('indicators')")
    number_words: dict[str, int] = Field(default_factory=dict, description="Numbers written as words (lower case) "
                                                                           "-> value, for patterns with words: true")
    name_lead_ins: list[str] = Field(default_factory=list)
    predicate_auxiliaries: list[str] = Field(default_factory=list)
    scorecard: ScorecardRules
    flat_rows: FlatRows | None = None
    text_rows: TextRows | None = None
    cell_lines: CellLines | None = None
    status_counts: StatusCounts | None = None
    # Genres whose values must state a measure: a prose count needs a period or target, a
    # table number outside a KPI table a period (see rules/indicators/values.py).
    measured_genres: list[str] = Field(default_factory=list)
    measured_count_cues: list[str] = Field(default_factory=list)  # a prose count measured against a whole or share
    decided_genres: list[str] = Field(default_factory=list)  # every prose value needs a period, target or whole
    # A minute's sentence that it received a performance report for a period: the values its
    # section states after it are that report's, measured for that period.
    reported_period_cues: list[str] = Field(default_factory=list)
    reported_results: ReportedResults = Field(default_factory=lambda: ReportedResults())


@functools.cache
def pack() -> IndicatorPack:
    return load_pack("indicators", IndicatorPack)


def _rx(pattern: str) -> re.Pattern[str]:
    for name, fragment in pack().fragments.items():
        pattern = pattern.replace("{" + name + "}", fragment)
    return re.compile(pattern, re.IGNORECASE)


@functools.cache
def _compiled() -> dict[str, object]:
    p = pack()
    return {
        "quantities": [(q, _rx(q.regex)) for q in p.quantities],
        "needs": {q.name: [_rx(r) for r in q.needs] for q in p.quantities},
        "exclusions": [(e.name, _rx(e.regex)) for e in p.exclusions],
        "duration_cues": [_rx(r) for r in p.duration_cues],
        "count_cues": [_rx(r) for r in p.count_cues],
        "count_ends": [_rx(r) for r in p.count_ends],
        "count_period_links": [_rx(r) for r in p.count_period_links],
        "kinds": {k: ([_rx(r) for r in v.before], [_rx(r) for r in v.after]) for k, v in p.kinds.items()},
        "target_period_prefixes": [_rx(r) for r in p.target_period_prefixes],
        "not_value_cues": [_rx(r) for r in p.not_value_cues],
        "period_blockers": [_rx(r) for r in p.period_blockers],
        "period_after_links": [_rx(r) for r in p.period_after_links],
        "name_breaks": _rx("|".join(f"(?:{r})" for r in p.name_breaks)) if p.name_breaks else None,
        "grid_measure_starts": [_rx(r) for r in p.grid_measure_starts],
        "comparator_scopes": [_rx(r) for r in p.comparator_scopes],
        "own_cues": [_rx(r) for r in p.own_cues],
        "change_bases": [_rx(r) for r in p.change_bases],
        "whole_parts": [_rx(r) for r in p.whole_parts],
        "counted_actuals": [_rx(r) for r in p.counted_actuals],
        "name_lead_ins": [_rx(r) for r in p.name_lead_ins],
        "predicate_auxiliaries": [_rx(r) for r in p.predicate_auxiliaries],
        # case matters here: header words of a grid are printed in capitals ("QUARTERS")
        "grid_name_cuts": [re.compile(r) for r in p.grid_name_cuts],
    }


# ------------------------------------------------------------------ plain results


@dataclass
class Mention:
    """A quantity found in a text: character offsets in the analysed text, value and unit."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    pattern: str
    token_start: int = 0
    token_end: int = 0
    period: Period | None = None
    kind: Kind = "actual"
    name: str = ""  # the indicator as written, read from the words around the value
    dropped: bool = False  # a possibility, not a value ("can access 10 online courses")
    target: float | None = None  # the target the sentence sets it against ("54.3% against a target of 58%")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    quantities: list[Mention] = field(default_factory=list)
    periods: list[PeriodMatch] = field(default_factory=list)


# ------------------------------------------------------------------ the spaCy component


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def find_quantities(text: str, periods: list[PeriodMatch] | None = None) -> list[Mention]:
    """Quantities in ``text`` that may be values, before sentence context is applied
    (``periods``: ``find_periods(text)``, where the caller has them already)."""
    c = _compiled()
    p = pack()
    excluded: list[tuple[int, int]] = []
    for _name, rx in c["exclusions"]:  # type: ignore[union-attr]
        # a pattern with a group named x drops only the numbers inside that group
        group = "x" if "x" in rx.groupindex else 0
        excluded += [(m.start(group), m.end(group)) for m in rx.finditer(text) if m.end(group) > m.start(group)]
    period_spans = [(m.start, m.end) for m in (find_periods(text) if periods is None else periods)]
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    nouns = {w.lower() for w in p.not_count_nouns}
    bridges = {w.lower() for w in p.count_bridges}
    for qp, rx in c["quantities"]:  # type: ignore[union-attr]
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            ns = m.start("num")
            if any(a <= ns < b for a, b in excluded) or any(not (e <= a or s >= b) for a, b in taken):
                continue
            if any(a <= ns < b for a, b in period_spans):
                continue  # the number is part of a period or date
            unit = qp.unit or ""
            if qp.words:
                word_value = p.number_words.get(m.group("num").lower())
                if word_value is None:
                    continue
                value = float(word_value)
            else:
                value = _number(m.group("num"))
            if qp.needs and not any(r.search(_sentence_at(text, s, e)) for r in c["needs"][qp.name]):  # type: ignore[index]
                continue
            if qp.unit_group:
                key = (m.group(qp.unit_group) or "").lower()
                unit = qp.units.get(key, key)
                value *= qp.scale_group.get(key, 1.0)
            before = text[max(0, s - 40) : s]
            if qp.duration and not any(r.search(before) for r in c["duration_cues"]):  # type: ignore[union-attr]
                continue
            if qp.bare:
                after = text[e : e + 40]
                word = re.match(r"\s*([A-Za-z][\w'’-]*)", after)
                nxt = word.group(1).lower() if word else ""
                if nxt in bridges:
                    word2 = re.match(r"\s*[A-Za-z]+\s+([A-Za-z][\w'’-]*)", after)
                    nxt = word2.group(1).lower() if word2 else ""
                noun_follows = bool(nxt) and nxt not in nouns and not re.match(r"\s*[(\[]", after)
                cue_before = any(r.search(before) for r in c["count_cues"])  # type: ignore[union-attr]
                ends_clause = any(r.match(after) for r in c["count_ends"])  # type: ignore[union-attr]
                period_follows = any(
                    a >= e and any(r.fullmatch(text[e:a]) for r in c["count_period_links"])  # type: ignore[union-attr]
                    for a, _b in period_spans
                )
                if not (noun_follows or period_follows or (cue_before and ends_clause)):
                    continue
            taken.append((s, e))
            if qp.inherit:  # the value is the bracketed number; the name before it is its cue
                s, e = m.start("num"), m.end("num")
            found.append(Mention(s, e, text[s:e] if qp.inherit else m.group(0), value, unit, qp.name))
    found.sort(key=lambda q: q.start)
    # A figure that takes its unit from the value it is compared with: "22.4 ... higher than
    # England (20.3)" is a score because 22.4 is.
    inherit = {qp.name for qp, _rx in c["quantities"] if qp.inherit}  # type: ignore[union-attr]
    kept: list[Mention] = []
    for q in found:
        if q.pattern in inherit:
            prev = kept[-1] if kept else None
            if prev is None or re.search(r"[.!?]\s+[A-Z]", text[prev.end : q.start]):
                continue
            q.unit = prev.unit
        kept.append(q)
    return kept


def may_hold_quantity(text: str, start: int = 0) -> bool:
    """Whether ``text`` may hold a quantity whose number starts at ``start`` or later: one of the
    pack's quantity patterns matches there. Most text cannot (no number at all), and it is
    skipped before the spaCy pipeline runs (issue 22): :func:`find_quantities` only ever keeps
    such a match, so the values read are the same."""
    for _qp, rx in _compiled()["quantities"]:  # type: ignore[union-attr]
        if any(m.start("num") >= start for m in rx.finditer(text)):
            return True
    return False


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds the characters start..end (a rough cut at a full stop,
    question or exclamation mark followed by a capital)."""
    breaks = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z])", text)]
    first = max((b for b in breaks if b <= start), default=0)
    last = min((b for b in breaks if b > end), default=len(text))
    return text[first:last]


# What may stand between a baseline and "to" in "from X ... to Y": its period in brackets, or
# said ("in 2021/22", "at the end of last year").
_BASELINE_PERIOD = r"(?:\([^()]*\)\s*|(?:in|at|during|for)\s+[^,;.()%£\d]{0,20}\d[^,;.()%£]{0,12}?\s+)?"


@Language.component("council_quantities")
def council_quantities(doc: Doc) -> Doc:
    """Mark quantities and periods as span groups; keep their readings in doc.user_data."""
    periods = find_periods(doc.text)
    quantities = find_quantities(doc.text, periods)  # the same periods: found once
    q_spans, p_spans = [], []
    for q in quantities:
        span = doc.char_span(q.start, q.end, label=q.unit, alignment_mode="expand")
        if span is not None:
            q.token_start, q.token_end = span.start, span.end
            q_spans.append(span)
    for pm in periods:
        span = doc.char_span(pm.start, pm.end, label=pm.period.means, alignment_mode="expand")
        if span is not None:
            p_spans.append(span)
    doc.spans["quantities"] = q_spans
    doc.spans["periods"] = p_spans
    doc.user_data["council_quantities"] = quantities
    doc.user_data["council_periods"] = periods
    return doc


@functools.cache
def nlp() -> Language:
    pipeline = blank_english()
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("council_quantities")
    return pipeline


# ------------------------------------------------------------------ sentence context


def analyse(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their quantities, each given a period, a kind and a name."""
    doc = nlp()(text)
    quantities: list[Mention] = doc.user_data["council_quantities"]
    periods: list[PeriodMatch] = doc.user_data["council_periods"]
    sentences = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        sentence = Sentence(s, e, sent.text)
        sentence.quantities = [q for q in quantities if s <= q.start < e]
        sentence.periods = [p for p in periods if s <= p.start < e]
        sentences.append(sentence)
    # Sentences are plain data now; the Doc can go.
    _merge_short_sentences(sentences, text)
    carried: Period | None = None
    c = _compiled()
    scoped = False  # within sentences that report someone else's figures (comparator_scopes)
    for sentence in sentences:
        _contextualise(sentence, text, carried)
        own = any(r.search(sentence.text) for r in c["own_cues"])  # type: ignore[union-attr]
        opens = [m.end() for r in c["comparator_scopes"] for m in r.finditer(sentence.text)]  # type: ignore[union-attr]
        if opens:
            scoped = True
        elif own:
            scoped = False
        if scoped:
            for q in sentence.quantities:
                at = q.start - sentence.start
                if q.kind == "actual" and (not opens or (min(opens) <= at and not any(
                        r.search(sentence.text[min(opens) : at]) for r in c["own_cues"]))):  # type: ignore[union-attr]
                    q.kind = "comparator"
        # A sentence with no period of its own continues the last value of the one before
        # ("In 2016/17, 1360 missing incidents ... In 84% of the incidents ..."), unless it names
        # a time the periods pack cannot date ("For 2023/23 ...", "at end of Q4").
        carried = sentence.quantities[-1].period if sentence.quantities else None
        if sentence.quantities and not sentence.periods and _UNDATED_TIME.search(sentence.text):
            carried = None
        sentence.quantities = [q for q in sentence.quantities if not q.dropped]
        _pair_targets(sentence)
    return sentences


def _pair_targets(sentence: Sentence) -> None:
    """A target printed right after a value of the same unit is that value's target: "was 54.3%
    against a target of 58%", "was 3,289 tonnes, exceeding the target of 3,550 tonnes"."""
    for before, after in zip(sentence.quantities, sentence.quantities[1:], strict=False):
        if before.kind == "actual" and after.kind == "target" and before.unit == after.unit and before.target is None:
            before.target = after.value


def _merge_short_sentences(sentences: list[Sentence], text: str) -> None:
    """The sentencizer splits "No. of" and "e.g. the": join a fragment of under 3 words to the next,
    and a sentence to the next when that starts in lower case."""
    i = 0
    while i < len(sentences) - 1:
        # A sentence does not start in lower case: "40.5% (approx.) | recycling rate." is one.
        starts_lower = sentences[i + 1].text[:1].islower()
        if (len(sentences[i].text.split()) < 3 and not sentences[i].quantities) or starts_lower:
            nxt = sentences[i + 1]
            merged = Sentence(sentences[i].start, nxt.end, text[sentences[i].start : nxt.end],
                              sentences[i].quantities + nxt.quantities, sentences[i].periods + nxt.periods)
            sentences[i : i + 2] = [merged]
            continue
        i += 1


def _contextualise(sentence: Sentence, text: str, carried: Period | None) -> None:
    c = _compiled()
    qs = sentence.quantities
    ps = sentence.periods
    undated = _UNDATED_TIME.search(sentence.text) is not None
    whole = _whole(sentence, text, c)
    for i, q in enumerate(qs):
        prev_end = qs[i - 1].end if i else sentence.start
        next_start = qs[i + 1].start if i + 1 < len(qs) else sentence.end
        q.period = _period_for(q, qs, ps, text, c)
        if q.period is None and not ps and not undated:
            q.period = carried
        if q.period is None:  # "162 learners accessed FaCL ESOL to date"
            q.period = next((p.period for p in ps if p.period.means == "relative"), None)
        # A value in brackets right after another ("9.2% (1201)") shares its period and kind.
        if i and re.fullmatch(r"\s*(?:of\s+\d[\d,]*\s*)?\(\s*", text[prev_end : q.start]) and qs[i - 1].unit != q.unit:
            q.period = qs[i - 1].period
            q.kind = qs[i - 1].kind
            q.name = qs[i - 1].name
            continue
        clause_start = max(prev_end, _clause_start(text, sentence.start, q.start))
        name_start = clause_start
        opened = text.rfind("(", clause_start, q.start)
        if opened >= 0 and text.find(")", opened, q.start) < 0 and re.search(r"[a-z]{3,}", text[opened : q.start]):
            name_start = opened + 1  # "(a sample size of 2,089)": the words in its bracket name it
        if any(r.search(text[clause_start : q.start]) for r in c["not_value_cues"]):  # type: ignore[union-attr]
            q.dropped = True
        elif i and qs[i - 1].dropped and _CONJOINED.fullmatch(text[prev_end : q.start]):
            q.dropped = True  # "would have functioned using approximately 30% fresh air and 70% recirculated air"
        # After "Out of the 25 targets, ...", the counted noun is what is counted, not a kind cue.
        kind_from = max(clause_start, whole[0]) if whole and q.start >= whole[0] else clause_start
        q.kind = _kind(text[kind_from : q.start], text[q.end : next_start], c)
        if q.unit == "count" and ((whole and q.start >= whole[0]) or any(
                r.match(text[q.end : next_start]) for r in c["counted_actuals"])):  # type: ignore[union-attr]
            # A part of a counted whole is a count of it ("17 achieved target (Green), and 12 ..."),
            # and so is a count of indicators ("three indicators were below target"): no target.
            q.kind = "actual"
        # The baseline's period may be in brackets or said: "from 36% (2022/23) to", "from 418.7 in 2021/22 to".
        if q.kind == "target" and re.search(r"\bfrom\s+$", text[max(sentence.start, q.start - 8) : q.start], re.IGNORECASE) \
                and re.match(rf"\s*{_BASELINE_PERIOD}to\s+£?\d", text[q.end : sentence.end]):
            q.kind = "baseline"  # "a target ... to increase the rate from 36% (2022/23) to 43% (2023/24)"
        elif i and qs[i - 1].kind == "baseline" and q.kind in ("actual", "target") \
                and re.fullmatch(rf"\s*{_BASELINE_PERIOD}to\s+", text[prev_end : q.start]):
            q.kind = "target"  # ... and 43% is where the target is to take it
        if q.kind == "target":
            clause_end = min([x for x in (text.find(";", q.end, sentence.end),) if x >= 0] or [sentence.end])
            for p in ps:
                if q.end <= p.start < clause_end and any(
                    r.search(text[max(sentence.start, p.start - 10) : p.start]) for r in c["target_period_prefixes"]  # type: ignore[union-attr]
                ):
                    q.period = p.period
                    break
        pm = next((p for p in ps if p.period is q.period), None)
        if q.kind == "actual" and pm is not None:
            if any(r.search(text[max(sentence.start, pm.start - 10) : pm.start]) for r in c["target_period_prefixes"]):  # type: ignore[union-attr]
                q.kind = "target"
        # A count with its share in brackets ("38 of 46 (83%) indicators are rated as Green"): its
        # name is what follows the share.
        span = None
        if i + 1 < len(qs) and re.fullmatch(r"\s*(?:of\s+\d[\d,]*\s*)?\(\s*", text[q.end : qs[i + 1].start]):
            close = text.find(")", qs[i + 1].end, sentence.end)
            if close >= 0:
                span = (close + 1, qs[i + 2].start if i + 2 < len(qs) else sentence.end)
        q.name = _name(q, text, name_start, next_start, ps, span) or (qs[i - 1].name if i else "")
        if whole and q.start >= whole[0] and ";" not in text[whole[0] : q.start]:
            if i and re.search(r"\(\s*$", text[prev_end : q.start]):
                q.name = qs[i - 1].name  # a share in brackets is the share of the part before it
            else:
                q.name = _part_name(whole[1], q, text, sentence.end, c) or q.name


def _whole(sentence: Sentence, text: str, c: dict) -> tuple[int, str] | None:
    """Where a sentence names the whole its values are parts of ("Out of the 48 performance
    indicators, 35 (73%) had a positive outturn ..."): the end of that phrase and its noun."""
    for r in c["whole_parts"]:
        m = r.search(text, sentence.start, sentence.end)
        if m:
            return m.end(), re.sub(r"\s+", " ", m.group("noun")).strip()
    return None


def _part_name(noun: str, q: Mention, text: str, end: int, c: dict) -> str:
    """A part's name: the counted noun and what is said of the part ("performance indicators
    had a positive outturn", "targets not achieved"), auxiliary verbs dropped. A part that names
    its own noun ("1 Council target ... had not been achieved") keeps the name it was given."""
    after = re.sub(r"^\s*\([^()]*\)", " ", text[q.end : end])  # the part's share, "(64%)"
    predicate = re.split(r"[,;.]|\band\s+(?=\d)|\s-\s", after, maxsplit=1)[0]
    predicate = re.sub(r"\s*\([^()]*\)?", " ", predicate).strip()  # "are complete (55%)"
    for r in c["predicate_auxiliaries"]:
        m = r.match(predicate)
        if m:
            predicate = ((m.groupdict().get("keep") or "") + predicate[m.end():]).strip()
            return f"{noun} {' '.join(predicate.split()[:8])}".strip()
    return ""


# What may stand between two values of one clause joined by "and"/"or", so that a cue that
# makes the first a possibility makes the second one too.
_CONJOINED = re.compile(r"[^.;:\d]{0,40}?\b(?:and|or)\s+(?:approximately\s+|about\s+|around\s+)?", re.IGNORECASE)


# A time the sentence names without a datable period: a quarter with no year, a misprinted
# financial year ("2023/23"), a bare year.
_UNDATED_TIME = re.compile(r"\bQ[1-4]\b|\b(?:19|20)\d\d\b|\b\d\d/\d\d\b")


def _in_closed_brackets(text: str, start: int, end: int, limit: int) -> bool:
    """Whether text[start:end] sits inside a bracket that closes before ``limit``."""
    opened = text.rfind("(", 0, start)
    if opened < 0 or text.rfind(")", opened, start) >= 0:
        return False
    closed = text.find(")", end)
    return 0 <= closed < limit


def _bracket_has_value(text: str, p: PeriodMatch, others: list[Mention]) -> bool:
    opened, closed = text.rfind("(", 0, p.start), text.find(")", p.end)
    return any(opened < o.start < closed for o in others)


def _without_brackets(text: str) -> str:
    """Closed bracketed asides blanked out: "(just below our higher expected range)"."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)


def _clause_start(text: str, sentence_start: int, at: int) -> int:
    cut = max(text.rfind(";", sentence_start, at), text.rfind("\n", sentence_start, at))
    return cut + 1 if cut >= 0 else sentence_start


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_DIRECT_LINK = re.compile(r"\s*(?:in|at|for|during|from|over|as at|as of)\s+(?:the\s+)?", re.IGNORECASE)


def _period_for(q: Mention, qs: list[Mention], ps: list[PeriodMatch], text: str, c: dict) -> Period | None:
    """The period a value refers to: a period tied to it by a preposition after it ("in 20/21"),
    else the nearest period before it, else none."""
    others = [o for o in qs if o is not q]
    for p in ps:
        if p.start < q.end:
            continue
        # A bracketed aside between a value and its period does not part them: "10 per 10,000
        # (lower expected range 12 per 10,000 ...) at the end of Q4 2023".
        between = re.sub(r"\([^()]*\)", " ", text[q.end : p.start])
        if between.lstrip().startswith(")"):  # the value closes an aside of its own
            between = between.lstrip()[1:]
        if any(q.end <= o.start < p.start and not _in_closed_brackets(text, o.start, o.end, p.start) for o in others):
            break
        if _DIRECT_LINK.fullmatch(between):  # "89% from 2019-20", "230 in 2019/20"
            return p.period
        if any(r.search(between) for r in c["period_blockers"]):
            break
        if any(r.search(between) for r in c["period_after_links"]):
            return p.period
        # The period carries its own preposition: "461, which is a snapshot measure as at March 23".
        lead = re.match(r"(?:as at|as of)\s+", p.period.text, re.IGNORECASE)
        if lead and any(r.search(between + lead.group(0)) for r in c["period_after_links"]):
            return p.period
        if not between.strip() and re.match(r"(?:at|as|by|end|the end)\b", p.period.text, re.IGNORECASE):
            return p.period
        if not between.strip() and p.period.means == "relative":  # "89% the year before"
            return p.period
        break
    # A period in a closed bracket belongs to what is in the bracket: "an increase from 4% (12% in
    # June 2022) this is just above our expected higher range of 14%" gives 14% no period.
    # "Since May 2020 we have recruited 61 carers": a starting point, not the value's period.
    # A relative period that is the base of a change ("increased on last year by 1%") is not
    # the period of the change.
    before = [p for p in ps if p.end <= q.start
              and not (_in_closed_brackets(text, p.start, p.end, q.start) and _bracket_has_value(text, p, others))
              and not _SINCE.search(text[max(0, p.start - 8) : p.start])
              and not (p.period.means == "relative"
                       and any(r.search(text[max(0, p.start - 20) : p.start]) for r in c["change_bases"]))]
    # The old value of a change ("From April 2023 we uplifted the grant from £2000 to £3000")
    # is not of the period the change happened in.
    if before and re.search(r"\bfrom\s+$", text[max(0, q.start - 6) : q.start], re.IGNORECASE) \
            and re.match(r"\s+to\s+£?\d", text[q.end : q.end + 8], re.IGNORECASE):
        return None
    if before:
        return before[-1].period
    return None


def _kind(before: str, after: str, c: dict) -> Kind:
    before = _without_brackets(before)  # a cue in a closed aside does not reach the value
    best: tuple[int, Kind] | None = None
    for kind, (befores, _afters) in c["kinds"].items():
        for r in befores:
            for m in r.finditer(before):
                distance = len(before) - m.end()
                if best is None or distance < best[0]:
                    best = (distance, kind)
    if best is not None:
        return best[1]
    for kind, (_befores, afters) in c["kinds"].items():
        if any(r.search(after) for r in afters):
            return kind
    return "actual"


def _clean_name(words: str, periods: list[PeriodMatch]) -> str:
    """Trim function words, period mentions and cue words from both ends of a phrase."""
    for p in sorted(periods, key=lambda p: -len(p.period.text)):
        words = words.replace(p.period.text, " ")
    words = re.sub(r"\b(?:baseline|target|targets)\b", " ", words, flags=re.IGNORECASE)
    words = re.sub(r"[\s\u00a0]+", " ", words).strip(" .,;:=–-()'\"|")  # "|": a cell's edge
    stop = {w.lower() for w in pack().name_stopwords}
    tokens = words.split()
    while tokens and tokens[0].lower().strip(",.;:()") in stop:
        tokens.pop(0)
    while tokens and tokens[-1].lower().strip(",.;:()") in stop:
        tokens.pop()
    return " ".join(tokens).strip(" .,;:=–-()|")


_VERB_START = re.compile(r"^(?:are|is|were|was|have|has|had|will|can|did|do)\b", re.IGNORECASE)


def _name(q: Mention, text: str, clause_start: int, next_start: int, ps: list[PeriodMatch],
          span: tuple[int, int] | None = None) -> str:
    """The indicator as written: the words after the value ("455 referals"), or when the value
    closes its clause, the words before it ("Traded services income for 21/22 is £4,301,669").
    ``span`` is where the words after it are, when something stands between (its share)."""
    after = text[span[0] : span[1]] if span else text[q.end : next_start]
    after = re.sub(r"^\s*\((?:approx\.?|approximately|est\.?|estimated|provisional|rounded)\)", " ", after,
                   flags=re.IGNORECASE)  # "40.5% (approx.) recycling rate"
    after = re.sub(r"^\s*of\s+\d[\d,]*\s*(?:\([^()]*\))?", " ", after)  # "38 of 46 (83%) indicators are ..."
    after = re.sub(r"^\s*(?:of|per cent of|in)\s+", " ", after, flags=re.IGNORECASE)
    brk = _compiled()["name_breaks"]
    cut = brk.search(after) if brk is not None else None  # type: ignore[union-attr]
    after_phrase = after[: cut.start()] if cut else after
    after_phrase = after_phrase.split("\n")[0] if q.unit != "count" else after_phrase
    after_words = after_phrase.split()[:12]
    after_clean = _clean_name(" ".join(after_words), ps)
    before = text[clause_start : q.start]
    leads = [m.end() for r in _compiled()["name_lead_ins"] for m in r.finditer(before)]  # type: ignore[union-attr]
    before_clean = _clean_name(before[max(leads):] if leads else before, ps)
    before_clean = " ".join(before_clean.split()[-12:])
    if after_clean and not _VERB_START.match(after_clean):
        return after_clean
    if before_clean:
        return f"{before_clean} {after_clean}".strip() if after_clean else before_clean
    return after_clean
