"""Plan records: a plan, its priorities, its missions (2022 missions, 2017 themes and goals,
the council's own section), their actions, cross-cutting themes and performance metrics.

Every table names the plan it belongs to, so two editions of a plan (2017, 2022) sit side by
side and the lineage between them can be drawn over ``missions``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from rules.records import Record, TopicFields

_DOC_FK = ("document_id", "documents", "id")
_PLAN_FK = ("plan_id", "plans", "id")


class PlanRecord(Record):
    table: ClassVar[str] = "plans"
    description: ClassVar[str] = "One row per business plan (or plan-like strategy) read from a document."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "title", "period_start")
    fts: ClassVar[tuple[str, ...]] = ("title", "vision")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (_DOC_FK,)

    title: str = Field(description="Title of the plan as printed, e.g. Wiltshire Council Business Plan 2022 to 2032")
    period_start: int | None = Field(None, description="First year the plan covers, e.g. 2022")
    period_end: int | None = Field(None, description="Last year the plan covers, e.g. 2032")
    vision: str | None = Field(None, description="The plan's vision or mission statement, where it prints one")
    kind: str = Field(
        "business_plan",
        description="business_plan, or the kind of other plan-like document its rule pack names (strategy, action_plan)",
    )
    cited_in: str | None = Field(
        None, description="For a plan known only from another document's list of its outcomes: that document (documents.id)"
    )
    cited_page: int | None = Field(None, description="The page of cited_in that lists the plan's outcomes")


class PriorityRecord(TopicFields, Record):
    table: ClassVar[str] = "priorities"
    description: ClassVar[str] = "The top-level priorities of a plan (Empowered People, Growing the economy, ...)."
    key_fields: ClassVar[tuple[str, ...]] = ("plan_id", "name")
    fts: ClassVar[tuple[str, ...]] = ("name", "intro")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (_DOC_FK, _PLAN_FK)

    plan_id: str = Field(description="The plan the priority belongs to (plans.id)")
    name: str = Field(description="Name of the priority as the plan's own list of priorities prints it")
    kind: str | None = Field(
        None, description="What the plan calls its top-level elements, where it calls them something else than "
                          "priorities: ambition, theme, outcome, well-being objective, pledge, mission ..."
    )
    summary: str | None = Field(
        None, description="What the plan says the priority is, printed after its name ('Strong Economy: the "
                          "economy grows ...') or as the paragraph under its heading"
    )
    section_heading: str | None = Field(None, description="The banner or page heading that opens the priority's section, as printed")
    intro: str | None = Field(None, description="The plan's paragraph introducing the priority, where there is one")
    lead: str | None = Field(None, description="Who leads the priority, as printed after it (e.g. the councillor and support officer)")
    position: int = Field(description="Order of the priority in the plan, from 1")


class MissionRecord(TopicFields, Record):
    table: ClassVar[str] = "missions"
    description: ClassVar[str] = (
        "Missions of a plan and their like: 2022 missions, 2017 themes and their goals, and the council's "
        "own section (kind organisation, under no priority)."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("plan_id", "kind", "parent_id", "name")
    fts: ClassVar[tuple[str, ...]] = ("name", "strapline", "intro")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (
        _DOC_FK, _PLAN_FK, ("priority_id", "priorities", "id"), ("parent_id", "missions", "id"),
    )

    plan_id: str = Field(description="The plan the mission belongs to (plans.id)")
    priority_id: str | None = Field(None, description="The priority it serves (priorities.id); empty for the council's own section")
    parent_id: str | None = Field(None, description="For a goal, the theme it belongs to (missions.id)")
    kind: str = Field(
        description="mission, theme, goal, organisation (the council's own section), objective (of an action plan), "
                    "or outcome / priority of a plan cited in another document"
    )
    name: str = Field(description="Name as printed, e.g. We get the best start in life")
    summary: str | None = Field(
        None, description="What the plan says the element is, printed after its name ('Name: what it means') or as "
                          "the paragraph under its heading"
    )
    strapline: str | None = Field(None, description="The quoted 'I can ...' line under a theme, quote marks removed")
    intro: str | None = Field(None, description="The introduction printed under the heading (an objective's description)")
    impact: str | None = Field(None, description="The impact or outcome printed for an objective, where the plan has one")
    why_important: str | None = Field(None, description="Text under 'Why is this important?', where the plan has it")
    challenges: str | None = Field(None, description="Text under 'What are the challenges?', where the plan has it")
    status: str | None = Field(
        None, description="The progress status a performance report gives an objective, as printed (Green, Amber, Red, "
                          "Complete ...)"
    )
    position: int = Field(description="Order among its siblings in the plan, from 1")


class ActionRecord(TopicFields, Record):
    table: ClassVar[str] = "actions"
    description: ClassVar[str] = "What a plan says it will do under a mission or goal: aims, continue-to and implement bullets, goal actions."
    key_fields: ClassVar[tuple[str, ...]] = ("mission_id", "kind", "position")
    fts: ClassVar[tuple[str, ...]] = ("text",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (_DOC_FK, _PLAN_FK, ("mission_id", "missions", "id"))

    plan_id: str = Field(description="The plan the action belongs to (plans.id)")
    mission_id: str = Field(description="The mission, goal or council section it sits under (missions.id)")
    kind: str = Field(description="aim ('We aim to'), continue ('Continue to...'), implement ('Implement...') or action (a goal's 'What we will do')")
    text: str = Field(description="The action as printed, bullet removed and line wraps joined")
    position: int = Field(description="Order within its mission and kind, from 1")


class PlanThemeRecord(TopicFields, Record):
    table: ClassVar[str] = "plan_themes"
    description: ClassVar[str] = (
        "Cross-cutting themes and principles a plan applies to everything it does (2022 guiding themes, the "
        "2017 plan's eight 'innovative and effective council' themes), and the data domains a strategy reports by."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("plan_id", "kind", "name")
    fts: ClassVar[tuple[str, ...]] = ("name", "text")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (_DOC_FK, _PLAN_FK, ("mission_id", "missions", "id"))

    plan_id: str = Field(description="The plan the theme belongs to (plans.id)")
    mission_id: str | None = Field(None, description="The section it is printed under (missions.id), where it belongs to one")
    kind: str = Field(description="guiding_theme, council_theme or data_domain (an area of a strategy's data scorecard)")
    number: int | None = Field(None, description="The number printed before the theme, where it has one")
    name: str = Field(description="Name of the theme as printed")
    text: str | None = Field(None, description="What the plan says under the theme, paragraphs and bullets joined")
    position: int = Field(description="Order of the theme in the plan, from 1")


class MetricRecord(TopicFields, Record):
    table: ClassVar[str] = "metrics"
    description: ClassVar[str] = (
        "How a plan says it will be measured: key metrics per mission with their contributing metrics, and an "
        "action plan's success measures per objective (or overall)."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("plan_id", "mission_as_printed", "key_metric")
    fts: ClassVar[tuple[str, ...]] = ("key_metric", "contributing_metrics")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (
        _DOC_FK, _PLAN_FK, ("mission_id", "missions", "id"), ("priority_id", "priorities", "id"),
    )

    plan_id: str = Field(description="The plan the metric belongs to (plans.id)")
    priority_id: str | None = Field(None, description="The priority of the mission measured (priorities.id); empty for the council's own metrics")
    mission_id: str | None = Field(None, description="The mission measured (missions.id); empty when the printed name matches none")
    mission_as_printed: str = Field(description="The mission as the metrics table prints it; the objective's heading for a success measure, empty for an overall one")
    kind: str = Field("key_metric", description="key_metric (a metrics table row) or success_measure (listed under an objective, or overall)")
    key_metric: str = Field(description="The key metric or success measure as printed")
    contributing_metrics: str | None = Field(None, description="The contributing metrics printed beside it, one per line")
    position: int = Field(description="Order of the row in the metrics table, from 1")
