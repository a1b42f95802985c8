"""Action plans printed as labelled sections: objectives, their impact and success measures.

The layout (the "RPA locally-led delivery project 2012-13 Action Plan" in the 31 May 2012
Children's Select Committee pack, a DfE form): a title line with the plan's period; "Overall
Success Measures" as a numbered list; then per objective "Objective N Description:" and its
text, "Impact/ Outcome:", "Success Measures and Baselines:" and its list or paragraphs, and
other labelled sections (deliverables, risks, expenditure) that end them. Labels are matched
line by line, since a form's label and its text are often set in one block. Objectives become
``missions`` (kind objective); success measures become ``metrics`` (kind success_measure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.model import Block, Line
from kernel.text import any_match, clean_item
from rules.plans.packs import PlanObjectivesPack
from rules.plans.records import MetricRecord, MissionRecord, PlanRecord
from rules.plans.theme_pages import split_actions
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE = "plans.plan_objectives"


@dataclass
class _Chunk:
    """Consecutive lines of one block inside one section."""

    block: Block
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Section:
    kind: str  # objective | impact | measures | overall | other
    label: Line
    number: int | None = None
    chunks: list[_Chunk] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(_chunk_text(c) for c in self.chunks).strip()


def _chunk_text(chunk: _Chunk) -> str:
    """A chunk's lines as one line, without the list label its block starts with ("1.")."""
    text = clean_item("\n".join(ln.text for ln in chunk.lines))
    label = chunk.block.label or ""
    if chunk.block.kind == "list_item" and label and text.startswith(label) and chunk.lines[0] is chunk.block.lines[0]:
        text = text[len(label):].strip()
    return text


@family("plans.objective_sections.v1", params=PlanObjectivesPack)
def plan_objective_records(document: Reading, pack: PlanObjectivesPack) -> list[Record]:
    """An action plan's objectives as numbered sections, each with its success measures."""
    sections, title = _sections(pack, document)
    if title is None or not any(s.kind == "objective" for s in sections):
        return []  # not this layout family
    m = any_match(pack.title, clean_item(title.text), ignore_case=True)
    assert m is not None
    start, end = int(m.group("start")), m.group("end")
    plan = PlanRecord(
        document_id=document.id, page=title.page, bbox=bbox_text(title.bbox), rule=f"{RULE}.plan_title.v1",
        title=clean_item(m.group("title")), period_start=start,
        period_end=int(end) if len(end) == 4 else start // 100 * 100 + int(end), kind=pack.plan_kind,
    )
    records: list[Record] = [plan]
    objective: MissionRecord | None = None
    objective_label = ""
    for section in sections:
        if section.kind == "objective":
            objective = MissionRecord(
                document_id=document.id, page=section.label.page, bbox=bbox_text(section.label.bbox),
                rule=f"{RULE}.objective.v1", plan_id=plan.id, kind="objective",
                name=section.text() or clean_item(section.label.text), intro=section.text() or None,
                position=section.number or 1,
            )
            records.append(objective)
            objective_label = clean_item(section.label.text)
        elif section.kind == "impact" and objective is not None:
            objective.impact = section.text() or None
        elif section.kind in ("measures", "overall"):
            target = objective if section.kind == "measures" else None
            for text, line in measures(pack, section):
                records.append(MetricRecord(
                    document_id=document.id, page=line.page, bbox=bbox_text(line.bbox), rule=f"{RULE}.success_measure.v1",
                    plan_id=plan.id, mission_id=target.id if target else None,
                    mission_as_printed=objective_label if target else "",
                    kind="success_measure", key_metric=text, position=sum(isinstance(r, MetricRecord) for r in records) + 1,
                ))
    return records


def _sections(pack: PlanObjectivesPack, document: Reading) -> tuple[list[_Section], Line | None]:
    """The labelled sections after the plan's title line, each with its lines grouped by block."""
    title: Line | None = None
    sections: list[_Section] = []
    for block in document.blocks():
        if block.kind == "table":
            if sections:
                sections.append(_Section("other", block.lines[0] if block.lines else sections[-1].label))
            continue
        for line in block.lines or []:
            if line.furniture or line.in_table:
                continue
            text = clean_item(line.text)
            if any_match(pack.title, text, ignore_case=True) and (title is None or not sections):
                title, sections = line, []
                continue
            if title is None:
                continue
            kind, number = _label(pack, text)
            if kind:
                sections.append(_Section(kind, line, number))
                continue
            if not sections:
                continue
            chunks = sections[-1].chunks
            if not chunks or chunks[-1].block is not block:
                chunks.append(_Chunk(block))
            chunks[-1].lines.append(line)
    return sections, title


def _label(pack: PlanObjectivesPack, text: str) -> tuple[str | None, int | None]:
    m = re.match(pack.objective, text, re.IGNORECASE)
    if m:
        return "objective", int(m.group("number"))
    for kind, pattern in (("impact", pack.impact), ("measures", pack.measures), ("overall", pack.overall_measures)):
        if re.match(pattern, text, re.IGNORECASE):
            return kind, None
    return ("other", None) if any_match(pack.other_labels, text, ignore_case=True) else (None, None)


def measures(pack: PlanObjectivesPack, section: _Section) -> list[tuple[str, Line]]:
    """One measure per list item; paragraphs are split where a line ends a measure (see
    ``theme_pages.split_actions``: a sentence end or a line stopping short)."""
    out: list[tuple[str, Line]] = []
    for chunk in section.chunks:
        if chunk.block.kind == "list_item":
            out.append((_chunk_text(chunk), chunk.lines[0]))
            continue
        texts = split_actions("\n".join(ln.text for ln in chunk.lines), pack.wrap_words, frozenset(), pack.fit_ratio)
        starts = iter(chunk.lines)
        for text in texts:
            first = next((ln for ln in starts if text.startswith(clean_item(ln.text)[:20])), chunk.lines[0])
            out.append((text, first))
    return [(t, ln) for t, ln in out if t]
