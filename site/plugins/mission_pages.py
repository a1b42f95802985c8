"""Datasette plugin: a page per plan mission, theme or goal — ``/-/mission/{id}``.

Written for the public: what the council says it will do (the mission in plain words, its
aims and actions, the service-plan activities that serve it), whether it is working (each
indicator that measures it, charted inline), where it came from in the previous plan edition
and what became of it, and the decisions and reports that concern it. No internal ids: every
item links to its own page or to the PDF page it was read from.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.charts import charts_by_unit, format_value, merge_duplicates, when
from council_plans.site import has, json_list, plans_database, query_one, query_rows, report_path, row_or_404

KIND_WORD = {"mission": "a mission", "theme": "a theme", "goal": "a goal", "organisation": "the council's own section",
             "objective": "an objective"}


async def _indicators(db: Any, mission_id: str) -> list[dict[str, Any]]:
    """Each indicator measuring the mission with its values (each once), most values first."""
    if not await has(db, "indicators") or not await has(db, "indicator_values"):
        return []
    ids: list[str] = []
    if await has(db, "indicators", "mission_ids"):
        ids += [r["id"] for r in await query_rows(
            db, "select indicators.id from indicators, json_each(indicators.mission_ids) as m where m.value = :id",
            {"id": mission_id})]
    if await has(db, "indicator_values", "mission_id"):
        ids += [r["indicator_id"] for r in await query_rows(
            db, "select distinct indicator_id from indicator_values where mission_id = :id and indicator_id is not null",
            {"id": mission_id})]
    out = []
    for ident in dict.fromkeys(ids):
        indicator = await query_one(db, "select id, name, unit from indicators where id = :id", {"id": ident})
        if indicator is None:
            continue
        rows = await query_rows(db, "select * from indicator_values where indicator_id = :id "
                                    "order by coalesce(period_start, '9999'), document_id, page", {"id": ident})
        values = merge_duplicates(rows)
        for v in values:
            v["shown"] = format_value(v["value"], v["unit"])
        dated = sorted((v for v in values if when(v)), key=when)
        indicator["values"] = values
        indicator["latest"] = dated[-1] if dated else (values[-1] if values else None)
        indicator["charts"] = charts_by_unit(values, width=560, height=220) if len(dated) > 1 else []
        out.append(indicator)
    out.sort(key=lambda i: (not i["charts"], -len(i["values"]), i["name"]))
    return out


async def _lineage(db: Any, mission_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not await has(db, "lineage"):
        return [], []
    came_from = await query_rows(db, "select * from lineage where to_id = :id and from_id is not null order by score desc",
                                 {"id": mission_id})
    became = await query_rows(db, "select * from lineage where from_id = :id order by score desc", {"id": mission_id})
    for link in came_from + became:
        link["evidence_list"] = json_list(link.get("evidence")) or []
    return came_from, became


async def _concerning(db: Any, mission_id: str) -> list[dict[str, Any]]:
    """Decisions and reports linked to this element (plan_links), each with its own page."""
    if not await has(db, "plan_links"):
        return []
    links = await query_rows(db, "select * from plan_links where target_table = 'missions' and target_id = :id",
                             {"id": mission_id})
    out = []
    for link in links:
        if link.get("source_table") == "decisions":
            row = await query_one(db, "select id, title, meeting_id from decisions where id = :id", {"id": link["source_id"]})
            if row:
                out.append({"kind": "decision", "title": row["title"], "href": f"/-/decision/{row['id']}", **link})
        elif link.get("source_table") == "reports":
            row = await query_one(db, "select id, title, meeting_id from reports where id = :id", {"id": link["source_id"]})
            if row:
                out.append({"kind": "report", "title": row["title"], "href": report_path(row, db.name), **link})
    return out


async def mission_page(datasette: Any, request: Any) -> Response:
    mission_id = request.url_vars["id"]
    db = plans_database(datasette)
    mission = await row_or_404(db, "missions", mission_id, "plan missions", "mission, theme or goal")
    ctx: dict[str, Any] = {"mission": mission, "database": db.name, "kind_word": KIND_WORD.get(mission["kind"], mission["kind"])}
    ctx["plan"] = await query_one(db, "select * from plans where id = :id", {"id": mission.get("plan_id")})
    ctx["parent"] = None
    if mission.get("parent_id"):
        ctx["parent"] = await query_one(db, "select id, name, kind from missions where id = :id", {"id": mission["parent_id"]})
    ctx["priority"] = None
    priority_id = mission.get("priority_id") or (ctx["parent"] or {}).get("priority_id")
    if priority_id and await has(db, "priorities"):
        ctx["priority"] = await query_one(db, "select * from priorities where id = :id", {"id": priority_id})
    ctx["children"] = await query_rows(
        db, "select m.*, (select count(*) from actions a where a.mission_id = m.id) as actions "
            "from missions m where m.parent_id = :id order by m.position", {"id": mission_id}) \
        if await has(db, "actions", "mission_id") else \
        await query_rows(db, "select * from missions where parent_id = :id order by position", {"id": mission_id})
    ctx["actions"] = []
    if await has(db, "actions", "mission_id"):
        ctx["actions"] = await query_rows(db, "select * from actions where mission_id = :id order by kind, position", {"id": mission_id})
    ctx["activities"] = []
    if await has(db, "activities", "mission_id"):
        ctx["activities"] = await query_rows(db, "select * from activities where mission_id = :id order by position", {"id": mission_id})
    ctx["metrics"] = []
    if await has(db, "metrics", "mission_id"):
        ctx["metrics"] = await query_rows(db, "select * from metrics where mission_id = :id order by position", {"id": mission_id})
    ctx["indicators"] = await _indicators(db, mission_id)
    ctx["came_from"], ctx["became"] = await _lineage(db, mission_id)
    ctx["concerning"] = await _concerning(db, mission_id)
    html = await datasette.render_template("mission.html", ctx, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/mission/(?P<id>[^/]+)$", mission_page)]
