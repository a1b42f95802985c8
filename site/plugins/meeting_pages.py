"""Datasette plugin: a page per meeting — ``/-/meeting/{id}``.

What a scrutiny officer opens a meeting for: its agenda (each item with the papers behind it),
what it resolved (each decision with its own page), the reports put to it with their
recommendations, who was there, and the PDF.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from council_plans.publish import pdf_link
from council_plans.site import document_files, has, human_date, plans_database, query_rows, row_or_404
from council_plans.threads_site import threads_of


async def meeting_context(db: Any, meeting: dict[str, Any]) -> dict[str, Any]:
    files = await document_files(db)
    file = files.get(meeting["document_id"])
    ctx: dict[str, Any] = {"meeting": meeting, "when": human_date(meeting.get("date")), "database": db.name,
                           "document_pdf": pdf_link(file, None)}
    params = {"id": meeting["id"]}
    ctx["agenda"] = []
    if await has(db, "agenda_items", "meeting_id"):
        ctx["agenda"] = await query_rows(db, "select * from agenda_items where meeting_id = :id order by position", params)
        for item in ctx["agenda"]:
            start = item.get("report_page_start")
            item["papers_pdf"] = pdf_link(file, start) if start else None
    ctx["decisions"] = []
    if await has(db, "decisions", "meeting_id"):
        ctx["decisions"] = await query_rows(
            db, "select * from decisions where meeting_id = :id "
                "order by cast(minute_number as integer), minute_number, page", params)
    ctx["reports"] = []
    if await has(db, "reports", "meeting_id"):
        ctx["reports"] = await query_rows(db, "select * from reports where meeting_id = :id order by page", params)
        if await has(db, "recommendations", "report_id"):
            for report in ctx["reports"]:
                report["recommendations"] = await query_rows(
                    db, "select * from recommendations where report_id = :id order by page, rowid", {"id": report["id"]})
    for report in ctx["reports"]:
        report["threads"] = await threads_of(db, "reports", report["id"])
    for decision in ctx["decisions"]:
        decision["threads"] = await threads_of(db, "decisions", decision["id"])
    by_item = {r.get("agenda_item_id"): r["id"] for r in ctx["reports"] if r.get("agenda_item_id")}
    for item in ctx["agenda"]:
        item["report_id"] = by_item.get(item["id"])
    ctx["people"] = await _people(db, meeting)
    ctx["attendance"] = []
    if await has(db, "attendance", "meeting_id"):
        ctx["attendance"] = await query_rows(
            db, "select * from attendance where meeting_id = :id order by case status when 'present' then 0 "
                "when 'substitute' then 1 when 'apologies' then 2 when 'absent' then 3 else 4 end, page, rowid", params)
    ctx["others"] = await query_rows(
        db, "select id, body, date, kind from meetings where id != :id order by date desc", params)
    for other in ctx["others"]:
        other["when"] = human_date(other.get("date"))
    return ctx


async def _people(db: Any, meeting: dict[str, Any]) -> list[dict[str, Any]]:
    """People named in the part of the pack the meeting is read from (its front sheet or its
    minutes): members, those present, those attending, report authors."""
    if not await has(db, "people_roles"):
        return []
    first = last = meeting.get("page")
    if await has(db, "parts"):
        part = await query_rows(
            db, "select page_start, page_end from parts where document_id = :doc and page_start <= :page "
                "and page_end >= :page and kind in ('front_sheet', 'minutes') order by page_start desc limit 1",
            {"doc": meeting["document_id"], "page": meeting.get("page")})
        if part:
            first, last = part[0]["page_start"], part[0]["page_end"]
    return await query_rows(
        db, "select * from people_roles where document_id = :doc and page between :first and :last "
            "order by case context when 'present' then 0 when 'membership' then 1 when 'attending' then 2 else 3 end, page",
        {"doc": meeting["document_id"], "first": first, "last": last})


async def meeting_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    db = plans_database(datasette)
    meeting = await row_or_404(db, "meetings", ident, "meetings", "meeting")
    ctx = await meeting_context(db, meeting)
    return Response.html(await datasette.render_template("meeting.html", ctx, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/meeting/(?P<id>[^/]+)$", meeting_page)]
