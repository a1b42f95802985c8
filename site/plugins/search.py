"""Datasette plugin: one search box over everything — ``/-/search?q=…``.

Server-rendered (the results are in the HTML, no JavaScript fetches them); the search itself
is ``council_plans.search``: FTS5 over decisions, recommendations, reports, plan missions,
actions, activities, indicators and pages, ranked by bm25 within each kind, with snippets.
The text typed is bounded (a dozen words, 300 characters) and each word quoted, so no text
is a syntax error; a search that still fails or takes too long gets the site's error page.

Every search has an Atom feed of its newest matching records, ``/-/search.atom?q=…`` with the
same topic and council filters (``council_plans.feeds``): the page links it and announces it to
feed readers, so a search is an alert.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError

from council_plans.councils_site import councils
from council_plans.feeds import atom_document, search_entries, search_feed_path
from council_plans.search import MAX_CHARS, MAX_TERMS, parse_query, search, topics
from council_plans.site import plans_database


async def _arguments(db: Any, request: Any) -> tuple[Any, list[dict[str, str]], str | None, str | None]:
    q = parse_query((request.args.get("q") or "").strip())
    choices = await topics(db)
    topic = (request.args.get("topic") or "").strip() or None
    if topic and topic not in {t["topic"] for t in choices}:
        topic = None  # an unknown topic filters nothing rather than everything
    council = (request.args.get("council") or "").strip()[:100] or None  # ?council=<slug>: one council's records
    return q, choices, topic, council


async def search_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    q, choices, topic, council = await _arguments(db, request)
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
                        "topics": choices, "topic": topic, "council": council, "councils": await councils(db),
                        "feed": search_feed_path(q, topic, council) if q.terms else None},
        request=request)
    return Response.html(html)


async def search_feed(datasette: Any, request: Any) -> Response:
    """The newest records matching a search, as Atom; no words is an empty feed."""
    db = plans_database(datasette)
    q, _, topic, council = await _arguments(db, request)
    base = f"{request.scheme}://{request.host}"
    try:
        entries = await search_entries(db, q, base, topic=topic, council=council) if q.terms else []
    except QueryInterrupted:
        return Response.text("The search took too long: try fewer or rarer words.", status=503)
    except sqlite3.Error as err:
        return Response.text(f"The search could not be run ({err}).", status=500)
    page = base + "/-/search" + (f"?{request.query_string}" if request.query_string else "")
    title = f"Search “{q.shown}” — council-plans" if q.terms else "Search — council-plans"
    body = atom_document(entries, title, base + request.full_path, alternate=page)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page), (r"^/-/search\.atom$", search_feed)]
