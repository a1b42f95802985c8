"""Indicator values as people read them: formatted numbers, one row per measured value, and an
inline SVG chart over time (no JavaScript, nothing fetched from the network).

The one home of the site's chart code: the indicator page (``/-/indicator/<id>``) and the
mission page (``/-/mission/<id>``) both draw with :func:`svg_chart`.

A line joins values only when they are one series: the same kind (actual, target…), read from
the same document and the same section (one table row, one passage), with at most one value per
period. Values of an indicator that were read from unrelated places are drawn as points of
their own series, never joined into one line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any

DASH = {"actual": "", "baseline": "2 3", "target": "6 4", "comparator": "1 3"}
PALETTE = ["#1f5fa8", "#c0392b", "#2e8b57", "#7a4fa0", "#d4770b", "#0f8a8a", "#8c564b", "#b5328a"]
COMPARATOR = "#8a8a8a"


def format_value(value: float | int | None, unit: str | None) -> str:
    """``770`` not ``770.0 count``; ``91.4%``; ``£1.2m``; ``3.5 per 10,000``."""
    if value is None:
        return ""
    number = float(value)
    shown = f"{number:,.0f}" if number.is_integer() or abs(number) >= 1000 else f"{number:,.2f}".rstrip("0").rstrip(".")
    unit = unit or ""
    if unit == "%":
        return f"{shown}%"
    if unit.startswith("£"):
        return f"£{shown}{unit[1:]}"
    if unit in ("", "count"):
        return shown
    return f"{shown} {unit}"


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def when(row: dict[str, Any]) -> date | None:
    """The middle of a value's period (its day for a point in time); None when undated."""
    start, end = _day(row.get("period_start")), _day(row.get("period_end"))
    if start is None or end is None:
        return start or end
    return date.fromordinal((start.toordinal() + end.toordinal()) // 2)


def merge_duplicates(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per measured value: the same value, unit, period and kind read more than once
    (a table repeated on two pages, a figure quoted in the summary and in the body) becomes one
    row whose ``sources`` lists every place it was read, in the order first seen."""
    merged: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row.get("indicator_id"), row.get("value"), row.get("unit"), row.get("period"),
               row.get("period_start"), row.get("period_end"), row.get("kind"))
        source = {"document_id": row.get("document_id"), "page": row.get("page"), "pdf": row.get("pdf")}
        if key not in merged:
            merged[key] = {**row, "sources": [source]}
        elif source not in merged[key]["sources"]:
            merged[key]["sources"].append(source)
    return list(merged.values())


def series(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated rows grouped into series: ``{"kind", "label", "points": [(date, row)], "joined"}``.

    A series is one kind read from one document and one section — or, for rows that name their
    ``series`` (a council's values on a chart comparing councils), one kind of that series. It
    is drawn as a line (``joined``) only when its points fall on different dates: two values
    for the same period are not a movement over time."""
    groups: dict[tuple[str, str, str, str], list[tuple[date, dict[str, Any]]]] = {}
    for row in rows:
        day = when(row)
        if day is None:
            continue
        named = row.get("series") or ""
        key = (row.get("kind") or "actual", named, "" if named else row.get("document_id") or "",
               "" if named else row.get("section") or "")
        groups.setdefault(key, []).append((day, row))
    kinds: dict[str, int] = {}
    for kind, *_ in groups:
        kinds[kind] = kinds.get(kind, 0) + 1
    out = []
    for (kind, named, _document, section), points in sorted(groups.items(), key=lambda kv: (kv[0][0] != "actual", kv[0])):
        points.sort(key=lambda p: p[0])
        days = [d for d, _ in points]
        if named:
            label = named if kind == "actual" else f"{named} ({kind})"
        else:
            label = kind if kinds[kind] == 1 or not section else f"{kind}: {section}"
        out.append({"kind": kind, "label": label, "points": points,
                    "joined": len(points) > 1 and len(set(days)) == len(days)})
    return out


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def svg_chart(rows: list[dict[str, Any]], unit: str, width: int = 720, height: int = 320) -> str:
    """An SVG chart of ``rows`` (indicator_values rows) in ``unit`` against time; '' when none is dated.

    The legend is drawn only when there is more than one series; when the values span less than
    two calendar years the x axis is labelled with each value's period as written."""
    lines = series(r for r in rows if r.get("unit") == unit and r.get("value") is not None)
    dated = [(d, r) for s in lines for d, r in s["points"]]
    if not dated:
        return ""
    legend = len(lines) > 1 or lines[0]["kind"] != "actual" or any(r.get("series") for _, r in dated)
    left, right, top, bottom = 64, (200 if legend else 24), 16, 40
    days = [d.toordinal() for d, _ in dated]
    values = [float(r["value"]) for _, r in dated]
    x0, x1 = min(days), max(days)
    pad = max(20, (x1 - x0) // 12)
    x0, x1 = x0 - pad, x1 + pad
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    if unit == "%" and max(values) <= 100 < ticks[-1]:
        ticks = [t for t in ticks if t < 100] + [100.0]
    y0, y1 = ticks[0], ticks[-1]
    pw, ph = width - left - right, height - top - bottom

    def x(d: date) -> float:
        return left + (d.toordinal() - x0) / (x1 - x0) * pw

    def y(v: float) -> float:
        return top + ph - (v - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-label="values over time" font-family="sans-serif" font-size="11">']
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>')
    for v in ticks:
        out.append(f'<line x1="{left - 4}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{escape(format_value(v, unit))}</text>')
    first, last = date.fromordinal(x0), date.fromordinal(x1)
    years = [date(year, 1, 1) for year in range(first.year, last.year + 2) if first <= date(year, 1, 1) <= last]
    if len(years) >= 2:
        marks = [(jan, str(jan.year)) for jan in years]
    else:  # a short span: each period as the document writes it
        marks = sorted({(d, str(r.get("period") or d.isoformat())) for d, r in dated})
    for day, label in marks:
        out.append(f'<line x1="{x(day):.1f}" y1="{top + ph}" x2="{x(day):.1f}" y2="{top + ph + 4}" stroke="#333"/>')
        out.append(f'<text x="{x(day):.1f}" y="{top + ph + 17}" text-anchor="middle">{escape(label)}</text>')
    legend_y = top + 4
    for i, line in enumerate(lines):
        colour = COMPARATOR if line["kind"] == "comparator" else PALETTE[i % len(PALETTE)]
        dash = DASH.get(line["kind"], "")
        if line["joined"]:
            path = " ".join(f"{x(d):.1f},{y(float(r['value'])):.1f}" for d, r in line["points"])
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        for d, r in line["points"]:
            tip = f"{format_value(r['value'], unit)} — {r.get('period') or ''} ({line['kind']})"
            out.append(f'<circle cx="{x(d):.1f}" cy="{y(float(r["value"])):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{escape(tip)}</title></circle>')
        if legend:
            out.append(f'<line x1="{left + pw + 12}" y1="{legend_y}" x2="{left + pw + 32}" y2="{legend_y}" '
                       f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
            name = line["label"] if len(line["label"]) <= 26 else line["label"][:25] + "…"
            out.append(f'<text x="{left + pw + 36}" y="{legend_y + 4}"><title>{escape(line["label"])}</title>{escape(name)}</text>')
            legend_y += 16
    out.append("</svg>")
    return "".join(out)


def charts_by_unit(rows: list[dict[str, Any]], width: int = 720, height: int = 320) -> list[tuple[str, str]]:
    """``[(unit, svg)]`` for every unit that has dated values, the most used unit first."""
    units: dict[str, int] = {}
    for r in rows:
        units[r.get("unit") or ""] = units.get(r.get("unit") or "", 0) + 1
    out = []
    for unit in sorted(units, key=lambda u: -units[u]):
        svg = svg_chart(rows, unit, width, height)
        if svg:
            out.append((unit, svg))
    return out
