"""Plans: business-plan hierarchies (plan → priority → mission/theme → goal → action) read from
plan documents, and the linker that ties service-plan activities to the missions they serve.

One module per layout family (``business_plan``, ``theme_pages``, ``plan_lists``,
``plan_objectives``), each driven by its rule pack under ``rules/packs/``; importing this
package registers the rule set and the linker.
"""

from __future__ import annotations

from extractor.model import Document
from rules.engine import document_rules, linker
from rules.plans.activity_links import link_activities
from rules.plans.business_plan import business_plan_records
from rules.plans.cited_plans import cited_plan_records
from rules.plans.plan_lists import plan_list_records
from rules.plans.plan_objectives import plan_objective_records
from rules.plans.records import (
    ActionRecord,
    MetricRecord,
    MissionRecord,
    PlanRecord,
    PlanThemeRecord,
    PriorityRecord,
)
from rules.plans.theme_pages import theme_page_records
from rules.records import Record

__all__ = [
    "ActionRecord", "MetricRecord", "MissionRecord", "PlanRecord", "PlanThemeRecord", "PriorityRecord", "plan_records",
]


@document_rules("plans")
def plan_records(document: Document) -> list[Record]:
    """Every plan layout family on one document; each returns nothing unless its markers are there."""
    return [
        *business_plan_records(document), *theme_page_records(document),
        *plan_list_records(document), *plan_objective_records(document),
        *cited_plan_records(document),
    ]


linker("plans")(link_activities)
