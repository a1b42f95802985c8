"""The thread page's reading (``site/plugins/thread_pages.py``), and the threads a record is a
step of, for the decision and meeting pages."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from council_plans.publish import pdf_link
from council_plans.site import document_files, has, human_date, query_one, query_rows, report_path

JOIN_WORDS = {
    "answers": "answers its recommendation",
    "recommended_in": "recommended in the report",
    "on_agenda": "on the agenda as",
    "reference": "prints the same reference number",
    "same_meeting": "at the same meeting",
    "cited_meeting": "cites the meeting",
    "plan_named": "names the plan",
    "plan_appended": "the plan is its appendix",
    "plan_cited": "cites the plan",
    "title_window": "has nearly the same title",
}
ROLE_WORDS = {"cites": "cites this matter", "not_held": "cited"}


async def step_href(db: Any, table: str, ident: str) -> str | None:
    """Where a step's record is shown: its own page, its meeting's page, or its table row."""
    if table == "decisions":
        return f"/-/decision/{ident}"
    if table == "reports":
        report = await query_one(db, "select id, meeting_id from reports where id = :id", {"id": ident})
        return report_path(report, db.name) if report else None
    if table == "recommendations":
        rec = await query_one(db, "select r.id, r.meeting_id from recommendations x join reports r on r.id = x.report_id "
                                  "where x.id = :id", {"id": ident}) if await has(db, "reports") else None
        return report_path(rec, db.name) if rec else f"/{db.name}/recommendations/{ident}"
    if table == "agenda_items":
        item = await query_one(db, "select meeting_id from agenda_items where id = :id", {"id": ident})
        return f"/-/meeting/{item['meeting_id']}" if item and item.get("meeting_id") else f"/{db.name}/agenda_items/{ident}"
    if table == "plans":
        return f"/{db.name}/plans/{ident}"
    return None


async def thread_context(db: Any, thread: dict[str, Any]) -> dict[str, Any]:
    files = await document_files(db)
    steps = await query_rows(db, "select * from thread_steps where thread_id = :id order by position", {"id": thread["id"]})
    links = await query_rows(db, "select * from thread_links where thread_id = :id order by confidence desc",
                             {"id": thread["id"]})
    by_step: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    names = {(s["step_table"], s["step_id"]): s for s in steps}
    for link in links:
        link["pdf"] = pdf_link(files.get(link["document_id"]), link.get("page"))
        link["words"] = JOIN_WORDS.get(link["join"], link["join"])
        other = names.get((link["target_table"], link["target_id"]))
        link["other"] = other["title"] if other else None
        by_step[(link["source_table"], link["source_id"])].append(link)
    for step in steps:
        step["when"] = human_date(step.get("date"))
        step["pdf"] = pdf_link(files.get(step["document_id"]), step.get("page"))
        step["href"] = await step_href(db, step["step_table"], step["step_id"]) if step["role"] != "not_held" else None
        step["links"] = by_step.get((step["step_table"], step["step_id"]), [])
        step["role_words"] = ROLE_WORDS.get(step["role"])
        if step["role"] == "not_held":
            step["links"] = [link for link in links if link["target_id"] == step["step_id"]]
            if any(link["document_id"] == step["document_id"] for link in step["links"]):
                step["pdf"] = None  # no document of that meeting: the citing sentence is the only trace
    thread["first_when"], thread["last_when"] = human_date(thread.get("first_date")), human_date(thread.get("last_date"))
    return {"thread": thread, "steps": steps, "database": db.name}


async def threads_of(db: Any, table: str, ident: str) -> list[dict[str, Any]]:
    """The threads a record is a step of, with its role in each (decision and meeting pages)."""
    if not await has(db, "thread_steps") or not await has(db, "threads"):
        return []
    return await query_rows(
        db, "select t.id, t.title, t.steps, t.first_date, t.last_date, s.role from thread_steps s "
            "join threads t on t.id = s.thread_id where s.step_table = :table and s.step_id = :id "
            "order by s.role = 'member' desc, t.steps desc", {"table": table, "id": ident})
