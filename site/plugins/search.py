"""Datasette plugin: one search box over everything — ``/-/search?q=…``.

Server-rendered (the results are in the HTML, no JavaScript fetches them); the search itself
is ``council_plans.search``: FTS5 over decisions, recommendations, reports, plan missions,
actions, activities, indicators and pages, ranked by bm25 within each kind, with snippets.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.search import search, topics
from council_plans.site import plans_database


async def search_page(datasette: Any, request: Any) -> Response:
    q = (request.args.get("q") or "").strip()
    db = plans_database(datasette)
    choices = await topics(db)
    topic = (request.args.get("topic") or "").strip() or None
    if topic and topic not in {t["topic"] for t in choices}:
        topic = None  # an unknown topic filters nothing rather than everything
    groups = await search(db, q, topic=topic) if q else []
    html = await datasette.render_template(
        "search.html", {"q": q, "groups": groups, "total": sum(g["total"] for g in groups), "database": db.name,
                        "topics": choices, "topic": topic}, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]
