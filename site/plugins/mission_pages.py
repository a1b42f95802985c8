"""Datasette plugin: a page per plan mission, theme or goal — ``/-/mission/{id}``.

One place shows what the council planned under a mission and what happened: its aims and
actions, the service-plan activities that serve it, its metrics and the values measured
against them, and where it came from in the previous plan edition (lineage). Every item
links to the PDF page it was read from.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.site import plans_database, query_rows


async def _has(db: Any, table: str, column: str | None = None) -> bool:
    if table not in await db.table_names():
        return False
    return column is None or column in await db.table_columns(table)


async def mission_page(datasette: Any, request: Any) -> Response:
    mission_id = request.url_vars["id"]
    db = plans_database(datasette)
    if not await _has(db, "missions"):
        return Response.html("No missions table in this database.", status=404)
    found = await query_rows(db, "select * from missions where id = :id", {"id": mission_id})
    if not found:
        return Response.html(f"No mission with id {escape(mission_id)}.", status=404)
    mission = found[0]
    ctx: dict[str, Any] = {"mission": mission, "database": db.name}
    ctx["plan"] = (await query_rows(db, "select * from plans where id = :id", {"id": mission.get("plan_id")}) or [None])[0]
    ctx["priority"] = None
    if mission.get("priority_id") and await _has(db, "priorities"):
        ctx["priority"] = (await query_rows(db, "select * from priorities where id = :id", {"id": mission["priority_id"]}) or [None])[0]
    ctx["children"] = await query_rows(db, "select * from missions where parent_id = :id order by position", {"id": mission_id})
    ctx["actions"] = []
    if await _has(db, "actions", "mission_id"):
        ctx["actions"] = await query_rows(db, "select * from actions where mission_id = :id order by kind, position", {"id": mission_id})
    ctx["activities"] = []
    if await _has(db, "activities", "mission_id"):
        ctx["activities"] = await query_rows(db, "select * from activities where mission_id = :id", {"id": mission_id})
    ctx["metrics"] = []
    if await _has(db, "metrics", "mission_id"):
        ctx["metrics"] = await query_rows(db, "select * from metrics where mission_id = :id", {"id": mission_id})
    ctx["values"] = []
    if await _has(db, "indicator_values", "activity_id") and ctx["activities"]:
        ctx["values"] = await query_rows(
            db,
            "select v.* from indicator_values v join activities a on v.activity_id = a.id "
            "where a.mission_id = :id order by v.indicator, v.period_start",
            {"id": mission_id},
        )
    ctx["came_from"], ctx["became"] = [], []
    if await _has(db, "lineage"):
        ctx["came_from"] = await query_rows(db, "select * from lineage where to_id = :id and from_id is not null order by score desc", {"id": mission_id})
        ctx["became"] = await query_rows(db, "select * from lineage where from_id = :id order by score desc", {"id": mission_id})
        for link in [*ctx["came_from"], *ctx["became"]]:
            link["evidence_list"] = _evidence(link.get("evidence"))
    ctx["concerned_by"] = []
    if await _has(db, "plan_links"):
        ctx["concerned_by"] = await query_rows(
            db, "select * from plan_links where target_table = 'missions' and target_id = :id order by document_id, page",
            {"id": mission_id},
        )
    html = await datasette.render_template("mission.html", ctx, request=request)
    return Response.html(html)


def _evidence(text: str | None) -> list[dict]:
    """The lineage evidence column (a JSON list of sentences), tolerating an older database without it."""
    try:
        quotes = json.loads(text or "[]")
    except ValueError:
        return []
    return [q for q in quotes if isinstance(q, dict) and q.get("text")]


@hookimpl
def register_routes():
    return [(r"^/-/mission/(?P<id>[^/]+)$", mission_page)]

