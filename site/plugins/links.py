"""Datasette plugin: every cell that names something the site has a page for links to it.

- ``pdf`` (``/corpus/<file>#page=N``) → "PDF page N"; ``chart`` → the indicator's chart.
- On table pages, the column that names a record links to the record's own page: a decision's
  title → ``/-/decision/<id>``, a meeting → ``/-/meeting/<id>``, a mission, theme or goal →
  ``/-/mission/<id>``, an indicator → ``/-/indicator/<id>``; foreign keys to those tables
  (``meeting_id``, ``mission_id``, ``parent_id``, ``indicator_id`` …) show the label and link there.
- In canned queries, a column ``X_url`` holding a site path makes column ``X`` a link
  (``council_plans.site.queries`` documents the convention; the stylesheet hides ``X_url``).
- A measured ``value`` prints with its unit as people write it ("770", "91.4%"); a resolution
  prints one numbered point per line; lineage evidence prints as quotes.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from council_plans.charts import format_value
from council_plans.resolution_points import points_of
from council_plans.site import human_date, json_list, query_one

PAGE_OF_TABLE = {"decisions": "/-/decision/", "meetings": "/-/meeting/", "missions": "/-/mission/",
                 "indicators": "/-/indicator/", "people": "/-/person/", "threads": "/-/thread/"}
NAME_COLUMN = {"decisions": "title", "meetings": "body", "missions": "name", "indicators": "name", "people": "name",
               "threads": "title"}
# Foreign-key columns and the table (with a page of its own) they point to.
FK_TABLE = {"meeting_id": "meetings", "mission_id": "missions", "parent_id": "missions", "from_id": "missions",
            "to_id": "missions", "indicator_id": "indicators", "decision_id": "decisions", "person_id": "people",
            "thread_id": "threads"}


def _get(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (IndexError, KeyError, TypeError):
        return None


def _link(href: str, text: Any, **attrs: str) -> Markup:
    extra = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    return Markup(f'<a href="{escape(href)}"{extra}>{escape(text)}</a>')


def _points(row: Any, text: str) -> Markup | None:
    points = points_of(text, _get(row, "resolved_points"))
    if not points:
        return None
    return Markup("<br>").join(escape(p) for p in points)


async def _meeting_label(datasette: Any, database: str, meeting_id: str, fallback: str) -> str:
    """'Cabinet, 20 June 2017' for a meeting id (the label column alone would say 'Cabinet')."""
    meeting = await query_one(datasette.get_database(database), "select body, date from meetings where id = :id",
                              {"id": meeting_id})
    if meeting is None:
        return fallback
    return ", ".join(p for p in (meeting["body"], human_date(meeting["date"])) if p)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if isinstance(value, dict) and "value" in value:  # an expanded foreign key: {"value", "label"}
        target = FK_TABLE.get(column)
        if target is None or value["value"] in (None, ""):
            return None
        href = PAGE_OF_TABLE[target] + str(value["value"])
        if target == "meetings":
            async def meeting() -> Markup:
                return _link(href, await _meeting_label(datasette, database, value["value"], value["label"]))
            return meeting
        return _link(href, value["label"] or value["value"])
    if not isinstance(value, (str, int, float)) or value == "":
        return None
    text = str(value)
    if column == "pdf" and text.startswith("/corpus/"):
        page = text.rsplit("#page=", 1)[-1] if "#page=" in text else ""
        return _link(text, f"PDF page {page}" if page else "PDF", target="_blank", rel="noopener")
    if column == "chart" and text.startswith("/-/indicator/"):
        return _link(text, "chart")
    if table is None:
        target = _get(row, f"{column}_url")
        if isinstance(target, str) and target.startswith("/-/"):
            return _link(target, text)
        if column.endswith("_url") and text.startswith("/-/"):
            return _link(text, "open")
    elif table in PAGE_OF_TABLE and column == NAME_COLUMN[table] and _get(row, "id"):
        return _link(PAGE_OF_TABLE[table] + str(_get(row, "id")), text)
    elif table == "meetings" and column in ("heading", "date") and _get(row, "id"):
        return _link(PAGE_OF_TABLE["meetings"] + str(_get(row, "id")), text)
    elif table == "lineage" and column in ("from_name", "to_name"):
        ident = _get(row, column.replace("_name", "_id"))
        if ident:
            return _link(PAGE_OF_TABLE["missions"] + str(ident), text)
    elif table == "lineage" and column in ("from_plan_id", "to_plan_id"):
        async def plan_title() -> Markup:  # not a foreign key, so Datasette shows the raw id
            rows = await datasette.get_database(database).execute("select title from plans where id = ?", [text])
            return _link(f"/{database}/plans/{text}", rows.rows[0][0] if rows.rows else text)
        return plan_title
    if column == "value" and isinstance(value, (int, float)) and _get(row, "unit") is not None:
        return format_value(value, _get(row, "unit"))
    if column == "resolved" and isinstance(value, str):
        return _points(row, value)
    if column == "evidence" and text.startswith("["):
        return _evidence(text)
    return None


def _evidence(text: str) -> Markup | None:
    """lineage.evidence (a JSON list of {side, text, page}) as quotes, one per line."""
    items = json_list(text) or []
    lines = [Markup("{}: “{}”{}").format(e.get("side", ""), e.get("text", ""), f" (page {e['page']})" if e.get("page") else "")
             for e in items if isinstance(e, dict)]
    return Markup("<br>").join(lines) if lines else None
