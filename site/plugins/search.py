"""Datasette plugin: one search box over everything — ``/-/search?q=…``.

Server-rendered (the results are in the HTML, no JavaScript fetches them); the search itself
is ``council_plans.search``: FTS5 over decisions, recommendations, reports, plan missions,
actions, activities, indicators and pages, ranked by bm25 within each kind, with snippets.
The text typed is bounded (a dozen words, 300 characters) and each word quoted, so no text
is a syntax error; a search that still fails or takes too long gets the site's error page.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError

from council_plans.councils_site import councils
from council_plans.search import MAX_CHARS, MAX_TERMS, parse_query, search, topics
from council_plans.site import plans_database


async def search_page(datasette: Any, request: Any) -> Response:
    q = parse_query((request.args.get("q") or "").strip())
    db = plans_database(datasette)
    choices = await topics(db)
    topic = (request.args.get("topic") or "").strip() or None
    if topic and topic not in {t["topic"] for t in choices}:
        topic = None  # an unknown topic filters nothing rather than everything
    council = (request.args.get("council") or "").strip()[:100] or None  # ?council=<slug>: one council's records
    try:
        groups = await search(db, q, topic=topic, council=council) if q.terms else []
    except QueryInterrupted:
        raise DatasetteError("The search took too long: try fewer or rarer words.", status=503,
                             title="The search took too long") from None
    except sqlite3.Error as err:
        raise DatasetteError(f"The search could not be run ({err}).", status=500, title="The search failed") from err
    html = await datasette.render_template(
        "search.html", {"q": q.text[:MAX_CHARS] + ("…" if len(q.text) > MAX_CHARS else ""), "query": q,
                        "max_terms": MAX_TERMS, "max_chars": MAX_CHARS, "groups": groups,
                        "total": sum(g["total"] for g in groups), "database": db.name,
                        "topics": choices, "topic": topic, "council": council, "councils": await councils(db)},
        request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]
