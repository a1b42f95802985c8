"""Business plans printed as priority banners, mission headings and bullet lists.

The layout (Wiltshire's 2022–2032 plan): the plan lists its priorities once ("Our mission:
● Thriving Economy ● Resilient Society ..."); each priority's pages open with a banner that
prints only a keyword of it ("Empowering" / "1. PEOPLE"); each mission is a large heading
with an introduction and bullet lists under list headings ("We aim to:", "Continue to...",
"Implement..."). A banner that names no priority ("5. COUNCIL") opens the council's own
section. Which heading is a mission is decided by structure — the nearest larger heading
above a list heading — so no mission name appears in code or pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.model import Block
from kernel.text import any_match, clean_item, containment, similarity, words
from rules.plans.packs import BusinessPlanPack
from rules.plans.records import (
    ActionRecord,
    MetricRecord,
    MissionRecord,
    PlanRecord,
    PlanThemeRecord,
    PriorityRecord,
)
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE = "plans.business_plan"


@dataclass
class _Mission:
    heading: Block
    section: str | None  # priority id, or None
    organisation: bool
    intro: list[str] = field(default_factory=list)
    # kind, list heading, then each bullet's text and the block it starts in
    actions: list[tuple[str, Block, list[tuple[str, Block]]]] = field(default_factory=list)


@family("plans.mission_lists.v1", params=BusinessPlanPack)
def business_plan_records(document: Reading, pack: BusinessPlanPack) -> list[Record]:
    """A plan laid out as priorities, then missions each with an introduction and lists of
    aims and actions under printed list headings (\"We aim to\", \"We will continue to\")."""
    blocks = [b for b in document.blocks() if b.text.strip()]
    list_kinds = [_list_kind(pack, b) for b in blocks]
    if not any(list_kinds):
        return []  # not this layout family
    plan = _plan(document, pack)
    records: list[Record] = [plan]
    priorities = _priorities(document, pack, blocks, plan)
    records += priorities
    missions = _walk(pack, blocks, list_kinds, priorities)
    mission_records = _mission_records(pack, plan, missions)
    records += [m for m, _ in mission_records]
    for mission, state in mission_records:
        records += _action_records(plan, mission, state)
    records += _guiding_themes(pack, blocks, plan)
    records += _metrics(pack, document, plan, priorities, [m for m, _ in mission_records])
    return records


def _list_kind(pack: BusinessPlanPack, block: Block) -> str | None:
    if block.kind != "heading":
        return None
    text = clean_item(block.text)
    return next((a.kind for a in pack.action_lists if re.search(a.heading, text, re.IGNORECASE)), None)


def _plan(document: Reading, pack: BusinessPlanPack) -> PlanRecord:
    start = end = None
    where: Block | None = None
    for block in document.blocks(1, min(pack.max_title_page, document.page_count)):
        for line in block.lines or []:
            m = any_match(pack.title, clean_item(line.text), ignore_case=True)
            if m:
                start, end, where = int(m.group("start")), int(m.group("end")), block
                break
        if where:
            break
    if start is None and document.meta.plan_period:
        m = re.match(r"(\d{4})\D+(\d{4})", document.meta.plan_period)
        if m:
            start, end = int(m.group(1)), int(m.group(2))
    title = document.meta.title or " ".join(clean_item(b.text) for b in document.blocks(1, 1) if b.kind == "heading")
    return PlanRecord(
        document_id=document.id, page=where.page if where else 1, bbox=bbox_text(where.bbox) if where else None,
        rule=f"{RULE}.plan_title.v1", title=title, period_start=start, period_end=end,
    )


def _priorities(document: Reading, pack: BusinessPlanPack, blocks: list[Block], plan: PlanRecord) -> list[PriorityRecord]:
    """The priorities as the plan lists them, ordered by the section banners that open them."""
    names: list[tuple[str, Block]] = []
    for i, block in enumerate(blocks):
        if block.kind == "heading" and any_match(pack.priority_list_heading, clean_item(block.text), ignore_case=True):
            for item in blocks[i + 1 : i + 3]:
                if item.kind == "heading":
                    break
                parts = re.split(f"[{re.escape(pack.priority_list_separators)}]", item.text)
                names += [(clean_item(p), item) for p in parts if clean_item(p)]
            break
    stop = pack.text.stopwords
    banners = _banners(pack, blocks)
    out = []
    for i, (name, block) in enumerate(names, start=1):
        number, banner = next(
            ((n, b) for n, kw, b in banners if containment(words(kw, stop), words(name, stop)) == 1.0), (None, None)
        )
        out.append(PriorityRecord(
            document_id=document.id, page=block.page, bbox=bbox_text(block.bbox), rule=f"{RULE}.priority_list.v1",
            plan_id=plan.id, name=name, section_heading=clean_item(banner.text) if banner else None,
            position=number or len(names) + i,
        ))
    # Positions: banner numbers where printed, else after them in list order.
    for i, p in enumerate(sorted(out, key=lambda p: p.position), start=1):
        p.position = i
    return out


def _banners(pack: BusinessPlanPack, blocks: list[Block]) -> list[tuple[int, str, Block]]:
    found = []
    for block in blocks:
        for line in block.lines or []:
            m = any_match(pack.section_banner, clean_item(line.text), ignore_case=True)
            if m:
                number = re.search(r"\d+", m.group(0))
                found.append((int(number.group(0)) if number else 0, m.group("keyword"), block))
    return found


def _walk(pack: BusinessPlanPack, blocks: list[Block], list_kinds: list[str | None],
          priorities: list[PriorityRecord]) -> list[_Mission]:
    stop = pack.text.stopwords
    section: str | None = None
    in_organisation = False
    heading: Block | None = None  # the last heading that may be a mission
    intro: list[str] = []
    mission: _Mission | None = None
    current: tuple[str, Block, list[tuple[str, Block]]] | None = None  # the open bullet list
    list_level = 99
    missions: list[_Mission] = []
    for block, kind in zip(blocks, list_kinds, strict=True):
        text = clean_item(block.text)
        banner = next((m for line in block.lines or [] if (m := any_match(pack.section_banner, clean_item(line.text), ignore_case=True))), None)
        if banner:
            keyword = words(banner.group("keyword"), stop)
            match = next((p for p in priorities if containment(keyword, words(p.name, stop)) == 1.0), None)
            section, in_organisation = (match.id if match else None), match is None
            heading, current, mission = None, None, None
            continue
        if kind:
            if mission is None or (heading is not None and mission.heading is not heading):
                if heading is None:
                    continue  # a list with no heading above it: nothing to hang it on
                organisation = in_organisation or bool(any_match(pack.organisation, clean_item(heading.text), ignore_case=True))
                mission = _Mission(heading, None if organisation else section, organisation, intro)
                missions.append(mission)
            current = (kind, block, [])
            mission.actions.append(current)
            list_level = block.level or 99
            continue
        if block.kind == "heading":
            if any_match(pack.lead_ins, text, ignore_case=True):
                continue
            if current is not None and (block.level or 99) > list_level:
                continue  # smaller type than the list heading (a "DRAFT" stamp): not a new section
            heading, intro, current = block, [], None
            continue
        if current is not None:
            if block.kind == "list_item" and not _continues(text):
                current[2].append((text, block))
            elif current[2] and _continues(text):
                last, first = current[2][-1]
                current[2][-1] = (f"{last} {text}", first)  # a bullet split by a page break
        elif heading is not None and block.kind == "paragraph" and (mission is None or mission.heading is not heading):
            intro.append(text)
    return missions


def _continues(text: str) -> bool:
    """Text that carries on the previous bullet: it starts in lower case."""
    return bool(text) and text[0].islower()


def _mission_records(pack: BusinessPlanPack, plan: PlanRecord, missions: list[_Mission]) -> list[tuple[MissionRecord, _Mission]]:
    out = []
    for i, m in enumerate(missions, start=1):
        record = MissionRecord(
            document_id=plan.document_id, page=m.heading.page, bbox=bbox_text(m.heading.bbox),
            rule=f"{RULE}.mission_heading.v1", plan_id=plan.id, priority_id=m.section, parent_id=None,
            kind="organisation" if m.organisation else "mission", name=clean_item(m.heading.text),
            intro=" ".join(m.intro) or None, position=i,
        )
        out.append((record, m))
    return out


def _action_records(plan: PlanRecord, mission: MissionRecord, state: _Mission) -> list[ActionRecord]:
    out: list[ActionRecord] = []
    counts: dict[str, int] = {}
    for kind, _, bullets in state.actions:
        for text, block in bullets:
            counts[kind] = counts.get(kind, 0) + 1
            out.append(ActionRecord(
                document_id=plan.document_id, page=block.page, bbox=bbox_text(block.bbox), rule=f"{RULE}.action_list.v1",
                plan_id=plan.id, mission_id=mission.id, kind=kind, text=text, position=counts[kind],
            ))
    return out


def _guiding_themes(pack: BusinessPlanPack, blocks: list[Block], plan: PlanRecord) -> list[PlanThemeRecord]:
    out: list[PlanThemeRecord] = []
    level: int | None = None
    current: tuple[Block, list[str]] | None = None
    themes: list[tuple[Block, list[str]]] = []
    for block in blocks:
        if level is None:
            if block.kind == "heading" and any_match(pack.guiding_themes_heading, clean_item(block.text), ignore_case=True):
                level = block.level or 99
            continue
        if block.kind == "heading":
            if (block.level or 99) <= level:
                break
            current = (block, [])
            themes.append(current)
        elif current is not None and block.kind in ("paragraph", "list_item"):
            current[1].append(clean_item(block.text))
    for i, (heading, texts) in enumerate(themes, start=1):
        out.append(PlanThemeRecord(
            document_id=plan.document_id, page=heading.page, bbox=bbox_text(heading.bbox), rule=f"{RULE}.guiding_theme.v1",
            plan_id=plan.id, kind="guiding_theme", name=clean_item(heading.text), text=" ".join(texts) or None, position=i,
        ))
    return [t for t in out if t.text]  # a heading with no text under it is a stamp, not a theme


def _metrics(pack: BusinessPlanPack, document: Reading, plan: PlanRecord, priorities: list[PriorityRecord],
             missions: list[MissionRecord]) -> list[MetricRecord]:
    spec = pack.metrics_table
    if spec is None:
        return []
    out: list[MetricRecord] = []
    priority_text = mission_text = ""
    for page in document.pages:
        for block in page.blocks:
            if block.kind != "table" or block.table is None:
                continue
            table = block.table
            rows = table.cell_texts()
            if not rows:
                continue
            header = [clean_item(c) for c in rows[0]]
            cols = {name: next((i for i, h in enumerate(header) if re.search(pattern, h, re.IGNORECASE)), None)
                    for name, pattern in (("key", spec.key_metric), ("mission", spec.mission),
                                          ("contributing", spec.contributing), ("priority", spec.priority))}
            if cols["key"] is None or cols["mission"] is None:
                continue
            for r, row in enumerate(rows[1:], start=1):
                cell = {name: clean_item(row[i]) if i is not None and i < len(row) else "" for name, i in cols.items()}
                priority_text = cell["priority"] or priority_text
                mission_text = cell["mission"] or mission_text
                if not cell["key"]:
                    continue
                raw = row[cols["contributing"]] if cols["contributing"] is not None else ""
                contributing = [clean_item(x) for x in re.split(f"[{re.escape(spec.bullet_chars)}]", raw or "") if clean_item(x)]
                mission = _resolve(pack, mission_text, missions)
                priority_id = mission.priority_id if mission else _resolve_priority(pack, priority_text, priorities)
                page_no = table.row_pages[r] if r < len(table.row_pages) else table.page
                out.append(MetricRecord(
                    document_id=document.id, page=page_no, bbox=bbox_text(table.bbox) if page_no == table.page else None,
                    rule=f"{RULE}.metrics_table.v1", plan_id=plan.id, priority_id=priority_id,
                    mission_id=mission.id if mission else None, mission_as_printed=mission_text,
                    key_metric=cell["key"], contributing_metrics="\n".join(contributing) or None, position=len(out) + 1,
                ))
    return out


def _resolve(pack: BusinessPlanPack, text: str, missions: list[MissionRecord]) -> MissionRecord | None:
    """The mission a table names in its own words: the closest name, by spelling or by words."""
    stop = pack.text.stopwords
    best, score = None, 0.0
    for m in missions:
        s = max(similarity(text, m.name), containment(words(text, stop), words(m.name, stop)))
        if s > score:
            best, score = m, s
    return best if score >= 0.6 else None


def _resolve_priority(pack: BusinessPlanPack, text: str, priorities: list[PriorityRecord]) -> str | None:
    stop = pack.text.stopwords
    for p in priorities:
        if words(text, stop) and containment(words(text, stop), words(p.name, stop)) == 1.0:
            return p.id
    return None
