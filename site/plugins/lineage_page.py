"""Datasette plugin: how the plan changed between editions — ``/-/lineage``.

The picture (``council_plans.lineage_picture``) and, below it, the table behind it: every
link with its relation, confidence, review and evidence (the sentences of both editions that
carry the shared meaning, with their PDF pages; or the shared words, before those exist).
``?level=goal`` draws the links of a finer level (goals traced into the newer plan's missions)
instead of the main ones. ``?council=`` chooses the council whose plan series is drawn (by
default the council with most editions); with several councils the page offers each.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from council_plans.lineage_picture import RELATION_COLOUR, Band, Edition, Element, lineage_svg
from council_plans.publish import pdf_link
from council_plans.site import document_files, has, json_list, plans_database, query_rows


async def _edition(db: Any, plan: dict[str, Any], finer: bool) -> Edition:
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
        if finer and children.get(top["id"]):
            band.elements += [Element(c["id"], c["name"], f"/-/mission/{c['id']}", group=top["name"])
                              for c in children[top["id"]]]
        else:
            band.elements.append(Element(top["id"], top["name"], f"/-/mission/{top['id']}"))
    edition.bands = [b for b in [*bands, loose] if b.elements or b.id]
    return edition


async def _councils(db: Any) -> tuple[str | None, list[dict[str, Any]]]:
    """The column lineage rows name their council by (``council_id`` where the build gives one,
    else ``council``) and each council with plan editions or lineage: its key, name and number of
    editions (corporate plans read, or plans its lineage joins), most first. A council whose
    editions have no lineage yet (one edition read) is listed too, so its page says so."""
    column = "council_id" if await has(db, "lineage", "council_id") else "council" if await has(db, "lineage", "council") else None
    if column is None:
        return None, []
    editions: dict[str, int] = {}
    for r in await query_rows(db, f"select {column} as council, count(distinct plan) as n from (select {column}, "
                                  f"from_plan_id as plan from lineage union select {column}, to_plan_id from lineage) "
                                  f"where {column} is not null group by {column}"):
        editions[r["council"]] = r["n"]
    if await has(db, "documents", column):
        for r in await query_rows(db, f"select d.{column} as council, count(distinct p.id) as n from plans p join documents d "
                                      f"on d.id = p.document_id where p.kind = 'business_plan' and p.period_start is not null "
                                      f"and d.{column} is not null group by d.{column}"):
            editions[r["council"]] = max(editions.get(r["council"], 0), r["n"])
    names = {}
    if column == "council_id" and await has(db, "councils"):
        names = {r["id"]: r["name"] for r in await query_rows(db, "select id, name from councils")}
    return column, [{"council": k, "editions": n, "name": names.get(k, k)}
                    for k, n in sorted(editions.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def _element_url(table: str | None, ident: str | None) -> str | None:
    if not ident:
        return None
    return f"/-/mission/{ident}" if (table or "missions") == "missions" else f"/plans/{table}/{ident}"


async def lineage_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    if not await has(db, "lineage") or not await has(db, "missions") or not await has(db, "plans"):
        raise NotFound("This database has no lineage between plan editions.")
    column, councils = await _councils(db)
    council = request.args.get("council") or (councils[0]["council"] if councils else None)
    if councils and council not in {c["council"] for c in councils}:
        raise NotFound(f"There is no lineage for the council {council!r}; the councils are "
                       f"{', '.join(c['name'] for c in councils)}.")
    where, params = (f"{column} = :council", {"council": council}) if councils else ("1", {})
    has_kind = await has(db, "lineage", "kind")
    # The main view draws links between aligned levels (themes and missions, priorities); a finer
    # level (goals traced into missions) has a view of its own. Without the kind column every
    # level is a view, as before.
    finer_levels = [r["level"] for r in await query_rows(
        db, f"select level, count(*) as n from lineage where {where} and kind = 'finer' group by level order by n desc",
        params)] if has_kind else []
    not_finer = "and kind is not 'finer'" if has_kind else ""
    main_levels = [r["level"] for r in await query_rows(
        db, f"select level, count(*) as n from lineage where {where} {not_finer} group by level order by level desc", params)]
    level = request.args.get("level") or ("theme" if "theme" in main_levels or not main_levels else main_levels[0])
    if level not in main_levels + finer_levels and (main_levels or finer_levels):
        raise NotFound(f"There is no lineage at level {level}; the levels are {', '.join(main_levels + finer_levels)}.")
    finer = level in finer_levels
    if has_kind:
        condition = "lineage.kind = 'finer' and lineage.level = :level" if finer else "lineage.kind is not 'finer'"
    else:
        condition = "lineage.level = :level"
    links = await query_rows(db, "select lineage.*, older.period_start as from_year from lineage "
                                 "left join plans older on older.id = lineage.from_plan_id "
                                 f"where {f'lineage.{column} = :council' if councils else '1'} and {condition} "
                                 "order by from_year, from_name, score desc", {**params, "level": level})
    plan_ids = {link["from_plan_id"] for link in links} | {link["to_plan_id"] for link in links}
    # Without links (a council with one edition read so far), its corporate plans stand alone.
    council_of_plan = {r["id"]: r["council"] for r in await query_rows(
        db, f"select p.id, d.{column} as council from plans p join documents d on d.id = p.document_id")} \
        if councils and await has(db, "documents", column) else {}
    plans = [p for p in await query_rows(db, "select * from plans order by period_start, title")
             if p["id"] in plan_ids or (p.get("kind") == "business_plan" and not plan_ids
                                        and (not councils or council_of_plan.get(p["id"]) == council))]
    editions = [await _edition(db, plan, finer) for plan in plans]
    files = await document_files(db)
    for link in links:
        link["evidence_list"] = json_list(link.get("evidence")) or []
        for e in link["evidence_list"]:
            e["pdf"] = pdf_link(files.get(e.get("document_id") or ""), e.get("page"))
        link["from_url"] = _element_url(link.get("from_table"), link.get("from_id"))
        link["to_url"] = _element_url(link.get("to_table"), link.get("to_id"))
    counts = {r["level"]: r["n"] for r in await query_rows(
        db, f"select level, count(*) as n from lineage where {where} and kind = 'finer' group by level", params)} \
        if has_kind else {r["level"]: r["n"] for r in await query_rows(
            db, f"select level, count(*) as n from lineage where {where} group by level", params)}
    main_count = sum(1 for _ in links) if not finer else (await query_rows(
        db, f"select count(*) as n from lineage where {where} and kind is not 'finer'", params))[0]["n"]
    views = ([{"level": None, "label": "the plans' main levels", "n": main_count, "current": not finer}] if has_kind else []) + [
        {"level": lv, "label": f"{lv}s", "n": counts.get(lv, 0), "current": lv == level}
        for lv in (finer_levels if has_kind else main_levels)]
    relations: dict[str, int] = {}
    for link in links:
        relations[link["relation"]] = relations.get(link["relation"], 0) + 1
    html = await datasette.render_template("lineage.html", {
        "svg": lineage_svg(editions, links), "links": links, "level": level, "views": views, "council": council,
        "council_name": next((c["name"] for c in councils if c["council"] == council), council),
        "councils": councils, "relations": relations, "colours": RELATION_COLOUR, "editions": editions,
        "database": db.name, "has_confidence": await has(db, "lineage", "confidence"),
        "has_reviewed": await has(db, "lineage", "reviewed"),
    }, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/lineage$", lineage_page)]
