"""Atom feeds of any search and any filtered table: a saved search as a subscription.

An officer who searches for "Mill Lane" or filters decisions to one committee can follow the
same question in a feed reader: ``/-/search.atom?q=…`` (site/plugins/search.py) and
``/plans/<table>.atom?<the table page's filters>`` (site/plugins/atom_feed.py) list the
newest matching records, each entry linking to the record's page and its PDF page.

"Newest" is the record's own date where it has one (a decision's date, a meeting's, a report's
meeting), else its meeting's, else its document's meeting date; records of no date at all come
last. Every feed is bounded (FEED_LIMIT entries, each query under the site's time limit).

Written with the standard library's ElementTree (RFC 4287 needs nothing more), as the canned
query's feed was; text read from PDFs may hold characters XML 1.0 forbids, which are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from council_plans.search import KINDS, Kind, Query, where_of
from council_plans.site import has, query_rows, report_path

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
EPOCH = "1970-01-01T00:00:00Z"  # the updated date of a feed with no dated entry

# A record's page where it has one of its own; other records link to their row page.
RECORD_PAGES = {"decisions": "/-/decision/", "meetings": "/-/meeting/", "missions": "/-/mission/",
                "indicators": "/-/indicator/", "people": "/-/person/", "threads": "/-/thread/"}
# The record's own date, the first column of these a table has.
DATE_COLUMNS = ("decision_date", "date", "meeting_date", "date_of_report", "first_date", "period_end")
# What names a record in an entry's title, and what it says (the entry's summary).
TITLE_COLUMNS = ("title", "name", "heading", "planned_activity", "key_metric", "motion", "printed", "text", "message")
SUMMARY_COLUMNS = ("resolved", "text", "purpose", "evidence", "recommendation", "message")

# XML 1.0 allows tab, newline, carriage return and these ranges only (and the snippet markers
# \x02 \x03 of a search must go too).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    return _NOT_XML.sub("", str(value or ""))


def timestamp(value: Any) -> str | None:
    """RFC 3339 date-time for a date the database holds ("2017-06-20", "2023-05"); None when
    it holds no date."""
    text = str(value or "")
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3) or '01'}T00:00:00Z"


@dataclass
class Entry:
    id: str  # an absolute URL that names the record for good: its row's address
    title: str
    link: str  # the record's page (absolute)
    updated: str | None
    pdf: str | None = None  # its PDF page (absolute)
    page: int | None = None
    summary: str | None = None
    category: str | None = None  # the kind of record (a table)
    category_label: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def atom_document(entries: list[Entry], title: str, self_url: str, alternate: str | None = None) -> bytes:
    """An Atom feed (RFC 4287): id, title, updated and author on the feed; id, title, updated
    and an alternate link on every entry, with the PDF page as a related link."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = xml_text(self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    if alternate:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=alternate)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((e.updated or EPOCH for e in entries), default=EPOCH)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "council-plans"
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "council-plans"
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = xml_text(e.id)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(e.title) or "(untitled)"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = e.updated or EPOCH
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=e.link)
        if e.pdf:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", type="application/pdf", href=e.pdf,
                          title=f"PDF page {e.page}" if e.page else "PDF")
        if e.category:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=e.category, label=e.category_label or e.category)
        if e.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(e.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _absolute(base: str, href: str | None) -> str | None:
    return None if not href else href if href.startswith(("http://", "https://")) else base + href


# ---- a table page's filters ----------------------------------------------------------------

def where_of_table_sql(sql: str, table: str) -> str:
    """The filtering part (``where …``, or nothing) of the SQL Datasette's table view ran:
    ``select <columns> from [table] <where> order by … limit N [offset M]``. Its values are
    bound parameters, so no value can hold these words; the feed runs the same clause with its
    own order and limit. A form it does not know is a ValueError (the feed answers 400)."""
    head = f" from [{table}] " if f" from [{table}] " in sql else f" from {table} "
    start = sql.find(head)
    cut = sql.rfind(" limit ")
    if start < 0 or cut < start:
        raise ValueError("not a table view's query")
    rest = sql[start + len(head):cut]
    order = rest.rfind(" order by ")
    if order < 0 and rest.lstrip().startswith("order by "):
        order = rest.find("order by ")
    where = (rest[:order] if order >= 0 else rest).strip()
    if where and not where.startswith("where "):
        raise ValueError("not a table view's query")
    return where


async def table_entries(db: Any, table: str, where: str, params: dict[str, Any], base: str,
                        limit: int = FEED_LIMIT) -> list[Entry]:
    """The newest ``limit`` rows of ``table`` that ``where`` (a table view's filters) keeps."""
    columns = await db.table_columns(table)
    pks = await db.primary_keys(table)
    own = next((c for c in DATE_COLUMNS if c in columns), None)
    joins, dates = [], [f"t.[{own}]"] if own else []
    if "meeting_id" in columns and table != "meetings" and await has(db, "meetings", "date"):
        joins.append("left join meetings fm on fm.id = t.meeting_id")
        dates.append("fm.date")
    if "document_id" in columns and table != "documents" and await has(db, "documents", "meeting_date"):
        joins.append("left join documents fd on fd.id = t.document_id")
        dates.append("fd.meeting_date")
    updated = f"coalesce({', '.join(dates)})" if dates else "null"
    sql = (f"select t.rowid as feed_rowid, t.*, {updated} as feed_updated from [{table}] t {' '.join(joins)} "
           f"where t.rowid in (select rowid from [{table}] {where}) "
           f"order by feed_updated is null, feed_updated desc, t.rowid desc limit {int(limit)}")
    rows = await query_rows(db, sql, params)
    title_column = next((c for c in TITLE_COLUMNS if c in columns), None)
    summary_column = next((c for c in SUMMARY_COLUMNS if c in columns and c != title_column), None)
    label = table.replace("_", " ")
    out = []
    for row in rows:
        key = ",".join(quote(str(row[pk]), safe="") for pk in pks) if pks else str(row["feed_rowid"])
        row_page = f"/{db.name}/{table}/{key}"
        if table in RECORD_PAGES and row.get("id"):
            page = RECORD_PAGES[table] + quote(str(row["id"]), safe="")
        elif table == "reports" and row.get("id"):
            page = report_path(row, db.name)
        else:
            page = row_page
        title = row.get(title_column) if title_column else None
        out.append(Entry(
            id=base + row_page, title=str(title or f"{label} {key}")[:300], link=base + page,
            updated=timestamp(row.get("feed_updated")), pdf=_absolute(base, row.get("pdf")), page=row.get("page"),
            summary=(str(row[summary_column])[:2000] if summary_column and row.get(summary_column) else None),
            category=table, category_label=label))
    return out


# ---- the site's search -----------------------------------------------------------------------

async def search_entries(db: Any, q: Query, base: str, topic: str | None = None, council: str | None = None,
                         limit: int = FEED_LIMIT) -> list[Entry]:
    """The newest ``limit`` records of every kind the search page searches that match ``q``
    (with the page's topic and council filters), newest first across kinds."""
    hits: list[tuple[str, Entry]] = []
    for kind in KINDS:
        for row in await _newest_of_kind(db, kind, q, topic, council, limit):
            entry = Entry(
                id=f"{base}/{db.name}/{kind.table}/{quote(str(row['id']), safe='')}",
                title=str(row.get("title") or "(untitled)")[:300], link=_absolute(base, row["href"]) or base,
                updated=timestamp(row.get("feed_updated")), pdf=_absolute(base, row.get("pdf")), page=row.get("page"),
                summary=row.get("snippet"), category=kind.table, category_label=kind.label)
            hits.append((entry.updated or "", entry))
    hits.sort(key=lambda h: h[0], reverse=True)  # stable: within a date, kinds in the search page's order
    return [e for _, e in hits[:limit]]


async def _newest_of_kind(db: Any, kind: Kind, q: Query, topic: str | None, council: str | None,
                          limit: int) -> list[dict[str, Any]]:
    found = await where_of(db, kind, q, topic, council)
    if found is None:
        return []
    only, params = found
    fts = f"{kind.table}_fts"
    pdf = "t.pdf as pdf, t.page as page" if await has(db, kind.table, "pdf") else "null as pdf, null as page"
    document = "t.document_id" if await has(db, kind.table, "document_id") else "null"
    dated = await has(db, "documents", "meeting_date")
    inner = (f"select t.id as id, {kind.select.format(db=db.name)}, {pdf}, {document} as feed_document, "
             f"snippet({fts}, -1, '', '', '…', 24) as snippet "
             f"from {fts} join {kind.table} t on t.rowid = {fts}.rowid {kind.joins} where {fts} match :q{only}")
    updated = "coalesce(h.date, fd.meeting_date)" if dated else "h.date"
    join = "left join documents fd on fd.id = h.feed_document" if dated else ""
    sql = (f"select h.*, {updated} as feed_updated from ({inner}) h {join} "
           f"order by feed_updated is null, feed_updated desc limit {int(limit)}")
    return await query_rows(db, sql, params)


def search_feed_path(q: Query, topic: str | None, council: str | None) -> str:
    """The feed of a search page: the same words and filters, at /-/search.atom."""
    from urllib.parse import urlencode

    args = {"q": q.text[:300]}
    if topic:
        args["topic"] = topic
    if council:
        args["council"] = council
    return "/-/search.atom?" + urlencode(args)


__all__ = ["ATOM", "FEED_LIMIT", "Entry", "atom_document", "search_entries", "search_feed_path",
           "table_entries", "timestamp", "where_of_table_sql", "xml_text"]
