"""The plan a summary's lists belong to: the document's own when it is a plan, else the plan it
names — by the title of the report or appendix it is printed in, or just before the list —
with its period ("Corporate Plan 2016 to 2020"), and its kind (business plan, strategy,
action plan) by the pack's words."""

from __future__ import annotations

import re

from kernel.text import clean
from rules.plans.records import PlanRecord
from rules.plans.summary_lines import PlanSummariesPack, Row
from rules.reading import Reading
from rules.records import bbox_text

RULE = "plans.plan_summaries"


def plan_of(pack: PlanSummariesPack, reading: Reading, rows: list[Row], where: Row) -> PlanRecord | None:
    """The plan the lists belong to: the document's own when it is a plan, else the plan it
    names. A heading that is the plan's title with its period wins over a sentence naming one
    ("Please see the emerging Corporate Plan for 2020 - 2024"); then the period read off the
    document; then the first plan named in the text. A list in a report or appendix of a pack
    whose plan cannot be named (by the paper's title or just before the list) is none: a
    programme's objectives are not a plan's."""
    own = reading.genre.name in pack.own_plan_genres
    if not own:
        cited = _cited_plan(pack, reading, rows, where)
        if cited is not None:
            return cited
        page = where.line.page
        if any(p.kind in ("report", "appendix") and p.page_start <= page <= p.page_end for p in reading.parts):
            return None
    heading = next((r for r in rows if r.styled and re.search(pack.plan_heading, r.text, re.IGNORECASE)), None)
    titled = _plan_title(pack, [r for r in rows if r.styled], whole_line=True)
    # A period with no last year ("2019-": a plan in force until replaced) is a period too.
    period = re.match(r"(\d{4})(?:\D+(\d{4}))?", reading.meta.plan_period or "")
    listed = bool((reading.manifest or {}).get("plan_period") and period)
    overruled = listed and titled is not None and titled[1] != int(period.group(1))
    if overruled:
        # The manifest's period is the researcher's word on which edition this is: a page of the
        # 2017-22 plan headed "Corporate Plan 2018-22" as rolled forward is still the 2017 edition,
        # and two editions never share a period their listers told apart.
        titled = None
    if titled is None and period:
        start, end = int(period.group(1)), int(period.group(2)) if period.group(2) else None
        named = _plan_title(pack, rows, whole_line=False, start=start)
        title = named[0] if named else (reading.meta.title if overruled else None) or (
            heading.text if heading else reading.meta.title or clean(where.text)[:120])
        titled = (title, start, end, named[3] if named else heading or where)
    titled = titled or _plan_title(pack, rows, whole_line=False)
    if titled is None:
        # A document title that names no plan (a news page's cookie banner or headline) yields to
        # the plan its announcing paragraph names ("The new Corporate Plan sets out ...").
        meta_title = reading.meta.title if reading.meta.title and re.search(
            pack.plan_part, reading.meta.title, re.IGNORECASE) else None
        titled = (heading.text if heading else _part_title(pack, reading, where) or meta_title
                  or _named_plan(pack, rows, where) or reading.meta.title or clean(where.text)[:120],
                  None, None, heading or where)
    title, start, end, at = titled
    kind = plan_kind(pack, title)
    return PlanRecord(
        document_id=reading.id, page=at.line.page, bbox=bbox_text(at.line.bbox), rule=f"{RULE}.plan.v1", title=title,
        period_start=start, period_end=end, kind=kind, cited_in=None if own else reading.id,
        cited_page=None if own else where.line.page,
    )


def plan_kind(pack: PlanSummariesPack, title: str) -> str:
    """A plan's kind (business plan, strategy, action plan) by the pack's words for its title."""
    return next((k for p, k in pack.plan_kinds.items() if re.search(p, title, re.IGNORECASE)), "business_plan")


def _cited_plan(pack: PlanSummariesPack, reading: Reading, rows: list[Row], where: Row) -> PlanRecord | None:
    """In a pack or report, a list belongs to the plan or strategy of the paper it is printed in:
    the report's or appendix's title ("Appendix A – Draft Digital Strategy 2017 – 2021"), or the
    last plan that paper names with its period before the list."""
    page = where.line.page
    part = next((p for p in reading.parts if p.kind in ("report", "appendix") and p.page_start <= page <= p.page_end),
                None)
    if part is None:
        return None
    titled = None
    for pattern in pack.plan_title:
        m = re.search(pattern, part.title, re.IGNORECASE)
        if m:
            start = int(m.group("start"))
            titled = (_title(m.group("title")), start, _year(m.group("end"), start), where)
            break
    if titled is None:
        at = (page, where.line.bbox[1])
        before = [r for r in rows if part.page_start <= r.line.page and (r.line.page, r.line.bbox[1]) <= at]
        # A plan named just before the list (in its paragraph or the few lines above), not one a
        # paper named pages earlier or the minutes printed above it on its first page.
        named = _plan_title(pack, list(reversed(before))[: pack.cited_plan_reach], whole_line=False)
        titled = named or ((_part_title(pack, reading, where), None, None, where) if _part_title(pack, reading, where)
                           else _announced_plan(pack, rows, where))
    if titled is None:
        return None
    title, start, end, at = titled
    kind = plan_kind(pack, title)
    return PlanRecord(
        document_id=reading.id, page=at.line.page, bbox=bbox_text(at.line.bbox), rule=f"{RULE}.plan.v1", title=title,
        period_start=start, period_end=end, kind=kind, cited_in=reading.id, cited_page=page,
    )


def _announced_plan(pack: PlanSummariesPack, rows: list[Row], where: Row) -> tuple[str, None, None, Row] | None:
    """A plan the announcing sentence itself names without its period ("... against the five
    Living Well Goals of the Corporate Plan:"): the list is that plan's."""
    block = [r for r in rows if r.block is where.block]
    text = " ".join(r.text for r in block)
    at = text.find(where.text)
    for sentence in re.finditer(r"[^.!?]+(?:[.!?]+|$)", text):
        if sentence.start() <= at < sentence.end() or (at < 0 and sentence.end() == len(text)):
            m = re.search(pack.announced_plan, sentence.group(0), re.IGNORECASE)
            return (_title(m.group("title")), None, None, where) if m else None
    return None


def _named_plan(pack: PlanSummariesPack, rows: list[Row], where: Row) -> str | None:
    """A plan named without its period in the announcing line or the lines of its paragraph
    before it ("The new Council Plan sets out three priority areas ..." -> "Council Plan")."""
    block = [r for r in rows if r.block is where.block]
    upto = block[: block.index(where) + 1] if where in block else [where]
    named = list(re.finditer(pack.plan_name, " ".join(r.text for r in upto), re.IGNORECASE))
    return _title(named[-1].group("title")) if named else None  # the last one named before the list


def _part_title(pack: PlanSummariesPack, reading: Reading, where: Row) -> str | None:
    """The title of the report or appendix a list is printed in ("Appendix 2 Improvement Plan
    Summary" -> "Improvement Plan Summary"), where the pack's words say it names a plan."""
    page = where.line.page
    part = next((p for p in reading.parts if p.kind in ("report", "appendix") and p.page_start <= page <= p.page_end
                 and re.search(pack.plan_part, p.title, re.IGNORECASE)), None)
    return re.sub(pack.part_title_prefix, "", part.title, flags=re.IGNORECASE).strip() or None if part else None


def _plan_title(pack: PlanSummariesPack, rows: list[Row], whole_line: bool,
                start: int | None = None) -> tuple[str, int, int, Row] | None:
    """The first plan named with its period: as a whole line (a title), or anywhere in a line;
    of the given first year, when one is known."""
    for row in rows:
        for pattern in pack.plan_title:
            m = (re.fullmatch(rf"\W*(?:{pattern})\W*", row.text, re.IGNORECASE) if whole_line
                 else re.search(pattern, row.text, re.IGNORECASE))
            if m and (start is None or int(m.group("start")) == start):
                first = int(m.group("start"))
                return _title(m.group("title")), first, _year(m.group("end"), first), row
    return None


def _title(text: str) -> str:
    """A plan's title from the words a pattern caught before its name: from the first
    capitalised word after the last article ("Information Council Plan The Council Plan
    2024-2028" is a page heading run into a sentence)."""
    words = clean(text).split()
    articles = [i for i, w in enumerate(words[:-2]) if w.lower() in ("the", "our", "its", "their", "a", "an")]
    if articles:
        words = words[articles[-1] + 1:]
    # Lower-case words before the name go ("approved the corporate plan" -> "corporate plan"), not
    # the name itself when printed in lower case ("the corporate plan for 2021-25").
    while len(words) > 1 and not words[0][:1].isupper() and not re.fullmatch(
            r"(?i)business|corporate|council|strategic|annual|plan|strategy", words[0]):
        words.pop(0)
    return " ".join(words)


def _year(text: str, start: int) -> int:
    year = int(text)
    return year if year >= 100 else start - start % 100 + year + (100 if year < start % 100 else 0)
