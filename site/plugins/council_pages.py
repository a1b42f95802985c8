"""Datasette plugin: the site across councils.

* ``/-/council/{slug}`` — one council: what it is (the register's entry, or a body the register
  does not hold) and how its documents were matched to it, what is read and what is missing
  (completeness), its meetings, decisions, plans and their lineage, indicators and documents;
* ``/-/councils`` — every council with its counts;
* ``/-/compare`` — councils side by side: the priorities of each one's current plan by policy
  topic, and one measure across councils (``?indicator=<key>``) on one chart only where the
  units and periods agree;
* the council of every record page (decision, meeting, mission, indicator), as a line under
  the site's navigation (``record_council`` in ``base.html``).

The reading is ``council_plans.councils_site``.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from council_plans.councils_site import (
    MAX_COMPARED,
    council_context,
    councils,
    indicator_comparison,
    priorities_by_topic,
    record_council,
    shared_measures,
)
from council_plans.scrutiny_site import committees as scrutiny_committees
from council_plans.site import has, plans_database, query_one

# The record pages and the table each shows a row of.
RECORD_PAGES = {"decision.html": "decisions", "meeting.html": "meetings", "mission.html": "missions",
                "indicator.html": "indicators"}


async def council_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    if not await has(db, "councils"):
        raise NotFound("This database has no councils.")
    council = await query_one(db, "select * from councils where id = :id", {"id": request.url_vars["slug"]})
    if council is None:
        raise NotFound(f"There is no council {request.url_vars['slug']!r} in this database.")
    ctx = await council_context(db, council)
    ctx["database"] = db.name
    ctx["scrutiny"] = await scrutiny_committees(db, council["id"])
    return Response.html(await datasette.render_template("council.html", ctx, request=request))


async def councils_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    return Response.html(await datasette.render_template(
        "councils.html", {"councils": await councils(db), "database": db.name}, request=request))


async def compare_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    every = [c for c in await councils(db) if c["id"] != "unknown"]
    chosen = [c for c in request.args.getlist("council") if c] or \
        [c["id"] for c in every if c["plans"]][:MAX_COMPARED] or [c["id"] for c in every][:MAX_COMPARED]
    known = {c["id"]: c for c in every}
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise NotFound(f"There is no council {unknown[0]!r} in this database.")
    chosen = chosen[:MAX_COMPARED]
    ctx: dict[str, Any] = {"database": db.name, "every": every, "chosen": [known[c] for c in chosen],
                           "max": MAX_COMPARED, "measures": await shared_measures(db)}
    ctx["priorities"] = await priorities_by_topic(db, chosen) if chosen else None
    key = request.args.get("indicator")
    ctx["comparison"] = await indicator_comparison(db, key, chosen) if key else None
    ctx["query"] = "&".join(f"council={c}" for c in chosen)
    return Response.html(await datasette.render_template("compare.html", ctx, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/council/(?P<slug>[^/]+)$", council_page), (r"^/-/councils$", councils_page),
            (r"^/-/compare$", compare_page)]


@hookimpl
def extra_template_vars(template, request, datasette):
    table = RECORD_PAGES.get(template)
    if table is None or request is None or "id" not in (request.url_vars or {}):
        return {}

    async def inner() -> dict[str, Any]:
        return {"record_council": await record_council(plans_database(datasette), table, request.url_vars["id"])}

    return inner
