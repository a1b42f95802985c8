"""Datasette plugin: an indicator's values over time — ``/-/indicator/{id}``.

The page draws one inline SVG chart (no JavaScript, nothing fetched from the network): each
value is placed at the middle of its period (a point in time, such as "end of Q4 2023", at
its day), joined by a line per kind — actuals solid, targets and expected ranges dashed,
comparators (England, region, statistical neighbours) grey — with the unit on the y axis.
Below the chart, every value is listed with its period as written, the sentence or table
row it was read from and a link to the PDF page. Values whose period has no dates
("currently") are listed but not charted.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.site import plans_database, query_rows

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 20, 48
STYLE = {  # kind -> (colour, dash pattern)
    "actual": ("#1f5fa8", ""),
    "baseline": ("#7a4fa0", "2 3"),
    "target": ("#c0392b", "6 4"),
    "comparator": ("#8a8a8a", "1 3"),
}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _when(row: dict[str, Any]) -> date | None:
    """The middle of a value's period (its day for a point in time)."""
    start, end = _day(row.get("period_start")), _day(row.get("period_end"))
    if start is None or end is None:
        return start or end
    return date.fromordinal((start.toordinal() + end.toordinal()) // 2)


def _fmt(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 1000 else f"{value:,.1f}"
    if unit == "%":
        return f"{number}%"
    if unit.startswith("£"):
        return f"£{number}{unit[1:]}"
    return number if unit == "count" else f"{number} {unit}"


def svg_chart(rows: list[dict[str, Any]], unit: str) -> str:
    """An SVG line chart of ``rows`` (indicator_values rows) against time; '' when none is dated."""
    dated = [(d, r) for r in rows if (d := _when(r)) is not None and r.get("unit") == unit]
    if not dated:
        return ""
    days = [d.toordinal() for d, _ in dated]
    values = [float(r["value"]) for _, r in dated]
    x0, x1 = min(days), max(days)
    if x0 == x1:
        x0, x1 = x0 - 45, x1 + 45
    y0, y1 = min(0.0, min(values)), max(values)
    y1 = y1 * 1.1 if y1 > 0 else 1.0
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: int) -> float:
        return LEFT + (d - x0) / (x1 - x0) * pw

    def y(v: float) -> float:
        return TOP + ph - (v - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
           f'role="img" aria-label="values over time" font-family="sans-serif" font-size="11">']
    out.append(f'<line x1="{LEFT}" y1="{TOP + ph}" x2="{LEFT + pw}" y2="{TOP + ph}" stroke="#333"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + ph}" stroke="#333"/>')
    for i in range(5):  # y ticks
        v = y0 + (y1 - y0) * i / 4
        out.append(f'<line x1="{LEFT - 4}" y1="{y(v):.1f}" x2="{LEFT + pw}" y2="{y(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{escape(_fmt(v, unit))}</text>')
    years = range(date.fromordinal(x0).year, date.fromordinal(x1).year + 2)
    for yr in years:  # x ticks at 1 January
        d = date(yr, 1, 1).toordinal()
        if x0 <= d <= x1:
            out.append(f'<line x1="{x(d):.1f}" y1="{TOP + ph}" x2="{x(d):.1f}" y2="{TOP + ph + 4}" stroke="#333"/>')
            out.append(f'<text x="{x(d):.1f}" y="{TOP + ph + 18}" text-anchor="middle">{yr}</text>')
    series: dict[tuple[str, str], list[tuple[date, dict[str, Any]]]] = {}
    for d, r in dated:
        series.setdefault((r.get("kind") or "actual", r.get("series") or ""), []).append((d, r))
    legend_y = TOP + 4
    for (kind, label), points in sorted(series.items()):
        colour, dash = STYLE.get(kind, STYLE["actual"])
        points.sort(key=lambda p: p[0])
        if len(points) > 1:
            path = " ".join(f"{x(d.toordinal()):.1f},{y(float(r['value'])):.1f}" for d, r in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        for d, r in points:
            tip = f"{_fmt(float(r['value']), unit)} — {r.get('period') or ''} ({kind})"
            out.append(f'<circle cx="{x(d.toordinal()):.1f}" cy="{y(float(r["value"])):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{escape(tip)}</title></circle>')
        name = f"{kind}{': ' + label if label else ''}"
        out.append(f'<line x1="{LEFT + pw + 12}" y1="{legend_y}" x2="{LEFT + pw + 32}" y2="{legend_y}" stroke="{colour}" '
                   f'stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{LEFT + pw + 36}" y="{legend_y + 4}">{escape(name[:18])}</text>')
        legend_y += 16
    out.append("</svg>")
    return "".join(out)



async def indicator_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    tables = await db.table_names()
    if "indicators" not in tables or "indicator_values" not in tables:
        return Response.html("No indicators in this database.", status=404)
    found = await query_rows(db, "select * from indicators where id = :id", {"id": ident})
    if not found:
        return Response.html(f"No indicator with id {escape(ident)}.", status=404)
    indicator = found[0]
    missions = indicator.get("mission_ids")
    indicator["mission_ids"] = json.loads(missions) if isinstance(missions, str) and missions else (missions or [])
    # Name the missions so the page reads "Measures: We get the best start in life", not an id.
    named = {}
    if indicator["mission_ids"] and "missions" in tables:
        marks = ", ".join(f":m{i}" for i in range(len(indicator["mission_ids"])))
        params = {f"m{i}": m for i, m in enumerate(indicator["mission_ids"])}
        named = {r["id"]: r["name"] for r in await query_rows(db, f"select id, name from missions where id in ({marks})", params)}
    indicator["missions"] = [{"id": m, "name": named.get(m) or m} for m in indicator["mission_ids"]]
    values = await query_rows(
        db,
        "select v.*, d.file as file from indicator_values v left join documents d on d.id = v.document_id "
        "where v.indicator_id = :id order by coalesce(v.period_start, '9999'), v.document_id, v.page",
        {"id": ident},
    )
    for v in values:
        v["shown"] = _fmt(float(v["value"]), v["unit"])
        v["pdf"] = f"/corpus/{v['file']}#page={v['page']}" if v.get("file") else None
    units = sorted({v["unit"] for v in values}, key=lambda u: -sum(1 for v in values if v["unit"] == u))
    charts = [(u, svg_chart(values, u)) for u in units]
    html = await datasette.render_template(
        "indicator.html",
        {"indicator": indicator, "values": values, "charts": [(u, c) for u, c in charts if c],
         "undated": [v for v in values if _when(v) is None], "database": db.name},
        request=request,
    )
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/indicator/(?P<id>[^/]+)$", indicator_page)]
