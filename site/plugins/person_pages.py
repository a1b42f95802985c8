"""Datasette plugin: a page per person — ``/-/person/{id}``.

Their roles, the meetings whose minutes list them and their recorded votes
(``council_plans.people_site``); each row links to its meeting or decision page and its PDF
page. Tables that name a person (attendance, vote_casts, people_roles) link here.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.people_site import person_context
from council_plans.site import cached_page, plans_database, row_or_404


async def person_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    person = await row_or_404(db, "people", ident, "people", "person")

    async def render() -> str:
        return await datasette.render_template("person.html", await person_context(db, person), request=request)

    return Response.html(await cached_page(db, request, f"person:{ident}", render))


@hookimpl
def register_routes():
    return [(r"^/-/person/(?P<id>[^/]+)$", person_page)]
