"""Datasette plugin: an indicator's values over time — ``/-/indicator/{id}``.

One inline SVG chart per unit (``council_plans.charts``: no JavaScript, nothing fetched from
the network), then every value once — a value read on several pages is listed once with a
link to each — with its period as written, the sentence or table row it was read from and
its PDF pages. Values whose period has no dates ("currently") are listed but not charted.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from council_plans.charts import charts_by_unit, format_value, merge_duplicates, when
from council_plans.site import has, json_list, plans_database, query_rows


async def indicator_values(db: Any, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """indicator_values rows (with their PDF link) matching ``where``, each value once, in period order."""
    rows = await query_rows(
        db,
        f"select v.* from indicator_values v where {where} "
        "order by coalesce(v.period_start, '9999'), v.document_id, v.page",
        params,
    )
    values = merge_duplicates(rows)
    for v in values:
        v["shown"] = format_value(v["value"], v["unit"])
    return values


async def indicator_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    if not await has(db, "indicators") or not await has(db, "indicator_values"):
        raise NotFound("This database has no indicators.")
    found = await query_rows(db, "select * from indicators where id = :id", {"id": ident})
    if not found:
        raise NotFound(f"There is no indicator with id {ident}.")
    indicator = found[0]
    mission_ids = json_list(indicator.get("mission_ids")) or []
    # Name the missions so the page reads "Measures: We get the best start in life", not an id.
    named: dict[str, str] = {}
    if mission_ids and await has(db, "missions"):
        marks = ", ".join(f":m{i}" for i in range(len(mission_ids)))
        params = {f"m{i}": m for i, m in enumerate(mission_ids)}
        named = {r["id"]: r["name"] for r in await query_rows(db, f"select id, name from missions where id in ({marks})", params)}
    indicator["missions"] = [{"id": m, "name": named.get(m) or m} for m in mission_ids]
    values = await indicator_values(db, "v.indicator_id = :id", {"id": ident})
    html = await datasette.render_template(
        "indicator.html",
        {"indicator": indicator, "values": values, "charts": charts_by_unit(values),
         "undated": [v for v in values if when(v) is None], "database": db.name},
        request=request,
    )
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/indicator/(?P<id>[^/]+)$", indicator_page)]
