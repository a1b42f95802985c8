"""Datasette plugin: a page per thread — ``/-/thread/{id}``.

One matter followed across meetings and bodies (``graph/threads.py``): its steps in date
order, each linking to its record's page and its PDF page, with the sentence that joins it to
the others and how sure the join is; records that only cite the matter and meetings a step
announces that the database does not hold are marked as such. Decision and meeting pages link
here (``council_plans.threads_site.threads_of``).
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.site import cached_page, has, not_found, plans_database, query_one
from council_plans.threads_site import thread_context


async def thread_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    if not await has(db, "threads"):
        return await not_found(datasette, request, "This database has no threads.")
    thread = await query_one(db, "select * from threads where id = :id", {"id": ident})
    if thread is None:
        return await not_found(datasette, request, f"There is no thread with id {ident}.")

    async def render() -> str:
        ctx = await thread_context(db, thread)
        return await datasette.render_template("thread.html", ctx, request=request)

    return Response.html(await cached_page(db, request, f"thread:{ident}", render))


@hookimpl
def register_routes():
    return [(r"^/-/thread/(?P<id>[^/]+)$", thread_page)]
