"""The site across councils: what the council pages, the home page's list of councils and the
comparison page (``site/plugins/council_pages.py``) read, and the checks that decide whether
two councils' figures may share a chart.

Every record table has ``council_id`` (its document's council; ``council_plans.publish``). A
council's page reads its rows; the comparison page sets councils side by side: the priorities
of each one's current plan by policy topic (the ``topic`` column of the topics pack, where
the database has it), and one indicator — the same measure, by its folded name ``key`` —
across councils, drawn on one chart only when the units and the periods agree.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from council_plans.charts import format_value, merge_duplicates, svg_chart
from council_plans.site import has, human_date, json_list, query_one, query_rows

UNKNOWN = "unknown"
MAX_COMPARED = 6


async def councils(db: Any) -> list[dict[str, Any]]:
    """Every council with its counts (documents, meetings, decisions, plans, indicators), the
    unknown council last."""
    if not await has(db, "councils"):
        return []
    rows = await query_rows(db, "select * from councils order by id = 'unknown', name")
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for table in ("documents", "meetings", "decisions", "plans", "indicators"):
        if await has(db, table, "council_id"):
            for r in await query_rows(db, f"select council_id, count(*) as n from [{table}] group by council_id"):
                counts[r["council_id"]][table] = r["n"]
    for r in rows:
        r.update({t: counts[r["id"]].get(t, 0) for t in ("documents", "meetings", "decisions", "plans", "indicators")})
    return rows


async def record_council(db: Any, table: str, ident: str) -> dict[str, Any] | None:
    """The council of one record (for the line every record page prints), with how its
    document's council was found."""
    if not await has(db, table, "council_id") or not await has(db, "councils"):
        return None
    row = await query_one(db, f"select council_id, document_id from [{table}] where id = :id", {"id": ident})
    if row is None:
        return None
    council = await query_one(db, "select * from councils where id = :id", {"id": row["council_id"] or UNKNOWN})
    if council is None:
        return None
    doc = await query_one(db, "select * from documents where id = :id", {"id": row["document_id"]}) \
        if await has(db, "documents") else None
    doc = doc or {}
    council["origin"] = origin(doc)
    council["printed"] = doc.get("council")
    return council


def origin(doc: dict[str, Any]) -> str:
    """Where a document's council came from, in words: its pages, the manifest (and whether
    because the pages do not name it), or the site it was fetched from."""
    if doc.get("council_match") == "site":
        return "the meeting-system site it was fetched from"
    if doc.get("council_match") == "contact":
        return "the council's e-mail address its first lines print"
    if doc.get("council_source") == "manifest":  # the page reader looked and found none
        return "the corpus manifest (its pages do not name it)"
    if doc.get("council_source") == "text":
        return "the council its text names most often"
    if doc.get("council_source") == "page" or doc.get("metadata_source") != "manifest":
        return "the name its pages print"
    return "the corpus manifest"


def current_plan(plans: list[dict[str, Any]], today: date | None = None) -> dict[str, Any] | None:
    """A council's current plan: the newest business plan that has started (a plan known only
    from a citation last), else its newest plan of any kind."""
    year = (today or date.today()).year
    def newest(candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
        started = [p for p in candidates if p.get("period_start") and p["period_start"] <= year] or candidates
        return max(started, key=lambda p: (p.get("cited_in") is None, p.get("period_start") or 0, p.get("title") or ""),
                   default=None)
    return newest([p for p in plans if p.get("kind") == "business_plan"]) or newest(plans)


async def priorities_by_topic(db: Any, council_ids: list[str]) -> dict[str, Any]:
    """Each council's current plan and its priorities (and top-level missions), grouped by
    policy topic where the database codes them: ``{"plans", "topics": [{"topic", "name",
    "cells": {council: [element]}}], "coded"}``."""
    coded = await has(db, "priorities", "topic") or await has(db, "missions", "topic")
    plans: dict[str, dict[str, Any] | None] = {}
    elements: dict[str, list[dict[str, Any]]] = {}
    for cid in council_ids:
        rows = await query_rows(db, "select * from plans where council_id = :c", {"c": cid}) if await has(db, "plans") else []
        plan = current_plan(rows)
        plans[cid] = plan
        found: list[dict[str, Any]] = []
        if plan is not None:
            for table, href in (("priorities", None), ("missions", "/-/mission/")):
                if not await has(db, table):
                    continue
                topic = "topic, topic_name" if await has(db, table, "topic") else "null as topic, null as topic_name"
                parent = "and parent_id is null" if table == "missions" else ""
                for r in await query_rows(db, f"select id, name, {topic} from [{table}] where plan_id = :p {parent} "
                                              f"order by position", {"p": plan["id"]}):
                    r["href"] = f"{href}{r['id']}" if href else f"/{db.name}/{table}/{r['id']}"
                    found.append(r)
        elements[cid] = found
    topics: dict[str, dict[str, Any]] = {}
    for cid, found in elements.items():
        for e in found:
            key = (e.get("topic") or "") if coded else ""
            entry = topics.setdefault(key, {"topic": key, "name": e.get("topic_name") or ("Not coded" if coded else
                                                                                             "Priorities"),
                                            "cells": {c: [] for c in council_ids}})
            entry["cells"][cid].append(e)
    ordered = sorted(topics.values(), key=lambda t: (not t["topic"], -sum(map(len, t["cells"].values())), t["name"]))
    for t in ordered:
        t["shares"] = {c: (len(t["cells"][c]) / len(elements[c]) if elements[c] else 0.0) for c in council_ids}
    return {"plans": plans, "topics": ordered, "coded": coded}


def period_kind(row: dict[str, Any]) -> str:
    """What a value's period is: year, quarter, month, a point in time, or other."""
    try:
        start, end = date.fromisoformat(row.get("period_start") or ""), date.fromisoformat(row.get("period_end") or "")
    except ValueError:
        return "undated"
    days = (end - start).days + 1
    if days <= 1:
        return "point in time"
    for kind, low, high in (("month", 28, 31), ("quarter", 89, 92), ("year", 364, 366)):
        if low <= days <= high:
            return kind
    return "other period"


def comparable_groups(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Values of one measure from several councils, grouped so that a chart holds only values
    of one unit and one kind of period: ``[{"unit", "period", "councils", "rows"}]``, and the
    reasons, in words, why they are not all on one chart."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("value") is None:
            continue
        groups[(r.get("unit") or "", period_kind(r))].append(r)
    out = [{"unit": unit, "period": period, "councils": sorted({r["council_name"] for r in members}), "rows": members}
           for (unit, period), members in sorted(groups.items(), key=lambda kv: -len(kv[1]))]
    reasons = []
    units = {g["unit"] for g in out}
    if len(units) > 1:
        by_unit = "; ".join(f"{', '.join(g['councils'])} in {g['unit'] or 'counts'}" for g in out)
        reasons.append(f"The councils report it in different units ({by_unit}): values in different units are never "
                       f"drawn on one chart.")
    for unit in units:
        periods = [g for g in out if g["unit"] == unit]
        if len(periods) > 1:
            said = "; ".join(f"{', '.join(g['councils'])} by {g['period']}" for g in periods)
            reasons.append(f"Values in {unit or 'counts'} are for different kinds of period ({said}): a year and a "
                           f"quarter are not one axis, so each has its own chart.")
    return out, reasons


async def indicator_comparison(db: Any, key: str, council_ids: list[str] | None = None) -> dict[str, Any]:
    """One measure (indicators.key) across councils: the councils' indicators, their values,
    and the charts their units and periods allow."""
    where = "i.key = :key" + (f" and i.council_id in ({', '.join(f':c{n}' for n in range(len(council_ids)))})"
                              if council_ids else "")
    params: dict[str, Any] = {"key": key} | {f"c{n}": c for n, c in enumerate(council_ids or [])}
    indicators = await query_rows(db, f"select i.*, c.name as council_name, c.short_name as council_short "
                                      f"from indicators i join councils c on c.id = i.council_id where {where} "
                                      f"order by c.name", params)
    rows: list[dict[str, Any]] = []
    for ind in indicators:
        values = await query_rows(db, "select * from indicator_values where indicator_id = :id "
                                      "order by coalesce(period_start, '9999')", {"id": ind["id"]})
        for v in merge_duplicates(values):
            council = ind["council_short"] or ind["council_name"]
            # One series per council: a council's values of the measure, whatever document they came from.
            rows.append({**v, "council_name": council, "series": council, "shown": format_value(v["value"], v["unit"])})
    groups, reasons = comparable_groups(rows)
    for g in groups:
        g["svg"] = svg_chart(g["rows"], g["unit"])
    return {"key": key, "indicators": indicators, "groups": groups, "reasons": reasons, "rows": rows}


async def shared_measures(db: Any) -> list[dict[str, Any]]:
    """Measures (indicators.key) that more than one council reports, most councils first."""
    if not await has(db, "indicators", "council_id"):
        return []
    return await query_rows(db, "select key, min(name) as name, count(distinct council_id) as councils, "
                                "group_concat(distinct unit) as units from indicators "
                                "where council_id != 'unknown' group by key having count(distinct council_id) > 1 "
                                "order by councils desc, key limit 200")


async def council_context(db: Any, council: dict[str, Any]) -> dict[str, Any]:
    """What a council's page shows: its meetings, decisions, plans and their lineage,
    indicators, documents and completeness."""
    cid = council["id"]
    p = {"c": cid}
    ctx: dict[str, Any] = {"council": council}
    ctx["completeness"] = await query_one(db, "select * from council_completeness where council_id = :c", p) \
        if await has(db, "council_completeness") else None
    ctx["meetings"] = []
    if await has(db, "meetings", "council_id"):
        decisions = "(select count(*) from decisions d where d.meeting_id = m.id)" if await has(db, "decisions", "meeting_id") \
            else "0"
        ctx["meetings"] = await query_rows(db, f"select m.*, {decisions} as decisions from meetings m "
                                               f"where m.council_id = :c order by m.date desc limit 25", p)
        for m in ctx["meetings"]:
            m["when"] = human_date(m.get("date"))
    ctx["decisions"] = await query_rows(
        db, "select d.id, d.title, d.minute_number, m.date, m.body from decisions d left join meetings m "
            "on m.id = d.meeting_id where d.council_id = :c order by m.date desc, d.page limit 25", p) \
        if await has(db, "decisions", "council_id") else []
    for d in ctx["decisions"]:
        d["when"] = human_date(d.get("date"))
    ctx["plans"] = []
    if await has(db, "plans", "council_id"):
        missions = "(select count(*) from missions x where x.plan_id = plans.id)" if await has(db, "missions") else "0"
        ctx["plans"] = await query_rows(db, f"select plans.*, {missions} as missions from plans where council_id = :c "
                                            f"order by period_start desc, title", p)
    ctx["lineage"] = await query_rows(
        db, "select older.title as from_title, older.period_start as from_year, newer.title as to_title, "
            "newer.period_start as to_year, count(*) as links from lineage l join plans older on older.id = l.from_plan_id "
            "join plans newer on newer.id = l.to_plan_id where l.council_id = :c "
            "group by l.from_plan_id, l.to_plan_id order by from_year", p) \
        if await has(db, "lineage", "council_id") and await has(db, "plans") else []
    ctx["indicators"] = await query_rows(db, "select id, name, unit, \"values\", period_first, period_last from indicators "
                                             "where council_id = :c order by \"values\" desc, name limit 30", p) \
        if await has(db, "indicators", "council_id") else []
    ctx["documents"] = await query_rows(db, "select * from documents where council_id = :c "
                                            "order by meeting_date desc, file", p) if await has(db, "documents") else []
    for d in ctx["documents"]:
        d["origin"] = origin(d) if d.get("council_match") != "none" else "nothing: it names no council"
    ctx["names_printed"] = json_list(council.get("names_printed")) or []
    ctx["replaced_by"] = json_list(council.get("replaced_by")) or []
    return ctx
