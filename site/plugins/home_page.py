"""Datasette plugin: what the home page offers each of the site's three users.

Scrutiny officers start from a search or a recent meeting; the public from the newest
business plan's missions (what the council is doing, and whether it is working); researchers
from the themes of the older plan edition (what became of each) and the lineage picture. The
home page template (``site/templates/index.html``) lays them out; this plugin reads them.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from council_plans.site import has, human_date, plans_database, query_rows


async def home_context(datasette: Any) -> dict[str, Any]:
    db = plans_database(datasette)
    ctx: dict[str, Any] = {"meetings": [], "newest_plan": None, "missions": [], "older_plan": None, "themes": []}
    if await has(db, "meetings"):
        ctx["meetings"] = await query_rows(
            db, "select id, body, date, kind, (select count(*) from decisions d where d.meeting_id = meetings.id) as decisions "
                "from meetings order by date desc limit 6") if await has(db, "decisions", "meeting_id") else \
            await query_rows(db, "select id, body, date, kind, 0 as decisions from meetings order by date desc limit 6")
        for m in ctx["meetings"]:
            m["when"] = human_date(m["date"])
    if not await has(db, "plans") or not await has(db, "missions"):
        return ctx
    plans = await query_rows(db, "select * from plans where kind = 'business_plan' order by period_start desc")
    if await has(db, "documents", "council"):
        # Several councils' plans: the plan shown is of the council with most editions (as /-/lineage's default).
        council_of = {r["id"]: r["council"] for r in await query_rows(
            db, "select p.id, d.council from plans p join documents d on d.id = p.document_id")}
        counts: dict[Any, int] = {}
        for p in plans:
            counts[council_of.get(p["id"])] = counts.get(council_of.get(p["id"]), 0) + (p.get("period_start") is not None)
        if len(counts) > 1:
            main = max(counts, key=lambda c: (counts[c], str(c)))
            plans = [p for p in plans if council_of.get(p["id"]) == main]
    if plans:
        ctx["newest_plan"] = plans[0]
        ctx["missions"] = await query_rows(
            db, "select m.id, m.name, m.kind, p.name as priority from missions m "
                "left join priorities p on p.id = m.priority_id where m.plan_id = :plan and m.parent_id is null "
                "order by coalesce(p.position, 99), m.position", {"plan": plans[0]["id"]})
    if len(plans) > 1 and await has(db, "lineage"):
        # The most recent older edition whose elements have lineage: what became of its themes.
        for older in plans[1:]:
            themes = await query_rows(
                db, "select m.id, m.name, (select count(*) from lineage l where l.from_id = m.id) as links from missions m "
                    "left join priorities p on p.id = m.priority_id where m.plan_id = :plan and m.parent_id is null "
                    "order by coalesce(p.position, 99), m.position", {"plan": older["id"]})
            if any(t["links"] for t in themes):
                ctx["older_plan"], ctx["themes"] = older, themes
                break
    return ctx


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return {}

    async def inner() -> dict[str, Any]:
        return {"home": await home_context(datasette)}

    return inner
