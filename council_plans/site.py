"""The Datasette site's metadata, generated from the record types so the schema is documented
in one place: each table's description and each column's description come from the pydantic
field descriptions of the record that fills it."""

from __future__ import annotations

from typing import Any

from council_plans.publish import record_classes

LICENSE = "Open Government Licence v3.0"
LICENSE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# Columns added by the publisher to every record that comes from a page.
PDF_COLUMN = "pdf"
PDF_DESCRIPTION = "Link to the PDF page the record was read from: /corpus/<file>#page=N"

# Facets and sort orders chosen for the questions each table answers: scrutiny officers
# browse decisions by meeting, researchers slice plan elements by plan and kind, the public
# filters indicator values by unit and kind.
TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "documents": {"sort": "meeting_date", "facets": ["document_type", "body"]},
    "pages": {"sort": "page", "facets": ["document_id"]},
    "parts": {"sort": "page_start", "facets": ["document_id", "kind"]},
    "meetings": {"sort_desc": "date", "facets": ["body"], "label_column": "heading"},
    "agenda_items": {"sort": "position", "facets": ["meeting_id", "part"]},
    "decisions": {"facets": ["meeting_id", "status"]},
    "reports": {"facets": ["meeting_id", "key_decision"]},
    "recommendations": {"facets": ["document_id"]},
    "plans": {"sort": "period_start", "label_column": "title"},
    "priorities": {"sort": "position", "facets": ["plan_id"], "label_column": "name"},
    "missions": {"sort": "position", "facets": ["plan_id", "kind", "priority_id"], "label_column": "name"},
    "actions": {"sort": "position", "facets": ["plan_id", "kind"]},
    "activities": {"sort": "position", "facets": ["director", "link_status", "mission_id"]},
    "indicators": {"facets": ["unit"], "label_column": "name"},
    "indicator_values": {"sort": "period_start", "facets": ["unit", "kind", "document_id"]},
    "lineage": {"facets": ["relation", "confidence", "reviewed", "level", "from_plan_id"]},
    "plan_links": {"facets": ["source_table", "target_table", "rule"]},
    "edges": {"facets": ["relation", "source_table", "target_table"]},
    "errors": {"sort_desc": "code", "facets": ["code", "stage"]},
}

# Canned queries for the questions the site's users ask most. `escape_fts` is Datasette's SQL
# function that turns free text into a safe full-text query; an empty topic lists everything
# (an empty full-text match would be a syntax error, and the home page links here bare).
QUERIES: dict[str, dict[str, Any]] = {
    "decisions_about": {
        "title": "What did a meeting resolve about a topic, and why?",
        "description": "Resolutions whose title, resolved text or reason mention the words given, newest "
                       "meeting first, with the reason for the decision and a link to the PDF page.",
        "sql": (
            "select meetings.date as meeting_date, meetings.body, decisions.minute_number, decisions.title,\n"
            "  decisions.resolved, decisions.reason, decisions.status, decisions.pdf\n"
            "from decisions left join meetings on meetings.id = decisions.meeting_id\n"
            "where :topic = '' or decisions.rowid in (select rowid from decisions_fts\n"
            "    where decisions_fts match escape_fts(:topic))\n"
            "order by meetings.date desc, decisions.minute_number"
        ),
    },
    "recommendations_about": {
        "title": "What did officers recommend about a topic?",
        "description": "Recommendations whose own text, or whose report's title, subject or purpose, mention the "
                       "words given, with the report, its meeting and the PDF page.",
        "sql": (
            "select reports.meeting_date, reports.meeting_body, reports.title as report, recommendations.text,\n"
            "  reports.purpose, recommendations.pdf\n"
            "from recommendations left join reports on reports.id = recommendations.report_id\n"
            "where :topic = '' or recommendations.rowid in (select rowid from recommendations_fts\n"
            "    where recommendations_fts match escape_fts(:topic))\n"
            "  or reports.rowid in (select rowid from reports_fts where reports_fts match escape_fts(:topic))\n"
            "order by reports.meeting_date desc, recommendations.pdf"
        ),
    },
    "plan_changes": {
        "title": "How did the plan change between editions?",
        "description": "Each element of an older plan edition and what it became in the next (continues, renamed, "
                       "merged, split, dropped, new), with a confidence (high, medium, low), the sentences of both "
                       "editions that carry the link (JSON, each with its page), and whether a researcher reviewed it.",
        "sql": (
            "select older.period_start as from_edition, newer.period_start as to_edition, lineage.level,\n"
            "  lineage.relation, lineage.confidence, lineage.reviewed, lineage.from_name, lineage.to_name,\n"
            "  lineage.score, lineage.evidence, lineage.review_note, lineage.pdf\n"
            "from lineage join plans older on older.id = lineage.from_plan_id join plans newer on newer.id = lineage.to_plan_id\n"
            "order by older.period_start, lineage.level desc, lineage.from_name, lineage.score desc"
        ),
    },
    "plan_links_about": {
        "title": "Which decisions and reports concern a plan or a mission?",
        "description": "Decisions, reports and recommendations linked to the plans, priorities and missions whose "
                       "title or name matches the words given, each with the sentence that shows it and its page.",
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
        "title": "Missions and themes, with what hangs off each",
        "description": "Every mission, theme and goal of every plan with its number of actions, "
                       "service-plan activities and metrics; follow the page link for the mission page.",
        "sql": (
            "select plans.title as plan, missions.kind, missions.name,\n"
            "  (select count(*) from actions where actions.mission_id = missions.id) as actions,\n"
            "  (select count(*) from activities where activities.mission_id = missions.id) as activities,\n"
            "  (select count(*) from metrics where metrics.mission_id = missions.id) as metrics,\n"
            "  '/-/mission/' || missions.id as page\n"
            "from missions join plans on plans.id = missions.plan_id\n"
            "order by plans.period_start, missions.position"
        ),
    },
    "activities_without_a_mission": {
        "title": "Service-plan activities not linked to a plan mission",
        "description": "Activities whose main business-plan link could not be resolved to a mission: "
                       "listed rather than guessed, so they can be checked by hand.",
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
                       "with kind (actual, baseline, target) and the sentence or table row it came from.",
        "sql": (
            "select indicators.name as indicator, indicator_values.period, indicator_values.period_start,\n"
            "  indicator_values.value, indicator_values.unit, indicator_values.kind, indicator_values.quote,\n"
            "  indicator_values.pdf\n"
            "from indicator_values join indicators on indicators.id = indicator_values.indicator_id\n"
            "where indicators.name like '%' || :name || '%'\n"
            "order by indicators.name, indicator_values.period_start"
        ),
    },
}


DATABASE = "plans"  # the name `plans serve` gives the database (from plans.db)


def plans_database(datasette: Any) -> Any:
    """The plans database of a running Datasette (for the site's page plugins)."""
    return datasette.get_database(DATABASE) if DATABASE in datasette.databases else datasette.get_database()


async def query_rows(db: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of a query on a Datasette database, as dicts."""
    return [dict(r) for r in (await db.execute(sql, params)).rows]


def site_metadata() -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for cls in sorted(record_classes(), key=lambda c: c.table):
        columns = {name: (info.description or "") for name, info in cls.model_fields.items()}
        if "page" in columns and cls.table != "errors":
            columns[PDF_COLUMN] = PDF_DESCRIPTION
        entry: dict[str, Any] = {"description": cls.description or cls.__doc__ or "", "columns": columns}
        entry.update(TABLE_OPTIONS.get(cls.table, {}))
        tables[cls.table] = entry
    return {
        "title": "council-plans",
        "description_html": (
            "What UK councils planned, decided and measured, read from their published PDFs: "
            "agenda packs, minutes, reports and business plans. Every row links to the PDF page it came from."
            "<ul>"
            '<li><a href="/plans/decisions_about">What did a meeting resolve about a topic, and why?</a></li>'
            '<li><a href="/plans/recommendations_about">What did officers recommend about a topic?</a></li>'
            '<li><a href="/plans/mission_overview">Plan missions and themes, with their actions, activities '
            "and metrics</a></li>"
            '<li><a href="/plans/plan_changes">How did the plan change between editions?</a></li>'
            '<li><a href="/plans/plan_links_about">Which decisions and reports concern a plan or a mission?</a></li>'
            '<li><a href="/plans/indicator_series">How did an indicator move?</a></li>'
            '<li><a href="/plans/pages">Search the text of every page</a></li>'
            "</ul>"
        ),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": "Wiltshire Council committee papers and business plans",
        "source_url": "https://cms.wiltshire.gov.uk/",
        "about": "council-plans",
        "databases": {"plans": {"tables": tables, "queries": QUERIES}},
    }
