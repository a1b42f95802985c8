"""Linking service-plan activities to the business-plan missions their "Main BP Link" names.

Runs after every document (``@linker("plans")``). The plan is the business plan whose period
covers the activity document's plan period (or meeting year); the mission is found by the
``mission_aliases`` pack, then by word overlap. Nothing is guessed: every activity gets a
``link_status`` — ``alias`` or ``words`` when resolved, else ``unresolved`` (a link is printed
but names no mission), ``no_plan`` (no business plan in force was read) or ``no_link`` (no
link printed) — and every activity without a mission is listed by the canned query
``activities_without_a_mission``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kernel.text import containment, words
from rules.councils.scope import Scopes
from rules.plans.packs import MissionAliasPack, mission_alias_pack
from rules.plans.records import MissionRecord, PlanRecord
from rules.records import DocumentRecord, Record
from rules.registry import linker

RULE = "plans.activity_link.v2"  # v2: every activity gets a status (no_link, no_plan added)

RESOLVED = ("alias", "words")
UNRESOLVED = ("unresolved", "no_plan", "no_link")


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def _year(document: DocumentRecord | None) -> int | None:
    if document is None:
        return None
    for value in (document.plan_period, document.meeting_date):
        m = re.match(r"\s*(\d{4})", value or "")
        if m:
            return int(m.group(1))
    return None


def choose_plan(plans: list[PlanRecord], document: DocumentRecord | None) -> PlanRecord | None:
    """The business plan in force for a document: same start year as its plan period, else the
    latest plan that had started by the document's year. Other strategies are never chosen."""
    year = _year(document)
    dated = [p for p in plans if p.period_start is not None and p.kind == "business_plan"]
    if year is None or not dated:
        return None
    exact = [p for p in dated if p.period_start == year]
    if exact:
        return exact[0]
    started = [p for p in dated if p.period_start <= year and (p.period_end is None or year <= p.period_end)]
    return max(started, key=lambda p: p.period_start or 0, default=None)


def resolve(link: str, missions: list[MissionRecord], pack: MissionAliasPack) -> tuple[MissionRecord | None, str]:
    """The mission a printed link names, and how: alias, words or unresolved."""
    by_name = {_norm(m.name): m for m in missions}
    for alias in pack.aliases:
        if _norm(alias.alias) == _norm(link) and _norm(alias.mission) in by_name:
            return by_name[_norm(alias.mission)], "alias"
    stop = pack.text.stopwords
    w = words(link, stop)
    scored = sorted(((containment(w, words(m.name, stop)), i) for i, m in enumerate(missions)), reverse=True)
    if scored and scored[0][0] >= pack.min_overlap:
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if scored[0][0] - runner_up >= pack.margin:
            return missions[scored[0][1]], "words"
    return None, "unresolved"


@linker("plans.activity_links")
def link_activities(records: list[Record]) -> Iterable[Record]:
    from rules.activities import ActivityRecord  # the activities module imports plan helpers

    pack = mission_alias_pack()
    plans = [r for r in records if isinstance(r, PlanRecord)]
    missions = [r for r in records if isinstance(r, MissionRecord) and r.kind in ("mission", "organisation")]
    documents = {r.document_id: r for r in records if isinstance(r, DocumentRecord)}
    scopes = Scopes(documents.values())  # only the same council's business plan
    out: list[Record] = []
    for activity in (r for r in records if isinstance(r, ActivityRecord)):
        plan = choose_plan([p for p in plans if scopes.same(p, activity)], documents.get(activity.document_id))
        mission: MissionRecord | None = None
        if not activity.main_bp_link:
            status = "no_link"
        elif plan is None:
            status = "no_plan"
        else:
            candidates = [m for m in missions if m.plan_id == plan.id]
            mission, status = resolve(activity.main_bp_link, candidates, pack)
        out.append(activity.model_copy(update={
            "plan_id": plan.id if plan else None, "mission_id": mission.id if mission else None,
            "link_status": status, "link_rule": RULE,
        }))
    return out
