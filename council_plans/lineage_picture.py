"""The lineage between plan editions as a picture: server-rendered SVG, no JavaScript.

Editions stand side by side, oldest on the left (2013 → 2017 → 2022 when all three are in the
database). In each, the plan's priorities are bands holding their themes or missions (or, at
goal level, each theme's goals under its name). A link of the ``lineage`` table is a flow from
the older element to the newer one, coloured by its relation (continues, renamed, merged,
split; dropped runs off to the right, new comes in from the left) and shaded by its confidence
(or, before confidence is published, by its similarity score). Every element links to its page
and every flow to its evidence in the table below the picture (``#link-<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

RELATION_COLOUR = {
    "continues": "#2e8b57",
    "renamed": "#1f5fa8",
    "merged": "#7a4fa0",
    "split": "#d4770b",
    "dropped": "#c0392b",
    "new": "#0f8a8a",
}
CONFIDENCE_OPACITY = {"high": 0.9, "medium": 0.55, "low": 0.25}

COLUMN, GAP, MARGIN, TOP = 300, 230, 24, 56
ROW, HEADER, BAND_PAD = 22, 20, 6
NAME_CHARS = 44


@dataclass
class Element:
    """A theme, mission or goal drawn as a box; ``group`` is the theme heading a goal sits under."""

    id: str
    name: str
    href: str
    group: str | None = None


@dataclass
class Band:
    """A priority of an edition, with the elements under it."""

    id: str | None
    name: str
    elements: list[Element] = field(default_factory=list)


@dataclass
class Edition:
    id: str
    title: str
    period: str
    bands: list[Band] = field(default_factory=list)


def _short(text: str, limit: int = NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def opacity(link: dict[str, Any], max_score: float) -> float:
    """How strongly a flow is drawn: its confidence when published, else its score's share of the best."""
    confidence = link.get("confidence")
    if confidence in CONFIDENCE_OPACITY:
        return CONFIDENCE_OPACITY[confidence]
    score = float(link.get("score") or 0.0)
    return round(0.2 + 0.7 * (score / max_score if max_score > 0 else 0.0), 2)


def lineage_svg(editions: list[Edition], links: list[dict[str, Any]]) -> str:
    """The picture of ``links`` (lineage rows) between ``editions`` (oldest first)."""
    if not editions:
        return ""
    anchors: dict[str, tuple[float, float, float]] = {}  # element or band id -> (left x, right x, mid y)
    body: list[str] = []
    height = TOP
    for i, edition in enumerate(editions):
        x = MARGIN + i * (COLUMN + GAP)
        body.append(f'<text class="edition" x="{x}" y="22" font-weight="bold" font-size="14">{escape(_short(edition.title, 48))}</text>')
        body.append(f'<text x="{x}" y="40" fill="#555">{escape(edition.period)}</text>')
        y = TOP
        for band in edition.bands:
            top = y
            y += HEADER + BAND_PAD
            group = None
            rows: list[str] = []
            for element in band.elements:
                if element.group and element.group != group:
                    group = element.group
                    rows.append(f'<text x="{x + 12}" y="{y + 13}" font-style="italic" fill="#444">{escape(_short(group, 50))}</text>')
                    y += HEADER
                rows.append(
                    f'<a href="{escape(element.href)}"><rect class="element" x="{x + 8}" y="{y}" width="{COLUMN - 16}" '
                    f'height="{ROW - 4}" rx="3" fill="#fff" stroke="#9aa"/><text x="{x + 14}" y="{y + 13}">'
                    f'<title>{escape(element.name)}</title>{escape(_short(element.name))}</text></a>'
                )
                anchors[element.id] = (x + 8, x + COLUMN - 8, y + (ROW - 4) / 2)
                y += ROW
            y += BAND_PAD
            body.append(f'<rect class="band" x="{x}" y="{top}" width="{COLUMN}" height="{y - top}" rx="5" fill="#eef3f8" stroke="#c5d3e0"/>')
            body.append(f'<text x="{x + 8}" y="{top + 15}" font-weight="bold">{escape(_short(band.name, 46))}</text>')
            body.extend(rows)
            if band.id:
                anchors.setdefault(band.id, (x, x + COLUMN, top + HEADER / 2))
            y += 10
        height = max(height, y)
    max_score = max((float(link.get("score") or 0) for link in links), default=0.0)
    flows: list[str] = []
    for link in links:
        colour = RELATION_COLOUR.get(link.get("relation") or "", "#777")
        source, target = anchors.get(link.get("from_id") or ""), anchors.get(link.get("to_id") or "")
        if source and target:
            x1, y1, x2, y2 = source[1], source[2], target[0], target[2]
        elif source and link.get("relation") == "dropped":
            x1, y1, x2, y2 = source[1], source[2], source[1] + GAP * 0.45, source[2]
        elif target and link.get("relation") == "new":
            x1, y1, x2, y2 = target[0] - GAP * 0.45, target[2], target[0], target[2]
        else:
            continue  # an element not drawn (another level, a plan not shown)
        mid = (x1 + x2) / 2
        dash = ' stroke-dasharray="5 4"' if link.get("relation") in ("dropped", "new") else ""
        tip = f"{link.get('from_name') or 'nothing'} → {link.get('to_name') or 'nothing'}: {link.get('relation')}"
        if link.get("confidence"):
            tip += f", {link['confidence']} confidence"
        if link.get("score") is not None:
            tip += f" (similarity {float(link['score']):.2f})"
        flows.append(
            f'<a href="#link-{escape(str(link.get("id")))}"><path class="flow relation-{escape(str(link.get("relation")))}" '
            f'd="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="3" stroke-opacity="{opacity(link, max_score)}"{dash}>'
            f'<title>{escape(tip)}</title></path></a>'
        )
    width = MARGIN * 2 + len(editions) * COLUMN + (len(editions) - 1) * GAP
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" viewBox="0 0 {width} {height + 10}" '
            f'width="{width}" height="{height + 10}" role="img" aria-label="how the plan changed between editions" '
            f'font-family="sans-serif" font-size="11">' + "".join(body) + "".join(flows) + "</svg>")
