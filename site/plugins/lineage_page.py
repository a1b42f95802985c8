"""Datasette plugin: how the plan changed between editions — ``/-/lineage``.

The picture (``council_plans.lineage_picture``) and, below it, the table behind it: every
link with its relation, confidence, review and evidence (the sentences of both editions that
carry the shared meaning, with their PDF pages; or the shared words, before those exist).
``?level=goal`` draws the goals of the older edition instead of its themes.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from council_plans.lineage_picture import RELATION_COLOUR, Band, Edition, Element, lineage_svg
from council_plans.publish import pdf_link
from council_plans.site import document_files, has, json_list, plans_database, query_rows


async def _edition(db: Any, plan: dict[str, Any], level: str) -> Edition:
    period = "–".join(str(p) for p in (plan.get("period_start"), plan.get("period_end")) if p)
    edition = Edition(plan["id"], plan["title"], period)
    priorities = await query_rows(db, "select id, name from priorities where plan_id = :p order by position", {"p": plan["id"]}) \
        if await has(db, "priorities") else []
    missions = await query_rows(db, "select id, name, kind, priority_id, parent_id from missions where plan_id = :p "
                                    "order by position", {"p": plan["id"]})
    children: dict[str, list[dict[str, Any]]] = {}
    for m in missions:
        if m["parent_id"]:
            children.setdefault(m["parent_id"], []).append(m)
    bands = [Band(p["id"], p["name"]) for p in priorities]
    by_id = {b.id: b for b in bands}
    loose = Band(None, "Not under a priority")
    for top in (m for m in missions if not m["parent_id"]):
        band = by_id.get(top["priority_id"], loose)
        if level == "goal" and children.get(top["id"]):
            band.elements += [Element(c["id"], c["name"], f"/-/mission/{c['id']}", group=top["name"])
                              for c in children[top["id"]]]
        else:
            band.elements.append(Element(top["id"], top["name"], f"/-/mission/{top['id']}"))
    edition.bands = [b for b in [*bands, loose] if b.elements or b.id]
    return edition


async def lineage_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    if not await has(db, "lineage") or not await has(db, "missions") or not await has(db, "plans"):
        raise NotFound("This database has no lineage between plan editions.")
    levels = [r["level"] for r in await query_rows(db, "select level, count(*) as n from lineage group by level order by level desc")]
    level = request.args.get("level") or ("theme" if "theme" in levels else (levels[0] if levels else "theme"))
    if levels and level not in levels:
        raise NotFound(f"There is no lineage at level {level}; the levels are {', '.join(levels)}.")
    # One council's editions (?council=<slug>): two councils' series are never drawn as one.
    council = request.args.get("council") or None
    if council is None and await has(db, "lineage", "council_id"):
        series = await query_rows(db, "select distinct council_id from lineage order by council_id")
        council = series[0]["council_id"] if len(series) > 1 else None
    only = " and lineage.council_id = :council" if council and await has(db, "lineage", "council_id") else ""
    links = await query_rows(db, "select lineage.*, older.period_start as from_year from lineage "
                                 "left join plans older on older.id = lineage.from_plan_id "
                                 f"where level = :level{only} order by from_year, from_name, score desc",
                             {"level": level, "council": council})
    plan_ids = {link["from_plan_id"] for link in links} | {link["to_plan_id"] for link in links}
    plans = [p for p in await query_rows(db, "select * from plans order by period_start, title")
             if p["id"] in plan_ids or (p.get("kind") == "business_plan" and not plan_ids
                                        and (not council or p.get("council_id") == council))]
    editions = [await _edition(db, plan, level) for plan in plans]
    files = await document_files(db)
    for link in links:
        link["evidence_list"] = json_list(link.get("evidence")) or []
        for e in link["evidence_list"]:
            e["pdf"] = pdf_link(files.get(e.get("document_id") or ""), e.get("page"))
    counts = {r["level"]: r["n"] for r in await query_rows(db, "select level, count(*) as n from lineage group by level")}
    relations: dict[str, int] = {}
    for link in links:
        relations[link["relation"]] = relations.get(link["relation"], 0) + 1
    html = await datasette.render_template("lineage.html", {
        "svg": lineage_svg(editions, links), "links": links, "level": level, "levels": levels, "counts": counts,
        "relations": relations, "colours": RELATION_COLOUR, "editions": editions, "database": db.name,
        "has_confidence": await has(db, "lineage", "confidence"), "has_reviewed": await has(db, "lineage", "reviewed"),
        "council": council, "councils": await query_rows(
            db, "select distinct c.id, c.name from lineage l join councils c on c.id = l.council_id order by c.name")
        if await has(db, "lineage", "council_id") and await has(db, "councils") else [],
    }, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/lineage$", lineage_page)]
