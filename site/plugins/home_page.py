"""Datasette plugin: the home page — ``/`` — and what it offers each of the site's three users.

Scrutiny officers start from a search or a recent meeting; the public from the newest
business plan's missions (what the council is doing, and whether it is working); researchers
from the themes of the older plan edition (what became of each) and the lineage picture. The
home page template (``site/templates/index.html``) lays them out; this plugin reads them.

The site answers ``/`` itself rather than through Datasette's index view, which checks
permissions on, counts and describes every table (FTS shadow tables included) on every
request: 1–3 s at concurrency 4 on the corpus. The page is made once per database file
(``council_plans.site.cached_page``: again after a rebuild swaps the file in) and is then the
same for every anonymous visitor, whatever the number of tables, councils or rows. Other
pages (a council's page, topics) can be cached the same way.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.version import __version__

from council_plans.councils_site import councils
from council_plans.site import cached_page, has, human_date, plans_database, query_rows

# FTS5 tables and their shadow tables: an index of a table, not a table to browse.
FTS_SUFFIXES = ("_fts", "_fts_config", "_fts_data", "_fts_docsize", "_fts_idx", "_fts_content")


async def home_context(db: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {"meetings": [], "newest_plan": None, "missions": [], "older_plan": None, "themes": []}
    # Several councils: the page starts from the list of them (each council's page has its own
    # meetings, plans and lineage); one council: the page is that council's, as it always was.
    ctx["councils"] = await councils(db)
    if await has(db, "meetings"):
        ctx["meetings"] = await query_rows(
            db, "select id, body, date, kind, (select count(*) from decisions d where d.meeting_id = meetings.id) as decisions "
                "from meetings order by date desc limit 6") if await has(db, "decisions", "meeting_id") else \
            await query_rows(db, "select id, body, date, kind, 0 as decisions from meetings order by date desc limit 6")
        for m in ctx["meetings"]:
            m["when"] = human_date(m["date"])
    ctx["tables"] = await tables(db)
    if not await has(db, "plans") or not await has(db, "missions"):
        return ctx
    plans = await query_rows(db, "select * from plans where kind = 'business_plan' order by period_start desc")
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


async def tables(db: Any) -> list[dict[str, Any]]:
    """The tables a visitor browses (not full-text indexes), most rows first, with their counts."""
    hidden = set(await db.hidden_table_names())
    out = []
    for name in await db.table_names():
        if name in hidden or name.endswith(FTS_SUFFIXES) or name.startswith("sqlite_"):
            continue
        count = (await query_rows(db, f"select count(*) as n from [{name}]"))[0]["n"]
        out.append({"name": name, "count": count})
    return sorted(out, key=lambda t: (-t["count"], t["name"]))


async def home_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)

    async def render() -> str:
        # The instance's metadata (title, licence, source) for the page and its footer; the
        # databases' part (52 KB of table descriptions and queries) is not needed here.
        metadata = {k: v for k, v in datasette.metadata().items() if k != "databases"}
        return await datasette.render_template(
            "index.html", {"home": await home_context(db), "metadata": metadata, "database": db.name,
                           "datasette_version": __version__}, request=request)

    return Response.html(await cached_page(db, request, "home", render))


@hookimpl
def register_routes():
    return [(r"^/$", home_page)]
