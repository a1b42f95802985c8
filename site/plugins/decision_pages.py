"""Datasette plugin: a page per decision — ``/-/decision/{id}``.

What was resolved (one numbered point per line), why (the reason printed with it), where it
came from (the officers' recommendation it answers and whether it was adopted as recommended,
when the extractor has linked them), which plan elements it concerns, and the PDF page.
Columns that other stages are still adding (``resolved_points``, ``recommendation_id``,
``adoption``, ``plan_links``, ``decision_checks``) are used when the database has them.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.resolution_points import points_of
from council_plans.site import has, human_date, plans_database, query_one, query_rows, report_path, row_or_404
from council_plans.threads_site import threads_of

ADOPTION = {"as_recommended": "adopted as the officers recommended", "amended": "adopted with amendments",
            "not_in_report": "not among the report's recommendations"}
TARGET_PAGE = {"missions": "/-/mission/", "decisions": "/-/decision/", "meetings": "/-/meeting/"}


async def _plan_elements(db: Any, decision_id: str) -> list[dict[str, Any]]:
    if not await has(db, "plan_links"):
        return []
    out = []
    for link in await query_rows(db, "select * from plan_links where source_table = 'decisions' and source_id = :id",
                                 {"id": decision_id}):
        table, ident = link.get("target_table"), link.get("target_id")
        name = None
        if table in ("missions", "priorities") and await has(db, table):
            row = await query_one(db, f"select name from [{table}] where id = :id", {"id": ident})
            name = row and row["name"]
        elif table == "plans" and await has(db, "plans"):
            row = await query_one(db, "select title from plans where id = :id", {"id": ident})
            name = row and row["title"]
        href = TARGET_PAGE.get(table, f"/{db.name}/{table}/") + str(ident)
        out.append({**link, "name": name or ident, "href": href, "kind": (table or "").rstrip("s")})
    return out


async def decision_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    decision = await row_or_404(db, "decisions", ident, "decisions", "decision")
    ctx: dict[str, Any] = {"decision": decision, "points": points_of(decision.get("resolved"), decision.get("resolved_points")), "database": db.name,
                           "adoption": ADOPTION.get(decision.get("adoption") or "")}
    ctx["meeting"] = None
    if decision.get("meeting_id") and await has(db, "meetings"):
        ctx["meeting"] = await query_one(db, "select * from meetings where id = :id", {"id": decision["meeting_id"]})
    ctx["when"] = human_date((ctx["meeting"] or {}).get("date") or decision.get("decision_date"))
    ctx["recommendation"] = ctx["report"] = None
    if decision.get("recommendation_id") and await has(db, "recommendations"):
        ctx["recommendation"] = await query_one(db, "select * from recommendations where id = :id",
                                           {"id": decision["recommendation_id"]})
        if ctx["recommendation"] and ctx["recommendation"].get("report_id"):
            ctx["report"] = await query_one(db, "select * from reports where id = :id", {"id": ctx["recommendation"]["report_id"]})
            if ctx["report"]:
                ctx["report"]["href"] = report_path(ctx["report"], db.name)
    ctx["elements"] = await _plan_elements(db, ident)
    ctx["checks"] = []
    if await has(db, "decision_checks", "decision_id"):
        ctx["checks"] = await query_rows(db, "select * from decision_checks where decision_id = :id", {"id": ident})
    ctx["threads"] = await threads_of(db, "decisions", ident)
    ctx["siblings"] = []
    if decision.get("meeting_id"):
        ctx["siblings"] = await query_rows(
            db, "select id, minute_number, title from decisions where meeting_id = :m "
                "order by cast(minute_number as integer), minute_number, page", {"m": decision["meeting_id"]})
    return Response.html(await datasette.render_template("decision.html", ctx, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/decision/(?P<id>[^/]+)$", decision_page)]
