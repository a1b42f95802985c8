"""Datasette plugin: one search box over everything — ``/-/search?q=…``.

Server-rendered (the results are in the HTML, no JavaScript fetches them); the search itself
is ``council_plans.search``: FTS5 over decisions, recommendations, reports, plan missions,
actions, activities, indicators and pages, ranked by bm25 within each kind, with snippets.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.councils_site import councils
from council_plans.search import search
from council_plans.site import plans_database


async def search_page(datasette: Any, request: Any) -> Response:
    q = (request.args.get("q") or "").strip()
    db = plans_database(datasette)
    council = (request.args.get("council") or "").strip() or None  # ?council=<slug>: one council's records
    groups = await search(db, q, council=council) if q else []
    html = await datasette.render_template(
        "search.html", {"q": q, "groups": groups, "total": sum(g["total"] for g in groups), "database": db.name,
                        "council": council, "councils": await councils(db)},
        request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]
