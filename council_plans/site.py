"""The Datasette site: its metadata, its canned queries, its settings and the helpers its page
plugins (``site/plugins/``) share.

The metadata is generated from the record types so the schema is documented in one place:
each table's description and each column's description come from the pydantic field
descriptions of the record that fills it. Canned queries name only columns the record types
have, so a column another stage adds (``lineage.confidence``) appears in them once the
metadata is regenerated, and nothing breaks before.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
METADATA = ROOT / "datasette_metadata.json"

LICENSE = "Open Government Licence v3.0"
LICENSE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# Columns added by the publisher to every record that comes from a page.
PDF_COLUMN = "pdf"
PDF_DESCRIPTION = "Link to the PDF page the record was read from: /corpus/<file>#page=N"

# Served read-only: the database is opened immutable, and no query may run longer than this.
# Arbitrary SQL (the SQL editor, ?sql=, ?_where=) is off: on a public site one request could
# otherwise make the server build strings of any size (README "The site on the internet");
# canned queries, table filters, facets and search do not need it. `plans serve --allow-sql`
# switches it on for local use.
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 2000,
    "facet_time_limit_ms": 500,
    "max_returned_rows": 1000,
    "truncate_cells_html": 600,
    "default_allow_sql": False,
    # Datasette would try a facet on every column of a table page to suggest some: a query per
    # column per visit (indicator_values on ten councils: 1.6 s a page, 0.3 s without). Each
    # table's useful facets are chosen in TABLE_OPTIONS; ?_facet= and the column menus remain.
    "suggest_facets": False,
}

# Hashes and provenance detail that are noise on a table page: hidden there (the table page's
# "show all columns" link brings them back), kept in JSON and CSV. `id` is hidden where another
# column already links to the record's own page.
PROVENANCE = ["rule", "bbox"]

# Facets, sort orders, labels and hidden columns chosen for the questions each table answers:
# scrutiny officers browse decisions by meeting, researchers slice plan elements by plan and
# kind, the public filters indicator values by unit and kind.
TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "documents": {"sort_desc": "meeting_date", "facets": ["genre", "council", "body"], "label_column": "title",
                  "hidden_columns": ["id", "document_id", "page", "sha256", *PROVENANCE]},
    "pages": {"sort": "document_id", "facets": ["document_id"], "hidden_columns": ["id", "furniture", *PROVENANCE]},
    "parts": {"sort": "page_start", "facets": ["document_id", "kind"], "label_column": "title",
              "hidden_columns": ["id", *PROVENANCE]},
    # A meeting's label is its date: "Cabinet" alone would not tell two Cabinet meetings apart in a
    # facet (the cell renderer shows "Cabinet, 20 June 2017" and links to the meeting page).
    "meetings": {"sort_desc": "date", "facets": ["body"], "label_column": "date", "hidden_columns": ["id", *PROVENANCE]},
    "agenda_items": {"sort": "position", "facets": ["meeting_id", "part"], "label_column": "title",
                     "hidden_columns": ["id", *PROVENANCE]},
    # Minutes date a decision by its meeting; the decisions_about query lists them newest meeting
    # first. On the table, document ids (named by meeting date in ModernGov downloads) come closest.
    "decisions": {"sort_desc": "document_id", "facets": ["meeting_id", "status"], "label_column": "title",
                  "hidden_columns": ["id", "reason_label", "page_end", *PROVENANCE]},
    "reports": {"sort_desc": "meeting_date", "facets": ["meeting_id", "key_decision"], "label_column": "title",
                "hidden_columns": PROVENANCE},
    "recommendations": {"facets": ["report_id"], "label_column": "text", "hidden_columns": PROVENANCE},
    "people": {"sort": "name", "facets": ["councillor"], "label_column": "name", "hidden_columns": ["name_key", *PROVENANCE]},
    "people_roles": {"sort": "name", "facets": ["context"], "hidden_columns": ["id", *PROVENANCE]},
    "plans": {"sort_desc": "period_start", "label_column": "title", "hidden_columns": PROVENANCE},
    "priorities": {"sort": "position", "facets": ["plan_id"], "label_column": "name", "hidden_columns": PROVENANCE},
    "missions": {"sort": "position", "facets": ["plan_id", "kind", "priority_id"], "label_column": "name",
                 "hidden_columns": ["id", *PROVENANCE]},
    "actions": {"sort": "position", "facets": ["plan_id", "kind"], "label_column": "text", "hidden_columns": ["id", *PROVENANCE]},
    "plan_themes": {"sort": "position", "facets": ["plan_id"], "label_column": "name", "hidden_columns": PROVENANCE},
    "metrics": {"sort": "position", "facets": ["plan_id", "kind"], "label_column": "key_metric",
                "hidden_columns": ["id", *PROVENANCE]},
    "activities": {"sort": "position", "facets": ["director", "link_status", "mission_id"], "label_column": "planned_activity",
                   "hidden_columns": ["id", "link_rule", *PROVENANCE]},
    "indicators": {"sort_desc": "values", "facets": ["unit"], "label_column": "name",
                   "hidden_columns": ["id", "key", "activity_ids", "mission_ids", *PROVENANCE]},
    "indicator_values": {"sort": "period_start", "facets": ["unit", "kind", "document_id"],
                         "hidden_columns": ["id", *PROVENANCE]},
    # from_plan_id is not a foreign key, so a facet on it would list raw ids: the picture at
    # /-/lineage and the plan_changes query name the plans.
    "lineage": {"sort_desc": "score", "facets": ["relation", "confidence", "reviewed", "level"],
                "hidden_columns": ["id", *PROVENANCE]},
    "plan_links": {"facets": ["source_table", "target_table"], "hidden_columns": ["id", *PROVENANCE]},
    "decision_checks": {"facets": ["status"], "hidden_columns": ["id", *PROVENANCE]},
    # Where the engine may have missed a decision: a page and the words found, by document.
    "pages_with_unread_decisions": {"sort": "document_id", "facets": ["document_id"], "hidden_columns": ["id", *PROVENANCE]},
    "edges": {"facets": ["relation", "source_table", "target_table"], "hidden_columns": PROVENANCE},
    "errors": {"sort_desc": "code", "facets": ["code", "stage"]},
    "councils": {"sort": "name", "facets": ["kind", "nation", "registered"], "label_column": "name",
                 "hidden_columns": ["document_id", "page", *PROVENANCE]},
    "council_completeness": {"sort": "council_id", "hidden_columns": ["id", "document_id", "page", *PROVENANCE]},
    # Threads (graph/threads.py): a matter's steps and the joins between them; /-/thread/<id> shows one.
    "threads": {"sort_desc": "last_date", "facets": ["bodies"], "label_column": "title", "hidden_columns": PROVENANCE},
    "thread_steps": {"sort": "position", "facets": ["thread_id", "step_table", "role"], "label_column": "title",
                     "hidden_columns": ["id", *PROVENANCE]},
    "thread_links": {"facets": ["thread_id", "join", "source_table", "target_table"], "hidden_columns": ["id", *PROVENANCE]},
    # Attendance and recorded votes (rules/meetings/): by meeting and status; a person's page gathers them.
    "attendance": {"facets": ["meeting_id", "status", "name_form"], "label_column": "printed",
                   "hidden_columns": ["id", "name_key", *PROVENANCE]},
    "votes": {"facets": ["meeting_id", "outcome", "counted_from"], "label_column": "text",
              "hidden_columns": ["id", "tallies", *PROVENANCE]},
    "vote_casts": {"sort": "place", "facets": ["vote_id", "position"], "label_column": "printed",
                   "hidden_columns": ["id", "name_key", *PROVENANCE]},
    # Scrutiny's recommendations (graph/scrutiny.py): by committee and answer; /-/scrutiny counts them.
    "scrutiny_recommendations": {"sort_desc": "made_on", "facets": ["committee_id", "response", "response_by"],
                                 "label_column": "text", "hidden_columns": ["id", "response_document_id", *PROVENANCE]},
    "scrutiny_committees": {"sort": "name", "label_column": "name", "hidden_columns": ["name_key", *PROVENANCE]},
}

# Every table whose records carry a policy topic (rules/topics/) is faceted by it; the code, the
# runner-up and the rule are hidden on the table page (a /-/topics bar filters by the code).
TOPIC_TABLES = ("decisions", "recommendations", "reports", "priorities", "missions", "actions", "plan_themes",
                "metrics", "activities", "indicators")
for _table in TOPIC_TABLES:
    TABLE_OPTIONS[_table]["facets"] = [*TABLE_OPTIONS[_table].get("facets", []), "topic_name"]
    TABLE_OPTIONS[_table]["hidden_columns"] = [*TABLE_OPTIONS[_table].get("hidden_columns", []), "topic",
                                               "topic_runner_up", "topic_rule"]
# Every record knows its council (the publisher's council_id column): the first facet of every
# table but the councils' own, so a table of several councils' rows is sliced by council first.
COUNCIL_COLUMN = "council_id"
COUNCIL_DESCRIPTION = "The council the record is from: its document's (councils.id; unknown when the document names none)"
for _table, _options in TABLE_OPTIONS.items():
    if _table not in ("councils", "council_completeness"):
        _options["facets"] = [COUNCIL_COLUMN, *[f for f in _options.get("facets", []) if f != "council"]]


def _record_classes() -> list[Any]:
    # Imported when the metadata is generated, not when the site starts: the record types pull
    # in the rule engine (and spaCy), which serving the site does not need.
    from council_plans.publish import record_classes

    return record_classes()


def _fields() -> dict[str, set[str]]:
    return {cls.table: set(cls.model_fields) for cls in _record_classes()}


def _optional(fields: dict[str, set[str]], table: str, column: str, expression: str) -> str:
    """``expression`` when ``table`` has ``column`` (a column another stage is adding), else nothing."""
    return expression if column in fields.get(table, set()) else ""


def queries(fields: dict[str, set[str]] | None = None) -> dict[str, dict[str, Any]]:
    """Canned queries for the questions the site's users ask most.

    Conventions the site's cell renderer (``site/plugins/links.py``) follows: a column ``X_url``
    holding a site path (``/-/decision/…``) makes column ``X`` a link to it and is itself hidden
    on the page (it stays in JSON and CSV). ``escape_fts`` is Datasette's SQL function that turns
    free text into a safe full-text query; an empty topic lists everything (an empty full-text
    match would be a syntax error, and the home page links here bare). SQL is folded away
    (``hide_sql``): one click shows it.
    """
    f = fields if fields is not None else _fields()
    lineage_extra = (_optional(f, "lineage", "confidence", "  lineage.confidence,\n")
                     + _optional(f, "lineage", "reviewed", "  lineage.reviewed,\n")
                     + _optional(f, "lineage", "evidence", "  lineage.evidence,\n")
                     + _optional(f, "lineage", "review_note", "  lineage.review_note,\n"))
    adoption = _optional(f, "decisions", "adoption", "  decisions.adoption,\n")
    return {**_base_queries(f, lineage_extra, adoption), **topic_queries(f)}


def _base_queries(f: dict[str, set[str]], lineage_extra: str, adoption: str) -> dict[str, dict[str, Any]]:
    return {
        "decisions_about": {
            "title": "What did a meeting resolve about a topic, and why?",
            "description": "Resolutions whose title, resolved text or reason mention the words given, newest "
                           "meeting first, with the reason for the decision, the meeting and a link to the PDF page. "
                           "Subscribe to a topic with the Atom feed (the atom link below the results).",
            "hide_sql": True,
            "sql": (
                "select meetings.date as meeting_date, meetings.body as meeting,\n"
                "  '/-/meeting/' || meetings.id as meeting_url, decisions.minute_number, decisions.title,\n"
                "  '/-/decision/' || decisions.id as title_url, decisions.resolved, decisions.reason,\n"
                f"{adoption}"
                "  decisions.status, decisions.pdf\n"
                "from decisions left join meetings on meetings.id = decisions.meeting_id\n"
                "where :topic = '' or decisions.rowid in (select rowid from decisions_fts\n"
                "    where decisions_fts match escape_fts(:topic))\n"
                "order by coalesce(meetings.date, decisions.decision_date) desc,\n"
                "  cast(decisions.minute_number as integer), decisions.minute_number"
            ),
        },
        "recommendations_about": {
            "title": "What did officers recommend about a topic?",
            "description": "Recommendations whose own text, or whose report's title, subject or purpose, mention the "
                           "words given, with the report, its purpose, its meeting and the PDF page.",
            "hide_sql": True,
            "sql": (
                "select reports.meeting_date, reports.meeting_body as meeting,\n"
                "  '/-/meeting/' || reports.meeting_id as meeting_url, reports.title as report,\n"
                "  '/-/meeting/' || reports.meeting_id || '#report-' || reports.id as report_url,\n"
                "  recommendations.text as recommendation, reports.purpose, recommendations.pdf\n"
                "from recommendations left join reports on reports.id = recommendations.report_id\n"
                "where :topic = '' or recommendations.rowid in (select rowid from recommendations_fts\n"
                "    where recommendations_fts match escape_fts(:topic))\n"
                "  or reports.rowid in (select rowid from reports_fts where reports_fts match escape_fts(:topic))\n"
                "order by reports.meeting_date desc, recommendations.page, recommendations.rowid"
            ),
        },
        "plan_changes": {
            "title": "How did the plan change between editions?",
            "description": "Each element of the older plan and what it became in the newer one (continues, "
                           "renamed, merged, split, dropped, new), with the evidence. The picture is at /-/lineage.",
            "hide_sql": True,
            "sql": (
                "select older.title as from_plan, lineage.level, lineage.from_name,\n"
                "  '/-/mission/' || lineage.from_id as from_name_url, lineage.relation, lineage.to_name,\n"
                "  '/-/mission/' || lineage.to_id as to_name_url, newer.title as to_plan, lineage.score,\n"
                f"{lineage_extra}"
                "  lineage.pdf\n"
                "from lineage left join plans older on older.id = lineage.from_plan_id\n"
                "  left join plans newer on newer.id = lineage.to_plan_id\n"
                "order by older.period_start, lineage.level desc, lineage.from_name, lineage.score desc"
            ),
        },
        "plan_links_about": {
            "title": "Which decisions and reports concern a plan or a mission?",
            "description": "Decisions, reports and recommendations linked to the plans, priorities and missions whose "
                           "title or name matches the words given, each with the sentence that shows it and its page.",
            "hide_sql": True,
            "sql": (
                "select plan_links.target_table, plan_links.target_name, plan_links.source_table,\n"
                "  coalesce(decisions.title, reports.title, recommendations.text) as source, plan_links.evidence,\n"
                "  plan_links.pdf\n"
                "from plan_links\n"
                "  left join decisions on plan_links.source_table = 'decisions' and decisions.id = plan_links.source_id\n"
                "  left join reports on plan_links.source_table = 'reports' and reports.id = plan_links.source_id\n"
                "  left join recommendations on plan_links.source_table = 'recommendations'\n"
                "    and recommendations.id = plan_links.source_id\n"
                "where plan_links.target_name like '%' || :name || '%'\n"
                "order by plan_links.target_name, plan_links.document_id, plan_links.page"
            ),
        },
        "mission_overview": {
            "title": "What does each plan set out to do?",
            "description": "Every mission of the plans, newest business plan first, then its themes with their goals under "
                           "them, and other plans and strategies; with the number of actions, service-plan activities and "
                           "metrics of each. Follow a name to its page: what the council does for it and how it is measured.",
            "hide_sql": True,
            "sql": (
                "select plans.title as plan, priorities.name as priority, parent.name as theme,\n"
                "  '/-/mission/' || parent.id as theme_url, missions.name,\n"
                "  '/-/mission/' || missions.id as name_url, missions.kind,\n"
                "  (select count(*) from actions where actions.mission_id = missions.id) as actions,\n"
                "  (select count(*) from activities where activities.mission_id = missions.id) as activities,\n"
                "  (select count(*) from metrics where metrics.mission_id = missions.id) as metrics\n"
                "from missions join plans on plans.id = missions.plan_id\n"
                "  left join missions parent on parent.id = missions.parent_id\n"
                "  left join priorities on priorities.id = coalesce(missions.priority_id, parent.priority_id)\n"
                "order by plans.kind != 'business_plan', plans.period_start desc, plans.title,\n"
                "  coalesce(priorities.position, 99), coalesce(parent.position, missions.position),\n"
                "  missions.parent_id is not null, missions.position"
            ),
        },
        "activities_without_a_mission": {
            "title": "Service-plan activities not linked to a plan mission",
            "description": "Activities whose main business-plan link could not be resolved to a mission: "
                           "listed rather than guessed, so they can be checked by hand.",
            "hide_sql": True,
            "sql": (
                "select activities.planned_activity, activities.main_bp_link, activities.link_status,\n"
                "  activities.director, activities.pdf\n"
                "from activities where activities.mission_id is null or activities.mission_id = ''\n"
                "order by activities.position"
            ),
        },
        "indicator_series": {
            "title": "How did an indicator move?",
            "description": "Every value of the indicators whose name matches the words given, in period order, "
                           "with kind (actual, baseline, target) and the sentence or table row it came from. "
                           "Follow the indicator's name to its chart.",
            "hide_sql": True,
            "sql": (
                "select indicators.name as indicator, '/-/indicator/' || indicators.id as indicator_url,\n"
                "  indicator_values.period, indicator_values.period_start,\n"
                "  indicator_values.value, indicator_values.unit, indicator_values.kind, indicator_values.quote,\n"
                "  indicator_values.pdf\n"
                "from indicator_values join indicators on indicators.id = indicator_values.indicator_id\n"
                "where indicators.name like '%' || :name || '%'\n"
                "order by indicators.name, indicator_values.period_start"
            ),
        },
    }


def topic_queries(f: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
    """The records behind each bar of /-/topics (site/plugins/topics_page.py): a plan edition's
    elements on a topic, and a council's decisions on a topic in a year. Empty parameters match
    everything. Only when the record types carry topics."""
    if "topic" not in f.get("decisions", set()) or "topic" not in f.get("missions", set()):
        return {}
    return {
        "topic_elements": {
            "title": "Which elements of a plan edition are on a policy topic?",
            "description": "The priorities, themes, missions, goals, outcomes and actions of one plan edition coded to "
                           "the topic given (a number of the Comparative Agendas Project's major topics, procedural or "
                           "unclassified), with the confidence of each code. /-/topics compares editions.",
            "hide_sql": True,
            "sql": (
                "select element, element_url, level, topic_name, topic_confidence, topic_rule, pdf from (\n"
                "  select priorities.name as element, '/{db}/priorities/' || priorities.id as element_url,\n"
                "    'priority' as level, priorities.topic as topic, priorities.topic_name, priorities.topic_confidence,\n"
                "    priorities.topic_rule, priorities.pdf, priorities.plan_id as plan_id, 0 as tier,\n"
                "    priorities.position as position\n"
                "  from priorities\n"
                "  union all\n"
                "  select missions.name, '/-/mission/' || missions.id, missions.kind, missions.topic, missions.topic_name,\n"
                "    missions.topic_confidence, missions.topic_rule, missions.pdf, missions.plan_id,\n"
                "    case when missions.parent_id is null then 1 else 2 end, missions.position\n"
                "  from missions\n"
                "  union all\n"
                "  select actions.text, '/-/mission/' || actions.mission_id, 'action', actions.topic, actions.topic_name,\n"
                "    actions.topic_confidence, actions.topic_rule, actions.pdf, actions.plan_id, 3, actions.position\n"
                "  from actions\n"
                ") where (:plan = '' or plan_id = :plan) and (:topic = '' or topic = :topic)\n"
                "  and (:level = '' or (:level = 'actions' and level = 'action') or (:level = 'elements' and level != 'action'))\n"
                "order by tier, position"
            ).replace("{db}", DATABASE),
        },
        "topic_decisions": {
            "title": "What did a council decide on a policy topic, year by year?",
            "description": "Decisions coded to the topic given, in the year given (of their meeting), of the council given; "
                           "newest first. /-/topics counts them per topic and year.",
            "hide_sql": True,
            "sql": (
                "select coalesce(meetings.date, documents.meeting_date) as date, meetings.body as meeting,\n"
                "  '/-/meeting/' || meetings.id as meeting_url, decisions.title, '/-/decision/' || decisions.id as title_url,\n"
                "  decisions.topic_name, decisions.topic_confidence, decisions.resolved, decisions.pdf\n"
                "from decisions left join meetings on meetings.id = decisions.meeting_id\n"
                "  left join documents on documents.id = decisions.document_id\n"
                "where (:topic = '' or decisions.topic = :topic)\n"
                "  and (:year = '' or substr(coalesce(meetings.date, documents.meeting_date), 1, 4) = :year)\n"
                "  and (:council = '' or coalesce(documents.council, '') = :council)\n"
                "order by date desc, decisions.page"
            ),
        },
    }


def __getattr__(name: str) -> Any:
    """``QUERIES``: the canned queries for the record types as they are now (computed on first use)."""
    if name == "QUERIES":
        return queries()
    raise AttributeError(name)


# Canned queries with an Atom feed (site/plugins/atom_feed.py): the columns each entry is made of.
FEEDS: dict[str, dict[str, str]] = {
    "decisions_about": {"link": "title_url", "title": "title", "updated": "meeting_date", "content": "resolved",
                        "summary": "reason", "author": "meeting"},
}

# The name the site serves its database under, whatever the file is called (`plans serve --db
# wiltshire.db` too): links, canned queries, feeds and the metadata's table options are all
# addressed to /plans/…, so bookmarks and feed subscriptions survive renaming the file.
DATABASE = "plans"


@dataclass(frozen=True)
class SiteOptions:
    """How ``make_datasette`` was asked to serve the site (``datasette.site_options``)."""

    corpus: Path  # the folder whose PDFs are served under /corpus/
    allow_sql: bool = False  # arbitrary SQL for everyone (plans serve --allow-sql)


def site_options(datasette: Any) -> SiteOptions:
    options = getattr(datasette, "site_options", None)
    return options if isinstance(options, SiteOptions) else SiteOptions(corpus=(ROOT / "corpus").resolve())


def plans_database(datasette: Any) -> Any:
    """The plans database of a running Datasette (for the site's page plugins)."""
    return datasette.get_database(DATABASE) if DATABASE in datasette.databases else datasette.get_database()


async def cached(db: Any, key: str, compute: Callable[[], Awaitable[Any]]) -> Any:
    """``compute()``'s value, computed once per database file (again after a rebuild swapped
    the file in: ``ServedDatabase.cached``); computed each time on a database that is not one."""
    keep = getattr(db, "cached", None)
    return await keep(key, compute) if keep is not None else await compute()


async def query_rows(db: Any, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a query on a Datasette database, as dicts."""
    return [dict(r) for r in (await db.execute(sql, params or {})).rows]


async def query_one(db: Any, sql: str, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The first row of a query, as a dict; None when there is none."""
    rows = await query_rows(db, sql, params)
    return rows[0] if rows else None


def json_list(value: Any) -> list[Any] | None:
    """A column holding a JSON list (lineage.evidence, decisions.resolved_points) as a list;
    None when the value is not one (absent, empty, not JSON)."""
    if not isinstance(value, str) or not value.lstrip().startswith("["):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) else None


async def has(db: Any, table: str, column: str | None = None) -> bool:
    """Whether the database has ``table`` (and its ``column``): pages use columns other stages
    are still adding only when they are there."""
    if table not in await db.table_names():
        return False
    return column is None or column in await db.table_columns(table)


async def row_or_404(db: Any, table: str, ident: str, plural: str, singular: str) -> dict[str, Any]:
    """The row of ``table`` with id ``ident`` for a record's page; a 404 that says what is
    missing — the whole table ("This database has no decisions.") or the one row."""
    from datasette.utils.asgi import NotFound  # only the site's plugins call this

    if not await has(db, table):
        raise NotFound(f"This database has no {plural}.")
    row = await query_one(db, f"select * from [{table}] where id = :id", {"id": ident})
    if row is None:
        raise NotFound(f"There is no {singular} with id {ident}.")
    return row


async def cached_page(db: Any, request: Any, key: str, render: Callable[[], Awaitable[str]]) -> str:
    """A page's HTML, made once per database file for every anonymous visitor (the page is then
    the same for all of them); made for each request of a signed-in actor or one carrying
    Datasette's messages cookie, whose page can differ."""
    if request.actor is None and "ds_messages" not in request.cookies:
        return await cached(db, f"page:{key}", render)
    return await render()


async def error_response(datasette: Any, request: Any, status: int, message: Any, title: str | None = None) -> Any:
    """The site's error page (site/templates/error.html) as a response."""
    from datasette.utils.asgi import Response

    html = await datasette.render_template(
        "error.html", {"ok": False, "error": message, "status": status, "title": title}, request=request)
    return Response.html(html, status=status)


async def not_found(datasette: Any, request: Any, message: Any = None) -> Any:
    """The site's 404 page, for a plugin's own route to return. (Raising NotFound would do,
    but Datasette first redirects an address with %-escapes to a ~-escaped one.)"""
    return await error_response(datasette, request, 404, message or f"There is no page at {request.path}.")


async def document_files(db: Any) -> dict[str, str]:
    """document id → file name, to link a page of it (``council_plans.publish.pdf_link``)."""
    if not await has(db, "documents"):
        return {}
    return {r["id"]: r["file"] for r in await query_rows(db, "select id, file from documents")}


def report_path(report: dict[str, Any], database: str = DATABASE) -> str:
    """Where a report is shown: in its meeting's page, else its own row page."""
    if report.get("meeting_id"):
        return f"/-/meeting/{report['meeting_id']}#report-{report['id']}"
    return f"/{database}/reports/{report['id']}"


def human_date(value: str | None) -> str:
    """'20 June 2017' for '2017-06-20'; the text as given when it is not an ISO date."""
    from datetime import date

    try:
        return date.fromisoformat(value or "").strftime("%-d %B %Y")
    except ValueError:
        return value or ""


def site_metadata() -> dict[str, Any]:
    from council_plans.publish import OWN_COUNCIL_TABLES

    fields = _fields()
    tables: dict[str, Any] = {}
    for cls in sorted(_record_classes(), key=lambda c: c.table):
        columns = {name: (info.description or "") for name, info in cls.model_fields.items()}
        if "page" in columns and cls.table != "errors" and getattr(cls, "linked", True):
            columns[PDF_COLUMN] = PDF_DESCRIPTION
        if cls.table not in OWN_COUNCIL_TABLES:
            columns[COUNCIL_COLUMN] = COUNCIL_DESCRIPTION
        entry: dict[str, Any] = {"description": cls.description or cls.__doc__ or "", "columns": columns}
        options = dict(TABLE_OPTIONS.get(cls.table, {}))
        for key in ("sort", "sort_desc", "label_column"):
            if options.get(key) and options[key] not in columns:
                del options[key]  # a column another stage renamed or has not added yet
        if "facets" in options:
            options["facets"] = [c for c in options["facets"] if c in columns]
        if "hidden_columns" in options:
            options["hidden_columns"] = [c for c in options["hidden_columns"] if c in columns]
        entry.update(options)
        tables[cls.table] = entry
    return {
        "title": "council-plans",
        "description": "What the council planned, decided and measured, read from its published PDFs.",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": "Wiltshire Council committee papers and business plans",
        "source_url": "https://cms.wiltshire.gov.uk/",
        "about": "About the data",
        "about_url": "/-/about",
        "extra_css_urls": ["/site-static/site.css"],
        "databases": {"plans": {"tables": tables, "queries": queries(fields)}},
    }


def make_datasette(db: str | Path, corpus: str | Path = ROOT / "corpus", metadata: dict[str, Any] | None = None,
                   allow_sql: bool = False) -> Any:
    """The site as ``plans serve`` runs it: the database read-only (immutable, reopened when a
    build replaces the file) under the name ``plans``, the PDFs the database lists under
    ``/corpus/``, the site's plugins, templates and stylesheet, a SQL time limit and SQLite's
    length limits; arbitrary SQL only with ``allow_sql``."""
    from datasette.app import Datasette

    from council_plans.served_database import ServedDatabase

    if metadata is None:
        metadata = json.loads(METADATA.read_text(encoding="utf-8")) if METADATA.exists() else site_metadata()
    datasette = Datasette(
        immutables=[str(db)],
        metadata=metadata,
        static_mounts=[("site-static", str(SITE / "static"))],
        plugins_dir=str(SITE / "plugins"),
        template_dir=str(SITE / "templates"),
        settings={**SETTINGS, "default_allow_sql": allow_sql},
    )
    # Datasette names a database after its file; the site serves it as DATABASE, and follows
    # the file across rebuilds (ServedDatabase), so the one Datasette opened is replaced.
    for name, database in list(datasette.databases.items()):
        if database.path is not None and not database.is_memory:
            datasette.remove_database(name)
    datasette.add_database(ServedDatabase(datasette, str(Path(db).resolve())), name=DATABASE)
    datasette.site_options = SiteOptions(corpus=Path(corpus).resolve(), allow_sql=allow_sql)
    return datasette
