"""Business plans printed one page per theme, each with a "Goal | What we will do" table.

The layout (Wiltshire's 2017–2027 plan, an appendix of a Cabinet pack): a running title
naming the plan and its period; an introduction with the vision and one heading per priority;
then per theme a page heading (the priority's short name where a new priority starts, then the
theme's name), a quoted strapline, "Why is this important?", "What are the challenges?" and a
ruled table of goals and what the council will do for each; last, the council's own section
with numbered themes. Themes and goals both become ``missions`` rows (goal.parent_id = theme).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extractor.model import BBox, Block, Table
from kernel.text import any_match, clean_item, containment, words
from rules.plans.packs import ThemePagesPack
from rules.plans.records import ActionRecord, MissionRecord, PlanRecord, PlanThemeRecord, PriorityRecord
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE = "plans.theme_pages"


@dataclass
class _Seg:
    """One unit of the plan's text stream: a heading line, a paragraph, a list item or a table."""

    kind: str  # heading | paragraph | why | list_item | table
    text: str
    page: int
    bbox: BBox
    block: Block | None = None


@dataclass
class _Theme:
    name: str
    seg: _Seg
    priority_id: str | None
    strapline: str | None = None
    why: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    goals: list[tuple[str, int, BBox, list[str]]] = field(default_factory=list)  # name, page, bbox, actions


@family("plans.theme_pages.v1", params=ThemePagesPack)
def theme_page_records(document: Reading, pack: ThemePagesPack) -> list[Record]:
    """A plan set out as theme pages: a vision, themes with their challenges, and goals in
    ruled tables with the actions that deliver them."""
    segs = _segments(document, pack)
    titles = [i for i, s in enumerate(segs) if s.kind == "heading" and any_match(pack.title, s.text, ignore_case=True)]
    vision = next((i for i, s in enumerate(segs) if s.kind == "heading" and any_match(pack.vision, s.text, ignore_case=True)), None)
    # The plan starts at the title line nearest above its vision: a covering report before it
    # may name the plan in its own headings ("Subject: ... Business Plan 2017-2027").
    before = [i for i in titles if vision is None or i < vision]
    start = before[-1] if before else (titles[0] if titles else None)
    if start is None or not any(s.kind == "table" and _is_goal_table(pack, s.block) for s in segs[start:]):
        return []  # not this layout family
    title = any_match(pack.title, segs[start].text, ignore_case=True)
    assert title is not None
    plan = PlanRecord(
        document_id=document.id, page=segs[start].page, bbox=bbox_text(segs[start].bbox), rule=f"{RULE}.plan_title.v1",
        title=clean_item(title.group("title") if "title" in title.re.groupindex else segs[start].text),
        period_start=int(title.group("start")), period_end=int(title.group("end")),
    )
    segs = segs[start + 1 :]
    priorities, org_intro, after = _priorities(pack, segs, plan)
    records: list[Record] = [plan, *priorities]
    themes, org_at = _themes(pack, segs[after:], priorities)
    position = 0
    for theme in themes:
        position += 1
        t = MissionRecord(
            document_id=plan.document_id, page=theme.seg.page, bbox=bbox_text(theme.seg.bbox), rule=f"{RULE}.theme_page.v1",
            plan_id=plan.id, priority_id=theme.priority_id, kind="theme", name=theme.name, strapline=theme.strapline,
            why_important=" ".join(theme.why) or None, challenges=" ".join(theme.challenges) or None,
            position=position,
        )
        records.append(t)
        for g, (name, page, bbox, actions) in enumerate(theme.goals, start=1):
            goal = MissionRecord(
                document_id=plan.document_id, page=page, bbox=bbox_text(bbox), rule=f"{RULE}.goal_table.v1",
                plan_id=plan.id, priority_id=theme.priority_id, parent_id=t.id, kind="goal", name=name, position=g,
            )
            records.append(goal)
            records += [
                ActionRecord(document_id=plan.document_id, page=page, bbox=bbox_text(bbox), rule=f"{RULE}.goal_action.v1",
                             plan_id=plan.id, mission_id=goal.id, kind="action", text=a, position=k)
                for k, a in enumerate(actions, start=1)
            ]
    if org_at is not None:
        records += _organisation(pack, segs[after + org_at :], plan, org_intro, position + 1)
    return records


def _segments(document: Reading, pack: ThemePagesPack) -> list[_Seg]:
    out: list[_Seg] = []
    for block in document.blocks():
        if block.kind == "heading":
            for line in block.lines or []:
                if not line.furniture and clean_item(line.text):
                    out.append(_Seg("heading", clean_item(line.text), line.page, line.bbox, block))
            continue
        if block.kind == "table":
            out.append(_Seg("table", "", block.page, block.bbox, block))
            continue
        text = clean_item(block.text)
        why = re.search(pack.why, text, re.IGNORECASE)
        if block.kind == "paragraph" and why and why.start() > 0:
            # A theme heading, its strapline and the "why" marker run together on body lines.
            before, after = text[: why.start()].strip(), text[why.end() :].strip()
            inline = re.match(pack.inline_theme, before)
            if inline:
                out.append(_Seg("heading", clean_item(inline.group("name")), block.page, block.bbox, block))
                out.append(_Seg("paragraph", f"“{clean_item(inline.group('strapline'))}”", block.page, block.bbox, block))
            elif before:
                out.append(_Seg("paragraph", before, block.page, block.bbox, block))
            out.append(_Seg("why", why.group(0), block.page, block.bbox, block))
            if after:
                out.append(_Seg("paragraph", after, block.page, block.bbox, block))
            continue
        out.append(_Seg(block.kind, text, block.page, block.bbox, block))
    return out


def _priorities(pack: ThemePagesPack, segs: list[_Seg], plan: PlanRecord) -> tuple[list[PriorityRecord], str | None, int]:
    """Headings after the vision, each followed by its paragraph, up to the council's own section."""
    vision = next((i for i, s in enumerate(segs) if s.kind == "heading" and any_match(pack.vision, s.text, ignore_case=True)), None)
    if vision is None:
        return [], None, 0
    plan.vision = segs[vision].text
    out: list[PriorityRecord] = []
    org_intro = None
    i = vision + 1
    while i < len(segs):
        seg = segs[i]
        if seg.kind == "paragraph":
            i += 1
            continue
        following = segs[i + 1] if i + 1 < len(segs) else None
        if seg.kind != "heading" or following is None or following.kind != "paragraph" or any_match(pack.title, seg.text, ignore_case=True):
            break
        if any_match(pack.organisation, seg.text, ignore_case=True):
            org_intro = following.text
            i += 2
            break
        out.append(PriorityRecord(
            document_id=plan.document_id, page=seg.page, bbox=bbox_text(seg.bbox), rule=f"{RULE}.priority_heading.v1",
            plan_id=plan.id, name=seg.text, intro=following.text, position=len(out) + 1,
        ))
        i += 2
    return out, org_intro, i


def _priority_marker(pack: ThemePagesPack, text: str, priorities: list[PriorityRecord]) -> PriorityRecord | None:
    """A page heading that is a priority's short name: all its words are in the priority's name."""
    stop = pack.text.stopwords
    w = words(text, stop)
    return next((p for p in priorities if w and containment(w, words(p.name, stop)) == 1.0), None)


def _themes(pack: ThemePagesPack, segs: list[_Seg], priorities: list[PriorityRecord]) -> tuple[list[_Theme], int | None]:
    themes: list[_Theme] = []
    openers = action_openers([s.block.table for s in segs if s.kind == "table" and _is_goal_table(pack, s.block)
                              and s.block is not None and s.block.table is not None])
    priority: PriorityRecord | None = None
    pending: list[_Seg] = []  # heading lines since the last body text: a theme's name
    theme: _Theme | None = None
    state: str | None = None
    for i, seg in enumerate(segs):
        if seg.kind == "heading":
            if any_match(pack.title, seg.text, ignore_case=True):
                continue  # the running title
            if themes and any_match(pack.organisation, seg.text, ignore_case=True):
                return themes, i
            marker = _priority_marker(pack, seg.text, priorities)
            if marker:
                priority, pending = marker, []
                priority.section_heading = priority.section_heading or seg.text
            elif re.search(pack.why, seg.text, re.IGNORECASE):
                theme, state = _open(themes, theme, pending, priority), "why"
                pending = []
            elif re.search(pack.challenges, seg.text, re.IGNORECASE):
                state = "challenges"
            else:
                pending.append(seg)
            continue
        if seg.kind == "why":
            theme, state = _open(themes, theme, pending, priority), "why"
            pending = []
            continue
        if seg.kind == "paragraph":
            strap = re.match(pack.strapline, seg.text)
            if strap and pending:
                theme = _open(themes, None, pending, priority)
                theme.strapline, pending, state = clean_item(strap.group("text")), [], None
            elif themes and any_match(pack.organisation, seg.text, ignore_case=True):
                return themes, i
            elif theme is not None and state == "why":
                theme.why.append(seg.text)
            elif theme is not None and state == "challenges":
                theme.challenges.append(seg.text)
            pending = []
            continue
        if seg.kind == "table" and seg.block is not None and _is_goal_table(pack, seg.block) and theme is not None:
            assert seg.block.table is not None
            theme.goals += _goals(pack, seg.block.table, theme.goals, openers)
            state, pending = None, []
    return themes, None


def _open(themes: list[_Theme], theme: _Theme | None, pending: list[_Seg], priority: PriorityRecord | None) -> _Theme:
    """The theme the pending heading lines name, or the current one when there are none."""
    if pending or theme is None:
        if not pending:
            pending = []
        name = " ".join(s.text for s in pending) or "(untitled)"
        first = pending[0] if pending else _Seg("heading", name, 0, (0, 0, 0, 0))
        theme = _Theme(name, first, priority.id if priority else None)
        themes.append(theme)
    return theme


def _is_goal_table(pack: ThemePagesPack, block: Block | None) -> bool:
    if block is None or block.table is None or not block.table.rows:
        return False
    header = [clean_item(c) for c in block.table.cell_texts()[0] if clean_item(c)]
    return len(header) >= len(pack.goal_table.header) and all(
        re.search(p, h, re.IGNORECASE) for p, h in zip(pack.goal_table.header, header, strict=False)
    )


def _goals(pack: ThemePagesPack, table: Table, earlier: list[tuple[str, int, BBox, list[str]]],
           openers: set[str]) -> list[tuple[str, int, BBox, list[str]]]:
    out: list[tuple[str, int, BBox, list[str]]] = []
    for r, row in enumerate(table.cell_texts()[1:], start=1):
        cells = [c for c in row if c.strip()]
        if not cells:
            continue
        name = clean_item(row[0])
        actions = split_actions(row[1] if len(row) > 1 else "", pack.goal_table.wrap_words, openers,
                                pack.goal_table.fit_ratio)
        page = table.row_pages[r] if r < len(table.row_pages) else table.page
        if not name and (out or earlier):
            (out or earlier)[-1][3].extend(actions)  # a row carried over a page break
            continue
        out.append((name, page, table.bbox, actions))
    return out


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


def action_openers(tables: list[Table]) -> set[str]:
    """First words of the goal tables' cells: the words this plan starts an action with
    ("Promote", "Develop", "Work"). Learnt from the document, so no verb list is needed."""
    out = set()
    for table in tables:
        for row in table.cell_texts()[1:]:
            words_ = row[1].split() if len(row) > 1 else []
            if words_:
                out.add(words_[0].strip(",;:"))
    return out


def split_actions(cell: str, wrap_words: list[str], openers: set[str] | frozenset[str] = frozenset(),
                  fit_ratio: float = 0.9) -> list[str]:
    """Split a "What we will do" cell into actions.

    Paragraph breaks are not printed in these cells, so a break is inferred where a line
    starts with a capital and the line before (not ending in a word that cannot end a phrase,
    "the", "and", ..., nor in a comma) either ended a sentence, or stopped clearly short —
    the next line's first word would have fitted within ``fit_ratio`` of the cell's widest
    line — or the line starts with a word that starts actions elsewhere in the plan."""
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
    if not lines:
        return []
    width = max(len(ln) for ln in lines)
    wrap = {w.lower() for w in wrap_words}
    actions: list[list[str]] = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        first = line.split()[0]
        starts = first[:1].isupper() or first[:1] in "‘“\"'"
        last = prev.split()[-1].lower().strip(",;:")
        open_phrase = prev.endswith((",", ";")) or last in wrap
        ended = bool(_SENTENCE_END.search(prev))
        short = len(prev) + 1 + len(first) <= fit_ratio * width
        opener = first.strip(",;:") in openers
        if starts and (ended or (not open_phrase and (short or opener))):
            actions.append([line])
        else:
            actions[-1].append(line)
    return [clean_item("\n".join(a)) for a in actions]


def _organisation(pack: ThemePagesPack, segs: list[_Seg], plan: PlanRecord, intro: str | None,
                  position: int) -> list[Record]:
    """The council's own section: one organisation row and its numbered themes."""
    head = segs[0]
    m = any_match(pack.organisation, head.text, ignore_case=True)
    name, rest = head.text, ""
    if head.kind == "paragraph" and m:
        name, rest = head.text[: m.end()].strip(), head.text[m.end() :].strip()  # heading run into its text
    mission = MissionRecord(
        document_id=plan.document_id, page=head.page, bbox=bbox_text(head.bbox), rule=f"{RULE}.organisation.v1",
        plan_id=plan.id, priority_id=None, kind="organisation", name=name, intro=rest or intro, position=position,
    )
    out: list[Record] = [mission]
    items: list[tuple[int, str, _Seg, list[str]]] = []
    for seg in segs[1:]:
        label = seg.block.label if seg.block is not None else None
        numbered = seg.kind == "list_item" and label and re.match(pack.numbered_item, label)
        if numbered and seg.block is not None:
            lines = [clean_item(ln.text) for ln in seg.block.lines]
            title = lines[0][len(label or "") :].strip() if lines else seg.text
            items.append((int(numbered.group("number")), title, seg, [" ".join(lines[1:])] if lines[1:] else []))
        elif not items:
            continue
        elif seg.kind == "heading" and not (seg.text.endswith(":") and len(seg.text.split()) >= pack.lead_in_min_words):
            break
        elif seg.kind in ("paragraph", "list_item", "heading"):
            items[-1][3].append(seg.text)
    for k, (number, title, seg, texts) in enumerate(items, start=1):
        out.append(PlanThemeRecord(
            document_id=plan.document_id, page=seg.page, bbox=bbox_text(seg.bbox), rule=f"{RULE}.council_theme.v1",
            plan_id=plan.id, mission_id=mission.id, kind="council_theme", number=number, name=title,
            text=" ".join(t for t in texts if t) or None, position=k,
        ))
    return out
