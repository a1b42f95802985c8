"""One search over everything the site holds — the page is ``/-/search?q=…`` (site/plugins/search.py).

Every kind of record with full-text search (decisions, recommendations, reports, plan missions,
actions, service-plan activities, indicators and the text of every page) is searched with
SQLite FTS5; hits are ranked by relevance (``bm25``) within their kind, shown with the matching
words highlighted (``snippet``), and link to the record's own page and to its PDF page. The
page is rendered on the server: the results are in the HTML, no JavaScript fetches them.

bm25 scores are not comparable between tables (each has its own vocabulary statistics), so
kinds are listed in a fixed order — what was decided, what was proposed, what was planned,
what was measured, then pages — each with its count and its own ranking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from markupsafe import Markup, escape

from council_plans.site import has, human_date, query_rows

LIMIT = 10
OPEN, CLOSE = "\x02", "\x03"  # snippet markers: the text is escaped first, then they become <mark>

# A search is a few words. Each word is one more phrase every full-text index must match, in
# each of the eight kinds: thousands of words held a SQL thread for half a minute.
MAX_TERMS = 12
MAX_CHARS = 300
_TERM = re.compile(r'"([^"]*)"|([^\s"]+)')  # a "quoted phrase", or a run of other characters


@dataclass(frozen=True)
class Query:
    """What a search box's text becomes: the words searched (a quoted phrase is one), and the
    FTS5 query that matches them all, each quoted so that no word is FTS5 syntax."""

    text: str  # the text as typed
    terms: tuple[str, ...]
    cut: bool  # words or characters beyond MAX_TERMS / MAX_CHARS were left out

    @property
    def fts(self) -> str:
        # '""' (an empty phrase) is valid FTS5 that matches nothing; '' is a syntax error.
        return " ".join('"' + t.replace('"', '""') + '"' for t in self.terms) or '""'

    @property
    def shown(self) -> str:
        return " ".join(f'"{t}"' if " " in t else t for t in self.terms)


def parse_query(text: str | None) -> Query:
    """The words of a search box's text, bounded (MAX_TERMS words, MAX_CHARS characters); words
    with no letter or digit (``"``, ``*``, ``-``) are left out, as the full-text index ignores them."""
    text = text or ""
    cut = len(text) > MAX_CHARS
    terms: list[str] = []
    for phrase, word in _TERM.findall(text[:MAX_CHARS]):
        term = " ".join((phrase or word).split())
        if not any(ch.isalnum() for ch in term):
            continue
        if len(terms) == MAX_TERMS:
            cut = True
            break
        terms.append(term)
    return Query(text, tuple(terms), cut)


def fts_query(text: str | None) -> str:
    """``parse_query(text).fts``: the SQL function ``escape_fts`` as the site registers it, in
    place of Datasette's, for canned queries and table searches (``?_search=``) — Datasette's
    makes a syntax error of ``"`` and takes any number of words."""
    return parse_query(text).fts


@dataclass(frozen=True)
class Kind:
    table: str
    label: str
    select: str  # columns naming the hit and where it links ({db}: the database's name)
    joins: str = ""


KINDS = [
    Kind("decisions", "Decisions",
         "t.title as title, '/-/decision/' || t.id as href, m.body as body, m.date as date",
         "left join meetings m on m.id = t.meeting_id"),
    Kind("recommendations", "Officers' recommendations",
         "r.title as title, coalesce('/-/meeting/' || r.meeting_id || '#report-' || r.id, '/{db}/recommendations/' || t.id) as href, "
         "r.meeting_body as body, r.meeting_date as date",
         "left join reports r on r.id = t.report_id"),
    Kind("reports", "Reports",
         "t.title as title, coalesce('/-/meeting/' || t.meeting_id || '#report-' || t.id, '/{db}/reports/' || t.id) as href, "
         "t.meeting_body as body, t.meeting_date as date"),
    Kind("missions", "Plan missions, themes and goals",
         "t.name as title, '/-/mission/' || t.id as href, p.title as body, null as date",
         "left join plans p on p.id = t.plan_id"),
    Kind("actions", "Plan actions",
         "m.name as title, coalesce('/-/mission/' || t.mission_id, '/{db}/actions/' || t.id) as href, p.title as body, null as date",
         "left join missions m on m.id = t.mission_id left join plans p on p.id = t.plan_id"),
    Kind("activities", "Service-plan activities",
         "t.planned_activity as title, coalesce('/-/mission/' || t.mission_id, '/{db}/activities/' || t.id) as href, "
         "t.director as body, null as date"),
    Kind("indicators", "Indicators",
         "t.name as title, '/-/indicator/' || t.id as href, null as body, t.period_last as date"),
    Kind("pages", "Pages of the documents",
         "coalesce(d.title, t.document_id) || ', page ' || t.page as title, '/{db}/pages/' || t.id as href, d.body as body, "
         "d.meeting_date as date",
         "left join documents d on d.id = t.document_id"),
]


PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # symbol-font bullets (U+F0B7) in the page text


def highlight(snippet: str | None) -> Markup:
    """The snippet, HTML-escaped, with the matched words in <mark> and symbol-font bullets as •."""
    text = PRIVATE_USE.sub("•", snippet or "")
    return Markup(str(escape(text)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


async def where_of(db: Any, kind: Kind, q: Query, topic: str | None = None,
                   council: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """The filters a search adds to ``<kind>_fts match :q`` (topic, council) and their
    parameters; None when the kind cannot be searched so (no full-text index, or a topic asked
    of a kind that has none). The search page and its feed (council_plans.feeds) share it."""
    fts = f"{kind.table}_fts"
    if not await has(db, kind.table) or not await has(db, fts):
        return None
    if topic and not await has(db, kind.table, "topic"):
        return None
    by_council = bool(council) and await has(db, kind.table, "council_id")
    only = (" and t.topic = :topic" if topic else "") + (" and t.council_id = :council" if by_council else "")
    return only, {"q": q.fts, "topic": topic, "council": council}


async def search_kind(db: Any, kind: Kind, q: Query, limit: int = LIMIT, topic: str | None = None,
                      council: str | None = None) -> dict[str, Any] | None:
    """The best ``limit`` hits of one kind, and how many there are; None when the table has no FTS
    (or, when ``topic`` is given, no topic column: pages have no topic). With ``council``, only
    that council's records."""
    found = await where_of(db, kind, q, topic, council)
    if found is None:
        return None
    only, params = found
    fts = f"{kind.table}_fts"
    by_council = bool(council) and await has(db, kind.table, "council_id")
    pdf = "t.pdf as pdf, t.page as page" if await has(db, kind.table, "pdf") else "null as pdf, null as page"
    select = kind.select.format(db=db.name)
    sql = (f"select t.id as id, {select}, {pdf}, "
           f"snippet({fts}, -1, char(2), char(3), '…', 24) as snippet, bm25({fts}) as rank "
           f"from {fts} join {kind.table} t on t.rowid = {fts}.rowid {kind.joins} "
           f"where {fts} match :q{only} order by rank limit {int(limit)}")
    hits = await query_rows(db, sql, params)
    total = (await query_rows(db, f"select count(*) as n from {fts} join {kind.table} t on t.rowid = {fts}.rowid "
                                  f"where {fts} match :q{only}", params))[0]["n"]
    if kind.table == "recommendations" and await has(db, "reports_fts"):
        # A recommendation rarely repeats its report's subject ("that the report is noted"):
        # those of reports that match are hits too, after the direct ones.
        more = await query_rows(
            db,
            f"select t.id as id, {select}, {pdf}, t.text as snippet, bm25(reports_fts) as rank "
            f"from reports_fts join reports rr on rr.rowid = reports_fts.rowid "
            f"join recommendations t on t.report_id = rr.id {kind.joins} "
            f"where reports_fts match :q{only} order by rank", params)
        seen = {h["id"] for h in hits}
        extra = [dict(h, via_report=True) for h in more if h["id"] not in seen]
        total += len(extra)
        hits = (hits + extra)[:limit]
    for hit in hits:
        hit["snippet_html"] = highlight(hit["snippet"])
        hit["when"] = human_date(hit.get("date"))
    more = (f"/{db.name}/{kind.table}?_search={quote_plus(q.shown)}" + (f"&topic={quote_plus(topic)}" if topic else "")
            + (f"&council_id={quote_plus(council)}" if by_council else ""))
    return {"kind": kind, "hits": hits, "total": total, "more": more if total > len(hits) else None}


async def topics(db: Any) -> list[dict[str, str]]:
    """The policy topics records carry (code and name), for the search page's topic filter."""
    if not await has(db, "decisions", "topic") or not await has(db, "missions", "topic"):
        return []
    rows = await query_rows(db, "select distinct topic, topic_name from (select topic, topic_name from decisions "
                                "union select topic, topic_name from missions union select topic, topic_name from actions) "
                                "where topic is not null")
    return sorted(rows, key=lambda r: (not r["topic"].isdigit(), int(r["topic"]) if r["topic"].isdigit() else 0, r["topic"]))


async def search(db: Any, q: Query, limit: int = LIMIT, topic: str | None = None,
                 council: str | None = None) -> list[dict[str, Any]]:
    """Every kind's group of hits for ``q`` (kinds without a full-text index are left out); with
    ``topic``, only records coded to that policy topic (kinds without topics are left out), and
    with ``council`` only that council's records."""
    groups = []
    for kind in KINDS:
        group = await search_kind(db, kind, q, limit, topic, council)
        if group is not None:
            groups.append(group)
    return groups
