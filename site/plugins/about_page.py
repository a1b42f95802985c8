"""Datasette plugin: "About the data" — ``/-/about`` — and ``/robots.txt``.

The about page says where the data comes from (each document, with its source), how each
table is made (its description, row count and the versioned rules that produced its rows),
how well it is read (precision and recall against the hand-made gold sets, computed by
``bench/refresh_scores.py`` into ``site/scores.json``; the first-sight curve from
``tests/firstsight/batch-*/scores.json``, ``council_plans/firstsight.py``) and what it cannot do
yet (the known limits, from the same file).
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans import firstsight
from council_plans.site import SITE, cached_page, has, plans_database, query_rows

SCORES = SITE / "scores.json"

ROBOTS = """\
# council-plans: pages are for people and crawlers alike; raw SQL, exports and the
# database download are not worth crawling.
User-agent: *
Disallow: /plans.db
Disallow: /plans?sql=
Disallow: /*.json
Disallow: /*.csv
Disallow: /*?*_facet
Disallow: /*?*_sort
Allow: /
"""


def score_rows(scores: dict[str, Any], path: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """score.py's nested JSON as table rows: one per scored record type (a dict with ``gold``)."""
    rows = []
    for key, value in scores.items():
        if not isinstance(value, dict):
            continue
        if "gold" in value:
            # "16/16": out of the matched records that print one (reasons_checked), else of all matched
            extras = {k: f"{v}/{value.get(k[:-3] + 's_checked', value.get('tp'))}" for k, v in value.items()
                      if k.endswith("_ok")}
            rows.append({"name": " / ".join((*path, key)).replace("_", " "), **value, "also_right": extras})
        else:
            rows.extend(score_rows(value, (*path, key)))
    return rows


def load_scores() -> dict[str, Any]:
    try:
        data = json.loads(SCORES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"rows": [], "limits": [], "hand_checked": [], "missing": True}
    dev = data.get("dev")
    return {**data, "rows": score_rows(data.get("scores", {})), "missing": False,
            "dev_rows": score_rows({"decisions": dev}) if isinstance(dev, dict) and "gold" in dev else []}


async def about_context(datasette: Any, db: Any) -> dict[str, Any]:
    documents = await query_rows(db, "select * from documents order by meeting_date, file") if await has(db, "documents") else []
    tables_meta = (datasette.metadata("databases") or {}).get(db.name, {}).get("tables", {})
    tables = []
    for name in sorted(await db.table_names()):
        if name.endswith(("_fts", "_fts_config", "_fts_data", "_fts_docsize", "_fts_idx")) or name not in tables_meta:
            continue
        count = (await query_rows(db, f"select count(*) as n from [{name}]"))[0]["n"]
        rules = []
        if await has(db, name, "rule"):
            rules = await query_rows(db, f"select rule, count(*) as n from [{name}] group by rule order by n desc")
        tables.append({"name": name, "description": tables_meta[name].get("description", ""), "rows": count, "rules": rules})
    return {"documents": documents, "tables": tables}


async def about_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)

    async def render() -> str:
        ctx = await about_context(datasette, db)
        return await datasette.render_template(
            "about.html", {**ctx, "scores": load_scores(), "database": db.name,
                           "curve": firstsight.curve_rows(firstsight.load_batches(firstsight.FIRSTSIGHT))},
            request=request)

    # Counted once per database file (again after a rebuild), site/scores.json and the first-sight
    # batches' scores, not per visit.
    version = SCORES.stat().st_mtime_ns if SCORES.exists() else 0
    version = max([version, *(p.stat().st_mtime_ns for p in firstsight.FIRSTSIGHT.glob("batch-*/scores.json"))])
    return Response.html(await cached_page(db, request, f"about:{version}", render))


async def robots(request: Any) -> Response:
    return Response.text(ROBOTS)


@hookimpl
def register_routes():
    return [(r"^/-/about$", about_page), (r"^/robots\.txt$", robots)]
