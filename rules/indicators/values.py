"""The family ``indicators.values.v1``: every measured value of a document, from prose,
ruled tables, text grids and KPI cards, as :class:`IndicatorValue` records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from extractor.model import Document
from rules.indicators.cards import about_card, card_values
from rules.indicators.cell_lines import cell_line_values
from rules.indicators.flat_rows import flat_row_values
from rules.indicators.grids import is_grid_heading, text_grid_values
from rules.indicators.records import Found, IndicatorValue, locate, normalise
from rules.indicators.sentences import block_text, found_in_text, lead_in, values_in_text
from rules.indicators.status_counts import status_count_values
from rules.indicators.tables import TableContext, table_values
from rules.indicators.text_rows import stacked_cell_values, text_row_values, value_line_values
from rules.periods import Period, find_periods
from rules.quantities import IndicatorPack, ReportedResults
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family
from rules.scorecards import Card


def document_values(document: Document, strict: bool = False, measured_count_cues: list[str] = (),
                    decided: bool = False, reported_period_cues: list[str] = (),
                    reported_results: ReportedResults | None = None) -> Iterator[Found]:
    """Every value of a document. ``strict`` (a performance report): a count stated in prose
    needs a period or a target of its own, and a number in a table that is not a KPI table a
    period — the report's values are in its tables and in sentences that state a measure.
    ``decided`` (a record of decisions): so does every value stated in prose, whatever its unit
    ("That parking charges rise by 3% from April" decides; it measures nothing). Where a
    paragraph says the meeting received a performance report for a period (``reported_period_cues``:
    "The Committee received a report ... for the period 1 April – 30 September 2024"), the values
    stated after it in its section are the report's: measured, for that period. So are the values
    of a minute's section whose heading names a performance report as its item ("Corporate Plan
    Performance Report Q2"), or after a sentence that the meeting received one with no period named, and the
    items of a list its lead-in gives as a report's results ("Highlights from the report
    include:"): ``reported_results``, measured with whatever period they state."""
    results = reported_results or ReportedResults()
    section: str | None = None
    report_period = _report_period(document)
    grid_found, grid_lines = text_grid_values(document)
    yield from grid_found
    card_found, card_lines, card_list = card_values(document)
    yield from card_found
    flat_found, flat_lines = flat_row_values(document)
    yield from flat_found
    # a table stored one cell per line first: joined, its lines would read as a text table's rows
    stacked_found, stacked_keys = stacked_cell_values(document, report_period)
    yield from stacked_found
    rows_found, rows_lines = text_row_values(document, report_period, skip=stacked_keys)
    yield from rows_found
    line_found, line_keys = value_line_values(document, report_period)
    yield from line_found
    rows_lines |= line_keys | stacked_keys
    cell_found, cell_lines = cell_line_values(document, strict, report_period)
    yield from cell_found
    counts_found, counts_lines = status_count_values(document, report_period)
    yield from counts_found
    skip = grid_lines | card_lines | flat_lines | rows_lines | cell_lines | counts_lines
    card_at = {c.name_line.key[:2]: (c, v) for c, v in card_list}
    current: tuple[Card, list[Found]] | None = None
    lead = ""  # the sentence a list's items continue ("... there were 114 actions to be reported:")
    section_period: Period | None = None  # the one period a section's heading names
    reported: Period | None = None  # the period of a performance report the section's minute received
    reporting = False  # the section states a performance report's results (its heading or a sentence says so)
    for page in document.pages:
        if page.is_contents:
            continue  # a table of contents: its numbers are page references
        for b, block in enumerate(page.blocks):
            if (page.number, b) in card_at:
                current = card_at[(page.number, b)]
            elif block.kind == "heading":
                current = None
            if block.kind == "heading" and _all_lines(results.bullet_lines, block.text):
                lead = ""  # the list its lead-in led to ends with them
                continue  # bullets set in heading type ("Ø Housing / Ø People Matter"): a list, the section goes on
            if block.kind == "heading":
                if not is_grid_heading(block.text):
                    section = normalise(block.text.split("\n")[0])[:200]
                    dated = [p.period for p in find_periods(normalise(block.text)) if p.period.start is not None]
                    section_period = dated[0] if len(dated) == 1 else None
                    reported = None
                    # (in a record of decisions only: a report's own title names it too)
                    reporting = decided and _any(results.item_headings, normalise(block.text))
                lead = ""
                continue
            if block.kind == "table" and block.table is not None:
                lead = ""
                yield from table_values(block, document, section,
                                        TableContext(section_period or report_period, strict))
                continue
            lines = block.lines
            text = block_text(block)
            if any((page.number, b, k) in skip for k in range(text.count("\n") + 1)):
                text = "\n".join(ln for k, ln in enumerate(block.text.split("\n")) if (page.number, b, k) not in skip)
            if strict and block.kind != "list_item":
                for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", normalise(text)):
                    if any(re.search(cue, sentence, re.IGNORECASE) for cue in reported_period_cues):
                        dated = [p.period for p in find_periods(sentence) if p.period.start is not None]
                        reported = dated[-1] if dated else None
                    reporting = reporting or _any(results.received, sentence)
            context = lead if block.kind == "list_item" else ""
            lead = lead_in(text) or (lead if block.kind == "list_item" else "")
            measured = reporting or (bool(context) and _any(results.list_leads, context))
            for quote, q in values_in_text(text, context):
                if strict and (q.unit == "count" or decided) and q.target is None and reported is None and not measured \
                        and not find_periods(quote) and not _any(measured_count_cues, quote):
                    continue  # "We held 6 roadshows": a count its sentence gives no period, measured against nothing
                if q.period is None and (section_period or reported) is not None and q.kind == "actual":
                    q.period = section_period or reported
                needle = quote[max(0, quote.find(q.text) - 20) : quote.find(q.text) + len(q.text)]
                where = locate(document, [block.page, block.page + 1], [needle, q.text], (block.page, block.bbox))
                if lines and where[0] == block.page and where[1] == block.bbox:
                    where = (block.page, lines[0].bbox)
                f = found_in_text(q, quote, where, section, "text")
                kept = about_card(f, *current) if current else f
                if kept is not None:
                    yield kept


def _any(cues: Iterable[str], text: str) -> bool:
    return any(re.search(cue, text, re.IGNORECASE) for cue in cues)


def _all_lines(cue: str, text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return bool(cue and lines) and all(re.search(cue, ln) for ln in lines)


def _report_period(document: Document) -> Period | None:
    """The period a report is about, as its first page's headings name it ("Performance Report
    2024/25, Quarter 3"): the one dated period of its first headings; else of one of the short
    lines its first page opens with (a title set in body type: "2023 / 2024"). A title set over
    several headings ("Performance Report" / "Quarter 3" / "2024/25") is read whole first: the
    finest period it names, when the others hold it (the quarter of the year)."""
    for page in document.pages[:2]:
        heads = [normalise(b.text) for b in page.blocks if b.kind == "heading"][:TITLE_HEADINGS]
        dated = [p.period for p in find_periods(" ".join(heads)) if p.period.start is not None]
        finest = min(dated, key=lambda p: (p.end - p.start, p.start), default=None)
        if finest is not None and all(
                o.start <= finest.start and finest.end <= o.end for o in dated):
            return finest
    for page in document.pages[:2]:
        for block in page.blocks:
            if block.kind == "heading":
                dated = [p.period for p in find_periods(normalise(block.text)) if p.period.start is not None]
                if len(dated) == 1:
                    return dated[0]
    if document.pages:
        lines = [ln for ln in document.pages[0].lines if not ln.furniture and not ln.in_table][:TITLE_LINES]
        for line in lines:
            dated = [p.period for p in find_periods(normalise(line.text)) if p.period.start is not None]
            if len(dated) == 1 and len(line.text) <= 80:
                return dated[0]
    return None


TITLE_LINES = 6  # the lines a report's first page opens with, where it names its period
TITLE_HEADINGS = 6  # the headings a report's first page opens with, read together as its title


@family("indicators.values.v1", params=IndicatorPack)
def indicator_values(document: Reading, pack: IndicatorPack) -> Iterable[Record]:
    """Measured values with their unit, period and kind, from prose, ruled tables and
    unruled scorecard grids (the quantities read by rules/quantities.py)."""
    out: dict[str, IndicatorValue] = {}
    for f in document_values(document, strict=document.genre.name in pack.measured_genres,
                             measured_count_cues=pack.measured_count_cues,
                             decided=document.genre.name in pack.decided_genres,
                             reported_period_cues=pack.reported_period_cues,
                             reported_results=pack.reported_results):
        start, end = f.period.iso if f.period else (None, None)
        record = IndicatorValue(
            document_id=document.id, page=f.page, bbox=bbox_text(f.bbox), rule=f.rule, indicator=f.indicator or "(unnamed)",
            value=f.value, unit=f.unit, period=f.period.text if f.period else None, period_start=start, period_end=end,
            kind=f.kind, quote=f.quote, source=f.source, section=f.section, target=f.target, status=f.status,
            direction=f.direction, polarity=f.polarity,
        )
        out.setdefault(record.id, record)
    return list(out.values())
