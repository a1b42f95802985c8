"""The ``topics`` linker: every decision, recommendation, report and plan element coded once.

Runs after the other linkers (it reads what they made: canonical indicators, resolved
activity missions), with every document's records, and fills the topic columns
(:class:`rules.records.TopicFields`). Each record type says what its heading, text and
context are; records are coded in waves so that an element's context can be the code of the
element it sits under (a goal's theme, an action's mission, an activity's mission, a
recommendation's report), each wave batched through spaCy's ``nlp.pipe``:

1. reports, decisions, priorities and plan themes — context: the meeting's body, the plan;
2. missions without a parent (2022 missions, 2017 themes, outcomes) — context: their priority;
3. missions under a parent (2017 goals) — context: their theme;
4. recommendations, actions, metrics, activities and indicators — context: their report or
   mission.

An item nothing signals takes its context's topic (rule ``topics.context.v1``) or is
``unclassified`` with confidence 0: no coded record is left empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rules.activities import ActivityRecord
from rules.indicators import Indicator
from rules.meetings.records import DecisionRecord, MeetingRecord, RecommendationRecord, ReportRecord
from rules.plans.records import ActionRecord, MetricRecord, MissionRecord, PlanRecord, PlanThemeRecord, PriorityRecord
from rules.records import DocumentRecord, Record, TopicFields
from rules.registry import linker
from rules.topics import TopicCode, code_many

Context = str | TopicCode | None
Item = tuple[str | None, Context, str | None]  # (text, context, heading)


def _join(*parts: str | None) -> str | None:
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return text or None


class _Records:
    """Look-ups over one build's records, and the codes given so far."""

    def __init__(self, records: list[Record]):
        self.by_id: dict[str, Record] = {r.id: r for r in records}
        self.meetings = {r.id: r for r in records if isinstance(r, MeetingRecord)}
        self.documents = {r.document_id: r for r in records if isinstance(r, DocumentRecord)}
        self.plans = {r.id: r for r in records if isinstance(r, PlanRecord)}
        self.codes: dict[str, TopicCode] = {}

    def code_of(self, ident: str | None) -> TopicCode | None:
        return self.codes.get(ident) if ident else None

    def document_context(self, r: Record) -> str | None:
        doc = self.documents.get(r.document_id)
        return (doc.body or doc.title) if doc else None

    def plan_title(self, plan_id: str | None) -> str | None:
        plan = self.plans.get(plan_id or "")
        return plan.title if plan else None

    def code(self, records: Iterable[Any], item: Callable[[Any], Item]) -> list[Record]:
        records = list(records)
        for record, topic in zip(records, code_many([item(r) for r in records]), strict=True):
            record.set_topic(topic)
            self.codes[record.id] = topic
        return records


def _decision(rs: _Records) -> Callable[[DecisionRecord], Item]:
    def item(d: DecisionRecord) -> Item:
        meeting = rs.meetings.get(d.meeting_id or "")
        context = (meeting.body if meeting and meeting.body else None) or d.decision_maker or rs.document_context(d)
        return d.resolved, context, d.title
    return item


def _report(rs: _Records) -> Callable[[ReportRecord], Item]:
    def item(r: ReportRecord) -> Item:
        meeting = rs.meetings.get(r.meeting_id or "")
        return r.purpose, (meeting.body if meeting else None) or r.meeting_body or rs.document_context(r), \
            _join(r.title, r.subject if r.subject and r.subject != r.title else None)
    return item


def _mission(rs: _Records) -> Callable[[MissionRecord], Item]:
    def item(m: MissionRecord) -> Item:
        context = rs.code_of(m.parent_id) or rs.code_of(m.priority_id) or rs.plan_title(m.plan_id)
        intro = m.intro if m.intro and m.intro != m.name else None
        return _join(m.strapline, intro, m.impact) or m.why_important, context, m.name
    return item


@linker("topics", after=("plans.activity_links", "indicators.canonical", "meetings.adoption", "decision_checks",
                         "plan_links"))
def code_topics(records: list[Record]) -> list[Record]:
    """Every coded record type's policy topic (see the module docstring)."""
    rs = _Records(records)
    of = lambda cls: [r for r in records if isinstance(r, cls)]  # noqa: E731
    coded: list[Record] = []
    coded += rs.code(of(ReportRecord), _report(rs))
    coded += rs.code(of(DecisionRecord), _decision(rs))
    coded += rs.code(of(PriorityRecord), lambda p: (p.intro, rs.plan_title(p.plan_id), p.name))
    missions = of(MissionRecord)
    coded += rs.code([m for m in missions if not m.parent_id], _mission(rs))
    coded += rs.code([m for m in missions if m.parent_id], _mission(rs))
    coded += rs.code(of(PlanThemeRecord),
                     lambda t: (t.text, rs.code_of(t.mission_id) or rs.plan_title(t.plan_id), t.name))
    coded += rs.code(of(RecommendationRecord), lambda r: (r.text, rs.code_of(r.report_id), r.heading))
    coded += rs.code(of(ActionRecord), lambda a: (a.text, rs.code_of(a.mission_id), None))
    coded += rs.code(of(MetricRecord),
                     lambda m: (m.contributing_metrics, rs.code_of(m.mission_id) or m.mission_as_printed or None,
                                m.key_metric))
    coded += rs.code(of(ActivityRecord),
                     lambda a: (_join(a.planned_activity, a.intended_impact), rs.code_of(a.mission_id) or a.main_bp_link,
                                None))
    coded += rs.code(of(Indicator), lambda i: (None, _indicator_context(rs, i), i.name))
    missed = [r for r in records if isinstance(r, TopicFields) and r.topic is None]
    if missed:  # a record type that mixes in TopicFields but is not coded above
        raise RuntimeError(f"{len(missed)} records of coded types were not coded: {sorted({r.table for r in missed})}")
    return coded


def _indicator_context(rs: _Records, i: Indicator) -> Context:
    for ident in [*i.mission_ids, *i.activity_ids]:
        if ident in rs.codes:
            return rs.codes[ident]
    return rs.document_context(i) or (rs.documents[i.document_id].title if i.document_id in rs.documents else None)
