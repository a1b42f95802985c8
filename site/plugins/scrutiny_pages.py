"""Datasette plugin: scrutiny's recommendations and their answers — ``/-/scrutiny`` (every
committee: recommendations made, answered) and ``/-/scrutiny/{id}`` (one committee's
recommendations, each with the executive's answer, its sentence and PDF page).
See ``council_plans.scrutiny_site`` and graph/scrutiny.py.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.scrutiny_site import committee_context, committees
from council_plans.site import cached_page, has, not_found, plans_database, query_one


async def scrutiny_index(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    council = (request.args.get("council") or "").strip()[:100] or None

    async def render() -> str:
        return await datasette.render_template(
            "scrutiny_index.html", {"committees": await committees(db, council), "council": council, "database": db.name},
            request=request)

    return Response.html(await cached_page(db, request, f"scrutiny:{council or ''}", render))


async def scrutiny_committee(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    if not await has(db, "scrutiny_committees"):
        return await not_found(datasette, request, "This database has no scrutiny committees.")
    committee = await query_one(db, "select * from scrutiny_committees where id = :id", {"id": ident})
    if committee is None:
        return await not_found(datasette, request, f"There is no scrutiny committee with id {ident}.")

    async def render() -> str:
        return await datasette.render_template("scrutiny.html", await committee_context(db, committee), request=request)

    return Response.html(await cached_page(db, request, f"scrutiny:{ident}", render))


@hookimpl
def register_routes():
    return [(r"^/-/scrutiny$", scrutiny_index), (r"^/-/scrutiny/(?P<id>[^/]+)$", scrutiny_committee)]
