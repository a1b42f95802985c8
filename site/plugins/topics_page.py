"""Datasette plugin: where a council's attention went — ``/-/topics``.

For each council: its plan editions side by side, each edition's share of elements per policy
topic (the Comparative Agendas Project's major topics, coded by ``rules/topics/``), with the
change between the two latest editions; and its decisions per topic per year. Every bar links
to the records behind it (the ``topic_elements`` and ``topic_decisions`` canned queries).
``?level=actions`` compares the editions' actions instead of their priorities, themes,
missions, goals and outcomes; ``?council=`` shows one council. Bars are CSS widths in 5 %
steps (classes in site/static/site.css): no script, no inline style.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from council_plans.site import has, plans_database, query_rows

LEVELS = {"elements": "priorities, themes, missions, goals and outcomes", "actions": "actions"}
NOT_POLICY = ("procedural", "unclassified")


def _order(code: str | None) -> tuple[int, str]:
    return (int(code), "") if code and code.isdigit() else (999, code or "")


def share_class(share: float) -> str:
    """The CSS class of a bar: its width rounded to 5 % (``share-0`` … ``share-100``)."""
    return f"share-{min(100, max(0, round(share * 20) * 5))}"


def query_link(database: str, query: str, **params: Any) -> str:
    return f"/{database}/{query}?" + urlencode({k: "" if v is None else v for k, v in params.items()})


async def _editions(db: Any, council: str, level: str) -> list[dict[str, Any]]:
    """The council's plan editions, oldest first, each with its counts per topic at ``level``."""
    plans = await query_rows(
        db, "select plans.id, plans.title, plans.kind, plans.period_start, plans.period_end from plans "
            "left join documents on documents.id = plans.document_id "
            "where coalesce(documents.council, '') = :council order by plans.period_start, plans.title",
        {"council": council})
    business = [p for p in plans if p["kind"] == "business_plan"]
    plans = business or plans
    if level == "actions":
        sql = "select plan_id, topic, topic_name, count(*) as n from actions group by plan_id, topic, topic_name"
    else:
        sql = ("select plan_id, topic, topic_name, count(*) as n from (select plan_id, topic, topic_name from missions "
               "union all select plan_id, topic, topic_name from priorities) group by plan_id, topic, topic_name")
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in await query_rows(db, sql):
        if row["topic"]:
            counts[row["plan_id"]][row["topic"]] = row["n"]
            names[row["topic"]] = row["topic_name"] or row["topic"]
    editions = []
    for plan in plans:
        per_topic = counts.get(plan["id"], {})
        total = sum(per_topic.values())
        policy = sum(n for t, n in per_topic.items() if t not in NOT_POLICY)
        if not total:
            continue
        period = "–".join(str(p) for p in (plan["period_start"], plan["period_end"]) if p)
        editions.append({**plan, "period": period, "counts": per_topic, "total": total, "policy": policy,
                         "names": names})
    return editions


def _comparison(editions: list[dict[str, Any]], database: str, level: str) -> dict[str, Any]:
    """Rows of topics with each edition's count and share (of its policy-coded elements), and
    the change in share between the two latest editions."""
    names: dict[str, str] = {}
    for e in editions:
        names.update(e["names"])
    topics = sorted({t for e in editions for t in e["counts"] if t not in NOT_POLICY}, key=_order)
    rows = []
    for topic in topics:
        cells = []
        for e in editions:
            n = e["counts"].get(topic, 0)
            share = n / e["policy"] if e["policy"] else 0.0
            cells.append({"n": n, "share": share, "pct": round(share * 100), "bar": share_class(share),
                          "href": query_link(database, "topic_elements", plan=e["id"], topic=topic, level=level)})
        change = round((cells[-1]["share"] - cells[-2]["share"]) * 100) if len(cells) > 1 else None
        rows.append({"topic": topic, "name": names.get(topic, topic), "cells": cells, "change": change})
    others = []
    for code in NOT_POLICY:
        counts = [e["counts"].get(code, 0) for e in editions]
        if any(counts):
            others.append({"topic": code, "name": names.get(code, code.title()), "counts": counts,
                           "hrefs": [query_link(database, "topic_elements", plan=e["id"], topic=code, level=level)
                                     for e in editions]})
    moved = sorted((r for r in rows if r["change"]), key=lambda r: r["change"])
    return {"rows": rows, "others": others, "gains": [r for r in reversed(moved) if r["change"] > 0][:3],
            "falls": [r for r in moved if r["change"] < 0][:3]}


async def _decisions(db: Any, council: str, database: str) -> dict[str, Any]:
    """Decisions per topic per year (the year of their meeting) for one council."""
    if not await has(db, "decisions", "topic"):
        return {"years": [], "rows": []}
    found = await query_rows(
        db, "select substr(coalesce(meetings.date, documents.meeting_date), 1, 4) as year, decisions.topic, "
            "decisions.topic_name, count(*) as n from decisions "
            "left join meetings on meetings.id = decisions.meeting_id "
            "left join documents on documents.id = decisions.document_id "
            "where coalesce(documents.council, '') = :council group by year, decisions.topic, decisions.topic_name",
        {"council": council})
    years = sorted({r["year"] or "" for r in found})
    table: dict[str, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for r in found:
        table[r["topic"] or "unclassified"][r["year"] or ""] = r["n"]
        names[r["topic"] or "unclassified"] = r["topic_name"] or r["topic"] or "Unclassified"
    peak = max((n for per_year in table.values() for n in per_year.values()), default=1)
    rows = []
    for topic in sorted(table, key=lambda t: (t in NOT_POLICY, _order(t))):
        rows.append({"topic": topic, "name": names[topic], "muted": topic in NOT_POLICY, "cells": [
            {"year": y, "n": table[topic].get(y, 0), "bar": share_class(table[topic].get(y, 0) / peak),
             "href": query_link(database, "topic_decisions", topic=topic, year=y, council=council)} for y in years]})
    return {"years": [y or "no date" for y in years], "rows": rows,
            "total": sum(r["n"] for r in found)}


async def topics_page(datasette: Any, request: Any) -> Response:
    db = plans_database(datasette)
    if not await has(db, "missions", "topic") or not await has(db, "plans") or not await has(db, "documents"):
        raise NotFound("This database has no policy topics: build it again with this version of council-plans.")
    level = request.args.get("level") or "elements"
    if level not in LEVELS:
        raise NotFound(f"There is no level {level!r}; the levels are {', '.join(LEVELS)}.")
    councils = [r["council"] for r in await query_rows(
        db, "select distinct coalesce(documents.council, '') as council from documents order by council")]
    chosen = request.args.get("council")
    if chosen is not None and chosen not in councils:
        raise NotFound(f"There is no council {chosen!r} in this database.")
    sections = []
    for council in [chosen] if chosen is not None else councils:
        editions = await _editions(db, council, level)
        decisions = await _decisions(db, council, db.name)
        if not editions and not decisions["rows"]:
            continue
        sections.append({"council": council or "Council not named", "key": council, "editions": editions,
                         "comparison": _comparison(editions, db.name, level) if editions else None,
                         "decisions": decisions})
    html = await datasette.render_template("topics.html", {
        "sections": sections, "level": level, "levels": LEVELS, "database": db.name,
        "councils": councils, "chosen": chosen}, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/topics$", topics_page)]
