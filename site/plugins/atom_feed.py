"""Datasette plugin: Atom feeds of canned queries — ``/plans/decisions_about.atom?topic=adoption``.

An officer subscribes to a topic in a feed reader and sees each new resolution about it. The
queries that have a feed, and which of their columns make an entry, are listed in
``council_plans.site.FEEDS``. Written with the standard library (no feed dependency).
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.site import FEEDS

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(value: Any) -> str:
    """Atom wants RFC 3339 date-times; the database has dates."""
    text = str(value or "1970-01-01")
    return text if "T" in text else f"{text[:10]}T00:00:00Z"


def atom_feed(rows: list[dict[str, Any]], spec: dict[str, str], title: str, self_url: str, base: str) -> bytes:
    """An Atom document with one entry per row, newest first as the query orders them."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((_timestamp(r.get(spec["updated"])) for r in rows),
                                                         default=_timestamp(None))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "council-plans"
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        link = base + str(row.get(spec["link"]) or "")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = link
        ET.SubElement(entry, f"{{{ATOM}}}title").text = " — ".join(
            str(p) for p in (row.get(spec["title"]), row.get(spec["author"]), row.get(spec["updated"])) if p)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(row.get(spec["updated"]))
        if row.get(spec["summary"]):
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = str(row[spec["summary"]])
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = str(row.get(spec["content"]) or "")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def render_atom(rows: list[Any], columns: list[str], query_name: str | None, request: Any) -> Response:
    spec = FEEDS[query_name or ""]
    topic = request.args.get("topic") or ""
    base = f"{request.scheme}://{request.host}"
    self_url = base + request.full_path
    title = f"Decisions about “{topic}”" if topic else "Decisions"
    body = atom_feed([dict(zip(columns, r, strict=False)) for r in rows], spec, f"{title} — council-plans", self_url, base)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def can_render_atom(query_name: str | None) -> bool:
    return query_name in FEEDS


@hookimpl
def register_output_renderer():
    return {"extension": "atom", "render": render_atom, "can_render": can_render_atom}
