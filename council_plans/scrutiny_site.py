"""What the site shows of scrutiny's recommendations (site/plugins/scrutiny_pages.py): every
committee with how many recommendations it made to the executive and how many were answered
(``/-/scrutiny``), and a page per committee (``/-/scrutiny/<id>``) listing each recommendation
with its answer, the sentence and both PDF pages (graph/scrutiny.py)."""

from __future__ import annotations

from typing import Any

from council_plans.publish import pdf_link
from council_plans.site import document_files, has, human_date, query_rows

RESPONSE_WORDS = {"accepted": "accepted", "partly_accepted": "partly accepted", "rejected": "rejected",
                  "no_response_found": "no response found"}
LIMIT = 500  # recommendations listed on a committee's page (a committee makes dozens a year)


async def committees(db: Any, council: str | None = None) -> list[dict[str, Any]]:
    if not await has(db, "scrutiny_committees"):
        return []
    only = " where c.council_id = :council" if council else ""
    rows = await query_rows(
        db, "select c.*, coalesce(k.name, c.council_id) as council_name from scrutiny_committees c "
            f"left join councils k on k.id = c.council_id{only} order by council_name, c.name", {"council": council})
    for row in rows:
        row["share"] = round(100 * row["answered"] / row["recommendations"]) if row["recommendations"] else 0
    return rows


async def committee_context(db: Any, committee: dict[str, Any]) -> dict[str, Any]:
    files = await document_files(db)
    recs = await query_rows(
        db, "select * from scrutiny_recommendations where committee_id = :id "
            "order by made_on desc, document_id, page, cast(number as integer), number limit :limit",
        {"id": committee["id"], "limit": LIMIT})
    meetings: list[dict[str, Any]] = []
    for rec in recs:
        rec["response_words"] = RESPONSE_WORDS.get(rec["response"], rec["response"])
        rec["response_pdf"] = pdf_link(files.get(rec.get("response_document_id") or ""), rec.get("response_page"))
        rec["response_when"] = human_date(rec.get("response_date"))
        key = (rec.get("meeting_id"), rec.get("made_on"))
        if not meetings or meetings[-1]["key"] != key:
            meetings.append({"key": key, "meeting_id": rec.get("meeting_id"), "when": human_date(rec.get("made_on")),
                             "recommendations": []})
        meetings[-1]["recommendations"].append(rec)
    return {"committee": committee, "meetings": meetings, "shown": len(recs), "database": db.name,
            "share": round(100 * committee["answered"] / committee["recommendations"]) if committee["recommendations"] else 0}
