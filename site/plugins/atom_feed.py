"""Datasette plugin: Atom feeds of every table page and of canned queries —
``/plans/decisions.atom?meeting_id=…&_search=…``, ``/plans/decisions_about.atom?topic=adoption``.

A table page's feed keeps the page's filters (column filters, facets chosen, ``_search``) and
lists the newest matching records (``council_plans.feeds``), whatever the page is sorted by:
an officer filters decisions to one committee and subscribes to what it decides next. Datasette
offers the ``atom`` link under every table and the page announces it to feed readers
(site/templates/table.html). The canned queries that have a feed, and which of their columns
make an entry, are listed in ``council_plans.site.FEEDS``. Written with the standard library
(no feed dependency).
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response

from council_plans.feeds import atom_document, table_entries, where_of_table_sql
from council_plans.site import DATABASE, FEEDS

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


async def render_atom(datasette: Any, rows: list[Any], columns: list[str], query_name: str | None, table: str | None,
                      database: str, request: Any, view_name: str, data: dict[str, Any]) -> Response:
    base = f"{request.scheme}://{request.host}"
    self_url = base + request.full_path
    if query_name not in FEEDS and table and view_name == "table":
        return await render_table_feed(datasette, table, database, request, data, base, self_url)
    spec = FEEDS[query_name or ""]
    topic = request.args.get("topic") or ""
    title = f"Decisions about “{topic}”" if topic else "Decisions"
    body = atom_feed([dict(zip(columns, r, strict=False)) for r in rows], spec, f"{title} — council-plans", self_url, base)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def render_table_feed(datasette: Any, table: str, database: str, request: Any, data: dict[str, Any],
                            base: str, self_url: str) -> Response:
    query = data.get("query") or {}
    try:
        where = where_of_table_sql(query.get("sql") or "", table)
        entries = await table_entries(datasette.get_database(database), table, where, dict(query.get("params") or {}), base)
    except ValueError as err:
        return Response.text(f"No feed for this page: {err}.", status=400)
    except QueryInterrupted:
        return Response.text("The feed took too long: filter the table further.", status=503)
    # the page's filters as Datasette words them; the feed's order is its own (newest first)
    described = (data.get("human_description_en") or "").split(" sorted by ")[0]
    title = f"{table.replace('_', ' ').capitalize()}{' ' + described if described else ''} — council-plans"
    page = base + request.path.rsplit(".atom", 1)[0] + (f"?{request.query_string}" if request.query_string else "")
    body = atom_document(entries, title, self_url, alternate=page)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def can_render_atom(query_name: str | None, table: str | None, database: str, view_name: str) -> bool:
    # every table of the site's database (a filter is a saved search), and the canned queries with a feed
    return query_name in FEEDS or (bool(table) and view_name == "table" and database == DATABASE)


@hookimpl
def register_output_renderer():
    return {"extension": "atom", "render": render_atom, "can_render": can_render_atom}
